"""A cheap look before an expensive expression: the text it cannot match without.

re tries an expression at every position of the text it is given. For the clause,
aside and date expressions that costs microseconds a sentence, mostly to find that
they do not match. `Cued` wraps such an expression with the strings one of which each
of its matches must contain, read from the parsed expression (an edited expression
keeps a correct look), and runs it only over text holding one: same results, less work.
`Started` does the like for an expression whose matches start with one of a few characters.
"""
from __future__ import annotations

import re

import ahocorasick

from ingest.tagging.matching import lowercase_pattern

_PARSER, _C = re._parser, re._constants
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT))
# Letters that re.IGNORECASE matches with an ASCII letter but str.lower() does not turn
# into it (matching.caseless): text holding one is not looked at lower-cased.
_CASE_FOLD_ONLY = ("\u0130", "\u0131", "\u017f")


def words_cued(alternatives: list[str]) -> Cued | None:
    """One case-insensitive expression of whole-word alternatives (regular expressions),
    run only where its words occur; None for none."""
    return Cued(re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.IGNORECASE)) if alternatives else None


class Cued:
    """An expression with the strings (its cues) one of which each of its matches contains;
    without any (an alternative that needs no literal text) it always runs."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.caseless = bool(pattern.flags & re.IGNORECASE)  # then the cues are looked for in lower case
        cues = required_strings(pattern.pattern, pattern.flags)
        if cues is not None and self.caseless:
            cues = {cue.lower() for cue in cues}
            if not all(cue.isascii() or cue.upper() == cue for cue in cues):
                cues = None  # a cased letter beyond ASCII: re's case folding is not str.lower()
        self.cues = tuple(sorted(cues)) if cues is not None else None
        self._finder = None  # the cues in one automaton: one pass over the text finds the first
        if self.cues is not None:
            self._finder = ahocorasick.Automaton()
            for cue in self.cues:
                self._finder.add_word(cue, cue)
            self._finder.make_automaton()
        # For text lower-cased by matching.caseless: the expression with its letters lower-cased
        # (matching.lowercase_pattern) finds the same there, about twice as fast as IGNORECASE.
        names_kept = all(name == name.lower() for name in pattern.groupindex)
        self._lowered = (re.compile(lowercase_pattern(pattern.pattern), pattern.flags & ~re.IGNORECASE)
                         if self.caseless and names_kept else None)

    def may_match(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """False when no match can lie in text[pos:endpos]: it holds no cue."""
        if self._finder is None:
            return True
        if self.caseless:
            if not text.isascii() and _folded_apart(text):
                return True
            text = text.lower()
        return self._holds_cue(text, pos, endpos)

    def _holds_cue(self, text: str, pos: int, endpos: int | None) -> bool:
        """Bounds as re reads them (clamped into the text, never counted from its end):
        str.find would count a negative one from the end, and pyahocorasick 2.3.1 reads
        memory past the string when asked to (a crash, not an error)."""
        length = len(text)
        start = min(max(pos, 0), length)
        end = length if endpos is None else min(max(endpos, 0), length)
        if start >= end:
            return False  # every match holds a cue, so none is empty: none fits
        if len(self.cues) == 1:  # one string: str.find, no automaton to set up
            return text.find(self.cues[0], start, end) >= 0
        return next(self._finder.iter(text, start, end), None) is not None

    def search(self, text: str, pos: int = 0, endpos: int | None = None, lowered: str | None = None) -> re.Match | None:
        """pattern.search(text, pos, endpos). `lowered`: the text as matching.caseless gives it,
        where the caller has it: the match is then found in it (its text is lower case)."""
        if lowered is not None and self._lowered is not None:
            if self._finder is not None and not self._holds_cue(lowered, pos, endpos):
                return None
            return self._lowered.search(lowered, pos) if endpos is None else self._lowered.search(lowered, pos, endpos)
        if not self.may_match(text, pos, endpos):
            return None
        return self.pattern.search(text, pos) if endpos is None else self.pattern.search(text, pos, endpos)


def _folded_apart(text: str) -> bool:
    """Does the text hold a letter that re.IGNORECASE and str.lower() treat apart? (A loop,
    not any() over a generator: cues.pxd's typed methods cannot hold one.)"""
    for char in _CASE_FOLD_ONLY:
        if char in text:
            return True
    return len(text.lower()) != len(text)


class Started:
    """An expression every match of which starts with one of a few characters (read from
    the parsed expression): its matches are tried only where one of those stands, found
    by a scan re does in C, not at every position of the text."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        chars = first_characters(pattern)
        self._starts = re.compile(f"[{''.join(map(re.escape, sorted(chars)))}]") if chars else None

    def matches(self, text: str) -> list[re.Match]:
        """What pattern.finditer(text) yields (its matches are never empty)."""
        if self._starts is None:
            return list(self.pattern.finditer(text))
        found, position = [], 0
        while (start := self._starts.search(text, position)) is not None:
            match = self.pattern.match(text, start.start())
            if match is None:
                position = start.start() + 1
            else:
                found.append(match)
                position = match.end()
        return found


def first_characters(pattern: re.Pattern) -> set[str] | None:
    """The characters one of which starts every match of a case-sensitive `pattern`, or
    None when they are not read (or a match may be empty)."""
    if pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        chars, may_be_empty = _first(_PARSER.parse(pattern.pattern, pattern.flags))
    except (re.error, RecursionError):
        return None
    return None if chars is None or may_be_empty else chars


def _first(sequence) -> tuple[set[str] | None, bool]:
    """The first characters of a parsed sequence, and whether it may match nothing."""
    chars: set[str] = set()
    for op, value in sequence:
        found, may_be_empty = _first_of(op, value)
        if found is None:
            return None, False
        chars |= found
        if not may_be_empty:
            return chars, False
    return chars, True


def _first_of(op, value) -> tuple[set[str] | None, bool]:
    if op is _C.LITERAL:
        return {chr(value)}, False
    if op is _C.IN:
        literal = value and all(kind is _C.LITERAL for kind, _ in value)
        return ({chr(char) for _, char in value}, False) if literal else (None, False)
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return set(), True  # zero width: the next element starts the match
    if op is _C.SUBPATTERN:
        _, add_flags, del_flags, inner = value
        return (None, False) if add_flags or del_flags else _first(inner)
    if op is _C.ATOMIC_GROUP:
        return _first(value)
    if op is _C.BRANCH:
        options = [_first(option) for option in value[1]]
        if any(chars is None for chars, _ in options):
            return None, False
        return set().union(*(chars for chars, _ in options)), any(empty for _, empty in options)
    if op in _REPEATS:
        chars, may_be_empty = _first(value[2])
        return chars, may_be_empty or value[0] == 0
    return None, False


def required_strings(pattern: str, flags: int = 0) -> set[str] | None:
    """Strings one of which every match of `pattern` contains (as written: compare
    lower-cased text under IGNORECASE), or None when no such set is read."""
    if flags & re.LOCALE:
        return None
    try:
        return _required(_PARSER.parse(pattern, flags))
    except (re.error, RecursionError):
        return None


def _required(sequence) -> set[str] | None:
    """The most selective of the cue sets the elements of `sequence` each require."""
    best, run = None, []
    for op, value in list(sequence) + [(None, None)]:
        if op is _C.LITERAL:
            run.append(chr(value))
            continue
        if run:
            best = _more_selective(best, {"".join(run)})
            run = []
        best = _more_selective(best, _element(op, value))
    return best


def _element(op, value) -> set[str] | None:
    """The cues of one element that every match passes through, or None."""
    if op is _C.IN:
        if value and all(kind is _C.LITERAL for kind, _ in value):
            return {chr(char) for _, char in value}
        return None
    if op is _C.SUBPATTERN:
        _, add_flags, del_flags, inner = value
        return None if add_flags or del_flags else _required(inner)
    if op is _C.ATOMIC_GROUP:
        return _required(value)
    if op is _C.BRANCH:
        options = [_required(option) for option in value[1]]
        return set().union(*options) if all(option is not None for option in options) else None
    if op in _REPEATS and value[0] >= 1:
        return _required(value[2])
    return None  # boundaries, lookarounds, classes, optional parts: no text they require


def _more_selective(kept: set[str] | None, other: set[str] | None) -> set[str] | None:
    """Of two cue sets each necessary, the one whose commonest cue is rarer (then the smaller):
    the longer a cue the rarer, and a comma is rarer than "as" (which "has" holds)."""
    if other is None or not other or not all(other):
        return kept
    if kept is None:
        return other
    return other if (_rarity(other), -len(other)) > (_rarity(kept), -len(kept)) else kept


def _rarity(cues: set[str]) -> float:
    return min(sum(1.0 if char.isalpha() else 3.5 for char in cue) for cue in cues)
