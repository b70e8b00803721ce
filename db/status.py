"""Diplomatic status: a state per actor that persists until changed, folded from events.

Status events are the engagement events of kind "status" (a step up the formal ladder:
accreditation, ambassadors, recognition; or a downgrade, which leaves the actor at its
`status_to`) and the analysts' settings ("status from this date"). Folded in date order
they give each actor's periods: a step up raises the status (never lowers it: a meeting
after an embassy upgrade changes nothing), a downgrade lowers it, a setting puts it
exactly. The periods live in `actor_status`, refreshed in the same transaction as the
events that change them (at ingest, retag and correction), so the status of every actor
on any day is one indexed query. `recompute` rebuilds everything from the events, and
tests check that the kept table equals it. What a transaction changed is told to whoever
watches the database (db/status_changes.py: the status_change alerts).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from db.models import ActorStatus, EngagementEvent, StatusSetting, Story, StorySource

STATUSES = ("none", "accreditation", "ambassadors", "recognition")  # lowest first
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
FORMAL_LEVELS = ("recognition", "ambassadors", "accreditation")
CONTEST_WINDOW = timedelta(days=30)  # stories this close to a change that say otherwise contest it
DIRTY = "status_dirty_actors"
DEFERRED = "status_deferred"
NEW_STEPS = "status_new_steps"
TOUCHED = "status_touched_stories"
_ALL = "*"


@dataclass
class Step:
    """One input of the fold: a status event or an analyst's setting."""
    when: datetime
    move: str  # up | down | set
    status: str
    origin: str  # tagger | seed | analyst
    evidence: str
    story_id: int | None = None
    outlets: frozenset[str] = frozenset()


@dataclass
class Period:
    actor: str
    status: str
    since: datetime
    until: datetime | None
    origin: str
    evidence: str
    evidence_story_id: int | None
    stories: set[int] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    contested_evidence: str = ""

    def row(self) -> dict:
        return {"actor": self.actor, "status": self.status, "since": self.since, "until": self.until,
                "origin": self.origin, "evidence": self.evidence, "evidence_story_id": self.evidence_story_id,
                "stories": len(self.stories), "outlets": len(self.outlets),
                "contested": bool(self.contested_evidence), "contested_evidence": self.contested_evidence}


def kind_of(level: str, status_to: str | None) -> str:
    """The kind of an engagement event: status (the ladder moves) or interaction."""
    return "status" if level in FORMAL_LEVELS or status_to else "interaction"


def fold(actor: str, steps: list[Step]) -> list[Period]:
    """The actor's status periods from its steps. On one day, settings come last (an
    analyst's word on that day wins) and downgrades after steps up."""
    order = {"up": 0, "down": 1, "set": 2}
    steps = sorted(steps, key=lambda s: (s.when, order[s.move]))
    periods: list[Period] = []
    state = "none"
    for step in steps:
        new = _after(state, step)
        if new != state or (step.move in ("set", "down") and not periods):  # "none, mission closed" is news too
            if periods:
                periods[-1].until = step.when
            periods.append(Period(actor, new, step.when, None, step.origin, step.evidence, step.story_id))
            state = new
        if periods and step.move == "up" and step.status == state:
            _support(periods[-1], step)
    for period in periods:
        _mark_contested(period, steps)
    return periods


def _after(state: str, step: Step) -> str:
    if step.move == "set":
        return step.status
    if step.move == "up":
        return max(state, step.status, key=STATUS_RANK.__getitem__)
    return min(state, step.status, key=STATUS_RANK.__getitem__)


def _support(period: Period, step: Step) -> None:
    if step.story_id is not None:
        period.stories.add(step.story_id)
    period.outlets |= step.outlets


def _mark_contested(period: Period, steps: list[Step]) -> None:
    """A period is contested when a story within CONTEST_WINDOW of its start says the
    other way: a downgrade near a step up to it, or a step above it near a downgrade."""
    rank = STATUS_RANK[period.status]
    for step in steps:
        if step.move == "set" or abs(step.when - period.since) > CONTEST_WINDOW:
            continue
        if (step.move == "down" and STATUS_RANK[step.status] < rank) or (step.move == "up" and STATUS_RANK[step.status] > rank):
            period.contested_evidence = step.evidence
            return


def steps_of(session: Session, actors: set[str] | None) -> dict[str, list[Step]]:
    """Every status step of `actors` (None: of every actor), with their outlets."""
    query = select(EngagementEvent.actor, EngagementEvent.level, EngagementEvent.status_to, EngagementEvent.event_date,
                   EngagementEvent.origin, EngagementEvent.evidence, EngagementEvent.story_id
                   ).where(EngagementEvent.kind == "status")
    settings = select(StatusSetting)
    if actors is not None:
        query = query.where(EngagementEvent.actor.in_(actors))
        settings = settings.where(StatusSetting.actor.in_(actors))
    rows = session.execute(query).all()
    outlets = _outlets(session, {row.story_id for row in rows})
    found: dict[str, list[Step]] = {}
    for row in rows:
        move, status = ("down", row.status_to) if row.status_to else ("up", row.level)
        found.setdefault(row.actor, []).append(Step(row.event_date, move, status, row.origin, row.evidence,
                                                    row.story_id, outlets.get(row.story_id, frozenset())))
    for setting in session.scalars(settings):
        found.setdefault(setting.actor, []).append(
            Step(setting.effective_date, "set", setting.status, "analyst", setting.note or "analyst setting"))
    return found


def _outlets(session: Session, story_ids: set[int]) -> dict[int, frozenset[str]]:
    """The outlets behind each story: those that carried it and the other stories of its
    event (ingest/clustering), so ten outlets reporting one recognition count as ten
    even where only one wording named the act."""
    found: dict[int, set[str]] = {}
    ids = sorted(story_ids)
    cluster_of: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        for story_id, cluster_id in session.execute(select(Story.id, func.coalesce(Story.cluster_id, -Story.id))
                                                    .where(Story.id.in_(ids[start:start + 500]))):
            cluster_of[story_id] = cluster_id
    by_cluster: dict[int, set[str]] = {}
    clusters = sorted({c for c in cluster_of.values() if c > 0})
    for start in range(0, len(clusters), 500):
        for cluster_id, name in session.execute(
                select(Story.cluster_id, StorySource.source_name).join(StorySource, StorySource.story_id == Story.id)
                .where(Story.cluster_id.in_(clusters[start:start + 500]))):
            by_cluster.setdefault(cluster_id, set()).add(name)
    for start in range(0, len(ids), 500):
        for story_id, name in session.execute(select(StorySource.story_id, StorySource.source_name)
                                              .where(StorySource.story_id.in_(ids[start:start + 500]))):
            found.setdefault(story_id, set()).add(name)
    for story_id, cluster_id in cluster_of.items():
        found.setdefault(story_id, set()).update(by_cluster.get(cluster_id, ()))
    return {story_id: frozenset(names) for story_id, names in found.items()}


def refresh_status(session: Session, actors: set[str] | None) -> None:
    """Rebuild the periods of `actors` (None: of everyone) from their steps."""
    if actors is not None and not actors:
        return
    statement = delete(ActorStatus)
    if actors is not None:
        statement = statement.where(ActorStatus.actor.in_(actors))
    session.execute(statement)
    rows = [period.row() for actor, steps in steps_of(session, actors).items() for period in fold(actor, steps)]
    if rows:
        session.execute(ActorStatus.__table__.insert(), rows)


def recompute(session: Session) -> list[dict]:
    """Every period as a full recomputation gives it (for checks against the kept table)."""
    return sorted((period.row() for actor, steps in steps_of(session, None).items() for period in fold(actor, steps)),
                  key=lambda row: (row["actor"], row["since"]))


def stored(session: Session) -> list[dict]:
    """Every period as the kept table holds it, in recompute's shape."""
    columns = ("actor", "status", "since", "until", "origin", "evidence", "evidence_story_id", "stories", "outlets",
               "contested", "contested_evidence")
    rows = session.execute(select(*(getattr(ActorStatus, c) for c in columns))).all()
    return sorted((dict(zip(columns, row)) for row in rows), key=lambda row: (row["actor"], row["since"]))


def mark_status_dirty(session: Session, actors, story_id: int | None = None) -> None:
    """Have these actors' periods refreshed before the transaction commits; `story_id`:
    the story whose status events of theirs changed (an alert links to it)."""
    actors = set(actors)
    session.info.setdefault(DIRTY, set()).update(actors)
    if story_id is not None:
        touched = session.info.setdefault(TOUCHED, {})
        for actor in actors:
            touched.setdefault(actor, set()).add(story_id)


def mark_all_status_dirty(session: Session) -> None:
    session.info.setdefault(DIRTY, set()).add(_ALL)


def defer_status(session: Session) -> None:
    """Leave the periods alone in this transaction (a bulk load refreshes them all once at
    its end with refresh_status(session, None); the result is the same)."""
    session.info[DEFERRED] = True


def note_new_status_steps(session: Session, rows: list[dict]) -> None:
    """Status events of brand-new stories: before the commit they extend the kept periods
    in place where they only confirm the status in force (db/status_extend.py), else
    their actors are refolded."""
    new = session.info.setdefault(NEW_STEPS, {})
    for row in rows:
        new.setdefault(row["actor"], []).append(row)


def apply_pending_status(session: Session) -> None:
    """Bring the kept periods up to date with this transaction's status events now (the
    commit does it otherwise): new steps that only confirm the status in force extend
    the open period in place (db/status_extend.py), everything else is refolded. This is
    the one place every status change passes, whatever made it (a poll, an updated
    story, a retag, a correction, an analyst's setting): the changes are told here to
    whoever watches the database (db/status_changes.py), in this transaction."""
    actors = set(session.info.pop(DIRTY, ()))
    new_steps = session.info.pop(NEW_STEPS, {})
    touched = session.info.pop(TOUCHED, {})
    if session.info.get(DEFERRED) or not (actors or new_steps):
        return
    if _ALL not in actors:
        from db.status_extend import extend_periods

        actors |= {actor for actor, steps in new_steps.items()
                   if actor not in actors and not extend_periods(session, actor, steps)}
    if actors:
        from db.status_changes import snapshot

        scope = None if _ALL in actors else actors
        before = snapshot(session, scope)
        refresh_status(session, scope)
        if before is not None:
            for actor, steps in new_steps.items():
                touched.setdefault(actor, set()).update(step["story_id"] for step in steps)
            before.announce(session, touched)


@event.listens_for(Session, "before_commit")
def _bring_status_up_to_date(session: Session) -> None:
    apply_pending_status(session)


# ---- reading ---------------------------------------------------------------------------------

def status_as_of(session: Session, day: date, actors: tuple[str, ...] = ()) -> list[dict]:
    """Each actor's status at the end of `day`: status, since, evidence (text, story title
    and URL), how many stories and outlets support it, and whether it is contested."""
    moment = datetime.combine(day + timedelta(days=1), datetime.min.time())
    query = (select(ActorStatus, Story.title, Story.url).outerjoin(Story, Story.id == ActorStatus.evidence_story_id)
             .where(ActorStatus.since < moment, (ActorStatus.until.is_(None)) | (ActorStatus.until >= moment)))
    if actors:
        query = query.where(ActorStatus.actor.in_(actors))
    found = []
    for period, title, url in session.execute(query):
        found.append({"actor": period.actor, "status": period.status, "since": period.since.date().isoformat(),
                      "evidence_url": url or "", "evidence_title": title or "", "evidence": period.evidence,
                      "stories": period.stories, "outlets": period.outlets, "contested": period.contested,
                      "contested_evidence": period.contested_evidence, "origin": period.origin})
    return sorted(found, key=lambda row: (-STATUS_RANK[row["status"]], row["since"], row["actor"]))


def status_changes(session: Session, since: date | None, until: date, actors: tuple[str, ...] = ()) -> list[dict]:
    """Status transitions (up and down) that took effect in [since, until], newest first."""
    end = datetime.combine(until + timedelta(days=1), datetime.min.time())
    query = select(ActorStatus).order_by(ActorStatus.actor, ActorStatus.since)
    if actors:
        query = query.where(ActorStatus.actor.in_(actors))
    previous: dict[str, str] = {}
    changes = []
    for period in session.scalars(query):
        before = previous.get(period.actor, "none")
        previous[period.actor] = period.status
        if period.since >= end or (since is not None and period.since.date() < since):
            continue
        changes.append({"date": period.since.date().isoformat(), "actor": period.actor, "from": before,
                        "to": period.status, "direction": _direction(before, period.status),
                        "evidence": period.evidence, "origin": period.origin, "story_id": period.evidence_story_id})
    return sorted(changes, key=lambda row: row["date"], reverse=True)


def _direction(before: str, after: str) -> str:
    if STATUS_RANK[after] > STATUS_RANK[before]:
        return "up"
    return "down" if STATUS_RANK[after] < STATUS_RANK[before] else "confirmed"


def status_periods(session: Session, actors: tuple[str, ...] = ()) -> list[dict]:
    """Every period (for the status timeline), oldest first."""
    query = select(ActorStatus).order_by(ActorStatus.actor, ActorStatus.since)
    if actors:
        query = query.where(ActorStatus.actor.in_(actors))
    return [{"actor": p.actor, "status": p.status, "since": p.since, "until": p.until, "contested": p.contested}
            for p in session.scalars(query)]


def set_status(session: Session, actor: str, status: str, effective: date, note: str = "",
               author: str = "analyst", now: datetime | None = None) -> StatusSetting:
    """Record an analyst's setting of `actor`'s status from `effective` on. Raises ValueError."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    setting = StatusSetting(actor=actor, status=status, effective_date=datetime.combine(effective, datetime.min.time()),
                            note=note, author=author, created_at=now or datetime.now(timezone.utc).replace(tzinfo=None))
    session.add(setting)
    session.flush()
    mark_status_dirty(session, {actor})
    return setting
