"""Monthly engagement: daily_engagement summed by calendar month (with each row's first
and last day), so the Engagement page's landing queries read ~6,500 rows instead of
~190,000 on a million stories. Filled from daily_engagement. Also a covering index on
daily_engagement by actor and day: the weekly lines of the eight most engaged actors
read their rows only (0.54 s -> 0.22-0.25 s on a million stories).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monthly_engagement",
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("actor", sa.String(40), primary_key=True),
        sa.Column("level", sa.String(30), primary_key=True),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("score_sum", sa.Float, nullable=False),
        sa.Column("first_day", sa.String(10), nullable=False),
        sa.Column("last_day", sa.String(10), nullable=False),
    )
    op.execute("INSERT INTO monthly_engagement (month, actor, level, events, score_sum, first_day, last_day) "
               "SELECT substr(day, 1, 7), actor, level, sum(events), sum(score_sum), min(day), max(day) "
               "FROM daily_engagement GROUP BY substr(day, 1, 7), actor, level")
    op.create_index("ix_daily_engagement_actor_day", "daily_engagement", ["actor", "day", "events", "score_sum"])


def downgrade() -> None:
    op.drop_index("ix_daily_engagement_actor_day", "daily_engagement")
    op.drop_table("monthly_engagement")
