"""Topics: summed weights of the distinct topic phrases a story holds."""
from __future__ import annotations

from ingest.tagging.clauses import Sentences
from ingest.tagging.matching import Match
from ingest.tagging.results import TopicTag


def score_topics(matches: list[Match], sentences: Sentences, title_end: int, threshold: float,
                 title_weight: float) -> list[TopicTag]:
    """A topic is given when the weights of its distinct phrases (each counted once, at
    its strongest: in the title it weighs `title_weight` times more) reach `threshold`."""
    best: dict[str, dict[str, tuple[float, Match]]] = {}
    for match in matches:
        weight = match.pattern.weight * (title_weight if match.start < title_end else 1.0)
        phrases = best.setdefault(match.target, {})
        if weight > phrases.get(match.pattern.rule, (0.0, None))[0]:
            phrases[match.pattern.rule] = (weight, match)
    tags = []
    for topic, phrases in best.items():
        score = sum(weight for weight, _ in phrases.values())
        if score < threshold:
            continue
        strongest = max(phrases.values(), key=lambda item: item[0])[1]
        rule = "+".join(sorted(rule.split(":", 1)[1] for rule in phrases))
        tags.append(TopicTag(topic, round(score, 2), sentences.around(strongest.start), f"phrases:{rule}"))
    return sorted(tags, key=lambda t: -t.score)
