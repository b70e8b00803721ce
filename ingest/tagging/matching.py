"""Finding words fast: the automata, word-spaced text, phrase lists and trigger prefilters.

Every pass of the tagger looks for words with an Aho-Corasick automaton over the
text lower-cased with each non-word character turned into a space ("word-spaced"),
so a key with a space at each end matches whole words only and one pass finds them
all. The same idea filters the expensive checks: a trigger alternative, a negation
or a trap rule runs only where one of its required words occurs.
"""
from __future__ import annotations

import re

import ahocorasick

from ingest.taxonomy import Pattern

_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")  # quotes around a word are not part of it: "'not in a position'"
_NON_WORD = re.compile(r"\W")
_INSTITUTION = re.compile(r"\b(?:office|ministry|department|government|parliament|council|army|military|police|"
                          r"red cross|red crescent)\b",
                          re.IGNORECASE)


class Match:
    """One pattern found in a story: where, which pattern, whose (its actor or topic id,
    "" for a blocker), of which kind (the rule's: alias, name, capital, person, phrase,
    blocker), whether it names an institution (an office, ministry, army...: owned by a
    country named just before it), whether it names a place (a dateline, a venue: "met in
    Dubai"), not a party.

    A plain class (compared field by field, as a dataclass would be) that matching.pxd
    declares a typed extension class in the compiled build: a story makes dozens, and the
    loops that make and read them run in C there."""

    __slots__ = ("start", "end", "pattern", "target", "kind", "institution", "place")

    def __init__(self, start: int, end: int, pattern: Pattern, target: str, kind: str, institution: bool,
                 place: bool = False):
        self.start, self.end, self.pattern, self.target = start, end, pattern, target  # end: exclusive
        self.kind, self.institution, self.place = kind, institution, place

    def _fields(self) -> tuple:
        return self.start, self.end, self.pattern, self.target, self.kind, self.institution, self.place

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # changed by screening (`place`), so never a key

    def __repr__(self) -> str:
        return "Match(" + ", ".join(f"{name}={value!r}" for name, value in zip(self.__slots__, self._fields())) + ")"


class Key:
    """One taxonomy pattern as the automaton finds it (several may share a key): `back`,
    from the key's last character in the padded text to the match's start in the text;
    `length`, characters of the pattern in the text; `literal`, the lower-cased text to
    compare when it holds non-word characters; `exact`, the text to compare for patterns
    matched in their exact case only; `entity`, an actor (or blocker), not a topic phrase;
    `simple`, no literal, exact-case or prefix check. Typed in the compiled build (matching.pxd)."""

    __slots__ = ("pattern", "back", "length", "kind", "institution", "literal", "exact", "prefix", "entity", "simple")

    def __init__(self, pattern: Pattern, back: int, length: int, kind: str, institution: bool, literal: str | None,
                 exact: str | None, prefix: bool, entity: bool, simple: bool):
        self.pattern, self.back, self.length, self.kind, self.institution = pattern, back, length, kind, institution
        self.literal, self.exact, self.prefix, self.entity, self.simple = literal, exact, prefix, entity, simple


def find_patterns(automaton: ahocorasick.Automaton, text: str, spaced: str) -> tuple[list[Match], list[Match]]:
    """Every whole-word occurrence of a pattern, leftmost-longest per layer (entities,
    topic phrases). Keys carry their word boundaries as spaces and the text is scanned
    word-spaced, so the automaton alone enforces the boundaries."""
    entity, topic = [], []
    for last, keys in automaton.iter(spaced):
        for key in keys:
            start = last - key.back
            if key.simple:  # a plain word or phrase: the automaton's boundaries suffice
                found = entity if key.entity else topic
                found.append((start, -key.length, len(found), start + key.length, key))
                continue
            end = start + key.length
            if key.literal is not None and text[start:end].lower() != key.literal:
                continue  # "water-sharing" shares the key of "water sharing"
            if key.exact is not None and text[start:end] != key.exact:
                continue
            if key.prefix:
                while end < len(text) and text[end].isalnum():
                    end += 1  # "deport*" covers the whole word "deportations"
            found = entity if key.entity else topic
            found.append((start, start - end, len(found), end, key))
    return leftmost_longest(entity), leftmost_longest(topic, same_span_for_each_target=True)


def leftmost_longest(found: list[tuple], same_span_for_each_target: bool = False) -> list[Match]:
    """Of overlapping matches the one starting first, then the longest, then the first
    found; `found` holds (start, -length, order, end, key) tuples. So "Democratic
    Republic of the Congo" wins over the "Republic of the Congo" inside it. With
    `same_span_for_each_target`, a phrase of several topics ("credentials": recognition
    and missions) counts for each of them."""
    found.sort()
    kept, reach = [], -1
    for start, _, _, end, key in found:
        if start >= reach or (same_span_for_each_target and (start, end) == (kept[-1].start, kept[-1].end)
                              and _new_target(kept, start, key.pattern.target)):
            kept.append(Match(start, end, key.pattern, key.pattern.target, key.kind, key.institution))
            reach = end
    return kept


def _new_target(kept: list[Match], start: int, target: str) -> bool:
    """Is no match kept at `start` for `target` yet? (A loop, not all() over a generator:
    the compiled build's typed functions cannot hold one.)"""
    for match in kept:
        if match.start == start and match.target == target:
            return False
    return True


def build_pattern_automaton(patterns: list[Pattern]) -> ahocorasick.Automaton:
    """Every pattern under its whole_word_key; patterns sharing a key share its entry."""
    grouped: dict[str, list[Key]] = {}
    for pattern in patterns:
        key = whole_word_key(pattern.text, pattern.prefix)
        kind = pattern.rule.split(":", 1)[0]
        institution = bool(_INSTITUTION.search(pattern.text))
        literal = pattern.text.lower() if _NON_WORD.search(pattern.text) else None
        grouped.setdefault(key, []).append(Key(
            pattern, len(key) - key.startswith(" "), len(pattern.text), kind, institution, literal,
            exact=pattern.text if pattern.exact_case else None, prefix=pattern.prefix, entity=pattern.layer == "entity",
            simple=literal is None and not pattern.exact_case and not pattern.prefix,
        ))
    automaton = ahocorasick.Automaton()
    for key, group in grouped.items():
        automaton.add_word(key, tuple(group))
    automaton.make_automaton()
    return automaton


class PhraseSet:
    """Word lists of the taxonomy (negations, hedges, "former"...), looked up by words.

    A match's neighbourhood is split into words once; `ends`/`starts` look phrases of
    one to four words up in a set, `within` runs one expression over the joined words.
    """

    ARTICLES = {"a", "an", "the"}

    def __init__(self, phrases: list[str]):
        self.phrases = {" ".join(words(p)) or p.lower() for p in phrases}
        self.longest = max((len(p.split()) for p in self.phrases), default=0)
        alternatives = [re.escape(p) for p in sorted(self.phrases, key=len, reverse=True)]
        if "n't" in self.phrases:
            alternatives.append(r"[\w'’-]*n['’]t")  # "n't" stands for every contraction: won't, didn't
        self._within = re.compile(rf"(?<![^ ])(?:{'|'.join(alternatives)})(?![^ ])") if alternatives else None

    def ends(self, found: list[str]) -> bool:
        """Do the words end with a phrase (an article may follow it: "former a" no, "in the" yes)?"""
        if found and found[-1] in self.ARTICLES:
            found = found[:-1]
        return any(" ".join(found[-n:]) in self.phrases for n in range(1, min(self.longest, len(found)) + 1))

    def starts(self, found: list[str], skip: int = 0) -> bool:
        """Do the words start with a phrase, after at most `skip` other words?"""
        for offset in range(min(skip, len(found)) + 1):
            rest = found[offset:]
            if any(" ".join(rest[:n]) in self.phrases for n in range(1, min(self.longest, len(rest)) + 1)):
                return True
        return False

    def keyed_phrases(self) -> list[tuple[str, tuple[str, ...]]]:
        """Per phrase, a word-spaced key (see word_spaced) that occurs wherever it does (its
        longest word with its word boundaries; "n't" ends a word), and the word-spaced parts
        of its other words: "once the" is keyed by " once " and needs "the" in the story too."""
        keyed = []
        for phrase in self.phrases:
            others = phrase.split()
            word = max(others, key=len)
            others.remove(word)
            key = whole_word_key(word)
            keyed.append((key.lstrip() if word in ("n't", "n’t") else key,
                          tuple(part for other in others for part in word_spaced(other).split())))
        return keyed

    def within(self, found: list[str]) -> bool:
        """Does any phrase occur in the words?"""
        return self._within is not None and self._within.search(" ".join(found)) is not None

    def without(self, found: list[str]) -> list[str]:
        """The words with every phrase of the set taken out."""
        if self._within is None or not self.within(found):
            return found
        return self._within.sub(" ", " ".join(found)).split()


def word_finder(lists: dict[str, PhraseSet]) -> ahocorasick.Automaton:
    """One automaton for the words of several phrase lists, to learn in one pass where
    a story has any of them. Each key maps to its length, the lists it stands for on its
    own (a phrase of one word), and per other list the other words its phrases need."""
    alone: dict[str, set[str]] = {}
    needing: dict[str, dict[str, set[tuple[str, ...]]]] = {}
    for role, phrases in lists.items():
        for key, others in phrases.keyed_phrases():
            alone.setdefault(key, set())
            if others:
                needing.setdefault(key, {}).setdefault(role, set()).add(others)
            else:
                alone[key].add(role)
    automaton = ahocorasick.Automaton()
    for key, roles in alone.items():
        conditional = tuple((role, others) for role, needs in needing.get(key, {}).items() if role not in roles
                            for others in sorted(needs))
        automaton.add_word(key, (len(key), frozenset(roles), conditional))
    if alone:
        automaton.make_automaton()
    return automaton


def find_words(finder: ahocorasick.Automaton, spaced: str) -> list[tuple[int, frozenset]]:
    """(position in the text, lists) for every word of `finder` in the word-spaced text;
    the position is the word's start after a leading space, else the key's second
    character (never before the text's start, never outside the word's sentence).

    A list counts only where the story also holds the other words of one of its phrases
    with this word ("once the" needs "the"; see _lists_let_in)."""
    if not len(finder):
        return []
    found, settled = [], {}  # per key: the lists it lets in, worked out once a story
    for last, key in finder.iter(spaced):
        roles = settled.get(id(key))
        if roles is None:
            roles = settled[id(key)] = _lists_let_in(key, spaced)
        if roles:
            found.append((last - key[0] + 1, roles))
    return found


def _lists_let_in(key: tuple[int, frozenset, tuple], spaced: str) -> frozenset:
    """The lists a key stands for in this story: parts of words are looked for anywhere in
    it, so no phrase the words could hold is dropped. "İ" lower-cases to two characters, so
    the words could hold what `spaced` does not show: then every list counts."""
    _, roles, conditional = key
    if not conditional:
        return roles
    exact = "\u0130" not in spaced
    for role, parts in conditional:
        for part in parts:
            if exact and part not in spaced:
                break
        else:
            roles = roles | {role}
    return roles


def near(hits: list[tuple[int, frozenset]], start: int, end: int, window: int) -> tuple[set[str], set[str]]:
    """The lists with a word within `window` characters before `start`, and those with
    one within `window` characters after `end`. Only a filter for the checks that
    look at the words themselves."""
    before, after = set(), set()
    for position, roles in hits:
        if start - window <= position < start:
            before |= roles
        elif end - 2 <= position <= end + window:
            after |= roles
    return before, after


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased (hyphens and apostrophes stay inside words, quote
    marks around them do not)."""
    return _WORD.findall(text.lower())


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def whole_word_key(text: str, prefix: bool = False) -> str:
    """`text` as an automaton key over word-spaced text (see word_spaced), with a space
    for each word boundary it needs: " kremlin " (a whole word), " deport" (a prefix).
    A match of the key starts len(key) - key.startswith(" ") characters before its last
    character, in the text's own positions."""
    opens = is_word_char(text[0])
    closes = is_word_char(text[-1]) and not prefix
    return (" " if opens else "") + word_spaced(text)[1:-1] + (" " if closes else "")


_ASCII_SPACED = bytes(c if is_word_char(chr(c)) else ord(" ") for c in range(256))


def word_spaced(text: str) -> str:
    """`text` lower-cased, every non-word character a space, padded by one space each
    side; position i of `text` is position i + 1 here."""
    lower = _lower_keep_length(text)
    if lower.isascii():
        return f" {lower.encode('ascii').translate(_ASCII_SPACED).decode('ascii')} "
    return f" {_NON_WORD.sub(' ', lower)} "


# Letters that re.IGNORECASE matches with an ASCII letter but str.lower() leaves apart
# ("ſ" for "s", dotted and dotless i): text holding one is matched with IGNORECASE instead.
_CASE_FOLD_ONLY = re.compile("[\u0130\u0131\u017f]")


def lowercase_pattern(pattern: str) -> str:
    """`pattern` with every letter outside its escapes lower-cased. On lower-cased text
    (see caseless) it finds what `pattern` with re.IGNORECASE finds in the text, at the
    same positions, in about half the time: re then compares characters as they are."""
    kept, index = [], 0
    while index < len(pattern):
        if pattern[index] == "\\":
            width = {"x": 4, "u": 6, "U": 10}.get(pattern[index + 1:index + 2], 2)
            kept.append(pattern[index:index + width])
            index += width
        else:
            kept.append(pattern[index].lower())
            index += 1
    return "".join(kept).replace("(?p<", "(?P<").replace("(?p=", "(?P=")  # named groups keep their P


def caseless(text: str) -> str | None:
    """`text` lower-cased with its length kept, for the expressions of lowercase_pattern;
    None when only re.IGNORECASE would match it as the original expression does."""
    lower = text.lower()
    if not text.isascii() and (len(lower) != len(text) or _CASE_FOLD_ONLY.search(text)):
        return None  # (ASCII text holds neither)
    return lower


def _lower_keep_length(text: str) -> str:
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
