"""An index on stories.language: the sidebar's list of languages is read on every page,
and without it that is a scan of every story (1 s on a million).

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_stories_language", "stories", ["language"])


def downgrade() -> None:
    op.drop_index("ix_stories_language", "stories")
