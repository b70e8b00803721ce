"""The weekly aggregates always agree with the rows they summarise."""
from sqlalchemy import func, select

from db.aggregates import week_of
from db.models import DailyEngagement, EngagementEvent, MonthlyEngagement, Story, Tag, WeeklyCount
from db.session import session_scope
from ingest.cli import main

BACKENDS = ("sqlite", "postgresql")  # every database test here runs on both


def recount(engine):
    """Counts straight from the base tables, and as the aggregate tables hold them."""
    with session_scope(engine) as session:
        stories = session.execute(select(Story.published_at, Story.id)).all()
        tags = session.execute(select(Story.published_at, Tag.kind, Tag.value, Story.id)
                               .join(Tag, Tag.story_id == Story.id)).all()
        events = session.execute(select(EngagementEvent.event_date, EngagementEvent.actor, EngagementEvent.level,
                                        EngagementEvent.score)).all()
        stored_counts = {(w.week, w.kind, w.value): w.stories for w in session.scalars(select(WeeklyCount))}
        stored_events = {(w.day, w.actor, w.level): (w.events, round(w.score_sum, 3))
                         for w in session.scalars(select(DailyEngagement))}
        stored_months = {(m.month, m.actor, m.level): (m.events, round(m.score_sum, 3), m.first_day, m.last_day)
                         for m in session.scalars(select(MonthlyEngagement))}
    counts = {}
    for published, _ in stories:
        counts[(week_of(published), "all", "")] = counts.get((week_of(published), "all", ""), 0) + 1
    per_story = {}
    for published, kind, value, story_id in tags:
        key = (week_of(published), kind, value)
        counts[key] = counts.get(key, 0) + 1
        per_story.setdefault((week_of(published), story_id), []).append((kind, value))
    for (week, _), story_tags in per_story.items():
        for actor in {v for k, v in story_tags if k == "actor"}:
            for topic in {v for k, v in story_tags if k == "topic"}:
                key = (week, "pair", f"{actor}|{topic}")
                counts[key] = counts.get(key, 0) + 1
    expected_events = {}
    for when, actor, level, score in events:
        n, total = expected_events.get((when.strftime("%Y-%m-%d"), actor, level), (0, 0.0))
        expected_events[(when.strftime("%Y-%m-%d"), actor, level)] = (n + 1, round(total + score, 3))
    expected_months = {}
    for (day, actor, level), (n, total) in sorted(expected_events.items()):
        key = (day[:7], actor, level)
        before = expected_months.get(key, (0, 0.0, day, day))
        expected_months[key] = (before[0] + n, round(before[1] + total, 3), before[2], day)
    return counts, stored_counts, expected_events, stored_events, expected_months, stored_months


def assert_consistent(engine):
    counts, stored_counts, events, stored_events, months, stored_months = recount(engine)
    assert stored_counts == counts
    assert stored_events == events
    assert stored_months == months


def test_aggregates_follow_ingest_updates_corrections_and_retag(populated, feed_server):
    assert_consistent(populated.engine)  # seed + first poll
    feed_server.add_fixture("/rss.xml", "updated_rss20.xml")
    config = str(populated.config.path)
    assert main(["once", "--config", config]) == 0
    assert_consistent(populated.engine)  # an updated item
    with session_scope(populated.engine) as session:
        story_id = session.scalar(select(Story.id).where(Story.title.like("Japan%")))
    assert main(["correct", str(story_id), "--config", config, "--add-actor", "KOR"]) == 0
    assert main(["correct", str(story_id), "--config", config, "--set-level", "KOR", "humanitarian"]) == 0
    assert_consistent(populated.engine)
    assert main(["retag", "--config", config]) == 0
    assert_consistent(populated.engine)
    with session_scope(populated.engine) as session:
        assert session.scalar(select(func.sum(WeeklyCount.stories)).where(WeeklyCount.kind == "all")) == \
            session.scalar(select(func.count(Story.id)))


def test_dashboard_figures_from_aggregates_equal_the_live_queries(populated):
    """Every fixture story is in English, so a language filter gives the same stories
    while forcing the live queries instead of the aggregates."""
    from datetime import date

    import pandas as pd

    from db import engagement, queries
    from db.queries import StoryFilter

    def compute(flt):
        with session_scope(populated.engine) as session:
            actors = engagement.most_engaged(session, flt, 20)
            return {
                "ladder": engagement.status_ladder(session, flt),
                "monthly": engagement.monthly_levels(session, flt, actors).sort_values(["actor", "month"]).reset_index(drop=True),
                "weekly": engagement.weekly_cooperation(session, flt, actors).reset_index(drop=True),
                "actors": sorted(actors),
                "engaging": engagement.actors_engaging(session, flt),
                "topics": queries.weekly_tag_counts(session, flt, "topic").reset_index(drop=True),
                "interactions": engagement.interactions(session, flt).reset_index(drop=True),
                "firsts": engagement.firsts(session, flt).reset_index(drop=True),
            }

    aggregated, live = compute(StoryFilter()), compute(StoryFilter(languages=("en",)))
    assert len(aggregated["ladder"]) >= 5
    # whole months come from monthly_engagement, other dates from daily_engagement
    for since, until in ((date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 3, 14), None)):
        by_dates = compute(StoryFilter(since=since, until=until))
        live_by_dates = compute(StoryFilter(since=since, until=until, languages=("en",)))
        assert by_dates["actors"] == live_by_dates["actors"] and by_dates["engaging"] == live_by_dates["engaging"]
        assert len(by_dates["monthly"]) > 0 and len(by_dates["interactions"]) > 0
        pd.testing.assert_frame_equal(by_dates["interactions"], live_by_dates["interactions"], check_dtype=False)
        pd.testing.assert_frame_equal(by_dates["firsts"], live_by_dates["firsts"], check_dtype=False)
        pd.testing.assert_frame_equal(by_dates["monthly"][["actor", "month", "score", "events", "level"]],
                                      live_by_dates["monthly"][["actor", "month", "score", "events", "level"]],
                                      check_dtype=False)
    pd.testing.assert_frame_equal(aggregated["ladder"], live["ladder"], check_dtype=False)
    columns = ["actor", "month", "score", "events", "level"]
    pd.testing.assert_frame_equal(aggregated["monthly"][columns], live["monthly"][columns], check_dtype=False)
    pd.testing.assert_frame_equal(aggregated["weekly"], live["weekly"], check_dtype=False)
    pd.testing.assert_frame_equal(aggregated["topics"], live["topics"], check_dtype=False)
    assert aggregated["actors"] == live["actors"] and aggregated["engaging"] == live["engaging"]
    pd.testing.assert_frame_equal(aggregated["interactions"], live["interactions"], check_dtype=False)
    pd.testing.assert_frame_equal(aggregated["firsts"], live["firsts"], check_dtype=False)


def test_topic_mix_from_aggregates_equals_the_live_count(populated):
    from db.queries import StoryFilter, topic_mix

    with session_scope(populated.engine) as session:
        for actor in ("PAK", "DEU", "UN"):
            aggregated = topic_mix(session, StoryFilter(), actor).sort_values("value").reset_index(drop=True)
            live = topic_mix(session, StoryFilter(languages=("en",)), actor).sort_values("value").reset_index(drop=True)
            assert aggregated.to_dict("records") == live.to_dict("records") and len(live) > 0
