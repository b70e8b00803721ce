"""A learned second reading for actors the rules leave without a level.

The trigger rules say why they fire, and never claim what a sentence denies; but on wire
copy they have not seen they find about two thirds of the labelled levels (the blind sets'
first runs). The rest are mostly ordinary acts in wording no trigger holds ("Tashkent's
relief convoy crossed at Hairatan"). For an actor named in the story that no rule gave a
level, this model reads the words of the sentences that name it and guesses the level, when
it is sure enough (the taxonomy's `level_model_threshold`).

What it may say is bounded: never a formal status (recognition, ambassadors, accreditation:
the ladder's claims stay with the rules, which read negation and background), never a level
for a place (a dateline, a venue) or for the Taliban side itself. Its events carry the rule
"model:<level>" and its probability, so the dashboard shows a guess as a guess, and a guess
alone does not make a story on-subject (TagResult.on_subject).

The weights are learned from our labelled sets by scripts/train_models.py (softmax
regression over words and word pairs); the file records which sets, so the blind set kept
for the next estimate is never among them.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from ingest.tagging.storymodel import WeightTable, loaded_once, word_pairs
from ingest.taxonomy import COUNTERPART, FORMAL_LEVELS, LEVEL_SCORES

MODEL_PATH = Path(__file__).resolve().parent.parent / "tagging" / "level_model.json"  # the compiled build too
NO_LEVEL = "none"
FORMAL_CLASS = "formal"  # recognition, ambassadors, accreditation: learned, never emitted
_ACTOR_WORD = " actorx "
_OTHER_WORD = " otherx "
_WORD = re.compile(r"[a-z][a-z'-]+|\$|\d+")


def actor_features(text: str, spans: list[tuple[int, int]], sentence_spans: list[tuple[int, int]], role: str,
                   in_title: bool, others: list[tuple[int, int]] = ()) -> set[str]:
    """The words and word pairs of the sentences that name the actor (its own name made one
    placeholder word, so the model learns acts, not countries), its role, and whether the
    title names it. Training (scripts/train_models.py) and tagging both call this."""
    features = {f"role={role}", f"title={in_title}"}
    for start, end in sentence_spans:
        inside = [(s - start, e - start, _ACTOR_WORD) for s, e in spans if start <= s < end]
        if not inside:
            continue
        inside += [(s - start, e - start, _OTHER_WORD) for s, e in others if start <= s < end]
        sentence = text[start:end]
        for s, e, word in sorted(inside, reverse=True):
            sentence = sentence[:s] + word + sentence[e:]
        words = _WORD.findall(sentence.lower())
        features.update(words, word_pairs(words))
    return features


class LevelModel:
    """Softmax regression weights: per feature one weight per class, and a bias per class."""

    def __init__(self, classes: list[str], bias: list[float], weights: dict[str, list[float]],
                 trained_on: list[str]):
        unknown = [c for c in classes if c not in LEVEL_SCORES and c not in (NO_LEVEL, FORMAL_CLASS)]
        if unknown:
            raise ValueError(f"level model: {', '.join(unknown)} not engagement levels of the spec")
        self.classes, self.trained_on = classes, trained_on
        self.table = WeightTable(bias, weights)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LevelModel:
        return loaded_once(path, lambda data: cls(data["classes"], data["bias"], data["weights"],
                                                  data.get("trained_on", [])))

    def probabilities(self, features: set[str]) -> list[float]:
        scores = self.table.scores(features)
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return [value / total for value in exps]

    def guess(self, features: set[str], threshold: float) -> tuple[str, float] | None:
        """The level the words point to, with its probability; None when the best class is
        no level, a formal status, or below the threshold."""
        probabilities = self.probabilities(features)
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        level = self.classes[best]
        if level in (NO_LEVEL, FORMAL_CLASS) or level in FORMAL_LEVELS or probabilities[best] < threshold:
            return None
        return level, probabilities[best]


def unread_actors(actors, events) -> list:
    """The actor tags a model may read: named as participant or mentioned (not a place, not
    the Taliban side), with no event the rules found (news or background)."""
    ruled = {event.actor for event in events}
    return [a for a in actors if a.role != "place" and a.actor != COUNTERPART and a.actor not in ruled]
