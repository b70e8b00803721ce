"""Attention: stories or events per day, week or month by topic and by actor, as counts
or as a share of all. Periods without a story are zeros, not a line across the gap;
the unit follows the span shown (db/attention.py)."""
import altair as alt
import streamlit as st

from views import common
from views.widgets import live

UNIT_NAMES = {"day": "Day", "week": "Week", "month": "Month"}


@live
def attention_page() -> None:
    flt = common.current_filter()
    st.title("Attention")
    counting = st.radio("Count", ["Stories", "Events"], horizontal=True, key="attention_counting",
                        help="An event is one happening however many outlets report it: ten outlets on one "
                             "decision are ten stories and one event.")
    measure = st.radio("Measure", ["Count", "Share of all"], horizontal=True, key="attention_measure")
    span = common.story_span(flt)
    if span is None:
        st.info("No stories match the filters.")
        return
    from db.attention import unit_for_span

    unit = unit_for_span(*span)
    noun = counting.lower()
    st.caption(f"How much coverage each topic and actor gets per {unit}, {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d} "
               f"(the unit follows the span: days up to 45 days, weeks up to two years, then months). "
               f"The share divides by all {noun} matching the filters that {unit}, so a busy news {unit} does not "
               f"look like a trend. A {unit} without {noun} is a zero.")
    field, title, fmt = ("count", counting, "d") if measure == "Count" else ("share", f"Share of {noun}", ".0%")
    for kind, heading in (("topic", "By topic"), ("actor", "By actor")):
        st.subheader(heading)
        frame = common.attention_counts(flt, kind, unit, noun)
        if kind == "actor" and not frame.empty:
            frame = frame[frame["value"] != "TALIBAN"]
            top = frame.groupby("value")["count"].sum().nlargest(10).index
            frame = frame[frame["value"].isin(flt.actors or top)]
            frame = frame.assign(value=common.name_actors(frame["value"]))
        if frame.empty:
            st.info("No stories match the filters.")
            continue
        chart = alt.Chart(frame).mark_line(point=unit != "day" or len(frame) < 400).encode(
            x=alt.X("period:T", title=UNIT_NAMES[unit], timeUnit=_time_unit(unit)),
            y=alt.Y(f"{field}:Q", title=title, axis=alt.Axis(format=fmt)),
            color=alt.Color("value:N", title=heading[3:].capitalize()),
            tooltip=[alt.Tooltip("value:N", title=kind), alt.Tooltip("period:T", title=unit, timeUnit=_time_unit(unit)),
                     alt.Tooltip("count:Q", title=noun), alt.Tooltip("share:Q", format=".0%")],
        )
        st.altair_chart(chart, width="stretch")
        with st.expander("Table"):
            st.dataframe(frame[frame["count"] > 0], hide_index=True, width="stretch")


def _time_unit(unit: str) -> str:
    return {"day": "yearmonthdate", "week": "yearmonthdate", "month": "yearmonth"}[unit]


attention_page()
