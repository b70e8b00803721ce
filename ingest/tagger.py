"""Tag a story with actors, topics and, per foreign actor, an engagement level.

One Aho-Corasick automaton finds every actor alias, blocker and topic phrase in a
single pass over the text; matches are then assigned to sentences. Context rules
handle the known traps (datelines, commentators, capitals used as places, names
inside other names). Engagement needs, in one sentence, a foreign actor, the
Taliban side and a trigger that is neither negated nor hedged. Every tag keeps the
text and the rule that produced it, so the dashboard can say why.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from ingest.taxonomy import COUNTERPART, LEVEL_SCORES, NON_ENGAGING, Pattern, Taxonomy, load_taxonomy

_ABBREVIATIONS = ("U.S.", "U.N.", "U.K.", "E.U.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.",
                  "St.", "Lt.", "Col.", "Gov.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
                  "No.", "Prof.", "Sgt.", "Capt.", "Maj.", "U.A.E.", "Jr.", "approx.", "vs.")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n+")
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40})?\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s"
)
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\bbut\b|\bwhile\b|\balthough\b|\bwhereas\b|\beven as\b")
_WORD = re.compile(r"[\w'’-]+")
# Between a trigger and its agent: "accredited last month by Germany", "deportations from Germany".
_AGENT_GAP = re.compile(r"^\W*(?:(?:\w+\W+){0,3}?by\W+(?:\w+\W+){0,3}|\s+(?:from|with)\s+(?:the\s+)?)$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
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


@dataclass(frozen=True)
class ActorTag:
    actor: str
    evidence: str
    rule: str


@dataclass(frozen=True)
class TopicTag:
    topic: str
    score: float
    evidence: str
    rule: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class _Match:
    start: int
    end: int  # exclusive
    pattern: Pattern


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
        self._triggers = taxonomy.triggers
        keywords = [required_words(t.regex.pattern) for t in taxonomy.triggers]
        self._always_on = frozenset(i for i, words in enumerate(keywords) if words is None)
        self._trigger_words = _keyword_automaton(keywords)
        self._trigger_sets: dict[tuple[int, ...], re.Pattern] = {}

    @classmethod
    def from_file(cls, path: Path) -> Tagger:
        return cls(load_taxonomy(path))

    def tag(self, title: str, summary: str) -> TagResult:
        """Actors, topics and engagement for a story's title and summary (plain text)."""
        text = f"{title.strip()}\n{summary.strip()}" if summary.strip() else title.strip()
        title_end = len(title.strip())
        sentences = split_sentences(text)
        entity, topic = self._find(text)
        entity = self._drop_traps(text, entity)
        actors = _first_mention_per_actor(entity, text, sentences)
        topics = self._topics(topic, text, sentences, title_end)
        engagement = self._engagement(entity, text, sentences)
        return TagResult(version=self.version, actors=actors, topics=topics, engagement=engagement)

    # -- matching ---------------------------------------------------------------------------

    def _find(self, text: str) -> tuple[list[_Match], list[_Match]]:
        lower = _lower_keep_length(text)
        layers: dict[str, list[_Match]] = {"entity": [], "topic": []}
        for end_index, patterns in self._automaton.iter(lower):
            for pattern in patterns:
                start, end = end_index - len(pattern.text) + 1, end_index + 1
                if _accepts(text, start, end, pattern):
                    while pattern.prefix and end < len(text) and text[end].isalnum():
                        end += 1  # "deport*" covers the whole word "deportations"
                    layers[pattern.layer].append(_Match(start, end, pattern))
        return _leftmost_longest(layers["entity"]), _leftmost_longest(layers["topic"])

    def _drop_traps(self, text: str, matches: list[_Match]) -> list[_Match]:
        """Drop matches that are places, commentators or parts of other names.

        A check is skipped when none of its words occurs in the story at all, which is
        most of the time.
        """
        lower = text.lower()
        commentators = self._commentator_before.may_occur(lower) or self._commentator_after.may_occur(lower)
        institutions = self._institution_before.may_occur(lower)
        dateline = _DATELINE.match(text[text.find("\n") + 1:] if "\n" in text else text)
        dateline_span = (0, 0)
        if dateline:
            offset = text.find("\n") + 1 if "\n" in text else 0
            dateline_span = (offset, offset + dateline.end())
        kept: list[_Match] = []
        previous: _Match | None = None
        for match in matches:
            if not match.pattern.target:  # a blocker: it only shields what it covers
                previous = None
                continue
            owned_by_previous = (previous is not None and previous.pattern.target != match.pattern.target
                                 and _POSSESSIVE_GAP.fullmatch(text[previous.end:match.start]))
            previous = match
            if owned_by_previous and _INSTITUTION.search(match.pattern.text):
                continue  # "Pakistan's foreign office" is Pakistan's, not the UK Foreign Office
            if dateline_span[0] <= match.start < dateline_span[1]:
                continue
            kind = match.pattern.rule.split(":", 1)[0]
            is_capital = kind == "capital" and match.pattern.target != COUNTERPART
            if not (commentators or institutions or is_capital):
                kept.append(match)
                continue
            before = _words(text[max(0, match.start - 40):match.start])
            if commentators and kind in ("alias", "name") and (
                self._commentator_before.ends(before)
                or self._commentator_after.starts(_words(text[match.end:match.end + 40]), skip=1)
            ):
                continue
            if institutions and self._institution_before.ends(before):
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

    def _topics(self, matches: list[_Match], text: str, sentences: list[tuple[int, int]], title_end: int) -> list[TopicTag]:
        best: dict[str, dict[str, tuple[float, _Match]]] = {}
        for match in matches:
            weight = match.pattern.weight * (self._title_weight if match.start < title_end else 1.0)
            phrases = best.setdefault(match.pattern.target, {})
            if weight > phrases.get(match.pattern.rule, (0.0, None))[0]:
                phrases[match.pattern.rule] = (weight, match)
        tags = []
        for topic, phrases in best.items():
            score = sum(weight for weight, _ in phrases.values())
            if score < self._threshold:
                continue
            strongest = max(phrases.values(), key=lambda item: item[0])[1]
            rule = "+".join(sorted(rule.split(":", 1)[1] for rule in phrases))
            tags.append(TopicTag(topic, round(score, 2), _sentence_of(strongest.start, text, sentences), f"phrases:{rule}"))
        return sorted(tags, key=lambda t: -t.score)

    # -- engagement -------------------------------------------------------------------------

    def _engagement(self, matches: list[_Match], text: str, sentences: list[tuple[int, int]]) -> list[EngagementTag]:
        by_sentence: dict[int, list[_Match]] = {}
        starts = [s for s, _ in sentences]
        for match in matches:
            by_sentence.setdefault(bisect.bisect_right(starts, match.start) - 1, []).append(match)
        best: dict[str, EngagementTag] = {}
        for index, (start, end) in enumerate(sentences):
            in_sentence = by_sentence.get(index, [])
            foreign = [m for m in in_sentence if m.pattern.target not in NON_ENGAGING]
            if not foreign:
                continue
            sentence = text[start:end]
            counterpart = [m for m in in_sentence if m.pattern.target == COUNTERPART]
            if not counterpart and not _COUNTERPART_WORDS.search(sentence):
                continue
            for tag in self._sentence_engagement(sentence, start, foreign, counterpart):
                current = best.get(tag.actor)
                if current is None or _stronger(tag, current):
                    best[tag.actor] = tag
        return sorted(best.values(), key=lambda t: t.actor)

    def _sentence_engagement(self, sentence: str, offset: int, foreign: list[_Match], counterpart: list[_Match]):
        tags = []
        for found in self._triggers_for(sentence).finditer(sentence):
            trigger = self._triggers[int(found.lastgroup[1:])]
            if self._cancelled(sentence, found, trigger.hedged):
                continue
            actors = _acting_actors(trigger, found, offset, foreign, counterpart, sentence)
            rule = f"trigger:{trigger.level}:{found.group(0).strip().lower()}"
            tags += [EngagementTag(a, trigger.level, LEVEL_SCORES[trigger.level], sentence.strip(), rule) for a in actors]
        technical = {t.actor for t in tags if t.level == "technical"}
        # "talks with Taliban officials on deportations" is technical work, not high-level contact
        return [t for t in tags if not (t.level == "high_level_contact" and t.actor in technical)]

    def _triggers_for(self, sentence: str) -> re.Pattern:
        """One expression for the triggers that can match `sentence`: those whose required
        words (see required_words) occur in it. The leading \b lets the engine skip every
        position that does not start a word in one step."""
        active = set(self._always_on)
        for _, indices in self._trigger_words.iter(sentence.lower()):
            active.update(indices)
        active = tuple(sorted(active))
        pattern = self._trigger_sets.get(active)
        if pattern is None:
            alternatives = "|".join(f"(?P<t{i}>{self._triggers[i].regex.pattern})" for i in active) or "(?!x)x"
            pattern = self._trigger_sets[active] = re.compile(rf"\b(?:{alternatives})", re.IGNORECASE)
        return pattern

    def _cancelled(self, sentence: str, found: re.Match, hedged: bool) -> bool:
        before = _clause_before(sentence, found.start())
        if self._negation_before.within(before) or self._negation_after.within(_words(_clause_after(sentence, found.end()))):
            return True
        return hedged and self._hedges.within(before)


def _keyword_automaton(keywords: list[set[str] | None]) -> ahocorasick.Automaton:
    """Keyword -> the indices of the triggers it may start."""
    by_word: dict[str, set[int]] = {}
    for index, words in enumerate(keywords):
        for word in words or ():
            by_word.setdefault(word, set()).add(index)
    automaton = ahocorasick.Automaton()
    for word, indices in by_word.items():
        automaton.add_word(word, tuple(indices))
    if by_word:
        automaton.make_automaton()
    return automaton


def required_words(pattern: str) -> set[str] | None:
    """Lower-case strings one of which every match of `pattern` contains, or None.

    Read from the parsed expression: for each alternative, the first literal run of at
    least three characters that no match can skip. Only a filter: a sentence without
    any of them cannot match, so its expression is not run.
    """
    alternatives = [list(re._parser.parse(pattern, re.IGNORECASE))]
    if len(alternatives[0]) == 1 and alternatives[0][0][0] is re._constants.BRANCH:
        alternatives = alternatives[0][0][1][1]
    words: set[str] = set()
    for alternative in alternatives:
        found = _first_required(list(alternative))
        if found is None:
            return None
        words |= found
    return words


def _first_required(sequence) -> set[str] | None:
    constants = re._constants
    run: list[str] = []
    for op, value in sequence + [(None, None)]:
        if op is constants.LITERAL:
            run.append(chr(value).lower())
            continue
        if len(run) >= 3:
            return {"".join(run)}
        run = []
        inner = None
        if op is constants.SUBPATTERN:
            inner = _first_required(list(value[3]))
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and value[0] >= 1:
            inner = _first_required(list(value[2]))
        elif op is constants.BRANCH:
            options = [_first_required(list(branch)) for branch in value[1]]
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
        return sorted({m.pattern.target for m in foreign if offset + low <= m.start < offset + high})
    start, end = offset + found.start(), offset + found.end()
    before = [m for m in foreign if m.end <= start]
    after = [m for m in foreign if m.start >= end]
    agent = after[0] if after and _AGENT_GAP.match(sentence[found.end():after[0].start - offset]) else None
    passive = _PASSIVE.search(sentence[:found.start()]) or re.match(r"\s+by\s", sentence[found.end():])
    if agent is not None and (passive or not before):
        return [agent.pattern.target]
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
        return [following[0].pattern.target]
    return []


def _listed_with(subject: _Match, before: list[_Match], sentence: str, offset: int) -> list[str]:
    actors = [subject.pattern.target]
    current = subject
    for candidate in reversed(before[:-1]):
        gap = sentence[candidate.end - offset:current.start - offset]
        if not _LIST_GAP.fullmatch(gap):
            break
        actors.append(candidate.pattern.target)
        current = candidate
    return sorted(set(actors))


def _stronger(candidate: EngagementTag, current: EngagementTag) -> bool:
    """The level kept per story and actor: the largest |score|, cooperation winning ties."""
    return (abs(candidate.score), candidate.score) > (abs(current.score), current.score)


def _first_mention_per_actor(matches: list[_Match], text: str, sentences) -> list[ActorTag]:
    seen: dict[str, ActorTag] = {}
    for match in matches:
        actor = match.pattern.target
        if actor not in seen:
            seen[actor] = ActorTag(actor, _sentence_of(match.start, text, sentences), match.pattern.rule)
    return sorted(seen.values(), key=lambda a: a.actor)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`; the title is its own sentence (first line)."""
    spans, start = [], 0
    for found in _SENTENCE_BREAK.finditer(text):
        chunk = text[start:found.start()]
        if found.group(0).strip("\n ") == "" and "\n" not in found.group(0) and chunk.endswith(_ABBREVIATIONS):
            continue
        if chunk.strip():
            spans.append((start, found.start()))
        start = found.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _sentence_of(position: int, text: str, sentences: list[tuple[int, int]]) -> str:
    index = bisect.bisect_right([s for s, _ in sentences], position) - 1
    start, end = sentences[max(index, 0)]
    return text[start:end].strip()[:600]


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

    Faster than a regular expression per list: a match's neighbourhood is split into
    words once, and phrases of one to four words are looked up in a set.
    """

    ARTICLES = {"a", "an", "the"}

    def __init__(self, phrases: list[str]):
        self.phrases = {" ".join(_words(p)) or p.lower() for p in phrases}
        self.longest = max((len(p.split()) for p in self.phrases), default=0)
        self.contracted = "n't" in self.phrases
        self.words = {word for phrase in self.phrases for word in phrase.split()}
        # a phrase can only occur where its longest (rarest) word does
        telling = {max(phrase.split(), key=len) for phrase in self.phrases if phrase.split()}
        alternatives = "|".join(re.escape(word) for word in sorted(telling, key=len, reverse=True))
        self._any_word = re.compile(alternatives) if alternatives else None

    def may_occur(self, lower_text: str) -> bool:
        """Could a phrase occur in this (lower-case) text? False means surely not."""
        return self._any_word is not None and self._any_word.search(lower_text) is not None

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

    def within(self, words: list[str]) -> bool:
        """Does any phrase occur in `words`?"""
        if self.words.isdisjoint(words) and not (self.contracted and any(w.endswith(("n't", "n’t")) for w in words)):
            return False
        for start in range(len(words)):
            if self.contracted and words[start].endswith(("n't", "n’t")):
                return True
            for n in range(1, min(self.longest, len(words) - start) + 1):
                if " ".join(words[start:start + n]) in self.phrases:
                    return True
        return False


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
    grouped: dict[str, list[Pattern]] = {}
    for pattern in patterns:
        grouped.setdefault(pattern.text.lower(), []).append(pattern)
    automaton = ahocorasick.Automaton()
    for key, group in grouped.items():
        automaton.add_word(key, tuple(group))
    automaton.make_automaton()
    return automaton


def _accepts(text: str, start: int, end: int, pattern: Pattern) -> bool:
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        return False
    if pattern.text[-1].isalnum() and not pattern.prefix and end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return False
    return not pattern.exact_case or text[start:end] == pattern.text


def _leftmost_longest(matches: list[_Match]) -> list[_Match]:
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept, reach = [], -1
    for match in matches:
        if match.start >= reach:
            kept.append(match)
            reach = match.end
    return kept


def _lower_keep_length(text: str) -> str:
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
