"""Keep the fetch log within its retention, so months of polling do not grow the database.

Every poll of every feed adds a fetch-log row: 17 feeds polled every 30 minutes make
about 300,000 rows a year, and a feed polled every minute 500,000 on its own. The
scheduler deletes rows older than `fetch_log_retention_days`, at most every
PRUNE_EVERY_SECONDS (a delete per tick would be a write for nothing), and keeps each
feed's latest row whatever its age: the health table shows that poll's counts. Each
prune also runs SQLite's PRAGMA optimize.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select

from db.models import FetchLog
from db.session import session_scope

PRUNE_EVERY_SECONDS = 300


def prune_fetch_log(engine: Engine, older_than: datetime) -> int:
    """Delete fetch-log rows started before `older_than` (naive UTC), except each
    feed's latest; the number deleted."""
    latest = select(func.max(FetchLog.id)).group_by(FetchLog.feed_id).scalar_subquery()
    with session_scope(engine, write=True) as session:
        return session.execute(
            delete(FetchLog).where(FetchLog.started_at < older_than, FetchLog.id.not_in(latest))
        ).rowcount


class Pruner:
    """Prunes the fetch log when due: on the first call, then every PRUNE_EVERY_SECONDS."""

    def __init__(self, engine: Engine, retention_days: float, every_seconds: float = PRUNE_EVERY_SECONDS):
        self.engine, self.retention = engine, timedelta(days=retention_days)
        self.every = timedelta(seconds=every_seconds)
        self.last_run: datetime | None = None
        self.last_deleted = 0

    def maybe_prune(self, now: datetime) -> bool:
        """Prune if due at `now` (naive UTC); whether it did (`last_deleted` says how many)."""
        if self.last_run is not None and now - self.last_run < self.every:
            return False
        self.last_run = now
        self.last_deleted = prune_fetch_log(self.engine, now - self.retention)
        optimize(self.engine)
        return True


def optimize(engine: Engine) -> None:
    """SQLite's PRAGMA optimize: refreshes the planner's statistics where they have drifted
    (cheap when nothing changed), so months of growth do not slow the queries."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA optimize")
