"""Engagement: each actor's formal status with the Taliban government as of a day, its
interactions in the period, what changed, a world map and the status over time."""
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from views import common
from views.status_map import STATUS_COLOURS, status_svg
from views.widgets import feed_status_banner, headline, last_updated_caption, live

HEATMAP_ACTORS = 20
LINE_ACTORS = 8
TIMELINE_ACTORS = 15
WEEKLY_LINES_MONTHS = 24  # beyond this span the cooperation lines are monthly
MAP_HEIGHT = 430
CHANGES_SHOWN = 40  # the newest; the Stories page and the CLI have the rest
INTERACTIONS_SHOWN = 25  # the most active actors in the period
ORGANISATIONS = ("UN", "EU", "ICC", "ICRC", "OIC", "SCO", "NATO", "WB", "IMF")


@live
def engagement_page() -> None:
    flt = common.current_filter()
    st.title("Engagement with the Taliban government")
    last_updated_caption()
    feed_status_banner()
    headline(flt)
    as_of = flt.until or date.today()
    status_ladder(as_of, flt.actors)
    if common.is_admin():
        status_setting_form()
    interactions_beside(flt)
    what_changed(flt, as_of)
    status_map(flt.actors, as_of)
    status_timeline(flt.actors)
    heatmap(flt)
    cooperation_over_time(flt)


def status_ladder(as_of: date, actors) -> None:
    st.subheader(f"Formal status as of {as_of:%Y-%m-%d}")
    st.caption("A state that holds until changed: the strongest formal step an actor has taken (accreditation, "
               "ambassadors, recognition), lowered only by a downgrade (mission closed, diplomats expelled, ties "
               "suspended) or an analyst's setting. Contested: a story within 30 days of the change says otherwise.")
    rows = common.status_as_of(as_of, tuple(actors))
    if not rows:
        st.info("No actor has a formal status with the Taliban government on this day.")
        return
    frame = pd.DataFrame(rows)
    frame = frame.assign(actor=common.name_actors(frame["actor"]), evidence_url=frame["evidence_url"].map(common.safe_link),
                         contested=frame["contested"].map(lambda v: "contested" if v else ""))
    st.dataframe(
        frame[["actor", "status", "since", "evidence_title", "evidence", "evidence_url", "stories", "outlets", "contested",
               "contested_evidence", "origin"]],
        hide_index=True, width="stretch",
        column_config={"actor": "Actor", "status": "Status", "since": "Since", "evidence_title": "Story",
                       "evidence": "Evidence", "evidence_url": st.column_config.LinkColumn("Link", display_text="open"),
                       "stories": "Stories", "outlets": "Outlets", "contested": "Contested",
                       "contested_evidence": "Says otherwise", "origin": "Source"},
    )


def status_setting_form() -> None:
    """Admin: an analyst's status for an actor from a date on (kept across retags)."""
    from db.session import session_scope
    from db.status import STATUSES, set_status

    with st.expander("Set an actor's status (analyst)"):
        with st.form("set-status"):
            actor = st.selectbox("Actor", sorted(common.actor_labels()), format_func=common.actor_name)
            status = st.selectbox("Status", STATUSES)
            effective = st.date_input("From", value=date.today(), format="YYYY-MM-DD")
            note = st.text_input("Why (shown as the evidence)")
            if st.form_submit_button("Record"):
                with session_scope(common.runtime().engine, write=True) as session:
                    set_status(session, actor, status, effective, note=note, author="dashboard")
                common.clear_caches()
                st.success(f"{common.actor_name(actor)}: {status} from {effective:%Y-%m-%d} recorded.")


def interactions_beside(flt) -> None:
    st.subheader("Interactions in the period")
    st.caption(f"Contacts, technical work, aid, pressure and hostility: events, not a status; the {INTERACTIONS_SHOWN} "
               "most active actors. Tone is their mean score (high-level contact 5 … hostile −8).")
    frame = common.interactions(flt)
    if frame.empty:
        st.info("No interactions match the filters.")
        return
    frame = frame.head(INTERACTIONS_SHOWN)
    frame = frame.assign(actor=common.name_actors(frame["actor"]),  # no contact: an empty cell, not "None"
                         last_contact=frame["last_contact"].map(lambda day: day.isoformat() if day else ""))
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"actor": "Actor", "last_contact": "Last contact",
                                "pressure": "Pressure", "hostile": "Hostile",
                                "tone": st.column_config.NumberColumn("Tone", format="%.1f"), "events": "Events"})


def what_changed(flt, as_of: date) -> None:
    st.subheader("What changed")
    st.caption(f"Status transitions (up and down) and firsts in the period, the newest {CHANGES_SHOWN}.")
    name = common.actor_namer()
    changes = [{"date": c["date"], "actor": name(c["actor"]), "change": _change_label(c),
                "evidence": c["evidence"]} for c in common.status_changes(flt.since, as_of, tuple(flt.actors))]
    firsts = common.firsts(flt)
    changes += [{"date": row.date, "actor": name(row.actor), "change": f"first {common.level_name(row.level).lower()}",
                 "evidence": ""} for row in firsts.itertuples()]
    if not changes:
        st.caption("Nothing changed in the period.")
        return
    frame = pd.DataFrame(changes).sort_values("date", ascending=False).head(CHANGES_SHOWN)
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"date": "Date", "actor": "Actor", "change": "Change", "evidence": "Evidence"})


def _change_label(change: dict) -> str:
    if change["direction"] == "confirmed":
        return f"{change['to']} (downgrade recorded)"
    return f"{change['from']} → {change['to']} ({change['direction']})"


def status_map(actors, as_of: date) -> None:
    st.subheader("Where the world stands")
    day = st.slider("Status as of", min_value=date(2021, 8, 15), max_value=as_of, value=as_of, format="YYYY-MM-DD",
                    key="map_day", help="Move to replay how formal status spread.")
    rows = common.status_as_of(day, tuple(actors))
    left, right = st.columns([4, 1])
    with left:
        # In its own frame, so the map's style and hover titles stay its own (no feed text but escaped evidence).
        st.iframe(f'<div style="width:100%">{status_svg(rows, common.actor_labels(), day.isoformat())}</div>',
                  height=MAP_HEIGHT)
        st.caption("Darker green is a higher status: recognition, ambassadors, accreditation; orange: none after a "
                   "downgrade; grey: no status known; Afghanistan in dark grey. Hover a country for its evidence.")
    with right:
        st.markdown("**Organisations**")
        organisations = [row for row in rows if row["actor"] in ORGANISATIONS]
        for row in organisations:
            st.markdown(f"- {common.escape_markdown(common.actor_name(row['actor']))}: {row['status']} since {row['since']}")
        if not organisations:
            st.caption("No organisation has a formal status.")


def status_timeline(actors) -> None:
    st.subheader("Status over time")
    periods = pd.DataFrame(common.status_periods(tuple(actors)))
    if periods.empty:
        st.caption("No status periods yet.")
        return
    periods["until"] = pd.to_datetime(periods["until"]).fillna(pd.Timestamp(date.today()))
    ranked = periods.groupby("actor")["since"].min().sort_values().index[:TIMELINE_ACTORS]
    periods = periods[periods["actor"].isin(ranked)].assign(actor=lambda f: common.name_actors(f["actor"]))
    chart = alt.Chart(periods).mark_bar().encode(
        x=alt.X("since:T", title=None), x2="until:T", y=alt.Y("actor:N", title=None),
        color=alt.Color("status:N", scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))),
        tooltip=["actor", "status", alt.Tooltip("since:T", format="%Y-%m-%d"), alt.Tooltip("until:T", format="%Y-%m-%d")],
    )
    st.altair_chart(chart, width="stretch")


def heatmap(flt) -> None:
    st.subheader("Levels by month")
    actors = flt.actors or tuple(common.most_engaged(flt, HEATMAP_ACTORS))
    monthly = common.monthly_levels(flt, actors)
    monthly = monthly.assign(actor=common.name_actors(monthly["actor"]), level=monthly["level"].map(common.level_name))
    chart = alt.Chart(monthly).mark_rect().encode(
        x=alt.X("yearmonth(month):O", title="Month"),
        y=alt.Y("actor:N", title=None),
        color=alt.Color("score:Q", title="Mean score", scale=alt.Scale(scheme="redyellowgreen", domain=[-8, 10])),
        tooltip=["actor", alt.Tooltip("yearmonth(month):O", title="Month"), "level", "score", "events"],
    )
    st.altair_chart(chart, width="stretch")


def cooperation_over_time(flt) -> None:
    """Weekly lines over two years or less; monthly beyond (five years of weeks is 260
    points an actor: unreadable, and the slowest part of the page on a large database)."""
    st.subheader("Cooperation score over time")
    actors = flt.actors or tuple(common.most_engaged(flt, LINE_ACTORS))
    series = common.monthly_levels(flt, actors)
    unit = "Month"
    if _months_spanned(series) <= WEEKLY_LINES_MONTHS:
        series, unit = common.weekly_cooperation(flt, actors).rename(columns={"week": "month"}), "Week"
    st.caption(f"{unit}ly mean of engagement scores (recognition 10 … hostile −8): who warms, who cools.")
    series = series.assign(actor=common.name_actors(series["actor"]))
    chart = alt.Chart(series).mark_line(point=True, interpolate="step-after").encode(
        x=alt.X("month:T", title=unit), y=alt.Y("score:Q", title="Mean score", scale=alt.Scale(domain=[-8, 10])),
        color=alt.Color("actor:N", title="Actor"),
        tooltip=["actor", alt.Tooltip("month:T", title=unit), alt.Tooltip("score:Q", format=".1f"), "events"],
    )
    st.altair_chart(chart, width="stretch")


def _months_spanned(frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    first, last = frame["month"].min(), frame["month"].max()
    return (last.year - first.year) * 12 + last.month - first.month


engagement_page()
