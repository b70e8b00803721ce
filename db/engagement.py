"""Engagement over time, aggregated in the database: each actor's levels in a period,
levels by month, weekly cooperation scores, interactions and firsts.

Each function returns a small DataFrame however many events are stored: the grouping
happens in SQL (one pass over the events that match the filter), so the landing page
stays fast on a database of a million stories.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Date, case, func, select
from sqlalchemy.orm import Session

from db.models import DailyEngagement, EngagementEvent, MonthlyEngagement, Story
from db.queries import StoryFilter, dialect_of, matching_ids, week_start

LADDER = ["recognition", "ambassadors", "accreditation", "high_level_contact", "technical", "humanitarian",
          "pressure", "hostile"]
RANK = {level: index for index, level in enumerate(LADDER)}
COUNTERPART = "TALIBAN"


def _story_conditions(flt: StoryFilter) -> bool:
    """Does the filter restrict the stories events come from? (Dates, actors and levels
    apply to the events themselves.) Without such conditions the weekly aggregates answer."""
    return bool(flt.topics or flt.sources or flt.languages or flt.query)


def _daily(flt: StoryFilter) -> list:
    """WHERE clauses on daily_engagement for a filter the aggregates can answer."""
    conditions = [DailyEngagement.actor != COUNTERPART]
    if flt.since:
        conditions.append(DailyEngagement.day >= flt.since.isoformat())
    if flt.until:
        conditions.append(DailyEngagement.day <= flt.until.isoformat())
    if flt.actors:
        conditions.append(DailyEngagement.actor.in_(flt.actors))
    if flt.levels:
        conditions.append(DailyEngagement.level.in_(flt.levels))
    return conditions


def _whole_months(flt: StoryFilter) -> bool:
    """Can monthly_engagement answer `flt`? When daily_engagement could and its dates fall
    on month boundaries: no start or the 1st, no end or a month's last day (a year, the
    landing page)."""
    if _story_conditions(flt):
        return False
    return (flt.since is None or flt.since.day == 1) and (flt.until is None or (flt.until + timedelta(days=1)).day == 1)


def _monthly(flt: StoryFilter) -> list:
    """WHERE clauses on monthly_engagement for a filter of whole months."""
    conditions = [MonthlyEngagement.actor != COUNTERPART]
    if flt.since:
        conditions.append(MonthlyEngagement.month >= flt.since.isoformat()[:7])
    if flt.until:
        conditions.append(MonthlyEngagement.month <= flt.until.isoformat()[:7])
    if flt.actors:
        conditions.append(MonthlyEngagement.actor.in_(flt.actors))
    if flt.levels:
        conditions.append(MonthlyEngagement.level.in_(flt.levels))
    return conditions


def event_conditions(session: Session, flt: StoryFilter) -> list:
    """WHERE clauses on engagement_events for a filter: dates and actors/levels on the
    event itself, anything else through the shared story filter."""
    conditions = [EngagementEvent.actor != COUNTERPART]
    if flt.since:
        conditions.append(EngagementEvent.event_date >= datetime.combine(flt.since, datetime.min.time()))
    if flt.until:
        conditions.append(EngagementEvent.event_date < datetime.combine(flt.until + timedelta(days=1), datetime.min.time()))
    if flt.actors:
        conditions.append(EngagementEvent.actor.in_(flt.actors))
    if flt.levels:
        conditions.append(EngagementEvent.level.in_(flt.levels))
    if _story_conditions(flt):
        story_filter = flt.with_(since=None, until=None)
        conditions.append(EngagementEvent.story_id.in_(matching_ids(story_filter, dialect_of(session))))
    return conditions


def status_ladder(session: Session, flt: StoryFilter) -> pd.DataFrame:
    """Per actor: the highest rung reached, since when, the story showing it, its latest event."""
    columns = ["actor", "highest_level", "since", "evidence_title", "evidence_url", "latest_level", "latest_date",
               "events", "mean_score"]
    if _story_conditions(flt):
        rows = session.execute(
            select(EngagementEvent.actor, EngagementEvent.level, func.count(), func.min(EngagementEvent.event_date),
                   func.max(EngagementEvent.event_date), func.sum(EngagementEvent.score))
            .where(*event_conditions(session, flt)).group_by(EngagementEvent.actor, EngagementEvent.level)
        ).all()
    else:
        rows = [(actor, level, count, _day(first), _day(last), total) for actor, level, count, first, last, total
                in session.execute(select(DailyEngagement.actor, DailyEngagement.level, func.sum(DailyEngagement.events),
                                          func.min(DailyEngagement.day), func.max(DailyEngagement.day),
                                          func.sum(DailyEngagement.score_sum))
                                   .where(*_daily(flt)).group_by(DailyEngagement.actor, DailyEngagement.level))]
    if not rows:
        return pd.DataFrame(columns=columns)
    per_actor: dict[str, list] = {}
    for actor, level, count, first, last, total in rows:  # dates to the day, as the ladder shows them
        per_actor.setdefault(actor, []).append((level, count, _midnight(first), _midnight(last), total))
    ladder = []
    for actor, levels in per_actor.items():
        top = min(levels, key=lambda item: (RANK[item[0]], item[2]))
        latest = max(levels, key=lambda item: (item[3], -RANK[item[0]]))  # same day: the strongest level
        events = sum(item[1] for item in levels)
        title, url = _evidence(session, actor, top[0], top[2])
        ladder.append([actor, top[0], top[2], title, url, latest[0], latest[3], events,
                       round(sum(item[4] for item in levels) / events, 2)])
    frame = pd.DataFrame(ladder, columns=columns)
    frame["rank"] = frame["highest_level"].map(RANK)
    return frame.sort_values(["rank", "since", "actor"]).drop(columns="rank").reset_index(drop=True)  # ties: by id, on any database


def _day(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d")


def _evidence(session: Session, actor: str, level: str, when: datetime) -> tuple[str, str]:
    """The first story showing `actor` at `level` on the day (or at the moment) `when`."""
    row = session.execute(
        select(Story.title, Story.url).join(EngagementEvent, EngagementEvent.story_id == Story.id)
        .where(EngagementEvent.actor == actor, EngagementEvent.level == level,
               EngagementEvent.event_date >= when, EngagementEvent.event_date < when + timedelta(days=1))
        .order_by(EngagementEvent.event_date).limit(1)
    ).first()
    return (row[0], row[1]) if row else ("", "")


def monthly_levels(session: Session, flt: StoryFilter, actors: list[str] | None = None) -> pd.DataFrame:
    """Actor x month: mean score, strongest level and number of events."""
    if not _story_conditions(flt):
        return _monthly_from_days(session, flt, actors)
    month = _month(EngagementEvent.event_date, dialect_of(session)).label("month")
    rank = case({level: index for level, index in RANK.items()}, value=EngagementEvent.level)
    statement = (
        select(EngagementEvent.actor, month, func.avg(EngagementEvent.score), func.min(rank), func.count())
        .where(*event_conditions(session, flt)).group_by(EngagementEvent.actor, month)
    )
    if actors:
        statement = statement.where(EngagementEvent.actor.in_(actors))
    frame = pd.DataFrame(session.execute(statement).all(), columns=["actor", "month", "score", "rank", "events"])
    frame["month"] = pd.to_datetime(frame["month"])
    frame["level"] = frame["rank"].map(lambda index: LADDER[int(index)])
    frame["score"] = frame["score"].astype(float).round(2)
    return frame.drop(columns="rank")


def _monthly_from_days(session: Session, flt: StoryFilter, actors: list[str] | None) -> pd.DataFrame:
    if _whole_months(flt):
        table, conditions, month = MonthlyEngagement, _monthly(flt), MonthlyEngagement.month.label("month")
    else:
        table, conditions, month = DailyEngagement, _daily(flt), func.substr(DailyEngagement.day, 1, 7).label("month")
    rank = case({level: index for level, index in RANK.items()}, value=table.level)
    statement = (select(table.actor, month, func.sum(table.score_sum), func.sum(table.events),
                        func.min(rank)).where(*conditions).group_by(table.actor, month))
    if actors:
        statement = statement.where(table.actor.in_(actors))
    frame = pd.DataFrame(session.execute(statement).all(), columns=["actor", "month", "score_sum", "events", "rank"])
    if frame.empty:
        return pd.DataFrame(columns=["actor", "month", "score", "events", "level"])
    frame["month"] = pd.to_datetime(frame["month"] + "-01")
    frame["score"] = (frame["score_sum"].astype(float) / frame["events"]).round(2)
    frame["level"] = frame["rank"].map(lambda index: LADDER[int(index)])
    return frame[["actor", "month", "score", "events", "level"]]


def weekly_cooperation(session: Session, flt: StoryFilter, actors: list[str]) -> pd.DataFrame:
    """Mean engagement score per actor per week (weeks start on Monday)."""
    if not _story_conditions(flt):
        week = _week_of_day(DailyEngagement.day, dialect_of(session)).label("week")
        rows = session.execute(
            select(DailyEngagement.actor, week, func.sum(DailyEngagement.score_sum), func.sum(DailyEngagement.events))
            .where(*_daily(flt), DailyEngagement.actor.in_(actors))
            .group_by(DailyEngagement.actor, week).order_by(DailyEngagement.actor, week)).all()
        frame = pd.DataFrame(rows, columns=["actor", "week", "score_sum", "events"])
        frame["week"] = pd.to_datetime(frame["week"])
        frame["score"] = frame["score_sum"].astype(float) / frame["events"]
        return frame[["actor", "week", "score", "events"]]
    week = week_start(EngagementEvent.event_date, dialect_of(session)).label("week")
    rows = session.execute(
        select(EngagementEvent.actor, week, func.avg(EngagementEvent.score), func.count())
        .where(*event_conditions(session, flt), EngagementEvent.actor.in_(actors))
        .group_by(EngagementEvent.actor, week).order_by(EngagementEvent.actor, week)
    ).all()
    frame = pd.DataFrame(rows, columns=["actor", "week", "score", "events"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["score"] = frame["score"].astype(float)
    return frame


def most_engaged(session: Session, flt: StoryFilter, count: int = 8) -> list[str]:
    if _whole_months(flt):
        return list(session.scalars(
            select(MonthlyEngagement.actor).where(*_monthly(flt)).group_by(MonthlyEngagement.actor)
            .order_by(func.sum(MonthlyEngagement.events).desc(), MonthlyEngagement.actor).limit(count)))
    if not _story_conditions(flt):
        return list(session.scalars(
            select(DailyEngagement.actor).where(*_daily(flt)).group_by(DailyEngagement.actor)
            .order_by(func.sum(DailyEngagement.events).desc(), DailyEngagement.actor).limit(count)))
    return list(session.scalars(
        select(EngagementEvent.actor).where(*event_conditions(session, flt))
        .group_by(EngagementEvent.actor).order_by(func.count().desc(), EngagementEvent.actor).limit(count)
    ))


def actor_events(session: Session, flt: StoryFilter, actor: str, limit: int = 2000) -> pd.DataFrame:
    """One actor's events, newest last, for its profile."""
    rows = session.execute(
        select(EngagementEvent.event_date, EngagementEvent.level, EngagementEvent.score, Story.title, Story.url,
               EngagementEvent.evidence, EngagementEvent.origin)
        .join(Story, Story.id == EngagementEvent.story_id)
        .where(*event_conditions(session, flt.with_(actors=(actor,))))
        .order_by(EngagementEvent.event_date.desc()).limit(limit)
    ).all()
    frame = pd.DataFrame(rows, columns=["event_date", "level", "score", "title", "url", "evidence", "origin"])
    return frame.iloc[::-1].reset_index(drop=True)


def actors_engaging(session: Session, flt: StoryFilter) -> int:
    if _whole_months(flt):
        return session.scalar(select(func.count(func.distinct(MonthlyEngagement.actor))).where(*_monthly(flt))) or 0
    if not _story_conditions(flt):
        return session.scalar(select(func.count(func.distinct(DailyEngagement.actor))).where(*_daily(flt))) or 0
    return session.scalar(select(func.count(func.distinct(EngagementEvent.actor))).where(*event_conditions(session, flt))) or 0


def _week_of_day(column, dialect: str):
    """The Monday of a 'YYYY-MM-DD' day's week, as text."""
    if dialect == "postgresql":
        return func.to_char(func.date_trunc("week", func.cast(column, Date)), "YYYY-MM-DD")
    return func.date(column, "weekday 0", "-6 days")


def _month(column, dialect: str):
    if dialect == "postgresql":
        return func.date_trunc("month", column)
    return func.strftime("%Y-%m-01", column)


def _midnight(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return datetime(moment.year, moment.month, moment.day)


INTERACTIONS = ("high_level_contact", "technical", "humanitarian", "pressure", "hostile")
FIRSTS = ("high_level_contact", "technical", "pressure", "hostile")


def actor_levels(session: Session, flt: StoryFilter) -> list[tuple]:
    """(actor, level, events, first day, last day, summed score) for every actor and level
    in the filter: one scan that the interactions, the most engaged actors and (without a
    start date) the firsts all read, so the landing page pays for it once."""
    if _story_conditions(flt):
        rows = session.execute(
            select(EngagementEvent.actor, EngagementEvent.level, func.count(), func.min(EngagementEvent.event_date),
                   func.max(EngagementEvent.event_date), func.sum(EngagementEvent.score))
            .where(*event_conditions(session, flt)).group_by(EngagementEvent.actor, EngagementEvent.level)).all()
        return [(a, lv, n, first.date(), last.date(), total) for a, lv, n, first, last, total in rows]
    if _whole_months(flt):
        table, conditions, first_day, last_day = (MonthlyEngagement, _monthly(flt), MonthlyEngagement.first_day,
                                                  MonthlyEngagement.last_day)
    else:
        table, conditions, first_day, last_day = DailyEngagement, _daily(flt), DailyEngagement.day, DailyEngagement.day
    rows = session.execute(
        select(table.actor, table.level, func.sum(table.events), func.min(first_day), func.max(last_day),
               func.sum(table.score_sum))
        .where(*conditions).group_by(table.actor, table.level)).all()
    return [(a, lv, n, _day(first).date(), _day(last).date(), total) for a, lv, n, first, last, total in rows]


def interactions(session: Session, flt: StoryFilter) -> pd.DataFrame:
    return interactions_from(actor_levels(session, flt))


def interactions_from(rows: list[tuple]) -> pd.DataFrame:
    """Per actor, its interactions in the period, apart from its formal status: the last
    contact (high-level or technical), how many pressure and hostile events, the tone
    (mean score of its interactions) and how many events in all."""
    columns = ["actor", "last_contact", "pressure", "hostile", "tone", "events"]
    found: dict[str, dict] = {}
    for actor, level, count, _, last, total in rows:
        if level not in INTERACTIONS:
            continue
        entry = found.setdefault(actor, {"actor": actor, "last_contact": None, "pressure": 0, "hostile": 0,
                                         "score": 0.0, "events": 0})
        entry["events"] += count
        entry["score"] += total
        if level in ("high_level_contact", "technical"):
            entry["last_contact"] = max(filter(None, (entry["last_contact"], last)))
        elif level in ("pressure", "hostile"):
            entry[level] += count
    if not found:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(found.values())
    frame["tone"] = (frame["score"] / frame["events"]).round(1)
    return frame[columns].sort_values(["events", "actor"], ascending=[False, True]).reset_index(drop=True)


def most_engaged_from(rows: list[tuple], count: int) -> list[str]:
    """The `count` actors with the most events in `rows` (actor_levels' rows)."""
    events: dict[str, int] = {}
    for actor, _, number, *_ in rows:
        events[actor] = events.get(actor, 0) + number
    return sorted(events, key=lambda actor: (-events[actor], actor))[:count]


def firsts(session: Session, flt: StoryFilter) -> pd.DataFrame:
    """Actors' first-ever contact, technical work, pressure or hostility that fell in the
    period ("first ministerial visit", "first pressure step"), newest first."""
    conditions = [MonthlyEngagement.actor != COUNTERPART, MonthlyEngagement.level.in_(FIRSTS)]
    if flt.actors:
        conditions.append(MonthlyEngagement.actor.in_(flt.actors))
    first = func.min(MonthlyEngagement.first_day)  # every month: the first ever, then kept if it falls in the period
    statement = (select(MonthlyEngagement.actor, MonthlyEngagement.level, first.label("first"))
                 .where(*conditions).group_by(MonthlyEngagement.actor, MonthlyEngagement.level))
    if flt.since:
        statement = statement.having(first >= flt.since.isoformat())
    if flt.until:
        statement = statement.having(first <= flt.until.isoformat())
    return _firsts_frame([(a, lv, day) for a, lv, day in session.execute(statement).all()])


def firsts_in_levels(flt: StoryFilter) -> bool:
    """Can the firsts be read from actor_levels' rows for `flt`? Yes without a start date
    (the first day in the rows is then the first ever) and without story conditions."""
    return flt.since is None and not _story_conditions(flt)


def firsts_from(rows: list[tuple]) -> pd.DataFrame:
    """The firsts from actor_levels' rows of a filter without a start date (their first
    day is then the first ever) and without story conditions."""
    return _firsts_frame([(actor, level, first.isoformat()) for actor, level, _, first, _, _ in rows if level in FIRSTS])


def _firsts_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["actor", "level", "date"])
    return frame.sort_values(["date", "actor", "level"], ascending=[False, True, True]).reset_index(drop=True)
