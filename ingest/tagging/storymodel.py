"""Learned second readings of a whole story: its topics, and whether it is about our subject.

The topic phrases of the taxonomy settle most topics, but on wire copy they have not seen
they miss about one in five and add one wrong in seven (the blind sets' first runs). The
relevance terms keep every relevant story, and with them about one decoy in six (a play set
in Kabul, a Pakistani Taliban raid in Orakzai). Two logistic models over the story's words,
learned from our labelled sets (scripts/train_models.py), correct both, each bounded:

- topics: a topic the phrases point to but did not reach is added when the model is sure of it
  (`topic_model_add`); a topic of the phrases is dropped when the model all but rules it
  out (`topic_model_drop`), never the story's last one, so a guess never makes a story
  off-subject;
- relevance: a story the relevance terms keep is left out only when the model finds it
  very unlikely to be ours (`relevance_model_drop`, set low: every relevant story kept
  matters more than each decoy left out), and never when its title sets it in Afghanistan
  (the word, or one of the taxonomy's `afghan_places`): our labelled sets hold few stories of
  Afghan news with no foreign party, so the model would take a quake in Paktika for a decoy.

Thresholds live in the taxonomy's [settings]; a taxonomy without them uses no model.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np

MODELS = Path(__file__).resolve().parent.parent / "tagging"  # the compiled build too
TOPIC_MODEL_PATH = MODELS / "topic_model.json"
RELEVANCE_MODEL_PATH = MODELS / "relevance_model.json"
RELEVANT = "relevant"
_WORD = re.compile(r"[a-z][a-z'-]+|\$|\d+")


def story_features(title: str, summary: str) -> set[str]:
    """The words and word pairs of title and summary, the title's words also marked as such."""
    title_words, summary_words = _WORD.findall(title.lower()), _WORD.findall(summary.lower())
    features = set(map("t:".__add__, title_words))
    features.update(title_words, summary_words, word_pairs(title_words), word_pairs(summary_words))
    return features


def word_pairs(words: list[str]):
    """"first_second" for each two words running (map and join: this runs on every story)."""
    return map("_".join, zip(words, words[1:]))


class WeightTable:
    """Per feature a row of weights (one per class or label), and a bias row. The weights are
    held as integers in units of 2**-40 (a trillionth: far below what any threshold can
    tell), so a story's sum is exact whatever order its features come in: every build and
    every process (whatever its string hashing) adds them alike, with no sort on each call."""

    SCALE = float(2 ** 40)

    def __init__(self, bias: list[float], weights: dict[str, list[float]]):
        self.rows = {feature: row for row, feature in enumerate(weights)}
        self.known = frozenset(weights)
        matrix = np.array(list(weights.values()), dtype=float).reshape(len(weights), len(bias))
        self.matrix = np.rint(matrix * self.SCALE).astype(np.int64)
        self.bias = np.rint(np.array(bias, dtype=float) * self.SCALE).astype(np.int64)

    def scores(self, features) -> list[float]:
        found = list(map(self.rows.__getitem__, self.known.intersection(features)))
        return ((self.bias + self.matrix[found].sum(axis=0)) / self.SCALE).tolist()


class LabelModels:
    """One logistic model per label (a topic id, or "relevant"): a weight per feature, a bias."""

    def __init__(self, labels: list[str], bias: list[float], weights: dict[str, list[float]], trained_on: list[str]):
        self.labels, self.trained_on = labels, trained_on
        self.table = WeightTable(bias, weights)

    @classmethod
    def load(cls, path: Path) -> LabelModels:
        return loaded_once(path, lambda data: cls(data["labels"], data["bias"], data["weights"],
                                                  data.get("trained_on", [])))

    def probabilities(self, features: set[str]) -> dict[str, float]:
        scores = self.table.scores(features)
        return {label: 1.0 / (1.0 + math.exp(-score)) for label, score in zip(self.labels, scores)}


def read_model_file(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: the taxonomy asks for this model but it cannot be read ({error}); "
                         "make it with scripts/train_models.py or drop the model's setting") from None


_LOADED: dict[Path, object] = {}


def loaded_once(path: Path, make):
    """`make(the file's data)`, built once a process per file: a model file takes a tenth of
    a second to read, and tests and the dashboard build many taggers."""
    model = _LOADED.get(path)
    if model is None:
        model = _LOADED[path] = make(read_model_file(path))
    return model


def afghan_scene(places: list[str]) -> re.Pattern:
    """Words that set a story in Afghanistan: the country's name, its provinces and towns."""
    names = sorted({"Afghanistan", *places}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")


def revised_topics(found: list[str], probabilities: dict[str, float], add: float, drop: float,
                   hinted=None) -> tuple[list[str], list[str]]:
    """(topics to add, topics to drop) given the phrases' topics and the model's belief; only
    `hinted` topics (those a phrase points to, when given) may be added."""
    added = sorted(t for t, p in probabilities.items()
                   if p >= add and t not in found and (hinted is None or t in hinted))
    kept = len(found) + len(added)
    dropped = []
    for topic in sorted(found, key=lambda t: probabilities.get(t, 1.0)):
        if probabilities.get(topic, 1.0) < drop and kept > 1:
            dropped.append(topic)
            kept -= 1
    return added, dropped
