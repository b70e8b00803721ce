"""Attention over time: stories or events per day, week or month, per actor or topic.

Two things the charts got wrong are settled here rather than in the view: periods
without a story are zeros (a line drawn from one story in 2014 to one in 2024 read as
ten years of coverage), and the unit follows the span shown (days for a few weeks,
weeks up to two years, months beyond). An *event* is a cluster of stories
(ingest/clustering): counting events, ten outlets on one decision count once.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import Story, Tag
from db.queries import StoryFilter, dialect_of, matching_ids, week_start, weekly_tag_counts

DAYS_UP_TO = timedelta(days=45)
WEEKS_UP_TO = timedelta(days=731)
COLUMNS = ["period", "value", "count", "all", "share"]


def unit_for_span(first: date, last: date) -> str:
    """day, week or month: the unit that keeps a chart of `first`..`last` readable."""
    span = last - first
    return "day" if span <= DAYS_UP_TO else "week" if span <= WEEKS_UP_TO else "month"


def story_span(session: Session, flt: StoryFilter) -> tuple[date, date] | None:
    """The days the chart covers: the filter's dates, else those of the matching stories."""
    if flt.since and flt.until:
        return flt.since, flt.until
    first, last = session.execute(select(func.min(Story.published_at), func.max(Story.published_at))
                                  .where(Story.id.in_(matching_ids(flt, dialect_of(session))))).one()
    if first is None:
        return None
    return flt.since or _day(first), flt.until or _day(last)


def attention_counts(session: Session, flt: StoryFilter, kind: str, unit: str, measure: str = "stories") -> pd.DataFrame:
    """Per period and actor or topic (`kind`): how many stories (`measure` "stories") or
    events ("events") match `flt`, all of them that period, and the share; every period
    of the span is there for every value, zeros included."""
    span = story_span(session, flt)
    if span is None:
        return pd.DataFrame(columns=COLUMNS)
    if measure == "stories" and unit in ("week", "month"):
        frame = _from_weekly(session, flt, kind, unit)
    else:
        frame = _counted(session, flt, kind, unit, measure)
    return fill_gaps(frame, unit, *span)


def fill_gaps(frame: pd.DataFrame, unit: str, first: date, last: date) -> pd.DataFrame:
    """Every period from `first` to `last` for every value of `frame`, zeros where none."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    periods = pd.date_range(period_of(first, unit), period_of(last, unit), freq=_FREQUENCY[unit])
    grid = pd.MultiIndex.from_product([periods, sorted(frame["value"].unique())], names=["period", "value"])
    counts = frame.groupby(["period", "value"])["count"].sum().reindex(grid, fill_value=0)
    totals = frame.drop_duplicates("period").set_index("period")["all"].reindex(periods, fill_value=0)
    filled = counts.reset_index()
    filled["all"] = filled["period"].map(totals).fillna(0).astype(int)
    filled["share"] = (filled["count"] / filled["all"].where(filled["all"] > 0)).fillna(0.0)
    return filled[COLUMNS]


def period_of(day: date, unit: str) -> pd.Timestamp:
    """The first day of the period `day` falls in."""
    stamp = pd.Timestamp(day)
    if unit == "week":
        return stamp - pd.Timedelta(days=stamp.weekday())
    if unit == "month":
        return stamp.replace(day=1)
    return stamp


_FREQUENCY = {"day": "D", "week": "W-MON", "month": "MS"}


def _from_weekly(session: Session, flt: StoryFilter, kind: str, unit: str) -> pd.DataFrame:
    """Story counts from the weekly aggregate; for months, each week goes to the month of
    its Thursday (the month holding most of its days), so no million-row scan."""
    weekly = weekly_tag_counts(session, flt, kind)
    if weekly.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = weekly.rename(columns={"week": "period", "stories": "count", "all_stories": "all"})
    frame["period"] = pd.to_datetime(frame["period"])
    if unit == "month":
        frame["period"] = (frame["period"] + pd.Timedelta(days=3)).dt.to_period("M").dt.to_timestamp()
        weeks = weekly.drop_duplicates("week")[["week", "all_stories"]].copy()
        weeks["period"] = (pd.to_datetime(weeks["week"]) + pd.Timedelta(days=3)).dt.to_period("M").dt.to_timestamp()
        totals = weeks.groupby("period")["all_stories"].sum()
        frame = frame.groupby(["period", "value"], as_index=False)["count"].sum()
        frame["all"] = frame["period"].map(totals)
    return frame[["period", "value", "count", "all"]]


def _counted(session: Session, flt: StoryFilter, kind: str, unit: str, measure: str) -> pd.DataFrame:
    """Counts straight from the stories (days, or events in any unit)."""
    dialect = dialect_of(session)
    period = _period_expression(Story.published_at, unit, dialect).label("period")
    counted = func.coalesce(Story.cluster_id, Story.id) if measure == "events" else Story.id
    ids = matching_ids(flt, dialect)
    per_tag = session.execute(
        select(period, Tag.value, func.count(func.distinct(counted)))
        .join(Tag, and_(Tag.story_id == Story.id, Tag.kind == kind))
        .where(Story.id.in_(ids)).group_by(period, Tag.value)).all()
    totals = dict(session.execute(select(period, func.count(func.distinct(counted)))
                                  .where(Story.id.in_(ids)).group_by(period)).all())
    frame = pd.DataFrame([(p, v, c, totals.get(p, 0)) for p, v, c in per_tag], columns=["period", "value", "count", "all"])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


def _period_expression(column, unit: str, dialect: str):
    if unit == "week":
        return week_start(column, dialect)
    if dialect == "postgresql":
        return func.date_trunc(unit, column)
    return func.date(column) if unit == "day" else func.strftime("%Y-%m-01", column)


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value)[:10])
