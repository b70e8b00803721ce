"""The cheap looks before expensive expressions (ingest/tagging/cues.py) must never hide a match."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.tagging import carried, clauses, dates, restated, sentence
from ingest.tagging.cues import Cued, Started, first_characters, required_strings
from ingest.tagging.matching import caseless

EXPRESSIONS = [clauses._CLAUSE_BREAK, clauses._RELATIVE_BREAK, clauses._RELATIVE_ASIDE, dates._DATE, dates._DATE_LOWERED,
               carried._PRONOUN_SUBJECT, dates.OTHER_EVENT, sentence._NEWS_TIME, dates.LAGGED_BEFORE, restated.RESTATED]
PIECES = ["which", "who", "whose", "would", "that", "since", "after", "before", "following", "because of", "Monday",
          "today", "this week", "earlier", "last year", "May", "July", "12", "2019", "20", "and", "but", "while", "yet",
          "then", "even as", "although", ",", ";", "—", "–", "(", ")", ":", "Russia", "Taliban", "first", "ſince", "İn",
          "ınce", "WHICH", "Since", "AFTER", "Kabul", " ", "  ", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.integers(-20, 80), st.one_of(st.none(), st.integers(-20, 80)))
def test_a_cued_expression_finds_what_the_expression_finds(pieces, pos, endpos):
    text = " ".join(pieces)
    for expression in EXPRESSIONS:
        plain = expression.search(text, pos) if endpos is None else expression.search(text, pos, endpos)
        cued = Cued(expression).search(text, pos, endpos)
        assert (plain and (plain.span(), plain.group())) == (cued and (cued.span(), cued.group()))
        lowered = caseless(text)
        if lowered is not None:  # the lower-cased twin, on the text lower-cased: the same spans
            cued = Cued(expression).search(text, pos, endpos, lowered=lowered)
            assert (plain and plain.span()) == (cued and cued.span())


def test_bounds_outside_the_text_are_read_as_re_reads_them():
    which = re.compile(r"which")
    assert Cued(which).search("which way", -3).span() == which.search("which way", -3).span() == (0, 5)
    assert Cued(which).search("which way", 0, -2) is None
    assert Cued(which).search("the way which", 6, 99).span() == (8, 13)


class _RecordingFinder:
    """Stands in for a Cued's automaton and notes the bounds it is asked to scan."""

    def __init__(self, finder):
        self.finder, self.asked = finder, []

    def iter(self, text, *bounds):
        self.asked.append((len(text), *bounds))
        return self.finder.iter(text, *bounds)


def test_the_automaton_is_never_asked_to_read_past_the_text():
    """pyahocorasick 2.3.1 reads memory past the string for an end beyond it: CI crashed there."""
    cued = Cued(re.compile(r"\b(?:which|whose)\b"))
    cued._finder = _RecordingFinder(cued._finder)
    for text, pos, endpos in [("whose", 0, 80), ("a which", 50, 80), ("which", 3, None), ("x", -5, 2)]:
        cued.search(text, pos, endpos)
    assert cued._finder.asked, "the automaton was not used: the test checks nothing"
    assert all(0 <= start <= end <= length for length, start, end in cued._finder.asked)


def test_cues_are_read_from_the_expression():
    assert required_strings(r"\b(?:recognis|recogniz)\w*") == {"recogni"}
    assert required_strings(r"[;—]|,\s+which") == {";", "—", "which"}  # of "," and "which", the rarer
    assert required_strings(r"x?y*|z") is None  # one alternative may match the empty string: always run
    assert Cued(re.compile(r"\bsince\b", re.IGNORECASE)).may_match("ſince") is True  # re folds ſ into s; lower() does not
    assert Cued(re.compile(r"\bsince\b", re.IGNORECASE)).may_match("ever SINCE then") is True
    assert Cued(re.compile(r"\bsince\b", re.IGNORECASE)).may_match("ever after") is False


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["U.S.", "Mr.", "Kabul", "talks", ". ", ".", "! ", "?", "…", "\n", "\n\n", '."', "’) ",
                                 "  ", " ", "S.", "ended"]), max_size=16))
def test_a_started_expression_finds_what_finditer_finds(pieces):
    text = "".join(pieces)
    for expression in (clauses._SENTENCE_BREAK, re.compile(r"[;,]\s*(?:and|but)\b|\n+")):
        assert [m.span() for m in Started(expression).matches(text)] == [m.span() for m in expression.finditer(text)]


def test_first_characters_are_read_only_where_every_match_has_one():
    assert first_characters(clauses._SENTENCE_BREAK) == {".", "!", "?", "…", "\n"}
    assert first_characters(re.compile(r"(?=x)[ab]c|\bd")) == {"a", "b", "d"}
    assert first_characters(re.compile(r"a?b|c")) == {"a", "b", "c"}
    assert first_characters(re.compile(r"a|c*")) is None  # may match nothing
    assert first_characters(re.compile(r"\s+x")) is None  # a class it does not spell out
    assert first_characters(re.compile(r"ab", re.IGNORECASE)) is None
