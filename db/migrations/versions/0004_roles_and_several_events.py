"""Actor roles (participant, mentioned, place) and several events per story and actor.

Each actor tag gets the role it plays in the story; engagement events may now be several
per (story, actor), one per level and date, and say whether the story reported them as
news or restated them in background. Rows tagged before roles existed are marked
participants; `python -m ingest retag` gives them their real roles.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tags") as batch:
        batch.add_column(sa.Column("role", sa.String(length=12), nullable=True))
    op.execute("UPDATE tags SET role = 'participant' WHERE kind = 'actor'")
    op.create_index("ix_tags_role_value_story", "tags", ["role", "value", "story_id"])
    with op.batch_alter_table("engagement_events") as batch:
        batch.add_column(sa.Column("background", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.drop_constraint("uq_engagement_story_actor_date", type_="unique")
        batch.create_unique_constraint("uq_engagement_story_actor_level_date",
                                       ["story_id", "actor", "level", "event_date"])


def downgrade() -> None:
    op.execute("DELETE FROM engagement_events WHERE id NOT IN "
               "(SELECT min(id) FROM engagement_events GROUP BY story_id, actor, event_date)")
    with op.batch_alter_table("engagement_events") as batch:
        batch.drop_constraint("uq_engagement_story_actor_level_date", type_="unique")
        batch.create_unique_constraint("uq_engagement_story_actor_date", ["story_id", "actor", "event_date"])
        batch.drop_column("background")
    op.drop_index("ix_tags_role_value_story", "tags")
    with op.batch_alter_table("tags") as batch:
        batch.drop_column("role")
