"""The README's ingestion promises, each broken on purpose once to see this file go red
(issue #14, point 1): two feeds' copies of a story meet (by URL without tracking
parameters whichever copy comes first, by an aggregator's unwrapped link, by title
within the same-story window and not beyond it), corrections are replayed in the order
they were made and survive an updated item, failing feeds back off by doubling up to
the cap, and a store failure costs only its own feed."""
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import select

from db.models import Feed, FetchLog, Story, StorySource, Tag
from db.session import session_scope
from ingest.cli import main

BACKENDS = ("sqlite", "postgresql")  # dedup and corrections are SQL: both databases

DAY = datetime(2025, 11, 3, 9, 0, tzinfo=timezone.utc)


def rss(*items: dict) -> bytes:
    """A small RSS 2.0 body: each item a dict of title, link, guid and published (datetime)."""
    body = []
    for item in items:
        body.append(
            f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
            f"<guid isPermaLink=\"false\">{escape(item.get('guid', item['link']))}</guid>"
            f"<pubDate>{format_datetime(item.get('published', DAY))}</pubDate>"
            f"<description>{escape(item.get('summary', 'Officials in Kabul and abroad commented.'))}</description></item>")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>"
            "<link>https://example.org/</link><description>d</description>" + "".join(body) + "</channel></rss>").encode()


def poll_in_order(feed_server, make_config, bodies: list[tuple[str, bytes]], extra=None):
    """Register one feed per (name, body) and poll them one after another, in that order."""
    from ingest.orchestrator import Pipeline
    from ingest.runtime import prepare

    feeds = {name: feed_server.add(f"/{name}.xml", body=body) for name, body in bodies}
    runtime = prepare(make_config(feeds) if extra is None else make_config(feeds, extra))
    with session_scope(runtime.engine) as session:
        ids = dict(session.execute(select(Feed.name, Feed.id)).all())
    pipeline = Pipeline(runtime.config, runtime.engine)
    results = [pipeline.refresh_feed(ids[name]) for name, _ in bodies]
    return runtime, results


def fed_stories(engine) -> list[tuple[str, list[str]]]:
    """Every story that came from a feed (the seed excluded): (url, sorted source names)."""
    with session_scope(engine) as session:
        rows = session.execute(select(Story.url, StorySource.source_name).join(StorySource, StorySource.story_id == Story.id)
                               .where(StorySource.source_name.in_(["A", "B"]))).all()
    stories: dict[str, list[str]] = {}
    for url, source in rows:
        stories.setdefault(url, []).append(source)
    return sorted((url, sorted(sources)) for url, sources in stories.items())


# ---- two feeds, one story ------------------------------------------------------------------

TRACKED = {"title": "Taliban open talks with envoy in Doha", "guid": "a-1",
           "link": "https://news.example.org/world/story-1?utm_source=rss&utm_medium=feed&fbclid=xyz&id=7"}
CLEAN = {"title": "Envoy meets Afghan delegation in Qatar", "guid": "b-1",
         "link": "https://news.example.org/world/story-1?id=7"}


@pytest.mark.parametrize("first", ["tracked copy first", "clean copy first"])
def test_tracking_parameters_never_split_a_story_whichever_copy_arrives_first(feed_server, make_config, first):
    """Titles differ, so only the URL can join them: stripping utm_/fbclid must work both ways
    (the old test passed with stripping off when the clean copy came first)."""
    order = [("A", rss(TRACKED)), ("B", rss(CLEAN))]
    runtime, _ = poll_in_order(feed_server, make_config, order if first.startswith("tracked") else order[::-1])
    assert fed_stories(runtime.engine) == [("https://news.example.org/world/story-1?id=7", ["A", "B"])]


def test_an_aggregator_link_meets_the_publishers_copy(feed_server, make_config):
    """A news-search feed links through news.google.com; the publisher's own feed links the
    article: one story, the publisher's URL, both sources."""
    wrapped = {"title": "Aid convoy reaches Taliban-run province", "guid": "g-1",
               "link": "https://news.google.com/rss/articles/CBM?url=https%3A%2F%2Fpublisher.example.org%2Fworld%2Fconvoy&oc=5"}
    direct = {"title": "UN food shipment arrives in Afghanistan's north", "guid": "p-1",
              "link": "https://publisher.example.org/world/convoy"}
    runtime, _ = poll_in_order(feed_server, make_config, [("A", rss(wrapped)), ("B", rss(direct))])
    assert fed_stories(runtime.engine) == [("https://publisher.example.org/world/convoy", ["A", "B"])]


@pytest.mark.parametrize("apart, stories", [
    (timedelta(days=2, hours=23), 1),  # within the same-story window (3 days): one story
    (timedelta(days=3, hours=1), 2),  # beyond it: the same headline is another event
])
def test_the_same_title_joins_a_story_only_within_the_window(feed_server, make_config, apart, stories):
    """Different URLs, the same headline up to outlet suffix, case and punctuation."""
    first = {"title": "Taliban reopen embassy talks with Kazakhstan - Outlet A", "guid": "t-1",
             "link": "https://a.example.org/2025/embassy", "published": DAY}
    second = {"title": "TALIBAN REOPEN EMBASSY TALKS WITH KAZAKHSTAN | Outlet B", "guid": "t-2",
              "link": "https://b.example.org/news/98765", "published": DAY + apart}
    runtime, _ = poll_in_order(feed_server, make_config, [("A", rss(first)), ("B", rss(second))])
    found = fed_stories(runtime.engine)
    assert len(found) == stories
    if stories == 1:
        assert found[0][1] == ["A", "B"]


# ---- corrections ------------------------------------------------------------------------------

def story_tags(engine, title_start: str) -> tuple[int, set]:
    with session_scope(engine) as session:
        story = session.scalar(select(Story).where(Story.title.like(f"{title_start}%")))
        return story.id, {(t.kind, t.value, t.origin) for t in session.scalars(select(Tag).where(Tag.story_id == story.id))}


@pytest.mark.parametrize("actions, kept", [
    (("add", "remove"), False),  # the analyst changed their mind: the topic stays off
    (("remove", "add"), True),
])
def test_corrections_are_replayed_in_the_order_they_were_made(populated, actions, kept):
    """Retag replays every correction; replayed newest-first, the last word would be lost."""
    from ingest.tag_corrections import add_correction

    story_id, _ = story_tags(populated.engine, "Japan pledges")
    start = datetime(2025, 11, 1, 12, 0, tzinfo=timezone.utc)
    with session_scope(populated.engine, write=True) as session:
        for minute, action in enumerate(actions):
            add_correction(session, story_id, "topic", "detainees", action, note=action,
                           now=start + timedelta(minutes=minute))
    assert main(["retag", "--config", str(populated.config.path)]) == 0
    _, tags = story_tags(populated.engine, "Japan pledges")
    assert (("topic", "detainees", "analyst") in tags) is kept
    assert ("topic", "detainees", "tagger") not in tags


def test_corrections_survive_an_updated_item(feed_server, make_config):
    """The feed edits an item the analyst corrected: the text and the tagger's tags follow
    the feed, the analyst's corrections stay."""
    config = make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml")})
    assert main(["once", "--config", str(config)]) == 0
    from ingest.runtime import prepare

    engine = prepare(config).engine
    story_id, tags = story_tags(engine, "Uzbekistan signs")
    assert ("actor", "UZB", "tagger") in tags
    assert main(["correct", str(story_id), "--config", str(config), "--remove-actor", "UZB"]) == 0
    assert main(["correct", str(story_id), "--config", str(config), "--add-topic", "detainees"]) == 0
    feed_server.add_fixture("/rss.xml", "updated_rss20.xml")
    assert main(["once", "--config", str(config)]) == 0
    with session_scope(engine) as session:
        assert session.get(Story, story_id).summary.startswith("Updated:")
    _, tags = story_tags(engine, "Uzbekistan signs")
    assert ("actor", "KAZ", "tagger") in tags  # the update's new tag
    assert not any(value == "UZB" for kind, value, _ in tags if kind == "actor")  # removal kept
    assert ("topic", "detainees", "analyst") in tags  # addition kept


# ---- failing feeds ----------------------------------------------------------------------------

def test_backoff_doubles_from_the_interval_and_stops_at_the_cap(feed_server, make_config):
    """interval 10 min, cap 25 min: waits of 10, 20, 25, 25 minutes after 1-4 failures
    (tripling, or no cap, shows at once)."""
    from conftest import FAST_SCHEDULER

    extra = FAST_SCHEDULER.replace("[scheduler]\n", "[scheduler]\ndefault_interval_minutes = 10\nmax_backoff_minutes = 25\n")
    from ingest.orchestrator import Pipeline
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Down": feed_server.add("/down.xml", body=b"down", status=503)}, extra))
    with session_scope(runtime.engine) as session:
        feed_id = session.scalar(select(Feed.id))
    pipeline, waits = Pipeline(runtime.config, runtime.engine), []
    for _ in range(4):
        pipeline.refresh_feed(feed_id)
        with session_scope(runtime.engine) as session:
            feed = session.get(Feed, feed_id)
            waits.append(round((feed.next_check_at - feed.last_checked_at).total_seconds() / 60))
    assert waits == [10, 20, 25, 25]


def test_a_store_failure_costs_only_its_own_feed(feed_server, make_config, monkeypatch):
    """One feed whose items the store cannot write (a database fault on its rows) is recorded
    as failing with a `store:` error; the other feeds polled in the same group are stored."""
    import ingest.orchestrator as orchestrator
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    real_store = orchestrator.store_items

    def store_failing_for_poison(session, feed, items, now, known=None):
        if feed.name == "Poison":
            raise RuntimeError("value too long for column")  # as a database would say
        return real_store(session, feed, items, now, known)

    monkeypatch.setattr(orchestrator, "store_items", store_failing_for_poison)
    feeds = {"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml"),
             "Atom Desk": feed_server.add_fixture("/atom.xml", "atom.xml"),
             "Poison": feed_server.add("/poison.xml", body=rss({"title": "Taliban poison item", "link": "https://p.example.org/1"}))}
    runtime = prepare(make_config(feeds))
    results = {r.feed: r for r in Pipeline(runtime.config, runtime.engine).poll_feeds(enabled_feed_ids(runtime.engine), workers=1)}
    assert results["Wire"].outcome == results["Atom Desk"].outcome == "ok"
    assert results["Poison"].outcome == "error" and results["Poison"].error.startswith("store: ")
    with session_scope(runtime.engine) as session:
        sources = set(session.scalars(select(StorySource.source_name)))
        health = {f.name: (f.error_count, f.last_error) for f in session.scalars(select(Feed))}
        logged = {name for name, in session.execute(select(Feed.name).join(FetchLog, FetchLog.feed_id == Feed.id))}
    assert {"Wire", "Atom Desk"} <= sources and "Poison" not in sources
    assert health["Wire"] == (0, None) and health["Atom Desk"] == (0, None)
    assert health["Poison"][0] == 1 and health["Poison"][1].startswith("store: RuntimeError")
    assert logged == {"Wire", "Atom Desk", "Poison"}  # every poll is in the fetch log
