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
    items = "".join(f"<item><title>Taliban story {number}-{i}</title><link>https://w{number}.example.org/{i}</link>"
                    f"<description>Kabul report {number}-{i}.</description></item>" for i in range(5))
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

