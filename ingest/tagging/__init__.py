"""Tag a story with actors (and their roles), topics and engagement events.

The passes live in their own modules (matching, cues, clauses, datelines, actors, subjects, hosts, modality, restated,
background, dates, triggers, combine, sentence, events, topics, storymodel, levelmodel; tagger.py strings them
together); the words all live in the taxonomy file, bar the learned models' weights
(*_model.json, made from the labelled sets by scripts/train_models.py). Setup also compiles this package with Cython
(scripts/build_tagger.py; a .pxd beside a module types its build, matching.pxd; a few per
cent faster than the pure-Python code, bench/RESULTS.md): `Tagger` below is that build when it was made from the current
sources and MONITOR_PURE_PYTHON is unset, else the pure-Python class. Both tag
identically (tests/test_tagger.py compares them).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ingest.tagging.clauses import split_sentences
from ingest.tagging.matching import PhraseSet, whole_word_key, word_spaced
from ingest.tagging.results import ROLES, ActorTag, EngagementTag, TagResult, TopicTag
from ingest.tagging.tagger import Tagger

PACKAGE = Path(__file__).resolve().parent
MODULES = ("results", "matching", "cues", "clauses", "dates", "restated", "background", "modality", "datelines",
           "actors", "carried", "agents", "senses", "subjects", "hosts", "triggers", "combine", "sentence", "events",
           "topics", "storymodel", "levelmodel", "tagger")


def source_digest() -> str:
    """SHA-256 over the package's modules (and the .pxd files that type their compiled
    build), in a fixed order: what a build is made from."""
    digest = hashlib.sha256()
    for name in MODULES:
        digest.update((PACKAGE / f"{name}.py").read_bytes())
        if (PACKAGE / f"{name}.pxd").exists():
            digest.update((PACKAGE / f"{name}.pxd").read_bytes())
    return digest.hexdigest()


def _compiled_twin():
    """ingest/_tagging_compiled, this package compiled by scripts/build_tagger.py, when
    it was built from the current sources and MONITOR_PURE_PYTHON is unset; else None."""
    if os.environ.get("MONITOR_PURE_PYTHON"):
        return None
    try:
        from ingest._tagging_compiled import BUILT_FROM
    except ImportError:
        return None
    if BUILT_FROM != source_digest():
        return None  # a build of older sources is never imported: its modules may not fit these
    try:
        from ingest._tagging_compiled import tagger as twin
    except ImportError:
        return None
    return twin


def engine_module(name: str):
    """The module `name` of the code that tags: the compiled build's, or this package's."""
    import importlib

    package = "ingest._tagging_compiled" if _twin is not None else "ingest.tagging"
    return importlib.import_module(f"{package}.{name}")


PurePythonTagger = Tagger
_twin = _compiled_twin()
if _twin is not None:
    Tagger = _twin.Tagger
IMPLEMENTATION = "compiled (Cython)" if _twin is not None else "pure Python"

__all__ = ["ROLES", "ActorTag", "EngagementTag", "IMPLEMENTATION", "PhraseSet", "PurePythonTagger", "TagResult",
           "Tagger", "TopicTag", "split_sentences", "whole_word_key", "word_spaced"]
