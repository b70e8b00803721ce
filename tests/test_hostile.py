"""Hostile and broken feeds end in stored stories or a recorded error: never a crash,
never a hang, never a secret read from disk or a request made on the feed's behalf."""
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Feed, Story, StorySource
from db.session import session_scope
from feedserver import FIXTURES, Route
from ingest.orchestrator import Pipeline
from ingest.parse import MAX_TITLE_CHARS
from ingest.runtime import prepare

ROOT = Path(__file__).resolve().parent.parent
# Named parties, so that every item is clearly the monitor's news: a contentless "Taliban item
# 20" sits at the relevance model's floor for home affairs, where one number can tip it.
ITEM = ("<item><title>Taliban and Pakistan item {n}</title><link>https://many.example.org/{n}</link>"
        "<description>Kabul news number {n}.</description></item>")


def rss(items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (f'{head}<rss version="2.0"><channel><title>T</title><link>https://t.example.org/</link>'
            f"{items}</channel></rss>").encode()


NEIGHBOUR_TITLES = {  # the relevant items of tests/fixtures/feeds/rss20.xml (the cricket score is not)
    "Uzbekistan signs rail transit deal with Taliban government",
    "Pakistan expels thousands more Afghans as deadline passes",
    "Japan pledges food aid for Afghan returnees",
}


@dataclass
class Polled:
    result: object  # the hostile feed's PollResult
    stories: list  # the stories the hostile feed brought
    feed: Feed  # the hostile feed's row: its recorded error
    neighbour_titles: set  # the titles a well-behaved feed polled in the same round brought


@pytest.fixture
def poll(feed_server, make_config):
    """Serve `route` as the feed "Hostile" beside a well-behaved feed "Wire", poll both in
    one round, and return what a user would see of it (a Polled)."""
    def run(route: Route, extra: str = "") -> Polled:
        from conftest import FAST_SCHEDULER

        feeds = {"Hostile": feed_server.add("/feed", route), "Wire": feed_server.add_fixture("/wire.xml", "rss20.xml")}
        settings = FAST_SCHEDULER
        for line in extra.splitlines():  # a key given in `extra` replaces the test default
            key = line.split("=")[0].strip()
            settings = "\n".join(l for l in settings.splitlines() if not l.startswith(key + " ")) + "\n" + line
        runtime = prepare(make_config(feeds, extra=settings))
        with session_scope(runtime.engine) as session:
            ids = dict(session.execute(select(Feed.name, Feed.id)).all())
        with Pipeline(runtime.config, runtime.engine) as pipeline:
            results = {r.feed: r for r in pipeline.poll_feeds([ids["Hostile"], ids["Wire"]], workers=2)}
        with session_scope(runtime.engine) as session:
            def brought_by(name):
                return session.scalars(select(Story).join(StorySource).join(Feed).where(Feed.name == name)).all()
            polled = Polled(results["Hostile"], brought_by("Hostile"), session.get(Feed, ids["Hostile"]),
                            {s.title for s in brought_by("Wire")})
            session.expunge_all()
        assert results["Wire"].outcome == "ok" and polled.neighbour_titles == NEIGHBOUR_TITLES  # one feed's fault stays its own
        return polled
    return run


def assert_well_formed(stories):
    for story in stories:
        assert story.url and story.title and story.published_at is not None
        assert not story.url.lower().startswith(("javascript:", "data:"))


def test_billion_laughs_entities_are_left_unexpanded(poll):
    """The nested entities are never expanded: the item is stored with `&lol9;` as it was typed."""
    polled = poll(Route(body=(FIXTURES / "billion_laughs.xml").read_bytes()))
    assert polled.result.outcome == "ok" and polled.feed.last_error is None
    assert [(s.title, s.summary) for s in polled.stories] == [("Taliban &lol9;", "Kabul")]


def test_external_file_entity_is_never_read(poll):
    polled = poll(Route(body=(FIXTURES / "xxe_file.xml").read_bytes()))
    assert polled.result.outcome == "ok"
    assert [(s.title, s.summary) for s in polled.stories] == [("Taliban statement &secret;", "Kabul &secret;")]


def test_external_http_entity_is_never_fetched(poll, feed_server):
    body = (FIXTURES / "xxe_http.xml").read_text().replace("__SERVER__", feed_server.base).encode()
    polled = poll(Route(body=body))
    assert [s.title for s in polled.stories] == ["Taliban remote &remote;"]
    assert feed_server.requests_to("/entity-was-fetched") == []


def test_fifty_megabyte_body_is_capped(poll):
    polled = poll(Route(body=rss(ITEM.format(n=1) + "<!--" + "x" * 50_000_000 + "-->")))
    assert polled.result.outcome == "error" and polled.stories == []
    assert polled.feed.last_error == "fetch: body larger than 2,000,000 bytes (max_body_bytes)"
    assert polled.feed.error_count == 1


def test_ten_thousand_items_end_in_bounded_stories(poll):
    items = "".join(ITEM.format(n=n) for n in range(10_000))
    polled = poll(Route(body=rss(items)), extra="max_items_per_feed = 500\n")
    assert polled.result.outcome == "ok" and len(polled.stories) == 500 and polled.result.seen == 10_000
    first = {f"Taliban and Pakistan item {n}" for n in range(500)}
    assert {s.title for s in polled.stories} == first  # the first 500, in feed order
    assert_well_formed(polled.stories)


def test_deep_nesting_is_read_as_its_text(poll):
    nested = "<div>" * 50_000 + "Kabul" + "</div>" * 50_000
    polled = poll(Route(body=rss(f"<item><title>Taliban deep</title><link>https://d.example.org/1</link>"
                                 f"<description>{nested}</description></item>")))
    assert polled.result.outcome == "ok"
    assert [(s.title, s.summary, s.url) for s in polled.stories] == [("Taliban deep", "Kabul", "https://d.example.org/1")]


@pytest.mark.parametrize("name, body, content_type, title", [
    ("invalid utf-8", rss(ITEM.format(n=1)).replace(b"Kabul", b"Kab\xff\xfeul \xc3\x28 Kabul"), "application/rss+xml",
     "Taliban and Pakistan item 1"),
    ("declared utf-8, sent latin-1", rss("<item><title>Taliban d\xe9l\xe9gation</title><link>https://e.example.org/1</link></item>"
                                          .encode("latin-1").decode("latin-1")).decode().encode("latin-1"), "text/xml",
     "Taliban d\xe9l\xe9gation"),
    ("declared latin-1, sent utf-8", rss("<item><title>Taliban délégation à Kaboul</title><link>https://e.example.org/2</link></item>",
                                          head='<?xml version="1.0" encoding="iso-8859-1"?>'), "text/xml; charset=iso-8859-1",
     "Taliban délégation à Kaboul"),
])
def test_bad_encodings_still_store_readable_text(poll, name, body, content_type, title):
    polled = poll(Route(body=body, content_type=content_type))
    assert polled.result.outcome == "ok", name
    assert [s.title for s in polled.stories] == [title]
    assert_well_formed(polled.stories)


@pytest.mark.parametrize("name, body, reason", [
    ("html page", (FIXTURES / "not_a_feed.html").read_bytes(), "parse: not a feed (HTML page)"),
    ("empty body", b"", "parse: empty body"),
    ("whitespace", b"   \n\t ", "parse: empty body"),
    ("binary garbage", bytes(random.Random(7).getrandbits(8) for _ in range(20_000)), "parse: not a feed"),
])
def test_non_feeds_are_recorded_errors(poll, name, body, reason):
    polled = poll(Route(body=body, content_type="text/html"))
    assert polled.result.outcome == "error" and polled.feed.last_error.startswith(reason), (name, polled.feed.last_error)
    assert polled.feed.error_count == 1 and polled.stories == []


def test_odd_items_are_stored_safely(poll):
    polled = poll(Route(body=(FIXTURES / "odd_items.xml").read_bytes()))
    stories = polled.stories
    assert polled.result.outcome == "ok"
    by_title = {s.title: s for s in stories}
    untitled = [s for s in stories if s.title.startswith("Taliban officials met a UN envoy")]
    assert untitled and untitled[0].date_estimated and untitled[0].url.startswith("urn:sha256:")
    future = by_title["Taliban and Pakistan item with a date far in the future"]
    old = by_title["Taliban and Pakistan item dated before 1990"]
    assert future.date_estimated and old.date_estimated
    assert future.published_at.year < 2100 and old.published_at.year > 2000
    assert not any(s.url.startswith(("javascript:", "data:")) for s in stories)
    markup = next(s for s in stories if "**bold**" in s.title)
    assert "<script" not in markup.title and "\x07" not in markup.title  # stored as plain text, shown as text
    assert_well_formed(stories)


def test_hundred_kilobyte_titles_are_cut_and_control_characters_dropped(poll):
    """A title is cut to parse.MAX_TITLE_CHARS (500); control characters go before the cut."""
    title = "Taliban " + "\x01\x02" + "x" * 100_000
    polled = poll(Route(body=rss(f"<item><title>{title}</title><link>https://big.example.org/1</link></item>")))
    assert polled.result.outcome == "ok"
    assert [s.title for s in polled.stories] == ["Taliban " + "x" * (MAX_TITLE_CHARS - len("Taliban "))]


# `python -m ingest ...` that reports, at exit, the peak resident memory of its own address
# space (VmHWM). The child's rusage will not do: Linux counts in a child's ru_maxrss the
# high-water mark of the process it was forked from, here the whole test session's.
PEAK_REPORTING_INGEST = (
    "import runpy, sys\n"
    "sys.argv = ['ingest', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('ingest', run_name='__main__', alter_sys=True)\n"
    "finally:\n"
    "    print('peak kB', open('/proc/self/status').read().split('VmHWM:')[1].split()[0], file=sys.stderr)\n")


def test_memory_stays_bounded_on_a_large_feed(feed_server, make_config):
    """`python -m ingest once` on 10,000 items of 2 KB (a 20 MB body): its peak resident
    memory stays under 400 MB, and it stores the 500 items it keeps. Measured in the
    command's own process (the feed server runs in this one)."""
    items = "".join(ITEM.format(n=n).replace("</description>", "x" * 2000 + "</description>") for n in range(10_000))
    from conftest import FAST_SCHEDULER

    config = make_config({"Large": feed_server.add("/large.xml", Route(body=rss(items)))},
                         extra=FAST_SCHEDULER.replace("max_body_bytes = 2_000_000", "max_body_bytes = 40_000_000"))
    done = subprocess.run([sys.executable, "-c", PEAK_REPORTING_INGEST, "once", "--config", str(config)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 feeds polled, 0 failed, 500 new stories" in done.stdout
    peak_mb = int(done.stderr.rsplit("peak kB", 1)[1].split()[0]) / 1024
    assert peak_mb < 400, f"peak {peak_mb:.0f} MB"
