"""Analysts' word on events, and reclustering: a split keeps a story an event of its
own, a join puts two stories' events together; both are stored and re-applied after
every recluster (retag), in the order they were made."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from db.models import Cluster, ClusterCorrection, ClusterKey, Story
from ingest.clock import utc_now
from ingest.clustering.assign import cluster_stories, detach_stories, stored_features
from ingest.clustering.stats import refresh_clusters

RECLUSTER_BATCH = 2000


def split_story(session: Session, story_id: int, note: str = "", author: str = "analyst",
                now: datetime | None = None) -> None:
    """Make `story_id` an event of its own, now and after every recluster.
    Raises ValueError for an unknown story."""
    _require(session, story_id)
    session.add(ClusterCorrection(story_id=story_id, action="split", note=note, author=author,
                                  created_at=now or utc_now()))
    session.flush()
    _split(session, story_id)


def join_stories(session: Session, story_id: int, other_story_id: int, note: str = "",
                 author: str = "analyst", now: datetime | None = None) -> int:
    """Put the events of two stories together, now and after every recluster; returns
    the joint event's id. Raises ValueError for an unknown story."""
    _require(session, story_id)
    _require(session, other_story_id)
    session.add(ClusterCorrection(story_id=story_id, other_story_id=other_story_id, action="join",
                                  note=note, author=author, created_at=now or utc_now()))
    session.flush()
    return _join(session, story_id, other_story_id)


def apply_cluster_corrections(session: Session) -> None:
    """Re-apply every split and join, oldest first (after a recluster)."""
    for correction in session.scalars(select(ClusterCorrection).order_by(ClusterCorrection.created_at,
                                                                         ClusterCorrection.id)):
        if correction.action == "split":
            _split(session, correction.story_id)
        else:
            _join(session, correction.story_id, correction.other_story_id)


def recluster_all(session: Session, progress=None) -> None:
    """Cluster every stored story again, oldest first, then re-apply the analysts'
    splits and joins. Used by retag (the tags the decision reads have changed) and by
    the migration that introduced events; a poll never calls it."""
    session.execute(update(Story).values(cluster_id=None))
    session.execute(delete(ClusterKey))
    session.execute(delete(Cluster))
    ids = list(session.scalars(select(Story.id).order_by(Story.published_at, Story.id)))
    split = set(session.scalars(select(ClusterCorrection.story_id).where(ClusterCorrection.action == "split")))
    for start in range(0, len(ids), RECLUSTER_BATCH):
        chunk = ids[start:start + RECLUSTER_BATCH]
        features = stored_features(session, chunk, with_keys=True)
        for story_id in split & set(features):
            features[story_id].keys = []  # a split story neither joins nor draws others
        cluster_stories(session, list(features.values()))
        if progress:
            progress(len(chunk))
    apply_cluster_corrections(session)


def recluster_stories(session: Session, story_ids: list[int]) -> None:
    """Place some stories again (their text or tags changed): out of their events, then
    in as new stories. An event they bridged stays merged until the next recluster."""
    if not story_ids:
        return
    detach_stories(session, story_ids)
    cluster_stories(session, list(stored_features(session, story_ids, with_keys=True).values()))


def _split(session: Session, story_id: int) -> None:
    """`story_id` alone in an event with its own id; the event it leaves keeps the id of
    one of its remaining stories."""
    old = session.scalar(select(Story.cluster_id).where(Story.id == story_id))
    session.execute(delete(ClusterKey).where(ClusterKey.story_id == story_id))
    others = list(session.scalars(select(Story.id).where(Story.cluster_id == old, Story.id != story_id))) \
        if old is not None else []
    if others and old == story_id:
        old = min(others)
        session.execute(update(Story).where(Story.id.in_(others)).values(cluster_id=old))
    session.execute(update(Story).where(Story.id == story_id).values(cluster_id=story_id))
    refresh_clusters(session, {story_id, old})


def _join(session: Session, story_id: int, other_story_id: int) -> int:
    first, second = (session.scalar(select(Story.cluster_id).where(Story.id == i)) for i in (story_id, other_story_id))
    if first is None or second is None or first == second:
        return first if first is not None else second
    target, gone = min(first, second), max(first, second)
    session.execute(update(Story).where(Story.cluster_id == gone).values(cluster_id=target))
    refresh_clusters(session, {target}, gone={gone})
    return target


def _require(session: Session, story_id: int) -> None:
    if session.get(Story, story_id) is None:
        raise ValueError(f"no story with id {story_id}")
