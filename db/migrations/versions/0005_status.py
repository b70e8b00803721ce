"""Diplomatic status as a state over time: status events, analyst status settings and
the folded status periods per actor.

Engagement events get a kind (status for recognition, ambassadors, accreditation and
downgrades; interaction for the rest) and, for a downgrade, the status it leaves
(`status_to`). `status_settings` holds analysts' "status from this date" corrections;
`actor_status` the periods that fold of events and settings yields, kept up to date at
ingest, retag and correction (db/status.py), so "status as of D" is one query.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("engagement_events") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=12), nullable=False, server_default="interaction"))
        batch.add_column(sa.Column("status_to", sa.String(length=20), nullable=True))
    op.execute("UPDATE engagement_events SET kind = 'status' "
               "WHERE level IN ('recognition', 'ambassadors', 'accreditation')")
    op.create_index("ix_engagement_kind_actor_date", "engagement_events", ["kind", "actor", "event_date"])
    op.create_table(
        "status_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("effective_date", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("author", sa.String(length=100), nullable=False, server_default="analyst"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "actor_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False, server_default=""),
        sa.Column("evidence_story_id", sa.Integer(), nullable=True),
        sa.Column("stories", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("outlets", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("contested", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("contested_evidence", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_actor_status_since", "actor_status", ["since", "until"])
    op.create_index("ix_actor_status_actor", "actor_status", ["actor", "since"])
    from db.status import refresh_status  # fill the periods from the events already stored

    from sqlalchemy.orm import Session
    refresh_status(Session(bind=op.get_bind()), None)


def downgrade() -> None:
    op.drop_table("actor_status")
    op.drop_table("status_settings")
    op.drop_index("ix_engagement_kind_actor_date", "engagement_events")
    with op.batch_alter_table("engagement_events") as batch:
        batch.drop_column("status_to")
        batch.drop_column("kind")
