"""What the tagger returns: actors with their role, topics, and engagement events."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ingest.taxonomy import COUNTERPART

ROLES = ("participant", "mentioned", "place")  # strongest first: an actor's role is its strongest mention's


@dataclass(slots=True)
class ActorTag:
    actor: str
    evidence: str
    rule: str
    role: str = "participant"  # participant | mentioned | place


@dataclass(slots=True)
class TopicTag:
    topic: str
    score: float
    evidence: str
    rule: str


@dataclass(slots=True)
class EngagementTag:
    """One engagement event: an actor at a level, with the sentence and rule behind it.
    `when` is None for news on the story's date; a date for a fact the story restates
    in background ("which recognised the Taliban in July"), then `background` is True."""
    actor: str
    level: str
    score: float
    evidence: str
    rule: str
    when: date | None = None
    background: bool = False
    status_to: str | None = None  # a downgrade (mission closed, diplomats expelled): the status it leaves


@dataclass(frozen=True)
class TagResult:
    version: str
    actors: list[ActorTag] = field(default_factory=list)
    topics: list[TopicTag] = field(default_factory=list)
    engagement: list[EngagementTag] = field(default_factory=list)
    unlikely_ours: bool = False  # the relevance model all but rules the story out (tagging/storymodel.py)

    @property
    def actor_ids(self) -> list[str]:
        return [a.actor for a in self.actors]

    @property
    def participant_ids(self) -> list[str]:
        return [a.actor for a in self.actors if a.role == "participant"]

    @property
    def topic_ids(self) -> list[str]:
        return [t.topic for t in self.topics]

    @property
    def on_subject(self) -> bool:
        """Does the story hold a topic the monitor follows, an engagement event as news, or
        a foreign party acting in it? A story kept for its words ("Kabul", "Afghan") that
        holds none is about something else: a kite festival in Hamburg, a lecture on a
        king's 1928 tour, a quarry's output (ingest/process.py leaves such stories out). An
        act of the Taliban era restated with its date counts too: hajj flights whose quota
        "was agreed when Saudi Arabia's deputy minister received the Taliban's in January"."""
        return (bool(self.topics)
                or any(not event.background or _of_the_taliban_era(event) for event in self.engagement)
                or any(a.role == "participant" and a.actor != COUNTERPART for a in self.actors))

    def levels(self) -> dict[str, list[str]]:
        """Per actor, the distinct levels of its news events (background left out)."""
        found: dict[str, list[str]] = {}
        for event in self.engagement:
            if not event.background and event.level not in found.setdefault(event.actor, []):
                found[event.actor].append(event.level)
        return found


# The Taliban took Kabul on this day: a restated act dated since is part of the story this monitor follows.
TALIBAN_ERA_BEGAN = date(2021, 8, 15)


def _of_the_taliban_era(event: EngagementTag) -> bool:
    return event.when is not None and event.when >= TALIBAN_ERA_BEGAN
