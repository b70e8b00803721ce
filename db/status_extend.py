"""Extending the kept status periods with the steps a poll adds, without refolding.

Refolding an actor reads every status step it ever had, with the outlets of each step's
story: at 1,000,000 stories that is ~5,000 steps for a much-covered actor and about a
second per commit for five of them, paid by every poll that mentions them. Yet nearly
every new step only confirms the status in force: it adds a story (and perhaps an
outlet) to the open period and changes nothing else. This module applies exactly that
case in place and answers "refold" for everything else (a change of status, a step
dated into a closed period or on a period's first day, a step that would contest a
period, a new outlet), so the kept table always equals
a full recomputation (tests/test_status.py checks it after each poll).
"""
from __future__ import annotations

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from db.models import ActorStatus, EngagementEvent, StorySource
from db.status import CONTEST_WINDOW, STATUS_RANK, _outlets


def extend_periods(session: Session, actor: str, steps: list[dict]) -> bool:
    """Add `steps` (new status events of brand-new stories: level, status_to, event_date,
    story_id) to the actor's kept periods; False when the actor must be refolded instead."""
    periods = session.scalars(select(ActorStatus).where(ActorStatus.actor == actor)
                              .order_by(ActorStatus.since)).all()
    if not periods or periods[-1].until is not None:
        return False
    current = periods[-1]
    supporting = []
    for step in steps:
        move, status = ("down", step["status_to"]) if step["status_to"] else ("up", step["level"])
        if step["event_date"] <= current.since or _contests_any(periods, step["event_date"], move, status):
            return False
        if move == "up" and STATUS_RANK[status] > STATUS_RANK[current.status]:
            return False  # a step up: the status changes
        if move == "down" and STATUS_RANK[status] < STATUS_RANK[current.status]:
            return False  # a downgrade: the status changes
        if move == "up" and status == current.status:
            supporting.append(step["story_id"])
    if not supporting:
        return True  # a weaker step up or a downgrade to no lower: nothing in any period moves
    new_outlets = set().union(*_outlets(session, set(supporting)).values())
    reached_by_step_up = len(periods) == 1 or STATUS_RANK[periods[-2].status] < STATUS_RANK[current.status]
    for outlet in sorted(new_outlets):
        if not _already_counted(session, current, outlet, set(supporting), reached_by_step_up):
            return False  # a new outlet: refold (rare for an actor with many steps)
    session.execute(update(ActorStatus).where(ActorStatus.id == current.id)
                    .values(stories=ActorStatus.stories + len(set(supporting))))
    return True


def _contests_any(periods: list[ActorStatus], when, move: str, status: str) -> bool:
    """Would this step contest a period (a downgrade below it, or a step above it, within
    CONTEST_WINDOW of its start)? Then which step a period names as contesting may change."""
    rank = STATUS_RANK[status]
    for period in periods:
        if abs(when - period.since) > CONTEST_WINDOW:
            continue
        if (move == "down" and rank < STATUS_RANK[period.status]) or (move == "up" and rank > STATUS_RANK[period.status]):
            return True
    return False


def _already_counted(session: Session, period: ActorStatus, outlet: str, new_story_ids: set[int],
                    reached_by_step_up: bool) -> bool:
    """Does an earlier story supporting this open period come from `outlet`? Steps at the
    period's first moment support it only when a step up opened it (the fold takes steps
    up first on a moment; after a downgrade from above, they came before it and did not)."""
    start = EngagementEvent.event_date >= period.since if reached_by_step_up else EngagementEvent.event_date > period.since
    return bool(session.scalar(select(exists().where(
        EngagementEvent.kind == "status", EngagementEvent.actor == period.actor,
        EngagementEvent.status_to.is_(None), EngagementEvent.level == period.status,
        start, EngagementEvent.story_id.not_in(new_story_ids),
        StorySource.story_id == EngagementEvent.story_id, StorySource.source_name == outlet))))
