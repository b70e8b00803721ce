"""Alerts (issue #12): rules in config.toml, detection of status changes, new actors,
spikes and saved searches, the outbox written with the stories, delivery to real local
receivers (a webhook on 127.0.0.1, an SMTP server), no flood on a first poll, the CLI
and the Atom feed of alerts."""
import json
import urllib.request
from datetime import date, timedelta

import feedparser
import pytest

from db.models import Alert, AlertDelivery
from db.session import session_scope
from ingest.alerts.spike import is_spike, poisson_upper_tail
from ingest.cli import main
from ingest.runtime import prepare

BACKENDS = ("sqlite", "postgresql")
TODAY = date.today()

# The first version of the feed: what a newly added feed brings as backlog.
BACKLOG = [
    (TODAY - timedelta(days=20), "Uzbekistan signs rail transit deal with Taliban government",
     "TASHKENT (AP) — Uzbek and Taliban officials signed an agreement on the trans-Afghan railway on Tuesday."),
    (TODAY - timedelta(days=12), "Japan pledges food aid for Afghan returnees",
     "TOKYO (Reuters) - Japan will provide emergency food aid through the World Food Programme for families "
     "returning to Afghanistan, its embassy said."),
    (TODAY - timedelta(days=9), "Taliban bar women from university exams in Herat",
     "KABUL (AP) — The Taliban barred women from sitting university entrance exams in Herat, rights groups said."),
]
# The second version adds a status change (and a new actor) and a burst on women's rights.
STATUS_CHANGE = (TODAY - timedelta(days=1), "Kazakhstan accredits two Taliban diplomats",
                 "ASTANA (Reuters) - Kazakhstan accredited two diplomats appointed by the Taliban to its embassy, the "
                 "foreign ministry said on Monday.")
BURST = [(TODAY, f"Taliban decree {n} tightens rules on women's education",
          f"KABUL (AP) — A Taliban decree, number {n}, closed more schools for girls and barred women from "
          f"teaching in province {n}, rights groups said.") for n in range(1, 7)]


def rss(items) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>https://wire.example.org/{abs(hash(title))}</link><guid>{title}</guid>"
        f"<pubDate>{day:%a, %d %b %Y} 09:00:00 GMT</pubDate><description>{summary}</description></item>"
        for day, title, summary in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()


def rules(*channels: str, extra: str = "") -> str:
    notify = json.dumps(list(channels))
    return f"""
[[alerts]]
name = "Status changes"
rule = "status_change"
notify = {notify}

[[alerts]]
name = "New actors"
rule = "new_actor"
notify = {notify}

[[alerts]]
name = "Women's rights spike"
rule = "spike"
topics = ["women_rights"]
notify = {notify}

[[alerts]]
name = "Rail"
rule = "match"
query = "rail*"
notify = {notify}
{extra}"""


def settings(lease_seconds: int = 90) -> str:
    from conftest import FAST_SCHEDULER

    return FAST_SCHEDULER + f"lease_seconds = {lease_seconds}\n"


def received(server, path="/hook") -> list[dict]:
    """The webhook messages the receiver took: their JSON and headers."""
    return [{**json.loads(r.body), "alert": r.headers.get("x-monitor-alert"), "key": r.headers.get("idempotency-key")}
            for r in server.requests_to(path)]


@pytest.fixture
def monitor(feed_server, make_config):
    """A config with the four rules posting to a webhook on the feed server, and a feed
    whose first version is a backlog."""
    hook = feed_server.add("/hook", status=200)
    feed = feed_server.add("/wire.xml", body=rss(BACKLOG))
    config = make_config({"Wire": feed}, extra=settings() + rules(hook.replace("http://", "json://")))
    return config, feed_server


def new_version(feed_server, items) -> None:
    feed_server.routes["/wire.xml"].body = rss(items)


def test_first_poll_is_one_digest_then_each_change_is_one_alert(monitor, capsys):
    config, server = monitor
    assert main(["once", "--config", str(config)]) == 0
    first = received(server)
    assert first and all("in one digest (a first poll's backlog)" in m["title"] for m in first)
    assert len(first) == len({m["title"].split(":")[0] for m in first}) <= 4, "at most one digest per rule"

    new_version(server, BACKLOG + [STATUS_CHANGE] + BURST)
    assert main(["once", "--config", str(config)]) == 0
    second = received(server)[len(first):]
    titles = sorted(m["title"] for m in second)
    assert any(t.startswith("Kazakhstan: formal status up, none → accreditation") for t in titles), titles
    assert any(t.startswith("New actor: Kazakhstan engages for the first time") for t in titles), titles
    assert any(t.startswith(f"Spike: 6 stories on women rights on {TODAY}") for t in titles), titles
    assert len(second) == 3, titles
    status_message = next(m for m in second if m["title"].startswith("Kazakhstan"))
    assert "Evidence: Kazakhstan accredits two Taliban diplomats" in status_message["message"]
    assert "https://wire.example.org/" in status_message["message"]  # the story link
    assert "About: KAZ" in status_message["message"]

    assert main(["once", "--config", str(config)]) == 0
    assert len(received(server)) == len(first) + 3, "nothing is raised or sent twice"
    assert "alerts: 0 raised, 0 deliveries sent" in capsys.readouterr().out


def test_a_channel_down_for_two_polls_gets_everything_once_when_up(monitor):
    config, server = monitor
    server.routes["/hook"].status = 503
    assert main(["once", "--config", str(config)]) == 0
    new_version(server, BACKLOG + [STATUS_CHANGE] + BURST)
    assert main(["once", "--config", str(config)]) == 0
    assert received(server) == []
    engine = prepare(config).engine
    with session_scope(engine) as session:
        waiting = session.query(AlertDelivery).all()
        assert waiting and all(d.status == "pending" and d.attempts >= 1 for d in waiting)
        assert "503" in waiting[-1].last_error  # the error is kept, and shown
    server.routes["/hook"].status = 200
    assert main(["once", "--config", str(config)]) == 0
    got = received(server)
    assert len(got) == len(waiting) and len({m["key"] for m in got}) == len(got)
    assert main(["once", "--config", str(config)]) == 0
    assert len(received(server)) == len(got), "delivered once, not again"


def test_a_failed_delivery_waits_for_its_backoff_in_the_scheduler(monitor):
    """`once` retries at once (a person asked); the scheduler's tick waits for the backoff."""
    from ingest.alerts.delivery import deliver_due, retry_delay

    config, server = monitor
    server.routes["/hook"].status = 500
    assert main(["once", "--config", str(config)]) == 0
    engine = prepare(config).engine
    report = deliver_due(engine, "tick", 60)
    assert report.sent == 0 and report.failed == [], "nothing is due before its backoff"
    assert retry_delay(1) == timedelta(seconds=30) and retry_delay(3) == timedelta(minutes=2)
    assert retry_delay(20) == timedelta(hours=1)


@pytest.mark.parametrize("count, baseline, spike", [
    (5, 0, True),      # a quiet topic: five stories in a day
    (4, 0, False),     # ... but fewer than the minimum is no spike
    (6, 56, True),     # one a day for eight weeks, then six
    (3, 56, False),    # one a day, then three: p = 0.08
    (15, 280, True),   # five a day, then fifteen: p = 0.0002
    (11, 280, False),  # five a day, then eleven: p = 0.014
])
def test_spike_method(count, baseline, spike):
    assert is_spike(count, baseline, 56, 5, 0.001)[0] is spike


def test_spikes_on_distant_days_each_read_their_own_baseline(feed_server, make_config):
    """One poll with a burst 200 days ago, after eight weeks of one story a day, and a
    burst today on a quiet topic: each day is tested against the 56 days before it."""
    def decree(day, n):
        return (day, f"Taliban decree {n} tightens rules on women's education",
                f"KABUL (AP) — A Taliban decree, number {n}, closed more schools for girls in province {n}, rights groups said.")

    burst_day = TODAY - timedelta(days=200)
    baseline = [decree(burst_day - timedelta(days=d), 100 + d) for d in range(1, 57)]
    bursts = [decree(burst_day, 200 + n) for n in range(6)] + [decree(TODAY, 300 + n) for n in range(5)]
    hook = feed_server.add("/hook", status=200).replace("http://", "json://")
    feed = feed_server.add("/wire.xml", body=rss(baseline))
    config = make_config({"Wire": feed}, extra=settings() + f"""
[[alerts]]
name = "Women's rights spike"
rule = "spike"
topics = ["women_rights"]
notify = ["{hook}"]
""")
    assert main(["once", "--config", str(config)]) == 0
    assert received(feed_server) == [], "the baseline came as a backlog: no check"
    new_version(feed_server, baseline + bursts)
    assert main(["once", "--config", str(config)]) == 0
    evidence = sorted(m["message"].split("Evidence: ")[1].split("\n")[0] for m in received(feed_server))
    assert evidence == [f"5 stories on {TODAY} against 0.00 a day over the previous 56 days (Poisson p = 0.0e+00)",
                        f"6 stories on {burst_day} against 1.00 a day over the previous 56 days (Poisson p = 5.9e-04)"]


def test_poisson_tail_matches_the_textbook_values():
    assert poisson_upper_tail(1, 1.0) == pytest.approx(0.6321, abs=1e-4)
    assert poisson_upper_tail(10, 2.0) == pytest.approx(4.65e-5, rel=1e-3)
    assert poisson_upper_tail(3, 100.0) == pytest.approx(1.0)
    assert poisson_upper_tail(5, 0.0) == 0.0


BAD_RULES = [
    ('colour = "red"', "unknown key [[alerts]] #1 (Bad) colour"),
    ('rule = "sometimes"', "[[alerts]] #1 (Bad) rule must be one of status_change, new_actor, spike, match, got 'sometimes'"),
    ('notify = "json://127.0.0.1/hook"', "[[alerts]] #1 (Bad) notify must be a list of strings"),
    ('notify = ["nonsense://somewhere"]', "[[alerts]] #1 (Bad) notify is not a URL Apprise can send to"),
    ('digest = "weekly"', '[[alerts]] #1 (Bad) digest must be "hourly" or "daily", got \'weekly\''),
    ('levels = ["friendly"]', "[[alerts]] #1 (Bad) levels: unknown id 'friendly'"),
    ('topics = ["weather"]', "[[alerts]] #1 (Bad) topics: unknown id 'weather'"),
    ("days = 30", "[[alerts]] #1 (Bad) key 'days' only applies to rule 'new_actor', not 'spike'"),
    ("p_value = 2", "[[alerts]] #1 (Bad) p_value must be between 0 and 1, got 2"),
    ("min_stories = 0", "[[alerts]] #1 (Bad) min_stories must be greater than 0, got 0"),
    ('query = "\\"unclosed"', "[[alerts]] #1 (Bad) query '\"unclosed': unbalanced quotes"),
    ('actors = ["RUS", "NARNIA"]', "[[alerts]] (Bad) actors: unknown actor id 'NARNIA'"),
]


@pytest.mark.parametrize("line, message", BAD_RULES)
def test_a_bad_rule_is_one_line_naming_it_and_exit_2(make_config, capsys, line, message):
    table = ['name = "Bad"', 'rule = "spike"', *(["notify = []"] if "notify" not in line else [])]
    table = [row for row in table if not row.startswith(line.split(" =")[0] + " =")] + [line]
    config = make_config(extra="[[alerts]]\n" + "\n".join(table) + "\n")
    assert main(["alerts", "list", "--config", str(config)]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1, error  # one line, no library warnings


@pytest.mark.parametrize("tables, message", [
    ('[[alerts]]\nname = "A"\nrule = "match"\n', "rule 'match' needs a filter: actors, topics, levels or query"),
    ('[[alerts]]\nname = "A"\nrule = "spike"\n[[alerts]]\nname = "A"\nrule = "spike"\n', "repeats the alert name 'A'"),
    ('[[alerts]]\nrule = "spike"\n', "[[alerts]] #1 (unnamed) is missing the key 'name'"),
])
def test_rule_sets_that_cannot_work_are_refused(make_config, capsys, tables, message):
    config = make_config(extra=tables)
    assert main(["alerts", "list", "--config", str(config)]) == 2
    assert message in capsys.readouterr().err


def test_cli_lists_rules_without_passwords_tests_a_rule_and_shows_history(monitor, capsys):
    config, server = monitor
    config.write_text(config.read_text() + '\n[[alerts]]\nname = "Desk"\nrule = "new_actor"\ndays = 30\n'
                      'notify = ["mailto://desk:s3cretpw@127.0.0.1:1?mode=insecure&from=monitor@example.org&to=desk@example.org&cto=1"]\n')
    assert main(["alerts", "list", "--config", str(config)]) == 0
    listing = capsys.readouterr().out
    assert "Status changes" in listing and "Desk" in listing and "days=30" in listing
    assert "s3cretpw" not in listing

    assert main(["alerts", "test", "Status changes", "--config", str(config)]) == 0
    assert [m["title"] for m in received(server)] == ["Test alert for 'Status changes' (status_change)"]
    assert main(["alerts", "test", "Desk", "--config", str(config)]) == 1  # nothing listens on port 1
    out = capsys.readouterr().out
    assert "1 failed" in out and "s3cretpw" not in out
    assert main(["alerts", "test", "Nobody", "--config", str(config)]) == 2
    assert "unknown alert rule 'Nobody'" in capsys.readouterr().err

    assert main(["once", "--config", str(config)]) == 0
    assert main(["alerts", "history", "--config", str(config)]) == 0
    history = capsys.readouterr().out
    assert "Test alert for 'Desk'" in history and "failed" not in history.split("Desk")[0][-5:]
    assert "in one digest" in history and "sent" in history and "s3cretpw" not in history


def test_alerts_atom_feed_lists_alerts_with_story_links(monitor):
    import socket

    from ingest.atom_server import start_atom_server

    config, server = monitor
    assert main(["once", "--config", str(config)]) == 0
    new_version(server, BACKLOG + [STATUS_CHANGE])
    assert main(["once", "--config", str(config)]) == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    atom = start_atom_server(prepare(config).engine, "127.0.0.1", port)
    try:
        parsed = feedparser.parse(urllib.request.urlopen(f"http://127.0.0.1:{port}/alerts.atom").read())
    finally:
        atom.shutdown()
    assert not parsed.bozo
    status = next(e for e in parsed.entries if e.title.startswith("Kazakhstan: formal status up"))
    assert "Kazakhstan accredits" in status.summary and status.link.startswith("https://wire.example.org/")
    assert any("in one digest" in e.title for e in parsed.entries)


def test_an_hourly_rule_sends_one_digest_after_the_hour(feed_server, make_config):
    from ingest.alerts.delivery import run_outbox
    from ingest.clock import utc_now

    hook = feed_server.add("/hook", status=200).replace("http://", "json://")
    feed = feed_server.add("/wire.xml", body=rss(BACKLOG))
    config = make_config({"Wire": feed}, extra=settings() + f"""
[[alerts]]
name = "Hourly rail"
rule = "match"
query = "rail* OR decree"
digest = "hourly"
notify = ["{hook}"]
""")
    assert main(["once", "--config", str(config)]) == 0  # the backlog: one flood digest
    new_version(feed_server, BACKLOG + [STATUS_CHANGE] + BURST[:3])
    assert main(["once", "--config", str(config)]) == 0
    assert len(received(feed_server)) == 1, "the three matches wait for the end of the hour"
    runtime = prepare(config)
    import ingest.alerts.outbox as outbox

    outbox.compose_digests(runtime.engine, runtime.config.alerts, utc_now() + timedelta(hours=1))
    run_outbox(runtime.engine, runtime.config.alerts, "w", 60, retry_now=True)
    messages = received(feed_server)
    assert len(messages) == 2 and messages[1]["title"].startswith("Hourly rail: 3 alerts, hourly digest"), messages[1]["message"]
    assert messages[1]["message"].count("https://wire.example.org/") == 3
    with session_scope(runtime.engine) as session:
        assert session.query(Alert).filter(Alert.kind == "match", Alert.digest_id.is_(None)).count() == 0


def test_the_scheduler_raises_and_delivers_alerts_after_each_poll(monitor):
    from ingest.orchestrator import Pipeline, enabled_feed_ids, schedule_now
    from ingest.scheduler import IngestScheduler

    config, server = monitor
    runtime = prepare(config)
    scheduler = IngestScheduler(Pipeline(runtime.config, runtime.engine))
    try:
        scheduler.tick()
        first = len(received(server))
        assert first >= 1 and all("in one digest" in m["title"] for m in received(server))
        new_version(server, BACKLOG + [STATUS_CHANGE] + BURST)
        schedule_now(runtime.engine, enabled_feed_ids(runtime.engine)[0])
        scheduler.tick()
        assert len(received(server)) == first + 3
    finally:
        scheduler.shutdown()


def test_alerts_page_shows_rules_alerts_channels_and_lets_an_admin_send_a_test(monitor, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    config, server = monitor
    server.routes["/hook"].status = 503
    assert main(["once", "--config", str(config)]) == 0
    monkeypatch.setenv("MONITOR_CONFIG", str(config))
    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "s3cret")
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=60).run()
    at.switch_page("views/alerts.py").run()
    assert not at.exception and at.title[0].value == "Alerts"
    rules_shown, channels, alerts = (frame.value for frame in at.dataframe[:3])
    assert list(rules_shown["name"]) == ["Status changes", "New actors", "Women's rights spike", "Rail"]
    assert channels["failed"].sum() == 0 and channels["waiting"].iloc[0] >= 1
    assert "503" in channels["last_error"].iloc[0]  # the channel's error is shown
    assert alerts["title"].str.contains("in one digest").all()
    assert alerts["link"].str.startswith("https://wire.example.org/").all()
    assert "Send a test" not in [b.label for b in at.button]  # for admins only

    at.sidebar.text_input(key="admin_attempt").set_value("s3cret").run()
    next(b for b in at.sidebar.button if b.label == "Unlock").click().run()
    server.routes["/hook"].status = 200
    at.selectbox(key="alert_test_rule").set_value("Rail")
    next(b for b in at.button if b.label == "Send a test").click().run()
    assert not at.exception and at.success, at.error
    assert any(m["title"] == "Test alert for 'Rail' (match)" for m in received(server))
