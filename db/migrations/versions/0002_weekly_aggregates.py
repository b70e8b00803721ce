"""Aggregates for the dashboard: stories per week and tag, engagement per day, actor
and level. Filled from the existing rows, then kept up to date by the store layer.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "weekly_counts",
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("stories", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "kind", "value"),
    )
    op.create_table(
        "daily_engagement",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("score_sum", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("day", "actor", "level"),
    )
    week = _week_sql(op.get_bind().dialect.name)
    op.execute(f"INSERT INTO weekly_counts (week, kind, value, stories) "
               f"SELECT {week.format('published_at')}, 'all', '', count(*) FROM stories GROUP BY 1")
    op.execute(f"INSERT INTO weekly_counts (week, kind, value, stories) "
               f"SELECT {week.format('s.published_at')}, t.kind, t.value, count(DISTINCT s.id) "
               f"FROM tags t JOIN stories s ON s.id = t.story_id GROUP BY 1, 2, 3")
    day = "to_char(event_date, 'YYYY-MM-DD')" if op.get_bind().dialect.name == "postgresql" else "date(event_date)"
    op.execute(f"INSERT INTO daily_engagement (day, actor, level, events, score_sum) "
               f"SELECT {day}, actor, level, count(*), sum(score) FROM engagement_events GROUP BY 1, 2, 3")


def downgrade() -> None:
    op.drop_table("daily_engagement")
    op.drop_table("weekly_counts")


def _week_sql(dialect: str) -> str:
    """The Monday of a timestamp's week as 'YYYY-MM-DD' ({} is the column)."""
    if dialect == "postgresql":
        return "to_char(date_trunc('week', {}), 'YYYY-MM-DD')"
    return "date({}, 'weekday 0', '-6 days')"
