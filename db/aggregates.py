"""Keep the aggregate tables (db.models.WeeklyCount, DailyEngagement, MonthlyEngagement) true.

New stories add to their week's counts when their transaction commits (an upsert per
touched row).
Anything that changes stored tags or dates afterwards (an updated item, a retag, an
analyst's correction, the seed) marks its weeks as dirty, and those weeks are rebuilt
from the base tables just before the transaction commits, so the aggregates and the
rows they summarise are always committed together. Each month whose days changed is
then summed again from daily_engagement (a few thousand rows at most).
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from db.models import DailyEngagement, EngagementEvent, MonthlyEngagement, Story, Tag, WeeklyCount
from db.session import insert_plain_rows

DIRTY = "dirty_weeks"
PENDING_COUNTS = "pending_weekly_counts"
PENDING_ENGAGEMENT = "pending_daily_engagement"
DIRTY_MONTHS = "dirty_months"


def week_of(moment: datetime) -> str:
    """The Monday of `moment`'s week, as stored: 'YYYY-MM-DD'."""
    return (moment - timedelta(days=moment.weekday())).date().isoformat()  # isoformat: ~20x cheaper than strftime


def day_of(moment: datetime) -> str:
    return moment.date().isoformat()


def add_new_stories(session: Session, stories: list[tuple[datetime, list[tuple[str, str]], list[tuple[str, str, float, datetime]]]]) -> None:
    """Count brand-new stories: (published_at, [(kind, value) tags], [(actor, level, score, date) events]).

    The counts gather in the session and are written once, just before it commits:
    a group commit of many feeds then costs one upsert per touched row, not one per
    row per feed.
    """
    counts: Counter = session.info.setdefault(PENDING_COUNTS, Counter())
    engagement: dict[tuple[str, str, str], list[float]] = session.info.setdefault(PENDING_ENGAGEMENT, {})
    for published, tags, events in stories:
        week = week_of(published)
        counts[(week, "all", "")] += 1
        for kind, value in set(tags):
            counts[(week, kind, value)] += 1
        for pair in actor_topic_pairs(tags):
            counts[(week, "pair", pair)] += 1
        for actor, level, score, when in events:
            totals = engagement.setdefault((day_of(when), actor, level), [0, 0.0])
            totals[0] += 1
            totals[1] += score


def _write_pending_counts(session: Session, rebuilt_weeks: set[str]) -> None:
    """Add the counts of the stories stored in this transaction, except in the weeks
    about to be rebuilt from the base tables (which already hold those stories)."""
    counts = session.info.pop(PENDING_COUNTS, None) or {}
    engagement = session.info.pop(PENDING_ENGAGEMENT, None) or {}
    session.info.setdefault(DIRTY_MONTHS, set()).update(day[:7] for day, _, _ in engagement)
    _upsert(session, WeeklyCount, [{"week": w, "kind": k, "value": v, "stories": n}
                                   for (w, k, v), n in counts.items() if w not in rebuilt_weeks],
            {"stories": WeeklyCount.stories})
    _upsert(session, DailyEngagement,
            [{"day": d, "actor": a, "level": lv, "events": n, "score_sum": total}
             for (d, a, lv), (n, total) in engagement.items()
             if week_of(datetime.fromisoformat(d)) not in rebuilt_weeks],
            {"events": DailyEngagement.events, "score_sum": DailyEngagement.score_sum})


def _upsert(session: Session, model, rows: list[dict], additive: dict) -> None:
    """Add `rows` to the table's counts: one INSERT ... ON CONFLICT DO UPDATE, run as a
    plain executemany."""
    table = model.__table__
    keys = ", ".join(c.name for c in table.primary_key.columns)
    updates = ", ".join(f"{name} = {table.name}.{name} + excluded.{name}" for name in additive)
    insert_plain_rows(session, table, rows, on_conflict=f"ON CONFLICT ({keys}) DO UPDATE SET {updates}")


def actor_topic_pairs(tags) -> set[str]:
    """'ACTOR|topic' for every actor and topic of one story: an actor's topic mix."""
    actors = {value for kind, value in tags if kind == "actor"}
    topics = {value for kind, value in tags if kind == "topic"}
    return {f"{actor}|{topic}" for actor in actors for topic in topics}


def mark_dirty(session: Session, *moments: datetime) -> None:
    """Rebuild these moments' weeks before this transaction commits."""
    session.info.setdefault(DIRTY, set()).update(week_of(m) for m in moments if m is not None)


@event.listens_for(Session, "before_commit")
def _bring_aggregates_up_to_date(session: Session) -> None:
    weeks = session.info.pop(DIRTY, None) or set()
    if weeks or PENDING_COUNTS in session.info:
        session.flush()
        _write_pending_counts(session, weeks)
        for week in sorted(weeks):
            rebuild_week(session, week)
        months = session.info.pop(DIRTY_MONTHS, set())
        months |= {month_of_day(day) for week in weeks for day in (week, _week_end(week))}
        rebuild_months(session, months)


def month_of_day(day: str) -> str:
    return day[:7]


def _week_end(week: str) -> str:
    return (datetime.strptime(week, "%Y-%m-%d") + timedelta(days=6)).date().isoformat()


def rebuild_months(session: Session, months: set[str]) -> None:
    """Sum these months again from daily_engagement (which is already up to date)."""
    for month in sorted(months):
        days = DailyEngagement.day.between(f"{month}-01", f"{month}-31")
        session.execute(delete(MonthlyEngagement).where(MonthlyEngagement.month == month))
        rows = [{"month": month, "actor": actor, "level": level, "events": events, "score_sum": total,
                 "first_day": first, "last_day": last}
                for actor, level, events, total, first, last in session.execute(
                    select(DailyEngagement.actor, DailyEngagement.level, func.sum(DailyEngagement.events),
                           func.sum(DailyEngagement.score_sum), func.min(DailyEngagement.day), func.max(DailyEngagement.day))
                    .where(days).group_by(DailyEngagement.actor, DailyEngagement.level))]
        if rows:
            session.execute(MonthlyEngagement.__table__.insert(), rows)


def rebuild_week(session: Session, week: str) -> None:
    """Recount one week from the stories, tags and events tables."""
    start = datetime.strptime(week, "%Y-%m-%d")
    end = start + timedelta(days=7)
    in_week = Story.published_at.between(start, end - timedelta(microseconds=1))
    session.execute(delete(WeeklyCount).where(WeeklyCount.week == week))
    session.execute(delete(DailyEngagement).where(DailyEngagement.day.between(day_of(start), day_of(end - timedelta(days=1)))))
    total = session.scalar(select(func.count(Story.id)).where(in_week)) or 0
    rows = [{"week": week, "kind": "all", "value": "", "stories": total}] if total else []
    rows += [{"week": week, "kind": kind, "value": value, "stories": count} for kind, value, count in session.execute(
        select(Tag.kind, Tag.value, func.count(func.distinct(Tag.story_id))).join(Story, Story.id == Tag.story_id)
        .where(in_week).group_by(Tag.kind, Tag.value))]
    tags_by_story: dict[int, list[tuple[str, str]]] = {}
    for story_id, kind, value in session.execute(
            select(Tag.story_id, Tag.kind, Tag.value).join(Story, Story.id == Tag.story_id).where(in_week)):
        tags_by_story.setdefault(story_id, []).append((kind, value))
    pairs = Counter(pair for tags in tags_by_story.values() for pair in actor_topic_pairs(tags))
    rows += [{"week": week, "kind": "pair", "value": pair, "stories": count} for pair, count in pairs.items()]
    if rows:
        session.execute(WeeklyCount.__table__.insert(), rows)
    totals: dict[tuple[str, str, str], list] = {}
    for when, actor, level, score in session.execute(
            select(EngagementEvent.event_date, EngagementEvent.actor, EngagementEvent.level, EngagementEvent.score)
            .where(EngagementEvent.event_date.between(start, end - timedelta(microseconds=1)))):
        entry = totals.setdefault((day_of(when), actor, level), [0, 0.0])
        entry[0] += 1
        entry[1] += score
    events = [{"day": day, "actor": actor, "level": level, "events": n, "score_sum": total}
              for (day, actor, level), (n, total) in totals.items()]
    if events:
        session.execute(DailyEngagement.__table__.insert(), events)
