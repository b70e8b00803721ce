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
