"""Alerts: what detection adds to a poll, and how fast the outbox is delivered.

N feeds x M items (dated over the year up to now) from 127.0.0.1 are polled three times
on a fresh SQLite database, once with no rules and once with four (status_change,
new_actor, spike, match; no channels): the first poll (every feed's backlog: one digest
per rule), a second poll in which every feed brings M new items (live alerts), and a live
poll in which every feed brings one item of the last hours (what a running service polls).
Then K test alerts are delivered to a local webhook through Apprise, one claim and one
record per delivery.

    .venv/bin/python bench/alerts.py --feeds 200 --items 50
"""
import argparse
import random
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import make_rss, serve_in_process, write_results

RULES = """
[[alerts]]
name = "Status"
rule = "status_change"
[[alerts]]
name = "New actors"
rule = "new_actor"
[[alerts]]
name = "Spikes"
rule = "spike"
[[alerts]]
name = "Rail"
rule = "match"
query = "rail* OR border"
"""


DETECTION = {"seconds": 0.0}
KINDS = ("status_change", "new_actor", "spike", "match")
PARTS = dict.fromkeys(KINDS, 0.0)  # seconds per rule kind inside raise_alerts (the rest: writing the outbox)


def timed_detection():
    """raise_alerts, timed: the time detection and the outbox add inside the transactions
    (steadier than the poll's wall time on a shared machine); and within it, each rule
    kind's detection (status_change: the status refold's before-and-after comparison and
    its alerts, through db.status.apply_pending_status)."""
    import db.status
    import ingest.alerts.outbox as outbox

    original, detect, apply = outbox.raise_alerts, outbox.detect, db.status.apply_pending_status
    inside = {"raising": False}

    def raise_alerts(*args, **kwargs):
        started = time.perf_counter()
        inside["raising"] = True
        try:
            return original(*args, **kwargs)
        finally:
            inside["raising"] = False
            DETECTION["seconds"] += time.perf_counter() - started

    def timed_detect(session, rule, poll):
        started = time.perf_counter()
        try:
            return detect(session, rule, poll)
        finally:
            PARTS[rule.rule] += time.perf_counter() - started

    def timed_apply(session):
        started = time.perf_counter()
        try:
            return apply(session)
        finally:
            if inside["raising"]:
                PARTS["status_change"] += time.perf_counter() - started
    outbox.raise_alerts, outbox.detect, db.status.apply_pending_status = raise_alerts, timed_detect, timed_apply


def take_parts() -> dict:
    taken = dict(PARTS)
    PARTS.update(dict.fromkeys(KINDS, 0.0))
    return taken


POLLS = (("first", "", "first poll (backlog)"), ("second", "b", "second poll (all items new)"),
         ("live", "c", "live poll (one new item a feed)"))


def poll_three_times(folder: Path, base: str, feeds: int, rules: str) -> dict:
    """The first poll, the second (every item new), then a live poll: each feed one new
    item of the last hours, as most polls of a running service are."""
    from sqlalchemy import func, select

    from db.models import Alert
    from db.session import session_scope
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    lines = ['[database]', 'url = "sqlite:///bench.db"', "[scheduler]", "start_in_dashboard = false", rules]
    for number in range(feeds):
        lines += ["[[feeds]]", f'name = "bench {number:04d}"', f'url = "{base}/feed{number}.xml"', ""]
    (folder / "config.toml").write_text("\n".join(lines))
    runtime = prepare(folder / "config.toml")
    pipeline = Pipeline(runtime.config, runtime.engine)
    ids = enabled_feed_ids(runtime.engine)
    measured = {}
    for key, suffix, _ in POLLS:
        measured.update(timed_poll(pipeline, runtime.engine, ids, key, base, suffix, feeds))
        if key == "first":
            with session_scope(runtime.engine) as session:
                measured["first_alerts"] = session.scalar(select(func.count()).select_from(Alert)) or 0
    with session_scope(runtime.engine) as session:
        measured["alerts"] = session.scalar(select(func.count()).select_from(Alert)) or 0
        measured["delivered_as"] = session.scalar(select(func.count()).select_from(Alert).where(Alert.digest_id.is_(None))) or 0
    pipeline.close()
    return measured


def timed_poll(pipeline, engine, ids, key: str, base: str, suffix: str, feeds: int) -> dict:
    """Point the feeds at their `suffix` version and poll them: the wall time, detection's
    time and its parts."""
    from sqlalchemy import update

    from db.models import Feed
    from db.session import session_scope

    if suffix:
        with session_scope(engine, write=True) as session:
            for number in range(feeds):  # the same feeds, now with new items
                session.execute(update(Feed).where(Feed.name == f"bench {number:04d}")
                                .values(url=f"{base}/feed{number}{suffix}.xml", next_check_at=None))
    DETECTION["seconds"] = 0.0
    take_parts()
    started = time.perf_counter()
    pipeline.poll_feeds(ids, parse_processes=2)
    return {key: time.perf_counter() - started, f"{key}_detection": DETECTION["seconds"], f"{key}_parts": take_parts()}


def detection_on_stored(path: Path, poll_size: int) -> tuple[int, dict]:
    """Detection alone on a large database (bench/generate_database.py): its newest
    `poll_size` stories taken as one live poll, each rule kind's detect() timed, nothing
    written. What a live poll's detection costs as the stored history grows."""
    import tomllib

    from sqlalchemy import func, select

    from db.models import Story
    from db.session import open_database, session_scope
    from ingest.alerts.detect import PollStories, detect
    from ingest.alerts.rules import parse_rules
    from ingest.config import DEFAULT_TAXONOMY_PATH
    from ingest.taxonomy import load_taxonomy

    engine = open_database(f"sqlite:///{path}")
    labels = load_taxonomy(DEFAULT_TAXONOMY_PATH).actor_labels
    timings = {}
    with session_scope(engine) as session:
        stored = session.scalar(select(func.count()).select_from(Story)) or 0
        newest = set(session.scalars(select(Story.id).order_by(Story.published_at.desc()).limit(poll_size)))
        for rule in parse_rules(tomllib.loads(RULES)["alerts"], path):
            if rule.rule != "status_change":  # raised where the status is refolded, not by detect()
                started = time.perf_counter()
                detect(session, rule, PollStories(set(newest), labels))
                timings[rule.rule] = time.perf_counter() - started
    engine.dispose()
    return stored, timings


def delivery_rate(count: int) -> float:
    """Deliveries per second to a webhook on 127.0.0.1."""
    from datetime import timedelta

    from ingest.alerts.delivery import deliver_due
    from ingest.alerts.outbox import raise_test_alert
    from ingest.clock import utc_now
    from ingest.runtime import prepare

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.toml"
        config.write_text(f'[database]\nurl = "sqlite:///d.db"\n[[alerts]]\nname = "Hook"\nrule = "new_actor"\n'
                          f'notify = ["json://127.0.0.1:{server.server_address[1]}/hook"]\n')
        runtime = prepare(config)
        now = utc_now()
        for number in range(count):
            raise_test_alert(runtime.engine, runtime.config.alerts[0], now + timedelta(microseconds=number))
        started = time.perf_counter()
        report = deliver_due(runtime.engine, "bench", 60)
        elapsed = time.perf_counter() - started
    server.shutdown()
    assert report.sent == count, report
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--deliveries", type=int, default=200)
    parser.add_argument("--stored", metavar="DB", help="also: detection of a live poll on this database, made by "
                                                        "bench/generate_database.py")
    parser.add_argument("--stored-poll", type=int, default=200, help="stories in that live poll (200)")
    args = parser.parse_args()
    rng = random.Random(12)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    start = now - timedelta(minutes=500_000)  # a year of items up to now, as a running service has
    bodies = {}
    for number in range(args.feeds):
        bodies[f"/feed{number}.xml"] = make_rss(number, args.items, rng, start)
        bodies[f"/feed{number}b.xml"] = make_rss(number + 100_000, args.items, rng, start)
        bodies[f"/feed{number}c.xml"] = make_rss(number + 200_000, 1, rng, now - timedelta(hours=6), spread_minutes=300)
    server, port = serve_in_process(bodies)
    base = f"http://127.0.0.1:{port}"
    results = {}
    timed_detection()
    for label, rules in (("no rules", ""), ("four rules", RULES)):
        with tempfile.TemporaryDirectory() as folder:
            results[label] = poll_three_times(Path(folder), base, args.feeds, rules)
    server.terminate()
    rate = delivery_rate(args.deliveries)
    plain, ruled = results["no rules"], results["four rules"]
    lines = [f"{args.feeds} feeds x {args.items} items, SQLite, 2 parse workers; one run.", "",
             "| poll | no rules | four rules | of which detection and outbox |", "| --- | ---: | ---: | ---: |"]
    for key, _, name in POLLS:
        lines.append(f"| {name} | {plain[key]:.2f} s | {ruled[key]:.2f} s | {ruled[key + '_detection']:.3f} s |")
    lines += ["", "Of detection and outbox, per rule kind (status_change: the status refold, brought forward "
              "from the commit, with its comparison and alerts):", "",
              "| poll | " + " | ".join(KINDS) + " | writing the outbox |", "| --- |" + " ---: |" * (len(KINDS) + 1)]
    for key, _, name in POLLS:
        parts = ruled[key + "_parts"]
        rest = ruled[key + "_detection"] - sum(parts.values())
        lines.append(f"| {name} | " + " | ".join(f"{parts[kind]:.3f} s" for kind in KINDS) + f" | {rest:.3f} s |")
    if args.stored:
        stored, timings = detection_on_stored(Path(args.stored), args.stored_poll)
        lines += ["", f"A live poll on a large database: detection of the newest {args.stored_poll} stories of "
                      f"{stored:,} (bench/generate_database.py), nothing written:", "",
                  "| " + " | ".join(timings) + " |", "|" + " ---: |" * len(timings),
                  "| " + " | ".join(f"{seconds:.3f} s" for seconds in timings.values()) + " |"]
    lines += ["", f"Alerts after the first poll: {ruled['first_alerts']}; after all three: {ruled['alerts']} "
                  f"(delivered as {ruled['delivered_as']} messages: the rest are digest members).",
              f"Delivery to a webhook on 127.0.0.1: {rate:.0f} alerts/s ({args.deliveries} alerts)."]
    text = "\n".join(lines)
    print(text)
    write_results("Alerts (bench/alerts.py)", text)


if __name__ == "__main__":
    main()
