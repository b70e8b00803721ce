"""What a story brings to event clustering: its content words, their MinHash LSH band
keys, and what the tagger found (participants, levels). Pure: no database.

Outlets word one event differently, so exact duplicates (store.py) miss it; what they
share is the rare words (names, places, numbers, the act) and the tagger's reading
of who did what. Words are cut to a five-letter stem ("recognised", "recognition",
"recognizes" meet as "recog"), which is crude but cheap and language-blind enough.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime

NUM_PERM = 20  # permutations drawn (datasketch's, seed 18); the keys use the first BANDS of them
BANDS = 10  # of one row each: one stem in common, the rarest under that permutation
FIGURE_SLOT = 31  # the band number of figure keys ("81", "20000", "1bn"); keys fit a signed 64-bit integer
STEM_LENGTH = 5
COUNTERPART = "TALIBAN"  # every story has it: it tells no event from another

# Words every story of this project carries, wire and outlet names, and English glue:
# sharing them says nothing about sharing an event.
COMMON_WORDS = frozenset("""
a about after against ago all also amid an and any are as at be been before being but by can could
did do does during each for from had has have he her his how if in into is it its last late least
made make may more most new no not now of on one or other our out over said say says saying she so
some such than that the their them then there these they this those through to told two under up
upon us was we were what when where which while who whom why will with within would year years
week weeks day days month months today yesterday monday tuesday wednesday thursday friday saturday
sunday according official officials statement spokesman spokesperson spokeswoman added report
reported reports reporting news agency reuters afp ap tass xinhua press associated via update
taliban taliban's afghan afghans afghanistan afghanistan's kabul islamic emirate government
country countries people first time amp quot
minister ministers ministry foreign talks talk meeting meetings met meet meets held hold holds visit visits
visited delegation delegations leader leaders president prime deputy senior authorities authority administration
announced announces announce called calls call urged urges warned warns asked asks agreed agrees discuss
discussed discussing discussion discussions including amid following ahead since still without between
both side sides across another further around just three four five city province capital state states
""".split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# "20,000" is one figure, not "20" and "000". Written to start with the comma (the digit
# before it looked back at from there): a pattern that starts with a literal is searched
# for as a string, where a leading look-behind was tried at every character (a twentieth
# of the time: 0.002 s against 0.034 s for the bench's 6,474 stories).
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}\b)")


@dataclass
class StoryFeatures:
    """One story as the clustering sees it. `participants` are foreign actors that take
    part (the Taliban side left out); `levels` maps each to its engagement levels."""

    story_id: int
    published_at: datetime
    stems: frozenset[str]
    participants: frozenset[str] = frozenset()
    levels: dict[str, frozenset[str]] = field(default_factory=dict)
    cluster_id: int | None = None
    keys: list[int] = field(default_factory=list)
    named: frozenset[str] = frozenset()  # every foreign actor the story names, whatever its role
    # Title and summary: their act stems are worked out only for the few pairs whose
    # decision needs them (see match.py), not for every story of every poll.
    text: tuple[str, str] = ("", "")
    _acts: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _follow_up: object = field(default=None, repr=False, compare=False)
    _anchors: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _kinds: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _scene: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _protests: bool | None = field(default=None, repr=False, compare=False)
    _repeats_aid: bool | None = field(default=None, repr=False, compare=False)
    _rallies: bool | None = field(default=None, repr=False, compare=False)
    _rank: object = field(default=False, repr=False, compare=False)  # False: not worked out yet
    _host: object = field(default=False, repr=False, compare=False)  # False: not worked out yet

    @property
    def acts(self) -> frozenset[str]:
        """See `act_stems`."""
        if self._acts is None:
            self._acts = act_stems(*self.text)
        return self._acts

    @property
    def follow_up(self):
        """See followups.follow_up (worked out, like `acts`, for the few pairs that need it)."""
        if self._follow_up is None:
            from ingest.clustering.followups import follow_up

            self._follow_up = follow_up(*self.text)
        return self._follow_up

    @property
    def protests(self) -> bool:
        """See followups.protests (its headline only; worked out for the few pairs that need it)."""
        if self._protests is None:
            from ingest.clustering.followups import protests

            self._protests = protests(self.text[0])
        return self._protests

    @property
    def repeats_aid(self) -> bool:
        """See followups.repeats_aid (worked out for the pairs that need it)."""
        if self._repeats_aid is None:
            from ingest.clustering.followups import repeats_aid

            self._repeats_aid = repeats_aid(*self.text)
        return self._repeats_aid

    @property
    def rallies(self) -> bool:
        """See followups.rallies (its headline only; worked out for the pairs that need it)."""
        if self._rallies is None:
            from ingest.clustering.followups import rallies

            self._rallies = rallies(self.text[0])
        return self._rallies

    @property
    def meeting_rank(self) -> str | None:
        """See followups.meeting_rank (worked out for the pairs that need it)."""
        if self._rank is False:
            from ingest.clustering.followups import meeting_rank

            self._rank = meeting_rank(*self.text)
        return self._rank

    @property
    def taliban_host(self) -> str | None:
        """See followups.taliban_host (worked out for the pairs that need it)."""
        if self._host is False:
            from ingest.clustering.followups import taliban_host

            self._host = taliban_host(*self.text)
        return self._host

    @property
    def kinds(self) -> frozenset[str]:
        """See happenings.kinds (asked of a story once per candidate pair, so kept)."""
        if self._kinds is None:
            from ingest.clustering.happenings import kinds

            self._kinds = kinds(self.stems)
        return self._kinds

    @property
    def scene(self) -> frozenset[str]:
        """The provinces of its lead, for a story of a happening at one spot (see
        happenings.at_one_spot and lead_provinces); else empty."""
        if self._scene is None:
            from ingest.clustering.happenings import at_one_spot, lead_provinces

            self._scene = lead_provinces(*self.text) if at_one_spot(self.stems) else frozenset()
        return self._scene

    @property
    def anchors(self) -> frozenset[str]:
        """See happenings.own_anchors."""
        if self._anchors is None:
            from ingest.clustering.happenings import own_anchors

            self._anchors = own_anchors(*self.text, self.stems)
        return self._anchors


def content_stems(title: str, summary: str) -> frozenset[str]:
    """The stems of the words of `title` and `summary` that can tell one event apart;
    two-letter words only as capitals (UK, UN, EU: outlets write "UK" where others
    write "British", and that one word decides whether they share enough)."""
    stems = frozenset(map(_CONTENT_STEM.__getitem__, _WORD.findall(_THOUSANDS.sub("", f"{title} {summary}"))))
    return stems - _NOTHING if None in stems else stems


def act_stems(title: str, summary: str) -> frozenset[str]:
    """The stems of the words written in lower case: what the story says happened
    ("deadline", "undocumented", "crossing"; "funding", "food"), not whom or where.
    Two happenings of the same actors share their names, places and titles; two
    reports of one happening share these too."""
    words = _WORD.findall(f"{title} {summary}")
    return frozenset(_STEMS.get(word) or _remember_stem(word)
                     for word in words if word.islower() and word not in COMMON_WORDS and len(word) > 2)


def figures(stems: frozenset[str]) -> frozenset[str]:
    """The stems that are figures a report gives (a death toll, a sum, a count of
    deportees): two outlets rarely give the same one for different events, where they
    often name the same people and places. Years and numbers under ten are not."""
    return frozenset(stem for stem in stems if stem[0].isdecimal() and _is_figure(stem))


def _is_figure(stem: str) -> bool:
    # isdecimal, not isdigit: "²" is a digit that int() refuses (a feed crashed on it)
    if not stem.isdecimal():
        return not stem.endswith(("st", "nd", "rd", "th"))  # "1bn", "500kv"; not "2nd"
    value = int(stem)
    return value >= 10 and not (len(stem) == 4 and 1900 <= value <= 2099)


_STEMS: dict[str, str] = {}  # word -> stem: news repeats its words, and stemming cost more than the rest


class _ContentStems(dict):
    """A word as written -> its content stem, or None for a word that tells no event
    apart (content_stems): a story's words are looked up in C, and only a word not seen
    before is judged and stemmed in Python (judging every word in a Python loop made
    content_stems an eighth slower: 0.157 s against 0.138 s for the bench's 6,474
    stories, in the parse workers). Whether a word counts depends on how it is written
    ("UN", "un")."""

    def __missing__(self, word: str) -> str | None:
        if len(self) >= 200_000:
            self.clear()
        lower = word.lower()
        lower = _spellings().get(lower, lower)  # "Daikundi" as "Daykundi": one place, two transliterations
        counts = lower not in COMMON_WORDS and (len(word) > 2 or word.isdigit() or word.isupper())
        stem = self[word] = (_STEMS.get(lower) or _remember_stem(lower)) if counts else None
        return stem


def _spellings() -> dict[str, str]:
    """The taxonomy's spelling variants (happenings.spelling_variants), read on first use:
    happenings imports this module."""
    from ingest.clustering.happenings import spelling_variants

    return spelling_variants()


_CONTENT_STEM = _ContentStems()
_NOTHING = frozenset([None])


def _remember_stem(word: str) -> str:
    if len(_STEMS) >= 200_000:
        _STEMS.clear()
    stem = _STEMS[word] = _stem(word)
    return stem


def _stem(word: str) -> str:
    """Cut to STEM_LENGTH after the inflections outlets vary on most ("killed", "killing",
    "kills"; "leaked" and "leak"; "agreed" and "agree")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 5 and word.endswith("ed"):
        word = word[:-2]
    word = word[:STEM_LENGTH]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def features_of(story_id: int, published_at: datetime, title: str, summary: str,
                actors: list[tuple[str, str | None]], levels: list[tuple[str, str]],
                with_keys: bool = True) -> StoryFeatures:
    """A story's features from its text and tags: `actors` as (actor, role), `levels`
    as (actor, level) for its engagement events. A candidate read back for comparison
    needs no band keys (`with_keys=False`). Not its topics: no decision of the
    clustering reads them, and they were two in five of the tag rows read for candidates."""
    participants = frozenset(a for a, role in actors if role == "participant" and a != COUNTERPART)
    by_actor: dict[str, set[str]] = {}
    for actor, level in levels:
        if actor != COUNTERPART:
            by_actor.setdefault(actor, set()).add(level)
    stems = content_stems(title, summary)
    return StoryFeatures(story_id, published_at, stems, participants,
                         {a: frozenset(v) for a, v in by_actor.items()},
                         keys=band_keys(stems) if with_keys else [], text=(title, summary),
                         named=frozenset(a for a, _ in actors if a != COUNTERPART))


def band_keys(stems: frozenset[str]) -> list[int]:
    """The story's LSH band keys, one per band of its MinHash signature, a key per
    figure it gives (see `figures`) and one per kind of happening and rare word
    (happenings.place_kind_keys).

    Two stories with word-set Jaccard similarity J share at least one band key with
    probability 1 - (1 - J)^BANDS: 0.80 at J = 0.15, 0.94 at 0.25, 0.99 at 0.35. Bands of
    two rows (20 of 40 permutations until session 7) missed nearly half the pairs at J =
    0.2, and outlets' reports of one event often share no more than that; the candidates
    that one-row bands add are mostly dropped by their text before any tag is read. Ten
    bands, not the twenty of sessions 7-11: the reports of one event that share few words
    meet through the figure, place and step keys, or through a third report (no labelled
    pair was lost), and each key is a row to write (the keys were a quarter of the
    writer's time in a first poll). The ten are the first ten of the twenty, so stories
    keyed before still meet new ones.
    """
    return band_keys_of_many([stems])[0]


def band_keys_of_many(stem_sets: list[frozenset[str]]) -> list[list[int]]:
    """`band_keys` of each set, in one vectorised pass over all their stems: a feed's
    items cost a few numpy calls together instead of a MinHash object each (the
    per-call overhead was most of the clustering's cost in the parse workers)."""
    import numpy

    from ingest.clustering.happenings import place_kind_keys

    signatures = _minhashes([stems for stems in stem_sets if stems]).astype(numpy.uint64)
    bands = numpy.arange(BANDS, dtype=numpy.uint64) << numpy.uint64(58)
    rows = iter((bands | signatures).tolist())
    return [next(rows) + _figure_keys(stems) + place_kind_keys(stems) if stems else [] for stems in stem_sets]


def _figure_keys(stems: frozenset[str]) -> list[int]:
    return [(FIGURE_SLOT << 58) | zlib.crc32(figure.encode()) for figure in sorted(figures(stems))]


_PERMUTATIONS = None


def affine32_permutations(num_perm: int, seed: int):
    """datasketch's "affine32" permutation parameters (a odd, b) for `seed`, drawn as it
    draws them: numpy's RandomState, a then b."""
    import numpy

    generator = numpy.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=numpy.uint32) * numpy.uint32(2) + numpy.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=numpy.uint32)
    return numpy.array([a, b])


# MurmurHash3's 32-bit finalizer, as datasketch's "affine32" scheme pre-mixes each hash.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def _minhashes(stem_sets: list[frozenset[str]]):
    """The MinHash signatures (rows of BANDS uint32) of non-empty stem sets, equal to
    datasketch's MinHash with crc32 as the base hash (stable across processes, several
    times cheaper than its default SHA-1) and its "affine32" permutations (seed 18):
    crc32, the fmix32 pre-mix, h -> a*h + b mod 2^32, the minimum per permutation.
    Computed with numpy alone: importing datasketch (scipy with it) cost each parse
    worker more than clustering a feed; tests/test_clustering.py holds the signatures
    and the permutations equal to datasketch's own."""
    global _PERMUTATIONS
    import numpy

    if _PERMUTATIONS is None:
        _PERMUTATIONS = affine32_permutations(NUM_PERM, seed=18)[:, :BANDS]
    if not stem_sets:
        return numpy.empty((0, BANDS), dtype=numpy.uint32)
    sizes = [len(stems) for stems in stem_sets]
    hashes = numpy.fromiter((zlib.crc32(stem.encode()) for stems in stem_sets for stem in stems),
                            dtype=numpy.uint32, count=sum(sizes))
    s1, m1, s2, m2, s3 = (numpy.uint32(c) for c in _FMIX32)
    hashes ^= hashes >> s1
    hashes *= m1
    hashes ^= hashes >> s2
    hashes *= m2
    hashes ^= hashes >> s3
    a, b = _PERMUTATIONS
    permuted = hashes[:, None] * a[None, :] + b[None, :]  # uint32: wraps around, mod 2^32
    starts = numpy.concatenate(([0], numpy.cumsum(sizes[:-1]))).astype(numpy.intp)
    return numpy.minimum.reduceat(permuted, starts, axis=0)
