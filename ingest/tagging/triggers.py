"""The taxonomy's triggers, indexed for speed: each trigger expression split into its
alternatives, each alternative with the words one of which its every match holds (read
from the parsed expression, so an edited expression keeps a correct filter), and one
combined expression per set of alternatives a sentence can match. Most sentences hold
none of a trigger's words and run no expression at all (events.EventFinder).
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Collection

import ahocorasick

from ingest.tagging.matching import is_word_char, labelled_automaton, lowercase_pattern, word_spaced
from ingest.taxonomy import Trigger


class TriggerIndex:
    """The taxonomy's triggers, split into alternatives, each with its required words."""

    def __init__(self, triggers: list[Trigger]):
        self.triggers = triggers
        self.alternatives = [(index, part) for index, trigger in enumerate(triggers)
                             for part in split_alternatives(trigger.regex.pattern)]
        keywords = [required_words(part) for _, part in self.alternatives]
        self.always_on = frozenset(i for i, found in enumerate(keywords) if found is None)
        self.words = keyword_automaton(keywords)
        self._longest = max((len(word) for found in keywords for word in found or ()), default=0) + 2
        self._compiled: dict[tuple[frozenset[int], bool], re.Pattern] = {}

    def hits(self, spaced: str, sentence_starts: list[int]) -> dict[int, set[int]]:
        """Per sentence, the trigger alternatives whose required words it holds."""
        ends = sentence_starts[1:] + [len(spaced)]
        found = {index: self.hits_in(spaced, start, end) for index, (start, end) in enumerate(zip(sentence_starts, ends))}
        return {index: alternatives for index, alternatives in found.items() if alternatives}

    def hits_in(self, spaced: str, start: int, end: int) -> set[int]:
        """The trigger alternatives whose required words start in text[start:end] (one
        sentence: the story's other sentences are not looked at)."""
        found: set[int] = set()
        for last, (length, alternatives) in self.words.iter(spaced, start, min(len(spaced), end + self._longest)):
            if last - length + 1 < end:  # in the text: the word after a leading space, or the key's second character
                found |= alternatives
        return found

    def expression(self, alternatives: Collection[int], lowered: bool) -> re.Pattern:
        """One expression for the alternatives that can match a sentence. They keep
        taxonomy order, so the first matching at a position wins as it would among
        all; the leading \\b lets the engine skip every position that starts no word.
        An alternative's own leading \\b holds there already and is left out, so re skips
        an alternative by its first letter; each trigger's group is an empty one after its
        alternatives, which `lastgroup` names as before.
        `lowered`: for the sentence lower-cased (matching.caseless), else IGNORECASE."""
        chosen = self.always_on.union(alternatives)
        found = self._compiled.get((chosen, lowered))
        if found is None:
            if len(self._compiled) > 10_000:
                self._compiled.clear()
            active = sorted(chosen)
            groups = itertools.groupby(active, key=lambda i: self.alternatives[i][0])
            expression = "|".join(f"(?:{'|'.join(_unbounded(self.alternatives[i][1]) for i in members)})(?P<t{trigger}>)"
                                  for trigger, members in groups) or "(?!x)x"
            expression = rf"\b(?:{expression})"
            found = self._compiled[chosen, lowered] = (re.compile(lowercase_pattern(expression)) if lowered
                                                       else re.compile(expression, re.IGNORECASE))
        return found


def _unbounded(alternative: str) -> str:
    """The alternative without its leading word boundary (TriggerIndex.expression asserts it)."""
    unquantified = alternative[2:3] not in ("?", "*", "+", "{")
    return alternative[2:] if alternative.startswith("\\b") and unquantified else alternative


def keyword_automaton(keywords: list[set[str] | None]) -> ahocorasick.Automaton:
    """Keyword (word-spaced like the text) -> its length and the trigger alternatives
    that need it. Matched anywhere, not as whole words: it is only a filter."""
    by_word: dict[str, set[int]] = {}
    for index, found in enumerate(keywords):
        for word in found or ():
            by_word.setdefault(word_spaced(word)[1:-1], set()).add(index)
    return labelled_automaton(by_word)


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


def required_words(pattern: str) -> set[str] | None:
    """Lower-case strings one of which every match of `pattern` contains, or None.

    Read from the parsed expression: for each alternative, the first literal run of at
    least three characters that no match can skip, with a space for a word boundary
    the expression demands before or after it (" met "), since the text is searched
    word-spaced. A run that always follows a non-word character (a literal space, "\\s",
    a repeat of words ending in a space) starts a word too: "aid" after "(?:\\S+ ){0,6}?"
    is " aid", which "said" does not hold. Every alternative runs behind a word boundary (see
    events.TriggerIndex). Only a filter: a sentence without any of them cannot match,
    so its expression is not run.
    """
    alternatives = [list(re._parser.parse(pattern, re.IGNORECASE))]
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
