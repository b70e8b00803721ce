"""Put the founding article and its dated engagement events into a database, once.

The timeline is never empty on a fresh install. Seeding is idempotent: a second run
finds the seed story by its URL and changes nothing.
"""
from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from db.aggregates import mark_dirty
from db.status import kind_of, mark_status_dirty
from db.status_changes import silence_status_changes
from db.models import EngagementEvent, Story, StorySource, Tag
from db.session import session_scope
from ingest.clock import utc_now
from ingest.process import title_key
from ingest.clustering import recluster_stories
from ingest.taxonomy import LEVEL_SCORES

SEED_PATH = Path(__file__).resolve().parent / "seed.toml"
SEED_VERSION = "seed-1"


def seed_database(engine: Engine, path: Path = SEED_PATH) -> bool:
    """Insert the seed story with its tags and events; returns False when already there."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    story_data = data["story"]
    with session_scope(engine, write=True) as session:
        if session.scalar(select(Story.id).where(Story.url == story_data["url"])) is not None:
            return False
        now = utc_now()
        story = Story(
            url=story_data["url"], title=story_data["title"], summary=story_data["summary"].strip(),
            published_at=_as_datetime(story_data["published_at"]), date_estimated=False,
            first_seen_at=now, updated_at=now, language=story_data.get("language", "en"),
            outlet=story_data["outlet"], byline=story_data["byline"], content_hash=SEED_VERSION,
            title_key=title_key(story_data["title"]), tagger_version=SEED_VERSION, is_seed=True,
        )
        session.add(story)
        session.flush()
        session.add(StorySource(story_id=story.id, feed_id=None, source_name=story_data["outlet"],
                                guid=story_data["url"], link=story_data["url"], item_hash=SEED_VERSION,
                                first_seen_at=now))
        for kind in ("actor", "topic"):
            for value in story_data[f"{kind}s"]:
                session.add(Tag(story_id=story.id, kind=kind, value=value, evidence="from the seed article",
                                rule="seed", score=1.0, tagger_version=SEED_VERSION, origin="seed",
                                role="participant" if kind == "actor" else None))
        mark_dirty(session, story.published_at, *(_as_datetime(e["date"]) for e in data["events"]))
        for event in data["events"]:
            session.add(EngagementEvent(
                story_id=story.id, actor=event["actor"], level=event["level"],
                score=LEVEL_SCORES[event["level"]], evidence=event["evidence"],
                rule=f"seed ({event.get('date_precision', 'day')} precision)",
                event_date=_as_datetime(event["date"]), tagger_version=SEED_VERSION, origin="seed",
                background=_as_datetime(event["date"]).date() != story.published_at.date(),
                kind=kind_of(event["level"], event.get("status_to")), status_to=event.get("status_to"),
            ))
        silence_status_changes(session)  # the founding article is history: it raises no alert
        mark_status_dirty(session, {e["actor"] for e in data["events"]
                                    if kind_of(e["level"], e.get("status_to")) == "status"})
        session.flush()
        recluster_stories(session, [story.id])  # the seed is an event like any story
    return True


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))
