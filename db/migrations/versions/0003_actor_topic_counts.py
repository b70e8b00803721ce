"""Weekly counts of stories per (actor, topic) pair, for an actor's topic mix.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    week = ("to_char(date_trunc('week', s.published_at), 'YYYY-MM-DD')" if dialect == "postgresql"
            else "date(s.published_at, 'weekday 0', '-6 days')")
    pair = "a.value || '|' || t.value"
    op.execute(f"INSERT INTO weekly_counts (week, kind, value, stories) "
               f"SELECT {week}, 'pair', {pair}, count(*) FROM tags a "
               f"JOIN tags t ON t.story_id = a.story_id AND t.kind = 'topic' "
               f"JOIN stories s ON s.id = a.story_id WHERE a.kind = 'actor' GROUP BY 1, 3")


def downgrade() -> None:
    op.execute("DELETE FROM weekly_counts WHERE kind = 'pair'")
