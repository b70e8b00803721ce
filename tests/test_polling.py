"""Adaptive polling (issue #13, point 2): each feed's interval follows its posting rate
between the configured bounds, honours the feed's own hints unless the config fixes the
interval, and says why. Local feeds of different rates are polled over two simulated
days on a controllable clock (no sleeps)."""
import re
from datetime import datetime, timedelta
from datetime import timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Feed
from db.session import session_scope
from ingest.polling import Hint, RateState, body_hint, header_hint, measure, plan_next_poll

START = datetime(2026, 1, 5, 0, 0)
DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
SY = "http://purl.org/rss/1.0/modules/syndication/"


def rss(now: datetime, every: timedelta | None, extra: str = "", count: int = 30) -> bytes:
    """A feed holding its `count` newest items, one published every `every` up to `now`
    (none when `every` is None: a feed whose last item is old)."""
    if every is None:
        dates = [START - timedelta(days=30 + n) for n in range(5)]
    else:
        newest = START + ((now - START) // every) * every
        dates = [newest - n * every for n in range(count)]
    items = "".join(f"<item><title>Market note {d:%Y%m%d%H%M}</title><guid>n-{d:%Y%m%d%H%M}</guid>"
                    f"<link>https://example.org/{d:%Y%m%d%H%M}</link>"
                    f"<pubDate>{format_datetime(d.replace(tzinfo=timezone.utc), usegmt=True)}"
                    f"</pubDate></item>" for d in dates)
    return (f"<?xml version='1.0'?><rss version='2.0' xmlns:sy='{SY}'><channel><title>t</title>"
            f"<link>https://example.org/</link><description>d</description>{extra}{items}</channel></rss>").encode()


FEEDS = {  # name: (an item every..., extra channel elements, response headers)
    "Busy": (timedelta(minutes=5), "", {}),
    "Twelve a day": (timedelta(hours=2), "", {}),
    "Quiet": (None, "", {}),
    "Busy with ttl": (timedelta(minutes=5), "<ttl>60</ttl>", {}),
    "Busy with sy": (timedelta(minutes=5), "<sy:updatePeriod>hourly</sy:updatePeriod>"
                                           "<sy:updateFrequency>2</sy:updateFrequency>", {}),
    "Busy with max-age": (timedelta(minutes=5), "", {"Cache-Control": "public, max-age=5400"}),
    "Busy but fixed": (timedelta(minutes=5), "<ttl>600</ttl>", {}),
}


@pytest.fixture
def clock(monkeypatch):
    """The orchestrator's clock, moved by the test."""
    import ingest.orchestrator

    now = [START]
    monkeypatch.setattr(ingest.orchestrator, "utc_now", lambda: now[0])
    return now


def serve(feed_server, now):
    for name, (every, extra, headers) in FEEDS.items():
        feed_server.add(f"/{len(name)}-{name.split()[-1]}.xml", body=rss(now, every, extra), headers=headers)


def simulate(feed_server, make_config, clock, hours: int, step=timedelta(minutes=10)):
    """Poll whatever is due every `step` for `hours`; returns the runtime and polls per feed."""
    from ingest.orchestrator import Pipeline, claim_due_feeds
    from ingest.runtime import prepare

    serve(feed_server, clock[0])
    urls = {name: feed_server.url(f"/{len(name)}-{name.split()[-1]}.xml") for name in FEEDS}
    config = make_config(urls, "[dashboard]\natom_port = 0\n[scheduler]\njitter_seconds = 0\nstart_in_dashboard = false\n"
                               "[polling]\nmin_interval_minutes = 10\nmax_interval_minutes = 360\n")
    config.write_text(config.read_text().replace('name = "Busy but fixed"', 'name = "Busy but fixed"\ninterval_minutes = 45'))
    runtime = prepare(config)
    polls = {name: 0 for name in FEEDS}
    with Pipeline(runtime.config, runtime.engine) as pipeline:
        for _ in range(int(timedelta(hours=hours) / step)):
            serve(feed_server, clock[0])
            due = claim_due_feeds(runtime.engine, "test", 60, now=clock[0])
            for result in pipeline.poll_feeds(due, workers=1):
                polls[result.feed] += 1
            clock[0] += step
    return runtime, polls


def intervals(runtime) -> dict:
    with session_scope(runtime.engine) as session:
        return {name: (minutes, reason) for name, minutes, reason in
                session.execute(select(Feed.name, Feed.poll_interval_minutes, Feed.interval_reason))}


def test_each_feed_is_polled_as_often_as_it_posts_or_as_it_asks(feed_server, make_config, clock):
    runtime, polls = simulate(feed_server, make_config, clock, hours=24)
    found = intervals(runtime)
    assert found["Busy"][0] == 10
    assert re.fullmatch(r"posting rate 2[89]\d/day \(raised to the minimum, 10 min\)", found["Busy"][1]), found["Busy"]
    minutes, reason = found["Twelve a day"]
    assert 100 <= minutes <= 144 and reason.startswith("posting rate 1") and reason.endswith("/day"), found
    assert found["Quiet"] == (360, "no new items in 7 d (capped at the maximum, 6 h)")
    assert found["Busy with ttl"] == (60, "feed ttl 60 min")
    assert found["Busy with sy"] == (30, "feed sy:updatePeriod hourly ×2")
    assert found["Busy with max-age"] == (90, "Cache-Control max-age 90 min")
    assert found["Busy but fixed"] == (45, "fixed in config")
    # what an operator notices: the busy feed polled most, the quiet one least
    assert polls["Busy"] > polls["Busy with sy"] > polls["Busy with ttl"] > polls["Twelve a day"] > polls["Quiet"]
    assert polls["Busy"] >= 24 * 6 - 2 and polls["Quiet"] <= 5


def test_a_feed_that_falls_quiet_is_polled_less_and_less_often(feed_server, make_config, clock):
    """Busy for six hours, then nothing: each quiet half day lengthens its interval (the
    rate is measured over the last week, so the busy hours fade gradually)."""
    from ingest.orchestrator import Pipeline, claim_due_feeds

    runtime, _ = simulate(feed_server, make_config, clock, hours=6)
    seen = [intervals(runtime)["Busy"][0]]
    FEEDS["Busy"] = (None, "", {})
    try:
        with Pipeline(runtime.config, runtime.engine) as pipeline:
            for _ in range(3):
                for _ in range(12 * 6):
                    serve(feed_server, clock[0])
                    pipeline.poll_feeds(claim_due_feeds(runtime.engine, "test", 60, now=clock[0]), workers=1)
                    clock[0] += timedelta(minutes=10)
                seen.append(intervals(runtime)["Busy"][0])
    finally:
        FEEDS["Busy"] = (timedelta(minutes=5), "", {})
    assert seen[0] == 10 and seen[0] < seen[1] < seen[2] < seen[3], seen
    assert intervals(runtime)["Busy"][1].startswith("posting rate")


def test_a_failing_feed_says_it_backs_off(feed_server, make_config, clock):
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Down": feed_server.add("/down.xml", body=b"", status=500)}))
    with Pipeline(runtime.config, runtime.engine) as pipeline:
        pipeline.poll_feeds(enabled_feed_ids(runtime.engine), workers=1)
        pipeline.poll_feeds(enabled_feed_ids(runtime.engine), workers=1)
    assert intervals(runtime)["Down"] == (60, "error backoff (2 in a row)")


def test_the_feeds_page_and_command_show_each_interval_and_why(feed_server, make_config, clock, monkeypatch, capsys):
    from streamlit.testing.v1 import AppTest

    from ingest.cli import main

    runtime, _ = simulate(feed_server, make_config, clock, hours=2)
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("views/feeds.py").run()
    table = at.dataframe[0].value.set_index("name")
    assert table.loc["Busy with ttl", "interval"] == "60 min"
    assert table.loc["Busy with ttl", "interval_reason"] == "feed ttl 60 min"
    assert table.loc["Busy but fixed", "interval_reason"] == "fixed in config"
    assert main(["feeds", "--config", str(runtime.config.path)]) == 0
    out = capsys.readouterr().out
    assert "feed ttl 60 min" in out and "fixed in config" in out and "45 min" in out


# ---- the rules, one by one ---------------------------------------------------------------

@pytest.mark.parametrize("meta, expected", [
    ({"ttl": "60"}, Hint(60, "feed ttl 60 min")),
    ({"sy_updateperiod": "daily", "sy_updatefrequency": "4"}, Hint(360, "feed sy:updatePeriod daily ×4")),
    ({"sy_updateperiod": "hourly"}, Hint(60, "feed sy:updatePeriod hourly")),
    ({"ttl": "15", "sy_updateperiod": "hourly"}, Hint(60, "feed sy:updatePeriod hourly")),  # the longer one
    ({"ttl": "soon", "sy_updateperiod": "fortnightly"}, None),  # nonsense is no hint
    ({}, None),
])
def test_feed_hints(meta, expected):
    assert body_hint(meta) == expected


def test_header_hints():
    now = datetime(2026, 1, 5, 12, 0)
    assert header_hint("public, max-age=1800", None, None, now) == Hint(30, "Cache-Control max-age 30 min")
    assert header_hint("no-cache", "Mon, 05 Jan 2026 14:00:00 GMT", "Mon, 05 Jan 2026 13:00:00 GMT", now) == \
        Hint(60, "Expires in 60 min")  # counted from the response's Date
    assert header_hint(None, "Mon, 05 Jan 2026 12:45:00 GMT", None, now) == Hint(45, "Expires in 45 min")
    assert header_hint("max-age=0", "0", None, now) is None  # "expired already" is no hint


def test_config_bounds_are_checked(make_config):
    from ingest.config import ConfigError, load_config

    with pytest.raises(ConfigError, match=r"\[polling\] min_interval_minutes \(90\) must not be greater than "
                                          r"max_interval_minutes \(60\)"):
        load_config(make_config({}, "[polling]\nmin_interval_minutes = 90\nmax_interval_minutes = 60\n"))
    with pytest.raises(ConfigError, match=r"\[polling\] max_interval_minutes must be greater than 0"):
        load_config(make_config({}, "[polling]\nmax_interval_minutes = 0\n"))
    with pytest.raises(ConfigError, match=r"unknown key \[polling\] min_interval"):
        load_config(make_config({}, "[polling]\nmin_interval = 5\n"))


def test_the_rate_is_measured_over_recent_polls():
    first = measure(RateState(), [START - timedelta(hours=h) for h in range(24)], START)  # 24 items in 23 h
    assert round(first.per_day(START)) == 25
    later = measure(first, [START + timedelta(hours=1)] + [START - timedelta(hours=h) for h in range(24)],
                    START + timedelta(hours=1))
    assert later.items == 25 and later.newest_entry_at == START + timedelta(hours=1)
    one_recent_among_old = measure(RateState(), [START, START - timedelta(days=12)], START)
    assert one_recent_among_old.per_day(START) == pytest.approx(1 / 7)  # one item in the week, not 24 a day
    week_later = measure(later, None, START + timedelta(days=14))  # 304s only since: the rate decays
    assert week_later.per_day(START + timedelta(days=14)) < 4
    plan = plan_next_poll(fixed_minutes=None, default_minutes=30, adaptive=True, bounds=(10, 360), rate=first,
                          now=START, hints=[])
    assert plan.reason == "posting rate 25/day" and 55 < plan.interval_minutes < 60
