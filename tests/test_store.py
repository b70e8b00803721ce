"""Stage 4, store (ingest/store.py), as the `once` table and the dashboard show it: a poll
counts its items as new, updated or already known; an item the feed edited updates its
story (text, date unless the new one is a guess, the source's link) and keeps the
analyst's corrections; a correction shows as the analyst's tag or level with their note,
and a wrong one is refused with a message naming what is allowed. Every test polls a
local feed into a fresh database, on a clock the test moves."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from db.models import EngagementEvent, Feed, Story, StorySource, Tag
from db.session import session_scope
from ingest.cli import main
from ingest.store import ItemCounts
from ingest.tag_corrections import add_correction
from ingest.taxonomy import LEVEL_SCORES
from test_promises_ingest import rss

BACKENDS = ("sqlite", "postgresql")

POLLED = [datetime(2025, 11, 3, 12, 0), datetime(2025, 11, 12, 12, 0)]  # the second after every date below
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
    """Each way an item can be known counts, as often as it happens in one poll."""
    d = {"title": "Pakistan reopens Torkham crossing", "link": "https://wire.example.org/d", "guid": "d",
         "summary": "Trucks crossed into Afghanistan.", "published": MONDAY}
    counts, _ = wire(ITEMS["a"], ITEMS["b"], ITEMS["a"], ITEMS["c"], ITEMS["a"], d)  # a feed listing an item thrice
    assert counts == ItemCounts(new=4, updated=0, duplicate=2)
    edited = [item | {"summary": item["summary"] + " More details followed."} for item in (ITEMS["c"], d)]
    copies = [{"title": f"Rail deal signed, Uzbekistan says ({n})", "link": "https://wire.example.org/a?utm_source=rss",
               "guid": f"a-again-{n}", "summary": "Tashkent confirmed the Taliban deal."} for n in (1, 2)]
    e = {"title": "Iran hosts Afghan water talks", "link": "https://wire.example.org/e", "guid": "e",
         "summary": "Tehran and Kabul discussed the Helmand.", "published": MONDAY}
    counts, runtime = wire(ITEMS["a"], ITEMS["b"], *edited, *copies, e)
    assert counts == ItemCounts(new=1, updated=2, duplicate=4)
    with session_scope(runtime.engine) as session:
        links = sorted(session.scalars(select(StorySource.link).join(Story).where(Story.url == "https://wire.example.org/a")))
    assert links == ["https://wire.example.org/a"] + ["https://wire.example.org/a?utm_source=rss"] * 2


def test_copies_within_one_poll_are_one_story(wire):
    """Two items of one poll with one address, or one headline, are one story with both sources."""
    same_url = [ITEMS["a"], ITEMS["a"] | {"guid": "a-2", "title": "Tashkent and Kabul sign the rail deal"}]
    same_title = [ITEMS["b"], ITEMS["b"] | {"guid": "b-2", "link": "https://other.example.org/b"}]
    counts, runtime = wire(*same_url, *same_title)
    assert counts == ItemCounts(new=2, updated=0, duplicate=2)
    with session_scope(runtime.engine) as session:
        guids = {url: sorted(session.scalars(select(StorySource.guid).join(Story).where(Story.url == url)))
                 for url in session.scalars(select(Story.url).where(Story.is_seed.is_(False)))}
    assert guids == {"https://wire.example.org/a": ["a", "a-2"], "https://wire.example.org/b": ["b", "b-2"]}


def test_the_same_headline_exactly_three_days_later_is_the_same_story(wire):
    earlier = ITEMS["c"] | {"published": MONDAY - timedelta(days=3)}  # both before the poll: real dates
    later = ITEMS["c"] | {"guid": "c-later", "link": "https://other.example.org/c"}
    counts, _ = wire(earlier, later)
    assert counts == ItemCounts(new=1, updated=0, duplicate=1)


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


# ---- an edited item reads as if it had arrived in its last version ----------------------------

KAZAKH = {"title": "Kazakhstan accredits two Taliban diplomats", "link": "https://wire.example.org/kaz", "guid": "kaz",
          "summary": "ASTANA (Reuters) - Kazakhstan accredited two diplomats appointed by the Taliban to its "
                     "embassy, the foreign ministry said on Monday.", "published": MONDAY}
KAZAKH_EDITED = KAZAKH | {
    "title": "Kazakhstan accepts credentials of Taliban ambassador",
    "summary": "ASTANA (Reuters) - Kazakhstan accepted the credentials of the Taliban's new ambassador on Tuesday, "
               "the foreign ministry said, and Uzbekistan's envoy attended.",
    "published": MONDAY + timedelta(days=8)}  # corrected to a date in another week and month


def stored_rows(engine, url: str):
    """The story's tagger rows as a reader of its detail sees them."""
    with session_scope(engine) as session:
        story_id, version = session.execute(select(Story.id, Story.tagger_version).where(Story.url == url)).one()
        tags = {(t.kind, t.value, t.evidence, t.rule, t.score, t.tagger_version, t.origin, t.role)
                for t in session.scalars(select(Tag).where(Tag.story_id == story_id))}
        events = {(e.actor, e.level, e.score, e.evidence, e.rule, e.event_date, e.tagger_version, e.origin,
                   e.background, e.kind, e.status_to)
                  for e in session.scalars(select(EngagementEvent).where(EngagementEvent.story_id == story_id))}
        return version, tags, events


def tagged(tagger, item: dict):
    """The rows the tagger gives `item`'s text, as a brand-new story stores them."""
    from db.status import kind_of
    from ingest.store import event_date

    published = item["published"].astimezone(timezone.utc).replace(tzinfo=None)
    result = tagger.tag(item["title"], item["summary"], published.date())
    tags = {("actor", a.actor, a.evidence, a.rule, 1.0, result.version, "tagger", a.role) for a in result.actors}
    tags |= {("topic", t.topic, t.evidence, t.rule, t.score, result.version, "tagger", None) for t in result.topics}
    events = {(e.actor, e.level, e.score, e.evidence, e.rule, event_date(e, published), result.version, "tagger",
               e.background, kind_of(e.level, e.status_to), e.status_to) for e in result.engagement}
    return result.version, tags, events


def assert_derived_tables_agree(engine):
    """The weekly, daily and monthly aggregates and the status periods equal a recount."""
    from db import status
    from test_aggregates import assert_consistent

    assert_consistent(engine)
    with session_scope(engine) as session:
        assert status.stored(session) == status.recompute(session)


def test_an_edited_item_carries_exactly_the_tags_of_its_new_text(wire, tagger):
    _, runtime = wire(KAZAKH)
    assert stored_rows(runtime.engine, KAZAKH["link"]) == tagged(tagger, KAZAKH)
    counts, runtime = wire(KAZAKH_EDITED)
    assert counts.updated == 1
    version, tags, events = stored_rows(runtime.engine, KAZAKH["link"])
    assert (version, tags, events) == tagged(tagger, KAZAKH_EDITED)
    assert any(level == "ambassadors" and kind == "status" for _, level, *_, kind, _ in events)
    assert_derived_tables_agree(runtime.engine)


def test_an_edit_keeps_the_analysts_word_over_the_taggers(wire, tagger):
    """The analyst's tag and level for an actor stand; the tagger's rows for that actor
    from the new text are not added beside them; its other rows are."""
    _, runtime = wire(KAZAKH)
    story_id = story(runtime.engine, KAZAKH["link"]).id
    with session_scope(runtime.engine, write=True) as session:
        add_correction(session, story_id, "actor", "UZB", "add", note="the envoy took part", author="ana")
        add_correction(session, story_id, "engagement", "KAZ", "set", level="technical", note="not yet", author="ana")
    _, runtime = wire(KAZAKH_EDITED)
    _, expected_tags, expected_events = tagged(tagger, KAZAKH_EDITED)
    _, tags, events = stored_rows(runtime.engine, KAZAKH["link"])
    analyst_tag = ("actor", "UZB", "the envoy took part", "analyst correction", 1.0, "analyst:ana", "analyst", "participant")
    analyst_event = ("KAZ", "technical", LEVEL_SCORES["technical"], "not yet", "analyst correction",
                     datetime(2025, 11, 11, 9, 0), "analyst:ana", "analyst", False, "interaction", None)
    assert tags == {t for t in expected_tags if t[1] != "UZB"} | {analyst_tag}
    assert events == {e for e in expected_events if e[0] != "KAZ"} | {analyst_event}
    assert_derived_tables_agree(runtime.engine)


def test_an_edited_headline_meets_its_copies_from_then_on(wire, feed_server):
    """The story's title key follows its title: another outlet's copy of the new headline joins it."""
    _, runtime = wire(KAZAKH)
    _, runtime = wire(KAZAKH_EDITED)
    copy = KAZAKH_EDITED | {"link": "https://other.example.org/kaz", "guid": "other-kaz"}
    poll_other_outlet(runtime, feed_server, copy)
    with session_scope(runtime.engine) as session:
        sources = session.scalars(select(StorySource.source_name).join(Story).where(Story.url == KAZAKH["link"])).all()
    assert sorted(sources) == ["Other", "Wire"]


@pytest.mark.parametrize("correction", [
    ("engagement", "KAZ", "set", "ambassadors"),
    ("engagement", "KAZ", "remove", None),
    ("actor", "UZB", "add", None),
    ("topic", "detainees", "remove", None),
])
def test_a_correction_keeps_the_aggregates_and_statuses_true(wire, correction):
    _, runtime = wire(KAZAKH)
    kind, value, action, level = correction
    with session_scope(runtime.engine, write=True) as session:
        add_correction(session, story(runtime.engine, KAZAKH["link"]).id, kind, value, action, level=level)
    assert_derived_tables_agree(runtime.engine)


def test_a_second_outlet_carrying_a_status_story_counts_in_its_status(wire, feed_server):
    from db.status import status_as_of

    _, runtime = wire(KAZAKH_EDITED)
    copy = KAZAKH_EDITED | {"guid": "other-kaz"}  # the same address: the same story
    poll_other_outlet(runtime, feed_server, copy)
    with session_scope(runtime.engine) as session:
        (kazakhstan,) = status_as_of(session, date(2025, 11, 12), ("KAZ",))
    assert (kazakhstan["status"], kazakhstan["stories"], kazakhstan["outlets"]) == ("ambassadors", 1, 2)


def test_a_correction_changes_its_own_story_only(wire):
    other = KAZAKH | {"guid": "kaz-2", "link": "https://other.example.org/kaz",
                      "title": "Kazakh ministry confirms Taliban diplomats' accreditation"}
    _, runtime = wire(KAZAKH, other)
    before = stored_rows(runtime.engine, other["link"])
    assert any(t[1] == "KAZ" for t in before[1]) and any(e[0] == "KAZ" for e in before[2])
    with session_scope(runtime.engine, write=True) as session:
        story_id = story(runtime.engine, KAZAKH["link"]).id
        add_correction(session, story_id, "actor", "KAZ", "remove")
        add_correction(session, story_id, "engagement", "KAZ", "remove")
    assert stored_rows(runtime.engine, other["link"]) == before


def test_an_analysts_status_level_sets_the_actors_status(wire):
    from db.status import status_as_of

    _, runtime = wire(ITEMS["a"])
    with session_scope(runtime.engine, write=True) as session:
        add_correction(session, story(runtime.engine, ITEMS["a"]["link"]).id, "engagement", "UZB", "set",
                       level="ambassadors", note="credentials presented")
    with session_scope(runtime.engine) as session:
        (uzbekistan,) = status_as_of(session, date(2025, 11, 4), ("UZB",))
    assert (uzbekistan["status"], uzbekistan["since"]) == ("ambassadors", "2025-11-03")


@pytest.mark.parametrize("times, kept", [
    ((0, 0), False),  # made at the same moment: the one recorded last has the last word
    ((5, 0), True),  # the removal recorded second but dated first (an older note entered late): replayed first
])
def test_corrections_are_replayed_by_their_time_then_the_order_recorded(wire, times, kept):
    _, runtime = wire(ITEMS["b"])
    story_id = story(runtime.engine, ITEMS["b"]["link"]).id
    start = datetime(2025, 11, 4, 12, 0)
    with session_scope(runtime.engine, write=True) as session:
        add_correction(session, story_id, "topic", "detainees", "add", now=start + timedelta(minutes=times[0]))
        add_correction(session, story_id, "topic", "detainees", "remove", now=start + timedelta(minutes=times[1]))
        from ingest.tag_corrections import apply_corrections

        apply_corrections(session, session.get(Story, story_id))  # as a retag replays them
    _, tags, _ = stored_rows(runtime.engine, ITEMS["b"]["link"])
    assert any(t[:2] == ("topic", "detainees") for t in tags) is kept


def test_a_correction_made_without_a_note_or_author(wire):
    _, runtime = wire(ITEMS["b"])
    story_id = story(runtime.engine, ITEMS["b"]["link"]).id
    with session_scope(runtime.engine, write=True) as session:
        add_correction(session, story_id, "actor", "QAT", "add")
        add_correction(session, story_id, "engagement", "JPN", "remove", level="technical")  # a level is for set only
    _, tags, events = stored_rows(runtime.engine, ITEMS["b"]["link"])
    assert ("actor", "QAT", "", "analyst correction", 1.0, "analyst:analyst", "analyst", "participant") in tags
    assert not any(actor == "JPN" for actor, *_ in events)


def test_storing_without_a_shared_lookup_as_the_evaluate_command_does(wire, tagger):
    """`python -m ingest evaluate` stores a labelled set's stories through store_items
    without the orchestrator's KnownStories: store_items looks them up itself."""
    from ingest.config import DEFAULT_RELEVANCE_IGNORE, DEFAULT_RELEVANCE_TERMS
    from ingest.parse import parse_feed
    from ingest.process import RelevanceFilter, process_entries
    from ingest.store import store_items

    _, runtime = wire(ITEMS["a"])  # a's story stored by a poll; b and c are new
    parsed = parse_feed(rss(ITEMS["a"] | {"guid": "a-elsewhere"}, ITEMS["b"], ITEMS["c"]), "https://wire.example.org/",
                        datetime(2025, 11, 3, 12, 0))
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    items = process_entries(parsed.entries, relevance, tagger).items
    with session_scope(runtime.engine, write=True) as session:
        feed = session.scalar(select(Feed).where(Feed.name == "Wire"))
        first = store_items(session, feed, items, datetime(2025, 11, 3, 12, 0))
        again = store_items(session, feed, items, datetime(2025, 11, 3, 12, 5))
    assert (first, again) == (ItemCounts(new=2, updated=0, duplicate=1), ItemCounts(new=0, updated=0, duplicate=3))


EXPELLED = KAZAKH | {"title": "Kazakhstan expels Taliban diplomats after border shooting",
                     "summary": "ASTANA (Reuters) - Kazakhstan expelled two Taliban diplomats on Friday after a shooting "
                                "at the border, its foreign ministry said.",
                     "published": MONDAY + timedelta(days=4)}
TRADE = {"title": "Kazakh traders meet Taliban officials in Kabul", "link": "https://wire.example.org/trade",
         "guid": "trade", "published": MONDAY,
         "summary": "KABUL (AP) - Kazakhstan's trade minister met Taliban ministers in Kabul on Monday to discuss rail links."}


@pytest.mark.parametrize("first, edit", [(KAZAKH, TRADE | {"guid": "kaz", "link": KAZAKH["link"]}),
                                         (TRADE | {"guid": "kaz", "link": KAZAKH["link"]}, KAZAKH),
                                         (KAZAKH, EXPELLED)],
                         ids=["a status step edited away", "a status step edited in", "a downgrade"])
def test_an_edit_changes_its_own_story_and_refolds_the_statuses_it_touches(wire, tagger, first, edit):
    """Another story about the same actor keeps its tags and events; the actor's status
    periods follow the edit, whether it removes, adds or turns a status step."""
    other = TRADE | {"guid": "trade-2", "link": "https://other.example.org/trade", "title": "Kazakh minister in Kabul"}
    _, runtime = wire(first, other)
    assert_derived_tables_agree(runtime.engine)  # after a plain poll too
    before = stored_rows(runtime.engine, other["link"])
    _, runtime = wire(edit, other)
    assert stored_rows(runtime.engine, KAZAKH["link"]) == tagged(tagger, edit)
    assert stored_rows(runtime.engine, other["link"]) == before
    assert_derived_tables_agree(runtime.engine)


def poll_other_outlet(runtime, feed_server, item: dict) -> None:
    """A second outlet, "Other", carrying `item`, polled once."""
    from ingest.orchestrator import Pipeline

    with session_scope(runtime.engine, write=True) as session:
        session.add(Feed(name="Other", url=feed_server.add("/other.xml", body=rss(item)), origin="config"))
    with session_scope(runtime.engine) as session:
        other = session.scalar(select(Feed.id).where(Feed.name == "Other"))
    Pipeline(runtime.config, runtime.engine).refresh_feed(other)
