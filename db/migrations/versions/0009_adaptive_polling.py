"""Adaptive polling (issue #13, point 2): what each feed's next interval is made of.

`newest_entry_at`, `rate_items` and `rate_since` measure the posting rate on the row
(ingest/polling.py), `hint_minutes`/`hint_reason` keep the feed's own hint (RSS ttl,
sy:updatePeriod) between polls that do not read the body (304), and
`poll_interval_minutes`/`interval_reason` say what the scheduler decided and why, for
the Feeds page.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = (
    ("newest_entry_at", sa.DateTime()),
    ("rate_items", sa.Float()),
    ("rate_since", sa.DateTime()),
    ("hint_minutes", sa.Float()),
    ("hint_reason", sa.String(length=120)),
    ("poll_interval_minutes", sa.Float()),
    ("interval_reason", sa.String(length=160)),
)


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
