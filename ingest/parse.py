"""Stage 2, parse: bytes in, plain-text entries out. No network, no database.

feedparser reads RSS 0.9x/1.0/2.0 and Atom and tolerates broken XML ("bozo"); this
module turns its output into entries a person can read and the tagger can trust:
HTML stripped to text, dates in UTC (flagged when missing or absurd), links made
absolute and limited to http(s), sizes bounded.
"""
from __future__ import annotations

import calendar
import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import feedparser

from ingest.polling import body_hint

MAX_TITLE_CHARS = 500
MAX_SUMMARY_CHARS = 4000
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1)
FUTURE_TOLERANCE = timedelta(days=1)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_HOST = re.compile(r"https?://([^/?#]*)")


class ParseError(Exception):
    """The body is not a usable feed; the message says why."""


@dataclass(frozen=True)
class ParsedEntry:
    guid: str
    link: str
    title: str
    summary: str
    published_at: datetime  # naive UTC
    date_estimated: bool
    alternate_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[ParsedEntry] = field(default_factory=list)
    bozo_reason: str | None = None
    skipped: int = 0  # entries with neither a usable link nor a title
    poll_hint: object = None  # the feed's own "not more often than" (ingest.polling.Hint), or None


def parse_feed(
    body: bytes, base_url: str, fetched_at: datetime, content_type: str = "", max_items: int = 500
) -> ParsedFeed:
    """Parse `body` (fetched from `base_url` at `fetched_at`, naive UTC) into entries.

    Raises ParseError when the body holds no feed at all (empty, HTML, garbage).
    """
    if not body.strip():
        raise ParseError("empty body")
    # No content-location: relative item links are resolved below against the site's
    # link (as feed readers do), falling back to the feed's own URL.
    headers = {"content-type": content_type} if content_type else {}
    # Feed HTML is only ever reduced to plain text here (clean_text drops scripts and
    # styles with their content), so feedparser's own HTML sanitising and URI rewriting
    # inside HTML would be wasted work: about a third of its parse time.
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    bozo = _bozo_reason(parsed)
    if not parsed.entries:
        raise ParseError(_why_no_entries(parsed, body, bozo))
    feed_link = _safe_link(parsed.feed.get("link", ""), base_url) or base_url
    entries, skipped = [], 0
    for raw in parsed.entries[:max_items]:
        entry = _entry(raw, feed_link, fetched_at)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    skipped += max(0, len(parsed.entries) - max_items)
    return ParsedFeed(title=clean_text(parsed.feed.get("title", "")), entries=entries,
                      bozo_reason=bozo, skipped=skipped, poll_hint=body_hint(parsed.feed))


def _bozo_reason(parsed) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    text = str(error).strip() if error else "ill-formed feed"
    return f"{type(error).__name__}: {text}"[:300] if error else text


def _why_no_entries(parsed, body: bytes, bozo: str | None) -> str:
    head = body[:2048].lstrip().lower()
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "not a feed (HTML page)"
    if not parsed.get("version") and bozo:
        return f"not a feed ({bozo})"
    if parsed.get("version"):
        return "feed has no items"
    return "not a feed (no RSS or Atom content found)"


def _entry(raw, base: str, fetched_at: datetime) -> ParsedEntry | None:
    # Plain dict lookups for the keys feedparser maps to no other (its own get, which
    # looks for aliases first, cost a tenth of this stage); "guid" is an alias of "id".
    title = clean_text(dict.get(raw, "title", ""))[:MAX_TITLE_CHARS]
    summary = clean_text(_summary_html(raw))[:MAX_SUMMARY_CHARS]
    link = _safe_link(dict.get(raw, "link", ""), base)
    alternates = tuple(
        filter(None, (_safe_link(dict.get(item, "href", ""), base) for item in dict.get(raw, "links", [])))
    )
    if not link and alternates:
        link = alternates[0]
    if not title:
        title = _title_from(summary)
    if not title and not link:
        return None
    guid = (dict.get(raw, "id") or raw.get("guid") or link or "").strip()[:2000]
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
    published, estimated = entry_date(raw, fetched_at)
    return ParsedEntry(
        guid=guid, link=link, title=title or link, summary=summary,
        published_at=published, date_estimated=estimated, alternate_links=alternates,
    )


def _summary_html(raw) -> str:
    if dict.get(raw, "summary"):
        return raw["summary"]
    for content in dict.get(raw, "content", []) or []:
        if dict.get(content, "value"):
            return content["value"]
    return ""


def _title_from(summary: str) -> str:
    if not summary:
        return ""
    first = re.split(r"(?<=[.!?])\s", summary, maxsplit=1)[0]
    return first[:200]


def entry_date(raw, fetched_at: datetime) -> tuple[datetime, bool]:
    """The entry's date as naive UTC, and whether it was estimated (missing or absurd)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(raw, key)  # plain lookup: feedparser's own maps keys with a warning
        if not value:
            continue
        try:
            moment = datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).replace(tzinfo=None)
        except (OverflowError, ValueError, OSError, TypeError):
            continue
        if EARLIEST_PLAUSIBLE <= moment <= fetched_at + FUTURE_TOLERANCE:
            return moment, False
        return fetched_at, True
    return fetched_at, True


def _safe_link(link: str, base: str) -> str:
    """`link` made absolute against `base`, or "" unless it is http(s)."""
    if not link:
        return ""
    if link.startswith(("https://", "http://")) and link.isprintable() and " " not in link and "\\" not in link:
        host = _HOST.match(link)[1]  # urlsplit's netloc: up to the first / ? or #
        if host.isascii() and "[" not in host and "]" not in host:
            return link[:2000] if host else ""  # nothing urlsplit could find wrong with it
        try:  # already absolute: nothing to join or strip
            return link[:2000] if urlsplit(link).netloc else ""
        except ValueError:
            return ""
    link = _CONTROL.sub("", link).strip()
    try:
        absolute = urljoin(base, link)
        parts = urlsplit(absolute)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return absolute[:2000]


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    SKIP = {"script", "style", "template", "applet"}  # their content is never text to show

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def clean_text(value: str) -> str:
    """Plain text from feed HTML: tags dropped, entities decoded, control characters
    removed, whitespace folded."""
    if not value:
        return ""
    if "<" in value:
        plain = _text_of_plain_markup(value)
        value = plain if plain is not None else _text_of_markup(value)
    value = html.unescape(value)
    value = _CONTROL.sub("", value)
    return " ".join(value.split())  # the same whitespace as \s: folded to one space, trimmed


def _text_of_markup(value: str) -> str:
    extractor = _TextExtractor()
    try:
        extractor.feed(value)
        extractor.close()
        return "".join(extractor.parts)
    except Exception:  # a broken fragment still yields its text
        return re.sub(r"<[^>]*>", " ", value)


# A tag the HTML parser reads plainly: an end tag of a name alone, or a start tag of a
# name with attributes whose values hold no "<", ">" or stray quote. In a fragment made
# of these and text, the parser's text is the text between the tags, each run unescaped,
# with a space for each block tag; one expression reads it in a fraction of the time
# (most feeds' summaries are such fragments: <p>, <br/>, <a href="...">, <img .../>).
_SEP = r"[ \t\n\r\f]"  # the separators every Python version's parser reads as such
_PLAIN_TAG = re.compile(
    rf"<(?:/([a-zA-Z][a-zA-Z0-9]*){_SEP}*|([a-zA-Z][a-zA-Z0-9]*)"
    rf"""(?:{_SEP}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_SEP}*={_SEP}*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+))?)*{_SEP}*/?)>""")
# Elements whose content the parser reads as raw text, in some Python version or other:
# a fragment holding one goes to the parser itself.
_RAW_TEXT = frozenset({"script", "style", "template", "applet", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "noscript", "plaintext"})


def _text_of_plain_markup(value: str) -> str | None:
    """What _TextExtractor makes of `value` when every "<" in it opens a plain tag
    (_PLAIN_TAG), else None; up to the spaces a self-closing block tag leaves, which
    clean_text folds (tests/test_parse_text.py holds both to the same clean text)."""
    tags = list(_PLAIN_TAG.finditer(value))
    if len(tags) != value.count("<"):
        return None
    parts, start = [], 0
    for tag in tags:
        name = (tag[1] or tag[2]).lower()
        if name in _RAW_TEXT:
            return None
        parts.append(html.unescape(value[start:tag.start()]))
        if name in _TextExtractor.BLOCK:
            parts.append(" ")
        start = tag.end()
    parts.append(html.unescape(value[start:]))
    return "".join(parts)
