"""What a transaction did to the actors' formal status, told to whoever watches.

Every change of the kept periods goes through db/status.py's apply_pending_status,
whatever made it: a poll's new stories, a story whose text changed, an analyst's setting,
a retag, a correction. So that is where a change is seen: the refolded actors' periods
are read before and after, and the differences are handed to the watcher registered for
the database (ingest/alerts/status.py: the status_change alert rules) inside the same
transaction, so a change and its alert commit together or not at all. Actors whose new
steps only confirm the status in force (db/status_extend.py) are never refolded and
never change.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable
from weakref import WeakKeyDictionary

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ActorStatus

SILENT = "status_changes_silent"
_WATCHERS: WeakKeyDictionary = WeakKeyDictionary()  # engine -> callable(session, [StatusChange])


@dataclass(frozen=True)
class StatusChange:
    """One change of an actor's status: a new period (or, `withdrawn`, a period that is
    gone, so the status in force moved without a new one)."""

    actor: str
    status: str  # the status the change leads to
    previous: str  # the status before it
    since: datetime  # the new period's start; for a withdrawal, the withdrawn period's
    origin: str  # tagger | seed | analyst
    evidence: str
    evidence_story_id: int | None
    stories: tuple[int, ...] = ()  # stories of this transaction whose status events of the actor changed
    withdrawn: bool = False

    @property
    def direction(self) -> str:
        from db.status import STATUS_RANK

        return "up" if STATUS_RANK[self.status] > STATUS_RANK[self.previous] else "down"


def watch_status_changes(engine, watcher: Callable[[Session, list[StatusChange]], None]) -> None:
    """Have `watcher(session, changes)` called, inside the transaction, whenever a
    transaction on `engine` changes a status (one watcher per engine; a second replaces it)."""
    _WATCHERS[engine] = watcher


def silence_status_changes(session: Session) -> None:
    """This transaction's status changes are history, not news (the seed article)."""
    session.info[SILENT] = True


class Snapshot:
    """The periods of the actors about to be refolded, for the watcher to compare with."""

    def __init__(self, session: Session, actors: set[str] | None, watcher):
        self.actors, self.watcher = actors, watcher
        self.before = _periods(session, actors)

    def announce(self, session: Session, touched: dict[str, set[int]]) -> None:
        """Compare with the periods now and tell the watcher of any change. `touched`:
        actor -> the stories of this transaction whose status events of it changed."""
        changes = compare(self.before, _periods(session, self.actors), touched)
        if changes:
            self.watcher(session, changes)


def snapshot(session: Session, actors: set[str] | None) -> Snapshot | None:
    """Before a refold of `actors` (None: everyone): their periods, when someone watches."""
    bind = session.get_bind()
    watcher = _WATCHERS.get(getattr(bind, "engine", bind))
    if watcher is None or session.info.get(SILENT):
        return None
    return Snapshot(session, actors, watcher)


def compare(before: list[dict], after: list[dict], touched: dict[str, set[int]]) -> list[StatusChange]:
    """The changes from `before` to `after` (each: periods ordered by actor and start):
    every new period whose status differs from the one before it; and, for an actor with
    no such period whose status in force moved all the same, the latest period withdrawn."""
    old = {_key(p) for p in before}
    found, previous = [], {}
    for period in after:
        status_before = previous.get(period["actor"], "none")
        previous[period["actor"]] = period["status"]
        if _key(period) not in old and period["status"] != status_before:
            found.append(_change(period, status_before, touched))
    changed = {change.actor for change in found}
    in_force_before = {p["actor"]: p["status"] for p in before}  # the last period of each wins
    kept = {_key(p) for p in after}
    for actor in sorted(set(in_force_before) - changed):
        if in_force_before[actor] == previous.get(actor, "none"):
            continue
        gone = [p for p in before if p["actor"] == actor and _key(p) not in kept]
        if gone:
            found.append(_change(gone[-1], in_force_before[actor], touched, withdrawn_to=previous.get(actor, "none")))
    return found


def _change(period: dict, previous: str, touched: dict[str, set[int]], withdrawn_to: str | None = None) -> StatusChange:
    withdrawn = withdrawn_to is not None
    return StatusChange(
        period["actor"], withdrawn_to if withdrawn else period["status"], previous, period["since"], period["origin"],
        period["evidence"], period["evidence_story_id"], tuple(sorted(touched.get(period["actor"], ()))), withdrawn)


def _key(period: dict) -> tuple:
    return period["actor"], period["since"], period["status"]


def _periods(session: Session, actors: set[str] | None) -> list[dict]:
    query = select(ActorStatus.actor, ActorStatus.status, ActorStatus.since, ActorStatus.origin, ActorStatus.evidence,
                   ActorStatus.evidence_story_id).order_by(ActorStatus.actor, ActorStatus.since)
    if actors is not None:
        query = query.where(ActorStatus.actor.in_(sorted(actors)))
    return [dict(row._mapping) for row in session.execute(query)]
