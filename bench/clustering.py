"""Event clustering's cost: what it adds to ingestion, and a poll's clustering work on
a large database (it must not grow with the database: candidates are read from a
time window by index).

1. The whole pipeline (as bench/ingest_throughput.py: N feeds x M items from 127.0.0.1,
   fresh SQLite database) with clustering and with it switched off (the stage and the
   LSH keys in the parse workers), alternating, best of R rounds each.
2. On a database of many stories (bench/generate_database.py, whose stories carry LSH
   keys and clusters), the store stage of one poll of 50 new stories, dated at the end
   of the timeline, with and without clustering (rolled back each time), median of 5.

    .venv/bin/python bench/clustering.py --feeds 200 --items 50 --db data/bench.db
"""
import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import make_rss, serve_in_process, write_results
from ingest_throughput import pipeline_for, timed_poll


def pipeline_round(base: str, args, clustering: bool):
    """One first poll; with `clustering`, also the writer thread's CPU seconds in the
    clustering stage and the keys it stored (thread time: it does not count the fetch
    threads or other jobs on a shared machine, which make wall times vary by a third)."""
    import ingest.process
    import ingest.store

    saved = ingest.store._cluster, ingest.process._cluster_features
    stage = {"cpu": 0.0, "keys": 0}
    if clustering:
        def timed_stage(session, polls, story_ids):
            started = time.thread_time()
            try:
                return saved[0](session, polls, story_ids)
            finally:
                stage["cpu"] += time.thread_time() - started
        ingest.store._cluster = timed_stage
    else:  # before the parse workers fork, so they inherit it
        ingest.store._cluster = lambda *_: None
        ingest.process._cluster_features = lambda entries: [(frozenset(), ())] * len(entries)
    try:
        with tempfile.TemporaryDirectory() as folder:
            pipeline, feed_ids = pipeline_for(Path(folder), base, args.feeds, args.processes)
            timing, results = timed_poll(pipeline, feed_ids, args.processes)
            pipeline.close()
            if clustering:
                from sqlalchemy import func, select

                from db.models import ClusterKey

                with pipeline.engine.connect() as connection:
                    stage["keys"] = connection.scalar(select(func.count()).select_from(ClusterKey))
            return timing, sum(r.counts.new for r in results), stage
    finally:
        ingest.store._cluster, ingest.process._cluster_features = saved


def overhead(args) -> list[str]:
    rng = random.Random(42)
    bodies = {f"/feed{n}.xml": make_rss(n, args.items, rng) for n in range(args.feeds)}
    server, port = serve_in_process(bodies)
    base = f"http://127.0.0.1:{port}"
    with_, without = [], []
    for _ in range(args.rounds):
        with_.append(pipeline_round(base, args, True))
        without.append(pipeline_round(base, args, False))
    server.terminate()
    on, off = min(t.wall for t, _, _ in with_), min(t.wall for t, _, _ in without)
    on_cpu, off_cpu = min(t.cpu for t, _, _ in with_), min(t.cpu for t, _, _ in without)
    stored = with_[0][1]
    stage_cpu = min(stage["cpu"] for _, _, stage in with_)
    keys = with_[0][2]["keys"]
    added = on / off - 1
    return [
        f"Pipeline: {args.feeds} feeds x {args.items} items from 127.0.0.1, {args.processes} parse processes, "
        f"{stored} stories stored; best of {args.rounds} rounds each, alternating.",
        "",
        "| pipeline, first poll on a fresh database | wall s | CPU s |",
        "| --- | ---: | ---: |",
        f"| without clustering | {off:.2f} | {off_cpu:.2f} |",
        f"| with clustering (LSH keys in the parse workers, the stage in the writer) | {on:.2f} | {on_cpu:.2f} |",
        "",
        f"Clustering adds {added:.1%} to ingestion wall time ({on_cpu / off_cpu - 1:.1%} CPU); "
        f"target < 10%: {'met' if added < 0.10 else 'NOT met'}.",
        "",
        f"The writer's clustering stage: {stage_cpu:.2f} s of its thread's CPU (best round), "
        f"{keys:,} LSH keys stored ({keys / max(stored, 1):.1f} a story).",
    ]


def at_scale(path: Path, repeats: int = 5) -> list[str]:
    from sqlalchemy import func, select

    from db.models import ClusterKey, Feed, Story
    from db.session import open_database
    from ingest.parse import ParsedEntry, clean_text
    from ingest.process import process_entries
    from ingest.store import store_items
    from ingest.tagging import Tagger
    from ingest.config import DEFAULT_TAXONOMY_PATH
    from common import story_text
    import ingest.store

    engine = open_database(f"sqlite:///{path}")
    tagger = Tagger.from_file(DEFAULT_TAXONOMY_PATH)
    with engine.connect() as connection:
        stories = connection.scalar(select(func.count()).select_from(Story))
        keys = connection.scalar(select(func.count()).select_from(ClusterKey))
        latest = connection.scalar(select(func.max(Story.published_at)))
    rng = random.Random(7)

    class KeepAll:
        def is_relevant(self, *_):
            return True

    def one_poll(clustering: bool, number: int) -> float:
        entries = []
        for i in range(50):
            title, body = story_text(rng)
            entries.append(ParsedEntry(guid=f"scale-{number}-{i}", link=f"https://scale.example/{number}/{i}",
                                       title=title, summary=clean_text(body), published_at=latest, date_estimated=False))
        items = process_entries(entries, KeepAll(), tagger).items
        saved = ingest.store._cluster
        if not clustering:
            ingest.store._cluster = lambda *_: None
        connection = engine.connect()
        transaction = connection.begin()
        from sqlalchemy.orm import Session
        session = Session(bind=connection)
        try:
            feed = session.scalars(select(Feed)).first()
            started = time.perf_counter()
            store_items(session, feed, items, latest)
            session.flush()
            return time.perf_counter() - started
        finally:
            session.close()
            transaction.rollback()
            connection.close()
            ingest.store._cluster = saved

    on = statistics.median(one_poll(True, n) for n in range(repeats))
    off = statistics.median(one_poll(False, n + 100) for n in range(repeats))
    return [
        f"Database: {stories:,} stories, {keys:,} LSH keys ({path.name}); one poll of 50 new stories dated at its "
        f"latest day, store stage only, rolled back; median of {repeats}.",
        "",
        "| store stage of one 50-story poll | ms |",
        "| --- | ---: |",
        f"| without clustering | {off * 1000:.0f} |",
        f"| with clustering | {on * 1000:.0f} |",
        "",
        f"Clustering's part of the poll: {(on - off) * 1000:.0f} ms for 50 stories "
        f"({(on - off) / 50 * 1000:.1f} ms a story), read from a {4}-day window by the (key, published_at) index.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", action="append", default=[], help="a generated database (repeatable)")
    args = parser.parse_args()
    lines = overhead(args)
    for db in args.db:
        lines += [""] + at_scale(Path(db))
    report = "\n".join(lines)
    print(report)
    write_results("Event clustering", report)


if __name__ == "__main__":
    main()
