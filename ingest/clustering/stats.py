"""Each event's cached figures (dates, stories, outlets, best title), refreshed for the
events a write touched: readers get "covered by N outlets" from one row."""
from __future__ import annotations

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.orm import Session

from db.models import Cluster, EngagementEvent, Story, StorySource
from db.status import mark_status_dirty
from db.session import insert_plain_rows, read_rows


def refresh_clusters(session: Session, cluster_ids, gone=(), known=()) -> None:
    """Recount the events `cluster_ids` from their stories and delete the rows of
    `gone` (merged away); an event left without stories disappears. A formal status
    backed by a story of a grown event counts its outlets afresh (db/status.py).
    `known`: rows of events whose figures the caller holds (new_event_figures), written
    as they are: most events a poll touches are made of its new stories alone (three
    in four of a first poll's on the bench), whose figures need no query."""
    known = {row["id"]: row for row in known}
    ids = sorted({c for c in cluster_ids if c is not None} | set(gone) | set(known))
    for chunk in _chunks(ids):
        session.execute(delete(Cluster).where(Cluster.id.in_(chunk)))
        counted = [cid for cid in chunk if cid not in known]
        figures = (_figures(session, counted) if counted else []) + [known[cid] for cid in chunk if cid in known]
        insert_plain_rows(session, Cluster.__table__, figures)
        _status_outlets_changed(session, [row["id"] for row in figures if row["size"] > 1])


def new_event_figures(cluster_id: int, stories: list[tuple]) -> dict:
    """The figures of the event `cluster_id` from all its `stories`, as _figures counts
    them from the database: (story id, published, first seen, outlet names, title) each."""
    published = [story[1] for story in stories]
    best = min(stories, key=lambda story: (-len(story[3]), story[1], story[0]))  # as in _figures
    return {"id": cluster_id, "first_published_at": min(published), "last_published_at": max(published),
            "first_seen_at": min(story[2] for story in stories), "size": len(stories),
            "outlets": len(frozenset().union(*(story[3] for story in stories))), "title": best[4], "story_id": best[0]}


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
            for cid, first, last, seen, size in read_rows(session,
                select(Story.cluster_id, func.min(Story.published_at), func.max(Story.published_at),
                       func.min(Story.first_seen_at), func.count()).where(Story.cluster_id.in_(chunk))
                .group_by(Story.cluster_id))}
    carried = read_rows(session,
        select(Story.cluster_id, Story.id, Story.title, Story.published_at,
               func.count(distinct(StorySource.source_name)))
        .join(StorySource, StorySource.story_id == Story.id, isouter=True)
        .where(Story.cluster_id.in_(chunk)).group_by(Story.cluster_id, Story.id, Story.title, Story.published_at))
    best: dict[int, tuple] = {}
    for cid, story_id, title, published, sources in carried:
        rank = (-sources, published, story_id)  # the most carried, then the earliest
        if cid not in best or rank < best[cid][0]:
            best[cid] = (rank, story_id, title)
    for cid, outlets in read_rows(session,
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
