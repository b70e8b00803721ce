"""The README's dashboard safety promises, each broken on purpose once to see this file go
red (issue #14, point 1): feed text is shown as text, never markdown; only http(s) links
are clickable; the admin secret is compared in constant time; the add-feed form refuses
private addresses unless `allow_private_feed_urls`."""
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from db.models import Feed, Story, StorySource
from db.session import session_scope

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")

HOSTILE_TITLE = "Taliban **bold** claim _slanted_ [click](https://evil.example/x) `tick` ![img](https://evil.example/i.png)"
HOSTILE_SUMMARY = "Officials in Kabul said **nothing** to [press](https://evil.example/p) about the Taliban talks."
# what a reader would see formatted if any of it reached st.markdown unescaped
FORMATTED = ["**bold**", "_slanted_", "[click](", "`tick`", "![img](", "**nothing**", "[press]("]


def hostile_feed() -> bytes:
    from test_promises_ingest import rss

    return rss({"title": HOSTILE_TITLE, "summary": HOSTILE_SUMMARY, "link": "https://wire.example.org/hostile",
                "published": datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)})


@pytest.fixture
def dashboard(feed_server, make_config, monkeypatch):
    """A dashboard over a database holding the hostile story, whose links an older import
    left as javascript: (the ingest stage drops such links; the dashboard must not rely on it)."""
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Hostile": feed_server.add("/hostile.xml", body=hostile_feed())}))
    Pipeline(runtime.config, runtime.engine).poll_feeds(enabled_feed_ids(runtime.engine), workers=1)
    with session_scope(runtime.engine, write=True) as session:
        story_id = session.scalar(select(Story.id).where(Story.title.like("Taliban **bold**%")))
        session.execute(update(Story).where(Story.id == story_id).values(url="javascript:alert(2)"))
        session.execute(update(StorySource).where(StorySource.story_id == story_id).values(link="javascript:alert(1)"))
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    monkeypatch.delenv("MONITOR_ADMIN_SECRET", raising=False)
    return runtime, story_id


def stories_page() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("views/stories.py").run()
    assert not at.exception, at.exception
    return at


def shown_markdown(at) -> list[str]:
    return [m.value for m in [*at.markdown, *at.subheader, *at.caption]]


def test_feed_text_is_shown_as_text_not_markdown(dashboard):
    _, story_id = dashboard
    at = stories_page()
    assert at.selectbox(key="story_pick").value == story_id  # the story being read is the hostile one
    texts = shown_markdown(at)
    assert any(r"\*\*bold\*\*" in t and r"\[click\]" in t for t in at.subheader.values)  # the title, literally
    assert any(t.startswith("- actor") and r"\*\*bold\*\*" in t for t in at.markdown.values)  # the evidence, literally
    assert HOSTILE_SUMMARY in at.text.values  # the summary as plain text
    leaked = [(text, mark) for text in texts for mark in FORMATTED if mark in text]
    assert leaked == [], "feed text reached markdown unescaped"


def test_only_http_links_are_clickable(dashboard):
    _, story_id = dashboard
    at = stories_page()
    table = at.dataframe[0].value
    row = table[table["id"] == story_id].iloc[0]
    assert not row["url"]  # the table's Link column: empty, nothing to click
    assert not any("](javascript" in text for text in shown_markdown(at))  # the sources list
    assert any(text.startswith("- Hostile") and "](" not in text for text in at.markdown.values)


def test_the_admin_secret_is_compared_in_constant_time(monkeypatch):
    """A timing test would be flaky; what matters is that the comparison is hmac's, so
    an `==` that returns at the first differing byte shows here."""
    import hmac

    from views import common

    calls = []

    def recording_compare(a, b):
        calls.append((a, b))
        return hmac_compare(a, b)

    hmac_compare = hmac.compare_digest
    monkeypatch.setattr(common.hmac, "compare_digest", recording_compare)
    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "s3cret")
    assert common.check_admin("s3cret") and not common.check_admin("s3creX") and not common.check_admin("")
    assert [a for a, _ in calls] == [b"s3cret", b"s3creX", b""]
    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "")
    assert not common.check_admin("")  # no secret configured: nobody is admin


def add_feed_from_dashboard(url: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("views/feeds.py").run()
    at.sidebar.text_input(key="admin_attempt").set_value("s3cret").run()
    next(b for b in at.sidebar.button if b.label == "Unlock").click().run()
    next(t for t in at.text_input if t.label == "Name").set_value("Intranet")
    next(t for t in at.text_input if t.label.startswith("RSS or Atom URL")).set_value(url)
    next(b for b in at.button if b.label == "Add feed").click().run()
    assert not at.exception, at.exception
    return at


def feed_names(engine) -> set[str]:
    with session_scope(engine) as session:
        return set(session.scalars(select(Feed.name)))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/feed.xml", "http://10.0.0.5/rss", "http://169.254.169.254/latest"])
def test_the_add_feed_form_refuses_private_addresses(make_config, monkeypatch, url):
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Dead": "http://127.0.0.1:9/feed.xml"}))
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "s3cret")
    at = add_feed_from_dashboard(url)
    assert any("local or private address" in e.value for e in at.error)
    assert feed_names(runtime.engine) == {"Dead"}


def test_the_add_feed_form_takes_a_private_address_when_allowed(make_config, monkeypatch):
    from conftest import FAST_SCHEDULER
    from ingest.runtime import prepare

    extra = FAST_SCHEDULER.replace("[dashboard]\n", "[dashboard]\nallow_private_feed_urls = true\n")
    runtime = prepare(make_config({"Dead": "http://127.0.0.1:9/feed.xml"}, extra))
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "s3cret")
    at = add_feed_from_dashboard("http://127.0.0.1:8080/feed.xml")
    assert any("Added Intranet" in s.value for s in at.success)
    assert feed_names(runtime.engine) == {"Dead", "Intranet"}
