"""Several ingestion workers on one PostgreSQL database share the feeds: each due feed is
polled exactly once, none twice at once, and a dead worker's feeds go to the others."""
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from db.models import Feed, FetchLog, Story
from db.session import session_scope
from feedserver import Route
from ingest.clock import utc_now
from ingest.orchestrator import claim_due_feeds
from ingest.runtime import prepare

BACKENDS = ("postgresql",)
ROOT = Path(__file__).resolve().parent.parent


def feed_body(number: int) -> bytes:
    """Five items plainly about the Taliban's foreign relations, so that every one is kept
    whatever the relevance model learns ("Taliban story 12-2" alone was a coin toss)."""
    items = "".join(f"<item><title>Pakistan and Taliban officials hold border talks, round {number}-{i}</title>"
                    f"<link>https://w{number}.example.org/{i}</link><description>Pakistani officials met Taliban "
                    f"ministers in Kabul for round {number}-{i} of talks on the border crossings.</description></item>"
                    for i in range(5))
    return f'<rss version="2.0"><channel><title>F{number}</title>{items}</channel></rss>'.encode()


def test_two_workers_poll_every_feed_exactly_once(feed_server, make_config):
    feeds = {f"Feed {n:02d}": feed_server.add(f"/f{n}.xml", Route(body=feed_body(n))) for n in range(30)}
    config = make_config(feeds)
    engine = prepare(config).engine
    workers = [subprocess.Popen([sys.executable, "-m", "ingest", "run", "--config", str(config), "--tick", "1"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with session_scope(engine) as session:
                if session.scalar(select(func.count(Feed.id)).where(Feed.last_success_at.is_(None))) == 0:
                    break
            time.sleep(0.5)
        time.sleep(2)  # let both workers tick again: nothing is due, nothing must be polled twice
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=30) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    assert all("already runs" not in err for _, err in outputs)  # PostgreSQL allows several workers
    for n in range(30):
        assert len(feed_server.requests_to(f"/f{n}.xml")) == 1, n
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(FetchLog.id))) == 30
        assert session.scalar(select(func.count(Story.id)).where(Story.is_seed.is_(False))) == 150
        assert session.scalar(select(func.count(Feed.id)).where(Feed.claimed_by.is_not(None))) == 0


def test_claims_skip_locked_feeds_and_expired_claims_are_taken_over(make_config):
    config = make_config({f"Feed {n}": f"http://127.0.0.1:9/{n}.xml" for n in range(4)})
    engine = prepare(config).engine
    with engine.connect() as holder:  # another worker holds a row lock on one feed
        locked = holder.execute(select(Feed.id).order_by(Feed.id).limit(1).with_for_update()).scalar()
        first = claim_due_feeds(engine, "worker-a", 60)
        holder.rollback()
    assert locked not in first and len(first) == 3
    assert claim_due_feeds(engine, "worker-b", 60) == [locked]  # the rest are claimed by worker-a
    with session_scope(engine, write=True) as session:  # worker-a dies: its claims expire
        session.execute(update(Feed).where(Feed.claimed_by == "worker-a")
                        .values(claimed_until=utc_now() - timedelta(seconds=1)))
    assert sorted(claim_due_feeds(engine, "worker-b", 60)) == sorted(first)



def slow_feed(number: int, seconds_per_byte: float) -> Route:
    """A feed that takes about len(body) * seconds_per_byte to send: polls overlap in time."""
    return Route(body=feed_body(number), trickle_seconds=seconds_per_byte)


def worker_configs(make_config, feeds: dict, settings: str, names=("a", "b")) -> list[Path]:
    """One config per worker, on one database, told apart by their User-Agent."""
    from conftest import FAST_SCHEDULER

    extra = FAST_SCHEDULER.replace("fetch_timeout_seconds = 3.0", "fetch_timeout_seconds = 20.0")  # slow feeds on purpose
    base = make_config(feeds, extra.replace("[scheduler]\n", "[scheduler]\n" + settings))
    paths = []
    for name in names:
        path = base.with_name(f"worker-{name}.toml")
        path.write_text(base.read_text().replace("[scheduler]\n", f'[scheduler]\nuser_agent = "worker-{name}"\n', 1))
        paths.append(path)
    return paths


def start_worker(config: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest", "run", "--config", str(config), "--tick", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_until(condition, what: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit  # a bound for a hang, not a measure: the test asserts no duration
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.2)


def unpolled(engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count(Feed.id)).where(Feed.last_success_at.is_(None)))


def fetched_by(feed_server, count: int) -> dict[str, set[int]]:
    """Feed numbers each worker (User-Agent) requested."""
    seen: dict[str, set[int]] = {}
    for n in range(count):
        for request in feed_server.requests_to(f"/f{n}.xml"):
            seen.setdefault(request.headers.get("user-agent"), set()).add(n)
    return seen


def test_two_workers_with_small_claims_share_the_feeds_and_poll_each_once(feed_server, make_config):
    """Issue #14, point 5: with claims of 3 feeds both workers really claim feeds (the old
    test let one worker claim all 30 at once); still every feed is fetched and stored once."""
    feeds = {f"Feed {n:02d}": feed_server.add(f"/f{n}.xml", slow_feed(n, 0.0005)) for n in range(30)}
    configs = worker_configs(make_config, feeds, "claim_batch = 3\n")
    engine = prepare(configs[0]).engine
    workers = [start_worker(config) for config in configs]
    try:
        wait_until(lambda: unpolled(engine) == 0, "every feed polled")
        time.sleep(2)  # both workers tick again: nothing is due, nothing may be polled twice
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        errors = [worker.communicate(timeout=30)[1] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), errors
    by_worker = fetched_by(feed_server, 30)
    assert set(by_worker) == {"worker-a", "worker-b"}, by_worker  # both claimed feeds
    assert by_worker["worker-a"].isdisjoint(by_worker["worker-b"])
    assert all(len(feed_server.requests_to(f"/f{n}.xml")) == 1 for n in range(30))
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(FetchLog.id))) == 30
        assert session.scalar(select(func.count(Story.id)).where(Story.is_seed.is_(False))) == 150


def test_a_worker_killed_mid_claim_loses_nothing(feed_server, make_config):
    """SIGKILL of a worker while it holds claims on feeds it is fetching: its claims expire
    (lease_seconds) and the other worker polls those feeds; every feed ends stored once,
    every story once, no claim left."""
    import os

    feeds = {f"Feed {n:02d}": feed_server.add(f"/f{n}.xml", slow_feed(n, 0.003)) for n in range(12)}
    configs = worker_configs(make_config, feeds, "claim_batch = 2\nlease_seconds = 4\n")
    engine = prepare(configs[0]).engine
    doomed = start_worker(configs[0])

    def doomed_claims() -> int:
        with session_scope(engine) as session:
            return session.scalar(select(func.count(Feed.id)).where(Feed.claimed_by.like(f"%:{doomed.pid}:%")))

    try:
        wait_until(lambda: doomed_claims() > 0 and fetched_by(feed_server, 12).get("worker-a"), "worker a fetching its claims")
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        survivor = start_worker(configs[1])
        try:
            wait_until(lambda: unpolled(engine) == 0, "every feed polled after the kill")
        finally:
            survivor.send_signal(signal.SIGTERM)
            survivor.communicate(timeout=30)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    by_worker = fetched_by(feed_server, 12)
    assert by_worker.get("worker-b"), "the survivor took over the killed worker's feeds"
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Feed.id)).where(Feed.claimed_by.is_not(None))) == 0
        recorded = session.execute(select(FetchLog.feed_id, func.count()).group_by(FetchLog.feed_id)).all()
        assert len(recorded) == 12 and all(count == 1 for _, count in recorded)  # each poll recorded once
        urls = list(session.scalars(select(Story.url).where(Story.is_seed.is_(False))))
    assert len(urls) == len(set(urls)) == 60  # every story, none twice
