"""Hostile and broken feeds end in stored stories or a recorded error: never a crash,
never a hang, never a secret read from disk or a request made on the feed's behalf."""
import random
import resource

import pytest
from sqlalchemy import select

from db.models import Feed, Story
from db.session import session_scope
from feedserver import FIXTURES, Route
from ingest.orchestrator import Pipeline
from ingest.runtime import prepare

ITEM = ("<item><title>Taliban item {n}</title><link>https://many.example.org/{n}</link>"
        "<description>Kabul news number {n}.</description></item>")


def rss(items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (f'{head}<rss version="2.0"><channel><title>T</title><link>https://t.example.org/</link>'
            f"{items}</channel></rss>").encode()


@pytest.fixture
def poll(feed_server, make_config):
    """Serve `route` as the only feed, poll it once, return (result, stored stories, feed row)."""
    def run(route: Route, extra: str = ""):
        from conftest import FAST_SCHEDULER

        url = feed_server.add("/feed", route)
        settings = FAST_SCHEDULER
        for line in extra.splitlines():  # a key given in `extra` replaces the test default
            key = line.split("=")[0].strip()
            settings = "\n".join(l for l in settings.splitlines() if not l.startswith(key + " ")) + "\n" + line
        runtime = prepare(make_config({"Hostile": url}, extra=settings))
        pipeline = Pipeline(runtime.config, runtime.engine)
        with session_scope(runtime.engine) as session:
            feed_id = session.scalar(select(Feed.id))
        result = pipeline.refresh_feed(feed_id)
        with session_scope(runtime.engine) as session:
            stories = session.scalars(select(Story).where(Story.is_seed.is_(False))).all()
            feed = session.get(Feed, feed_id)
        return result, stories, feed
    return run


def assert_well_formed(stories):
    for story in stories:
        assert story.url and story.title and story.published_at is not None
        assert not story.url.lower().startswith(("javascript:", "data:"))


def test_billion_laughs_is_refused_quickly(poll):
    result, stories, feed = poll(Route(body=(FIXTURES / "billion_laughs.xml").read_bytes()))
    assert all("lollollollollol" * 1000 not in s.title for s in stories)
    assert result.outcome in ("ok", "error")
    if result.outcome == "error":
        assert feed.last_error.startswith("parse:")


def test_external_file_entity_is_never_read(poll):
    _, stories, _ = poll(Route(body=(FIXTURES / "xxe_file.xml").read_bytes()))
    assert all("root:" not in s.title + s.summary for s in stories)


def test_external_http_entity_is_never_fetched(poll, feed_server):
    body = (FIXTURES / "xxe_http.xml").read_text().replace("__SERVER__", feed_server.base).encode()
    poll(Route(body=body))
    assert feed_server.requests_to("/entity-was-fetched") == []


def test_fifty_megabyte_body_is_capped(poll):
    result, stories, feed = poll(Route(body=rss(ITEM.format(n=1) + "<!--" + "x" * 50_000_000 + "-->")))
    assert result.outcome == "error" and "larger than" in feed.last_error and stories == []


def test_ten_thousand_items_end_in_bounded_stories(poll):
    items = "".join(ITEM.format(n=n) for n in range(10_000))
    result, stories, feed = poll(Route(body=rss(items)), extra="max_items_per_feed = 500\n")
    assert result.outcome == "ok" and len(stories) == 500 and result.seen == 10_000
    assert_well_formed(stories)


def test_deep_nesting_does_not_crash(poll):
    nested = "<div>" * 50_000 + "Kabul" + "</div>" * 50_000
    result, stories, feed = poll(Route(body=rss(f"<item><title>Taliban deep</title><link>https://d.example.org/1</link>"
                                                f"<description>{nested}</description></item>")))
    assert result.outcome in ("ok", "error")
    assert_well_formed(stories)


@pytest.mark.parametrize("name, body, content_type", [
    ("invalid utf-8", rss(ITEM.format(n=1)).replace(b"Kabul", b"Kab\xff\xfeul \xc3\x28 Kabul"), "application/rss+xml"),
    ("declared utf-8, sent latin-1", rss("<item><title>Taliban d\xe9l\xe9gation</title><link>https://e.example.org/1</link></item>"
                                          .encode("latin-1").decode("latin-1")).decode().encode("latin-1"), "text/xml"),
    ("declared latin-1, sent utf-8", rss("<item><title>Taliban délégation à Kaboul</title><link>https://e.example.org/2</link></item>",
                                          head='<?xml version="1.0" encoding="iso-8859-1"?>'), "text/xml; charset=iso-8859-1"),
])
def test_bad_encodings_still_store_readable_text(poll, name, body, content_type):
    result, stories, _ = poll(Route(body=body, content_type=content_type))
    assert result.outcome == "ok", name
    assert stories and all("Taliban" in s.title for s in stories)
    assert_well_formed(stories)


@pytest.mark.parametrize("name, body, reason", [
    ("html page", (FIXTURES / "not_a_feed.html").read_bytes(), "parse: not a feed (HTML page)"),
    ("empty body", b"", "parse: empty body"),
    ("whitespace", b"   \n\t ", "parse: empty body"),
    ("binary garbage", bytes(random.Random(7).getrandbits(8) for _ in range(20_000)), "parse: not a feed"),
])
def test_non_feeds_are_recorded_errors(poll, name, body, reason):
    result, stories, feed = poll(Route(body=body, content_type="text/html"))
    assert result.outcome == "error" and feed.last_error.startswith(reason), (name, feed.last_error)
    assert feed.error_count == 1 and stories == []


def test_odd_items_are_stored_safely(poll):
    result, stories, feed = poll(Route(body=(FIXTURES / "odd_items.xml").read_bytes()))
    assert result.outcome == "ok"
    by_title = {s.title: s for s in stories}
    untitled = [s for s in stories if s.title.startswith("Taliban officials met a UN envoy")]
    assert untitled and untitled[0].date_estimated and untitled[0].url.startswith("urn:sha256:")
    future = by_title["Taliban item with a date far in the future"]
    old = by_title["Taliban item dated before 1990"]
    assert future.date_estimated and old.date_estimated
    assert future.published_at.year < 2100 and old.published_at.year > 2000
    assert not any(s.url.startswith(("javascript:", "data:")) for s in stories)
    markup = next(s for s in stories if "**bold**" in s.title)
    assert "<script" not in markup.title and "\x07" not in markup.title  # stored as plain text, shown as text
    assert_well_formed(stories)


def test_hundred_kilobyte_titles_and_control_characters_are_bounded(poll):
    title = "Taliban " + "\x01\x02" + "x" * 100_000
    result, stories, _ = poll(Route(body=rss(f"<item><title>{title}</title><link>https://big.example.org/1</link></item>")))
    assert result.outcome in ("ok", "error")
    assert all(len(s.title) <= 500 and "\x01" not in s.title for s in stories)


def test_memory_stays_bounded_on_a_large_feed(poll):
    """10,000 items of 2 KB: the poll's peak memory grows by well under 500 MB."""
    items = "".join(ITEM.format(n=n).replace("</description>", "x" * 2000 + "</description>") for n in range(10_000))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    poll(Route(body=rss(items)), extra="max_body_bytes = 40_000_000\n")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 500
