"""Learn the level model (ingest/tagging/levelmodel.py) from our labelled sets.

    .venv/bin/python scripts/train_level_model.py [--hold-out blind15 ...]

Every foreign actor a labelled relevant story names (other than as a place) is one example:
the words of the sentences that name it, and its labelled levels (a formal status is learned
as one class, "formal", the model never emits). Softmax regression, full-batch gradient
descent with an L2 penalty, numpy only: a few seconds on two cores. Sets named with
--hold-out (by default the newest blind set, kept for the next estimate) are left out and the
model file lists the sets it learned from. Rerun after adding a labelled set or changing the
rules' actors and roles; the tagger reads ingest/tagging/level_model.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.config import DEFAULT_TAXONOMY_PATH  # noqa: E402
from ingest.evaluate import load_labelled  # noqa: E402
from ingest.tagging.levelmodel import FORMAL_CLASS, FORMAL_LEVELS, MODEL_PATH, NO_LEVEL  # noqa: E402
from ingest.tagging.tagger import Tagger  # noqa: E402

CLASSES = [NO_LEVEL, "high_level_contact", "technical", "humanitarian", "pressure", "hostile", FORMAL_CLASS]
DATA = ROOT / "tests" / "data"
HELD_OUT = ["blind15"]
MIN_COUNT = 2  # a feature seen in one example only teaches nothing general
L2, EPOCHS, STEP = 1.0, 300, 0.5


def examples(files: list[Path], tagger: Tagger) -> list[tuple[set[str], str]]:
    """(features, class) per labelled actor; an actor with several levels gives one per level.
    The one-sentence cases of clause_sentences.toml teach what the words of negation,
    intention, hedges and mere mentions look like."""
    found = _sentence_examples(DATA / "clause_sentences.toml", tagger)
    for path in files:
        for story in load_labelled(path):
            if not story.relevant:
                continue  # the older format's one level per actor is its strongest: a class all the same
            for actor, features in tagger.actor_words(story.title, story.summary, story.published):
                levels = story.engagement.get(actor) or [NO_LEVEL]
                for level in sorted({FORMAL_CLASS if lv in FORMAL_LEVELS else lv for lv in levels}):
                    found.append((features, level))
    return found


def _sentence_examples(path: Path, tagger: Tagger) -> list[tuple[set[str], str]]:
    found = []
    for case in tomllib.loads(path.read_text(encoding="utf-8"))["sentences"]:
        level = FORMAL_CLASS if case["level"] in FORMAL_LEVELS else case["level"]
        found += [(features, level) for actor, features in tagger.actor_words(case["text"], "") if actor == case["actor"]]
    return found


def fit(rows: list[tuple[set[str], str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    counts: dict[str, int] = {}
    for features, _ in rows:
        for feature in features:
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocabulary)}
    x = np.zeros((len(rows), len(vocabulary)))
    for row, (features, _) in enumerate(rows):
        x[row, [index[f] for f in features if f in index]] = 1.0
    y = np.eye(len(CLASSES))[[CLASSES.index(level) for _, level in rows]]
    weights, bias = np.zeros((len(vocabulary), len(CLASSES))), np.zeros(len(CLASSES))
    for _ in range(EPOCHS):
        scores = x @ weights + bias
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        error = probabilities - y
        weights -= STEP * (x.T @ error / len(rows) + L2 * weights / len(rows))
        bias -= STEP * error.mean(axis=0)
    return vocabulary, weights, bias


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hold-out", nargs="*", default=HELD_OUT, help="sets to leave out (names before _stories.toml)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    files = [p for p in sorted(DATA.glob("*_stories.toml")) if p.name.removesuffix("_stories.toml") not in args.hold_out]
    rows = examples(files, Tagger.from_file(DEFAULT_TAXONOMY_PATH))
    vocabulary, weights, bias = fit(rows)
    kept = {f: [round(float(w), 4) for w in weights[i]] for i, f in enumerate(vocabulary)
            if np.abs(weights[i]).max() >= 0.001}
    model = {"classes": CLASSES, "bias": [round(float(b), 4) for b in bias], "trained_on": [p.name for p in files],
             "examples": len(rows), "weights": kept}
    args.out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} examples from {len(files)} sets, {len(kept)} features")


if __name__ == "__main__":
    main()
