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

import itertools
import json
import math
import re
import sys
from pathlib import Path

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
    every process (whatever its string hashing) adds them alike, with no sort on each call.

    Each row is packed into one Python integer, a 64-bit field per class (see _packed), so a
    story's sums over all its classes are one sum() of a few dozen integers, read back
    field by field after: numpy's gather of a story's few dozen rows out of twenty thousand
    cost more than the adding (with this, the story and level models' share of the compiled
    tagger's time fell from 29% to 20%). A field's sum can never leave its 64 bits: the
    table refuses weights that could make it (largest weight times rows, plus the bias: a
    trained model's is about 2**55)."""

    SCALE = float(2 ** 40)

    def __init__(self, bias: list[float], weights: dict[str, list[float]]):
        scale, self.width = self.SCALE, len(bias)
        bias_units = [round(weight * scale) for weight in bias]
        largest = round(max(map(abs, itertools.chain.from_iterable(weights.values())), default=0.0) * scale)
        if largest * len(weights) + max(map(abs, bias_units), default=0) >= _HALF:  # bounds every field's sum
            raise ValueError("model weights too large to add exactly in 64 bits")
        self.rows = {feature: _packed(row, scale) for feature, row in weights.items()}
        self.bias = _packed(bias, scale) + sum(_HALF << (64 * field) for field in range(self.width))
        # (every field counted from 2**63)

    def scores(self, features) -> list[float]:
        # One probe of the table per feature (no set intersection first: a second table to
        # probe, and at twenty thousand rows each probe is a cache miss).
        total = self.bias + sum([row for row in map(self.rows.get, features) if row is not None])
        fields = memoryview(total.to_bytes(8 * self.width, sys.byteorder)).cast("Q")
        return [(field - _HALF) / self.SCALE for field in fields]

    def joined(self, other: WeightTable) -> WeightTable:
        """One table holding this table's classes, then `other`'s: a feature's packed row is
        the two rows side by side (a row absent from one table holds zeros there)."""
        table = WeightTable.__new__(WeightTable)
        shift = 64 * self.width
        table.width = self.width + other.width
        table.rows = {feature: self.rows.get(feature, 0) + (other.rows.get(feature, 0) << shift)
                      for feature in self.rows.keys() | other.rows.keys()}
        table.bias = self.bias + (other.bias << shift)
        return table


_HALF = 2 ** 63


def _packed(weights: list[float], scale: float) -> int:
    """The weights in units (each rounded to the nearest, half to even, as numpy's rint did)
    as one integer, a 64-bit field each, the first the lowest: sum(unit * 2**(64 i)), built
    from the last field down. Packing is linear, so the sum of packed rows is the packed
    sums; with each field's sum counted from 2**63 (the bias's offset) every field stays
    between 0 and 2**64, and the total's bytes are the fields as unsigned 64-bit integers."""
    packed = 0
    for weight in reversed(weights):
        packed = (packed << 64) + round(weight * scale)
    return packed


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


_JOINED: dict[tuple, LabelModels] = {}


def joined(models: tuple[LabelModels, ...]) -> LabelModels:
    """The models as one, their labels in turn (built once a process per tuple of models):
    the tagger reads a story's relevance and topics in one lookup of its words."""
    found = _JOINED.get(models)
    if found is None:
        found = LabelModels.__new__(LabelModels)
        found.labels = [label for model in models for label in model.labels]
        found.trained_on = [name for model in models for name in model.trained_on]
        found.table = models[0].table
        for model in models[1:]:
            found.table = found.table.joined(model.table)
        _JOINED[models] = found
    return found


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
    """Words that set a story in Afghanistan: the country's name, its provinces and towns. The
    lookahead for the names' first letters lets re skip the positions where none can start
    (it would try each of the hundred names there): the same matches, in under half the time."""
    names = sorted({"Afghanistan", *places}, key=len, reverse=True)
    first = "".join(sorted({re.escape(name[0]) for name in names}))
    return re.compile(rf"\b(?=[{first}])(?:" + "|".join(re.escape(name) for name in names) + r")\b")


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
