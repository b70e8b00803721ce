"""OPML, the format feed readers exchange subscription lists in: import a list into the
monitor, export the monitor's feeds for any reader.

An import is all or nothing: every outline is checked first (a title, an http(s) URL that
is public unless private addresses are allowed), and one line names the first problem;
feeds already registered (same name or URL) are left as they are. ElementTree resolves
no external entities and the expat it uses refuses exponential entity expansion; the
file's size is capped before it is parsed.
"""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

from sqlalchemy import Engine, select

from db.models import Feed
from db.session import session_scope
from ingest.feeds import FeedError, check_feed_url

MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class OpmlFeed:
    name: str
    url: str
    language: str = "en"


def read_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds an OPML document lists (outlines with an xmlUrl, at any depth)."""
    if len(data) > MAX_BYTES:
        raise FeedError(f"OPML file too large ({len(data):,} bytes; at most {MAX_BYTES:,})")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise FeedError(f"not valid OPML: {error}") from None
    if root.tag != "opml" or root.find("body") is None:
        raise FeedError("not valid OPML: no <opml> document with a <body>")
    feeds = []
    for number, outline in enumerate(root.iter("outline"), start=1):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            continue  # a folder
        name = (outline.get("title") or outline.get("text") or "").strip()
        if not name:
            raise FeedError(f"outline {number} ({url}) has no title or text")
        feeds.append(OpmlFeed(name, url, (outline.get("language") or "en").strip() or "en"))
    if not feeds:
        raise FeedError("the OPML file lists no feed (no outline with an xmlUrl)")
    return feeds


def import_opml(engine: Engine, data: bytes, allow_private: bool = False) -> tuple[int, int]:
    """Register the feeds of an OPML document; (added, already there). Raises FeedError
    naming the first problem, having changed nothing."""
    feeds = read_opml(data)
    checked = [OpmlFeed(feed.name, _checked_url(feed, allow_private), feed.language) for feed in feeds]
    with session_scope(engine, write=True) as session:
        names, urls = set(), set()
        for name, url in session.execute(select(Feed.name, Feed.url)):
            names.add(name)
            urls.add(url)
        added = 0
        for feed in checked:
            if feed.name in names or feed.url in urls:
                continue
            session.add(Feed(name=feed.name, url=feed.url, language=feed.language, enabled=True, origin="dashboard",
                             error_count=0))
            names.add(feed.name)
            urls.add(feed.url)
            added += 1
    return added, len(checked) - added


def _checked_url(feed: OpmlFeed, allow_private: bool) -> str:
    try:
        return check_feed_url(feed.url, allow_private)
    except FeedError as error:
        raise FeedError(f"feed {feed.name!r}: {error}") from None


def export_opml(engine: Engine) -> bytes:
    """Every feed (enabled or not) as an OPML 2.0 document, by name."""
    with session_scope(engine) as session:
        feeds = session.execute(select(Feed.name, Feed.url, Feed.language, Feed.enabled).order_by(Feed.name)).all()
    stamp = datetime.now(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")
    outlines = "\n".join(_outline(name, url, language, enabled) for name, url, language, enabled in feeds)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head>\n'
            f"    <title>Taliban engagement monitor feeds</title>\n    <dateCreated>{stamp}</dateCreated>\n  </head>\n"
            f"  <body>\n{outlines}\n  </body>\n</opml>\n").encode("utf-8")


def _outline(name: str, url: str, language: str | None, enabled: bool) -> str:
    disabled = "" if enabled else ' disabled="true"'
    return (f'    <outline type="rss" text={quoteattr(name)} title={quoteattr(name)} xmlUrl={quoteattr(url)} '
            f"language={quoteattr(language or 'en')}{disabled}/>")
