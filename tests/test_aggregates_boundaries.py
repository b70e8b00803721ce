"""The aggregate tables equal a recount at their edges: an event dated outside its story's
week (a restated act), events of one day adding up, a week's first moment, a week across two
months, a month's 31st. Written from the surviving mutants of db/aggregates.py (issue #14,
point 2), and for a bug they led to (an edit or correction left a restated event's week stale)."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from db.models import DailyEngagement, EngagementEvent, MonthlyEngagement, WeeklyCount
from db.session import session_scope
from ingest.tag_corrections import add_correction
from test_aggregates import assert_consistent
import test_store
from test_store import MONDAY, story

BACKENDS = ("sqlite", "postgresql")
wire = test_store.wire  # the fixture: polls a local feed into a fresh database, on a clock the test moves

# Published on Monday 3 November 2025; the Russian recognition it restates is dated 1 July.
RESTATED = {"title": "Uzbekistan hosts regional talks on Afghan rail", "link": "https://wire.example.org/rail",
            "guid": "rail", "published": MONDAY,
            "summary": "TASHKENT (AP) — Uzbekistan hosted Taliban ministers for rail talks on Monday. Russia, "
                       "which recognised the Taliban government in July, sent an observer."}
WITHOUT_RUSSIA = RESTATED | {"summary": "TASHKENT (AP) — Uzbekistan hosted Taliban ministers for rail talks on Monday."}


def july_counts(engine) -> tuple[int, int, int]:
    """Russia's recognitions dated July 2025: in the events table, in the daily aggregate
    and in the monthly one. The seed holds one (1 July 2025)."""
    july = (datetime(2025, 7, 1), datetime(2025, 8, 1) - timedelta(microseconds=1))
    with session_scope(engine) as session:
        return (session.scalar(select(func.count()).where(EngagementEvent.actor == "RUS",
                                                          EngagementEvent.event_date.between(*july))),
                session.scalar(select(func.coalesce(func.sum(DailyEngagement.events), 0)).where(
                    DailyEngagement.actor == "RUS", DailyEngagement.day.between("2025-07-01", "2025-07-31"))),
                session.scalar(select(func.coalesce(func.sum(MonthlyEngagement.events), 0)).where(
                    MonthlyEngagement.actor == "RUS", MonthlyEngagement.month == "2025-07")))


def test_a_restated_event_counts_on_its_own_day_and_month(wire):
    _, runtime = wire(RESTATED)
    assert july_counts(runtime.engine) == (2, 2, 2)
    assert_consistent(runtime.engine)


@pytest.mark.parametrize("change", ["edit", "remove", "set"])
def test_a_change_to_a_story_recounts_the_weeks_of_its_restated_events(wire, change):
    """Regression: an edit or a correction recounted only the story's own week, so an event it
    dropped that was dated months earlier stayed in July's daily and monthly counts."""
    _, runtime = wire(RESTATED)
    if change == "edit":  # the outlet rewrote the item without the Russian recognition
        _, runtime = wire(WITHOUT_RUSSIA)
    else:  # the analyst says the story reports no Russian recognition, or a lower level today
        with session_scope(runtime.engine, write=True) as session:
            add_correction(session, story(runtime.engine, RESTATED["link"]).id, "engagement", "RUS", change,
                           level="technical" if change == "set" else None)
    assert july_counts(runtime.engine) == (1, 1, 1)
    assert_consistent(runtime.engine)


def test_an_edit_that_adds_a_restated_event_counts_it_on_its_own_day(wire):
    _, runtime = wire(WITHOUT_RUSSIA)
    assert july_counts(runtime.engine) == (1, 1, 1)
    _, runtime = wire(RESTATED)
    assert july_counts(runtime.engine) == (2, 2, 2)
    assert_consistent(runtime.engine)


# ---- counts that add up, in one poll and across polls ----------------------------------------

UZBEK_RAIL = {"title": "Uzbekistan signs rail deal with Taliban government", "link": "https://wire.example.org/uzb-1",
              "guid": "uzb-1", "summary": "Officials signed the deal in Tashkent.", "published": MONDAY}
UZBEK_TRADE = {"title": "Uzbek officials sign trade pact with Taliban in Termez", "link": "https://wire.example.org/uzb-2",
               "guid": "uzb-2", "summary": "Officials signed the pact at the border.", "published": MONDAY + timedelta(hours=1)}
JAPAN = {"title": "Japan pledges food aid for Afghan returnees", "link": "https://wire.example.org/jpn-1",
         "guid": "jpn-1", "summary": "Tokyo will fund WFP in Kabul.", "published": MONDAY - timedelta(days=6)}
JAPAN_AGAIN = {"title": "Tokyo announces new food aid for Afghan returnees", "link": "https://wire.example.org/jpn-2",
               "guid": "jpn-2", "summary": "Japan will fund WFP in Kabul again.", "published": MONDAY - timedelta(days=6)}
QATAR = {"title": "Qatar hosts Taliban delegation for talks", "link": "https://wire.example.org/qat",
         "guid": "qat", "summary": "Talks in Doha covered detainees.", "published": MONDAY + timedelta(days=1)}


def daily(engine, day: str, actor: str) -> list[tuple[str, int]]:
    with session_scope(engine) as session:
        return [tuple(row) for row in session.execute(select(DailyEngagement.level, DailyEngagement.events).where(
            DailyEngagement.day == day, DailyEngagement.actor == actor))]


def weekly_stories(engine, week: str) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(WeeklyCount.stories).where(WeeklyCount.week == week, WeeklyCount.kind == "all"))


def test_events_of_one_day_add_up_when_stored_and_when_recounted(wire):
    """Two stories of one actor, level and day count 2, whether new or recounted after an edit;
    a later poll adds its new stories to the weeks already counted, once each."""
    _, runtime = wire(UZBEK_RAIL, UZBEK_TRADE, JAPAN)
    assert daily(runtime.engine, "2025-11-03", "UZB") == [("high_level_contact", 2)]
    assert_consistent(runtime.engine)
    edited = UZBEK_RAIL | {"summary": "Officials signed the deal in Tashkent on Monday."}
    _, runtime = wire(edited, UZBEK_TRADE, QATAR, JAPAN, JAPAN_AGAIN)  # an edit, a new story in its week and in another
    assert daily(runtime.engine, "2025-11-03", "UZB") == [("high_level_contact", 2)]
    assert daily(runtime.engine, "2025-10-28", "JPN") == [("humanitarian", 2)]
    assert (weekly_stories(runtime.engine, "2025-10-27"), weekly_stories(runtime.engine, "2025-11-03")) == (2, 3)
    assert_consistent(runtime.engine)


# ---- the edges of a week and of a month ------------------------------------------------------

UTC = timezone.utc


@pytest.mark.parametrize("corrected, neighbour", [
    # the neighbour is stored at the very first moment of the next week, the corrected story's week is recounted
    (JAPAN | {"published": datetime(2025, 10, 31, 9, 0, tzinfo=UTC)},
     UZBEK_RAIL | {"published": datetime(2025, 11, 3, 0, 0, tzinfo=UTC)}),
    # a Sunday, 1 June, in a week that began in May: the week's last day and the month after are recounted
    (UZBEK_RAIL | {"published": datetime(2025, 6, 1, 9, 0, tzinfo=UTC)},
     JAPAN | {"published": datetime(2025, 6, 2, 9, 0, tzinfo=UTC)}),
    # the 31st of a month (a Sunday too)
    (UZBEK_RAIL | {"published": datetime(2025, 8, 31, 9, 0, tzinfo=UTC)},
     JAPAN | {"published": datetime(2025, 8, 29, 9, 0, tzinfo=UTC)}),
], ids=["monday-midnight", "week-across-months", "the-31st"])
def test_a_correction_at_the_edge_of_a_week_or_month_keeps_the_aggregates_true(wire, corrected, neighbour):
    _, runtime = wire(corrected, neighbour)
    actor = "JPN" if corrected["guid"].startswith("jpn") else "UZB"
    with session_scope(runtime.engine, write=True) as session:
        add_correction(session, story(runtime.engine, corrected["link"]).id, "engagement", actor, "set", level="technical")
    assert daily(runtime.engine, corrected["published"].date().isoformat(), actor) == [("technical", 1)]
    assert_consistent(runtime.engine)
