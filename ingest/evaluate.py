"""Measure the tagger against labelled stories: what it gets right, and every miss.

Scores, as a user of the dashboard would feel them:
- relevance: the share of stories kept or dropped correctly, and decoys kept;
- actors: tagged actors against the labelled ones (a participant not tagged is a
  miss; a background mention or a place not tagged is not, tagging one is not wrong);
- participants: the actors tagged as participants against the labelled participants;
- engagement: (actor, level) pairs of news events: the share of labelled pairs found
  (recall) and of emitted pairs that are right (precision); a level confusion matrix
  over (story, actor) at the strongest level; formal statuses claimed that the story
  does not show (the worst error: the ladder would overstate);
- topics as sets per story.
Stories in the older format (`actors`, one level per actor) are scored at each
actor's strongest level. Actors and topics are scored on relevant stories only.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest.process import RelevanceFilter, off_subject
from ingest.tagging import Tagger
from ingest.taxonomy import COUNTERPART, FORMAL_LEVELS, GUESS_RULE_PREFIX, LEVEL_SCORES

LEVELS = list(LEVEL_SCORES) + ["none"]


@dataclass
class Labelled:
    id: str
    title: str
    summary: str
    relevant: bool
    participants: set[str]
    mentioned: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    engagement: dict[str, list[str]] = field(default_factory=dict)
    classes: tuple[str, ...] = ()
    published: date | None = None
    strongest_only: bool = False  # the older format labels one level per actor

    @property
    def actors(self) -> set[str]:
        return self.participants | self.mentioned | self.places


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
    participants: SetScore = field(default_factory=SetScore)
    topics: SetScore = field(default_factory=SetScore)
    levels: SetScore = field(default_factory=SetScore)  # (actor, level) pairs
    relevance_correct: int = 0
    decoys: int = 0
    decoys_kept: int = 0
    relevant_dropped: int = 0
    overstated: int = 0  # formal statuses claimed that the story does not show
    guessed: SetScore = field(default_factory=SetScore)  # the level model's pairs (tagging/levelmodel.py)
    confusion: Counter = field(default_factory=Counter)  # (labelled, tagged) at the strongest level
    misses: list[str] = field(default_factory=list)
    class_misses: Counter = field(default_factory=Counter)
    class_stories: Counter = field(default_factory=Counter)

    @property
    def engagement_accuracy(self) -> float:
        """Share of labelled (actor, level) pairs the tagger found."""
        return self.levels.recall

    @property
    def relevance_accuracy(self) -> float:
        return self.relevance_correct / self.stories if self.stories else 1.0


def load_labelled(path: Path) -> list[Labelled]:
    """The labelled stories of `path`; ValueError naming the file and the story when it is
    not a labelled set (not TOML, no [[stories]], a story without a required field)."""
    return [_story(item) for item in labelled_items(path)]


def labelled_items(path: Path) -> list[dict]:
    """The [[stories]] tables of a labelled TOML file, or ValueError saying what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not valid TOML: {error}") from None
    stories = data.get("stories")
    if not isinstance(stories, list) or not stories:
        raise ValueError(f"{path}: no [[stories]] to evaluate")
    return stories


def _story(item: dict) -> Labelled:
    missing = [key for key in ("id", "title", "relevant") if key not in item]
    if missing:
        raise ValueError(f"story {item.get('id', item.get('title', '?'))!r} lacks {', '.join(missing)}")
    old_format = "participants" not in item
    engagement = {actor: [levels] if isinstance(levels, str) else list(levels)
                  for actor, levels in item.get("engagement", {}).items()}
    published = item.get("published")
    return Labelled(
        id=item["id"], title=item["title"], summary=item.get("summary", ""), relevant=item["relevant"],
        participants=set(item.get("actors" if old_format else "participants", [])),
        mentioned=set(item.get("mentioned", [])), places=set(item.get("places", [])),
        topics=set(item.get("topics", [])), engagement=engagement, classes=tuple(item.get("classes", ())),
        published=date.fromisoformat(str(published)) if published else None, strongest_only=old_format,
    )


def evaluate(stories: list[Labelled], tagger: Tagger, relevance: RelevanceFilter) -> Report:
    report = Report(stories=len(stories))
    for story in stories:
        before = len(report.misses)
        _score_story(report, story, tagger, relevance)
        for label in story.classes or ("unclassed",):
            report.class_stories[label] += 1
            if len(report.misses) > before:
                report.class_misses[label] += 1
    return report


def _score_story(report: Report, story: Labelled, tagger: Tagger, relevance: RelevanceFilter) -> None:
    result = tagger.tag(story.title, story.summary, story.published)
    kept = relevance.is_relevant(story.title, story.summary) and not off_subject(story.summary, result)  # as ingestion
    report.decoys += not story.relevant
    if kept == story.relevant:
        report.relevance_correct += 1
    else:
        report.decoys_kept += kept
        report.relevant_dropped += not kept
        report.misses.append(f"{story.id}: relevance: kept={kept}, expected {story.relevant}")
    if not story.relevant:
        return
    tagged = {a.actor: a.role for a in result.actors if a.actor != COUNTERPART}
    _score_actors(report, story, tagged)
    _score_set(report.topics, report.misses, story.id, "topic", set(result.topic_ids), story.topics)
    _score_levels(report, story, result.levels())
    _score_guesses(report, story, result)


def _score_actors(report: Report, story: Labelled, tagged: dict[str, str]) -> None:
    score, got = report.actors, set(tagged)
    score.true_positive += len(got & story.actors)
    score.false_positive += len(got - story.actors)
    score.false_negative += len(story.participants - got)
    for extra in sorted(got - story.actors):
        report.misses.append(f"{story.id}: actor {extra}: tagged ({tagged[extra]}), not expected")
    for missing in sorted(story.participants - got):
        report.misses.append(f"{story.id}: actor {missing}: expected participant, not tagged")
    if story.strongest_only:
        return
    participants = {actor for actor, role in tagged.items() if role == "participant"}
    _score_set(report.participants, report.misses, story.id, "participant", participants, story.participants)


def _score_levels(report: Report, story: Labelled, predicted: dict[str, list[str]]) -> None:
    if story.strongest_only:
        predicted = {actor: [_strongest(levels)] for actor, levels in predicted.items()}
    got = {(actor, level) for actor, levels in predicted.items() for level in levels}
    want = {(actor, level) for actor, levels in story.engagement.items() for level in levels}
    _score_set(report.levels, report.misses, story.id, "level", got, want)
    for actor in sorted(set(predicted) | set(story.engagement)):
        report.confusion[(_strongest(story.engagement.get(actor, [])), _strongest(predicted.get(actor, [])))] += 1
        ceiling = max((LEVEL_SCORES[lv] for lv in story.engagement.get(actor, []) if lv in FORMAL_LEVELS), default=0.0)
        report.overstated += any(lv in FORMAL_LEVELS and LEVEL_SCORES[lv] > ceiling for lv in predicted.get(actor, []))


def _score_guesses(report: Report, story: Labelled, result) -> None:
    """How the level model's own pairs fare: a user reads "model:" events as guesses."""
    if story.strongest_only:
        return
    guessed = {(e.actor, e.level) for e in result.engagement if e.rule.startswith(GUESS_RULE_PREFIX) and not e.background}
    want = {(actor, level) for actor, levels in story.engagement.items() for level in levels}
    report.guessed.true_positive += len(guessed & want)
    report.guessed.false_positive += len(guessed - want)


def _strongest(levels: list[str]) -> str:
    return max(levels, key=lambda lv: (abs(LEVEL_SCORES[lv]), LEVEL_SCORES[lv]), default="none")


def _score_set(score: SetScore, misses: list[str], story_id: str, kind: str, got: set, want: set) -> None:
    score.true_positive += len(got & want)
    score.false_positive += len(got - want)
    score.false_negative += len(want - got)
    for extra in sorted(got - want):
        misses.append(f"{story_id}: {kind} {_show(extra)}: tagged, not expected")
    for missing in sorted(want - got):
        misses.append(f"{story_id}: {kind} {_show(missing)}: expected, not tagged")


def _show(item) -> str:
    return "=".join(item) if isinstance(item, tuple) else str(item)


def format_report(report: Report, show_misses: bool = True) -> str:
    lines = [
        f"labelled stories: {report.stories}",
        f"relevance         accuracy {report.relevance_accuracy:.3f}  ({report.relevance_correct}/{report.stories} stories;"
        f" decoys kept {report.decoys_kept}/{report.decoys}, relevant dropped {report.relevant_dropped})",
        _scored("actors (any role)", report.actors),
        _scored("participants", report.participants),
        _scored("topics", report.topics),
        f"engagement pairs  found {report.levels.recall:.3f} of labelled, right {report.levels.precision:.3f} of emitted"
        f"  ({report.levels.true_positive} right, {report.levels.false_negative} missed, {report.levels.false_positive} wrong)",
        f"  of them guessed by the level model: {report.guessed.true_positive} right,"
        f" {report.guessed.false_positive} wrong",
        f"formal status overstated: {report.overstated} (actor, story) pairs",
        "", confusion_table(report.confusion),
    ]
    if report.class_stories:
        lines += ["", "stories with a miss, per class:"]
        lines += [f"  {label:<12} {report.class_misses[label]}/{count}" for label, count in sorted(report.class_stories.items())]
    if show_misses:
        lines.append(f"\nmisses ({len(report.misses)}):" if report.misses else "\nno misses")
        lines += [f"  {miss}" for miss in report.misses]
    return "\n".join(lines)


def _scored(name: str, score: SetScore) -> str:
    return f"{name:<17} precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}"


def confusion_table(confusion: Counter) -> str:
    """Rows: the labelled level; columns: the tagger's (strongest per story and actor)."""
    short = {level: level[:5] for level in LEVELS}
    rows = ["level confusion (rows labelled, columns tagged)", "            " + " ".join(f"{short[c]:>5}" for c in LEVELS)]
    for row in LEVELS:
        cells = [confusion.get((row, column), 0) for column in LEVELS]
        if any(cells):
            rows.append(f"  {row[:10]:<10}" + " ".join(f"{cell or '.':>5}" for cell in cells))
    return "\n".join(rows)
