"""Feeds added or switched off from the dashboard, with the checks a public form needs.

A URL typed into the dashboard could point the poller at the machine's own services;
unless the configuration allows it, addresses that resolve to loopback, private,
link-local or reserved networks are refused here, as a courtesy to whoever types it.
The protection itself is in ingest/fetch.py, which checks the address each fetch and
each redirect hop actually connects to (DNS may answer differently later).
"""
from __future__ import annotations

import socket
from urllib.parse import urlsplit

from sqlalchemy import Engine, select, text

from ingest.config import FeedConfig, url_problem


class FeedError(ValueError):
    """A feed that cannot be added; the message says why."""


def check_feed_url(url: str, allow_private: bool = False) -> str:
    """The cleaned URL, or FeedError when it is not http(s) or points at a private network."""
    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise FeedError(f"url {problem}")
    if allow_private:
        return url
    from ingest.fetch import non_public_kind  # urllib3: imported when a feed is added, not at every start

    host = urlsplit(url).hostname
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        raise FeedError(f"host name not found: {host}") from None
    for address in addresses:
        if non_public_kind(address) is not None:
            raise FeedError(f"{host} resolves to {address}, a local or private address; "
                            "set [dashboard] allow_private_feed_urls = true to allow it")
    return url


def add_feed(engine: Engine, name: str, url: str, language: str = "en", allow_private: bool = False) -> int:
    """Register a feed (polled at the next tick); returns its id."""
    name = name.strip()
    if not name:
        raise FeedError("a feed needs a name")
    url = check_feed_url(url, allow_private)
    from db.models import Feed
    from db.session import session_scope

    with session_scope(engine, write=True) as session:
        if session.scalar(select(Feed.id).where(Feed.name == name)) is not None:
            raise FeedError(f"a feed named {name!r} already exists")
        feed = Feed(name=name, url=url, language=language or "en", enabled=True, origin="dashboard", error_count=0)
        session.add(feed)
        session.flush()
        return feed.id


def set_feed_enabled(engine: Engine, feed_id: int, enabled: bool) -> None:
    from db.models import Feed
    from db.session import session_scope

    with session_scope(engine, write=True) as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            raise FeedError(f"no feed with id {feed_id}")
        feed.enabled = enabled


def sync_feeds(engine: Engine, feeds: tuple[FeedConfig, ...]) -> None:
    """Make the feeds table match the config: add new feeds, update changed ones, and
    disable config feeds that were removed (their stories and history stay).

    Every start calls it, and the config rarely changes: one read, without the write lock
    or the ORM, finds that the table matches already (see _config_feeds_match)."""
    if _config_feeds_match(engine, feeds):
        return
    from db.models import Feed
    from db.session import session_scope

    with session_scope(engine, write=True) as session:
        stored = {feed.name: feed for feed in session.scalars(select(Feed))}
        for entry in feeds:
            feed = stored.get(entry.name) or Feed(name=entry.name, origin="config", error_count=0)
            if feed.url != entry.url:
                feed.etag = feed.last_modified = feed.content_hash = feed.item_digests = None
            feed.url, feed.language, feed.enabled = entry.url, entry.language, entry.enabled
            feed.origin = "config"  # listed in the config: the operator's own, trusted (see ingest/fetch.py)
            feed.interval_minutes = entry.interval_minutes
            session.add(feed)
        configured = {entry.name for entry in feeds}
        for name, feed in stored.items():
            if feed.origin == "config" and name not in configured:
                feed.enabled = False


def _config_feeds_match(engine: Engine, feeds: tuple[FeedConfig, ...]) -> bool:
    """Whether sync_feeds would change nothing: every configured feed is stored as the
    config's, with its url, language, switch and interval, and every other config feed
    is switched off."""
    wanted = {entry.name: ("config", entry.url, entry.language, entry.enabled, entry.interval_minutes)
              for entry in feeds}
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, origin, url, language, enabled, interval_minutes FROM feeds"))
        stored = {name: (origin, url, language, bool(enabled), interval)
                  for name, origin, url, language, enabled, interval in rows}
    if any(stored.get(name) != values for name, values in wanted.items()):
        return False
    return not any(origin == "config" and enabled for name, (origin, _, _, enabled, _) in stored.items()
                   if name not in wanted)
