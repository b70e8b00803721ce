"""The service (`./run.sh`): ingestion starts with the process, not with the first visitor
(issue #17); one poller per SQLite database; a clean stop on SIGTERM, nothing left after SIGKILL.

The README's command itself is started on a temporary config whose feed is served on
127.0.0.1; no page is ever opened unless a test says so.
"""
import os
import signal
import socket
import subprocess
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from conftest import FAST_SCHEDULER
from db.models import FetchLog, SchedulerLease, Story
from db.session import open_database, session_scope
from ingest.clock import utc_now
from ingest.config import load_config
from ingest.scheduler import Lease, current_holder

ROOT = Path(__file__).resolve().parent.parent
LEASE_SECONDS = 45  # longer than a tick (30 s), as in the shipped config
SERVICE = FAST_SCHEDULER.replace("start_in_dashboard = false", "start_in_dashboard = true") + f"lease_seconds = {LEASE_SECONDS}\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """`./run.sh` on `config`, in its own session (so its processes can be found), output to a file."""

    def __init__(self, config: Path, log: Path):
        self.port, self.log = free_port(), log
        env = {**os.environ, "MONITOR_CONFIG": str(config), "PORT": str(self.port)}
        env.pop("DATABASE_URL", None)
        self.process = subprocess.Popen([str(ROOT / "run.sh")], cwd=ROOT, env=env, stdout=log.open("w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.process.pid  # run.sh execs the service: same process

    def database(self, config: Path):
        """The service's database, once the service has created, migrated and seeded it."""
        wait_for(lambda: "monitor: database" in self.log.read_text(), 90, "the service's database")
        return open_database(load_config(config).database_url)

    def healthy(self) -> bool:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=1).read() == b"ok"
        except OSError:
            return False

    def processes(self) -> list[int]:
        """Every live process of the service's session (itself and any child it started)."""
        from conftest import live_processes

        return live_processes(session=self.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def services(tmp_path):
    started = []

    def start(config: Path) -> Service:
        started.append(Service(config, tmp_path / f"service{len(started)}.log"))
        return started[-1]

    yield start
    for service in started:
        service.stop()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def stories(engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count(Story.id)))


def polls(engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count(FetchLog.id)))


def test_the_run_command_polls_at_start_without_a_visitor_and_stops_cleanly_on_sigterm(feed_server, make_config, services):
    """Issue #17: no browser ever connects, yet the feed is polled within one tick (and
    the Atom feed of filtered views answers subscribers)."""
    atom_port = free_port()
    config = make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml")},
                         extra=SERVICE.replace("atom_port = 0", f"atom_port = {atom_port}"))
    service = services(config)
    engine = service.database(config)
    wait_for(lambda: polls(engine), 60, "the first poll")
    assert stories(engine) > 1  # the seed and the feed's stories
    assert f":{service.pid}:" in current_holder(engine)[0]
    assert feed_server.requests_to("/rss.xml")
    atom = urllib.request.urlopen(f"http://127.0.0.1:{atom_port}/feed.atom", timeout=10).read()
    assert b"<feed" in atom
    wait_for(service.healthy, 60, "the dashboard")  # and the dashboard is served by the same process
    service.process.send_signal(signal.SIGTERM)
    assert service.process.wait(timeout=60) == 0
    assert service.processes() == []
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(SchedulerLease)) == 0  # released


def test_two_services_on_one_database_poll_once_and_a_killed_one_leaves_nothing(feed_server, make_config, services):
    config = make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml")}, extra=SERVICE)
    first = services(config)
    engine = first.database(config)
    wait_for(lambda: polls(engine), 60, "the first service's poll")
    second = services(config)
    wait_for(second.healthy, 60, "the second service")
    wait_for(lambda: "scheduler started" in second.log.read_text(), 10, "the second scheduler")
    time.sleep(2)  # its first tick ran at start: it found the lease held and stayed idle
    assert f":{first.pid}:" in current_holder(engine)[0]
    assert len(feed_server.requests_to("/rss.xml")) == 1 and polls(engine) == 1
    killed_at = utc_now()
    os.kill(first.pid, signal.SIGKILL)
    first.process.wait()
    assert first.processes() == []  # no parse worker or other child outlives it
    holder = current_holder(engine)
    assert holder is None or holder[1] <= killed_at + timedelta(seconds=LEASE_SECONDS)  # it expires on its own
    second.process.send_signal(signal.SIGINT)
    assert second.process.wait(timeout=60) == 0 and second.processes() == []


def test_with_start_in_dashboard_false_the_service_polls_nothing(feed_server, make_config, services):
    config = make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml")},
                         extra=SERVICE.replace("start_in_dashboard = true", "start_in_dashboard = false"))
    service = services(config)
    wait_for(service.healthy, 60, "the dashboard")
    engine = service.database(config)
    time.sleep(2)
    assert polls(engine) == 0 and current_holder(engine) is None and not feed_server.requests_to("/rss.xml")
    service.process.send_signal(signal.SIGTERM)
    assert service.process.wait(timeout=60) == 0


# ---- what the Feeds page says about the scheduler ---------------------------------------------------

DASHBOARD = str(ROOT / "dashboard.py")


def feeds_page(runtime, monkeypatch) -> AppTest:
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.switch_page("views/feeds.py").run()
    assert not at.exception, at.exception
    return at


def test_feeds_page_warns_when_no_scheduler_holds_the_lease(runtime, monkeypatch):
    at = feeds_page(runtime, monkeypatch)
    assert any("No scheduler holds the database lease" in w.value for w in at.warning)
    assert any("no scheduler in this process" in m.value and "**Lease holder:** nobody" in m.value for m in at.markdown)


def test_feeds_page_names_the_lease_holder_and_the_next_due_feed(feed_server, make_config, monkeypatch):
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml")}))
    Lease(runtime.engine, "ingest-host:4242:abcd", 60).acquire()
    at = feeds_page(runtime, monkeypatch)
    assert not any("No scheduler holds" in w.value for w in at.warning)
    text = " ".join(m.value for m in at.markdown)
    assert "ingest-host:4242:abcd" in text and "**Next due feed:** Wire, now" in text


# ---- months of running: the fetch log stays within its retention ------------------------------------

def test_fetch_log_is_pruned_to_its_retention_keeping_each_feeds_latest_poll(feed_server, make_config):
    from ingest.orchestrator import Pipeline
    from ingest.retention import Pruner
    from ingest.runtime import prepare
    from ingest.scheduler import IngestScheduler

    runtime = prepare(make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml"),
                                   "Atom": feed_server.add_fixture("/atom.xml", "atom.xml")},
                                  extra=SERVICE + "fetch_log_retention_days = 0.5\n"))
    scheduler = IngestScheduler(Pipeline(runtime.config, runtime.engine))
    scheduler.tick()  # polls both feeds and prunes (nothing old yet)
    with session_scope(runtime.engine, write=True) as session:  # age every poll by a day; add old ones
        for log in session.scalars(select(FetchLog)):
            log.started_at -= timedelta(days=1)
        wire = session.scalar(select(FetchLog.feed_id).limit(1))
        session.add_all(FetchLog(feed_id=wire, started_at=utc_now() - timedelta(days=d), duration_ms=1, outcome="ok")
                        for d in (2, 3))
        session.add(FetchLog(feed_id=wire, started_at=utc_now() - timedelta(hours=1), duration_ms=1, outcome="ok"))
    pruner = Pruner(runtime.engine, runtime.config.scheduler.fetch_log_retention_days)
    assert pruner.maybe_prune(utc_now()) and pruner.last_deleted == 3  # two old ones and Wire's aged poll
    assert not pruner.maybe_prune(utc_now() + timedelta(seconds=60))  # not due again so soon
    with session_scope(runtime.engine) as session:
        kept = session.execute(select(FetchLog.feed_id, FetchLog.started_at)).all()
    assert len(kept) == 2 and len({feed for feed, _ in kept}) == 2  # Wire's newest, Atom's aged latest
    scheduler.shutdown()


@pytest.mark.parametrize("value, message", [(0, "must be greater than 0"), ("30", "must be a number")])
def test_fetch_log_retention_is_validated(make_config, value, message):
    from ingest.config import ConfigError

    config = make_config(extra=FAST_SCHEDULER + f"fetch_log_retention_days = {value!r}\n".replace("'", '"'))
    with pytest.raises(ConfigError, match=f"fetch_log_retention_days {message}"):
        load_config(config)
