"""One scheduler per database: a lease, a clear message for the second, takeover after death."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from db.models import Feed, SchedulerLease, Story
from db.session import session_scope
from ingest.clock import utc_now
from ingest.orchestrator import Pipeline
from ingest.runtime import prepare
from ingest.scheduler import IngestScheduler, Lease, current_holder

ROOT = Path(__file__).resolve().parent.parent


def test_lease_is_exclusive_until_it_expires(runtime):
    first, second = Lease(runtime.engine, "first", 60), Lease(runtime.engine, "second", 60)
    now = utc_now()
    assert first.acquire(now) and first.acquire(now + timedelta(seconds=30))  # renewal
    assert not second.acquire(now + timedelta(seconds=31))
    assert second.acquire(now + timedelta(seconds=91))  # the first stopped renewing: taken over
    assert not first.acquire(now + timedelta(seconds=92))
    second.release()
    assert current_holder(runtime.engine) is None


def test_scheduler_tick_polls_due_feeds_and_not_the_others(feed_server, make_config):
    runtime = prepare(make_config({"Due": feed_server.add_fixture("/rss.xml", "rss20.xml"),
                                   "Later": feed_server.add_fixture("/atom.xml", "atom.xml")}))
    with session_scope(runtime.engine, write=True) as session:
        later = session.scalar(select(Feed).where(Feed.name == "Later"))
        later.next_check_at = utc_now() + timedelta(hours=1)
    scheduler = IngestScheduler(Pipeline(runtime.config, runtime.engine))
    scheduler.tick()
    assert scheduler.is_leader
    with session_scope(runtime.engine) as session:
        feeds = {f.name: f for f in session.scalars(select(Feed))}
        assert feeds["Due"].last_success_at is not None
        assert feeds["Later"].last_checked_at is None
    scheduler.shutdown()


def start_run(config, *extra):
    return subprocess.Popen([sys.executable, "-m", "ingest", "run", "--config", str(config), "--tick", "1", *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_lease(engine, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if current_holder(engine):
            return current_holder(engine)
        time.sleep(0.2)
    raise AssertionError("no scheduler took the lease")


def test_a_poll_longer_than_the_lease_keeps_it(feed_server, make_config):
    """Six silent hosts (3 s timeout, up to four at once) make a poll of about 6 s; the
    scheduler renews its 3 s lease as polls finish, so nobody can take over meanwhile."""
    feeds = {f"Silent {n}": feed_server.add(f"/silent{n}", hang_seconds=10) for n in range(6)}
    runtime = prepare(make_config(feeds))
    scheduler = IngestScheduler(Pipeline(runtime.config, runtime.engine))
    scheduler.lease.seconds = 3
    scheduler.tick()
    with session_scope(runtime.engine) as session:  # six 3 s timeouts on at most four threads: two rounds, longer than the lease
        errors = list(session.scalars(select(Feed.last_error)))
    assert len(errors) == 6 and all("timeout" in error for error in errors)
    assert not Lease(runtime.engine, "another process", 60).acquire()
    assert current_holder(runtime.engine)[0] == scheduler.lease.holder
    scheduler.pipeline.close()


def test_second_run_refuses_then_takes_over_when_the_first_dies(feed_server, make_config):
    from conftest import FAST_SCHEDULER

    config = make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml")},
                         extra=FAST_SCHEDULER + "lease_seconds = 3\n")
    engine = prepare(config).engine
    first = start_run(config)
    try:
        wait_for_lease(engine)
        second = start_run(config)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 1
        assert "a scheduler already runs for this database" in err and "--wait" in err
        with session_scope(engine) as session:  # the first one polled the feed meanwhile
            assert session.scalar(select(func.count(Story.id))) > 1
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        waiting = start_run(config, "--wait")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            holder = current_holder(engine)
            if holder and f":{waiting.pid}:" in holder[0]:
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the waiting scheduler did not take over the stale lease")
        waiting.send_signal(signal.SIGTERM)
        assert waiting.wait(timeout=30) == 0
        with session_scope(engine) as session:
            assert session.scalar(select(func.count()).select_from(SchedulerLease)) == 0  # released on SIGTERM
    finally:
        for process in (first,):
            if process.poll() is None:
                process.kill()
