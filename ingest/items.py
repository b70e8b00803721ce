"""A changed feed body parsed for its changed items only.

A feed that gained two items since its last poll is still a whole new body: its hash
differs, so without this every item of it is parsed again (feedparser's cost grows with
the body, not with what is new). Here the body is cut into its items (RSS `<item>`, Atom
`<entry>`) as raw bytes; each item's digest is compared with those the feed's previous
poll recorded, and feedparser reads a document made of the body's head, the items whose
bytes changed, and its tail, so namespaces, the channel's ttl and xml:base still apply.

Only bodies cut cleanly are read this way: items that open and close in turn, none
inside a CDATA section or a comment, in an ASCII-compatible encoding. Anything else is
parsed whole, as before. The digests are kept with a fingerprint of what read the items
(the taxonomy's version, the relevance terms, the learned models): when any of them
changes, every item is read again, so a widened relevance term reaches items an earlier
poll dropped.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_OPENING = re.compile(rb"<(item|entry)[\s>/]")
_CLOSING = {b"item": b"</item>", b"entry": b"</entry>"}
_OPAQUE = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)
_MARKER = re.compile(rb"</?(?:item|entry)[\s>/]")
_ASCII_COMPATIBLE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<")  # UTF-16 and UTF-32 bodies are parsed whole


@dataclass(frozen=True)
class ItemSplit:
    """A body cut into the bytes before its first item, its items, and the bytes after."""

    head: bytes
    items: list[bytes]
    tail: bytes

    def digests(self, limit: int) -> list[str]:
        return [item_digest(item) for item in self.items[:limit]]

    def with_items(self, kept: list[bytes]) -> bytes:
        """The body with only `kept` of its items, in their order (what lay between items goes)."""
        return self.head + b"\n".join(kept) + self.tail


def item_digest(item: bytes) -> str:
    return hashlib.blake2b(item, digest_size=8).hexdigest()


def split_items(body: bytes) -> ItemSplit | None:
    """`body` cut at its items, or None when it cannot be cut with certainty."""
    if not _ASCII_COMPATIBLE.match(body[:64]):
        return None
    openings = list(_OPENING.finditer(body))
    if not openings:
        return None
    closing = _CLOSING[openings[0].group(1)]
    if any(found.group(1) != openings[0].group(1) for found in openings):
        return None  # items and entries in one body: parsed whole
    items, position = [], openings[0].start()
    for index, found in enumerate(openings):
        if found.start() < position:
            return None  # an item opening inside the one before
        end = body.find(closing, found.end())
        following = openings[index + 1].start() if index + 1 < len(openings) else len(body)
        if end < 0 or end > following:
            return None
        position = end + len(closing)
        items.append(body[found.start():position])
    head, tail = body[:openings[0].start()], body[position:]
    if _hides_markers(body):
        return None
    return ItemSplit(head, items, tail)


def _hides_markers(body: bytes) -> bool:
    """Does a CDATA section or a comment hold an item's tag (text, not markup)?"""
    return any(_MARKER.search(opaque.group(0)) for opaque in _OPAQUE.finditer(body))


@dataclass(frozen=True)
class ChangedItems:
    """What a poll parses: the document (the whole body, or its changed items), the
    digests to record for the next poll, and how many items were left out as unchanged."""

    document: bytes
    digests: str | None
    unchanged: int


def changed_items(body: bytes, recorded: str | None, fingerprint: str, limit: int) -> ChangedItems:
    """The part of `body` to parse, given the digests the previous poll `recorded`."""
    split = split_items(body)
    if split is None:
        return ChangedItems(body, None, 0)
    digests = split.digests(limit)
    record = " ".join([fingerprint, *digests])
    known = _known(recorded, fingerprint)
    if known is None:
        return ChangedItems(body, record, 0)
    kept = [item for item, digest in zip(split.items, digests) if digest not in known]
    # With none changed, the first item is read all the same: a feed must hold an item to be
    # read as one, and the head's hints (ttl) are read with it.
    kept = kept or split.items[:1]
    return ChangedItems(split.with_items(kept), record, len(digests) - len(kept))


def _known(recorded: str | None, fingerprint: str) -> set[str] | None:
    """The digests recorded under the same fingerprint, else None (read every item)."""
    if not recorded:
        return None
    first, _, rest = recorded.partition(" ")
    return set(rest.split()) if first == fingerprint else None


def reading_fingerprint(tagger_version: str, relevance_terms, relevance_ignore) -> str:
    """What decides which items are kept and how they are tagged (the taxonomy's version,
    the relevance terms, the learned models' files), in 16 characters."""
    from ingest.tagging.levelmodel import MODEL_PATH
    from ingest.tagging.storymodel import RELEVANCE_MODEL_PATH, TOPIC_MODEL_PATH

    text = "\x1f".join([str(tagger_version), *sorted(relevance_terms), "\x1e", *sorted(relevance_ignore)])
    fingerprint = hashlib.blake2b(text.encode(), digest_size=8)
    for path in (MODEL_PATH, RELEVANCE_MODEL_PATH, TOPIC_MODEL_PATH):  # retrained, they read items differently
        try:
            fingerprint.update(path.read_bytes())
        except OSError:
            fingerprint.update(b"missing")
    return fingerprint.hexdigest()
