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

import bisect
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from db.models import Cluster, ClusterCorrection, ClusterKey, EngagementEvent, Story, Tag
from db.session import driver_date, insert_plain_values, read_rows, update_plain_rows
from ingest.clustering.features import FIGURE_SLOT, StoryFeatures, band_keys, content_stems, features_of
from ingest.clustering.happenings import (
    ATTACK_WORDS, PLACE_SLOT, SHARED_TARGET_WORDS, anchors, kinds, specific_names,
)
from ingest.clustering.steps import PARTY_SLOT, STEP_SLOT, step_keys
from ingest.clustering.match import CONFLICT, SAME, SIMILAR_FIGURE_AND_PARTY, WINDOW, similarity, verdict, worded_alike
from ingest.clustering.stats import new_event_figures, refresh_clusters


# A band key shared by more stories than this in the window is skipped: such keys are
# pairs of everyday words, and reading their stories would make a poll's work grow
# with the traffic instead of with the poll.
MAX_STORIES_PER_KEY = 50
# A candidate whose words are this far from every new story sharing a key with it is
# not read further (its tags): below any threshold of match.py, with room for vetoes.
WORTH_COMPARING = 0.15
# An event whose reports a new story was compared with, this many or more, takes it in only
# if it reports the same happening as half of them or is worded like one of them: one
# report in common by weaker evidence (a place, a figure) chained a month of Herat's
# floods, clashes and deportations into one event (the interleaved sets, 2 seeds: wrong
# pairs 3,078 -> 2,341; no labelled set's pairs change).
MIN_COMPARED = 4
MIN_SHARE = 2


def cluster_stories(session: Session, new: list[StoryFeatures], touched_story_ids=(), seen=None) -> None:
    """Give every story of `new` (stored, without a cluster yet) its event, in the
    caller's transaction; `touched_story_ids` are older stories that gained a source,
    whose events' outlet counts change. `seen`: story id -> (first seen, outlet names)
    of the stories of `new` as just written, for the figures of the events they make
    alone (without it, every event's are counted by query)."""
    clusters = _Clustering(session, new)
    for story in sorted(new, key=lambda f: (f.published_at, f.story_id)):
        clusters.place(story)
    clusters.write(touched_story_ids, seen or {})


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
        near = _NearInTime(self.new)
        hits: dict[int, list[int]] = {}
        for chunk in _chunks(keys):
            in_window = (ClusterKey.key.in_(chunk), ClusterKey.published_at.between(earliest, latest))
            telling = (select(ClusterKey.key).where(*in_window).group_by(ClusterKey.key)
                       .having(func.count() <= MAX_STORIES_PER_KEY))  # else two everyday words: they tell nothing
            for key, story_id, published in read_rows(self.session,
                    select(ClusterKey.key, ClusterKey.story_id, ClusterKey.published_at)
                    .where(*in_window, ClusterKey.key.in_(telling))):
                if near(key, published):
                    hits.setdefault(story_id, []).append(key)
        stored = self._worth_comparing(hits)
        for story_id, story_keys in hits.items():
            if story_id in stored and stored[story_id].cluster_id is not None:
                for key in story_keys:
                    self.by_key.setdefault(key, []).append(stored[story_id])
        cluster_ids = {f.cluster_id for f in stored.values() if f.cluster_id is not None}
        for chunk in _chunks(sorted(cluster_ids)):
            for cid, first, last in read_rows(self.session,
                    select(Cluster.id, Cluster.first_published_at, Cluster.last_published_at)
                    .where(Cluster.id.in_(chunk))):
                self.spans[cid] = [first, last]
        if hits:  # analysts' splits are few: read whole, not looked up by hundreds of candidate ids
            self.pinned = hits.keys() & {story_id for story_id, in read_rows(
                self.session, select(ClusterCorrection.story_id).where(ClusterCorrection.action == "split"))}

    def _worth_comparing(self, hits: dict[int, list[int]]) -> dict[int, StoryFeatures]:
        """The features of the candidates whose words come anywhere near a new story's
        that shares a key with them: their text first (stems cached), then the tags of
        those worth comparing, so most candidates cost one row and no tag query."""
        texts = _texts(self.session, list(hits))
        new_by_key: dict[int, list[StoryFeatures]] = {}
        for story in self.new:
            for key in story.keys:
                new_by_key.setdefault(key, []).append(story)
        worth = [story_id for story_id, story_keys in hits.items() if story_id in texts and any(
            _worth_reading(texts[story_id][1], new.stems, key)
            for key in story_keys for new in new_by_key.get(key, ()))]
        return _with_tags(self.session, {story_id: texts[story_id] for story_id in worth})

    def resolve(self, cluster_id: int) -> int:
        while cluster_id in self.merged_into:
            cluster_id = self.merged_into[cluster_id]
        return cluster_id

    def place(self, story: StoryFeatures) -> None:
        """Join `story` to the events it matches, or start a new event with it. A story
        worded like reports of two events merges them (when they fit one window
        together); one that joins an event by weaker evidence (a name, a figure, the
        same step the same day) joins that event alone: among a busy week's news such
        evidence chained the reports of the same actors' different happenings into one."""
        matches, alike, closest = self._matching_clusters(story)
        if not matches:
            story.cluster_id = story.story_id
            self.spans[story.story_id] = [story.published_at, story.published_at]
        else:
            target = min(alike) if alike else closest
            for other in sorted(alike - {target}):
                if self._span_fits(self.spans[target], self.spans[other]):
                    self.merged_into[other] = target
                    self.spans[target] = _union(self.spans[target], self.spans.pop(other))
            story.cluster_id = target
            self.spans[target] = _union(self.spans[target], [story.published_at, story.published_at])
        for key in story.keys:
            self.by_key.setdefault(key, []).append(story)

    def _matching_clusters(self, story: StoryFeatures) -> tuple[set[int], set[int], int | None]:
        """The events with a story that reports the same happening as `story` and none
        that contradicts it (single link alone would chain a border closure to the
        reopening three days later through one story that names no level), and, of the
        big ones, only those it matches by half their compared reports or by wording
        (MIN_COMPARED); those with a story worded like it (match.worded_alike); and the match holding
        the report closest in words, which a story matching two events joins (not the older by id)."""
        seen, matches, vetoed, alike = set(), set(), set(), set()
        compared: dict[int, int] = {}
        same: dict[int, int] = {}
        nearest: dict[int, float] = {}
        fits: dict[int, bool] = {}
        moment = [story.published_at] * 2
        earliest, latest = story.published_at - WINDOW, story.published_at + WINDOW
        for key in story.keys:
            candidates = self.by_key.get(key, ())
            if len(candidates) > MAX_STORIES_PER_KEY:
                continue
            for candidate in candidates:
                if not earliest <= candidate.published_at <= latest:
                    continue  # its event spans its own date: too far to take this story in
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
                compared[cluster] = compared.get(cluster, 0) + 1
                if found == CONFLICT:
                    vetoed.add(cluster)
                elif found == SAME:
                    matches.add(cluster)
                    same[cluster] = same.get(cluster, 0) + 1
                    nearest[cluster] = max(nearest.get(cluster, 0.0), similarity(story, candidate))
                    if cluster not in alike and worded_alike(story, candidate):
                        alike.add(cluster)
        thin = {cluster for cluster in matches - alike
                if compared[cluster] >= MIN_COMPARED and same[cluster] * MIN_SHARE < compared[cluster]}
        matches = matches - vetoed - thin
        closest = max(matches, key=lambda cluster: (nearest[cluster], -cluster)) if matches else None
        return matches, alike - vetoed, closest

    @staticmethod
    def _span_fits(a: list[datetime], b: list[datetime]) -> bool:
        return max(a[1], b[1]) - min(a[0], b[0]) <= WINDOW

    def write(self, touched_story_ids, seen: dict) -> None:
        """Store the batch's clusters, merges and keys, then refresh the touched events."""
        for story in self.new:
            story.cluster_id = self.resolve(story.cluster_id)
        update_plain_rows(self.session, Story.__table__,
                          [{"id": s.story_id, "cluster_id": s.cluster_id} for s in self.new])
        _rename_clusters(self.session, {old: self.resolve(old) for old in self.merged_into})
        insert_plain_values(self.session, ClusterKey.__table__, ["key", "story_id", "published_at"], self._key_rows(),
                            dates_as_driver=True)
        grown = {self.resolve(c) for c in self.merged_into}
        if touched_story_ids:
            for chunk in _chunks(sorted(set(touched_story_ids))):
                grown.update(c for c, in read_rows(self.session, select(Story.cluster_id).where(Story.id.in_(chunk)))
                             if c is not None)
        affected = {s.cluster_id for s in self.new} | grown
        refresh_clusters(self.session, affected, gone=set(self.merged_into), known=self._new_events(seen, grown))

    def _key_rows(self) -> list[tuple]:
        """The batch's (key, story id, published) rows in key order: consecutive rows go to
        neighbouring pages of the (key, published_at) index, which story order scattered
        them over (writing them took a third longer). Each story's date is converted for
        the driver once, not once per key (a third of the rows' preparation)."""
        as_driver = driver_date(self.session)
        rows = [(key, story.story_id, published) for story in self.new
                for published in (as_driver(story.published_at),) for key in story.keys]
        rows.sort()  # (key, story id) decides: a story's keys differ, and its date is one
        return rows

    def _new_events(self, seen: dict, grown: set[int]) -> list[dict]:
        """The figures of the events this batch started (their ids are new stories'), made
        of its new stories alone: no event merged into them and no story of theirs gained
        a source since `seen` was taken."""
        members: dict[int, list[StoryFeatures]] = {}
        for story in self.new:
            members.setdefault(story.cluster_id, []).append(story)
        started = {story.story_id for story in self.new} - grown
        return [new_event_figures(cid, [(s.story_id, s.published_at, *seen[s.story_id], s.text[0]) for s in stories])
                for cid, stories in members.items() if cid in started and all(s.story_id in seen for s in stories)]


def _rename_clusters(session: Session, renamed: dict[int, int]) -> None:
    """The stories of merged events into the events they joined (`renamed`: old id ->
    final id, never itself renamed, so the order does not matter): a few hundred events
    a statement, where a statement each cost a first poll's writer a fifth of its time
    (thousands of merges). Story objects loaded in the session read their event again."""
    marker = "?" if session.get_bind().dialect.name == "sqlite" else "%s"
    pairs = list(renamed.items())
    for chunk in _chunks(pairs, 300):
        cases = " ".join(f"WHEN {marker} THEN {marker}" for _ in chunk)
        olds = ", ".join(marker for _ in chunk)
        session.connection().exec_driver_sql(
            f"UPDATE stories SET cluster_id = CASE cluster_id {cases} END WHERE cluster_id IN ({olds})",
            (*(value for pair in chunk for value in pair), *(old for old, _ in chunk)))
    if pairs:
        for loaded in [o for o in session.identity_map.values() if isinstance(o, Story)]:
            session.expire(loaded, ["cluster_id"])


def _worth_reading(candidate: frozenset[str], new: frozenset[str], key: int) -> bool:
    """Whether a candidate that shares `key` with a new story is near enough in words to
    read its tags. A rare name in common (a district, a person) joins reports of one
    happening that share fewer words (match._same_name_same_hours), so it lowers the bar;
    a name of one happening only (happenings.specific_names) removes it, and so does the
    same kind of happening with a name, a figure or what was hit in common
    (match._same_place_same_kind, _same_target_same_day)."""
    alike = _jaccard(candidate, new)
    if alike >= _worth_comparing_at(key):
        return True
    common = anchors(candidate) & anchors(new)
    if common and (alike >= SIMILAR_FIGURE_AND_PARTY or specific_names(common)):
        return True
    return bool(kinds(candidate) & kinds(new)) and bool(common or _targets_in_common(candidate, new))


def _targets_in_common(candidate: frozenset[str], new: frozenset[str]) -> bool:
    """Whether two stories share words enough beyond those of any attack to be reports of
    one bombing (match._same_target_same_day reads them again as words of what happened)."""
    return sum(len(stem) > 3 for stem in (candidate & new) - ATTACK_WORDS) >= SHARED_TARGET_WORDS


def _worth_comparing_at(key: int) -> float:
    """A shared figure ("$310 million") with a shared party joins reports that share
    fewer words (match.py): candidates found by a figure key are read from lower; a
    shared kind of happening and rare word joins them whatever they share besides."""
    slot = key >> 58
    return SIMILAR_FIGURE_AND_PARTY if slot == FIGURE_SLOT else 0.0 if slot in (PLACE_SLOT, STEP_SLOT, PARTY_SLOT) else WORTH_COMPARING


def stored_features(session: Session, story_ids: list[int], with_keys: bool = False) -> dict[int, StoryFeatures]:
    """Stored stories' features, read in a few queries (text, actors, levels)."""
    found = _with_tags(session, _texts(session, story_ids))
    if with_keys:
        for features in found.values():
            features.keys = band_keys(features.stems) + step_keys(features.participants, features.levels,
                                                                   features.published_at)
    return found


def _texts(session: Session, story_ids: list[int]) -> dict[int, tuple]:
    """story id -> (published_at, stems, cluster_id, (title, summary)); stems are cached
    by the story's content hash, since a window's stories are candidates poll after poll."""
    found = {}
    for chunk in _chunks(sorted(story_ids)):
        for story_id, published, title, summary, cluster_id, content in read_rows(session,
                select(Story.id, Story.published_at, Story.title, Story.summary, Story.cluster_id,
                       Story.content_hash).where(Story.id.in_(chunk))):
            found[story_id] = (published, _cached_stems(story_id, content, title, summary or ""), cluster_id,
                               (title, summary or ""))
    return found


def _with_tags(session: Session, texts: dict[int, tuple]) -> dict[int, StoryFeatures]:
    """Features from texts and the stories' actor tags (not their topics: see
    features_of) and levels; read once per transaction (the polls of one group commit
    look at much the same window)."""
    cached = session.info.setdefault(TAGS_CACHE, {})
    missing = [story_id for story_id in texts if story_id not in cached]
    for story_id in missing:
        cached[story_id] = ([], [])  # actors, levels
    for chunk in _chunks(sorted(missing)):
        for story_id, value, role in read_rows(session, select(Tag.story_id, Tag.value, Tag.role)
                                               .where(Tag.story_id.in_(chunk), Tag.kind == "actor")):
            cached[story_id][0].append((value, role))
        for story_id, actor, level in read_rows(session,
                select(EngagementEvent.story_id, EngagementEvent.actor, EngagementEvent.level)
                .where(EngagementEvent.story_id.in_(chunk), EngagementEvent.background.is_(False))):
            cached[story_id][1].append((actor, level))
    found = {}
    for story_id, (published, stems, cluster_id, text) in texts.items():
        actors, levels = cached[story_id]
        features = features_of(story_id, published, "", "", actors, levels, with_keys=False)
        features.stems, features.cluster_id, features.text = stems, cluster_id, text
        found[story_id] = features
    return found


def forget_tags(session: Session) -> None:
    """Tags changed in this transaction (a retag, an update): read them afresh."""
    session.info.pop(TAGS_CACHE, None)


TAGS_CACHE = "clustering: tags by story"
_STEMS: dict[tuple[int, str, str], frozenset[str]] = {}
STEMS_CACHED = 200_000  # about a month of stories at a busy pace; cleared when full


def remember_stems(story_id: int, content: str, title: str, stems: frozenset[str]) -> None:
    """A story just stored, with the stems its parse worker computed: the next polls'
    candidates come mostly from the latest ones, and need not stem them again."""
    if len(_STEMS) >= STEMS_CACHED:
        _STEMS.clear()
    _STEMS[(story_id, content, title)] = stems


def _cached_stems(story_id: int, content: str, title: str, summary: str) -> frozenset[str]:
    key = (story_id, content, title)
    stems = _STEMS.get(key)
    if stems is None:
        if len(_STEMS) >= STEMS_CACHED:
            _STEMS.clear()
        stems = _STEMS[key] = content_stems(title, summary)
    return stems


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the union's size, without building it


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


class _NearInTime:
    """Whether a stored story with a band key lies within the window of a new story with
    that key: a batch's window spans all its stories (a first poll's backlog, weeks or
    months), and reading every stored story that shares a key anywhere in it made each
    group commit reread most of the database; only those a new story could join are read."""

    def __init__(self, new: list[StoryFeatures]):
        self.moments: dict[int, list[datetime]] = {}
        for story in new:
            for key in story.keys:
                self.moments.setdefault(key, []).append(story.published_at)
        for moments in self.moments.values():
            moments.sort()

    def __call__(self, key: int, published: datetime) -> bool:
        moments = self.moments.get(key, ())
        index = bisect.bisect_left(moments, published - WINDOW)
        return index < len(moments) and moments[index] <= published + WINDOW


def _union(a: list[datetime], b: list[datetime]) -> list[datetime]:
    return [min(a[0], b[0]), max(a[1], b[1])]


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]
