"""Feed health, read without pandas: the CLI's `feeds` command starts in a fraction of
a second, and the dashboard makes its table from the same rows (db.queries.feeds_frame)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Feed, FetchLog

FEED_COLUMNS = ["id", "name", "url", "enabled", "origin", "last_checked", "last_success", "next_check", "http_status",
                "errors", "last_error", "bozo", "last_items_seen", "last_items_new", "interval", "interval_reason", "status"]


def feed_rows(session: Session) -> list[dict]:
    """One row per feed with its state, its last poll's counts, its polling interval
    (minutes) and why (ingest/polling.py), and its status (ok, failing, pending,
    disabled), by name."""
    last_poll = (
        select(FetchLog.feed_id, func.max(FetchLog.id).label("last_id")).group_by(FetchLog.feed_id).subquery()
    )
    rows = session.execute(
        select(Feed.id, Feed.name, Feed.url, Feed.enabled, Feed.origin, Feed.last_checked_at, Feed.last_success_at,
               Feed.next_check_at, Feed.http_status, Feed.error_count, Feed.last_error, Feed.last_bozo,
               FetchLog.items_seen, FetchLog.items_new, Feed.poll_interval_minutes, Feed.interval_reason)
        .outerjoin(last_poll, last_poll.c.feed_id == Feed.id)
        .outerjoin(FetchLog, FetchLog.id == last_poll.c.last_id)
        .order_by(Feed.name)
    ).all()
    found = []
    for row in rows:
        record = dict(zip(FEED_COLUMNS, row))
        record["status"] = feed_status(record)
        found.append(record)
    return found


def interval_text(minutes: float | None) -> str:
    """45 -> "45 min", 150 -> "2.5 h"; "" before the first poll."""
    if minutes is None:
        return ""
    return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:.1f} h".replace(".0 h", " h")


def feed_status(row: dict) -> str:
    if not row["enabled"]:
        return "disabled"
    if row["last_checked"] is None:
        return "pending"
    return "failing" if row["errors"] else "ok"
