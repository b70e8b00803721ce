"""Stage 4, store: processed items into stories, sources, tags and engagement events.

Called by the orchestrator inside one transaction per feed poll, so a crash leaves
either the whole poll or none of it. Deduplication happens here because it needs
what is already stored: an item seen before from the same feed (same guid) updates
its story when its text changed; an item from another feed that carries a stored
story (same canonical URL, or same title within a few days) adds a source to it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from db.aggregates import add_new_stories, mark_dirty
from db.models import EngagementEvent, Feed, Story, StorySource, Tag
from db.session import insert_plain_rows, select_plain_rows
from ingest.clustering import StoryFeatures, cluster_stories, recluster_stories
from ingest.clustering.assign import forget_tags, remember_stems
from ingest.clustering.features import COUNTERPART
from ingest.clustering.steps import step_keys
from ingest.process import ProcessedItem, StoredItem, restored, tagged
from db.status import kind_of, mark_status_dirty, note_new_status_steps
from ingest.tagging import EngagementTag, TagResult
from ingest.tag_corrections import apply_corrections, mark_event_weeks_dirty

SAME_STORY_WINDOW = timedelta(days=3)


@dataclass
class ItemCounts:
    new: int = 0
    updated: int = 0
    duplicate: int = 0


def store_items(session: Session, feed: Feed, items: list[ProcessedItem | StoredItem], now: datetime,
                known: KnownStories | None = None) -> ItemCounts:
    """Write `items` from `feed`; returns how many were new, updated or already known
    (a StoredItem is known: KnownStories.load made sure it still is).

    Everything already stored that the items could meet is read in a few queries (for
    several feeds at once when the caller passes their KnownStories), and new stories,
    sources, tags and events are written as bulk inserts: a feed of 50 items costs a
    handful of statements, not hundreds.
    """
    counts = ItemCounts()
    known = known or KnownStories.load(session, [(feed.name, items)])
    fresh: list[ProcessedItem] = []
    sources: list[tuple[ProcessedItem, object]] = []  # (item, story id or the fresh item it joins)
    for item in items:
        key = (feed.name, item.guid)
        if key in known.seen_guids:
            counts.duplicate += 1
            continue
        known.seen_guids.add(key)
        source = known.sources.get(key)
        if source is not None:
            if source.item_hash == item.item_hash:
                counts.duplicate += 1
            else:
                _update_source(session, source, item, now)
                counts.updated += 1
            continue
        match = known.same_story(item)
        if match is not None:
            sources.append((item, match))
            counts.duplicate += 1
            continue
        fresh.append(item)
        known.remember(item)
        sources.append((item, item))
        counts.new += 1
    known.story_ids.update(_insert_stories(session, feed, fresh, now, known))
    _insert_sources(session, feed, sources, known.story_ids, now)
    _insert_tags(session, fresh, known.story_ids)
    _recount_outlets(session, {target for _, target in sources if isinstance(target, int)})
    if known.defer_clustering:
        known.unclustered.append((fresh, sources, feed.name, now))
    else:
        _cluster(session, [(fresh, sources, feed.name, now)], known.story_ids)
    return counts


def _update_source(session: Session, known: KnownSource, item: ProcessedItem, now: datetime) -> None:
    """An item stored before whose text changed: its story is updated through the ORM
    (rare: only these rows are loaded as objects, not every source a poll meets)."""
    source = session.get(StorySource, known.id)
    _update_story(session, source.story, item, now)
    source.item_hash, source.link = item.item_hash, item.entry.link or source.link
    known.item_hash = item.item_hash


def complete_untagged(items: list, known: KnownStories, feed_name: str, tagger) -> list:
    """`items` with tags on every one that will be written: the parse workers leave
    untagged what the feed had stored unchanged when it was fetched (process_entries),
    and the database may have moved on since (KnownStories.load rebuilt those untagged)."""
    return [item if isinstance(item, StoredItem) or item.tags is not None or known.unchanged(feed_name, item)
            else tagged(item, tagger) for item in items]


def stored_item_hashes(connection, feed_name: str, newest: int) -> dict[str, str]:
    """guid -> item hash of the `newest` items `feed_name` has stored (a feed's body
    carries its latest items): the parse workers skip tagging those items again when
    they come back unchanged. `connection`: a Connection (cheapest: a fetch thread
    reads this for every feed) or a Session."""
    return dict(connection.execute(_STORED_ITEMS, {"feed": feed_name, "newest": newest}).all())


# Built once: its compiled form is cached, where a statement built per call is keyed again.
_STORED_ITEMS = (select(StorySource.guid, StorySource.item_hash).where(StorySource.source_name == bindparam("feed"))
                 .order_by(StorySource.id.desc()).limit(bindparam("newest")))


def _recount_outlets(session: Session, joined_story_ids: set[int]) -> None:
    """A stored story carried by one more outlet: the status periods it supports count
    that outlet too, so its actors' periods are refolded."""
    if joined_story_ids:
        mark_status_dirty(session, session.scalars(select(EngagementEvent.actor.distinct()).where(
            EngagementEvent.kind == "status", EngagementEvent.story_id.in_(sorted(joined_story_ids)))).all())


def _cluster(session: Session, polls: list, story_ids: dict[int, int]) -> None:
    """Stage 4b: the new stories into events; stories that gained an outlet recount theirs.
    `polls`: (fresh items, sources, feed name, now) of one or several store_items calls."""
    fresh = [item for items, *_ in polls for item in items]
    features = [_features(story_ids[id(item)], item) for item in fresh]
    for item, story in zip(fresh, features):
        remember_stems(story.story_id, _content_hash(item.entry.title, item.entry.summary), item.entry.title, item.stems)
    touched = [target for _, sources, *_ in polls for _, target in sources if not isinstance(target, ProcessedItem)]
    cluster_stories(session, features, touched, _as_written(polls, story_ids))


def _as_written(polls: list, story_ids: dict[int, int]) -> dict[int, tuple[datetime, frozenset[str]]]:
    """story id -> (first seen, outlet names) of each new story of `polls`, as just
    written: an event of new stories alone takes its figures from these, without a query."""
    outlets: dict[int, set[str]] = {}
    for _, sources, feed_name, _ in polls:
        for _, target in sources:
            if isinstance(target, ProcessedItem):
                outlets.setdefault(story_ids[id(target)], set()).add(feed_name)
    return {story_ids[id(item)]: (now, frozenset(outlets[story_ids[id(item)]])) for fresh, _, _, now in polls
            for item in fresh}


def _features(story_id: int, item: ProcessedItem) -> StoryFeatures:
    """What clustering reads of a new story: its stems and LSH keys (from the parse
    workers), its tags, and a key per cooperative step it reports (steps.py)."""
    participants = frozenset(a.actor for a in item.tags.actors if a.role == "participant" and a.actor != COUNTERPART)
    levels = _levels_of(item.tags)
    return StoryFeatures(
        story_id, item.entry.published_at, item.stems, participants, levels,
        keys=list(item.cluster_keys) + step_keys(participants, levels, item.entry.published_at),
        text=(item.entry.title, item.entry.summary),
        named=frozenset(a.actor for a in item.tags.actors if a.actor != COUNTERPART))


def _levels_of(tags: TagResult) -> dict[str, frozenset[str]]:
    levels: dict[str, set[str]] = {}
    for event in tags.engagement:
        if event.actor != COUNTERPART and not event.background:
            levels.setdefault(event.actor, set()).add(event.level)
    return {actor: frozenset(found) for actor, found in levels.items()}


@dataclass
class KnownSource:
    """A stored source row as dedup needs it: plain values, not an ORM object (a steady
    poll meets some 10,000 of them, and building objects cost more than reading rows)."""
    id: int
    item_hash: str


class KnownStories:
    """What is stored (or new in this transaction) that the items of some feed polls
    may meet: their feeds' sources by guid, stories by URL and by title key."""

    def __init__(self):
        self.sources: dict[tuple[str, str], KnownSource] = {}  # (feed name, guid) ->
        self.by_url: dict[str, object] = {}  # -> story id, or a fresh item
        self.by_title: dict[str, list[tuple[datetime, object]]] = {}
        self.seen_guids: set[tuple[str, str]] = set()
        self.story_ids: dict[int, int] = {}  # id(fresh item) -> its new story's id
        # Set by a caller storing several polls in one transaction: their new stories are
        # clustered together by cluster_pending (one candidate lookup, not one per poll).
        self.defer_clustering = False
        self.unclustered: list = []
        self.next_story_id: int | None = None  # SQLite: the id the next new story gets

    @classmethod
    def load(cls, session: Session, polls: list[tuple[str, list]], restore=None) -> KnownStories:
        """What `polls` (feed name, items) may meet: each feed's sources of its items'
        guids (a query a feed), the stories of their URLs and title keys (one query each).

        A StoredItem the database no longer holds unchanged (its story deleted, its
        source rewritten since the fetch) is replaced in its poll's list by the item it
        stands for, rebuilt untagged from `restore(index of the poll)` (the poll's parsed
        entries), before the stories the items may meet are read: as if it had been
        sent whole. A StoredItem still stored unchanged meets nothing: its URL and title
        are not looked up.
        """
        known = cls()
        known._load_sources(session, polls)
        for index, (name, items) in enumerate(polls):
            moved = [at for at, item in enumerate(items) if isinstance(item, StoredItem) and not known.unchanged(name, item)]
            entries = restore(index) if moved else ()
            for at in moved:
                items[at] = restored(entries, items[at])
        known._load_stories(session, [item for _, items in polls for item in items if not isinstance(item, StoredItem)])
        return known

    def _load_sources(self, session: Session, polls: list[tuple[str, list]]) -> None:
        """Each feed's sources of its items' guids, through the (source_name, guid) unique
        index: a lookup by guid alone scans the whole table."""
        for name, items in polls:
            for source_id, guid, item_hash in select_plain_rows(session, _SOURCES_OF_FEED, (name,),
                                                                list({item.guid for item in items})):
                self.sources[(name, guid)] = KnownSource(source_id, item_hash)

    def _load_stories(self, session: Session, everything: list[ProcessedItem]) -> None:
        for chunk in _chunks(list({i.canonical_url for i in everything})):
            for story_id, url in session.execute(select(Story.id, Story.url).where(Story.url.in_(chunk))):
                self.by_url[url] = story_id
        for chunk in _chunks(list({i.title_key for i in everything})):
            for story_id, key, published in session.execute(
                    select(Story.id, Story.title_key, Story.published_at).where(Story.title_key.in_(chunk))):
                self.by_title.setdefault(key, []).append((published, story_id))

    def same_story(self, item: ProcessedItem):
        """The stored story id (or fresh item) carrying the same story, else None."""
        found = self.by_url.get(item.canonical_url)
        if found is not None:
            return found
        published = item.entry.published_at
        for when, story in self.by_title.get(item.title_key, []):
            if abs(when - published) <= SAME_STORY_WINDOW:
                return story
        return None

    def cluster_pending(self, session: Session) -> None:
        """Cluster the new stories of every deferred store_items call at once."""
        if self.unclustered:
            _cluster(session, self.unclustered, self.story_ids)
            self.unclustered = []

    def unchanged(self, feed_name: str, item: ProcessedItem) -> bool:
        """`item` is stored from this feed already, with the same text."""
        source = self.sources.get((feed_name, item.guid))
        return source is not None and source.item_hash == item.item_hash

    def remember(self, item: ProcessedItem) -> None:
        self.by_url[item.canonical_url] = item
        self.by_title.setdefault(item.title_key, []).append((item.entry.published_at, item))


_SOURCES_OF_FEED = "SELECT id, guid, item_hash FROM story_sources WHERE source_name = {marker} AND guid IN ({values})"


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _insert_stories(session: Session, feed: Feed, fresh: list[ProcessedItem], now: datetime,
                    known: KnownStories) -> dict[int, int]:
    """Insert the new stories; returns id(item) -> story id."""
    if not fresh:
        return {}
    rows = [{
        "url": item.canonical_url, "title": item.entry.title, "summary": item.entry.summary,
        "published_at": item.entry.published_at, "date_estimated": item.entry.date_estimated,
        "first_seen_at": now, "updated_at": now, "language": feed.language, "outlet": None,
        "content_hash": _content_hash(item.entry.title, item.entry.summary), "title_key": item.title_key,
        "tagger_version": item.tags.version, "is_seed": False,
    } for item in fresh]
    if session.get_bind().dialect.name == "sqlite":
        # The write transaction holds SQLite's only write lock, so the next ids are known
        # and one plain executemany does (RETURNING would cost a statement per row); read
        # once per transaction, not once per feed.
        if known.next_story_id is None:
            known.next_story_id = (session.scalar(select(func.max(Story.id))) or 0) + 1
        first = known.next_story_id
        known.next_story_id += len(rows)
        story_ids = list(range(first, first + len(rows)))
        for row, story_id in zip(rows, story_ids):
            row["id"] = story_id
        insert_plain_rows(session, Story.__table__, rows)
    else:
        result = session.execute(Story.__table__.insert().returning(Story.id, sort_by_parameter_order=True), rows)
        story_ids = list(result.scalars())
    return {id(item): story_id for item, story_id in zip(fresh, story_ids)}


def _insert_sources(session, feed: Feed, sources, story_ids: dict[int, int], now: datetime) -> None:
    rows = [{
        "story_id": story_ids[id(target)] if isinstance(target, ProcessedItem) else target,
        "feed_id": feed.id, "source_name": feed.name, "guid": item.entry.guid,
        "link": item.entry.link or item.canonical_url, "item_hash": item.item_hash, "first_seen_at": now,
    } for item, target in sources]
    insert_plain_rows(session, StorySource.__table__, rows)


def _insert_tags(session: Session, fresh: list[ProcessedItem], story_ids: dict[int, int]) -> None:
    """Tags and events of brand-new stories (which have no corrections yet)."""
    tags, events = [], []
    for item in fresh:
        story_id, result = story_ids[id(item)], item.tags
        tags += [{"story_id": story_id, "kind": "actor", "value": a.actor, "evidence": a.evidence, "rule": a.rule,
                  "score": 1.0, "tagger_version": result.version, "origin": "tagger", "role": a.role}
                 for a in result.actors]
        tags += [{"story_id": story_id, "kind": "topic", "value": t.topic, "evidence": t.evidence, "rule": t.rule,
                  "score": t.score, "tagger_version": result.version, "origin": "tagger", "role": None}
                 for t in result.topics]
        events += [{"story_id": story_id, "actor": e.actor, "level": e.level, "score": e.score,
                    "evidence": e.evidence, "rule": e.rule, "event_date": event_date(e, item.entry.published_at),
                    "tagger_version": result.version, "origin": "tagger", "background": e.background,
                    "kind": kind_of(e.level, e.status_to), "status_to": e.status_to}
                   for e in result.engagement]
    insert_plain_rows(session, Tag.__table__, tags)
    insert_plain_rows(session, EngagementEvent.__table__, events)
    note_new_status_steps(session, [row for row in events if row["kind"] == "status"])
    add_new_stories(session, [
        (item.entry.published_at,
         [("actor", a.actor) for a in item.tags.actors] + [("topic", t.topic) for t in item.tags.topics],
         [(e.actor, e.level, e.score, event_date(e, item.entry.published_at)) for e in item.tags.engagement])
        for item in fresh])


def event_date(event: EngagementTag, published_at: datetime) -> datetime:
    """The day an event happened: the story's date, or the date a restated act is given."""
    return datetime.combine(event.when, datetime.min.time()) if event.when else published_at


def _update_story(session: Session, story: Story, item: ProcessedItem, now: datetime) -> None:
    entry = item.entry
    mark_dirty(session, story.published_at, entry.published_at)
    story.title = entry.title
    story.summary = entry.summary
    story.content_hash = _content_hash(entry.title, entry.summary)
    story.title_key = item.title_key
    story.updated_at = now
    if not entry.date_estimated:
        story.published_at, story.date_estimated = entry.published_at, False
    write_tags(session, story, item.tags)
    recluster_stories(session, [story.id])


def write_tags(session: Session, story: Story, tags: TagResult) -> None:
    """Replace the tagger's tags and events on `story`, then re-apply analyst corrections.

    Seed and analyst rows are kept: only rows the tagger made are replaced. The weeks
    recounted are the story's and those of every event replaced or added: a restated act
    is dated months before its story.
    """
    mark_dirty(session, story.published_at, *(event_date(e, story.published_at) for e in tags.engagement))
    mark_event_weeks_dirty(session, story.id, EngagementEvent.origin == "tagger")
    mark_status_dirty(session, session.scalars(select(EngagementEvent.actor).where(
        EngagementEvent.story_id == story.id, EngagementEvent.kind == "status")).all(), story.id)
    mark_status_dirty(session, {e.actor for e in tags.engagement if kind_of(e.level, e.status_to) == "status"}, story.id)
    session.execute(delete(Tag).where(Tag.story_id == story.id, Tag.origin == "tagger"))
    session.execute(
        delete(EngagementEvent).where(EngagementEvent.story_id == story.id, EngagementEvent.origin == "tagger")
    )
    session.flush()
    kept_tags = {(kind, value) for kind, value in session.execute(
        select(Tag.kind, Tag.value).where(Tag.story_id == story.id))}
    kept_events = set(session.scalars(select(EngagementEvent.actor).where(EngagementEvent.story_id == story.id)))
    for actor in tags.actors:
        if ("actor", actor.actor) not in kept_tags:
            session.add(Tag(story_id=story.id, kind="actor", value=actor.actor, evidence=actor.evidence,
                            rule=actor.rule, score=1.0, tagger_version=tags.version, role=actor.role))
    for topic in tags.topics:
        if ("topic", topic.topic) not in kept_tags:
            session.add(Tag(story_id=story.id, kind="topic", value=topic.topic, evidence=topic.evidence,
                            rule=topic.rule, score=topic.score, tagger_version=tags.version))
    for event in tags.engagement:
        if event.actor not in kept_events:
            session.add(EngagementEvent(
                story_id=story.id, actor=event.actor, level=event.level, score=event.score,
                evidence=event.evidence, rule=event.rule, event_date=event_date(event, story.published_at),
                tagger_version=tags.version, background=event.background,
                kind=kind_of(event.level, event.status_to), status_to=event.status_to))
    story.tagger_version = tags.version
    session.flush()
    apply_corrections(session, story)
    forget_tags(session)


def _content_hash(title: str, summary: str) -> str:
    return hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
