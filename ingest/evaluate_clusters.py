"""Measure event clustering against labelled events: pairwise precision and recall.

Each labelled story is one outlet's report of an event (tests/data/cluster_events*.toml).
The stories go through the real process and store stages (tagger, LSH keys, the
clustering stage) one at a time in the order they were published, each outlet as its
own feed, into a throwaway SQLite database: what is measured is what ingestion does.
A pair of stories is "together" when they share a cluster; precision is the share of
pairs put together that report one event, recall the share of same-event pairs found.

The labelled sets spread their events over months, with near misses days apart: they
measure how near misses are kept apart, not a busy week. `interleaved` moves the events
of several sets into one span of days, so that each event's reports arrive among the
others' as they would among a week's news (`python -m ingest.evaluate_clusters`).
"""
from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path

from sqlalchemy import select

from db.models import Feed, Story
from db.session import open_database, session_scope
from ingest.evaluate import SetScore, labelled_items
from ingest.parse import ParsedEntry
from ingest.process import ProcessedItem, canonical_url, item_hash, tagged, title_key
from ingest.store import store_items
from ingest.tagging import Tagger


@dataclass
class LabelledReport:
    outlet: str
    event: str
    title: str
    summary: str
    published: datetime


@dataclass
class ClusterScore:
    stories: int = 0
    events: int = 0
    clusters: int = 0
    together_right: int = 0
    together_wrong: int = 0
    apart_wrong: int = 0
    wrong_pairs: list[str] = field(default_factory=list)
    missed_pairs: list[str] = field(default_factory=list)

    @property
    def pairs(self) -> SetScore:
        """The pairs put together, scored as ingest/evaluate.py scores any set."""
        return SetScore(self.together_right, self.together_wrong, self.apart_wrong)

    @property
    def precision(self) -> float:
        return self.pairs.precision

    @property
    def recall(self) -> float:
        return self.pairs.recall


def load_events(path: Path) -> list[LabelledReport]:
    """The labelled reports of `path`; ValueError naming the file and the story when it is
    not a set of labelled events."""
    reports = []
    for number, s in enumerate(labelled_items(path), start=1):
        missing = [key for key in ("outlet", "event", "title", "summary", "published") if key not in s]
        if missing:
            raise ValueError(f"{path}: story #{number} lacks {', '.join(missing)}")
        reports.append(LabelledReport(s["outlet"], s["event"], s["title"], s["summary"], _naive(s["published"])))
    return reports


def evaluate_clusters(reports: list[LabelledReport], tagger: Tagger) -> ClusterScore:
    """Cluster `reports` as ingestion would and score every pair of them."""
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'evaluate.db'}")
        try:
            predicted = _cluster(engine, reports, tagger)
        finally:
            engine.dispose()
    score = ClusterScore(stories=len(reports), events=len({r.event for r in reports}),
                         clusters=len(set(predicted.values())))
    for (i, a), (j, b) in combinations(enumerate(reports), 2):
        same_label, same_cluster = a.event == b.event, predicted[i] == predicted[j]
        pair = f"{a.event} [{a.outlet}] / {b.event} [{b.outlet}]"
        if same_cluster and same_label:
            score.together_right += 1
        elif same_cluster:
            score.together_wrong += 1
            score.wrong_pairs.append(pair)
        elif same_label:
            score.apart_wrong += 1
            score.missed_pairs.append(pair)
    return score


def _cluster(engine, reports: list[LabelledReport], tagger: Tagger) -> dict[int, int]:
    order = sorted(range(len(reports)), key=lambda i: reports[i].published)
    with session_scope(engine, write=True) as session:
        feeds = {}
        for outlet in sorted({r.outlet for r in reports}):
            feeds[outlet] = Feed(name=outlet, url=f"http://127.0.0.1/{outlet}")
            session.add(feeds[outlet])
        session.flush()
        for i in order:
            report = reports[i]
            entry = ParsedEntry(guid=f"story-{i}", link=f"http://127.0.0.1/{report.outlet}/{i}", title=report.title,
                                summary=report.summary, published_at=report.published, date_estimated=False)
            store_items(session, feeds[report.outlet], [_tagged(entry, tagger)], report.published)
        stored = session.execute(select(Story.url, Story.title, Story.cluster_id)).all()
    return _clusters_of(reports, stored)


def _clusters_of(reports: list[LabelledReport], stored) -> dict[int, int]:
    """Each report's cluster. A report stored as another outlet's story (the same
    headline: ingestion keeps one story) shares that story's cluster, as a user sees it;
    one not stored at all is an event of its own (a negative id)."""
    by_url = {url: cluster for url, _, cluster in stored}
    by_title = {title_key(title): cluster for _, title, cluster in stored}
    clusters = {}
    for i, report in enumerate(reports):
        cluster = by_url.get(f"http://127.0.0.1/{report.outlet}/{i}")
        clusters[i] = cluster if cluster is not None else by_title.get(title_key(report.title), -1 - i)
    return clusters


def _tagged(entry: ParsedEntry, tagger: Tagger) -> ProcessedItem:
    """The entry processed as ingestion processes a kept one. Which stories are kept (the
    relevance filter, off-subject stories) is the tagger's business, not the
    clustering's: every labelled report is stored, or the scores would count the
    tagger's drops as clustering's misses (and, before this, a dropped report crashed
    the evaluation)."""
    return tagged(ProcessedItem(entry, canonical_url(entry.link), title_key(entry.title), item_hash(entry)), tagger)


# Events of one set whose first reports fall within this span of each other (a set's
# near misses, days apart) are moved together.
NEAR_MISSES_WITHIN = timedelta(days=7)


def interleaved(sets: dict[str, list[LabelledReport]], days: int, seed: int) -> list[LabelledReport]:
    """The reports of `sets` (name -> reports) with each set's events moved to a random
    start within one span of `days` days, each event's reports keeping their spacing and
    a set's near misses moving together; events are labelled "set:event". Different sets
    retell some of the same happenings under their own labels (the Herat earthquakes of
    October 2023, the German deportation flights), so the precision measured on these is
    a lower bound."""
    rng = random.Random(seed)
    start = datetime(2030, 1, 1)
    moved = []
    for name, reports in sorted(sets.items()):
        events: dict[str, list[LabelledReport]] = {}
        for report in reports:
            events.setdefault(report.event, []).append(report)
        groups: list[tuple[datetime, list[LabelledReport]]] = []
        for members in sorted(events.values(), key=lambda found: min(r.published for r in found)):
            first = min(r.published for r in members)
            if groups and first - groups[-1][0] <= NEAR_MISSES_WITHIN:
                groups[-1][1].extend(members)
            else:
                groups.append((first, list(members)))
        for first, members in groups:
            shift = start + timedelta(minutes=rng.randrange(days * 24 * 60)) - first
            moved += [replace(r, event=f"{name}:{r.event}", published=r.published + shift) for r in members]
    return moved


def format_cluster_report(name: str, score: ClusterScore, show_misses: bool = True) -> str:
    lines = [f"event clustering ({name}): {score.stories} stories of {score.events} events -> {score.clusters} clusters",
             f"  pairwise precision {score.precision:.3f}  recall {score.recall:.3f}"
             f"  (together right {score.together_right}, wrong {score.together_wrong}; apart wrong {score.apart_wrong})"]
    if show_misses:
        lines += [f"  put together wrongly: {pair}" for pair in score.wrong_pairs]
        lines += [f"  kept apart wrongly:   {pair}" for pair in score.missed_pairs]
    return "\n".join(lines)


def _naive(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.fromisoformat(str(value))


def main(argv=None) -> None:
    """Cluster the events of the labelled sets FILE... interleaved within DAYS days (see
    `interleaved`), once per seed, and print the pairwise scores."""
    from ingest.config import DEFAULT_TAXONOMY_PATH

    parser = argparse.ArgumentParser(prog="python -m ingest.evaluate_clusters", description=main.__doc__)
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    sets = {Path(path).stem: load_events(Path(path)) for path in args.files}
    tagger = Tagger.from_file(DEFAULT_TAXONOMY_PATH)
    total = ClusterScore()
    for seed in range(1, args.seeds + 1):
        score = evaluate_clusters(interleaved(sets, args.days, seed), tagger)
        print(format_cluster_report(f"interleaved within {args.days} days, seed {seed}", score, show_misses=False))
        total.together_right += score.together_right
        total.together_wrong += score.together_wrong
        total.apart_wrong += score.apart_wrong
    print(f"all seeds: pairwise precision {total.precision:.3f}  recall {total.recall:.3f}"
          f"  (together right {total.together_right}, wrong {total.together_wrong}; apart wrong {total.apart_wrong})")


if __name__ == "__main__":
    main()
