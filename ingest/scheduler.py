"""The scheduler: poll due feeds on a timer.

On SQLite only one process may poll a database: a lease row names the process that
runs ingestion and until when, renewed on every tick. A second scheduler finds the
lease held and stays idle (the dashboard) or refuses to start (`python -m ingest run`);
when the holder dies, its lease expires and another process takes over.

On PostgreSQL several workers may run side by side: each tick claims due feeds with
row locks (see orchestrator.claim_due_feeds), so no feed is polled twice at once.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, delete, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from db.models import SchedulerLease
from db.session import session_scope
from ingest.clock import utc_now
from ingest.orchestrator import Pipeline, claim_due_feeds

LEASE_NAME = "ingest"
TICK_SECONDS = 30
log = logging.getLogger("ingest.scheduler")


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease:
    """The database lease that makes one process the scheduler for a database."""

    def __init__(self, engine: Engine, holder: str, seconds: int):
        self.engine, self.holder, self.seconds = engine, holder, seconds

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
                    .where(SchedulerLease.name == LEASE_NAME,
                           or_(SchedulerLease.holder == self.holder, SchedulerLease.expires_at <= now))
                    .values(holder=self.holder, expires_at=expires, heartbeat_at=now)
                ).rowcount
                if taken:
                    return True
                if session.get(SchedulerLease, LEASE_NAME) is not None:
                    return False
                session.add(SchedulerLease(name=LEASE_NAME, holder=self.holder, expires_at=expires, heartbeat_at=now))
            return True
        except (IntegrityError, OperationalError):  # another process won the race
            return False

    def release(self) -> None:
        with session_scope(self.engine, write=True) as session:
            session.execute(delete(SchedulerLease).where(
                SchedulerLease.name == LEASE_NAME, SchedulerLease.holder == self.holder))


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
        self.last_tick: datetime | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        self.scheduler.add_job(self.tick, "interval", seconds=self.tick_seconds, id="poll-due-feeds",
                               next_run_time=datetime.now().astimezone())
        self.scheduler.start()

    def tick(self) -> None:
        """Renew the lease, then poll every feed that is due. Never raises."""
        with self._lock:
            try:
                self.is_leader = self.lease.acquire() if self.exclusive else True
                self.last_tick = utc_now()
                if not self.is_leader:
                    return
                due = claim_due_feeds(self.pipeline.engine, self.lease.holder, self.pipeline.settings.lease_seconds)
                if due:
                    results = self.pipeline.poll_feeds(due, progress=self._lease_renewer())
                    failed = sum(1 for r in results if r.outcome == "error")
                    log.info("polled %d feeds, %d failed", len(results), failed)
            except Exception:  # the scheduler outlives any single failure
                log.exception("scheduler tick failed")

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
            if self.exclusive and time.monotonic() - last >= every:
                last = time.monotonic()
                self.lease.acquire()
        return renew

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.is_leader and self.exclusive:
            self.lease.release()
        release_claims(self.pipeline.engine, self.lease.holder)
        self.pipeline.close()
