"""The scheduler: poll due feeds on a timer.

On SQLite only one process may poll a database: a lease row names the process that
runs ingestion and until when, renewed on every tick. A second scheduler finds the
lease held and stays idle (the dashboard) or refuses to start (`python -m ingest run`);
when the holder dies, its lease expires and another process takes over.

On PostgreSQL several workers may run side by side: each tick claims due feeds with
row locks (see orchestrator.claim_due_feeds), so no feed is polled twice at once; each
keeps a presence row ("worker:<id>") in the lease table, renewed on every tick, so the
dashboard can tell whether anybody polls.

The scheduler also keeps the fetch log within its retention (ingest/retention.py), bounds
SQLite's page caches and gives freed memory back after each poll (ingest/memory.py): it
runs for months.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, delete, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from db.models import Feed, SchedulerLease
from db.session import session_scope
from ingest.clock import utc_now
from ingest.memory import give_back_free_memory, limit_sqlite_memory
from ingest.orchestrator import Pipeline, claim_due_feeds
from ingest.retention import Pruner

LEASE_NAME = "ingest"
WORKER_PREFIX = "worker:"  # presence rows of PostgreSQL workers
TICK_SECONDS = 30
log = logging.getLogger("ingest.scheduler")


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease:
    """The database lease that makes one process the scheduler for a database."""

    def __init__(self, engine: Engine, holder: str, seconds: int, name: str = LEASE_NAME):
        self.engine, self.holder, self.seconds, self.name = engine, holder, seconds, name

    def acquire(self, now: datetime | None = None) -> bool:
        """Take or renew the lease; False while another live holder has it.

        One conditional UPDATE decides, so two processes racing for an expired lease
        cannot both win, on SQLite as on PostgreSQL.
        """
        now = now or utc_now()
        expires = now + timedelta(seconds=self.seconds)
        try:
            with session_scope(self.engine, write=True) as session:
                taken = session.execute(
                    update(SchedulerLease)
                    .where(SchedulerLease.name == self.name,
                           or_(SchedulerLease.holder == self.holder, SchedulerLease.expires_at <= now))
                    .values(holder=self.holder, expires_at=expires, heartbeat_at=now)
                ).rowcount
                if taken:
                    return True
                if session.get(SchedulerLease, self.name) is not None:
                    return False
                session.add(SchedulerLease(name=self.name, holder=self.holder, expires_at=expires, heartbeat_at=now))
            return True
        except (IntegrityError, OperationalError):  # another process won the race
            return False

    def release(self) -> None:
        with session_scope(self.engine, write=True) as session:
            session.execute(delete(SchedulerLease).where(
                SchedulerLease.name == self.name, SchedulerLease.holder == self.holder))


def forget_dead_workers(engine: Engine, now: datetime) -> None:
    """Delete the presence rows of PostgreSQL workers that stopped renewing them."""
    with session_scope(engine, write=True) as session:
        session.execute(delete(SchedulerLease).where(
            SchedulerLease.name.startswith(WORKER_PREFIX), SchedulerLease.expires_at <= now))


def release_claims(engine: Engine, worker: str) -> None:
    """Give back feeds this worker claimed but did not poll (on a clean shutdown)."""
    from db.models import Feed

    with session_scope(engine, write=True) as session:
        session.execute(update(Feed).where(Feed.claimed_by == worker).values(claimed_by=None, claimed_until=None))


def current_holder(engine: Engine) -> tuple[str, datetime] | None:
    """Who holds a live lease, and until when; None when nobody does."""
    with session_scope(engine) as session:
        lease = session.scalar(select(SchedulerLease).where(SchedulerLease.name == LEASE_NAME))
        if lease is None or lease.expires_at <= utc_now():
            return None
        return lease.holder, lease.expires_at


def live_holders(engine: Engine) -> list[tuple[str, datetime]]:
    """Every process that polls this database now (the SQLite lease holder, or the
    PostgreSQL workers), with when its lease ends; empty when nobody polls."""
    with session_scope(engine) as session:
        rows = session.execute(select(SchedulerLease.holder, SchedulerLease.expires_at)
                               .where(SchedulerLease.expires_at > utc_now())
                               .order_by(SchedulerLease.name)).all()
    return [tuple(row) for row in rows]


@dataclass
class SchedulerStatus:
    """What the Feeds page says about polling: this process's scheduler and the database's view."""

    here: bool = False  # this process has a scheduler
    running: bool = False
    polling: bool = False  # ... and it holds the lease (on PostgreSQL: it is a live worker)
    started_at: datetime | None = None
    last_tick: datetime | None = None
    holders: list[tuple[str, datetime]] = field(default_factory=list)  # every live poller
    next_due: tuple[str, datetime | None] | None = None  # (feed, when; None = now)


def scheduler_status(engine: Engine, scheduler: IngestScheduler | None = None) -> SchedulerStatus:
    """This process's `scheduler` (None when it has none) and who polls the database."""
    with session_scope(engine) as session:
        next_due = session.execute(
            select(Feed.name, Feed.next_check_at).where(Feed.enabled.is_(True))
            .order_by(Feed.next_check_at.is_not(None), Feed.next_check_at).limit(1)).first()
    status = SchedulerStatus(holders=live_holders(engine), next_due=tuple(next_due) if next_due else None)
    if scheduler is not None:
        status.here, status.running = True, scheduler.running
        status.polling = scheduler.is_leader and any(h == scheduler.lease.holder for h, _ in status.holders)
        status.started_at, status.last_tick = scheduler.started_at, scheduler.last_tick
    return status


class IngestScheduler:
    """APScheduler job that polls due feeds while this process holds the lease."""

    def __init__(self, pipeline: Pipeline, tick_seconds: int = TICK_SECONDS):
        self.pipeline = pipeline
        self.lease = Lease(pipeline.engine, holder_id(), pipeline.settings.lease_seconds)
        self.tick_seconds = tick_seconds
        self.scheduler = BackgroundScheduler(timezone="UTC", job_defaults={
            "max_instances": 1, "coalesce": True, "misfire_grace_time": tick_seconds})
        self.is_leader = False
        self.exclusive = pipeline.engine.dialect.name == "sqlite"  # one scheduler per SQLite file
        if not self.exclusive:
            self.lease.name = WORKER_PREFIX + self.lease.holder.rsplit(":", 1)[-1]
        self.pruner = Pruner(pipeline.engine, pipeline.settings.fetch_log_retention_days)
        self.started_at: datetime | None = None
        self.last_tick: datetime | None = None
        self.last_polled = 0  # feeds polled by the last tick
        self._lock = threading.Lock()

    def start(self) -> None:
        limit_sqlite_memory(self.pipeline.engine)  # it runs for months: see ingest/memory.py
        self.scheduler.add_job(self.tick, "interval", seconds=self.tick_seconds, id="poll-due-feeds",
                               next_run_time=datetime.now().astimezone())
        self.scheduler.start()
        self.started_at = utc_now()

    @property
    def running(self) -> bool:
        return self.scheduler.running

    def tick(self) -> None:
        """Renew the lease, poll every feed that is due, prune the fetch log when due.
        Never raises."""
        with self._lock:
            try:
                self.is_leader = self.lease.acquire()  # on PostgreSQL: this worker's presence row
                self.last_tick = utc_now()
                if self.is_leader:
                    self._poll_due()
                    self._deliver_alerts()
                    self._upkeep()
            except Exception:  # the scheduler outlives any single failure
                log.exception("scheduler tick failed")

    def _poll_due(self) -> None:
        """Poll the feeds due before the middle of the next tick interval: a feed due a
        second after this tick is polled now rather than a whole tick late, so a feed
        polled every minute with 30 s ticks is polled every minute, not every 90 s."""
        soon = utc_now() + timedelta(seconds=self.tick_seconds / 2)
        batch, self.last_polled = self.pipeline.settings.claim_batch, 0
        while True:  # batch after batch (claim_batch): other workers claim theirs meanwhile
            due = claim_due_feeds(self.pipeline.engine, self.lease.holder, self.pipeline.settings.lease_seconds,
                                  limit=batch, now=soon)
            self.last_polled += len(due)
            if due:
                results = self.pipeline.poll_feeds(due, progress=self._lease_renewer())
                failed = sum(1 for r in results if r.outcome == "error")
                log.info("polled %d feeds, %d failed", len(results), failed)
                del results
                give_back_free_memory()  # the poll's bodies and items are free now
            if len(due) < batch:
                return

    def _deliver_alerts(self) -> None:
        """After each poll (and each tick, for retries that came due): the outbox's due
        digests and deliveries (ingest/alerts/delivery.py). Never raises."""
        rules = self.pipeline.config.alerts
        if not rules:
            return
        from ingest.alerts.delivery import run_outbox

        try:
            report = run_outbox(self.pipeline.engine, rules, self.lease.holder, self.pipeline.settings.lease_seconds)
            if report.sent or report.failed:
                log.info("alerts: %d sent, %d failed (retried later)", report.sent, len(report.failed))
        except Exception:  # delivery must not stop polling
            log.exception("alert delivery failed")

    def _upkeep(self) -> None:
        """Fetch-log retention (and, on PostgreSQL, dead workers' presence rows)."""
        now = utc_now()
        if self.pruner.maybe_prune(now) and not self.exclusive:
            forget_dead_workers(self.pipeline.engine, now)

    def _lease_renewer(self):
        """A poll's progress callback that keeps the lease alive through a long poll.

        A renewal is a write transaction, and finished polls arrive in groups of up to a
        hundred: renewing on each would cost a write per feed. Once per a third of the
        lease's length keeps it safely alive.
        """
        every = self.lease.seconds / 3
        last = time.monotonic()

        def renew(_result) -> None:
            nonlocal last
            if time.monotonic() - last >= every:
                last = time.monotonic()
                self.lease.acquire()
        return renew

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.is_leader:
            self.lease.release()
        release_claims(self.pipeline.engine, self.lease.holder)
        self.pipeline.close()
