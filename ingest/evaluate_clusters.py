"""Measure event clustering against labelled events: pairwise precision and recall.

Each labelled story is one outlet's report of an event (tests/data/cluster_events*.toml).
The stories go through the real process and store stages (tagger, LSH keys, the
clustering stage) one at a time in the order they were published, each outlet as its
own feed, into a throwaway SQLite database: what is measured is what ingestion does.
A pair of stories is "together" when they share a cluster; precision is the share of
pairs put together that report one event, recall the share of same-event pairs found.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from pathlib import Path

from sqlalchemy import select

from db.models import Feed, Story
from db.session import open_database, session_scope
from ingest.evaluate import SetScore, labelled_items
from ingest.parse import ParsedEntry
from ingest.process import process_entries, title_key
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


class _Everything:
    """The relevance filter is the tagger's business, not the clustering's: keep all."""

    def is_relevant(self, title: str, summary: str) -> bool:
        return True


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
            items = process_entries([entry], _Everything(), tagger).items
            store_items(session, feeds[report.outlet], items, report.published)
        stored = session.execute(select(Story.url, Story.title, Story.cluster_id)).all()
    return _clusters_of(reports, stored)


def _clusters_of(reports: list[LabelledReport], stored) -> dict[int, int]:
    """Each report's cluster. A report stored as another outlet's story (the same
    headline: ingestion keeps one story) shares that story's cluster, as a user sees it;
    one left out (off subject) is an event of its own (a negative id)."""
    by_url = {url: cluster for url, _, cluster in stored}
    by_title = {title_key(title): cluster for _, title, cluster in stored}
    clusters = {}
    for i, report in enumerate(reports):
        cluster = by_url.get(f"http://127.0.0.1/{report.outlet}/{i}")
        clusters[i] = cluster if cluster is not None else by_title.get(title_key(report.title), -1 - i)
    return clusters


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
