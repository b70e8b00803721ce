"""Each event's cached figures (dates, stories, outlets, best title), refreshed for the
events a write touched: readers get "covered by N outlets" from one row."""
from __future__ import annotations

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.orm import Session

from db.models import Cluster, EngagementEvent, Story, StorySource
from db.status import mark_status_dirty
from db.session import insert_plain_rows


def refresh_clusters(session: Session, cluster_ids, gone=()) -> None:
    """Recount the events `cluster_ids` from their stories and delete the rows of
    `gone` (merged away); an event left without stories disappears. A formal status
    backed by a story of a grown event counts its outlets afresh (db/status.py)."""
    ids = sorted({c for c in cluster_ids if c is not None} | set(gone))
    for chunk in _chunks(ids):
        session.execute(delete(Cluster).where(Cluster.id.in_(chunk)))
        figures = _figures(session, chunk)
        insert_plain_rows(session, Cluster.__table__, figures)
        _status_outlets_changed(session, [row["id"] for row in figures if row["size"] > 1])


def _status_outlets_changed(session: Session, grown: list[int]) -> None:
    if not grown:
        return
    actors = set(session.scalars(select(EngagementEvent.actor).join(Story, Story.id == EngagementEvent.story_id)
                                 .where(Story.cluster_id.in_(grown), EngagementEvent.kind == "status")))
    if actors:
        mark_status_dirty(session, actors)


def renumber_and_refresh(session: Session, cluster_ids) -> None:
    """After stories left `cluster_ids`: an event whose id was a departed story's takes
    the id of its earliest remaining story (ids stay those of member stories, so they
    never collide); then the figures are refreshed."""
    renamed = set()
    for cid in sorted(set(cluster_ids)):
        members = list(session.scalars(select(Story.id).where(Story.cluster_id == cid)))
        if members and cid not in members:
            session.execute(update(Story).where(Story.cluster_id == cid).values(cluster_id=min(members)))
            renamed.add(min(members))
    refresh_clusters(session, set(cluster_ids) | renamed)


def _figures(session: Session, chunk: list[int]) -> list[dict]:
    rows = {cid: {"id": cid, "first_published_at": first, "last_published_at": last, "first_seen_at": seen,
                  "size": size, "outlets": 0, "title": "", "story_id": None}
            for cid, first, last, seen, size in session.execute(
                select(Story.cluster_id, func.min(Story.published_at), func.max(Story.published_at),
                       func.min(Story.first_seen_at), func.count()).where(Story.cluster_id.in_(chunk))
                .group_by(Story.cluster_id))}
    carried = session.execute(
        select(Story.cluster_id, Story.id, Story.title, Story.published_at,
               func.count(distinct(StorySource.source_name)))
        .join(StorySource, StorySource.story_id == Story.id, isouter=True)
        .where(Story.cluster_id.in_(chunk)).group_by(Story.cluster_id, Story.id, Story.title, Story.published_at))
    best: dict[int, tuple] = {}
    for cid, story_id, title, published, sources in carried:
        rank = (-sources, published, story_id)  # the most carried, then the earliest
        if cid not in best or rank < best[cid][0]:
            best[cid] = (rank, story_id, title)
    for cid, outlets in session.execute(
            select(Story.cluster_id, func.count(distinct(StorySource.source_name)))
            .join(StorySource, StorySource.story_id == Story.id)
            .where(Story.cluster_id.in_(chunk)).group_by(Story.cluster_id)):
        rows[cid]["outlets"] = outlets
    for cid, (_, story_id, title) in best.items():
        rows[cid].update(story_id=story_id, title=title)
    return list(rows.values())


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]
