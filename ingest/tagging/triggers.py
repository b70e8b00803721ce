"""The taxonomy's triggers, indexed for speed: each trigger expression split into its
alternatives, each alternative with the words one of which its every match holds (read
from the parsed expression, so an edited expression keeps a correct filter), and the
words one of which its every match starts with. Most sentences hold none of a trigger's
words and run no expression at all (events.EventFinder); in the others, an alternative
is tried only where one of its opening words stands (one `match` there), not searched for.
"""
from __future__ import annotations

import functools
import re

import ahocorasick

from ingest.tagging.matching import is_word_char, lowercase_pattern, word_spaced
from ingest.taxonomy import TaxonomyError, Trigger

_NOWHERE = 1 << 62  # a position after the end of any sentence


class TriggerIndex:
    """The taxonomy's triggers, split into alternatives, each with its required words."""

    def __init__(self, triggers: list[Trigger]):
        self.triggers = triggers
        self.alternatives = [(index, part) for index, trigger in enumerate(triggers)
                             for part in split_alternatives(trigger.regex.pattern)]
        for index, part in self.alternatives:
            if parsed(part).getwidth()[0] == 0:
                raise TaxonomyError(f"[[triggers]] #{index + 1}: the alternative {part!r} can match no text at all")
        keywords = [required_words(part) for _, part in self.alternatives]
        openings = [leading_words(part) for _, part in self.alternatives]
        self.always_on = frozenset(i for i, found in enumerate(keywords) if found is None)
        self.unanchored = frozenset(i for i, found in enumerate(openings) if found is None)
        self.words = keyword_automaton(keywords, openings)
        lengths = [len(word) for found in keywords for word in found or ()]
        lengths += [len(word) for found in openings for word, _ in found or ()]
        self._longest = max(lengths, default=0) + 2
        self._patterns: dict[tuple[int, bool], re.Pattern] = {}

    def hits(self, spaced: str, sentence_starts: list[int]) -> dict[int, set[int]]:
        """Per sentence, the trigger alternatives whose required words it holds."""
        ends = sentence_starts[1:] + [len(spaced)]
        found = {index: self.hits_in(spaced, start, end) for index, (start, end) in enumerate(zip(sentence_starts, ends))}
        return {index: alternatives for index, alternatives in found.items() if alternatives}

    def hits_in(self, spaced: str, start: int, end: int) -> set[int]:
        """The trigger alternatives whose required words start in text[start:end] (one
        sentence: the story's other sentences are not looked at)."""
        return self.scan(spaced, start, end)[0]

    def scan(self, spaced: str, start: int, end: int) -> tuple[set[int], list[tuple[int, int]]]:
        """hits_in, and (position in the text, alternative) for each opening word (see
        leading_words) in text[start:end]: where that alternative may match."""
        found: set[int] = set()
        openings: list[tuple[int, int]] = []
        for last, (length, alternatives, opened) in self.words.iter(spaced, start, min(len(spaced), end + self._longest)):
            position = last - length + 1  # in the text: the word after a leading space, or the key's second character
            if position < end:
                found |= alternatives
                for alternative, back in opened:
                    openings.append((position - back, alternative))
        return found, openings

    def matches(self, sentence: str, offset: int, alternatives: set[int], openings: list[tuple[int, int]],
                lowered: bool) -> list[re.Match]:
        """What one expression of the alternatives (and those always on) finds in the
        sentence (at `offset` in the text), as its finditer would: leftmost first, the first
        alternative in taxonomy order at a position, no overlaps. Each alternative is its
        own expression, compiled once (one expression per set of alternatives took ~2 ms to
        compile, for nearly every sentence of real text), tried only at its opening words
        (`openings`, from scan) when it has them and the sentence is lower-cased, else searched.
        Each match's `lastgroup` names its trigger ("t3").
        `lowered`: for the sentence lower-cased (matching.caseless), else IGNORECASE."""
        chosen = self.always_on.union(alternatives)
        candidates = sorted({(position - offset, alternative) for position, alternative in openings
                             if alternative in chosen}) if lowered else []
        searched = sorted(chosen if not lowered else chosen & self.unanchored)
        if not searched:  # the usual case: each alternative tried where it may start
            found, reach = [], 0
            for position, alternative in candidates:
                if position >= reach and (match := self._pattern(alternative, lowered).match(sentence, position)):
                    found.append(match)
                    reach = match.end()
            return found
        return self._merged(sentence, candidates, searched, lowered)

    def _merged(self, sentence: str, candidates: list[tuple[int, int]], searched: list[int],
                lowered: bool) -> list[re.Match]:
        """matches() where some alternatives are searched for: per position, the candidates
        there and the searched alternatives whose next match starts there, in taxonomy order."""
        patterns = [self._pattern(alternative, lowered) for alternative in searched]
        upcoming = [pattern.search(sentence) for pattern in patterns]
        found, reach, next_candidate = [], 0, 0
        while True:
            for k, match in enumerate(upcoming):
                if match is not None and match.start() < reach:
                    upcoming[k] = patterns[k].search(sentence, reach)
            while next_candidate < len(candidates) and candidates[next_candidate][0] < reach:
                next_candidate += 1
            position = min([match.start() for match in upcoming if match is not None]
                           + [candidates[next_candidate][0] if next_candidate < len(candidates) else _NOWHERE])
            if position == _NOWHERE:
                return found
            tried = {alternative: None for p, alternative in candidates[next_candidate:] if p == position}
            tried.update({alternative: match for alternative, match in zip(searched, upcoming)
                          if match is not None and match.start() == position})
            match = None
            for alternative in sorted(tried):
                match = tried[alternative] or self._pattern(alternative, lowered).match(sentence, position)
                if match is not None:
                    break
            if match is not None:
                found.append(match)
            reach = match.end() if match is not None else position + 1

    def _pattern(self, alternative: int, lowered: bool) -> re.Pattern:
        """The alternative as one expression: behind a word boundary, like every alternative
        (the alternative's own leading \\b holds there already and is left out), an empty
        group after it naming its trigger."""
        found = self._patterns.get((alternative, lowered))
        if found is None:
            trigger, part = self.alternatives[alternative]
            expression = rf"\b(?:{_unbounded(part)})(?P<t{trigger}>)"
            found = self._patterns[alternative, lowered] = (re.compile(lowercase_pattern(expression)) if lowered
                                                            else re.compile(expression, re.IGNORECASE))
        return found


def _unbounded(alternative: str) -> str:
    """The alternative without its leading word boundary (TriggerIndex._pattern asserts it)."""
    unquantified = alternative[2:3] not in ("?", "*", "+", "{")
    return alternative[2:] if alternative.startswith("\\b") and unquantified else alternative


def keyword_automaton(keywords: list[set[str] | None],
                      openings: list[set[tuple[str, int]] | None]) -> ahocorasick.Automaton:
    """Keyword (word-spaced like the text) -> its length, the trigger alternatives that
    need it (matched anywhere, not as whole words: it is only a filter) and those that
    may open with it, each with how far before the key's second character it starts
    (see leading_words)."""
    by_word: dict[str, tuple[set[int], set[tuple[int, int]]]] = {}
    for index, found in enumerate(keywords):
        for word in found or ():
            by_word.setdefault(word_spaced(word)[1:-1], (set(), set()))[0].add(index)
    for index, found in enumerate(openings):
        for word, back in found or ():
            by_word.setdefault(word, (set(), set()))[1].add((index, back))
    automaton = ahocorasick.Automaton()
    for word, (needing, opening) in by_word.items():
        automaton.add_word(word, (len(word), frozenset(needing), tuple(sorted(opening))))
    if by_word:
        automaton.make_automaton()
    return automaton


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a trigger expression ("a|b(c|d)" -> "a", "b(c|d)"),
    so that each is run only where its own required word occurs."""
    parts, current, depth, in_class, index = [], [], 0, False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current.append(pattern[index:index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    try:
        for part in parts:
            re.compile(part)
    except re.error:
        return [pattern]  # something this splitter does not understand: keep it whole
    return parts



@functools.lru_cache(maxsize=4096)
def parsed(pattern: str):
    """The parsed alternative (read, never changed): the width check, required_words and
    leading_words each read it, and parsing is most of their cost when a tagger is built."""
    return re._parser.parse(pattern, re.IGNORECASE)


# Opening words: at most this many characters of each, at most this many per alternative.
_OPENING_LENGTH, _MOST_OPENINGS = 6, 64


def leading_words(pattern: str) -> set[tuple[str, int]] | None:
    """Word-spaced keys one of which starts every match of the alternative `pattern` in
    lower-cased text (matching.caseless), each with how far before the key's second
    character the match starts. A word is keyed with a space for the word boundary every
    alternative runs behind: (" recogn", 0), the match starts at the word. A non-word
    character is a space in word-spaced text: ("-hosted" is) (" hoste", 1), the match
    starts at the hyphen. None when the parsed expression does not show them (a class
    such as \\w first, too many ways to start)."""
    try:
        found = _leading(list(parsed(pattern)), _OPENING_LENGTH)
    except RecursionError:
        return None
    found = {start for start in found if not any(start.startswith(other) for other in found if other != start)}
    if len(found) > _MOST_OPENINGS or any(len(start) < (2 if is_word_char(start[:1]) else 3) for start in found):
        return None
    return {(" " + word_spaced(start)[1:-1], 0) if is_word_char(start[0]) else (word_spaced(start)[1:-1], 1)
            for start in found}


def _leading(sequence, room: int) -> set[str]:
    """Lower-case strings (at most `room` characters) one of which every match of the
    parsed `sequence` starts with; a string ends early where the next element is not
    read, so "" where a match may start with anything (or be empty)."""
    if room == 0 or not sequence:
        return {""}
    constants = re._constants
    (op, value), rest = sequence[0], sequence[1:]
    if op is constants.LITERAL:
        return _prefixed({chr(value).lower()}, _leading(rest, room - 1))
    if op is constants.IN and 0 < len(value) <= 4 and all(kind is constants.LITERAL for kind, _ in value):
        return _prefixed({chr(char).lower() for _, char in value}, _leading(rest, room - 1))
    if op in (constants.AT, constants.ASSERT, constants.ASSERT_NOT):
        return _leading(rest, room)  # no text of its own
    if op is constants.SUBPATTERN and not value[1] and not value[2]:
        return _leading(list(value[3]) + rest, room)
    if op is constants.BRANCH:
        return set().union(*(_leading(list(option) + rest, room) for option in value[1]))
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _, body = value
        once = _leading(list(body), room)  # how the first repetition starts: a prefix of the match
        return once if low >= 1 else once | _leading(rest, room)
    return {""}  # a class, a group reference, a change of flags...: the strings end here


def _prefixed(firsts: set[str], rests: set[str]) -> set[str]:
    if len(firsts) * len(rests) > _MOST_OPENINGS:
        return firsts  # shorter strings, still the starts of every match
    return {first + rest for first in firsts for rest in rests}


def required_words(pattern: str) -> set[str] | None:
    """Lower-case strings one of which every match of `pattern` contains, or None.

    Read from the parsed expression: for each alternative, the first literal run of at
    least three characters that no match can skip, with a space for a word boundary
    the expression demands before or after it (" met "), since the text is searched
    word-spaced. A run that always follows a non-word character (a literal space, "\\s",
    a repeat of words ending in a space) starts a word too: "aid" after "(?:\\S+ ){0,6}?"
    is " aid", which "said" does not hold. Every alternative runs behind a word boundary (see
    TriggerIndex._pattern). Only a filter: a sentence without any of them cannot match,
    so its expression is not run.
    """
    alternatives = [list(parsed(pattern))]
    if len(alternatives[0]) == 1 and alternatives[0][0][0] is re._constants.BRANCH:
        alternatives = alternatives[0][0][1][1]
    found: set[str] = set()
    for alternative in alternatives:
        first = _first_required(list(alternative), after_boundary=True)
        if first is None:
            return None
        found |= first
    return found


def _first_required(sequence, after_boundary: bool) -> set[str] | None:
    constants = re._constants
    run: list[str] = []
    opens = bounded = after_boundary  # bounded: the previous element was a word boundary
    for op, value in sequence + [(None, None)]:
        if op is constants.LITERAL:
            if not run:
                opens = bounded and is_word_char(chr(value))
            run.append(chr(value).lower())
            bounded = not is_word_char(chr(value))  # a word after it starts a word
            continue
        boundary = op is constants.AT and value is constants.AT_BOUNDARY
        if len(run) >= 3:
            closes = boundary and is_word_char(run[-1])
            return {(" " if opens else "") + "".join(run) + (" " if closes else "")}
        inner_bounded = bounded
        run = []
        bounded = boundary or _ends_off_word(op, value, bounded)
        inner = None
        if op is constants.SUBPATTERN:
            inner = _first_required(list(value[3]), inner_bounded)
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and value[0] >= 1:
            inner = _first_required(list(value[2]), inner_bounded)
        elif op is constants.BRANCH:
            options = [_first_required(list(branch), inner_bounded) for branch in value[1]]
            inner = set().union(*options) if all(options) else None
        if inner:
            return inner
    return None


def _ends_off_word(op, value, before: bool) -> bool:
    """Does every match of the parsed element (op, value) end with a non-word character?
    `before`: whether the text before the element does (what an element matching
    nothing leaves). No, where it is not read (the filter is then as before)."""
    constants = re._constants
    if op is constants.SUBPATTERN:
        return _sequence_ends_off_word(list(value[3]), before)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        return _sequence_ends_off_word(list(value[2]), False) and (value[0] >= 1 or before)
    if op is constants.BRANCH:
        return all(_sequence_ends_off_word(list(branch), before) for branch in value[1])
    if op is constants.IN:
        return bool(value) and all(
            (kind is constants.LITERAL and not is_word_char(chr(item)))
            or (kind is constants.CATEGORY and item in (constants.CATEGORY_SPACE, constants.CATEGORY_NOT_WORD))
            for kind, item in value)
    return op is constants.LITERAL and not is_word_char(chr(value))


def _sequence_ends_off_word(sequence, before: bool) -> bool:
    ends = before
    for op, value in sequence:
        ends = _ends_off_word(op, value, ends)
    return ends
