"""Feeds added from the dashboard accept only public http(s) URLs unless configured otherwise."""
import pytest
from sqlalchemy import select

from db.models import Feed
from db.session import session_scope
from ingest.feeds import FeedError, add_feed, check_feed_url, set_feed_enabled


@pytest.mark.parametrize("url, message", [
    ("ftp://example.org/feed", "must start with http:// or https://"),
    ("javascript:alert(1)", "must start with http:// or https://"),
    ("http://127.0.0.1:8080/feed", "local or private address"),
    ("http://localhost/feed", "local or private address"),
    ("http://10.1.2.3/feed", "local or private address"),
    ("http://169.254.169.254/latest/meta-data", "local or private address"),
    ("http://[::1]/feed", "local or private address"),
])
def test_unsafe_urls_are_refused(url, message):
    with pytest.raises(FeedError, match=message):
        check_feed_url(url)


def test_private_urls_allowed_when_configured():
    assert check_feed_url("http://127.0.0.1:8080/feed", allow_private=True) == "http://127.0.0.1:8080/feed"


def test_add_and_disable_a_feed(runtime):
    feed_id = add_feed(runtime.engine, "Local", "http://127.0.0.1:9/f.xml", allow_private=True)
    with pytest.raises(FeedError, match="already exists"):
        add_feed(runtime.engine, "Local", "http://127.0.0.1:9/g.xml", allow_private=True)
    set_feed_enabled(runtime.engine, feed_id, False)
    with session_scope(runtime.engine) as session:
        feed = session.scalar(select(Feed).where(Feed.name == "Local"))
        assert feed.origin == "dashboard" and not feed.enabled



LOCAL = "http://127.0.0.1:9/"
CONFIG_FEEDS = {"Kept": LOCAL + "kept.xml", "Moved": LOCAL + "old.xml", "Dropped": LOCAL + "d.xml"}


@pytest.mark.parametrize("edit, name, expected", [
    (lambda feeds: {**feeds, "Moved": LOCAL + "new.xml"}, "Moved", ("new.xml", "config", True, None)),
    (lambda feeds: {k: v for k, v in feeds.items() if k != "Dropped"}, "Dropped", ("d.xml", "config", False, "v")),
    (lambda feeds: {**feeds, "Adopted": LOCAL + "adopted.xml"}, "Adopted", ("adopted.xml", "config", True, "v")),
    (lambda feeds: {**feeds, "Added": LOCAL + "added.xml"}, "Added", ("added.xml", "config", True, None)),
    (lambda feeds: feeds, "Kept", ("kept.xml", "config", True, "v")),
])
def test_an_edited_config_is_applied_at_the_next_start(make_config, edit, name, expected):
    """Every start makes the feeds table match the config (a moved feed loses its
    validators, a dropped one is switched off). A start finds an unchanged
    config by one read, so each edit on its own must still reach the table."""
    from ingest.runtime import prepare

    engine = prepare(make_config(CONFIG_FEEDS)).engine
    add_feed(engine, "Adopted", LOCAL + "adopted.xml", allow_private=True)  # a dashboard feed
    with session_scope(engine, write=True) as session:
        for feed in session.scalars(select(Feed)):
            feed.etag = "v"
    prepare(make_config(edit(CONFIG_FEEDS)))
    with session_scope(engine) as session:
        feed = session.scalar(select(Feed).where(Feed.name == name))
        assert (feed.url.removeprefix(LOCAL), feed.origin, feed.enabled, feed.etag) == expected


@pytest.mark.parametrize("setting, expected", [
    ("enabled = false", (False, "en", None)), ('language = "fr"', (True, "fr", None)),
    ("interval_minutes = 90", (True, "en", 90)),
])
def test_a_feeds_settings_edited_in_the_config_are_applied(make_config, setting, expected):
    from ingest.runtime import prepare

    config = make_config(CONFIG_FEEDS)
    engine = prepare(config).engine
    config.write_text(config.read_text().replace('name = "Kept"', f'name = "Kept"\n{setting}'))
    prepare(config)
    with session_scope(engine) as session:
        kept = session.scalar(select(Feed).where(Feed.name == "Kept"))
        assert (kept.enabled, kept.language, kept.interval_minutes) == expected

# ---- every fetch and redirect hop of a dashboard feed (issue #13, point 10) ----------------

def poll_all(runtime):
    from ingest.orchestrator import Pipeline, enabled_feed_ids

    with Pipeline(runtime.config, runtime.engine) as pipeline:
        return {r.feed: r for r in pipeline.poll_feeds(enabled_feed_ids(runtime.engine), workers=1)}


def health(runtime) -> dict:
    from db.health import feed_rows

    with session_scope(runtime.engine) as session:
        return {row["name"]: row for row in feed_rows(session)}


def story_count(runtime) -> int:
    from sqlalchemy import func

    from db.models import Story

    with session_scope(runtime.engine) as session:
        return session.scalar(select(func.count(Story.id)))


@pytest.fixture
def public_host(monkeypatch):
    """A second local server, on 127.0.0.2, that the fetcher takes for a public host (as
    one on the internet would be), whatever it serves."""
    from feedserver import FeedServer

    import ingest.fetch

    server = FeedServer("127.0.0.2").start()
    real = ingest.fetch.non_public_kind
    monkeypatch.setattr(ingest.fetch, "non_public_kind", lambda address: None if address == "127.0.0.2" else real(address))
    yield server
    server.stop()


def test_a_dashboard_feed_that_redirects_to_a_private_address_is_blocked(feed_server, public_host, make_config):
    inside = feed_server.add_fixture("/rss.xml", "rss20.xml")  # a service on the machine itself
    outside = public_host.add("/feed", redirect_to=inside)
    runtime = prepare_with({"Own": feed_server.add_fixture("/own.xml", "atom.xml")}, make_config)
    add_feed(runtime.engine, "Added", outside)  # passes the check when added: a public address
    poll_all(runtime)
    stored = story_count(runtime)
    results = poll_all(runtime)
    rows = health(runtime)
    assert results["Added"].outcome == "error"
    assert rows["Added"]["last_error"].startswith(
        "fetch: blocked: redirect to a private address 127.0.0.1 (loopback)"), rows["Added"]["last_error"]
    assert not feed_server.requests_to("/rss.xml")  # nothing was asked of the service inside
    assert rows["Own"]["status"] == "ok" and story_count(runtime) == stored > 1  # config feeds on 127.0.0.1 work


def test_dns_that_changes_after_the_check_is_caught_at_connect(feed_server, make_config, monkeypatch):
    """The name resolved to a public address when the feed was added, to 127.0.0.1 since."""
    import socket

    inside = feed_server.add_fixture("/rss.xml", "rss20.xml").replace("127.0.0.1", "localhost")
    runtime = prepare_with({}, make_config)
    with monkeypatch.context() as patched:
        patched.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "",
                                                                  ("93.184.216.34", 0))])
        add_feed(runtime.engine, "Rebound", inside)
    poll_all(runtime)
    error = health(runtime)["Rebound"]["last_error"]
    assert error.startswith("fetch: blocked: connected to a private address 127.0.0.1 (loopback)"), error
    assert not feed_server.requests_to("/rss.xml")


def test_allow_private_feed_urls_lets_dashboard_feeds_reach_local_hosts(feed_server, public_host, make_config):
    inside = feed_server.add_fixture("/rss.xml", "rss20.xml")
    runtime = prepare_with({}, make_config, "[dashboard]\natom_port = 0\nallow_private_feed_urls = true\n")
    add_feed(runtime.engine, "Added", public_host.add("/feed", redirect_to=inside), allow_private=True)
    add_feed(runtime.engine, "Local", inside, allow_private=True)
    poll_all(runtime)
    rows = health(runtime)
    assert rows["Added"]["status"] == rows["Local"]["status"] == "ok"


def prepare_with(feeds: dict, make_config, extra: str = ""):
    from conftest import FAST_SCHEDULER
    from ingest.runtime import prepare

    return prepare(make_config(feeds, extra or FAST_SCHEDULER))
