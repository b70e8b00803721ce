"""The one orchestrator: load a feed, fetch, parse, process, store, record its health.

Only this module and the scheduler touch storage during ingestion. Network and
parsing happen outside any transaction; each feed's results are then written in one
short transaction (stories, sources, tags, the feed's health and its fetch-log row),
so readers are never blocked for long and a crash leaves no half-written poll.
"""
from __future__ import annotations

import os
import threading
import time
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.exc import IntegrityError

from db.models import Feed, FetchLog
from db.session import insert_plain_rows, session_scope, update_plain_rows
from ingest import fetch as fetch_stage
from ingest.clock import utc_now
from ingest.config import Config
from ingest.crashpoint import crash_point
from ingest.digest import (FetchJob, PollResult, die_with_parent, digest, digest_in_worker, parsed_entries,
                           set_worker_context, warm_up)
from ingest.fetch_threads import GrowingThreads
from ingest.finished import FinishedPolls, collector_paused
from ingest.items import reading_fingerprint
from ingest.polling import feed_after_poll
from ingest.process import RelevanceFilter
from ingest.store import ItemCounts, KnownStories, complete_untagged, store_items, stored_item_hashes
from ingest.tagging import Tagger

# Finished polls are recorded together (one transaction) when this many wait, when
# the oldest has waited this long, or when nothing else is pending. Each group pays a
# fixed cost (the known stories' and clustering candidates' reads, the weekly, monthly
# and status refolds before commit, the commit); while parse workers still run, the
# writer only competes with them for the two cores, so fewer groups finish sooner:
# 1 s instead of 0.5 s halved a steady poll's groups (7 to 3) and cut the main
# process's CPU by a tenth (issue #13, point 7). The last group never waits: it is due
# as soon as every poll is in.
GROUP_COMMIT_POLLS = 100
GROUP_COMMIT_SECONDS = 1.0
# A request in flight this long is waiting on the network: another fetch thread pays.
SLOW_FETCH_SECONDS = 0.05


class Pipeline:
    """Everything a poll needs that is built once: settings, relevance filter, tagger."""

    def __init__(self, config: Config, engine: Engine, tagger: Tagger | None = None):
        self.config = config
        self.engine = engine
        self.settings = config.scheduler
        self.tagger = tagger or Tagger.from_file(config.taxonomy_path)
        self.relevance = RelevanceFilter(config.relevance_terms, config.relevance_ignore, self.tagger.taxonomy.relevance)
        self.fingerprint = reading_fingerprint(self.tagger.version, config.relevance_terms, config.relevance_ignore)
        self._write_lock = threading.Lock()
        self._client = None
        self._parsers: ProcessPoolExecutor | None = None
        self.last_fetch_threads = 0  # how many fetch threads the last poll_feeds needed

    def close(self) -> None:
        """Close the HTTP connections and stop the parse workers (both are kept between
        polls, so a round of unchanged feeds costs little more than its requests)."""
        if self._client is not None:
            self._client.clear()
            self._client = None
        if self._parsers is not None:
            self._parsers.shutdown(cancel_futures=True)
            self._parsers = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def client(self) -> fetch_stage.Clients:
        """The connection pools: config feeds' and (checked peers) dashboard feeds'."""
        if self._client is None:
            self._client = fetch_stage.Clients(self.settings, self.config.dashboard.allow_private_feed_urls)
        return self._client

    def refresh_feed(self, feed_id: int) -> PollResult:
        """Poll one feed now and record the outcome; never raises for a feed's own fault."""
        job = self._fetch(feed_id, self.client)
        result = digest(job, self.settings, self.relevance, self.tagger)
        return self._finish(job, result)

    def _fetch(self, feed_id: int, clients: fetch_stage.Clients, snapshot: FeedSnapshot | None = None) -> FetchJob:
        started, now = time.monotonic(), utc_now()
        feed = snapshot or _feed_snapshots(self.engine, [feed_id])[feed_id]
        fetched = fetch_stage.fetch_feed(clients.for_origin(feed.origin), feed.url, self.settings, feed.etag,
                                         feed.last_modified)
        return FetchJob(feed_id, feed.name, fetched, feed.content_hash, now, started,
                        recorded_items=feed.item_digests, fingerprint=self.fingerprint)

    def _finish(self, job: FetchJob, result: PollResult) -> PollResult:
        self._record(job, _timed(result, job, time.monotonic()))
        return result

    def _finish_batch(self, finished: list[tuple[FetchJob, PollResult]]) -> None:
        """Record several finished polls in one transaction (a group commit).

        Each poll is still all-or-nothing: the group commits together or not at all. On a
        conflict with another writer the polls are recorded one by one instead.
        """
        try:
            with self._write_lock, session_scope(self.engine, write=True) as session:
                self._write_polls(session, finished)
        except IntegrityError:
            for job, result in finished:
                result.counts = ItemCounts()
                self._record(job, result)

    def _record(self, job: FetchJob, result: PollResult) -> None:
        """Write one poll's outcome in one transaction, one writer at a time.

        A unique-key conflict means another process stored the same story meanwhile;
        the poll is written again, and then finds that story and adds its source.
        """
        for attempt in range(3):
            try:
                with self._write_lock, session_scope(self.engine, write=True) as session:
                    return self._write_polls(session, [(job, result)])
            except IntegrityError:
                if attempt == 2:
                    raise

    def _write_polls(self, session, finished: list[tuple[FetchJob, PollResult]]) -> None:
        """Stories of the polls that brought any, then every feed's health and fetch-log
        row as driver-level bulk statements: a round of 304s costs a few statements, not
        hundreds, and no per-row work in the ORM."""
        feeds = {feed.id: feed for feed in  # rows, not ORM objects: a round of 304s reads 200 of them
                 session.execute(select(*_RECORDED_FEED_COLUMNS).where(Feed.id.in_([job.feed_id for job, _ in finished])))}
        stored = [(job, result) for job, result in finished if result.outcome == "ok" and job.feed_id in feeds]
        known = KnownStories.load(session, [(feeds[job.feed_id].name, result.items) for job, result in stored],
                                  restore=lambda index: parsed_entries(stored[index][0], self.settings))
        known.defer_clustering = True
        health, log, backlog = [], [], set()
        for job, result in finished:
            feed = feeds.get(job.feed_id)
            if feed is None:
                continue  # removed meanwhile: nothing to record against
            if result.outcome == "ok":
                result.items = complete_untagged(result.items, known, feed.name, self.tagger)
                result.counts = store_items(session, feed, result.items, job.now, known)
                result.counts.duplicate += result.unchanged  # unparsed: the same bytes as stored last time
                if feed.last_success_at is None:  # a new feed's backlog: its alerts go in one digest
                    backlog |= {known.story_ids[id(item)] for item in result.items if id(item) in known.story_ids}
            health.append(feed_after_poll(feed, job.fetched, result, job.now, self.config))
            log.append(_log_row(job, result))
        known.cluster_pending(session)
        update_plain_rows(session, Feed.__table__, health)
        insert_plain_rows(session, FetchLog.__table__, log)
        self._raise_alerts(session, set(known.story_ids.values()), backlog)
        crash_point("uncommitted")

    def _raise_alerts(self, session, new_ids: set[int], backlog: set[int]) -> None:
        """The alerts these stories raise, into the outbox in this same transaction
        (ingest/alerts/outbox.py): they commit with the stories or not at all."""
        if self.config.alerts and new_ids:
            from ingest.alerts.outbox import raise_alerts

            raise_alerts(session, self.config.alerts, new_ids, backlog, self.tagger.taxonomy.actor_labels, utc_now())

    def poll_feeds(self, feed_ids: list[int], workers: int = 4, progress=None,
                   parse_processes: int = 0) -> list[PollResult]:
        """Poll `feed_ids`: fetch on up to `workers` threads (more only while the network
        is slow: see ingest/fetch_threads.py), parse and tag in `parse_processes` worker
        processes when asked (CPU-bound; both cores), and write from this thread alone
        (one writer), a group of finished polls at a time."""
        if not feed_ids:
            return []
        snapshots = _feed_snapshots(self.engine, feed_ids)
        if parse_processes > 1 and len(feed_ids) > 1:
            self._ensure_parsers(parse_processes)
        finished, client = FinishedPolls(len(feed_ids), GROUP_COMMIT_POLLS), self.client
        fetchers = GrowingThreads(lambda fid: self._poll_until_parsed(fid, client, snapshots.get(fid), finished),
                                  feed_ids, workers, SLOW_FETCH_SECONDS)
        results = []
        try:
            with collector_paused():
                while finished.expected:
                    finished.wait(SLOW_FETCH_SECONDS)
                    fetchers.grow_if_slow()
                    if finished.due(GROUP_COMMIT_SECONDS):
                        recorded = self._record_group(finished.take())
                        results += recorded
                        for result in recorded if progress else ():
                            progress(result)
        finally:
            fetchers.cancel()
            fetchers.join()
        self.last_fetch_threads = fetchers.started
        return results

    def _poll_until_parsed(self, feed_id: int, client, snapshot: FeedSnapshot | None, finished: FinishedPolls) -> None:
        """In a fetch thread: fetch, then hand the body to a parse worker, or digest it
        here when that is trivial (304, same hash, error) or there are no workers.
        Every feed ends up in `finished`, whatever fails."""
        try:
            job = self._safe_fetch(feed_id, client, snapshot)
            if not isinstance(job, FetchJob):
                finished.put(None, job)  # the fetch failed before anything could be recorded
                return
            if job.needs_parsing and not _never_succeeded(snapshot):  # else it has stored nothing to skip
                job.stored = self._stored_items(job.name)
            if not (job.needs_parsing and self._to_parser(job, finished)):
                finished.put(job, self._safe_digest(job))
        except Exception as error:  # a bug here must not leave the writer waiting for this feed
            finished.put(None, PollResult(str(feed_id), "error", error=f"poll: {type(error).__name__}: {error}"[:300]))

    def _record_group(self, group: list[tuple]) -> list[PollResult]:
        """Record a group of finished polls in one transaction; their results."""
        polls = [(job, self._parsed(outcome, job) if isinstance(outcome, Future) else outcome, done_at)
                 for job, outcome, done_at in group]
        recordable = [(job, _timed(result, job, done_at)) for job, result, done_at in polls if job is not None]
        if recordable:
            self._safe_finish_batch(recordable)
            crash_point("committed")
        for _, result in recordable:
            result.items = []  # stored: kept to the end of a poll, they would only burden memory and the GC
            result.entry_dates = None
        return [result for _, result, _ in polls]

    def _stored_items(self, feed_name: str) -> dict[str, str] | None:
        """What the feed has stored (guid -> item hash), read in the fetch thread; None
        when it cannot be read (every item is then tagged, as on a first poll)."""
        try:  # a plain connection: a session costs several times the query, 200 times a poll
            with self.engine.connect() as connection:
                return stored_item_hashes(connection, feed_name, 2 * self.settings.max_items_per_feed)
        except Exception:  # a read failing here costs tagging time, never a story
            return None

    def _to_parser(self, job: FetchJob, finished: FinishedPolls) -> bool:
        """Hand `job` to a parse worker; False when there is none (the pool broke)."""
        if self._parsers is None:
            return False
        try:
            future = self._parsers.submit(digest_in_worker, job)
        except (BrokenProcessPool, RuntimeError):  # broken, or shut down meanwhile
            return False
        future.add_done_callback(lambda done: finished.put(job, done))
        return True

    def _parsed(self, future: Future, job: FetchJob) -> PollResult:
        """A parse worker's result; if the worker died (killed, out of memory), the feed
        is parsed here and the next poll starts new workers."""
        try:
            return future.result()
        except BrokenProcessPool:
            self._drop_parsers()
            return self._safe_digest(job)

    def _drop_parsers(self) -> None:
        if self._parsers is not None:
            self._parsers.shutdown(wait=False, cancel_futures=True)
            self._parsers = None

    def _ensure_parsers(self, processes: int) -> None:
        """The parse workers, forked at the first poll that needs them, before any of its
        fetch threads runs (a process forked while other threads run can inherit their
        held locks), and kept for the next polls."""
        if self._parsers is not None and (self._parsers._broken or self._parsers._max_workers != processes):
            self._drop_parsers()  # a worker died since the last poll, or another size is wanted
        if self._parsers is None:
            set_worker_context(self.settings, self.relevance, self.tagger)
            self._parsers = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork"),
                                                initializer=die_with_parent, initargs=(os.getpid(),))
            list(self._parsers.map(warm_up, range(processes)))

    def _safe_fetch(self, feed_id: int, client, snapshot: FeedSnapshot | None):
        try:
            return self._fetch(feed_id, client, snapshot)
        except Exception as error:  # a database fault must not stop the other feeds
            return PollResult(str(feed_id), "error", error=f"fetch: {type(error).__name__}: {error}"[:300])

    def _safe_digest(self, job: FetchJob) -> PollResult:
        try:
            return digest(job, self.settings, self.relevance, self.tagger)
        except Exception as error:  # a bug must not stop the other feeds
            return PollResult(job.name, "error", job.fetched.http_status, error=f"parse: {type(error).__name__}: {error}"[:300])

    def _safe_finish_batch(self, finished: list[tuple[FetchJob, PollResult]]) -> None:
        """A group that cannot be written is written poll by poll, so a fault in one feed's
        rows costs that feed alone (issue #14): its error is recorded on it, the others stored."""
        try:
            self._finish_batch(finished)
        except Exception:
            for job, result in finished:
                result.counts = ItemCounts()  # the group's counts were rolled back with it
                self._safe_record(job, result)

    def _safe_record(self, job: FetchJob, result: PollResult) -> None:
        try:
            self._record(job, result)
        except Exception as error:  # this poll's own fault: record it as the feed's error
            result.outcome, result.error = "error", f"store: {type(error).__name__}: {error}"[:300]
            result.items, result.counts = [], ItemCounts()
            try:
                self._record(job, result)
            except Exception:  # the database itself is unusable: the result still says why
                pass


# What recording a poll reads of its feed (store_items and polling.feed_after_poll).
_RECORDED_FEED_COLUMNS = (Feed.id, Feed.name, Feed.language, Feed.etag, Feed.last_modified,
                          Feed.interval_minutes, Feed.error_count, Feed.newest_entry_at, Feed.rate_items,
                          Feed.rate_since, Feed.hint_minutes, Feed.hint_reason, Feed.poll_interval_minutes,
                          Feed.last_success_at)

class FeedSnapshot(NamedTuple):
    """What a fetch needs of a feed: its validators, its last body hash, its origin (which
    connection pool) and when it last succeeded."""
    name: str
    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    origin: str | None
    last_success_at: datetime | None
    item_digests: str | None


def _feed_snapshots(engine: Engine, feed_ids: list[int]) -> dict[int, FeedSnapshot]:
    """Each feed's snapshot, read at once."""
    with session_scope(engine) as session:
        rows = session.execute(select(Feed.id, Feed.name, Feed.url, Feed.etag, Feed.last_modified, Feed.content_hash,
                                      Feed.origin, Feed.last_success_at, Feed.item_digests)
                               .where(Feed.id.in_(feed_ids))).all()
    return {row[0]: FeedSnapshot(*row[1:]) for row in rows}


def _never_succeeded(snapshot: FeedSnapshot | None) -> bool:
    """A feed never polled with success has stored no story, so a first poll skips the
    read of its stored items (200 queries on the fetch threads, competing with the writer
    for the interpreter). Not the body hash: a changed URL clears it, not the stories."""
    return snapshot is not None and snapshot.last_success_at is None


def _timed(result: PollResult, job: FetchJob, done_at: float) -> PollResult:
    """The poll's own duration, fetch to parsed; the wait for its group's commit is not its own."""
    result.duration_ms = int((done_at - job.started) * 1000)
    return result


def _log_row(job: FetchJob, result: PollResult) -> dict:
    return {
        "feed_id": job.feed_id, "started_at": job.now, "duration_ms": result.duration_ms, "outcome": result.outcome,
        "http_status": result.http_status, "items_seen": result.seen, "items_new": result.counts.new,
        "items_updated": result.counts.updated, "items_duplicate": result.counts.duplicate,
        "items_not_relevant": result.not_relevant, "error": result.error,
    }


def claim_due_feeds(engine: Engine, worker: str, claim_seconds: int, limit: int = 100,
                    now: datetime | None = None) -> list[int]:
    """Claim up to `limit` due feeds for `worker` until they are recorded or the claim expires.

    On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED, so workers polling one
    database never take the same feed; a worker that dies leaves claims that expire after
    `claim_seconds`, and its feeds go to the others. On SQLite the write lock serialises claims.
    """
    now = now or utc_now()
    with session_scope(engine, write=True) as session:
        due = (
            select(Feed.id)
            .where(Feed.enabled.is_(True), or_(Feed.next_check_at.is_(None), Feed.next_check_at <= now),
                   or_(Feed.claimed_until.is_(None), Feed.claimed_until < now))
            .order_by(Feed.next_check_at.is_not(None), Feed.next_check_at, Feed.id).limit(limit)
        )
        if engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list(session.scalars(due))
        if ids:
            session.execute(update(Feed).where(Feed.id.in_(ids))
                            .values(claimed_by=worker, claimed_until=now + timedelta(seconds=claim_seconds)))
    return ids


def enabled_feed_ids(engine: Engine) -> list[int]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Feed.id).where(Feed.enabled.is_(True)).order_by(Feed.name)))


def schedule_now(engine: Engine, feed_id: int) -> None:
    """Mark a feed due at once (the dashboard's "poll now")."""
    with session_scope(engine, write=True) as session:
        session.execute(update(Feed).where(Feed.id == feed_id).values(next_check_at=utc_now()))
