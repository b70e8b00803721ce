"""Topics: summed weights of the distinct topic phrases a story holds."""
from __future__ import annotations

import re

from ingest.tagging.clauses import Sentences
from ingest.tagging.matching import Match
from ingest.tagging.results import EngagementTag, TopicTag


# A phrase naming a gathering ("an investment forum in Tashkent", "a railway summit") places a
# meeting about something else: its words count half there, so a venue alone makes no topic.
_GATHERING_AFTER = re.compile(r"\s+(?:forum|summit|conference|congress|expo)\b", re.IGNORECASE)
VENUE_SHARE = 0.5


class SourceFilter:
    """Tells a topic phrase that only names who speaks ("the Chinese embassy in Kabul
    said", "according to the consulate") from one that says what the story is about."""

    def __init__(self, phrases: list[str], verbs: list[str]):
        self.phrases = {phrase.rstrip("*").lower() for phrase in phrases}
        verbs = "|".join(re.escape(verb) for verb in verbs) or "(?!x)x"
        place = r"(?:\s+(?:in|at)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"
        self._speaks_after = re.compile(rf"\w*{place}\s*,?\s+(?:{verbs})\b")
        self._according_before = re.compile(r"\baccording to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)

    def is_source(self, match: Match, text: str) -> bool:
        if match.pattern.text.lower() not in self.phrases:
            return False
        return bool(self._speaks_after.match(text, match.end, match.end + 60)
                    or self._according_before.search(text, max(0, match.start - 40), match.start))


def score_topics(matches: list[Match], sentences: Sentences, title_end: int, threshold: float,
                 title_weight: float, restated: list[tuple[int, int]] = (),
                 sources: SourceFilter | None = None) -> list[TopicTag]:
    """A topic is given when the weights of its distinct phrases (each counted once, at
    its strongest: in the title it weighs `title_weight` times more) reach `threshold`.
    A phrase inside a trigger the story restates as background (`restated`) counts
    nothing: a story is not about what it recalls in passing; nor does one that only
    names the story's source (`sources`). Loops, no generators or lambdas: topics.pxd
    types this function in the compiled build, and a typed function cannot hold one."""
    best: dict[str, dict[str, tuple[float, Match]]] = {}
    text = sentences.text
    for match in matches:
        if restated and _overlaps(match, restated):
            continue
        if sources is not None and sources.is_source(match, text):
            continue
        weight = match.pattern.weight * (title_weight if match.start < title_end else 1.0)
        if _GATHERING_AFTER.match(text, match.end):
            weight *= VENUE_SHARE
        phrases = best.get(match.target)
        if phrases is None:
            phrases = best[match.target] = {}
        kept = phrases.get(match.pattern.rule)
        if weight > (0.0 if kept is None else kept[0]):
            phrases[match.pattern.rule] = (weight, match)
    tags = []
    for topic, phrases in best.items():
        tag = _topic_tag(topic, phrases, sentences, threshold)
        if tag is not None:
            tags.append(tag)
    tags.sort(key=_descending_score)
    return tags


def _overlaps(match: Match, restated) -> bool:
    for low, high in restated:
        if low < match.end and match.start < high:
            return True
    return False


def _topic_tag(topic: str, phrases: dict[str, tuple[float, Match]], sentences: Sentences,
               threshold: float) -> TopicTag | None:
    """The topic's tag when its phrases' weights reach `threshold`: its evidence the strongest
    phrase's sentence, its rule the phrases'."""
    score = sum([weight for weight, _ in phrases.values()])
    if score < threshold:
        return None
    strongest = max(phrases.values(), key=lambda item: item[0])[1]
    rule = "+".join(sorted([rule.split(":", 1)[1] for rule in phrases]))
    return TopicTag(topic, round(score, 2), sentences.around(strongest.start), f"phrases:{rule}")


def _descending_score(tag: TopicTag) -> float:
    return -tag.score


def implied_topics(topics: list[TopicTag], events: list[EngagementTag], level_topics: dict[str, str],
                   threshold: float) -> list[TopicTag]:
    """`topics` with the topic each level reported as news settles (the taxonomy's
    level_topics): an envoy's papers received are a missions story, tents flown in an
    aid story, whatever words the outlet chose."""
    have = {tag.topic for tag in topics}
    added = []
    for event in events:
        topic = level_topics.get(event.level)
        if topic is not None and topic not in have and not event.background:
            have.add(topic)
            added.append(TopicTag(topic, threshold, event.evidence, f"level:{event.level}"))
    return topics + added
