"""Stage 4, store (ingest/store.py), as the `once` table and the dashboard show it: a poll
counts its items as new, updated or already known; an item the feed edited updates its
story (text, date unless the new one is a guess, the source's link) and keeps the
analyst's corrections; a correction shows as the analyst's tag or level with their note,
and a wrong one is refused with a message naming what is allowed. Every test polls a
local feed into a fresh database, on a clock the test moves."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from db.models import EngagementEvent, Feed, Story, StorySource, Tag
from db.session import session_scope
from ingest.cli import main
from ingest.store import ItemCounts, add_correction
from ingest.taxonomy import LEVEL_SCORES
from test_promises_ingest import rss

BACKENDS = ("sqlite", "postgresql")

POLLED = [datetime(2025, 11, 3, 12, 0), datetime(2025, 11, 3, 12, 30)]
MONDAY = datetime(2025, 11, 3, 9, 0, tzinfo=timezone.utc)
ITEMS = {
    "a": {"title": "Uzbekistan signs rail deal with Taliban government", "link": "https://wire.example.org/a",
          "guid": "a", "summary": "Officials signed the deal in Tashkent.", "published": MONDAY},
    "b": {"title": "Japan pledges food aid for Afghan returnees", "link": "https://wire.example.org/b",
          "guid": "b", "summary": "Tokyo will fund WFP in Kabul.", "published": MONDAY},
    "c": {"title": "Qatar hosts Taliban delegation for talks", "link": "https://wire.example.org/c",
          "guid": "c", "summary": "Talks in Doha covered detainees.", "published": MONDAY},
}


@pytest.fixture
def wire(feed_server, make_config, monkeypatch):
    """poll(*items) serves `items` (or poll(body=...) a body as is) as the feed Wire and
    polls it, the clock at the next of POLLED; returns (the poll's counts, the runtime)."""
    import ingest.orchestrator
    from ingest.orchestrator import Pipeline
    from ingest.runtime import prepare

    clock = iter(POLLED)
    runtime = prepare(make_config({"Wire": feed_server.add("/wire.xml", body=rss())}))
    with session_scope(runtime.engine) as session:
        feed_id = session.scalar(select(Feed.id).where(Feed.name == "Wire"))
    pipeline = Pipeline(runtime.config, runtime.engine)

    def poll(*items, body: bytes | None = None):
        feed_server.add("/wire.xml", body=body or rss(*items))
        now = next(clock)
        monkeypatch.setattr(ingest.orchestrator, "utc_now", lambda: now)
        return pipeline.refresh_feed(feed_id).counts, runtime
    return poll


def story(engine, url: str) -> Story:
    with session_scope(engine) as session:
        found = session.scalar(select(Story).where(Story.url == url))
        session.expunge_all()
        return found


def test_a_poll_counts_new_updated_and_known_items(wire):
    counts, _ = wire(ITEMS["a"], ITEMS["b"], ITEMS["a"])  # a feed that lists an item twice
    assert counts == ItemCounts(new=2, updated=0, duplicate=1)
    edited = ITEMS["b"] | {"summary": "Tokyo will fund WFP and UNICEF in Kabul."}
    same_link = {"title": "Rail deal signed, Uzbekistan says", "link": "https://wire.example.org/a?utm_source=rss",
                 "guid": "a-again", "summary": "Tashkent confirmed the Taliban deal."}
    counts, runtime = wire(ITEMS["a"], edited, ITEMS["c"], same_link)
    assert counts == ItemCounts(new=1, updated=1, duplicate=2)
    with session_scope(runtime.engine) as session:
        links = sorted(session.scalars(select(StorySource.link).join(Story).where(Story.url == "https://wire.example.org/a")))
    assert links == ["https://wire.example.org/a", "https://wire.example.org/a?utm_source=rss"]


def test_an_edited_item_updates_its_story_and_its_sources_link(wire):
    _, runtime = wire(ITEMS["b"])
    edited = ITEMS["b"] | {"title": "Japan pledges more food aid for Afghan returnees", "summary": "Tokyo doubled it.",
                           "link": "https://wire.example.org/b-updated", "published": MONDAY + timedelta(hours=2)}
    _, runtime = wire(edited)
    stored = story(runtime.engine, "https://wire.example.org/b")  # the story keeps the address it was first stored under
    assert (stored.title, stored.summary) == ("Japan pledges more food aid for Afghan returnees", "Tokyo doubled it.")
    assert (stored.published_at, stored.date_estimated) == (datetime(2025, 11, 3, 11, 0), False)
    assert (stored.first_seen_at, stored.updated_at) == tuple(POLLED)
    with session_scope(runtime.engine) as session:
        assert session.scalars(select(StorySource.link).where(StorySource.source_name == "Wire")).all() == [
            "https://wire.example.org/b-updated"]


def test_an_edited_item_without_a_date_keeps_the_storys_date(wire):
    _, runtime = wire(ITEMS["c"])
    undated = rss(ITEMS["c"] | {"summary": "Talks in Doha covered detainees and flights."}).replace(
        b"<pubDate>Mon, 03 Nov 2025 09:00:00 +0000</pubDate>", b"")
    assert b"pubDate" not in undated
    counts, runtime = wire(body=undated)
    stored = story(runtime.engine, "https://wire.example.org/c")
    assert counts.updated == 1 and stored.summary == "Talks in Doha covered detainees and flights."
    assert (stored.published_at, stored.date_estimated) == (datetime(2025, 11, 3, 9, 0), False)


# ---- corrections ------------------------------------------------------------------------------

def tags_and_events(engine, url: str):
    with session_scope(engine) as session:
        story_id = session.scalar(select(Story.id).where(Story.url == url))
        tags = {(t.kind, t.value): (t.origin, t.role, t.evidence, t.rule, t.tagger_version)
                for t in session.scalars(select(Tag).where(Tag.story_id == story_id))}
        events = {(e.actor, e.level): (e.origin, e.score, e.evidence, e.rule, e.event_date, e.tagger_version, e.kind)
                  for e in session.scalars(select(EngagementEvent).where(EngagementEvent.story_id == story_id))}
        return story_id, tags, events


def test_corrections_show_as_the_analysts_tags_with_their_note(wire):
    _, runtime = wire(ITEMS["b"])
    config, url = str(runtime.config.path), "https://wire.example.org/b"
    story_id, tags, events = tags_and_events(runtime.engine, url)
    assert tags[("actor", "JPN")][0] == "tagger" and events[("JPN", "humanitarian")][0] == "tagger"
    for args in (["--add-actor", "QAT", "--note", "Doha channel", "--author", "ana"],
                 ["--add-topic", "detainees", "--note", "one detainee named", "--author", "ana"],
                 ["--remove-actor", "JPN"],
                 ["--set-level", "UN", "technical", "--note", "WFP logistics", "--author", "ana"]):
        assert main(["correct", str(story_id), "--config", config, *args]) == 0
    _, tags, events = tags_and_events(runtime.engine, url)
    assert tags[("actor", "QAT")] == ("analyst", "participant", "Doha channel", "analyst correction", "analyst:ana")
    assert tags[("topic", "detainees")] == ("analyst", None, "one detainee named", "analyst correction", "analyst:ana")
    assert ("actor", "JPN") not in tags
    assert [level for actor, level in events if actor == "UN"] == ["technical"]
    assert events[("UN", "technical")] == ("analyst", LEVEL_SCORES["technical"], "WFP logistics", "analyst correction",
                                           datetime(2025, 11, 3, 9, 0), "analyst:ana", "interaction")
    assert main(["correct", str(story_id), "--config", config, "--clear-level", "JPN"]) == 0
    _, _, events = tags_and_events(runtime.engine, url)
    assert not any(actor == "JPN" for actor, _ in events) and ("UN", "technical") in events


@pytest.mark.parametrize("kind, action, level, message", [
    ("place", "add", None, "kind must be actor, topic or engagement, not 'place'"),
    ("actor", "set", None, "action for actor must be one of add, remove, not 'set'"),
    ("topic", "clear", None, "action for topic must be one of add, remove, not 'clear'"),
    ("engagement", "add", None, "action for engagement must be one of set, remove, not 'add'"),
    ("engagement", "set", "friendly", "level must be one of " + ", ".join(LEVEL_SCORES) + ", not 'friendly'"),
    ("engagement", "set", None, "level must be one of " + ", ".join(LEVEL_SCORES) + ", not None"),
])
def test_a_wrong_correction_is_refused_with_what_is_allowed(wire, kind, action, level, message):
    _, runtime = wire(ITEMS["a"])
    story_id, tags, events = tags_and_events(runtime.engine, "https://wire.example.org/a")
    with session_scope(runtime.engine, write=True) as session, pytest.raises(ValueError) as refused:
        add_correction(session, story_id, kind, "UZB", action, level=level)
    assert str(refused.value) == message
    assert tags_and_events(runtime.engine, "https://wire.example.org/a") == (story_id, tags, events)


def test_a_correction_removing_a_level_keeps_the_actor_tag(wire):
    _, runtime = wire(ITEMS["b"])
    story_id, tags, _ = tags_and_events(runtime.engine, "https://wire.example.org/b")
    with session_scope(runtime.engine, write=True) as session:
        add_correction(session, story_id, "engagement", "JPN", "remove", note="a pledge, not a contact")
    _, after, events = tags_and_events(runtime.engine, "https://wire.example.org/b")
    assert after == tags and not any(actor == "JPN" for actor, _ in events)
