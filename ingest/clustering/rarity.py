"""Which content stems are rare in English: a shared rare word (a district, a border
post, a person's name) is far stronger evidence of one happening than a shared common
word ("killed", "border", "aid").

Rarity is read from English word frequencies (the wordfreq library's), not from the
stored stories: a document frequency over the database would say that every word is
rare in a small database (a first poll, an evaluation set) and would need a table kept
in step with every write; word frequencies give the same answer for a story whatever
else is stored and cost one set lookup once the set is built (about half a second, once per
process, only when clustering runs). What they cannot know is that a rare word is
common in this project's news ("Muttaqi", "Mujahid"): the rules that use it (match.py)
never take a rare word alone as proof.
"""
from __future__ import annotations

from functools import lru_cache

# A stem is common when its words together reach this Zipf frequency (log10 of
# occurrences per billion words): 3.0 is about once in a million words. Provinces
# (Paktika 1.7, Herat 2.6) and districts fall below; country adjectives ("Tajik",
# "Uzbek", 3.3) and capitals that many stories name (Doha 3.2, Leipzig 3.3) above.
COMMON_ZIPF = 3.0
# The words read: the most frequent of the list (down to about Zipf 2.2); the rarer
# ones, summed per stem, would make common stems of names ("Aleks", "Adity").
COUNTED_WORDS = 60_000


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The stems, cut as content_stems cuts words, whose English words together reach
    COMMON_ZIPF."""
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


def is_rare(stem: str) -> bool:
    """Whether `stem` is a rare word's: not among the common stems of English, and not a
    number (figures are evidence of their own, see features.figures)."""
    return not stem[0].isdecimal() and stem not in common_stems()
