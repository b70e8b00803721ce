"""Engagement: who deals with the Taliban, at what level, and how that changes."""
import altair as alt
import streamlit as st

from views import common
from views.widgets import feed_status_banner, headline, last_updated_caption, live

HEATMAP_ACTORS = 20
LINE_ACTORS = 8


@live
def engagement_page() -> None:
    flt = common.current_filter()
    st.title("Engagement with the Taliban government")
    last_updated_caption()
    feed_status_banner()
    headline(flt)
    ladder = common.status_ladder(flt)
    if ladder.empty:
        st.info("No engagement events match the filters. Widen the period or clear some filters.")
        return
    status_ladder(ladder)
    heatmap(flt)
    cooperation_over_time(flt)
    what_changed(flt)


def status_ladder(ladder) -> None:
    st.subheader("Formal-status ladder")
    st.caption("Each actor's highest level in the period, since when, the story that shows it, and its latest event.")
    ladder = ladder.assign(
        actor=ladder["actor"].map(common.actor_name),
        highest_level=ladder["highest_level"].map(common.level_name),
        latest_level=ladder["latest_level"].map(common.level_name),
        evidence_url=ladder["evidence_url"].map(common.safe_link),
    )
    st.dataframe(
        ladder, hide_index=True, width="stretch",
        column_config={
            "actor": "Actor", "highest_level": "Highest level",
            "since": st.column_config.DateColumn("Since", format="YYYY-MM-DD"),
            "evidence_title": "Story showing it",
            "evidence_url": st.column_config.LinkColumn("Link", display_text="open"),
            "latest_level": "Latest level",
            "latest_date": st.column_config.DateColumn("Latest event", format="YYYY-MM-DD"),
            "events": "Events", "mean_score": st.column_config.NumberColumn("Mean score", format="%.1f"),
        },
    )


def heatmap(flt) -> None:
    st.subheader("Levels by month")
    actors = flt.actors or tuple(common.most_engaged(flt, HEATMAP_ACTORS))
    monthly = common.monthly_levels(flt, actors)
    monthly = monthly.assign(actor=monthly["actor"].map(common.actor_name), level=monthly["level"].map(common.level_name))
    chart = alt.Chart(monthly).mark_rect().encode(
        x=alt.X("yearmonth(month):O", title="Month"),
        y=alt.Y("actor:N", title=None),
        color=alt.Color("score:Q", title="Mean score", scale=alt.Scale(scheme="redyellowgreen", domain=[-8, 10])),
        tooltip=["actor", alt.Tooltip("yearmonth(month):O", title="Month"), "level", "score", "events"],
    )
    st.altair_chart(chart, width="stretch")


def cooperation_over_time(flt) -> None:
    st.subheader("Cooperation score over time")
    st.caption("Weekly mean of engagement scores (recognition 10 … hostile −8): who warms, who cools.")
    actors = flt.actors or tuple(common.most_engaged(flt, LINE_ACTORS))
    weekly = common.weekly_cooperation(flt, actors)
    weekly = weekly.assign(actor=weekly["actor"].map(common.actor_name))
    chart = alt.Chart(weekly).mark_line(point=True, interpolate="step-after").encode(
        x=alt.X("week:T", title="Week"), y=alt.Y("score:Q", title="Mean score", scale=alt.Scale(domain=[-8, 10])),
        color=alt.Color("actor:N", title="Actor"), tooltip=["actor", "week:T", alt.Tooltip("score:Q", format=".1f"), "events"],
    )
    st.altair_chart(chart, width="stretch")


def what_changed(flt) -> None:
    st.subheader("What changed")
    st.caption("The latest events that moved an actor to a new level, newest first.")
    changes = common.level_changes(flt)
    changes = changes.assign(
        actor=changes["actor"].map(common.actor_name),
        previous_level=changes["previous_level"].map(lambda v: common.level_name(v) if isinstance(v, str) else "—"),
        level=changes["level"].map(common.level_name),
        url=changes["url"].map(common.safe_link),
    )
    st.dataframe(
        changes, hide_index=True, width="stretch",
        column_config={
            "event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"), "actor": "Actor",
            "previous_level": "From", "level": "To", "title": "Story",
            "url": st.column_config.LinkColumn("Link", display_text="open"), "evidence": "Evidence",
        },
    )


engagement_page()
