"""Stories as an Atom feed (RFC 4287) that any reader and validator accepts.

Used by the Atom endpoint of filtered views (ingest/atom_server.py), the dashboard's
download button and `export --format atom`. The feed's title says the filter in words
("Taliban engagement monitor — Russia, recognition"); its id is a urn:uuid derived from
the filter, so a view keeps its id wherever it is served from; entries are identified by
their story's web address, or a urn:uuid of it when it is none (the seed's urn:seed:).
Written by hand with ElementTree: the format is small and a library would add
dependencies for four elements (issue #13, point 9).
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from db.queries import StoryFilter, filter_to_params
from ingest.taxonomy import LEVEL_LABELS

ATOM_NS = "http://www.w3.org/2005/Atom"
MONITOR = "Taliban engagement monitor"
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "taliban-engagement-monitor.invalid")  # fixed: ids never change
_NOT_IN_AN_IRI = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f]")


@dataclass(frozen=True)
class AtomFeed:
    """What a feed says about itself; `self_url` is where it is served (none for a file)."""

    title: str
    feed_id: str
    self_url: str = ""

    @classmethod
    def for_filter(cls, flt: StoryFilter, actor_labels: dict[str, str] | None = None, self_url: str = "") -> AtomFeed:
        return cls(title=feed_title(flt, actor_labels or {}), feed_id=feed_id(flt), self_url=self_url)


def feed_title(flt: StoryFilter, actor_labels: dict[str, str]) -> str:
    """The filter in words: "Taliban engagement monitor — Russia, recognition"."""
    parts = [actor_labels.get(actor, actor) for actor in flt.actors]
    parts += [topic.replace("_", " ") for topic in flt.topics]
    parts += [LEVEL_LABELS.get(level, level).lower() for level in flt.levels]
    parts += [f"from {source}" for source in flt.sources]
    parts += [f"in {language}" for language in flt.languages]
    if flt.query:
        parts.append(f"search “{flt.query}”")
    if flt.participants_only and flt.actors:
        parts.append("participants only")
    if flt.since or flt.until:
        parts.append(f"{flt.since or 'start'} to {flt.until or 'now'}")
    return f"{MONITOR} — {', '.join(parts) if parts else 'all stories'}"


def feed_id(flt: StoryFilter) -> str:
    """A permanent id per filter: the same view has the same id on any host or port."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, urlencode(sorted(filter_to_params(flt).items()), doseq=True))}"


def entry_id(url: str) -> str:
    """The story's web address when it is a valid IRI, else a urn:uuid made from it."""
    if url.startswith(("http://", "https://")) and not _NOT_IN_AN_IRI.search(url):
        return url
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, url)}"


def write_atom(records, stream, feed: AtomFeed) -> int:
    """Write `records` (newest first, as db.records gives them) to a binary stream."""
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(_atom("feed"))
    _text(root, "title", feed.title)
    _text(root, "id", feed.feed_id)
    updated = _text(root, "updated", "")
    author = ET.SubElement(root, _atom("author"))
    _text(author, "name", MONITOR)
    if feed.self_url:
        ET.SubElement(root, _atom("link"), rel="self", type="application/atom+xml", href=feed.self_url)
    _text(root, "generator", MONITOR)
    count, newest = 0, None
    for record in records:
        _entry(root, record)
        newest = max(newest or record["published_at"], record["published_at"])
        count += 1
    updated.text = newest or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ET.ElementTree(root).write(stream, encoding="utf-8", xml_declaration=True)
    return count


def _entry(root: ET.Element, record: dict) -> None:
    """One story: a web link when it has one, else its summary as content (RFC 4287
    4.1.2: an entry needs an alternate link or content)."""
    entry = ET.SubElement(root, _atom("entry"))
    _text(entry, "title", _xml_safe(record["title"]) or "(untitled)")
    _text(entry, "id", entry_id(record["url"]))
    _text(entry, "updated", record["published_at"])
    _text(entry, "published", record["published_at"])
    summary = _xml_safe(record["summary"])
    if record["url"].startswith(("http://", "https://")) and entry_id(record["url"]) == record["url"]:
        ET.SubElement(entry, _atom("link"), rel="alternate", type="text/html", href=record["url"])
        if summary:
            _text(entry, "summary", summary)
    else:
        _text(entry, "content", summary or _xml_safe(record["title"])).set("type", "text")
    for source in record["sources"]:
        contributor = ET.SubElement(entry, _atom("contributor"))
        _text(contributor, "name", _xml_safe(source))
    for term in record["actors"] + record["topics"]:
        ET.SubElement(entry, _atom("category"), term=term)


def _atom(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _atom(name))
    element.text = text
    return element


def _xml_safe(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch in "\t\n\r" or ord(ch) >= 32)
