"""The one definition of "stories matching a filter", used by dashboard, CLI and export."""
from datetime import date

import pytest

from db.queries import QueryError, StoryFilter, count_stories, to_fts5
from db.records import story_records
from db.session import session_scope

BACKENDS = ("sqlite", "postgresql")  # every database test here runs on both


def titles(runtime, **filter_args):
    """Titles of the matching stories; a story carried by two feeds keeps the first
    feed's title, which may end in " - Atom Desk", so that suffix is dropped."""
    with session_scope(runtime.engine) as session:
        return [r["title"].removesuffix(" - Atom Desk") for r in story_records(session, StoryFilter(**filter_args))]


def test_no_filter_lists_every_story_newest_first(populated):
    found = titles(populated)
    assert len(found) == 8  # 7 relevant fixture stories + the seed
    with session_scope(populated.engine) as session:
        dates = [r["published_at"] for r in story_records(session, StoryFilter())]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("filter_args, expected", [
    ({"actors": ("DEU",)}, {"Germany deports 81 Afghan offenders on charter flight",
                            "The Taliban are reaching out — and some countries are responding"}),
    ({"topics": ("trade_transit",), "since": date(2025, 10, 1)},
     {"Uzbekistan signs rail transit deal with Taliban government"}),
    ({"levels": ("recognition",)}, {"The Taliban are reaching out — and some countries are responding"}),
    ({"sources": ("RDF",)}, {"UN Security Council extends UNAMA mandate"}),
    ({"since": date(2025, 10, 16), "until": date(2025, 10, 16)}, {"Japan pledges food aid for Afghan returnees"}),
    ({"query": '"charter flight"'}, {"Germany deports 81 Afghan offenders on charter flight"}),
    ({"query": "Japan OR Qatar"}, {"Japan pledges food aid for Afghan returnees",
                                   "Qatar hosts Taliban delegation for talks on detained Americans"}),
    ({"query": "Afghan* NOT Pakistan", "topics": ("humanitarian_aid",)}, {"Japan pledges food aid for Afghan returnees"}),
    ({"query": "railway AND Uzbek"}, {"Uzbekistan signs rail transit deal with Taliban government"}),
])
def test_filters(populated, filter_args, expected):
    assert set(titles(populated, **filter_args)) == expected


def test_level_filter_combines_with_actor(populated):
    assert titles(populated, actors=("QAT",), levels=("high_level_contact",)) == [
        "Qatar hosts Taliban delegation for talks on detained Americans"]
    assert titles(populated, actors=("JPN",), levels=("recognition",)) == []


def test_count_matches_records(populated):
    flt = StoryFilter(topics=("migration_deportation",))
    with session_scope(populated.engine) as session:
        assert count_stories(session, flt) == len(story_records(session, flt)) > 0


@pytest.mark.parametrize("query, expected", [
    ("taliban recognition", '"taliban" AND "recognition"'),
    ('"travel ban" OR waiver', '"travel ban" OR "waiver"'),
    ("deport* NOT Germany", '"deport" * NOT "Germany"'),
    ("(Russia OR China) AND embassy", '( "Russia" OR "China" ) AND "embassy"'),
    ("ISIS-K: attack", '"ISIS-K:" AND "attack"'),
])
def test_search_syntax_is_translated_safely(query, expected):
    assert to_fts5(query) == expected


@pytest.mark.parametrize("query", ['"unclosed', "(Russia", "Russia OR", ")"])
def test_bad_searches_say_why(query):
    with pytest.raises(QueryError):
        to_fts5(query)
