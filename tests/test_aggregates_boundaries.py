"""The aggregate tables equal a recount at their edges: an event dated outside its story's
week (a restated act), days at the ends of a week and of a month, a story edited into another
week. Written from the surviving mutants of db/aggregates.py (issue #14, point 2)."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import DailyEngagement, EngagementEvent, MonthlyEngagement
from db.session import session_scope
from ingest.store import add_correction
from test_aggregates import assert_consistent
from test_store import MONDAY, story, wire  # noqa: F401  (wire: the fixture)

BACKENDS = ("sqlite", "postgresql")

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
