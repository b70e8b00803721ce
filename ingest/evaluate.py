"""Measure the tagger against labelled stories: what it gets right, and every miss.

Foreign actors and topics are scored as sets per story (micro precision, recall, F1);
engagement as the share of (story, actor) pairs, gold or predicted, whose level
matches (a missing level counts as "none"); relevance as the share of stories the
filter keeps or drops correctly. Actors and topics are scored on relevant stories only,
since decoys are never stored.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.process import RelevanceFilter
from ingest.tagger import Tagger
from ingest.taxonomy import COUNTERPART


@dataclass
class Labelled:
    id: str
    title: str
    summary: str
    relevant: bool
    actors: set[str]
    topics: set[str]
    engagement: dict[str, str]


@dataclass
class SetScore:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    stories: int = 0
    actors: SetScore = field(default_factory=SetScore)
    topics: SetScore = field(default_factory=SetScore)
    engagement_correct: int = 0
    engagement_total: int = 0
    relevance_correct: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def engagement_accuracy(self) -> float:
        return self.engagement_correct / self.engagement_total if self.engagement_total else 1.0

    @property
    def relevance_accuracy(self) -> float:
        return self.relevance_correct / self.stories if self.stories else 1.0


def load_labelled(path: Path) -> list[Labelled]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Labelled(id=item["id"], title=item["title"], summary=item.get("summary", ""), relevant=item["relevant"],
                 actors=set(item.get("actors", [])), topics=set(item.get("topics", [])),
                 engagement=dict(item.get("engagement", {})))
        for item in data["stories"]
    ]


def evaluate(stories: list[Labelled], tagger: Tagger, relevance: RelevanceFilter) -> Report:
    report = Report(stories=len(stories))
    for story in stories:
        kept = relevance.is_relevant(story.title, story.summary)
        if kept == story.relevant:
            report.relevance_correct += 1
        else:
            report.misses.append(f"{story.id}: relevance: kept={kept}, expected {story.relevant}")
        if not story.relevant:
            continue
        result = tagger.tag(story.title, story.summary)
        actors = {a for a in result.actor_ids if a != COUNTERPART}
        _score_set(report.actors, report.misses, story.id, "actor", actors, story.actors)
        _score_set(report.topics, report.misses, story.id, "topic", set(result.topic_ids), story.topics)
        predicted = {e.actor: e.level for e in result.engagement}
        for actor in sorted(set(predicted) | set(story.engagement)):
            report.engagement_total += 1
            got, want = predicted.get(actor, "none"), story.engagement.get(actor, "none")
            if got == want:
                report.engagement_correct += 1
            else:
                report.misses.append(f"{story.id}: engagement {actor}: got {got}, expected {want}")
    return report


def _score_set(score: SetScore, misses: list[str], story_id: str, kind: str, got: set, want: set) -> None:
    score.true_positive += len(got & want)
    score.false_positive += len(got - want)
    score.false_negative += len(want - got)
    for extra in sorted(got - want):
        misses.append(f"{story_id}: {kind} {extra}: tagged, not expected")
    for missing in sorted(want - got):
        misses.append(f"{story_id}: {kind} {missing}: expected, not tagged")


def format_report(report: Report, show_misses: bool = True) -> str:
    lines = [
        f"labelled stories: {report.stories}",
        f"foreign actors    precision {report.actors.precision:.3f}  recall {report.actors.recall:.3f}  F1 {report.actors.f1:.3f}",
        f"topics            precision {report.topics.precision:.3f}  recall {report.topics.recall:.3f}  F1 {report.topics.f1:.3f}",
        f"engagement level  accuracy {report.engagement_accuracy:.3f}  ({report.engagement_correct}/{report.engagement_total} story-actor pairs)",
        f"relevance         accuracy {report.relevance_accuracy:.3f}  ({report.relevance_correct}/{report.stories} stories)",
    ]
    if show_misses:
        lines.append(f"\nmisses ({len(report.misses)}):" if report.misses else "\nno misses")
        lines += [f"  {miss}" for miss in report.misses]
    return "\n".join(lines)
