"""Which content stems are rare in English: a shared rare word (a district, a border
post, a person's name) is far stronger evidence of one happening than a shared common
word ("killed", "border", "aid").

Rarity is read from English word frequencies (the wordfreq library's), not from the
stored stories: a document frequency over the database would say that every word is
rare in a small database (a first poll, an evaluation set) and would need a table kept
in step with every write; word frequencies give the same answer for a story whatever
else is stored and cost one set lookup once the set is built (a quarter second, once per
installation: see common_stems). What they cannot know is that a rare word is
common in this project's news ("Muttaqi", "Mujahid"): the rules that use it (match.py)
never take a rare word alone as proof.
"""
from __future__ import annotations

import hashlib
import os
import sys
import unicodedata
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

# A stem is common when its words together reach this Zipf frequency (log10 of
# occurrences per billion words): 3.0 is about once in a million words. Provinces
# (Paktika 1.7, Herat 2.6) and districts fall below; country adjectives ("Tajik",
# "Uzbek", 3.3) and capitals that many stories name (Doha 3.2, Leipzig 3.3) above.
COMMON_ZIPF = 3.0
# The words read: the most frequent of the list (down to about Zipf 2.2); the rarer
# ones, summed per stem, would make common stems of names ("Aleks", "Adity").
COUNTED_WORDS = 60_000
# The common stems as last built on this machine (data/ is never committed: the
# stems are derived from wordfreq's data, whose licence is not this project's).
CACHE_PATH = Path(__file__).resolve().parents[2] / "data" / "common_stems.txt"


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The stems, cut as content_stems cuts words, whose English words together reach
    COMMON_ZIPF. Building them takes a quarter second (wordfreq's import and list, 60,000
    words stemmed), which every `python -m ingest once` paid before its first feed; so
    they are kept in CACHE_PATH under a key of what they derive from (wordfreq's files,
    the stemming rules, Python's Unicode tables) and read back while the key holds."""
    key = _source_key()
    cached = _read_cache(CACHE_PATH, key)
    if cached is not None:
        return cached
    stems = build_common_stems()
    _write_cache(CACHE_PATH, key, stems)
    return stems


def build_common_stems() -> frozenset[str]:
    """common_stems from wordfreq itself."""
    from wordfreq import get_frequency_dict, top_n_list

    from ingest.clustering.features import _stem

    frequencies = get_frequency_dict("en")
    totals: dict[str, float] = {}
    for word in top_n_list("en", COUNTED_WORDS):
        if word.isalpha():
            stem = _stem(word)
            totals[stem] = totals.get(stem, 0.0) + frequencies[word]
    common = 10 ** COMMON_ZIPF / 1e9
    return frozenset(stem for stem, frequency in totals.items() if frequency >= common)


def _source_key() -> str | None:
    """A digest of what the common stems derive from: wordfreq's code and English lists
    (their sizes and times, not their 1.5 MB), this module and features.py (the rules and
    the stemmer), Python's version and Unicode tables (str.isalpha); None without wordfreq."""
    spec = find_spec("wordfreq")
    if spec is None or not spec.origin:
        return None
    package = Path(spec.origin).parent
    digest = hashlib.sha256(f"{sys.version_info[:2]} {unicodedata.unidata_version}\n".encode())
    try:
        for path in [package / "__init__.py", *sorted((package / "data").glob("*_en.*"))]:
            stat = path.stat()
            digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        for module in (Path(__file__), Path(__file__).with_name("features.py")):
            digest.update(module.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _read_cache(path: Path, key: str | None) -> frozenset[str] | None:
    """The stems in `path` if it was written under `key`, else None."""
    if key is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    stems = frozenset(lines[1:-1])
    if lines[0] != f"{key} {len(stems)}" or lines[-1] != "":  # another key, or a file cut short
        return None
    return stems


def _write_cache(path: Path, key: str | None, stems: frozenset[str]) -> None:
    """Write `stems` under `key`, whole or not at all (a temporary file renamed); a folder
    that cannot be written only costs the next process the build again."""
    if key is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text("\n".join([f"{key} {len(stems)}", *sorted(stems), ""]), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def is_rare(stem: str) -> bool:
    """Whether `stem` is a rare word's: not among the common stems of English, and not a
    number (figures are evidence of their own, see features.figures)."""
    return not stem[0].isdecimal() and stem not in common_stems()
