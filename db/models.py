"""The schema: feeds, stories, where each story came from, its tags and engagement events.

Times are stored as naive UTC datetimes (SQLite has no time zones); every writer
converts to UTC first. Tag and engagement ids are the ones of the taxonomy spec.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="en")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    interval_minutes: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(16), default="config")  # config | dashboard
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    item_digests: Mapped[str | None] = mapped_column(Text)  # the last body's items (ingest/items.py)
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    next_check_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    http_status: Mapped[int | None] = mapped_column(Integer)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_bozo: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    # adaptive polling (ingest/polling.py): the posting-rate measurement, the feed's own
    # hint, and the interval decided with its reason
    newest_entry_at: Mapped[datetime | None] = mapped_column(DateTime)
    rate_items: Mapped[float | None] = mapped_column(Float)
    rate_since: Mapped[datetime | None] = mapped_column(DateTime)
    hint_minutes: Mapped[float | None] = mapped_column(Float)
    hint_reason: Mapped[str | None] = mapped_column(String(120))
    poll_interval_minutes: Mapped[float | None] = mapped_column(Float)
    interval_reason: Mapped[str | None] = mapped_column(String(160))


class Story(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(DateTime)
    date_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    language: Mapped[str] = mapped_column(String(16), default="en")
    outlet: Mapped[str | None] = mapped_column(String(200))
    byline: Mapped[str | None] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    title_key: Mapped[str] = mapped_column(String(64))
    tagger_version: Mapped[str | None] = mapped_column(String(40))
    is_seed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The event this story reports (ingest/clustering): stories of one event share it.
    cluster_id: Mapped[int | None] = mapped_column(Integer)

    sources: Mapped[list[StorySource]] = relationship(
        back_populates="story", cascade="all, delete-orphan"
    )
    tags: Mapped[list[Tag]] = relationship(cascade="all, delete-orphan")
    events: Mapped[list[EngagementEvent]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_stories_published_at", "published_at"),
        Index("ix_stories_title_key", "title_key"),
        Index("ix_stories_first_seen_at", "first_seen_at"),
        Index("ix_stories_language", "language"),
        Index("ix_stories_cluster_id", "cluster_id"),
    )


class StorySource(Base):
    """One feed item that carried a story; two feeds with one story give two rows."""

    __tablename__ = "story_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    source_name: Mapped[str] = mapped_column(String(200))
    guid: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(Text)
    item_hash: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)

    story: Mapped[Story] = relationship(back_populates="sources")

    __table_args__ = (
        UniqueConstraint("source_name", "guid", name="uq_story_sources_source_guid"),
        Index("ix_story_sources_story_id", "story_id"),
    )


class Tag(Base):
    """An actor or topic on a story, with the text that triggered it and the rule."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # actor | topic
    value: Mapped[str] = mapped_column(String(40))
    evidence: Mapped[str] = mapped_column(Text, default="")
    rule: Mapped[str] = mapped_column(String(200), default="")
    score: Mapped[float] = mapped_column(Float, default=1.0)
    tagger_version: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(10), default="tagger")  # tagger | analyst | seed
    # For actors: participant (acts or is acted on), mentioned (background), place (dateline, venue).
    role: Mapped[str | None] = mapped_column(String(12))

    __table_args__ = (
        UniqueConstraint("story_id", "kind", "value", name="uq_tags_story_kind_value"),
        Index("ix_tags_kind_value_story", "kind", "value", "story_id"),
        Index("ix_tags_role_value_story", "role", "value", "story_id"),
    )


class EngagementEvent(Base):
    """One foreign actor's engagement with the Taliban as a story shows it: one row per
    level and date (a story of airstrikes and then talks has two). `background` marks
    an act the story restates ("which recognised the Taliban in July"), dated then."""

    __tablename__ = "engagement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(30))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text, default="")
    rule: Mapped[str] = mapped_column(String(200), default="")
    event_date: Mapped[datetime] = mapped_column(DateTime)
    tagger_version: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(10), default="tagger")  # tagger | analyst | seed
    background: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # status: a step on the formal ladder (recognition, ambassadors, accreditation) or a
    # downgrade, which leaves the actor at `status_to`; interaction: everything else.
    kind: Mapped[str] = mapped_column(String(12), default="interaction", server_default="interaction")
    status_to: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (
        UniqueConstraint("story_id", "actor", "level", "event_date", name="uq_engagement_story_actor_level_date"),
        Index("ix_engagement_actor_date", "actor", "event_date"),
        Index("ix_engagement_date", "event_date"),
        Index("ix_engagement_level", "level"),
        Index("ix_engagement_kind_actor_date", "kind", "actor", "event_date"),
    )


class Correction(Base):
    """An analyst's change to a story's tags; re-applied after every retag."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # actor | topic | engagement
    value: Mapped[str] = mapped_column(String(40))  # actor or topic id
    action: Mapped[str] = mapped_column(String(10))  # add | remove | set
    level: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="analyst")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_corrections_story", "story_id"),)


class FetchLog(Base):
    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    duration_ms: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))  # ok | not_modified | unchanged | error
    http_status: Mapped[int | None] = mapped_column(Integer)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    items_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    items_not_relevant: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_fetch_log_feed_started", "feed_id", "started_at"),)


class SchedulerLease(Base):
    """Who runs the scheduler for this database, until when (a heartbeat renews it)."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)



class WeeklyCount(Base):
    """Stories per week: all of them, and per actor and per topic tag.

    Kept up to date by the store layer (and rebuilt for the weeks a retag or correction
    touches), so the attention charts never scan a million stories.
    """

    __tablename__ = "weekly_counts"

    week: Mapped[str] = mapped_column(String(10), primary_key=True)  # Monday, YYYY-MM-DD
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # all | actor | topic | pair (ACTOR|topic)
    value: Mapped[str] = mapped_column(String(40), primary_key=True)  # "" for all
    stories: Mapped[int] = mapped_column(Integer, default=0)


class DailyEngagement(Base):
    """Engagement events per day, actor and level, with their summed score (by day, so
    that both weeks and calendar months add up exactly)."""

    __tablename__ = "daily_engagement"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD
    actor: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[str] = mapped_column(String(30), primary_key=True)
    events: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[float] = mapped_column(Float, default=0.0)

    __table_args__ = (
        # covering: the weekly lines of a few actors read only their rows
        Index("ix_daily_engagement_actor_day", "actor", "day", "events", "score_sum"),
    )


class MonthlyEngagement(Base):
    """daily_engagement summed by calendar month, with each row's first and last day:
    the landing page's interactions, heatmap and most-engaged actors read ~30x fewer
    rows (db/aggregates.py rebuilds a month from its days whenever they change)."""

    __tablename__ = "monthly_engagement"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    actor: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[str] = mapped_column(String(30), primary_key=True)
    events: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[float] = mapped_column(Float, default=0.0)
    first_day: Mapped[str] = mapped_column(String(10))
    last_day: Mapped[str] = mapped_column(String(10))


class StatusSetting(Base):
    """An analyst's word on an actor's formal status from a date on (kept across retags)."""

    __tablename__ = "status_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # none | accreditation | ambassadors | recognition
    effective_date: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="analyst")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ActorStatus(Base):
    """One period of an actor's formal status: from `since` until `until` (None: still in
    force). Derived from status events and settings by db/status.py; never edited by hand."""

    __tablename__ = "actor_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    since: Mapped[datetime] = mapped_column(DateTime)
    until: Mapped[datetime | None] = mapped_column(DateTime)
    origin: Mapped[str] = mapped_column(String(10))  # tagger | seed | analyst
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_story_id: Mapped[int | None] = mapped_column(Integer)
    stories: Mapped[int] = mapped_column(Integer, default=0)
    outlets: Mapped[int] = mapped_column(Integer, default=0)
    contested: Mapped[bool] = mapped_column(Boolean, default=False)
    contested_evidence: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_actor_status_since", "since", "until"),
        Index("ix_actor_status_actor", "actor", "since"),
    )


class Alert(Base):
    """One alert: written to this outbox in the transaction that stored the stories raising
    it, delivered afterwards (alert_deliveries). `key` names what it is about (an actor's
    new status period, a topic's day, a story) so the same alert is never raised twice;
    `digest_id` points at the digest that carries it (a flood's backlog, an hourly or daily
    rule), which is delivered instead of it."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # status_change | new_actor | spike | match | digest | test
    key: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(100), default="")  # the actor or topic id
    evidence: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [{"title", "url"}]
    created_at: Mapped[datetime] = mapped_column(DateTime)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"))
    deliver_after: Mapped[datetime | None] = mapped_column(DateTime)  # digest rules: when the period ends

    __table_args__ = (
        UniqueConstraint("rule", "key", name="uq_alerts_rule_key"),
        Index("ix_alerts_created_at", "created_at"),
        Index("ix_alerts_digest_id", "digest_id"),
    )


class AlertDelivery(Base):
    """One alert to one channel (an Apprise URL): pending until a sender claims it
    (`sending`, with a claim that expires), then sent, or pending again with a backoff
    and the error, or failed after too many attempts."""

    __tablename__ = "alert_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("alert_id", "channel", name="uq_alert_deliveries_alert_channel"),
        Index("ix_alert_deliveries_due", "status", "next_attempt_at"),
    )


class Cluster(Base):
    """One event as several outlets report it: the stories sharing `stories.cluster_id`.

    The figures are a cache that ingest, retag and corrections refresh for the clusters
    they touch (ingest/clustering), so "covered by N outlets" is read, never counted.
    """

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_published_at: Mapped[datetime] = mapped_column(DateTime)
    last_published_at: Mapped[datetime] = mapped_column(DateTime)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    size: Mapped[int] = mapped_column(Integer, default=1)  # stories
    outlets: Mapped[int] = mapped_column(Integer, default=1)  # distinct sources of its stories
    title: Mapped[str] = mapped_column(Text, default="")  # the best title: of its most-carried story
    story_id: Mapped[int | None] = mapped_column(Integer)  # that story

    __table_args__ = (
        Index("ix_clusters_first_published", "first_published_at"),
        Index("ix_clusters_last_published", "last_published_at"),
    )


class ClusterKey(Base):
    """A MinHash LSH band of one story's words: stories sharing a key are candidates for
    one event. Kept with the story's date so a lookup reads only a time window's keys."""

    __tablename__ = "cluster_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    published_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_cluster_keys_key_published", "key", "published_at"),
        Index("ix_cluster_keys_story", "story_id"),
    )


class ClusterCorrection(Base):
    """An analyst's word on events: `split` keeps a story an event of its own; `join` puts
    the events of two stories together. Re-applied after every recluster."""

    __tablename__ = "cluster_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(10))  # split | join
    other_story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="analyst")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_cluster_corrections_story", "story_id"),)
