"""Events: stories of one happening grouped into a cluster, whatever outlet wrote them.

`stories.cluster_id` names a story's event; `clusters` caches each event's dates, size,
outlets and best title; `cluster_keys` holds the MinHash LSH bands that find candidate
stories in a time window by index; `cluster_corrections` keeps analysts' splits and
joins. Stories already stored are clustered here, oldest first (ingest/clustering).

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("cluster_id", sa.Integer(), nullable=True))
    op.create_index("ix_stories_cluster_id", "stories", ["cluster_id"])
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_published_at", sa.DateTime(), nullable=False),
        sa.Column("last_published_at", sa.DateTime(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("outlets", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("story_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_clusters_first_published", "clusters", ["first_published_at"])
    op.create_index("ix_clusters_last_published", "clusters", ["last_published_at"])
    op.create_table(
        "cluster_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_cluster_keys_key_published", "cluster_keys", ["key", "published_at"])
    op.create_index("ix_cluster_keys_story", "cluster_keys", ["story_id"])
    op.create_table(
        "cluster_corrections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("other_story_id", sa.Integer(), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("author", sa.String(length=100), nullable=False, server_default="analyst"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_cluster_corrections_story", "cluster_corrections", ["story_id"])
    from sqlalchemy.orm import Session
    from ingest.clustering import recluster_all  # cluster the stories already stored

    recluster_all(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_table("cluster_corrections")
    op.drop_table("cluster_keys")
    op.drop_table("clusters")
    op.drop_index("ix_stories_cluster_id", "stories")
    # Not a batch: on SQLite a batch copies `stories` into a new table and drops the old
    # one, and the drop cascades to every story's sources, tags and events.
    op.execute("ALTER TABLE stories DROP COLUMN cluster_id")
