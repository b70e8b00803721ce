"""Stages 2 and 3 away from the database: parse and process one fetched feed.

This is the CPU-bound part of a poll (feedparser, the relevance filter, the tagger), so
the orchestrator runs it in worker processes forked from the poller: `digest` takes a
FetchJob and returns a PollResult with the processed items, and never touches the
database. The workers inherit the settings, relevance filter and tagger from the
poller (set_worker_context) and end when the poller dies (die_with_parent).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from ingest import fetch as fetch_stage
from ingest.items import changed_items
from ingest.parse import ParsedEntry, ParsedFeed, ParseError, parse_feed
from ingest.polling import Hint
from ingest.process import RelevanceFilter, process_entries
from ingest.store import ItemCounts
from ingest.tagging import Tagger


@dataclass
class PollResult:
    feed: str
    outcome: str  # ok | not_modified | unchanged | error
    http_status: int | None = None
    seen: int = 0
    counts: ItemCounts = field(default_factory=ItemCounts)
    not_relevant: int = 0
    error: str | None = None
    duration_ms: int = 0
    next_check_at: datetime | None = None
    items: list = field(default_factory=list, repr=False)  # processed items awaiting storage
    bozo: str | None = None
    entry_dates: list | None = field(default=None, repr=False)  # every dated item in the body: the posting rate
    unchanged: int = 0  # items left unparsed as unchanged since the last poll: counted as duplicates
    poll_hint: Hint | None = None  # the body's own hint (ttl, sy:updatePeriod)
    interval_reason: str | None = None  # why the next poll is when it is
    item_digests: str | None = None  # the body's items, for the next poll to skip the unchanged (ingest/items.py)


@dataclass
class FetchJob:
    """A feed's fetch, waiting to be parsed, tagged and recorded."""

    feed_id: int
    name: str
    fetched: fetch_stage.FetchResult
    known_hash: str | None
    now: datetime
    started: float
    stored: dict[str, str] | None = None  # guid -> item hash stored from this feed: not tagged again
    recorded_items: str | None = None  # the item digests its last poll recorded: those not parsed again
    fingerprint: str = ""  # what reads the items (taxonomy, relevance terms, models): a change reads all again

    @property
    def needs_parsing(self) -> bool:
        fetched = self.fetched
        return fetched.ok and not fetched.not_modified and fetched.body_hash != self.known_hash


def digest(job: FetchJob, settings, relevance: RelevanceFilter, tagger: Tagger) -> PollResult:
    """Parse and process a fetched feed (no database): the CPU-bound part of a poll."""
    fetched, name = job.fetched, job.name
    if not fetched.ok:
        return PollResult(name, "error", fetched.http_status, error=f"fetch: {fetched.error}")
    if fetched.not_modified:
        return PollResult(name, "not_modified", fetched.http_status)
    if job.known_hash and fetched.body_hash == job.known_hash:
        return PollResult(name, "unchanged", fetched.http_status)
    try:
        changed = changed_items(fetched.body, job.recorded_items, job.fingerprint, settings.max_items_per_feed)
        parsed = parse_feed(changed.document, fetched.url, job.now, fetched.content_type, settings.max_items_per_feed)
    except ParseError as error:
        return PollResult(name, "error", fetched.http_status, error=f"parse: {error}")
    except Exception as error:  # feedparser on hostile input: recorded, never fatal
        return PollResult(name, "error", fetched.http_status, error=f"parse: {type(error).__name__}: {error}"[:300])
    processed = process_entries(parsed.entries, relevance, tagger, job.stored)
    return PollResult(name, "ok", fetched.http_status, seen=len(parsed.entries) + parsed.skipped + changed.unchanged,
                      not_relevant=processed.not_relevant, items=processed.items, bozo=parsed.bozo_reason,
                      entry_dates=[e.published_at for e in parsed.entries if not e.date_estimated],
                      poll_hint=parsed.poll_hint, item_digests=changed.digests, unchanged=changed.unchanged)


def parsed_entries(job: FetchJob, settings) -> list[ParsedEntry]:
    """`job`'s entries parsed again, as `digest` parsed them (the writer rebuilds from them
    the stored items the database no longer holds: store.KnownStories.load)."""
    return _parse(job, settings).entries


def _parse(job: FetchJob, settings) -> ParsedFeed:
    fetched = job.fetched
    return parse_feed(fetched.body, fetched.url, job.now, fetched.content_type, settings.max_items_per_feed)


# Worker processes are forked from the poller and inherit what they need from here.
_WORKER_CONTEXT: tuple | None = None


def set_worker_context(settings, relevance: RelevanceFilter, tagger: Tagger) -> None:
    """What the workers forked next will use (set before forking), with what their
    clustering features need loaded once here and inherited by every worker rather than
    loaded again in each: the common English stems (a cached file, or a quarter second
    to build) and numpy with the MinHash permutations (a tenth of a second a worker)."""
    from ingest.clustering.features import band_keys_of_many
    from ingest.clustering.rarity import common_stems

    global _WORKER_CONTEXT
    _WORKER_CONTEXT = (settings, relevance, tagger)
    common_stems()
    band_keys_of_many([])


def warm_up(_: int) -> None:
    return None


def die_with_parent(parent: int) -> None:
    """A parse worker ends when the process that started it is gone: killed with SIGKILL,
    that process cannot stop its workers, which would otherwise live on as orphans. A
    daemon thread looks at the parent once a second (a parent-death signal would fire when
    the forking thread ends, and the scheduler's threads come and go)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def digest_in_worker(job: FetchJob) -> PollResult:
    settings, relevance, tagger = _WORKER_CONTEXT
    try:
        return digest(job, settings, relevance, tagger)
    except Exception as error:  # reported to the parent as a recorded error
        return PollResult(job.name, "error", job.fetched.http_status, error=f"parse: {type(error).__name__}: {error}"[:300])
