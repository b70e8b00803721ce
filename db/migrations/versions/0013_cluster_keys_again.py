"""Cluster keys made again for the newest stories, after the keys changed.

A new story finds the earlier stories of its event through `cluster_keys`; session 7
changed how the keys are made (one-row LSH bands, a key per figure), so keys of the old
kind match no new story. The stories within two clustering windows of the newest one
(the only ones a poll compares new stories with) are placed again with keys of the new
kind. Older stories keep their keys and events until `retag` reclusters everything.
Stories an analyst split or joined keep theirs, so their corrections stand.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    from sqlalchemy.orm import Session

    from db.models import ClusterCorrection, Story
    from ingest.clustering.corrections import recluster_stories
    from ingest.clustering.match import WINDOW

    session = Session(bind=op.get_bind())
    newest = session.scalar(sa.select(sa.func.max(Story.published_at)))
    if newest is None:
        return
    corrected = sa.select(ClusterCorrection.story_id).union(
        sa.select(ClusterCorrection.other_story_id).where(ClusterCorrection.other_story_id.is_not(None)))
    ids = list(session.scalars(sa.select(Story.id).where(Story.published_at >= newest - 2 * WINDOW,
                                                           Story.id.not_in(corrected)).order_by(Story.published_at)))
    for start in range(0, len(ids), BATCH):
        recluster_stories(session, ids[start:start + BATCH])
    session.flush()


def downgrade() -> None:
    pass  # nothing to undo in the schema; the older code's own keys come back with `retag`
