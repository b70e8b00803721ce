"""The clustering stage at write time: each new story joins the event of an earlier story
about the same happening, or starts its own; a story that matches two events merges them.

Incremental by design: the candidates of a batch of new stories are the stored stories
that share an LSH band key with one of them *within the time window*, found by the
(key, published_at) index of `cluster_keys`; only those are read and compared. Nothing
is recomputed over the whole database per poll, whatever its size.

A cluster's id is the id of one of its stories (its first, unless that one was split
out), so new clusters need no round trip for ids.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from db.models import Cluster, ClusterCorrection, ClusterKey, EngagementEvent, Story, Tag
from db.session import insert_plain_rows, update_plain_rows
from ingest.clustering.features import StoryFeatures, features_of
from ingest.clustering.match import CONFLICT, SAME, WINDOW, verdict
from ingest.clustering.stats import refresh_clusters


# A band key shared by more stories than this in the window is skipped: such keys are
# pairs of everyday words, and reading their stories would make a poll's work grow
# with the traffic instead of with the poll.
MAX_STORIES_PER_KEY = 50


def cluster_stories(session: Session, new: list[StoryFeatures], touched_story_ids=()) -> None:
    """Give every story of `new` (stored, without a cluster yet) its event, in the
    caller's transaction; `touched_story_ids` are older stories that gained a source,
    whose events' outlet counts change."""
    clusters = _Clustering(session, new)
    for story in sorted(new, key=lambda f: (f.published_at, f.story_id)):
        clusters.place(story)
    clusters.write(touched_story_ids)


class _Clustering:
    """The candidates of one batch and the clusters they form, written at the end."""

    def __init__(self, session: Session, new: list[StoryFeatures]):
        self.session = session
        self.new = new
        self.by_key: dict[int, list[StoryFeatures]] = {}
        self.spans: dict[int, list[datetime]] = {}  # cluster id -> [first, last] published
        self.merged_into: dict[int, int] = {}
        self.pinned: set[int] = set()  # stories split out by an analyst: they join nothing
        self._load_candidates()

    def _load_candidates(self) -> None:
        keys = sorted({key for story in self.new for key in story.keys})
        if not keys:
            return
        earliest = min(s.published_at for s in self.new) - WINDOW
        latest = max(s.published_at for s in self.new) + WINDOW
        by_key: dict[int, list[int]] = {}
        for chunk in _chunks(keys):
            for key, story_id in self.session.execute(
                    select(ClusterKey.key, ClusterKey.story_id).where(
                        ClusterKey.key.in_(chunk), ClusterKey.published_at.between(earliest, latest))):
                by_key.setdefault(key, []).append(story_id)
        hits: dict[int, list[int]] = {}
        for key, story_ids in by_key.items():
            if len(story_ids) <= MAX_STORIES_PER_KEY:  # else a pair of everyday words: it tells nothing
                for story_id in story_ids:
                    hits.setdefault(story_id, []).append(key)
        stored = stored_features(self.session, list(hits))
        for story_id, story_keys in hits.items():
            if story_id in stored and stored[story_id].cluster_id is not None:
                for key in story_keys:
                    self.by_key.setdefault(key, []).append(stored[story_id])
        cluster_ids = {f.cluster_id for f in stored.values() if f.cluster_id is not None}
        for chunk in _chunks(sorted(cluster_ids)):
            for cid, first, last in self.session.execute(
                    select(Cluster.id, Cluster.first_published_at, Cluster.last_published_at)
                    .where(Cluster.id.in_(chunk))):
                self.spans[cid] = [first, last]
        for chunk in _chunks(list(hits)):
            self.pinned.update(self.session.scalars(select(ClusterCorrection.story_id).where(
                ClusterCorrection.story_id.in_(chunk), ClusterCorrection.action == "split")))

    def resolve(self, cluster_id: int) -> int:
        while cluster_id in self.merged_into:
            cluster_id = self.merged_into[cluster_id]
        return cluster_id

    def place(self, story: StoryFeatures) -> None:
        """Join `story` to the events it matches (merging them when they fit one
        window together), or start a new event with it."""
        matches = self._matching_clusters(story)
        if not matches:
            story.cluster_id = story.story_id
            self.spans[story.story_id] = [story.published_at, story.published_at]
        else:
            target = min(matches)
            for other in sorted(matches - {target}):
                if self._span_fits(self.spans[target], self.spans[other]):
                    self.merged_into[other] = target
                    self.spans[target] = _union(self.spans[target], self.spans.pop(other))
            story.cluster_id = target
            self.spans[target] = _union(self.spans[target], [story.published_at, story.published_at])
        for key in story.keys:
            self.by_key.setdefault(key, []).append(story)

    def _matching_clusters(self, story: StoryFeatures) -> set[int]:
        """The events with a story that reports the same happening as `story` and none
        that contradicts it (single link alone would chain a border closure to the
        reopening three days later through one story that names no level)."""
        seen, matches, vetoed = set(), set(), set()
        fits: dict[int, bool] = {}
        moment = [story.published_at] * 2
        for key in story.keys:
            candidates = self.by_key.get(key, ())
            if len(candidates) > MAX_STORIES_PER_KEY:
                continue
            for candidate in candidates:
                if candidate.story_id in seen or candidate.story_id in self.pinned:
                    continue
                seen.add(candidate.story_id)
                cluster = self.resolve(candidate.cluster_id)
                if cluster not in fits:
                    span = self.spans.get(cluster)
                    fits[cluster] = bool(span) and self._span_fits(span, moment)
                if not fits[cluster] or cluster in vetoed:
                    continue
                found = verdict(story, candidate)
                if found == CONFLICT:
                    vetoed.add(cluster)
                elif found == SAME:
                    matches.add(cluster)
        return matches - vetoed

    @staticmethod
    def _span_fits(a: list[datetime], b: list[datetime]) -> bool:
        return max(a[1], b[1]) - min(a[0], b[0]) <= WINDOW

    def write(self, touched_story_ids) -> None:
        """Store the batch's clusters, merges and keys, then refresh the touched events."""
        for story in self.new:
            story.cluster_id = self.resolve(story.cluster_id)
        update_plain_rows(self.session, Story.__table__,
                          [{"id": s.story_id, "cluster_id": s.cluster_id} for s in self.new])
        for old in self.merged_into:
            self.session.execute(update(Story).where(Story.cluster_id == old).values(cluster_id=self.resolve(old)))
        insert_plain_rows(self.session, ClusterKey.__table__, [
            {"key": key, "story_id": s.story_id, "published_at": s.published_at} for s in self.new for key in s.keys])
        affected = {s.cluster_id for s in self.new} | {self.resolve(c) for c in self.merged_into}
        if touched_story_ids:
            for chunk in _chunks(sorted(set(touched_story_ids))):
                affected.update(c for c in self.session.scalars(
                    select(Story.cluster_id).where(Story.id.in_(chunk))) if c is not None)
        refresh_clusters(self.session, affected, gone=set(self.merged_into))


def stored_features(session: Session, story_ids: list[int], with_keys: bool = False) -> dict[int, StoryFeatures]:
    """Stored stories' features, read in a few queries (text, actors, topics, levels)."""
    rows: dict[int, tuple] = {}
    actors: dict[int, list] = {}
    topics: dict[int, list] = {}
    levels: dict[int, list] = {}
    for chunk in _chunks(sorted(story_ids)):
        for row in session.execute(select(Story.id, Story.published_at, Story.title, Story.summary, Story.cluster_id)
                                   .where(Story.id.in_(chunk))):
            rows[row[0]] = row
        for story_id, kind, value, role in session.execute(
                select(Tag.story_id, Tag.kind, Tag.value, Tag.role).where(Tag.story_id.in_(chunk))):
            if kind == "actor":
                actors.setdefault(story_id, []).append((value, role))
            else:
                topics.setdefault(story_id, []).append(value)
        for story_id, actor, level in session.execute(
                select(EngagementEvent.story_id, EngagementEvent.actor, EngagementEvent.level)
                .where(EngagementEvent.story_id.in_(chunk), EngagementEvent.background.is_(False))):
            levels.setdefault(story_id, []).append((actor, level))
    found = {}
    for story_id, (_, published, title, summary, cluster_id) in rows.items():
        features = features_of(story_id, published, title, summary or "", actors.get(story_id, []),
                               levels.get(story_id, []), topics.get(story_id, []), with_keys)
        features.cluster_id = cluster_id
        found[story_id] = features
    return found


def detach_stories(session: Session, story_ids: list[int]) -> None:
    """Take stories out of their events (their keys too), so they can be placed again;
    the events they leave keep a story's id and get fresh figures."""
    from ingest.clustering.stats import renumber_and_refresh

    left = set()
    for chunk in _chunks(sorted(story_ids)):
        left.update(c for c in session.scalars(select(Story.cluster_id).where(Story.id.in_(chunk))) if c is not None)
        session.execute(update(Story).where(Story.id.in_(chunk)).values(cluster_id=None))
        session.execute(delete(ClusterKey).where(ClusterKey.story_id.in_(chunk)))
    renumber_and_refresh(session, left)


def _union(a: list[datetime], b: list[datetime]) -> list[datetime]:
    return [min(a[0], b[0]), max(a[1], b[1])]


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]
