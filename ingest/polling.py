"""When to poll a feed next: adaptive intervals, as feed readers (Miniflux) do.

Each feed's interval follows its posting rate: about one new item per poll, between
`[polling] min_interval_minutes` and `max_interval_minutes`. A feed that posts twelve
items a day is polled every two hours, one that posts every few minutes at the lower
bound, one that posted nothing for a week at the upper bound. The feed's own hints are
honoured as "not more often than": RSS `<ttl>`, `sy:updatePeriod`/`sy:updateFrequency`,
`Cache-Control: max-age` and `Expires`. A feed whose interval the config fixes
(`interval_minutes`) keeps it; a failing feed backs off. Each decision keeps its reason
("posting rate 12/day", "feed ttl 60 min", "fixed in config", "error backoff"), shown on
the Feeds page.

The posting rate is measured on the feed row, without reading history: items dated
after the newest one seen before are new; their count over the time since the
measurement started (at most `RATE_WINDOW`, older counts scaled down) is the rate. The
first poll starts it from the dates of the items the feed holds. No database and no
network here: the orchestrator passes the feed's row, the poll's outcome and the time,
and writes what feed_after_poll returns.
"""
from __future__ import annotations

import email.utils
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

RATE_WINDOW = timedelta(days=7)
MIN_RATE_SPAN = timedelta(hours=1)  # one item a minute ago is not 1,440 a day
FUTURE_TOLERANCE = timedelta(days=1)
MAX_RETRY_AFTER = timedelta(hours=24)
SY_PERIOD_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)")


@dataclass(frozen=True)
class Hint:
    """A feed's "not more often than": minutes, and where it came from."""

    minutes: float
    reason: str


@dataclass(frozen=True)
class RateState:
    """The posting-rate measurement kept on the feed row."""

    newest_entry_at: datetime | None = None
    items: float = 0.0
    since: datetime | None = None

    def per_day(self, now: datetime) -> float | None:
        """New items per day, or None while nothing has been measured."""
        if self.since is None:
            return None
        span = max(now - self.since, MIN_RATE_SPAN)
        return self.items / (span / timedelta(days=1))


@dataclass(frozen=True)
class Plan:
    """The next poll: when, the interval it follows and why."""

    interval_minutes: float
    reason: str
    delay: timedelta


def feed_after_poll(feed, fetched, result, now: datetime, config) -> dict:
    """The feed row's new values after a poll (`feed`: its recorded columns; `fetched`:
    the FetchResult; `result`: the PollResult): validators, health, the posting-rate
    measurement and the next due time with its reason. Sets result.next_check_at and
    result.interval_reason for the poll's report."""
    settings, polling = config.scheduler, config.polling
    values = {"id": feed.id, "last_checked_at": now, "http_status": result.http_status,
              "claimed_by": None, "claimed_until": None}
    if result.outcome == "ok":
        hint = result.poll_hint
        values.update(content_hash=fetched.body_hash, item_digests=result.item_digests, last_bozo=result.bozo,
                      hint_minutes=hint and hint.minutes, hint_reason=hint and hint.reason)
    else:
        hint = Hint(feed.hint_minutes, feed.hint_reason) if feed.hint_minutes else None
    if result.outcome == "error":
        errors = (feed.error_count or 0) + 1
        values.update(error_count=errors, last_error=result.error)
        plan = plan_after_error(base_minutes=feed.interval_minutes or feed.poll_interval_minutes
                                or settings.default_interval_minutes, errors=errors,
                                cap_minutes=settings.max_backoff_minutes, retry_after=fetched.retry_after_seconds)
        delay = plan.delay
    else:
        values.update(etag=fetched.etag or feed.etag, last_modified=fetched.last_modified or feed.last_modified)
        rate = measure(RateState(feed.newest_entry_at, feed.rate_items or 0.0, feed.rate_since), result.entry_dates, now)
        plan = plan_next_poll(fixed_minutes=feed.interval_minutes, default_minutes=settings.default_interval_minutes,
                              adaptive=polling.adaptive, rate=rate, now=now,
                              bounds=(polling.min_interval_minutes, polling.max_interval_minutes),
                              hints=[hint, header_hint(fetched.cache_control, fetched.expires, fetched.date, now)])
        values.update(error_count=0, last_error=None, last_success_at=now, newest_entry_at=rate.newest_entry_at,
                      rate_items=rate.items, rate_since=rate.since)
        delay = plan.delay + timedelta(seconds=random.uniform(0, settings.jitter_seconds))
    values.update(poll_interval_minutes=plan.interval_minutes, interval_reason=plan.reason)
    values["next_check_at"] = result.next_check_at = now + delay
    result.interval_reason = plan.reason
    return values


def body_hint(feed_meta) -> Hint | None:
    """The larger of RSS <ttl> (minutes) and the syndication module's period/frequency,
    from feedparser's feed-level dict."""
    hints = []
    ttl = _number(feed_meta.get("ttl"))
    if ttl:
        hints.append(Hint(ttl, f"feed ttl {ttl:g} min"))
    period = str(feed_meta.get("sy_updateperiod") or "").strip().lower()
    if period in SY_PERIOD_MINUTES:
        frequency = _number(feed_meta.get("sy_updatefrequency")) or 1
        hints.append(Hint(SY_PERIOD_MINUTES[period] / frequency,
                          f"feed sy:updatePeriod {period}" + (f" ×{frequency:g}" if frequency != 1 else "")))
    return max(hints, key=lambda hint: hint.minutes, default=None)


def header_hint(cache_control: str | None, expires: str | None, date: str | None, now: datetime) -> Hint | None:
    """Cache-Control max-age wins over Expires (RFC 9111 5.3); Expires counts from the
    response's Date when it has one."""
    if cache_control:
        found = _MAX_AGE.search(cache_control.lower())
        if found and int(found.group(1)) > 0:
            minutes = int(found.group(1)) / 60
            return Hint(minutes, f"Cache-Control max-age {_minutes(minutes)}")
    when = _http_date(expires)
    if when is None:
        return None
    minutes = (when - (_http_date(date) or now)) / timedelta(minutes=1)
    return Hint(minutes, f"Expires in {_minutes(minutes)}") if minutes > 0 else None


def measure(state: RateState, entry_dates: list[datetime] | None, now: datetime) -> RateState:
    """The rate state after a successful poll at `now`. `entry_dates` are the dated items
    the feed holds, or those of its items that changed (ingest/items.py: the others are
    not new), or None when the body was not read again (304 or unchanged)."""
    dates = [d for d in entry_dates or () if d <= now + FUTURE_TOLERANCE]
    if state.since is None:  # first measurement: what the feed holds from the last window
        window_start = now - RATE_WINDOW
        recent = [d for d in dates if d >= window_start]
        # the items cover the whole window when older ones are there too; else they
        # cover the time since the oldest (a feed that keeps only its newest items)
        covers_window = len(recent) < len(dates)
        since = window_start if covers_window else min(recent, default=now)
        return RateState(max(dates, default=None), float(len(recent)), min(since, now))
    newest, items, since = state.newest_entry_at, state.items, state.since
    fresh = [d for d in dates if newest is None or d > newest]
    items += len(fresh)
    newest = max([*fresh, *([newest] if newest else [])], default=None)
    if now - since > RATE_WINDOW:  # a sliding window: older counts weigh less
        items *= RATE_WINDOW / (now - since)
        since = now - RATE_WINDOW
    return RateState(newest, items, since)


def plan_next_poll(*, fixed_minutes: int | None, default_minutes: int, adaptive: bool, bounds: tuple[int, int],
                   rate: RateState, now: datetime, hints: list[Hint | None]) -> Plan:
    """The interval of a feed that was polled successfully, and why: about one new item
    per poll; a quiet feed waits as long as it has been quiet; the feed's hints as a
    floor; the whole within `bounds` (minutes)."""
    if fixed_minutes:
        return _plan(fixed_minutes, "fixed in config")
    if not adaptive:
        return _plan(default_minutes, "default interval (adaptive polling off)")
    low, high = bounds
    per_day = rate.per_day(now)
    if per_day is None:
        minutes, reason = default_minutes, "default (posting rate not measured yet)"
    elif per_day <= 0:
        quiet = (now - rate.since) / timedelta(minutes=1)
        minutes = max(default_minutes, quiet)
        reason = f"no new items in {_minutes(quiet)}" if quiet > default_minutes else "default (no new items yet)"
    else:
        minutes, reason = 1440 / per_day, f"posting rate {_rate(per_day)}/day"
    hint = max((h for h in hints if h is not None), key=lambda h: h.minutes, default=None)
    if hint is not None and hint.minutes > minutes:
        minutes, reason = hint.minutes, hint.reason
    if minutes < low:
        reason += f" (raised to the minimum, {low} min)"
    elif minutes > high:
        reason += f" (capped at the maximum, {_minutes(high)})"
    return _plan(min(max(minutes, low), high), reason)


def plan_after_error(*, base_minutes: float, errors: int, cap_minutes: int, retry_after: float | None) -> Plan:
    """A failing feed waits its interval × 2^(errors-1), capped; longer if the server
    asked (Retry-After, at most a day)."""
    delay = backoff(timedelta(minutes=base_minutes), errors, timedelta(minutes=cap_minutes))
    reason = f"error backoff ({errors} in a row)"
    if retry_after is not None and timedelta(seconds=retry_after) > delay:
        delay, reason = min(timedelta(seconds=retry_after), MAX_RETRY_AFTER), "Retry-After from the server"
    return Plan(delay / timedelta(minutes=1), reason, delay)


def backoff(interval: timedelta, error_count: int, cap: timedelta) -> timedelta:
    """Wait after `error_count` consecutive failures: doubling from `interval`, capped."""
    return min(interval * (2 ** min(max(error_count - 1, 0), 16)), cap)


def _plan(minutes: float, reason: str) -> Plan:
    return Plan(minutes, reason, timedelta(minutes=minutes))


def _number(value) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10 ** 7 else None


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).replace(tzinfo=None)


def _minutes(minutes: float) -> str:
    """60 -> "60 min", 150 -> "2.5 h", 10080 -> "7 d"."""
    if minutes < 120:
        return f"{minutes:.0f} min"
    if minutes < 2880:
        return f"{minutes / 60:.1f} h".replace(".0 h", " h")
    return f"{minutes / 1440:.1f} d".replace(".0 d", " d")


def _rate(rate: float) -> str:
    return f"{rate:.0f}" if rate >= 10 else f"{rate:.1f}".rstrip("0").rstrip(".") or "0"
