"""The one definition of "stories matching a filter", and the reads built on it.

The dashboard, the CLI export and the Atom feed all call `matching_ids`, so a filter
means the same everywhere. Functions take a session and plain arguments and return
plain rows, dicts or DataFrames: no Streamlit here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Select, and_, func, intersect, literal_column, select, text
from sqlalchemy.orm import Session

from db.models import Correction, EngagementEvent, Feed, FetchLog, Story, StorySource, Tag



@dataclass(frozen=True)
class StoryFilter:
    """What a user asked to see. Empty lists mean "any"; dates are inclusive days (UTC)."""

    since: date | None = None
    until: date | None = None
    actors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    query: str = ""
    participants_only: bool = False  # actors must take part, not be mentioned or be the place

    def with_(self, **changes) -> StoryFilter:
        return replace(self, **changes)

    def describe(self) -> str:
        """A short, file-name-safe summary: "2025-01-01_2025-12-31_RUS_recognition"."""
        parts = [f"{self.since or 'start'}_{self.until or 'now'}"]
        parts += list(self.actors) + list(self.topics) + list(self.levels) + list(self.sources)
        if self.query:
            parts.append("q-" + self.query)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", "_".join(parts)).strip("-")
        return slug[:120]


LIST_PARAMS = {"actor": "actors", "topic": "topics", "level": "levels", "source": "sources", "lang": "languages"}


def filter_to_params(flt: StoryFilter) -> dict[str, str | list[str]]:
    """The filter as URL parameters (the dashboard's address and the Atom feed's)."""
    params: dict[str, str | list[str]] = {}
    if flt.since:
        params["since"] = flt.since.isoformat()
    if flt.until:
        params["until"] = flt.until.isoformat()
    for key, field_name in LIST_PARAMS.items():
        if getattr(flt, field_name):
            params[key] = list(getattr(flt, field_name))
    if flt.query:
        params["q"] = flt.query
    if flt.participants_only:
        params["part"] = "1"
    return params


def filter_from_params(get_all) -> StoryFilter:
    """A filter from URL parameters; `get_all(key)` returns the list of values of a key.
    Malformed dates are ignored."""
    def day(key):
        values = get_all(key)
        try:
            return date.fromisoformat(values[0]) if values else None
        except ValueError:
            return None

    query = get_all("q")
    return StoryFilter(since=day("since"), until=day("until"), query=(query[0] if query else "").strip(),
                       participants_only=get_all("part")[:1] == ["1"],
                       **{field_name: tuple(get_all(key)) for key, field_name in LIST_PARAMS.items()})


class QueryError(ValueError):
    """A filter that cannot be run, e.g. an unbalanced full-text query."""


def matching_ids(flt: StoryFilter, dialect: str = "sqlite") -> Select:
    """SELECT stories.id for every story that matches `flt`."""
    statement = select(Story.id)
    for condition in _conditions(flt, dialect):
        statement = statement.where(condition)
    return statement


def _conditions(flt: StoryFilter, dialect: str) -> list:
    """WHERE clauses on stories for `flt`. Conditions on tags, engagement and sources
    become one set of story ids, intersected in the database from their indexes, which
    is far cheaper on a large archive than testing every story against each of them."""
    conditions = []
    if flt.since:
        conditions.append(Story.published_at >= datetime.combine(flt.since, datetime.min.time()))
    if flt.until:
        conditions.append(Story.published_at < datetime.combine(flt.until + timedelta(days=1), datetime.min.time()))
    id_sets = []
    if flt.actors:
        id_sets.append(_tagged("actor", flt.actors, participants_only=flt.participants_only))
    if flt.topics:
        id_sets.append(_tagged("topic", flt.topics))
    if flt.levels:
        event_match = [EngagementEvent.level.in_(flt.levels)]
        if flt.actors:
            event_match.append(EngagementEvent.actor.in_(flt.actors))
        id_sets.append(select(EngagementEvent.story_id).where(*event_match))
    if flt.sources:
        id_sets.append(select(StorySource.story_id).where(StorySource.source_name.in_(flt.sources)))
    if id_sets:
        conditions.append(Story.id.in_(id_sets[0] if len(id_sets) == 1 else intersect(*id_sets)))
    if flt.languages:
        conditions.append(Story.language.in_(flt.languages))
    if flt.query.strip():
        conditions.append(_full_text(flt.query, dialect))
    return conditions


def _tagged(kind: str, values: tuple[str, ...], participants_only: bool = False) -> Select:
    """Ids of the stories carrying any of these actor or topic tags (read from the tag
    index); with `participants_only`, only where the actor takes part (role index)."""
    if participants_only:
        return select(Tag.story_id).where(Tag.role == "participant", Tag.value.in_(values))
    return select(Tag.story_id).where(Tag.kind == kind, Tag.value.in_(values))


def _full_text(query: str, dialect: str):
    if dialect == "postgresql":
        return literal_column("stories.search_vector").op("@@")(
            func.websearch_to_tsquery("simple", to_websearch(query)))
    fts = to_fts5(query)
    return Story.id.in_(select(literal_column("rowid")).select_from(text("stories_fts")).where(
        text("stories_fts MATCH :fts_query").bindparams(fts_query=fts)))


_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')


def _tokens(query: str) -> list[str]:
    if query.count('"') % 2:
        raise QueryError('unbalanced quotes in the search: close every "phrase"')
    return _TOKEN.findall(query)


def to_fts5(query: str) -> str:
    """Translate a user's search (words, "phrases", AND/OR/NOT, parentheses, word*) into
    an FTS5 expression in which every word is quoted, so punctuation cannot break it."""
    out, depth, expect_term = [], 0, True
    for token in _tokens(query):
        upper = token.upper()
        if upper in ("AND", "OR", "NOT") and not expect_term:
            out.append(upper)
            expect_term = True
        elif token == "(":
            out.append("(")
            depth += 1
            expect_term = True
        elif token == ")":
            if depth == 0 or expect_term:
                raise QueryError("unbalanced parentheses in the search")
            out.append(")")
            depth -= 1
            expect_term = False
        else:
            if not expect_term:
                out.append("AND")
            out.append(_fts_term(token))
            expect_term = False
    if depth or expect_term and out:
        raise QueryError("the search ends with an operator or an open parenthesis")
    return " ".join(out)


def _fts_term(token: str) -> str:
    prefix = token.endswith("*") and len(token) > 1
    body = token.strip('"').rstrip("*").replace('"', "")
    if not body.strip():
        raise QueryError("empty phrase in the search")
    return f'"{body}"' + (" *" if prefix else "")


def to_websearch(query: str) -> str:
    """The same search for PostgreSQL's websearch_to_tsquery (NOT becomes -)."""
    tokens = _tokens(query)
    words = []
    for index, token in enumerate(tokens):
        if token.upper() == "NOT" and index + 1 < len(tokens):
            tokens[index + 1] = "-" + tokens[index + 1]
        elif token.upper() == "AND" or token in "()":
            continue
        else:
            words.append("or" if token.upper() == "OR" else token.rstrip("*"))
    return " ".join(words)


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


# ---- stories -------------------------------------------------------------------------------

def count_stories(session: Session, flt: StoryFilter) -> int:
    return session.scalar(select(func.count(Story.id)).where(*_conditions(flt, dialect_of(session)))) or 0


# ---- engagement and attention -----------------------------------------------------------------

def week_start(column, dialect: str):
    """The Monday (00:00) of the week a timestamp falls in, as a SQL expression."""
    if dialect == "postgresql":
        return func.date_trunc("week", column)
    return func.date(column, "weekday 0", "-6 days")


def weekly_tag_counts(session: Session, flt: StoryFilter, kind: str) -> pd.DataFrame:
    """Stories per week per actor or topic, and all stories per week, for the matching stories.

    A filter on dates alone is answered from the weekly_counts aggregate (whole weeks).
    """
    if not (flt.actors or flt.topics or flt.levels or flt.sources or flt.languages or flt.query):
        return _weekly_counts_from_aggregate(session, flt, kind)
    dialect = dialect_of(session)
    week = week_start(Story.published_at, dialect).label("week")
    ids = matching_ids(flt, dialect)
    per_tag = session.execute(
        select(week, Tag.value, func.count(func.distinct(Story.id)))
        .join(Tag, and_(Tag.story_id == Story.id, Tag.kind == kind))
        .where(Story.id.in_(ids)).group_by(week, Tag.value)
    ).all()
    totals = session.execute(select(week, func.count(Story.id)).where(Story.id.in_(ids)).group_by(week)).all()
    frame = pd.DataFrame(per_tag, columns=["week", "value", "stories"])
    total = pd.DataFrame(totals, columns=["week", "all_stories"])
    if frame.empty:
        return pd.DataFrame(columns=["week", "value", "stories", "all_stories", "share"])
    frame = frame.merge(total, on="week", how="left")
    frame["week"] = pd.to_datetime(frame["week"])
    frame["share"] = frame["stories"] / frame["all_stories"]
    return frame.sort_values(["week", "value"])


def _weekly_counts_from_aggregate(session: Session, flt: StoryFilter, kind: str) -> pd.DataFrame:
    from db.aggregates import week_of
    from db.models import WeeklyCount

    conditions = []
    if flt.since:
        conditions.append(WeeklyCount.week >= week_of(datetime.combine(flt.since, datetime.min.time())))
    if flt.until:
        conditions.append(WeeklyCount.week <= week_of(datetime.combine(flt.until, datetime.min.time())))
    rows = session.execute(select(WeeklyCount.week, WeeklyCount.kind, WeeklyCount.value, WeeklyCount.stories)
                           .where(WeeklyCount.kind.in_((kind, "all")), *conditions)).all()
    frame = pd.DataFrame(rows, columns=["week", "kind", "value", "stories"])
    if frame.empty or (frame["kind"] == kind).sum() == 0:
        return pd.DataFrame(columns=["week", "value", "stories", "all_stories", "share"])
    totals = frame[frame["kind"] == "all"][["week", "stories"]].rename(columns={"stories": "all_stories"})
    tagged = frame[frame["kind"] == kind][["week", "value", "stories"]].merge(totals, on="week", how="left")
    tagged["week"] = pd.to_datetime(tagged["week"])
    tagged["share"] = tagged["stories"] / tagged["all_stories"]
    return tagged.sort_values(["week", "value"]).reset_index(drop=True)


def topic_mix(session: Session, flt: StoryFilter, actor: str) -> pd.DataFrame:
    """Stories per topic among the stories naming `actor` (and matching `flt`)."""
    scoped = flt.with_(actors=(actor,))
    if not (flt.topics or flt.levels or flt.sources or flt.languages or flt.query):
        from db.aggregates import week_of
        from db.models import WeeklyCount

        conditions = [WeeklyCount.kind == "pair", WeeklyCount.value.like(f"{actor}|%")]
        if flt.since:
            conditions.append(WeeklyCount.week >= week_of(datetime.combine(flt.since, datetime.min.time())))
        if flt.until:
            conditions.append(WeeklyCount.week <= week_of(datetime.combine(flt.until, datetime.min.time())))
        rows = session.execute(select(WeeklyCount.value, func.sum(WeeklyCount.stories)).where(*conditions)
                               .group_by(WeeklyCount.value)).all()
        rows = [(value.split("|", 1)[1], count) for value, count in rows]
    else:
        rows = session.execute(
            select(Tag.value, func.count()).where(Tag.kind == "topic", Tag.story_id.in_(matching_ids(scoped, dialect_of(session))))
            .group_by(Tag.value)).all()
    frame = pd.DataFrame(rows, columns=["value", "stories"])
    return frame.sort_values("stories", ascending=False).reset_index(drop=True)


def headline_figures(session: Session, flt: StoryFilter, now: datetime) -> dict:
    dialect = dialect_of(session)
    conditions = _conditions(flt, dialect)
    stories = session.scalar(select(func.count(Story.id)).where(*conditions)) or 0
    new = session.scalar(select(func.count(Story.id)).where(
        *conditions, Story.first_seen_at >= now - timedelta(days=1))) or 0
    from db.engagement import actors_engaging

    feeds = feed_health_counts(session)
    return {"stories": stories, "new_24h": new, "actors_engaging": actors_engaging(session, flt), **feeds}


# ---- feeds ----------------------------------------------------------------------------------

def feed_health_counts(session: Session) -> dict:
    rows = session.execute(select(Feed.error_count, Feed.last_checked_at).where(Feed.enabled.is_(True))).all()
    failing = sum(1 for errors, _ in rows if errors)
    checked = sum(1 for _, checked_at in rows if checked_at)
    return {"feeds": len(rows), "feeds_failing": failing, "feeds_healthy": checked - failing,
            "feeds_pending": len(rows) - checked}


def data_version(session: Session) -> tuple:
    """Changes whenever ingestion records a poll, a story is added or an analyst corrects
    one: the dashboard keys its cached reads on it, so every part of a page shows the
    same moment. Three primary-key lookups."""
    return tuple(session.scalar(select(func.max(column))) for column in (FetchLog.id, Story.id, Correction.id))


def feeds_frame(session: Session) -> pd.DataFrame:
    """The health table (db.health.feed_rows) as a DataFrame, for the dashboard."""
    from db.health import FEED_COLUMNS, feed_rows

    return pd.DataFrame(feed_rows(session), columns=FEED_COLUMNS)


def fetch_log_frame(session: Session, feed_name: str | None = None, limit: int = 200) -> pd.DataFrame:
    statement = (
        select(FetchLog.started_at, Feed.name, FetchLog.outcome, FetchLog.http_status, FetchLog.items_seen,
               FetchLog.items_new, FetchLog.items_updated, FetchLog.items_duplicate, FetchLog.items_not_relevant,
               FetchLog.duration_ms, FetchLog.error)
        .join(Feed, Feed.id == FetchLog.feed_id).order_by(FetchLog.id.desc()).limit(limit)
    )
    if feed_name:
        statement = statement.where(Feed.name == feed_name)
    return pd.DataFrame(session.execute(statement).all(),
                        columns=["started_at", "feed", "outcome", "http_status", "seen", "new", "updated",
                                 "duplicates", "not_relevant", "duration_ms", "error"])


def source_names(session: Session) -> list[str]:
    return list(session.scalars(select(StorySource.source_name).distinct().order_by(StorySource.source_name)))


def languages(session: Session) -> list[str]:
    return list(session.scalars(select(Story.language).distinct().order_by(Story.language)))


def last_updated(session: Session) -> datetime | None:
    return session.scalar(select(func.max(Feed.last_checked_at)))
