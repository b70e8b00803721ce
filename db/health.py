"""Feed health, read without pandas or the ORM: the CLI's `feeds` command starts in a
fraction of a second (importing sqlalchemy.orm and mapping the models would add half as
much again as SQLAlchemy's core), and the dashboard makes its table from the same rows
(db.queries.feeds_frame)."""
from __future__ import annotations

from sqlalchemy import Boolean, DateTime, text

FEED_COLUMNS = ["id", "name", "url", "enabled", "origin", "last_checked", "last_success", "next_check", "http_status",
                "errors", "last_error", "bozo", "last_items_seen", "last_items_new", "interval", "interval_reason", "status"]

# The feeds table (db.models.Feed) with its last poll's counts (db.models.FetchLog); the
# dates and the flag are typed so they come back as datetimes and a bool, as the ORM gives them.
FEED_HEALTH = text("""
    SELECT feeds.id, feeds.name, feeds.url, feeds.enabled, feeds.origin, feeds.last_checked_at,
           feeds.last_success_at, feeds.next_check_at, feeds.http_status, feeds.error_count, feeds.last_error,
           feeds.last_bozo, fetch_log.items_seen, fetch_log.items_new, feeds.poll_interval_minutes,
           feeds.interval_reason
    FROM feeds
    LEFT OUTER JOIN (SELECT feed_id, max(id) AS last_id FROM fetch_log GROUP BY feed_id) AS last_poll
        ON last_poll.feed_id = feeds.id
    LEFT OUTER JOIN fetch_log ON fetch_log.id = last_poll.last_id
    ORDER BY feeds.name
""").columns(enabled=Boolean, last_checked_at=DateTime, last_success_at=DateTime, next_check_at=DateTime)


def feed_rows(connection) -> list[dict]:
    """One row per feed with its state, its last poll's counts, its polling interval
    (minutes) and why (ingest/polling.py), and its status (ok, failing, pending,
    disabled), by name. `connection`: a Connection or a Session."""
    found = []
    for row in connection.execute(FEED_HEALTH):
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
