"""When a feed is polled next, and the reason the Feeds page shows (ingest/polling.py), rule
by rule: a failing feed backs off by doubling from its interval up to the cap, or waits
as long as the server's Retry-After asks (at most a day); a feed that answers keeps its
validators and health; the interval follows the posting rate within the bounds, with the
feed's own hints as a floor. polling.py takes the feed's recorded columns and the poll's
outcome and returns the row's new values: these tests hand it those, as the orchestrator
does, and read the values back (tests/test_polling.py runs the same through real polls)."""
from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from ingest.config import PollingConfig, SchedulerConfig
from ingest.digest import PollResult
from ingest.fetch import FetchResult
from ingest.polling import (Hint, RateState, backoff, body_hint, feed_after_poll, header_hint, measure,
                            plan_after_error, plan_next_poll)

NOW = datetime(2026, 1, 5, 12, 0)
CONFIG = SimpleNamespace(scheduler=SchedulerConfig(default_interval_minutes=30, jitter_seconds=0, max_backoff_minutes=720),
                         polling=PollingConfig(adaptive=True, min_interval_minutes=10, max_interval_minutes=360))


def feed(**columns):
    """A feed's recorded columns (orchestrator._RECORDED_FEED_COLUMNS) as a healthy new feed has them."""
    recorded = dict(id=7, etag=None, last_modified=None, interval_minutes=None, error_count=0, newest_entry_at=None,
                    rate_items=None, rate_since=None, hint_minutes=None, hint_reason=None, poll_interval_minutes=None,
                    last_success_at=None)
    return SimpleNamespace(**(recorded | columns))


# ---- a failing feed ---------------------------------------------------------------------------

@pytest.mark.parametrize("errors, minutes", [(0, 30), (1, 30), (2, 60), (3, 120), (5, 480), (6, 720), (60, 720)])
def test_backoff_doubles_from_the_interval_up_to_the_cap(errors, minutes):
    assert backoff(timedelta(minutes=30), errors, timedelta(minutes=720)) == timedelta(minutes=minutes)


@pytest.mark.parametrize("errors, retry_after, minutes, reason", [
    (2, None, 60, "error backoff (2 in a row)"),
    (2, 3600.0, 60, "error backoff (2 in a row)"),  # asked for no longer than the backoff: the backoff
    (2, 5400.0, 90, "Retry-After from the server"),
    (1, 7 * 86400.0, 1440, "Retry-After from the server"),  # a week asked: a day at most
    (9, 10 * 3600.0, 720, "error backoff (9 in a row)"),  # the backoff, at its 12 h cap, outlasts the 10 h asked
])
def test_a_failing_feed_waits_its_backoff_or_what_the_server_asks(errors, retry_after, minutes, reason):
    plan = plan_after_error(base_minutes=30, errors=errors, cap_minutes=720, retry_after=retry_after)
    assert (plan.interval_minutes, plan.reason, plan.delay) == (minutes, reason, timedelta(minutes=minutes))


def test_an_error_is_recorded_and_backs_off_from_the_feeds_own_interval():
    result = PollResult(feed="Down", outcome="error", http_status=503, error="HTTP 503 Service Unavailable")
    values = feed_after_poll(feed(error_count=2, interval_minutes=45, etag='"v1"', hint_minutes=60.0,
                                  hint_reason="feed ttl 60 min"),
                             FetchResult(url="u", http_status=503, error="HTTP 503"), result, NOW, CONFIG)
    assert values == {"id": 7, "last_checked_at": NOW, "http_status": 503, "claimed_by": None, "claimed_until": None,
                      "error_count": 3, "last_error": "HTTP 503 Service Unavailable", "poll_interval_minutes": 180,
                      "interval_reason": "error backoff (3 in a row)", "next_check_at": NOW + timedelta(minutes=180)}
    assert (result.next_check_at, result.interval_reason) == (NOW + timedelta(minutes=180), "error backoff (3 in a row)")


@pytest.mark.parametrize("columns, minutes", [
    ({"interval_minutes": None, "poll_interval_minutes": 90.0}, 180),  # the adaptive interval it had
    ({"interval_minutes": None, "poll_interval_minutes": None}, 60),  # a new feed: the default
    ({"error_count": None}, 30),  # a row from before error counts: the first error
])
def test_the_backoff_starts_from_the_interval_the_feed_had(columns, minutes):
    values = feed_after_poll(feed(**({"error_count": 1} | columns)), FetchResult(url="u", error="timeout"),
                             PollResult(feed="F", outcome="error", error="fetch: timeout"), NOW, CONFIG)
    assert values["poll_interval_minutes"] == minutes and values["next_check_at"] == NOW + timedelta(minutes=minutes)


def test_a_retry_after_on_an_error_is_honoured():
    values = feed_after_poll(feed(), FetchResult(url="u", http_status=429, error="HTTP 429", retry_after_seconds=7200),
                             PollResult(feed="F", outcome="error", http_status=429, error="HTTP 429"), NOW, CONFIG)
    assert (values["interval_reason"], values["next_check_at"]) == ("Retry-After from the server", NOW + timedelta(hours=2))


# ---- a feed that answers ----------------------------------------------------------------------

def test_a_successful_poll_records_validators_health_and_the_feeds_hint():
    hint = Hint(60, "feed ttl 60 min")
    result = PollResult(feed="F", outcome="ok", http_status=200, poll_hint=hint, bozo="SAXParseException: x",
                        entry_dates=[NOW - timedelta(hours=h) for h in range(3)], item_digests="fp 0a1b 2c3d")
    fetched = FetchResult(url="u", http_status=200, etag='"v2"', last_modified="Mon, 05 Jan 2026 11:00:00 GMT",
                          body_hash="abc")
    values = feed_after_poll(feed(error_count=4, etag='"v1"'), fetched, result, NOW, CONFIG)
    assert values == {
        "id": 7, "last_checked_at": NOW, "http_status": 200, "claimed_by": None, "claimed_until": None,
        "content_hash": "abc", "item_digests": "fp 0a1b 2c3d", "last_bozo": "SAXParseException: x", "hint_minutes": 60, "hint_reason": "feed ttl 60 min",
        "etag": '"v2"', "last_modified": "Mon, 05 Jan 2026 11:00:00 GMT", "error_count": 0, "last_error": None,
        "last_success_at": NOW, "newest_entry_at": NOW, "rate_items": 3.0, "rate_since": NOW - timedelta(hours=2),
        "poll_interval_minutes": 60, "interval_reason": "feed ttl 60 min", "next_check_at": NOW + timedelta(minutes=60)}


def test_a_not_modified_poll_keeps_the_validators_and_the_hint_it_had():
    result = PollResult(feed="F", outcome="not_modified", http_status=304)
    values = feed_after_poll(feed(etag='"v1"', last_modified="Sun, 04 Jan 2026 10:00:00 GMT", hint_minutes=120.0,
                                  hint_reason="feed sy:updatePeriod hourly ×0.5", error_count=1),
                             FetchResult(url="u", http_status=304, not_modified=True), result, NOW, CONFIG)
    assert (values["etag"], values["last_modified"]) == ('"v1"', "Sun, 04 Jan 2026 10:00:00 GMT")
    assert (values["error_count"], values["last_error"]) == (0, None)
    assert "content_hash" not in values and "hint_minutes" not in values
    assert (values["poll_interval_minutes"], values["interval_reason"]) == (120, "feed sy:updatePeriod hourly ×0.5")


def test_jitter_spreads_the_next_poll_within_the_configured_seconds():
    config = SimpleNamespace(scheduler=replace(CONFIG.scheduler, jitter_seconds=60), polling=CONFIG.polling)
    result = PollResult(feed="F", outcome="unchanged", http_status=200)
    delays = {feed_after_poll(feed(), FetchResult(url="u", http_status=200), result, NOW, config)["next_check_at"] - NOW
              for _ in range(40)}
    assert all(timedelta(minutes=30) <= d <= timedelta(minutes=31) for d in delays) and len(delays) > 1


# ---- the interval of a feed that answers ------------------------------------------------------

def rate(per_day: float, days: float = 1.0) -> RateState:
    return RateState(newest_entry_at=NOW, items=per_day * days, since=NOW - timedelta(days=days))


@pytest.mark.parametrize("kwargs, minutes, reason", [
    (dict(fixed_minutes=45), 45, "fixed in config"),
    (dict(adaptive=False), 30, "default interval (adaptive polling off)"),
    (dict(rate=RateState()), 30, "default (posting rate not measured yet)"),
    (dict(rate=rate(12)), 120, "posting rate 12/day"),
    (dict(rate=rate(2.5)), 360, "posting rate 2.5/day (capped at the maximum, 6 h)"),
    (dict(rate=rate(1000)), 10, "posting rate 1000/day (raised to the minimum, 10 min)"),
    (dict(rate=rate(144)), 10, "posting rate 144/day"),  # exactly the minimum: nothing to say
    (dict(rate=rate(4)), 360, "posting rate 4/day"),  # exactly the maximum
    (dict(rate=rate(0, days=0.25)), 360, "no new items in 6 h"),
    (dict(rate=rate(0, days=0.5)), 360, "no new items in 12 h (capped at the maximum, 6 h)"),
    (dict(rate=rate(0, days=0.01)), 30, "default (no new items yet)"),  # quiet for less than the default
    (dict(rate=rate(0, days=0.02)), 30, "default (no new items yet)"),  # 28.8 min: still the default
    (dict(rate=rate(12), hints=[Hint(180, "feed ttl 180 min"), None]), 180, "feed ttl 180 min"),
    (dict(rate=rate(12), hints=[Hint(60, "feed ttl 60 min"), Hint(90, "Cache-Control max-age 90 min")]), 120,
     "posting rate 12/day"),  # hints are a floor, not a target
    (dict(rate=rate(12), hints=[Hint(60, "a"), Hint(150, "b"), Hint(130, "c")]), 150, "b"),  # the longest hint
    (dict(rate=rate(12), hints=[Hint(900, "feed ttl 900 min")]), 360, "feed ttl 900 min (capped at the maximum, 6 h)"),
])
def test_the_interval_follows_the_rate_within_bounds_with_hints_as_a_floor(kwargs, minutes, reason):
    arguments = dict(fixed_minutes=None, default_minutes=30, adaptive=True, bounds=(10, 360), rate=RateState(),
                     now=NOW, hints=[]) | kwargs
    plan = plan_next_poll(**arguments)
    assert (plan.interval_minutes, plan.reason, plan.delay) == (minutes, reason, timedelta(minutes=minutes))


@pytest.mark.parametrize("minutes, shown", [
    (45, "45 min"), (119, "119 min"), (120, "2 h"), (150, "2.5 h"), (2879, "48 h"), (2880, "2 d"), (3600, "2.5 d"),
])
def test_durations_in_reasons_read_as_a_person_writes_them(minutes, shown):
    hint = Hint(minutes, "")
    assert header_hint(f"max-age={minutes * 60}", None, None, NOW) == replace(hint, reason=f"Cache-Control max-age {shown}")


@pytest.mark.parametrize("per_day, shown", [(12, "12"), (10, "10"), (9.96, "10"), (2.5, "2.5"), (1, "1"),
                                            (0.25, "0.2"), (0.04, "0"), (0.1, "0.1")])
def test_rates_in_reasons_read_as_a_person_writes_them(per_day, shown):
    plan = plan_next_poll(fixed_minutes=None, default_minutes=30, adaptive=True, bounds=(1, 10 ** 6),
                          rate=rate(per_day), now=NOW, hints=[])
    assert plan.reason == f"posting rate {shown}/day"


# ---- the feed's and the server's hints ---------------------------------------------------------

@pytest.mark.parametrize("meta, expected", [
    ({"ttl": " 90 "}, Hint(90, "feed ttl 90 min")),
    ({"ttl": "0"}, None), ({"ttl": "-5"}, None), ({"ttl": "1e9"}, None), ({"ttl": None}, None),
    ({"sy_updateperiod": " Weekly "}, Hint(10080, "feed sy:updatePeriod weekly")),
    ({"sy_updateperiod": "daily", "sy_updatefrequency": "1"}, Hint(1440, "feed sy:updatePeriod daily")),
    ({"sy_updateperiod": "daily", "sy_updatefrequency": "nonsense"}, Hint(1440, "feed sy:updatePeriod daily")),
    ({"sy_updateperiod": "monthly", "sy_updatefrequency": "2"}, Hint(21600, "feed sy:updatePeriod monthly ×2")),
    ({"sy_updateperiod": "yearly"}, Hint(525600, "feed sy:updatePeriod yearly")),
    ({"ttl": "2000", "sy_updateperiod": "daily"}, Hint(2000, "feed ttl 2000 min")),  # the longer one
])
def test_the_feeds_own_hints(meta, expected):
    assert body_hint(meta) == expected


@pytest.mark.parametrize("cache_control, expires, date, expected", [
    ("Public, Max-Age=600", None, None, Hint(10, "Cache-Control max-age 10 min")),
    ('max-age="900", must-revalidate', None, None, Hint(15, "Cache-Control max-age 15 min")),
    ("s-maxage=600", None, None, None),  # another directive
    ("no-store,max-age=1200", "Mon, 05 Jan 2026 18:00:00 GMT", None, Hint(20, "Cache-Control max-age 20 min")),
    ("max-age=0", "Mon, 05 Jan 2026 13:00:00 GMT", None, Hint(60, "Expires in 60 min")),  # max-age 0: Expires decides
    (None, "Mon, 05 Jan 2026 12:00:00 GMT", None, None),  # expires now: no hint
    (None, "Mon, 05 Jan 2026 15:00:00 +0200", None, Hint(60, "Expires in 60 min")),  # 13:00 UTC
    (None, "Mon, 05 Jan 2026 12:30:00", None, Hint(30, "Expires in 30 min")),  # no zone: UTC
    (None, "not a date", None, None),
    (None, "Mon, 05 Jan 2026 14:00:00 GMT", "garbage", Hint(120, "Expires in 2 h")),  # a bad Date: from now
])
def test_the_servers_caching_hints(cache_control, expires, date, expected):
    assert header_hint(cache_control, expires, date, NOW) == expected


# ---- the posting rate --------------------------------------------------------------------------

def test_the_first_measurement_counts_what_the_feed_holds_from_the_last_week():
    dates = [NOW - timedelta(days=d) for d in (0.5, 1, 2, 9)]
    state = measure(RateState(), dates + [NOW + timedelta(days=3)], NOW)  # a date far ahead is ignored
    assert state == RateState(newest_entry_at=NOW - timedelta(days=0.5), items=3.0, since=NOW - timedelta(days=7))
    only_recent = measure(RateState(), dates[:3], NOW)  # a feed keeping only its newest items covers their span
    assert only_recent == RateState(NOW - timedelta(days=0.5), 3.0, NOW - timedelta(days=2))
    assert measure(RateState(), [], NOW) == RateState(None, 0.0, NOW)
    assert measure(RateState(), [NOW + timedelta(hours=12)], NOW) == RateState(NOW + timedelta(hours=12), 1.0, NOW)


def test_later_measurements_count_new_items_and_forget_slowly():
    state = RateState(newest_entry_at=NOW - timedelta(hours=5), items=10.0, since=NOW - timedelta(days=2))
    later = measure(state, [NOW - timedelta(hours=h) for h in (1, 2, 5, 30)], NOW)
    assert later == RateState(NOW - timedelta(hours=1), 12.0, NOW - timedelta(days=2))
    old = RateState(newest_entry_at=NOW - timedelta(days=9), items=14.0, since=NOW - timedelta(days=14))
    assert measure(old, None, NOW) == RateState(NOW - timedelta(days=9), 7.0, NOW - timedelta(days=7))
    assert measure(RateState(None, 0.0, NOW - timedelta(days=1)), [NOW], NOW) == RateState(NOW, 1.0, NOW - timedelta(days=1))
    assert rate(12).per_day(NOW) == 12 and RateState(NOW, 1.0, NOW).per_day(NOW) == 24  # at least an hour's span


# ---- from the surviving mutants: boundaries, a feed measured before, the server's headers ----

def test_a_feed_measured_before_goes_on_from_its_recorded_rate():
    """Its row holds the newest item seen, the items counted and since when: only newer items count."""
    columns = dict(newest_entry_at=NOW - timedelta(hours=3), rate_items=12.0, rate_since=NOW - timedelta(days=1))
    result = PollResult(feed="F", outcome="ok", http_status=200,
                        entry_dates=[NOW - timedelta(hours=h) for h in (1, 2, 3, 4)])
    values = feed_after_poll(feed(**columns), FetchResult(url="u", http_status=200), result, NOW, CONFIG)
    assert (values["newest_entry_at"], values["rate_items"], values["rate_since"]) == (
        NOW - timedelta(hours=1), 14.0, NOW - timedelta(days=1))
    assert (values["poll_interval_minutes"], values["interval_reason"]) == (1440 / 14, "posting rate 14/day")
    quiet = dict(columns, rate_items=0.0, newest_entry_at=NOW - timedelta(days=3))  # nothing new in its last day
    values = feed_after_poll(feed(**quiet), FetchResult(url="u", http_status=200),
                             PollResult(feed="F", outcome="ok", http_status=200, entry_dates=[]), NOW, CONFIG)
    assert (values["rate_items"], values["interval_reason"]) == (0.0, "no new items in 24 h (capped at the maximum, 6 h)")


@pytest.mark.parametrize("headers, minutes, reason", [
    (dict(cache_control="public, max-age=5400"), 90, "Cache-Control max-age 90 min"),
    (dict(expires="Mon, 05 Jan 2026 14:00:00 GMT", date="Mon, 05 Jan 2026 11:00:00 GMT"), 180, "Expires in 3 h"),
    (dict(expires="Mon, 05 Jan 2026 14:00:00 GMT"), 120, "Expires in 2 h"),  # no Date: from the poll's time
])
def test_a_successful_poll_honours_the_servers_caching_headers(headers, minutes, reason):
    values = feed_after_poll(feed(), FetchResult(url="u", http_status=200, **headers),
                             PollResult(feed="F", outcome="ok", http_status=200, entry_dates=[]), NOW, CONFIG)
    assert (values["poll_interval_minutes"], values["interval_reason"]) == (minutes, reason)


@pytest.mark.parametrize("kwargs, minutes, reason", [
    (dict(rate=rate(0, days=30 / 1440)), 30, "default (no new items yet)"),  # quiet exactly the default
    (dict(rate=rate(12), hints=[Hint(120, "feed ttl 120 min")]), 120, "posting rate 12/day"),  # a hint equal to the rate
    (dict(rate=rate(12.46)), 1440 / 12.46, "posting rate 12/day"),  # ten and more a day: whole numbers
    (dict(rate=rate(10.26)), 1440 / 10.26, "posting rate 10/day"),
])
def test_boundaries_of_the_interval_and_its_reason(kwargs, minutes, reason):
    arguments = dict(fixed_minutes=None, default_minutes=30, adaptive=True, bounds=(10, 360), rate=RateState(),
                     now=NOW, hints=[]) | kwargs
    plan = plan_next_poll(**arguments)
    assert (plan.interval_minutes, plan.reason) == (pytest.approx(minutes), reason)


def test_the_backoff_exponent_stops_at_sixteen_doublings():
    """A long outage with a large cap: 2^16 intervals, and no overflow after thousands of errors."""
    assert backoff(timedelta(minutes=1), 20, timedelta(minutes=10 ** 6)) == timedelta(minutes=2 ** 16)
    assert backoff(timedelta(minutes=30), 5000, timedelta(minutes=720)) == timedelta(minutes=720)


@pytest.mark.parametrize("meta, expected", [
    ({"ttl": "1"}, Hint(1, "feed ttl 1 min")),
    ({"ttl": "525600"}, Hint(525600, "feed ttl 525600 min")),  # a year: kept (the maximum interval caps it)
    ({"ttl": "10000000"}, None),  # 19 years: nonsense
])
def test_ttl_bounds(meta, expected):
    assert body_hint(meta) == expected


def test_the_shortest_caching_hints():
    assert header_hint("max-age=1", None, None, NOW) == Hint(1 / 60, "Cache-Control max-age 0 min")
    assert header_hint(None, "Mon, 05 Jan 2026 12:01:00 GMT", None, NOW) == Hint(1, "Expires in 1 min")
    assert header_hint(None, "Mon, 05 Jan 2026 12:00:30 GMT", None, NOW) == Hint(0.5, "Expires in 0 min")
    assert header_hint(None, "Sun, 15 Apr 2026 12:00:00 GMT", None, NOW) == Hint(144000, "Expires in 100 d")


def test_dates_without_a_zone_are_utc_whatever_the_machines_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "KBL-04:30")  # Kabul's offset, as a POSIX zone (no tz database needed)
    time.tzset()
    try:
        assert header_hint(None, "Mon, 05 Jan 2026 12:30:00", None, NOW) == Hint(30, "Expires in 30 min")
        assert header_hint(None, "Mon, 05 Jan 2026 13:00:00 GMT", None, NOW) == Hint(60, "Expires in 60 min")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_measurement_boundaries():
    week_old, a_day_ahead = NOW - timedelta(days=7), NOW + timedelta(days=1)
    assert measure(RateState(), [week_old, NOW - timedelta(days=8)], NOW).items == 1.0  # exactly a week old: recent
    assert measure(RateState(), [a_day_ahead], NOW).newest_entry_at == a_day_ahead  # a day ahead: a clock skew, kept
    assert measure(RateState(), [a_day_ahead + timedelta(seconds=1)], NOW).newest_entry_at is None
    nothing_dated = RateState(None, 0.0, NOW - timedelta(days=2))
    assert measure(nothing_dated, [], NOW) == nothing_dated  # still no dated item: no error
