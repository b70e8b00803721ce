"""Make a large database for the dashboard benchmarks: N stories over five years.

Stories are ingested in time order (each batch of 1,000 covers the next slice of the
five years and is stored just after it, so first-seen times are realistic) and go
through the project's own store layer (ingest.store.store_items: the same
dedup reads and bulk inserts as a feed poll, FTS index included), in batches of 1,000
per "feed". Their tags come from realistic distributions instead of running the
tagger on a million generated texts: a few actors dominate (Pakistan, the US, Iran,
China, Russia...), one to three topics per story, and about half the stories carry an
engagement event whose level depends on the actor (Russia warmer, the US cooler).

    .venv/bin/python bench/generate_database.py --stories 1000000 --out data/bench.db
"""
from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import ROOT, story_text  # noqa: F401  (sets up the import path)

from db.models import Feed
from db.session import open_database, session_scope
from db.status import defer_status, refresh_status
from ingest.parse import ParsedEntry, clean_text
from ingest.process import ProcessedItem, _cluster_features, item_hash, title_key
from ingest.store import store_items
from ingest.tagging import ActorTag, EngagementTag, TagResult, TopicTag
from ingest.taxonomy import LEVEL_SCORES

ACTOR_WEIGHTS = {"PAK": 20, "USA": 16, "IRN": 12, "CHN": 11, "RUS": 9, "IND": 8, "UN": 10, "DEU": 6, "GBR": 5,
                 "QAT": 5, "TUR": 3, "UZB": 3, "KAZ": 2, "TKM": 2, "TJK": 2, "EU": 4, "JPN": 2, "SAU": 2, "ARE": 2,
                 "NOR": 1, "CHE": 1, "ITA": 1, "NLD": 1, "SWE": 1, "AUT": 1, "CAN": 1, "AUS": 1, "ISKP": 4, "TTP": 3,
                 "ICC": 1, "ICRC": 1, "WB": 1, "IMF": 1, "OIC": 1, "SCO": 1}
TOPIC_WEIGHTS = {"migration_deportation": 14, "humanitarian_aid": 14, "counterterrorism": 12, "women_rights": 12,
                 "diplomatic_missions": 9, "trade_transit": 9, "border_conflict": 8, "sanctions_assets": 6,
                 "recognition": 5, "mediation": 4, "detainees": 3, "military_bases": 2, "data_security": 2}
LEVELS = list(LEVEL_SCORES)
BASE_LEVEL_WEIGHTS = [1, 3, 4, 30, 20, 15, 20, 7]
WARMER = {"RUS": 2.5, "CHN": 1.8, "UZB": 2.0, "KAZ": 2.0, "QAT": 1.8, "ARE": 1.5}
COOLER = {"USA": 2.0, "ICC": 4.0, "EU": 1.5, "GBR": 1.3, "PAK": 1.4, "IRN": 1.2}


def level_for(actor: str, rng: random.Random) -> str:
    weights = list(BASE_LEVEL_WEIGHTS)
    if actor in WARMER:
        weights = [w * WARMER[actor] if i < 5 else w for i, w in enumerate(weights)]
    if actor in COOLER:
        weights = [w * COOLER[actor] if i >= 6 else w for i, w in enumerate(weights)]
    return rng.choices(LEVELS, weights)[0]


def synthetic_item(number: int, start: datetime, span_days: int, rng: random.Random, version: str) -> ProcessedItem:
    published = start + timedelta(days=span_days * rng.random())
    title, body = story_text(rng)
    title = f"{title} #{number}"
    summary = clean_text(body)
    actors = sorted(set(rng.choices(list(ACTOR_WEIGHTS), list(ACTOR_WEIGHTS.values()), k=rng.randint(1, 3))))
    topics = sorted(set(rng.choices(list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values()), k=rng.randint(1, 2))))
    engaging = [a for a in actors if a not in ("ISKP", "TTP")]
    events = []
    if engaging and rng.random() < 0.5:
        actor = rng.choice(engaging)
        level = level_for(actor, rng)
        events.append(EngagementTag(actor, level, LEVEL_SCORES[level], summary[:200], f"trigger:{level}:generated"))
    tags = TagResult(
        version=version,
        actors=[ActorTag(a, summary[:200], "generated") for a in actors + ["TALIBAN"]],
        topics=[TopicTag(t, 2.0, summary[:200], "generated") for t in topics],
        engagement=events,
    )
    entry = ParsedEntry(guid=f"g{number}", link=f"https://gen{number % 500}.example.org/story/{number}",
                        title=title, summary=summary, published_at=published, date_estimated=False)
    (stems, keys), = _cluster_features([entry])
    return ProcessedItem(entry=entry, canonical_url=entry.link, title_key=title_key(title),
                         item_hash=item_hash(entry), tags=tags, stems=stems, cluster_keys=keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--out", default=str(ROOT / "data" / "bench.db"))
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    engine = open_database(f"sqlite:///{out}")
    rng = random.Random(2026)
    start, span = datetime(2021, 11, 1), 5 * 365
    with session_scope(engine, write=True) as session:
        feeds = [Feed(name=f"generated feed {n:03d}", url=f"https://gen{n}.example.org/rss", language="en",
                      enabled=False, origin="config", error_count=0) for n in range(50)]
        session.add_all(feeds)
    began = time.perf_counter()
    batches = range(0, args.stories, args.batch)
    for number, first in enumerate(batches):
        # ingested in time order, as a monitor running for five years would have: each
        # batch covers the next slice of the period and is stored just after it
        slice_start = start + timedelta(days=span * number / len(batches))
        slice_days = span / len(batches)
        items = [synthetic_item(n, slice_start, slice_days, rng, "generated-1")
                 for n in range(first, min(first + args.batch, args.stories))]
        with session_scope(engine, write=True) as session:
            defer_status(session)  # refolded once at the end: the same periods, without refolding per batch
            feed = session.get(Feed, feeds[number % len(feeds)].id)
            store_items(session, feed, items, slice_start + timedelta(days=slice_days, hours=1))
        if (first // args.batch) % 50 == 0:
            done = first + len(items)
            print(f"{done:,} stories, {done / (time.perf_counter() - began):,.0f}/s", flush=True)
    with session_scope(engine, write=True) as session:
        refresh_status(session, None)
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    print(f"wrote {args.stories:,} stories to {out} in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
