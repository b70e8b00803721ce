"""What each rule kind finds among the stories one poll stored (no writing here).

Called inside the poll's write transaction (ingest/alerts/outbox.py), so it sees the new
stories, their tags and events. Each finding has a key naming what it is about, so the
same thing never raises two alerts. Status changes are found where they are applied,
whatever made them (ingest/alerts/status.py).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import EngagementEvent, Story, Tag
from db.queries import StoryFilter, matching_ids
from ingest.alerts.rules import AlertRule
from ingest.alerts.spike import is_spike
from ingest.taxonomy import COUNTERPART, LEVEL_LABELS, NON_ENGAGING

CHUNK = 500


@dataclass
class Finding:
    kind: str
    key: str
    title: str
    subject: str
    evidence: str
    story_ids: tuple[int, ...]


@dataclass
class PollStories:
    """What detection needs to know about one write transaction."""

    new_ids: set[int]
    labels: dict[str, str]  # actor id -> name
    backlog: set[int] = field(default_factory=set)  # new stories from a feed's first poll
    links: dict[int, dict] = field(default_factory=dict)  # story id -> {"title", "url"}, read once

    def label(self, actor: str) -> str:
        return self.labels.get(actor, actor)


def detect(session: Session, rule: AlertRule, poll: PollStories) -> list[Finding]:
    """The findings of `rule` among the poll's new stories."""
    if not poll.new_ids:
        return []
    scope = in_scope(session, rule, poll.new_ids)
    if not scope:
        return []
    finder = {"new_actor": _new_actors, "spike": _spikes, "match": _matches}[rule.rule]
    return finder(session, rule, poll, scope)


def in_scope(session: Session, rule: AlertRule, ids: set[int]) -> set[int]:
    """Those of the stories `ids` a rule looks at: the ones matching its filter (the one
    definition in db/queries.py). Actors and levels are the finding's own, but for `match`."""
    flt = StoryFilter(topics=rule.topics, query=rule.query)
    if rule.rule == "match":
        flt = flt.with_(actors=rule.actors, levels=rule.levels)
    if not (flt.actors or flt.topics or flt.levels or flt.query):
        return set(ids)
    statement = matching_ids(flt, session.get_bind().dialect.name)
    return {story_id for chunk in _chunks(ids) for story_id in session.scalars(statement.where(Story.id.in_(chunk)))}


def _new_actors(session: Session, rule: AlertRule, poll: PollStories, scope: set[int]) -> list[Finding]:
    """An actor whose engagement events in the new stories are its first (ever, or in
    `days` days before the first of them)."""
    first: dict[str, tuple] = {}
    counts: dict[str, int] = {}
    for chunk in _chunks(scope):
        for event in _rows(session, select(EngagementEvent.actor, EngagementEvent.level, EngagementEvent.evidence,
                                           EngagementEvent.event_date, EngagementEvent.story_id)
                           .where(EngagementEvent.story_id.in_(chunk))):
            if event.actor in NON_ENGAGING or (rule.actors and event.actor not in rule.actors):
                continue
            if rule.levels and event.level not in rule.levels:
                continue
            counts[event.actor] = counts.get(event.actor, 0) + 1
            if event.actor not in first or event.event_date < first[event.actor].event_date:
                first[event.actor] = event
    found = []
    for actor, event in sorted(first.items()):
        if _engaged_before(session, rule, actor, event.event_date, counts[actor]):
            continue
        since = f" (first in {rule.days} days)" if rule.days else " for the first time"
        key = f"{actor}:{event.event_date:%Y-%m-%d}" if rule.days else actor
        found.append(Finding("new_actor", key, f"New actor: {poll.label(actor)} engages{since}: "
                                               f"{LEVEL_LABELS.get(event.level, event.level).lower()}",
                             actor, event.evidence, (event.story_id,)))
    return found


def _engaged_before(session: Session, rule: AlertRule, actor: str, when: datetime, new_events: int) -> bool:
    """Has `actor` events (of the rule's levels) other than the `new_events` of this poll,
    dated from `days` before `when` on (any date when the rule has no `days`)? Counted no
    further than one past `new_events` (LIMIT, on the actor-and-date index): the answer
    costs what the poll brought, not the thousands of events a much-covered actor has."""
    conditions = [EngagementEvent.actor == actor]
    if rule.days:
        conditions.append(EngagementEvent.event_date >= when - timedelta(days=rule.days))
    if rule.levels:
        conditions.append(EngagementEvent.level.in_(rule.levels))
    first = select(EngagementEvent.id).where(*conditions).limit(new_events + 1).subquery()
    return (session.scalar(select(func.count()).select_from(first)) or 0) > new_events


def _spikes(session: Session, rule: AlertRule, poll: PollStories, scope: set[int]) -> list[Finding]:
    """Per actor or topic tagged on the new stories and per day they were published: the
    day's stories against the baseline before it (ingest/alerts/spike.py). A new feed's
    backlog is history, not a burst: its stories count in the days' totals but do not
    start a check (which, over a year of backlog, would cost seconds per poll)."""
    subjects, days = _spike_candidates(session, rule, scope - poll.backlog)
    if not subjects:
        return []
    counts = _daily_counts(session, subjects, _spans(days, rule.baseline_days))
    found = []
    for (kind, value), subject_days in sorted(subjects.items()):
        window = _Window(counts.get((kind, value), {}))
        for day in sorted(subject_days):
            count = window.on(day)
            baseline = window.between(day - timedelta(days=rule.baseline_days), day)
            spike, p = is_spike(count, baseline, rule.baseline_days, rule.min_stories, rule.p_value)
            if spike:
                name = poll.label(value) if kind == "actor" else value.replace("_", " ")
                rate = baseline / rule.baseline_days
                found.append(Finding(
                    "spike", f"{kind}:{value}:{day:%Y-%m-%d}", f"Spike: {count} stories on {name} on {day:%Y-%m-%d}",
                    value, f"{count} stories on {day:%Y-%m-%d} against {rate:.2f} a day over the previous "
                           f"{rule.baseline_days} days (Poisson p = {p:.1e})",
                    tuple(sorted(subject_days[day]))))
    return found


def _spike_candidates(session: Session, rule: AlertRule, scope: set[int]):
    """(kind, value) -> day -> the new stories carrying it published that day; and every such day."""
    subjects: dict[tuple[str, str], dict] = {}
    days = set()
    for chunk in _chunks(scope):
        rows = _rows(session, select(Tag.kind, Tag.value, Story.published_at, Story.id)
                     .join(Story, Story.id == Tag.story_id).where(Tag.story_id.in_(chunk)))
        for kind, value, published, story_id in rows:
            wanted = rule.actors if kind == "actor" else rule.topics
            if (rule.actors or rule.topics) and value not in wanted:
                continue
            if kind == "actor" and value == COUNTERPART and value not in rule.actors:
                continue  # every story names the Taliban: their count is the count of all stories
            day = published.date()
            subjects.setdefault((kind, value), {}).setdefault(day, set()).add(story_id)
            days.add(day)
    return subjects, days


def _spans(days, baseline_days: int) -> list[tuple[date, date]]:
    """The days the spike test reads: each candidate day and the `baseline_days` before
    it, as spans of days merged where they meet (a poll of today's stories and one story
    of last spring reads two short spans, not the year between them)."""
    spans: list[list[date]] = []
    for day in sorted(days):
        first = day - timedelta(days=baseline_days)
        if spans and first <= spans[-1][1] + timedelta(days=1):
            spans[-1][1] = day
        else:
            spans.append([first, day])
    return [(first, last) for first, last in spans]


def _daily_counts(session: Session, subjects, spans) -> dict[tuple, dict]:
    """Stories per day of each (kind, value) over `spans` (first and last day), one grouped
    query a span. The query starts from the stories of the span (their date index) and
    reads their tags (by story): its cost follows the days the poll touched, where one led
    by the subjects' tags would read every story ever tagged with them (hence the kind
    condition written so that no index on tags can serve it)."""
    day = func.date(Story.published_at)
    kinds, values = sorted({kind for kind, _ in subjects}), sorted({value for _, value in subjects})
    found: dict[tuple, dict] = {}
    for first, last in spans:
        rows = _rows(session, select(Tag.kind, Tag.value, day, func.count(func.distinct(Story.id)))
                     .select_from(Story).join(Tag, Tag.story_id == Story.id)
                     .where(Story.published_at >= datetime.combine(first, datetime.min.time()),
                            Story.published_at < datetime.combine(last + timedelta(days=1), datetime.min.time()),
                            (Tag.kind + "").in_(kinds), Tag.value.in_(values))
                     .group_by(Tag.kind, Tag.value, day))
        for kind, value, when, count in rows:
            found.setdefault((kind, value), {})[date.fromisoformat(str(when)[:10])] = count
    return found


class _Window:
    """One subject's stories per day, with running totals: the count of any span of days
    is two lookups, however long the baseline."""

    def __init__(self, per_day: dict):
        self.per_day = per_day
        self.days = sorted(per_day)
        self.totals = list(accumulate(per_day[day] for day in self.days))

    def on(self, day) -> int:
        return self.per_day.get(day, 0)

    def between(self, first, end) -> int:
        """Stories from `first` up to, not including, `end`."""
        return self._before(end) - self._before(first)

    def _before(self, day) -> int:
        index = bisect_left(self.days, day)
        return self.totals[index - 1] if index else 0


def _matches(session: Session, rule: AlertRule, poll: PollStories, scope: set[int]) -> list[Finding]:
    """Every new story matching the rule's filter and search."""
    found = []
    for chunk in _chunks(scope):
        for story in _rows(session, select(Story.id, Story.title, Story.summary).where(Story.id.in_(chunk))):
            found.append(Finding("match", f"story:{story.id}", f"{rule.name}: {story.title}",
                                 ", ".join(rule.actors + rule.topics) or rule.query, _first_sentence(story.summary),
                                 (story.id,)))
    return sorted(found, key=lambda finding: finding.story_ids)


def _first_sentence(text: str, limit: int = 300) -> str:
    text = " ".join((text or "").split())
    end = text.find(". ")
    sentence = text[:end + 1] if 0 < end < limit else text[:limit]
    return sentence


def _rows(session: Session, statement):
    """Plain rows of a read (no ORM work per row: a first poll's tags are tens of
    thousands); raise_alerts flushed the transaction's writes before detection."""
    return session.connection().execute(statement)


def _chunks(ids):
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]
