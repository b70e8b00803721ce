"""Tag a story with actors, topics and, per foreign actor, an engagement level.

One Aho-Corasick automaton finds every actor alias, blocker and topic phrase in a
single pass over the text; matches are then assigned to sentences. Context rules
handle the known traps (datelines, commentators, capitals used as places, names
inside other names). Engagement needs, in one sentence, a foreign actor, the
Taliban side and a trigger that is neither negated nor hedged. Every tag keeps the
text and the rule that produced it, so the dashboard can say why.

Speed comes from not running rules where they cannot apply: more automaton passes
tell where each trigger alternative's required word, each negation or hedge word and
each trap word occurs, and the rules run only there (tests/test_tagger.py proves the
results equal running everything). Setup also compiles this file with Cython
(scripts/build_tagger.py); the end of this module picks that build when it matches.
"""
from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from ingest.taxonomy import COUNTERPART, LEVEL_SCORES, NON_ENGAGING, Pattern, Taxonomy, load_taxonomy

_ABBREVIATIONS = ("U.S.", "U.N.", "U.K.", "E.U.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.",
                  "St.", "Lt.", "Col.", "Gov.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
                  "No.", "Prof.", "Sgt.", "Capt.", "Maj.", "U.A.E.", "Jr.", "approx.", "vs.")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)]*\s+|\n+")
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40})?\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s"
)
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\bbut\b|\bwhile\b|\balthough\b|\bwhereas\b|\beven as\b")
_WORD = re.compile(r"[\w'’-]+")
# Between a trigger and its agent: "accredited last month by Germany", "deportations from Germany".
_AGENT_GAP = re.compile(r"^\W*(?:(?:\w+\W+){0,3}?by\W+(?:\w+\W+){0,3}|\s+(?:from|with)\s+(?:the\s+)?)$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY_AGENT = re.compile(r"\s+by\s")
_INTRODUCTORY = re.compile(r"\s*(?:Despite|After|Before|While|Having|Following|Unlike|Since|Although|Besides|"
                           r"Along with|In addition to|Apart from|Days after|Weeks after|Months after)\b")
_RELATIVE_BREAK = re.compile(r"[;—–]|,\s+(?:which|who|whose|where|while|but|although|as|saying|calling|adding|"
                             r"according|meant|aimed|intended)\b|\s(?:while|but|although|whereas)\s")
_IMMEDIATE_SUBJECT = re.compile(r"\s+(?:(?:had|have|has|will|would|also|then|later|quickly|swiftly)\s+)?",
                                re.IGNORECASE)
_POSSESSIVE_GAP = re.compile(r"(?:['’]s)? (?:(?:new|own|top|then) )?")
_INSTITUTION = re.compile(r"\b(?:office|ministry|department|government|parliament|council|army|military|police)\b",
                          re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", re.IGNORECASE)
_COUNTERPART_WORDS = re.compile(
    r"\b(?:Afghan\w*|Kabul|the regime|the group|the movement|the government|de facto)\b", re.IGNORECASE
)


@dataclass(slots=True)
class ActorTag:
    actor: str
    evidence: str
    rule: str


@dataclass(slots=True)
class TopicTag:
    topic: str
    score: float
    evidence: str
    rule: str


@dataclass(slots=True)
class EngagementTag:
    actor: str
    level: str
    score: float
    evidence: str
    rule: str


@dataclass(frozen=True)
class TagResult:
    version: str
    actors: list[ActorTag] = field(default_factory=list)
    topics: list[TopicTag] = field(default_factory=list)
    engagement: list[EngagementTag] = field(default_factory=list)

    @property
    def actor_ids(self) -> list[str]:
        return [a.actor for a in self.actors]

    @property
    def topic_ids(self) -> list[str]:
        return [t.topic for t in self.topics]


@dataclass(slots=True)
class _Match:
    start: int
    end: int  # exclusive
    pattern: Pattern
    target: str  # the pattern's actor or topic id, "" for a blocker
    kind: str  # the rule's kind: alias, name, capital, person, phrase, blocker
    institution: bool  # an office, ministry, army...: owned by a country named just before it


@dataclass(slots=True, frozen=True)
class _Key:
    """One taxonomy pattern as the automaton finds it (several may share a key)."""
    pattern: Pattern
    back: int  # from the key's last character in the padded text to the match's start in the text
    length: int  # characters of the pattern in the text
    kind: str
    institution: bool
    literal: str | None  # the lower-cased text to compare, when it holds non-word characters
    exact: str | None  # the text to compare, for patterns matched in their exact case only
    prefix: bool
    entity: bool  # an actor (or blocker), not a topic phrase
    simple: bool  # no literal, exact-case or prefix check


class _Sentences:
    """A story's text with its sentence spans, to find the sentence around a position."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self.starts = [start for start, _ in spans]
        self._evidence: dict[int, str] = {}

    def around(self, position: int) -> str:
        """The sentence holding `position`, as evidence (at most 600 characters)."""
        index = max(bisect.bisect_right(self.starts, position) - 1, 0)
        evidence = self._evidence.get(index)
        if evidence is None:
            start, end = self.spans[index]
            evidence = self._evidence[index] = self.text[start:end].strip()[:600]
        return evidence


class Tagger:
    """Applies one taxonomy; build once (the automaton takes ~50 ms), tag many stories."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.version = taxonomy.version
        self._automaton = _build_automaton(taxonomy.patterns)
        settings = taxonomy.settings
        self._threshold = float(settings.get("topic_threshold", 2.0))
        self._title_weight = float(settings.get("title_weight", 1.5))
        self._commentator_before = PhraseSet(settings.get("commentator_before", []))
        self._commentator_after = PhraseSet(settings.get("commentator_after", []))
        self._institution_before = PhraseSet(settings.get("institution_before", []))
        self._place_before = PhraseSet(settings.get("place_before", []))
        self._host_before = PhraseSet(settings.get("host_before", []))
        self._negation_before = PhraseSet(taxonomy.negation_before)
        self._negation_after = PhraseSet(taxonomy.negation_after)
        self._hedges = PhraseSet(taxonomy.hedges)
        self._cancel_words = _word_finder({"before": self._negation_before, "hedge": self._hedges,
                                           "after": self._negation_after})
        self._context_words = _word_finder({"commentator_before": self._commentator_before,
                                            "commentator_after": self._commentator_after,
                                            "institution_before": self._institution_before})
        self._triggers = taxonomy.triggers
        self._alternatives = [(index, part) for index, trigger in enumerate(taxonomy.triggers)
                              for part in split_alternatives(trigger.regex.pattern)]
        keywords = [required_words(part) for _, part in self._alternatives]
        self._always_on = frozenset(i for i, words in enumerate(keywords) if words is None)
        self._trigger_words = _keyword_automaton(keywords)
        self._trigger_sets: dict[tuple[int, ...], tuple[re.Pattern, tuple[float, float]]] = {}

    @classmethod
    def from_file(cls, path: Path) -> Tagger:
        return cls(load_taxonomy(path))

    def tag(self, title: str, summary: str) -> TagResult:
        """Actors, topics and engagement for a story's title and summary (plain text)."""
        text = f"{title.strip()}\n{summary.strip()}" if summary.strip() else title.strip()
        title_end = len(title.strip())
        spaced = word_spaced(text)
        sentences = _Sentences(text, split_sentences(text))
        entity, topic = self._find(text, spaced)
        entity = self._drop_traps(text, spaced, entity)
        actors = _first_mention_per_actor(entity, sentences)
        topics = self._topics(topic, sentences, title_end)
        engagement = self._engagement(entity, sentences, spaced)
        return TagResult(version=self.version, actors=actors, topics=topics, engagement=engagement)

    # -- matching ---------------------------------------------------------------------------

    def _find(self, text: str, spaced: str) -> tuple[list[_Match], list[_Match]]:
        """Every whole-word occurrence of a pattern, leftmost-longest per layer. Keys carry
        their word boundaries as spaces and the text is scanned with every non-word
        character turned into a space, so the automaton alone enforces the boundaries."""
        entity, topic = [], []
        for last, keys in self._automaton.iter(spaced):
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
        return _leftmost_longest(entity), _leftmost_longest(topic)

    def _drop_traps(self, text: str, spaced: str, matches: list[_Match]) -> list[_Match]:
        """Drop matches that are places, commentators or parts of other names.

        A check runs only when one of its words occurs near the match, which is rare.
        """
        context = _find_words(self._context_words, spaced)  # usually empty
        dateline = _DATELINE.match(text[text.find("\n") + 1:] if "\n" in text else text)
        dateline_span = (0, 0)
        if dateline:
            offset = text.find("\n") + 1 if "\n" in text else 0
            dateline_span = (offset, offset + dateline.end())
        kept: list[_Match] = []
        previous: _Match | None = None
        for match in matches:
            if not match.target:  # a blocker: it only shields what it covers
                previous = None
                continue
            owned_by_previous = (match.institution and previous is not None and previous.target != match.target
                                 and _POSSESSIVE_GAP.fullmatch(text[previous.end:match.start]))
            previous = match
            if owned_by_previous:
                continue  # "Pakistan's foreign office" is Pakistan's, not the UK Foreign Office
            if dateline_span[0] <= match.start < dateline_span[1]:
                continue
            is_capital = match.kind == "capital" and match.target != COUNTERPART
            before_near, after_near = _near(context, match.start, match.end, _CONTEXT_WINDOW) if context else ((), ())
            if not (before_near or after_near or is_capital):
                kept.append(match)
                continue
            before = _words(text[max(0, match.start - 40):match.start])
            if match.kind in ("alias", "name") and (
                ("commentator_before" in before_near and self._commentator_before.ends(before))
                or ("commentator_after" in after_near
                    and self._commentator_after.starts(_words(text[match.end:match.end + 40]), skip=1))
            ):
                continue
            if "institution_before" in before_near and self._institution_before.ends(before):
                continue
            if is_capital and self._is_place(before):
                continue
            kept.append(match)
        return kept

    def _is_place(self, before: list[str]) -> bool:
        """A capital after "in", "near"... is a place, unless diplomacy happens there."""
        if not self._place_before.ends(before):
            return False
        return not self._host_before.ends(before[:-1])

    # -- topics -----------------------------------------------------------------------------

    def _topics(self, matches: list[_Match], sentences: _Sentences, title_end: int) -> list[TopicTag]:
        best: dict[str, dict[str, tuple[float, _Match]]] = {}
        for match in matches:
            weight = match.pattern.weight * (self._title_weight if match.start < title_end else 1.0)
            phrases = best.setdefault(match.target, {})
            if weight > phrases.get(match.pattern.rule, (0.0, None))[0]:
                phrases[match.pattern.rule] = (weight, match)
        tags = []
        for topic, phrases in best.items():
            score = sum(weight for weight, _ in phrases.values())
            if score < self._threshold:
                continue
            strongest = max(phrases.values(), key=lambda item: item[0])[1]
            rule = "+".join(sorted(rule.split(":", 1)[1] for rule in phrases))
            tags.append(TopicTag(topic, round(score, 2), sentences.around(strongest.start), f"phrases:{rule}"))
        return sorted(tags, key=lambda t: -t.score)

    # -- engagement -------------------------------------------------------------------------

    def _engagement(self, matches: list[_Match], sentences: _Sentences, spaced: str) -> list[EngagementTag]:
        foreign_by_sentence: dict[int, list[_Match]] = {}
        counterpart_by_sentence: dict[int, list[_Match]] = {}
        starts = sentences.starts
        for match in matches:
            if match.target == COUNTERPART:
                counterpart_by_sentence.setdefault(bisect.bisect_right(starts, match.start) - 1, []).append(match)
            elif match.target not in NON_ENGAGING:
                foreign_by_sentence.setdefault(bisect.bisect_right(starts, match.start) - 1, []).append(match)
        best: dict[str, EngagementTag] = {}
        keyword_hits = None
        for index, foreign in sorted(foreign_by_sentence.items()):
            if index < 0:
                continue
            start, end = sentences.spans[index]
            sentence = sentences.text[start:end]
            counterpart = counterpart_by_sentence.get(index, [])
            if not counterpart and not _COUNTERPART_WORDS.search(sentence):
                continue
            if keyword_hits is None:
                keyword_hits = self._keyword_hits(spaced, starts)
                cancel_hits = _find_words(self._cancel_words, spaced)
            triggers, ceiling = self._triggers_for(keyword_hits.get(index, ()))
            if all(actor in best and _rank(best[actor]) >= ceiling for actor in {m.target for m in foreign}):
                continue  # no trigger here could beat what these actors already have (a title repeated in the lead)
            cancelling = [(position - start, roles) for position, roles in cancel_hits if start <= position < end]
            for tag in self._sentence_engagement(sentence, start, triggers, cancelling, foreign, counterpart):
                current = best.get(tag.actor)
                if current is None or _stronger(tag, current):
                    best[tag.actor] = tag
        return sorted(best.values(), key=lambda t: t.actor)

    def _sentence_engagement(self, sentence: str, offset: int, triggers: re.Pattern, cancelling: list[tuple[int, frozenset]],
                             foreign: list[_Match], counterpart: list[_Match]):
        tags, evidence = [], None
        for found in triggers.finditer(sentence):
            trigger = self._triggers[int(found.lastgroup[1:])]
            if cancelling and self._cancelled(sentence, found, trigger.hedged, cancelling):
                continue
            actors = _acting_actors(trigger, found, offset, foreign, counterpart, sentence)
            if not actors:
                continue
            evidence = evidence or sentence.strip()
            rule = f"trigger:{trigger.level}:{found.group(0).strip().lower()}"
            tags += [EngagementTag(a, trigger.level, LEVEL_SCORES[trigger.level], evidence, rule) for a in actors]
        technical = {t.actor for t in tags if t.level == "technical"}
        # "talks with Taliban officials on deportations" is technical work, not high-level contact
        return [t for t in tags if not (t.level == "high_level_contact" and t.actor in technical)]

    def _keyword_hits(self, spaced: str, sentence_starts: list[int]) -> dict[int, set[int]]:
        """Per sentence, the trigger alternatives whose required words it holds."""
        hits: dict[int, set[int]] = {}
        for last, (length, alternatives) in self._trigger_words.iter(spaced):
            inside = last - length + 1  # in the text: the word after a leading space, or the key's second character
            hits.setdefault(bisect.bisect_right(sentence_starts, inside) - 1, set()).update(alternatives)
        return hits

    def _triggers_for(self, alternatives: Collection[int]) -> tuple[re.Pattern, tuple[float, float]]:
        """One expression for the trigger alternatives that can match a sentence (those
        whose required words, see required_words, it holds), and the strongest rank a
        match of it could give (see _rank). The alternatives keep taxonomy order, so the
        first matching at a position wins as it would among all; the leading \\b lets
        the engine skip every position that does not start a word."""
        active = tuple(sorted(self._always_on.union(alternatives)))
        found = self._trigger_sets.get(active)
        if found is None:
            if len(self._trigger_sets) > 10_000:
                self._trigger_sets.clear()
            groups = itertools.groupby(active, key=lambda i: self._alternatives[i][0])
            expression = "|".join(f"(?P<t{trigger}>{'|'.join(self._alternatives[i][1] for i in members)})"
                                  for trigger, members in groups) or "(?!x)x"
            scores = [LEVEL_SCORES[self._triggers[self._alternatives[i][0]].level] for i in active]
            ceiling = max(((abs(score), score) for score in scores), default=(0.0, 0.0))
            found = self._trigger_sets[active] = (re.compile(rf"\b(?:{expression})", re.IGNORECASE), ceiling)
        return found

    def _cancelled(self, sentence: str, found: re.Match, hedged: bool, cancelling: list[tuple[int, frozenset]]) -> bool:
        """Is the trigger negated ("did not recognise") or, if it can be, hedged ("may
        recognise")? `cancelling` holds where the sentence has a word of those lists: with
        none near the trigger, the answer is no without looking at the words."""
        before, after = _near(cancelling, found.start(), found.end(), _CLAUSE_WINDOW)
        if not ("before" in before or "after" in after or (hedged and "hedge" in before)):
            return False
        before = _clause_before(sentence, found.start())
        if self._negation_before.within(before) or self._negation_after.within(_words(_clause_after(sentence, found.end()))):
            return True
        return hedged and self._hedges.within(before)


# Characters around a match within which its context words count, with a margin:
# _clause_before/_clause_after look 80 characters either side of a trigger, the trap
# checks 40 either side of an actor's name.
_CLAUSE_WINDOW = 84
_CONTEXT_WINDOW = 44


def _word_finder(lists: dict[str, PhraseSet]) -> ahocorasick.Automaton:
    """One automaton for the words of several phrase lists, to learn in one pass where
    a story has any of them; each key maps to its length and the lists it comes from."""
    roles: dict[str, set[str]] = {}
    for role, phrases in lists.items():
        for key in phrases.filter_keys():
            roles.setdefault(key, set()).add(role)
    return _labelled_automaton(roles)


def _labelled_automaton(labels: dict[str, set]) -> ahocorasick.Automaton:
    """key -> (its length, its labels as a frozenset)."""
    automaton = ahocorasick.Automaton()
    for key, found_in in labels.items():
        automaton.add_word(key, (len(key), frozenset(found_in)))
    if labels:
        automaton.make_automaton()
    return automaton


def _find_words(finder: ahocorasick.Automaton, spaced: str) -> list[tuple[int, frozenset]]:
    """(position in the text, lists) for every word of `finder` in the word-spaced text;
    the position is the word's start after a leading space, else the key's second
    character (never before the text's start, never outside the word's sentence)."""
    if not len(finder):
        return []
    return [(last - length + 1, roles) for last, (length, roles) in finder.iter(spaced)]


def _near(hits: list[tuple[int, frozenset]], start: int, end: int, window: int) -> tuple[set[str], set[str]]:
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


def _keyword_automaton(keywords: list[set[str] | None]) -> ahocorasick.Automaton:
    """Keyword (word-spaced like the text) -> its length and the trigger alternatives
    that need it. Matched anywhere, not as whole words: it is only a filter."""
    by_word: dict[str, set[int]] = {}
    for index, words in enumerate(keywords):
        for word in words or ():
            by_word.setdefault(word_spaced(word)[1:-1], set()).add(index)
    return _labelled_automaton(by_word)


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
    word-spaced. Every alternative runs behind a word boundary (see
    _triggers_for). Only a filter: a sentence without any of them cannot match,
    so its expression is not run.
    """
    alternatives = [list(re._parser.parse(pattern, re.IGNORECASE))]
    if len(alternatives[0]) == 1 and alternatives[0][0][0] is re._constants.BRANCH:
        alternatives = alternatives[0][0][1][1]
    words: set[str] = set()
    for alternative in alternatives:
        found = _first_required(list(alternative), after_boundary=True)
        if found is None:
            return None
        words |= found
    return words


def _first_required(sequence, after_boundary: bool) -> set[str] | None:
    constants = re._constants
    run: list[str] = []
    opens = bounded = after_boundary  # bounded: the previous element was a word boundary
    for op, value in sequence + [(None, None)]:
        if op is constants.LITERAL:
            if not run:
                opens = bounded and _is_word_char(chr(value))
            run.append(chr(value).lower())
            bounded = False
            continue
        boundary = op is constants.AT and value is constants.AT_BOUNDARY
        if len(run) >= 3:
            closes = boundary and _is_word_char(run[-1])
            return {(" " if opens else "") + "".join(run) + (" " if closes else "")}
        inner_bounded = bounded and not run
        run = []
        bounded = boundary
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


def _acting_actors(trigger, found: re.Match, offset: int, foreign: list[_Match], counterpart: list[_Match],
                   sentence: str) -> list[str]:
    """Who performs the act a trigger names: everyone for mutual acts, else its subject.

    The subject is the foreign actor just before the trigger (with any actors listed
    with it: "Germany, Canada and the Netherlands said..."), the agent after "by",
    "from" or "with" in the passive, or the actor opening the main clause after an
    introductory one ("Despite accepting an ambassador, Beijing...").
    """
    if trigger.mode == "mutual":
        low, high = _clause_span(sentence, found.start(), found.end())
        return sorted({m.target for m in foreign if offset + low <= m.start < offset + high})
    start, end = offset + found.start(), offset + found.end()
    before = [m for m in foreign if m.end <= start]
    after = [m for m in foreign if m.start >= end]
    agent = after[0] if after and _AGENT_GAP.match(sentence[found.end():after[0].start - offset]) else None
    passive = (_PASSIVE.search(sentence, max(0, found.start() - 60), found.start())  # "was (swiftly) deported"
               or _BY_AGENT.match(sentence, found.end()))
    if agent is not None and (passive or not before):
        return [agent.target]
    if before:
        subject = before[-1]
        if trigger.level == "hostile" and any(subject.end <= c.start < start for c in counterpart):
            return []  # "...guards after gunmen from Afghanistan fired on them": not their act
        if not passive and any(subject.end <= c.start and _IMMEDIATE_SUBJECT.fullmatch(sentence[c.end - offset:found.start()])
                               for c in counterpart):
            return []  # "..., and Taliban officials welcomed it": the Taliban act here
        return _listed_with(subject, before, sentence, offset)
    if not _INTRODUCTORY.match(sentence):
        return []
    comma = sentence.find(",", found.end())
    following = [m for m in after if m.start > offset + comma] if comma >= 0 else []
    if following and following[0].start - (offset + comma) < 12:
        return [following[0].target]
    return []


def _listed_with(subject: _Match, before: list[_Match], sentence: str, offset: int) -> list[str]:
    actors = [subject.target]
    current = subject
    for candidate in reversed(before[:-1]):
        gap = sentence[candidate.end - offset:current.start - offset]
        if not _LIST_GAP.fullmatch(gap):
            break
        actors.append(candidate.target)
        current = candidate
    return sorted(set(actors))


def _rank(tag: EngagementTag) -> tuple[float, float]:
    """The level kept per story and actor is the highest rank: the largest |score|,
    cooperation winning ties."""
    return abs(tag.score), tag.score


def _stronger(candidate: EngagementTag, current: EngagementTag) -> bool:
    return _rank(candidate) > _rank(current)


def _first_mention_per_actor(matches: list[_Match], sentences: _Sentences) -> list[ActorTag]:
    seen: dict[str, ActorTag] = {}
    for match in matches:
        actor = match.target
        if actor not in seen:
            seen[actor] = ActorTag(actor, sentences.around(match.start), match.pattern.rule)
    return sorted(seen.values(), key=lambda a: a.actor)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`; the title is its own sentence (first line).
    A full stop followed by spaces ends no sentence after an abbreviation ("U.S. envoy")."""
    spans, start = [], 0
    for found in _SENTENCE_BREAK.finditer(text):
        cut, resume = found.span()
        if text[cut] != "\n":
            cut += 1  # the terminator stays with its sentence
            if (text[cut - 1] == "." and found.group().count(" ") == resume - cut
                    and text.endswith(_ABBREVIATIONS, start, cut)):
                continue
        if cut > start and not text[start:cut].isspace():
            spans.append((start, cut))
        start = resume
    if start < len(text) and not text[start:].isspace():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _clause_before(sentence: str, position: int) -> list[str]:
    """The last six words before `position` in its clause, lower-cased."""
    window = sentence[max(0, position - 80):position]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    return _words(window)[-6:]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class PhraseSet:
    """Word lists of the taxonomy (negations, hedges, "former"...), looked up by words.

    A match's neighbourhood is split into words once; `ends`/`starts` look phrases of
    one to four words up in a set, `within` runs one expression over the joined words.
    """

    ARTICLES = {"a", "an", "the"}

    def __init__(self, phrases: list[str]):
        self.phrases = {" ".join(_words(p)) or p.lower() for p in phrases}
        self.longest = max((len(p.split()) for p in self.phrases), default=0)
        alternatives = [re.escape(p) for p in sorted(self.phrases, key=len, reverse=True)]
        if "n't" in self.phrases:
            alternatives.append(r"[\w'’-]*n['’]t")  # "n't" stands for every contraction: won't, didn't
        self._within = re.compile(rf"(?<![^ ])(?:{'|'.join(alternatives)})(?![^ ])") if alternatives else None
    def ends(self, words: list[str]) -> bool:
        """Do `words` end with a phrase (an article may follow it: "former a" no, "in the" yes)?"""
        if words and words[-1] in self.ARTICLES:
            words = words[:-1]
        return any(" ".join(words[-n:]) in self.phrases for n in range(1, min(self.longest, len(words)) + 1))

    def starts(self, words: list[str], skip: int = 0) -> bool:
        """Do `words` start with a phrase, after at most `skip` other words?"""
        for offset in range(min(skip, len(words)) + 1):
            rest = words[offset:]
            if any(" ".join(rest[:n]) in self.phrases for n in range(1, min(self.longest, len(rest)) + 1)):
                return True
        return False

    def filter_keys(self) -> set[str]:
        """Word-spaced keys (see word_spaced) one of which occurs wherever a phrase does:
        each phrase's longest word with its word boundaries ("n't" ends a word)."""
        keys = set()
        for phrase in self.phrases:
            word = max(phrase.split(), key=len)
            key = whole_word_key(word)
            keys.add(key.lstrip() if word in ("n't", "n’t") else key)
        return keys

    def within(self, words: list[str]) -> bool:
        """Does any phrase occur in `words`?"""
        return self._within is not None and self._within.search(" ".join(words)) is not None


def _clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger, so "..., which will carry gas to India" stays out."""
    low = 0
    for found in _RELATIVE_BREAK.finditer(sentence[:start]):
        low = found.end()
    following = _RELATIVE_BREAK.search(sentence, end)
    return low, following.start() if following else len(sentence)


def _clause_after(sentence: str, position: int) -> str:
    window = sentence[position:position + 80]
    cut = _CLAUSE_BREAK.search(window)
    return window[:cut.start()] if cut else window


def _build_automaton(patterns: list[Pattern]) -> ahocorasick.Automaton:
    """Every pattern under its whole_word_key; patterns sharing a key share its entry."""
    grouped: dict[str, list[_Key]] = {}
    for pattern in patterns:
        key = whole_word_key(pattern.text, pattern.prefix)
        kind = pattern.rule.split(":", 1)[0]
        institution = bool(_INSTITUTION.search(pattern.text))
        literal = pattern.text.lower() if _NON_WORD.search(pattern.text) else None
        grouped.setdefault(key, []).append(_Key(
            pattern, len(key) - key.startswith(" "), len(pattern.text), kind, institution, literal,
            exact=pattern.text if pattern.exact_case else None, prefix=pattern.prefix, entity=pattern.layer == "entity",
            simple=literal is None and not pattern.exact_case and not pattern.prefix,
        ))
    automaton = ahocorasick.Automaton()
    for key, group in grouped.items():
        automaton.add_word(key, tuple(group))
    automaton.make_automaton()
    return automaton


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def whole_word_key(text: str, prefix: bool = False) -> str:
    """`text` as an automaton key over word-spaced text (see word_spaced), with a space
    for each word boundary it needs: " kremlin " (a whole word), " deport" (a prefix).
    A match of the key starts len(key) - key.startswith(" ") characters before its last
    character, in the text's own positions."""
    opens = _is_word_char(text[0])
    closes = _is_word_char(text[-1]) and not prefix
    return (" " if opens else "") + word_spaced(text)[1:-1] + (" " if closes else "")


_ASCII_SPACED = bytes(c if _is_word_char(chr(c)) else ord(" ") for c in range(256))
_NON_WORD = re.compile(r"\W")


def word_spaced(text: str) -> str:
    """`text` lower-cased, every non-word character a space, padded by one space each
    side; position i of `text` is position i + 1 here."""
    lower = _lower_keep_length(text)
    if lower.isascii():
        return f" {lower.encode('ascii').translate(_ASCII_SPACED).decode('ascii')} "
    return f" {_NON_WORD.sub(' ', lower)} "


def _leftmost_longest(found: list[tuple]) -> list[_Match]:
    """Of overlapping matches the one starting first, then the longest, then the first
    found; `found` holds (start, -length, order, end, key) tuples."""
    found.sort()
    kept, reach = [], -1
    for start, _, _, end, key in found:
        if start >= reach:
            kept.append(_Match(start, end, key.pattern, key.pattern.target, key.kind, key.institution))
            reach = end
    return kept


def _lower_keep_length(text: str) -> str:
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _compiled_twin():
    """ingest/_tagger_compiled, this very file compiled by scripts/build_tagger.py (about
    1.4x faster), when it was built from the current source and MONITOR_PURE_PYTHON is
    unset; else None, and the pure-Python Tagger above is used."""
    if os.environ.get("MONITOR_PURE_PYTHON"):
        return None
    try:
        from ingest import _tagger_compiled as twin
    except ImportError:
        return None
    current = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return twin if getattr(twin, "SOURCE_DIGEST", None) == current else None


PurePythonTagger = Tagger
ENGINE = sys.modules[__name__]  # the module whose code tags: this one, or its compiled twin
if __name__ == "ingest.tagger" and (_twin := _compiled_twin()) is not None:
    Tagger, ENGINE = _twin.Tagger, _twin
IMPLEMENTATION = "compiled (Cython)" if ENGINE is not sys.modules[__name__] else "pure Python"
