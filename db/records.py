"""Stories as records: one row per story with its sources, actors, participants, topics
and engagement events, as the Stories page, the exports and the Atom feed show them.
Which stories match a filter is db.queries' one definition; this module reads them.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session

from db.models import Cluster, EngagementEvent, Story, StorySource, Tag
from db.queries import StoryFilter, _conditions, dialect_of

EXPORT_BATCH = 2000


def stories_frame(session: Session, flt: StoryFilter, limit: int = 500, offset: int = 0) -> pd.DataFrame:
    """The newest stories matching `flt`, one row each, with their tags joined as text."""
    records = story_records(session, flt, limit=limit, offset=offset)
    columns = ["id", "published_at", "title", "url", "sources", "actors", "topics", "engagement", "corrected"]
    if not records:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(records)
    frame["engagement"] = frame["engagement"].map(
        lambda events: "; ".join(f"{e['actor']}: {e['level']}" for e in events))
    for column in ("sources", "actors", "topics"):
        frame[column] = frame[column].map("; ".join)
    return frame[columns]


def story_records(session: Session, flt: StoryFilter, limit: int | None = None, offset: int = 0):
    """Full records (the export's shape) of the stories matching `flt`, newest first."""
    dialect = dialect_of(session)
    statement = (
        select(*_record_columns(dialect)).where(*_conditions(flt, dialect))
        .order_by(Story.published_at.desc(), Story.id.desc())
    )
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return _records_for(session, session.execute(statement).all())


def iter_story_records(session: Session, flt: StoryFilter, batch: int = EXPORT_BATCH):
    """Every matching record, read in batches so a large export stays small in memory."""
    dialect = dialect_of(session)
    ids = session.scalars(
        select(Story.id).where(*_conditions(flt, dialect)).order_by(Story.published_at.desc(), Story.id.desc())
    ).all()
    columns = _record_columns(dialect)
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        rows = {row.id: row for row in session.execute(select(*columns).where(Story.id.in_(chunk)))}
        yield from _records_for(session, [rows[story_id] for story_id in chunk])


def _record_columns(dialect: str) -> tuple:
    """A story's columns plus its actors, topics, sources and correction flag, each
    gathered by a subquery on an index, so one row per story carries everything but
    the engagement events."""
    def joined(column, *where):
        return select(_joined(column, dialect)).where(*where).scalar_subquery()

    return (
        Story.id, Story.url, Story.title, Story.summary, cast(Story.published_at, String).label("published_at"),
        Story.date_estimated,
        joined(Tag.value, Tag.story_id == Story.id, Tag.kind == "actor").label("actors"),
        joined(Tag.value, Tag.story_id == Story.id, Tag.role == "participant").label("participants"),
        joined(Tag.value, Tag.story_id == Story.id, Tag.kind == "topic").label("topics"),
        joined(StorySource.source_name, StorySource.story_id == Story.id).label("sources"),
        select(func.count()).where(Tag.story_id == Story.id, Tag.origin == "analyst").scalar_subquery().label("analyst_tags"),
        Story.cluster_id,
        select(Cluster.size).where(Cluster.id == Story.cluster_id).scalar_subquery().label("cluster_size"),
        select(Cluster.title).where(Cluster.id == Story.cluster_id).scalar_subquery().label("cluster_title"),
    )


def _records_for(session: Session, rows) -> list[dict]:
    """Export records from rows of _record_columns, plus their engagement events."""
    ids = [row.id for row in rows]
    if not ids:
        return []
    events, corrected = _events_of(session, ids)
    return [
        {
            "id": row.id,
            "url": row.url,
            "title": row.title,
            "summary": row.summary,
            "published_at": _iso_utc(row.published_at),
            "date_estimated": row.date_estimated,
            "sources": list(dict.fromkeys(_split(row.sources))),
            "actors": sorted(_split(row.actors)),
            "participants": sorted(_split(row.participants)),
            "topics": sorted(_split(row.topics)),
            "engagement": events.get(row.id, []),
            "corrected": bool(row.analyst_tags) or row.id in corrected,
            "cluster": row.cluster_id if row.cluster_id is not None else row.id,
            "cluster_size": row.cluster_size or 1,
            "cluster_title": row.cluster_title or row.title,
        }
        for row in rows
    ]


def _split(joined: str | None) -> list[str]:
    return joined.split(SEPARATOR) if joined else []


def _iso_utc(moment) -> str:
    """ISO 8601 in UTC from a datetime or a stored timestamp's text ('2025-10-20 06:00:00...')."""
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds") + "Z"
    return f"{moment[:10]}T{moment[11:19]}Z"


def _events_of(session: Session, ids: list[int]) -> tuple[dict[int, list[dict]], set[int]]:
    """The engagement events of `ids`, and which stories have an analyst's event."""
    events: dict[int, list[dict]] = {}
    corrected: set[int] = set()
    for story_id, actor, level, score, evidence, when, origin, background, kind in session.execute(
        select(EngagementEvent.story_id, EngagementEvent.actor, EngagementEvent.level, EngagementEvent.score,
               EngagementEvent.evidence, cast(EngagementEvent.event_date, String), EngagementEvent.origin,
               EngagementEvent.background, EngagementEvent.kind)
        .where(EngagementEvent.story_id.in_(ids))
        .order_by(EngagementEvent.event_date, EngagementEvent.actor, EngagementEvent.score.desc())
    ):
        events.setdefault(story_id, []).append({"actor": actor, "level": level, "score": score, "evidence": evidence,
                                                "date": when[:10], "background": bool(background), "kind": kind})
        if origin == "analyst":
            corrected.add(story_id)
    return events, corrected


SEPARATOR = "\x1f"  # the unit separator: never part of an id or a feed name


def _joined(column, dialect: str):
    """All values of `column` in a group, joined by SEPARATOR."""
    if dialect == "postgresql":
        return func.string_agg(column, literal(SEPARATOR))
    return func.group_concat(column, SEPARATOR)


def events_frame(session: Session, flt: StoryFilter, limit: int = 500) -> pd.DataFrame:
    """The events of the stories matching `flt`, latest first: one row each with its
    first and latest story, outlets, stories (all, and matching), best title."""
    event = func.coalesce(Story.cluster_id, Story.id).label("event")
    latest = func.max(Story.published_at).label("latest")
    rows = session.execute(select(event, func.count().label("matching"), latest)
                           .where(*_conditions(flt, dialect_of(session)))
                           .group_by(event).order_by(latest.desc(), event.desc()).limit(limit)).all()
    columns = ["event", "first_seen", "latest", "outlets", "stories", "matching", "title"]
    if not rows:
        return pd.DataFrame(columns=columns)
    clusters = {c.id: c for c in session.scalars(select(Cluster).where(Cluster.id.in_([r.event for r in rows])))}
    frame = pd.DataFrame([{
        "event": r.event, "first_seen": getattr(clusters.get(r.event), "first_published_at", r.latest),
        "latest": getattr(clusters.get(r.event), "last_published_at", r.latest),
        "outlets": getattr(clusters.get(r.event), "outlets", 1), "stories": getattr(clusters.get(r.event), "size", 1),
        "matching": r.matching, "title": getattr(clusters.get(r.event), "title", ""),
    } for r in rows])
    return frame[columns]


def event_stories(session: Session, cluster_id: int) -> list:
    """The stories of one event, oldest first, each with the sources that carried it."""
    return session.execute(
        select(Story.id, Story.title, Story.url, Story.published_at,
               select(_joined(StorySource.source_name, dialect_of(session)))
               .where(StorySource.story_id == Story.id).scalar_subquery().label("sources"))
        .where(Story.cluster_id == cluster_id).order_by(Story.published_at, Story.id)).all()


def same_event_stories(session: Session, story_id: int) -> list:
    """The other stories of `story_id`'s event, oldest first, each with its sources."""
    cluster = session.scalar(select(Story.cluster_id).where(Story.id == story_id))
    if cluster is None:
        return []
    return [row for row in event_stories(session, cluster) if row.id != story_id]


def story_detail(session: Session, story_id: int) -> dict | None:
    """One story with every source, tag and event, including evidence and rules."""
    story = session.get(Story, story_id)
    if story is None:
        return None
    return {
        "story": story,
        "sources": session.scalars(select(StorySource).where(StorySource.story_id == story_id)).all(),
        "tags": session.scalars(select(Tag).where(Tag.story_id == story_id).order_by(Tag.kind, Tag.value)).all(),
        "events": session.scalars(select(EngagementEvent).where(EngagementEvent.story_id == story_id)
                                  .order_by(EngagementEvent.event_date)).all(),
    }
