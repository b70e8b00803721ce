"""Same parties, same step, same day: two reports of one visit or one signing often share
almost no words (one tells the talks from Kabul and names the Taliban minister, the other
tells them from the visitor's capital and names its own), but the tagger reads both as
the same foreign participants taking the same cooperative step. Within a day that is one
happening far more often than two; a week apart it is the next round (match.WINDOW and
SAME_STEP_WITHIN keep those apart). Only cooperative steps: strikes and clashes between
the same sides come day after day, and a retaliation reads as the same step.
"""
from __future__ import annotations

import zlib
from datetime import datetime, timedelta

from ingest.clustering.features import FIGURE_SLOT, StoryFeatures
from ingest.clustering.happenings import specific_names
from ingest.taxonomy import FORMAL_LEVELS, LEVEL_SCORES

SAME_STEP_WITHIN = timedelta(hours=24)
STEP_TOLD_WITHIN = timedelta(hours=12)  # the same step told later than this needs more in common (below)
STEP_SLOT = FIGURE_SLOT - 2  # the band number of same-party-same-step keys
PARTY_SLOT = FIGURE_SLOT - 3  # ... of same-party-same-day keys


def cooperative_steps(participants: frozenset[str], levels: dict[str, frozenset[str]]) -> frozenset[tuple[str, str]]:
    """(participant, level) of every cooperative step the story reports as news."""
    return frozenset((actor, level) for actor in participants for level in levels.get(actor, ())
                     if LEVEL_SCORES[level] > 0)


def step_keys(participants: frozenset[str], levels: dict[str, frozenset[str]], published_at: datetime) -> list[int]:
    """A key per cooperative step, so that reports of one visit that share no word still
    meet as candidates (a key shared by too many stories is skipped, as any key is), and
    one per participant and day (`published_at`'s date): the airline's first flight told
    with the visiting minister's welcome (a step) and by a wire that reads no step in it."""
    day = published_at.date().isoformat()
    return ([(STEP_SLOT << 58) | zlib.crc32(f"{actor} {level}".encode())
             for actor, level in sorted(cooperative_steps(participants, levels))]
            + [(PARTY_SLOT << 58) | zlib.crc32(f"{actor} {day}".encode()) for actor in sorted(participants)])


def same_step_same_day(a: StoryFeatures, b: StoryFeatures) -> bool:
    """The same foreign participants, each taking the same cooperative steps and nothing
    else, within SAME_STEP_WITHIN: "Wang Yi holds talks in Kabul" and "China and the
    Taliban agree to deepen ties" that evening; within hours, the same steps with a hostile
    one among them (the day's talks, each report telling the strikes behind them)."""
    if abs(a.published_at - b.published_at) > SAME_STEP_WITHIN:
        return False
    if any(a.levels.get(actor, _NONE) & b.levels.get(actor, _NONE) & _FORMAL
           for actor in a.participants & b.participants):
        return True  # a formal step (an embassy upgrade, a recognition) is taken once: told from Delhi and from Kabul
    if not a.participants or a.participants != b.participants:
        return False
    mine = {actor: a.levels.get(actor, frozenset()) for actor in a.participants}
    theirs = {actor: b.levels.get(actor, frozenset()) for actor in b.participants}
    steps = [level for levels in (*mine.values(), *theirs.values()) for level in levels]
    if mine == theirs:
        if abs(a.published_at - b.published_at) <= STEP_TOLD_WITHIN and any(LEVEL_SCORES[level] > 0 for level in steps):
            return True  # within hours, the same talks told with the same strikes behind them
        return bool(steps) and all(LEVEL_SCORES[level] > 0 for level in steps)
    # within hours, each party taking a cooperative step in common in both is enough (the talks; one
    # report also reads the mechanism agreed there as technical work, or a demand made there as
    # pressure), nothing hostile; late the next day the same words tell the next round as often
    return (abs(a.published_at - b.published_at) <= STEP_TOLD_WITHIN and "hostile" not in steps
            and all(any(LEVEL_SCORES[level] > 0 for level in mine[actor] & theirs[actor]) for actor in mine))


SIMILAR_STEP_LATER = 0.07  # ... and with less in common than this, it is the party's next step (below)


def same_step_within_hours(a: StoryFeatures, b: StoryFeatures, alike: float) -> bool:
    """The same step (`same_step_same_day`) within hours, or later that day when the reports
    share some wording of it (`alike`, their similarity) or a name of one happening: a
    memorandum signed one morning and the next morning's first flight of the same state's
    airline are two happenings of one party."""
    return same_step_same_day(a, b) and (abs(a.published_at - b.published_at) <= STEP_TOLD_WITHIN
                                         or alike >= SIMILAR_STEP_LATER or bool(specific_names(a.anchors & b.anchors)))


def other_steps(a: StoryFeatures, b: StoryFeatures, shared: frozenset[str]) -> bool:
    """Whether both tell steps of a shared participant, and no step of it in common."""
    return any(a.levels.get(actor) and b.levels.get(actor) and a.levels[actor].isdisjoint(b.levels[actor])
               for actor in shared)


_DEALING = frozenset({"high_level_contact", "technical"})
_FORMAL = frozenset(FORMAL_LEVELS)
_NONE: frozenset[str] = frozenset()


def one_tells_a_deal(a: StoryFeatures, b: StoryFeatures, shared: frozenset[str]) -> bool:
    """Whether one report tells a shared party dealing with the Taliban side (talks, an
    agreement) where the other tells it doing nothing with them."""
    return any(not a.levels.get(actor) and b.levels.get(actor, _NONE) & _DEALING
               or not b.levels.get(actor) and a.levels.get(actor, _NONE) & _DEALING for actor in shared)
