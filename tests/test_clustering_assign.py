"""Which event a new story joins (ingest/clustering/assign.py, issue #18): single link over
a busy month chained different happenings through one report in common each; a big event
takes a story in only when it reports the same happening as half the reports it was
compared with, or is worded like one of them. The pair decisions are stubbed here, so
that the rule is read alone; match.py's are tested in test_clustering_happenings.py."""
from datetime import datetime, timedelta

import pytest

from db.session import open_database, session_scope
from ingest.clustering import assign
from ingest.clustering.features import StoryFeatures

MOMENT = datetime(2026, 9, 1, 8)
KEY = 7


def _story(story_id: int, hours: float = 0.0, cluster_id: int | None = None) -> StoryFeatures:
    return StoryFeatures(story_id, MOMENT + timedelta(hours=hours), frozenset({"flood"}), cluster_id=cluster_id,
                         keys=[KEY])


def _event_of(size: int) -> list[StoryFeatures]:
    """`size` stored reports of one event (cluster 1), each sharing the new story's key."""
    return [_story(number, hours=-number, cluster_id=1) for number in range(1, size + 1)]


@pytest.fixture
def clustering(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'monitor.db'}")
    with session_scope(engine, write=True) as session:
        yield lambda reports: _with_reports(assign._Clustering(session, []), reports)
    engine.dispose()


def _with_reports(clustering, reports: list[StoryFeatures]):
    clustering.by_key[KEY] = list(reports)
    clustering.spans[1] = [min(r.published_at for r in reports), max(r.published_at for r in reports)]
    return clustering


def _same_as(ids: set[int]):
    return lambda story, candidate: assign.SAME if candidate.story_id in ids else "apart"


@pytest.mark.parametrize("size, matched, joins", [
    (4, {1}, False),  # one report in four, by weaker evidence: another happening chained in
    (4, {1, 2}, True),  # half of them: the same happening
    (3, {1}, True),  # a small event is read by single link, as before
])
def test_a_big_event_takes_a_story_only_when_half_its_reports_say_so(clustering, monkeypatch, size, matched, joins):
    monkeypatch.setattr(assign, "verdict", _same_as(matched))
    monkeypatch.setattr(assign, "worded_alike", lambda story, candidate: False)
    found, _, _ = clustering(_event_of(size))._matching_clusters(_story(99))
    assert (found == {1}) is joins


def test_a_story_worded_like_one_report_joins_a_big_event(clustering, monkeypatch):
    monkeypatch.setattr(assign, "verdict", _same_as({1}))
    monkeypatch.setattr(assign, "worded_alike", lambda story, candidate: candidate.story_id == 1)
    found, alike, _ = clustering(_event_of(5))._matching_clusters(_story(99))
    assert found == {1} and alike == {1}


def test_a_story_matching_two_events_joins_the_one_it_is_worded_closest_to(clustering, monkeypatch):
    """heldout70: a checkpoint bomb's second report recalled the week's earlier attack as the
    reports of the raid on its cell did, matched the raid's event as well as its own, and joined
    the raid's for its lower id; it belongs with the report it shares most words with."""
    monkeypatch.setattr(assign, "verdict", lambda story, candidate: assign.SAME)
    monkeypatch.setattr(assign, "worded_alike", lambda story, candidate: False)
    words = frozenset({"bomb", "checkpoint", "culvert", "police", "highway"})
    raid = StoryFeatures(1, MOMENT - timedelta(hours=40), frozenset({"bomb", "raid", "cell"}), cluster_id=1, keys=[KEY])
    own = StoryFeatures(2, MOMENT - timedelta(hours=5), words | {"claimed"}, cluster_id=2, keys=[KEY])
    clusters = clustering([raid, own])
    clusters.spans[1], clusters.spans[2] = [raid.published_at] * 2, [own.published_at] * 2
    story = StoryFeatures(3, MOMENT, words | {"shopkeeper"}, keys=[KEY])
    clusters.place(story)
    assert story.cluster_id == 2
