"""Stage 4, store: processed items into stories, sources, tags and engagement events.

Called by the orchestrator inside one transaction per feed poll, so a crash leaves
either the whole poll or none of it. Deduplication happens here because it needs
what is already stored: an item seen before from the same feed (same guid) updates
its story when its text changed; an item from another feed that carries a stored
story (same canonical URL, or same title within a few days) adds a source to it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import Correction, EngagementEvent, Feed, Story, StorySource, Tag
from ingest.clock import utc_now
from ingest.process import ProcessedItem
from ingest.tagger import TagResult
from ingest.taxonomy import LEVEL_SCORES

SAME_STORY_WINDOW = timedelta(days=3)


@dataclass
class ItemCounts:
    new: int = 0
    updated: int = 0
    duplicate: int = 0


def store_items(session: Session, feed: Feed, items: list[ProcessedItem], now: datetime) -> ItemCounts:
    """Write `items` from `feed`; returns how many were new, updated or already known."""
    counts = ItemCounts()
    for item in items:
        outcome = _store_item(session, feed, item, now)
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts


def _store_item(session: Session, feed: Feed, item: ProcessedItem, now: datetime) -> str:
    source = session.scalar(
        select(StorySource).where(StorySource.source_name == feed.name, StorySource.guid == item.entry.guid)
    )
    if source is not None:
        if source.item_hash == item.item_hash:
            return "duplicate"
        _update_story(session, source.story, item, now)
        source.item_hash = item.item_hash
        source.link = item.entry.link or source.link
        return "updated"
    story = _find_same_story(session, item)
    if story is not None:
        _add_source(session, story, feed, item, now)
        return "duplicate"
    story = _new_story(session, feed, item, now)
    _add_source(session, story, feed, item, now)
    return "new"


def _find_same_story(session: Session, item: ProcessedItem) -> Story | None:
    story = session.scalar(select(Story).where(Story.url == item.canonical_url))
    if story is not None:
        return story
    published = item.entry.published_at
    return session.scalar(
        select(Story)
        .where(
            Story.title_key == item.title_key,
            Story.published_at.between(published - SAME_STORY_WINDOW, published + SAME_STORY_WINDOW),
        )
        .limit(1)
    )


def _new_story(session: Session, feed: Feed, item: ProcessedItem, now: datetime) -> Story:
    entry = item.entry
    story = Story(
        url=item.canonical_url,
        title=entry.title,
        summary=entry.summary,
        published_at=entry.published_at,
        date_estimated=entry.date_estimated,
        first_seen_at=now,
        updated_at=now,
        language=feed.language,
        outlet=None,
        content_hash=_content_hash(entry.title, entry.summary),
        title_key=item.title_key,
        tagger_version=item.tags.version,
    )
    session.add(story)
    session.flush()
    write_tags(session, story, item.tags)
    return story


def _update_story(session: Session, story: Story, item: ProcessedItem, now: datetime) -> None:
    entry = item.entry
    story.title = entry.title
    story.summary = entry.summary
    story.content_hash = _content_hash(entry.title, entry.summary)
    story.title_key = item.title_key
    story.updated_at = now
    if not entry.date_estimated:
        story.published_at, story.date_estimated = entry.published_at, False
    write_tags(session, story, item.tags)


def _add_source(session: Session, story: Story, feed: Feed, item: ProcessedItem, now: datetime) -> None:
    session.add(
        StorySource(
            story_id=story.id, feed_id=feed.id, source_name=feed.name, guid=item.entry.guid,
            link=item.entry.link or item.canonical_url, item_hash=item.item_hash, first_seen_at=now,
        )
    )


def write_tags(session: Session, story: Story, tags: TagResult) -> None:
    """Replace the tagger's tags and events on `story`, then re-apply analyst corrections.

    Seed and analyst rows are kept: only rows the tagger made are replaced.
    """
    session.execute(delete(Tag).where(Tag.story_id == story.id, Tag.origin == "tagger"))
    session.execute(
        delete(EngagementEvent).where(EngagementEvent.story_id == story.id, EngagementEvent.origin == "tagger")
    )
    session.flush()
    kept_tags = {(kind, value) for kind, value in session.execute(
        select(Tag.kind, Tag.value).where(Tag.story_id == story.id))}
    kept_events = set(session.scalars(select(EngagementEvent.actor).where(EngagementEvent.story_id == story.id)))
    for actor in tags.actors:
        if ("actor", actor.actor) not in kept_tags:
            session.add(Tag(story_id=story.id, kind="actor", value=actor.actor, evidence=actor.evidence,
                            rule=actor.rule, score=1.0, tagger_version=tags.version))
    for topic in tags.topics:
        if ("topic", topic.topic) not in kept_tags:
            session.add(Tag(story_id=story.id, kind="topic", value=topic.topic, evidence=topic.evidence,
                            rule=topic.rule, score=topic.score, tagger_version=tags.version))
    for event in tags.engagement:
        if event.actor not in kept_events:
            session.add(EngagementEvent(
                story_id=story.id, actor=event.actor, level=event.level, score=event.score,
                evidence=event.evidence, rule=event.rule, event_date=story.published_at,
                tagger_version=tags.version))
    story.tagger_version = tags.version
    session.flush()
    apply_corrections(session, story)


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
    if correction.kind in ("actor", "topic"):
        session.execute(delete(Tag).where(
            Tag.story_id == story.id, Tag.kind == correction.kind, Tag.value == correction.value))
        if correction.action == "add":
            session.add(Tag(story_id=story.id, kind=correction.kind, value=correction.value,
                            evidence=correction.note, rule="analyst correction", score=1.0,
                            tagger_version=version, origin="analyst"))
        return
    session.execute(delete(EngagementEvent).where(
        EngagementEvent.story_id == story.id, EngagementEvent.actor == correction.value))
    if correction.action == "set" and correction.level:
        session.add(EngagementEvent(
            story_id=story.id, actor=correction.value, level=correction.level,
            score=LEVEL_SCORES[correction.level], evidence=correction.note, rule="analyst correction",
            event_date=story.published_at, tagger_version=version, origin="analyst"))


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


def _content_hash(title: str, summary: str) -> str:
    return hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
