"""Issue #18: the Attention charts show periods without stories as zeros (one story in
2014 and one in 2024 are not ten years of coverage), the unit follows the span shown,
and attention can be counted in events as well as in stories."""
from datetime import date, datetime

from db.attention import attention_counts, unit_for_span
from db.models import Story
from db.queries import StoryFilter
from db.session import session_scope
from ingest.clustering import join_stories, recluster_all

BACKENDS = ("sqlite", "postgresql")


def add_story(session, story_id, published, actor="PAK"):
    from db.models import Tag

    session.add(Story(id=story_id, url=f"https://x.example/{story_id}", title=f"story {story_id}", summary="",
                      published_at=published, first_seen_at=published, updated_at=published, content_hash="h",
                      title_key=f"k{story_id}"))
    session.flush()
    session.add(Tag(story_id=story_id, kind="actor", value=actor, tagger_version="t", role="participant"))


def test_unit_follows_the_span():
    assert unit_for_span(date(2025, 1, 1), date(2025, 1, 31)) == "day"
    assert unit_for_span(date(2025, 1, 1), date(2025, 12, 31)) == "week"
    assert unit_for_span(date(2014, 1, 1), date(2024, 12, 31)) == "month"


def test_weeks_without_stories_are_zeros(runtime):
    with session_scope(runtime.engine, write=True) as session:
        add_story(session, 1001, datetime(2025, 3, 3, 9))
        add_story(session, 1002, datetime(2025, 3, 31, 9))
    with session_scope(runtime.engine) as session:
        frame = attention_counts(session, StoryFilter(actors=("PAK",), since=date(2025, 3, 1), until=date(2025, 4, 6)),
                                 "actor", "week", "stories")
    pak = frame[frame["value"] == "PAK"].set_index("period")["count"]
    assert list(pak.index.strftime("%Y-%m-%d")) == ["2025-02-24", "2025-03-03", "2025-03-10", "2025-03-17",
                                                    "2025-03-24", "2025-03-31"]
    assert list(pak) == [0, 1, 0, 0, 0, 1]  # the three weeks between are zeros, not a line across


def test_events_count_one_happening_once(runtime):
    with session_scope(runtime.engine, write=True) as session:
        for number in range(3):
            add_story(session, 2001 + number, datetime(2025, 5, 5, 8 + number))
        session.flush()
        recluster_all(session)
        join_stories(session, 2001, 2002)
        join_stories(session, 2001, 2003)
    flt = StoryFilter(actors=("PAK",), since=date(2025, 5, 1), until=date(2025, 5, 10))
    with session_scope(runtime.engine) as session:
        stories = attention_counts(session, flt, "actor", "day", "stories")
        events = attention_counts(session, flt, "actor", "day", "events")
    day = lambda frame: int(frame[(frame["value"] == "PAK") & (frame["period"] == "2025-05-05")]["count"].iloc[0])
    assert day(stories) == 3 and day(events) == 1
    assert len(stories[stories["value"] == "PAK"]) == 10  # every day of the span, zeros included
