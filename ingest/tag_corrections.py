"""Analysts' corrections to a story's tags and events: recorded, and applied again after
every retag or update of the story (ingest/store.py's write_tags), so they stand.

Split from ingest/store.py, which re-exports these names for its callers.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.aggregates import mark_dirty
from db.models import Correction, EngagementEvent, Story, Tag
from db.status import kind_of, mark_status_dirty
from ingest.clock import utc_now
from ingest.clustering.assign import forget_tags
from ingest.taxonomy import LEVEL_SCORES


def apply_corrections(session: Session, story: Story) -> None:
    """Make the stored tags agree with every correction an analyst made to `story`."""
    corrections = session.scalars(
        select(Correction).where(Correction.story_id == story.id).order_by(Correction.created_at, Correction.id)
    ).all()
    for correction in corrections:
        _apply_correction(session, story, correction)
    session.flush()


def _apply_correction(session: Session, story: Story, correction: Correction) -> None:
    version = f"analyst:{correction.author}"
    mark_dirty(session, story.published_at)
    forget_tags(session)
    if correction.kind in ("actor", "topic"):
        session.execute(delete(Tag).where(
            Tag.story_id == story.id, Tag.kind == correction.kind, Tag.value == correction.value))
        if correction.action == "add":
            session.add(Tag(story_id=story.id, kind=correction.kind, value=correction.value,
                            evidence=correction.note, rule="analyst correction", score=1.0,
                            tagger_version=version, origin="analyst",
                            role="participant" if correction.kind == "actor" else None))
        return
    mark_event_weeks_dirty(session, story.id, EngagementEvent.actor == correction.value)
    session.execute(delete(EngagementEvent).where(
        EngagementEvent.story_id == story.id, EngagementEvent.actor == correction.value))
    mark_status_dirty(session, {correction.value}, story.id)
    if correction.action == "set" and correction.level:
        session.add(EngagementEvent(
            story_id=story.id, actor=correction.value, level=correction.level,
            score=LEVEL_SCORES[correction.level], evidence=correction.note, rule="analyst correction",
            event_date=story.published_at, tagger_version=version, origin="analyst",
            kind=kind_of(correction.level, None)))


def mark_event_weeks_dirty(session: Session, story_id: int, *which) -> None:
    """Recount the weeks of `story_id`'s events that match `which`, before they are deleted
    (an event dated outside the story's week is counted in its own week)."""
    mark_dirty(session, *session.scalars(select(EngagementEvent.event_date.distinct()).where(
        EngagementEvent.story_id == story_id, *which)))


def add_correction(
    session: Session, story_id: int, kind: str, value: str, action: str,
    level: str | None = None, note: str = "", author: str = "analyst", now: datetime | None = None,
) -> Correction:
    """Record an analyst's correction and apply it at once. Raises ValueError on bad input."""
    story = session.get(Story, story_id)
    if story is None:
        raise ValueError(f"no story with id {story_id}")
    _check_correction(kind, action, level)
    correction = Correction(story_id=story_id, kind=kind, value=value, action=action, level=level,
                            note=note, author=author, created_at=now or utc_now())
    session.add(correction)
    session.flush()
    _apply_correction(session, story, correction)
    session.flush()
    return correction


def _check_correction(kind: str, action: str, level: str | None) -> None:
    if kind not in ("actor", "topic", "engagement"):
        raise ValueError(f"kind must be actor, topic or engagement, not {kind!r}")
    allowed = ("set", "remove") if kind == "engagement" else ("add", "remove")
    if action not in allowed:
        raise ValueError(f"action for {kind} must be one of {', '.join(allowed)}, not {action!r}")
    if kind == "engagement" and action == "set" and level not in LEVEL_SCORES:
        raise ValueError(f"level must be one of {', '.join(LEVEL_SCORES)}, not {level!r}")
