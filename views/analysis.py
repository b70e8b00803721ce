"""Engagement analysis on event tables: the status ladder, level changes, weekly scores.

Plain pandas, no Streamlit, so the numbers the dashboard shows are tested directly.
Input: the frame of db.queries.engagement_frame (actor, level, score, event_date, ...).
"""
from __future__ import annotations

import pandas as pd

from ingest.taxonomy import LEVEL_SCORES

LADDER = list(LEVEL_SCORES)  # most cooperative first
RANK = {level: index for index, level in enumerate(LADDER)}


def status_ladder(events: pd.DataFrame) -> pd.DataFrame:
    """Per actor: the highest rung reached, since when, the story showing it, and the latest event."""
    columns = ["actor", "highest_level", "since", "evidence_title", "evidence_url", "latest_level",
               "latest_date", "events", "mean_score"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    frame = events.assign(rank=events["level"].map(RANK)).sort_values("event_date")
    rows = []
    for actor, group in frame.groupby("actor", sort=False):
        top_rank = group["rank"].min()
        first_top = group[group["rank"] == top_rank].iloc[0]
        latest = group.iloc[-1]
        rows.append({
            "actor": actor, "highest_level": first_top["level"], "since": first_top["event_date"],
            "evidence_title": first_top["title"], "evidence_url": first_top["url"],
            "latest_level": latest["level"], "latest_date": latest["event_date"], "events": len(group),
            "mean_score": round(float(group["score"].mean()), 2),
        })
    ladder = pd.DataFrame(rows, columns=columns)
    ladder["rank"] = ladder["highest_level"].map(RANK)
    return ladder.sort_values(["rank", "since"]).drop(columns="rank").reset_index(drop=True)


def level_changes(events: pd.DataFrame, limit: int = 25) -> pd.DataFrame:
    """Events that moved an actor to a different level than its previous event, newest first."""
    columns = ["event_date", "actor", "previous_level", "level", "title", "url", "evidence"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    frame = events.sort_values(["actor", "event_date"]).copy()
    frame["previous_level"] = frame.groupby("actor")["level"].shift(1)
    changed = frame[frame["previous_level"].isna() | (frame["previous_level"] != frame["level"])]
    changed = changed.sort_values("event_date", ascending=False).head(limit)
    return changed[columns].reset_index(drop=True)


def weekly_cooperation(events: pd.DataFrame) -> pd.DataFrame:
    """Mean engagement score per actor per week (weeks start on Monday)."""
    if events.empty:
        return pd.DataFrame(columns=["actor", "week", "score", "events"])
    frame = events.assign(week=pd.to_datetime(events["event_date"]).dt.to_period("W-SUN").dt.start_time)
    weekly = frame.groupby(["actor", "week"]).agg(score=("score", "mean"), events=("score", "size")).reset_index()
    return weekly.sort_values(["actor", "week"])


def monthly_levels(events: pd.DataFrame) -> pd.DataFrame:
    """Actor x month: the mean score and the strongest level of the month, for the heatmap."""
    if events.empty:
        return pd.DataFrame(columns=["actor", "month", "score", "level", "events"])
    frame = events.assign(month=pd.to_datetime(events["event_date"]).dt.to_period("M").dt.start_time,
                          rank=events["level"].map(RANK))
    grouped = frame.sort_values("rank").groupby(["actor", "month"])
    monthly = grouped.agg(score=("score", "mean"), level=("level", "first"), events=("score", "size")).reset_index()
    monthly["score"] = monthly["score"].round(2)
    return monthly


def top_actors(events: pd.DataFrame, count: int = 8) -> list[str]:
    if events.empty:
        return []
    return events["actor"].value_counts().head(count).index.tolist()
