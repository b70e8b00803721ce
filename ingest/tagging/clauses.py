"""Sentences and clauses: where a trigger's scope, subject and modality are looked for.

Wire copy packs several facts into one sentence ("Japan has sent aid, but none of
these countries has recognised the government"); a trigger, its negation and its
subject must be found in the same clause, and a fact restated in an apposition or a
relative clause ("Russia, which recognised the Taliban in July, ...") is background.
"""
from __future__ import annotations

import bisect
import re

from ingest.tagging.cues import Cued, Started
from ingest.tagging.matching import words

_ABBREVIATIONS = ("U.S.", "U.N.", "U.K.", "E.U.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.",
                  "St.", "Lt.", "Col.", "Gov.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
                  "No.", "Prof.", "Sgt.", "Capt.", "Maj.", "U.A.E.", "Jr.", "approx.", "vs.")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)]*\s+|\n+")
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\bbut\b|\bwhile\b|\balthough\b|\bwhereas\b|\beven as\b|\band\b|(?<!not )(?<!has )(?<!had )(?<!have )(?<!was )(?<!were )(?<!date )(?<!dates )(?<!plans )(?<!decision )(?<!there )(?<!ready )\byet\b(?! to\b)(?! been\b)|\bthen\b|"
                           r"\bafter\b|\bbecause\b")
# Where the clause holding a trigger ends: its subject, negation and actors stay inside.
_RELATIVE_BREAK = re.compile(r"[;—–]|,\s+(?:which|who|whose|where|while|but|although|as|saying|calling|adding|"
                             r"according|meant|aimed|intended|though|yet)\b|\s(?:while|but|although|whereas|though)\s"
                             r"|(?<!not)(?<!has)(?<!had)(?<!have)(?<!was)(?<!were)(?<!there)(?<!ready)\syet\s(?!to\b)(?!been\b)|\sbut\s|,\s+and\s+(?=\w+\s+(?:\w+\s+)?(?:has|have|had|is|was|were|will|did|does)\b)"
                             r"|,\s+(?=(?:\w+\s+){0,2}(?:after|before|since|following)\b)|\s(?:that|which) would\b"
                             # a headline's second predicate: "X meets Y in Doha, signs UNICEF grant"
                             r"|,\s+(?=(?:signs|pledges|condemns|urges|warns|vows|offers|promises|seeks|demands|rejects|announces"
                             r"|hands|sends|agrees|releases|frees|deports|meets|visits|adds|opens|closes|summons|expels)\s)")
# An apposition or relative clause right after a name: ", which recognised ...", ", the only country to ...".
_ASIDE_OPEN = re.compile(r"\s*(?:,|—|–|\()\s*(?:which|who|whose|that|(?:for|of|to|with|against) (?:whom|which)|the only|the first|one of the few|"
                         r"among the|itself|the sole|a country that|the country that|having)\b", re.IGNORECASE)
_ASIDE_CLOSE = re.compile(r",|—|–|\)|;")
# A relative clause after any noun, closed by a comma: ", which include Saudi Arabia and Egypt,".
# "the largest power after Russia", "the second state since Moscow": the state named took the
# step before the one the news is about (subjects.py: not its subject; actors.py: only mentioned)
RANKED_AFTER = r"\b(?:state|country|nation|power|capital|government)s?\s+(?:after|since|behind|following)\s+"
_NAME = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*"
# (and a captive's past: "The man, held since January for filming near a base, was met ...")
_RELATIVE_ASIDE = re.compile(rf",\s+(?:which|who|whose|(?:for|of|to|with|against) (?:whom|which)|(?:held|detained|jailed|"
                             rf"imprisoned|arrested|abducted|kidnapped|captured) (?:since|for|in|on|last|by|without)"
                             rf"|(?:built|constructed) (?:with|by)|(?:drafted|co-?sponsored|sponsored|tabled|penned|put forward)"
                             rf" by)\b[^,;—–()]*(?:,\s+(?:and\s+)?{_NAME})*(?:\s+and\s+{_NAME})?,")
# The same, run only over text holding the words they need (cues.py).
_SENTENCE_BREAK_STARTED = Started(_SENTENCE_BREAK)  # tried only at a terminator or line break
_CLAUSE_BREAK_CUED, _RELATIVE_BREAK_CUED, _RELATIVE_ASIDE_CUED, _ASIDE_OPEN_CUED = map(
    Cued, (_CLAUSE_BREAK, _RELATIVE_BREAK, _RELATIVE_ASIDE, _ASIDE_OPEN))


# A news-search headline's outlet after a dash or bar ("... - Times of India", "... | Doha
# Review"): a name of capitalised words (with "of", "the", "and"), up to six of them.
_OUTLET_WORD = r"(?:[A-Z][\w.'’&-]*|of|the|and|&|de|al|el|for)"
_OUTLET_SUFFIX = re.compile(rf"\s+[-|–—]\s+[A-Z][\w.'’&-]*(?:\s+{_OUTLET_WORD}){{0,5}}\s*$")


def without_outlet(title: str) -> str:
    """The headline without the outlet a news-search feed appends to it: "Times of India"
    or "Doha Review" is who printed the story, not India or Qatar acting in it."""
    return _OUTLET_SUFFIX.sub("", title) if any(mark in title for mark in "-|–—") else title


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`; the title is its own sentence (first line).
    A full stop followed by spaces ends no sentence after an abbreviation ("U.S. envoy")."""
    spans, start = [], 0
    for found in _SENTENCE_BREAK_STARTED.matches(text):
        cut, resume = found.span()
        if text[cut] != "\n":
            cut += 1  # the terminator stays with its sentence
            if (text[cut - 1] == "." and found.group().count(" ") == resume - cut
                    and (text.endswith(_ABBREVIATIONS, start, cut) or _is_initial(text, start, cut))):
                continue
        if cut > start and not text[start:cut].isspace():
            spans.append((start, cut))
        start = resume
    if start < len(text) and not text[start:].isspace():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _is_initial(text: str, start: int, cut: int) -> bool:
    """Does the sentence so far end with a capital initial ("S. Jaishankar", "John F.
    Kennedy") rather than a word? A sentence rarely ends on a single capital letter."""
    return cut - start >= 2 and text[cut - 2].isupper() and (cut - start == 2 or not text[cut - 3].isalnum())


class Sentences:
    """A story's text with its sentence spans, to find the sentence around a position."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self.starts = [start for start, _ in spans]
        self._evidence: dict[int, str] = {}

    def index_of(self, position: int) -> int:
        return max(bisect.bisect_right(self.starts, position) - 1, 0)

    def around(self, position: int) -> str:
        """The sentence holding `position`, as evidence (at most 600 characters)."""
        index = self.index_of(position)
        evidence = self._evidence.get(index)
        if evidence is None:
            start, end = self.spans[index]
            evidence = self._evidence[index] = self.text[start:end].strip()[:600]
        return evidence


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger, so "..., which will carry gas to India" and
    "..., but none of them has recognised..." stay out."""
    low = 0
    if _RELATIVE_BREAK_CUED.may_match(sentence, 0, start):
        for found in _RELATIVE_BREAK.finditer(sentence[:start]):
            if not _SERIAL_AND.fullmatch(found.group(0)) or not _NAMES_LISTED_BEFORE.search(sentence, 0, found.start()):
                low = found.end()  # (not the serial comma of "Pakistan, Iran, and China have pledged")
    following = _RELATIVE_BREAK_CUED.search(sentence, end)
    return low, following.start() if following else len(sentence)


def clause_before(sentence: str, position: int, limit: int = 6) -> list[str]:
    """The last `limit` words before `position` in its clause, lower-cased. A comma or "and"
    inside a list of names ("stopped short of following Azerbaijan, Kuwait and Qatar in
    recognising") joins the names; it opens no new clause."""
    window = sentence[max(0, position - 80):position]
    breaks = [found for found in _CLAUSE_BREAK.finditer(window)
              if not _IN_LIST_OF_NAMES.fullmatch(found.group(0)) or not _between_names(window, found)
              ] if _CLAUSE_BREAK_CUED.may_match(window) else []
    if breaks:
        window = window[breaks[-1].end():]
    return words(window)[-limit:]


_IN_LIST_OF_NAMES = re.compile(r",|and")
_SERIAL_AND = re.compile(r",\s+and\s+")
_NAMES_LISTED_BEFORE = re.compile(r"(?:^|[\s(])[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?,\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?$")
_NAME_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s*$")
_NAME_AFTER = re.compile(r"\s*(?:the\s+)?[A-Z]")
_LISTED_NAME_AFTER = re.compile(r"\s*(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?(?:,|\s+and\b|\s+or\b)")


def _between_names(window: str, found: re.Match) -> bool:
    """Does a comma or "and" sit between two capitalised names of a list ("Azerbaijan, Kuwait
    and Qatar")? A comma joins them only when the list goes on after the next name (not
    "Though it does not recognise the Islamic Emirate, Kazakhstan accepted ...")."""
    if not _NAME_BEFORE.search(window, 0, found.start()) or window.startswith(" and", found.end()):
        return False
    after = _LISTED_NAME_AFTER if found.group(0) == "," else _NAME_AFTER
    return after.match(window, found.end()) is not None


def clause_after(sentence: str, position: int) -> str:
    window = sentence[position:position + 80]
    cut = _CLAUSE_BREAK_CUED.search(window)
    return window[:cut.start()] if cut else window


def aside_spans(sentence: str, name_ends: list[int]) -> list[tuple[int, int]]:
    """Appositions and relative clauses that follow a name ("Russia, the only country
    to have recognised the Taliban, ..."): what they say is background about that
    name, not the news of the sentence."""
    spans = []
    if not _ASIDE_OPEN_CUED.may_match(sentence):
        return spans  # no word that opens one anywhere
    for end in name_ends:
        opened = _ASIDE_OPEN.match(sentence, end)
        if not opened:
            continue
        closing = _ASIDE_CLOSE.search(sentence, opened.end())
        spans.append((end, closing.start() if closing else len(sentence)))
    return spans


def relative_asides(sentence: str) -> list[tuple[int, int]]:
    """Relative clauses set off by commas after any noun ("None of the bloc's members,
    which include Egypt and Malaysia, has recognised..."): neither their names nor their
    verbs belong to the main clause."""
    if not _RELATIVE_ASIDE_CUED.may_match(sentence):
        return []
    return [found.span() for found in _RELATIVE_ASIDE.finditer(sentence)]


# Where the people an act concerns come from ("records of Afghans returning from Pakistan and
# Iran will be shared ...", "returnees from Iran"): those countries are named, not parties to it.
_ORIGIN = re.compile(r"\b(?i:returning|returned|returnees?|returns|deported|deportees|expelled|fleeing|fled|arriving|"
                     r"sent back|forced back|pushed back|pushed out|forced out|repatriated|(?:came|come|coming|sent|forced|pushed) "
                     r"(?:back|home)|(?:returnees|deportees|families|refugees|Afghans) (?:reaching|arriving in|crossing into) "
                     r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?) (?:from|(?<=out )of|out of) "
                     r"((?:the )?[A-Z][\w'’-]*(?:(?:,| and| or) (?:the )?[A-Z][\w'’-]*)*)")


# One state told as a member of a body ("the first NATO member to", "a fellow SCO state"): the body does nothing.
# A bare "state" or "country" only after a body's initials: "a Japanese state minister" is Japan's own.
_MEMBER_OF = re.compile(r"\b(?:first|only|second|third|an?|another|fellow) (?:([A-Z][\w'’-]*) (?:member|ally)"
                        r"(?: (?:state|country|nation))?|([A-Z][A-Z0-9]+) (?:state|country|nation))\b")
_MEMBER_WORDS = (" member", " ally", " state", " country", " nation")


def origin_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the countries people come from, and of the bodies a state is told to be a
    member of, in `text`: names that take no part in what the sentence tells."""
    spans = [found.span(1) for found in _ORIGIN.finditer(text)] if " from " in text or " out of " in text else []
    if any(word in text for word in _MEMBER_WORDS):
        spans += [found.span(1) if found.group(1) else found.span(2) for found in _MEMBER_OF.finditer(text)]
    return spans


def inside(spans: list[tuple[int, int]], position: int) -> bool:
    return any(start <= position < end for start, end in spans)


# a predicate sharing the clause's subject: "X signs a UNHCR grant, meets the minister"
_COORDINATED_JUST_BEFORE = re.compile(r"(?:,|\band)\s+(?:then\s+|later\s+|also\s+)?$")
LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", re.IGNORECASE)  # between names listed together


def objects_of_an_earlier_verb(found: re.Match, offset: int, named: list, sentence: str) -> list:
    """The names a meeting coordinated with an earlier verb leaves out ("Japanese ambassador
    signs UNHCR shelter grant, meets Taliban minister"): those after the clause's subject
    (and any listed with it), which are that verb's objects, not the meeting's side.
    `named` are the sentence's name matches (positions offset by `offset`), in order."""
    if not _COORDINATED_JUST_BEFORE.search(sentence, max(0, found.start() - 12), found.start()):
        return []
    before = [m for m in named if m.end - offset <= found.start()]
    listed = 1
    while listed < len(before) and LIST_GAP.fullmatch(sentence, before[listed - 1].end - offset,
                                                      before[listed].start - offset):
        listed += 1
    return before[listed:]
