"""Attention: stories per week by topic and by actor, as counts or as a share of all stories."""
import altair as alt
import streamlit as st

from views import common
from views.widgets import live


@live
def attention_page() -> None:
    flt = common.current_filter()
    st.title("Attention")
    st.caption("How much coverage each topic and actor gets per week. The share view divides by all stories "
               "matching the filters that week, so a busy news week does not look like a trend.")
    measure = st.radio("Measure", ["Stories", "Share of all stories"], horizontal=True, key="attention_measure")
    field, title, fmt = ("stories", "Stories", "d") if measure == "Stories" else ("share", "Share of stories", ".0%")
    for kind, heading in (("topic", "By topic"), ("actor", "By actor")):
        st.subheader(heading)
        frame = common.weekly_tag_counts(flt, kind)
        if kind == "actor":
            frame = frame[frame["value"] != "TALIBAN"]
            top = frame.groupby("value")["stories"].sum().nlargest(10).index
            frame = frame[frame["value"].isin(flt.actors or top)]
            frame = frame.assign(value=frame["value"].map(common.actor_name))
        if frame.empty:
            st.info("No stories match the filters.")
            continue
        chart = alt.Chart(frame).mark_line(point=True).encode(
            x=alt.X("week:T", title="Week"), y=alt.Y(f"{field}:Q", title=title, axis=alt.Axis(format=fmt)),
            color=alt.Color("value:N", title=heading[3:].capitalize()),
            tooltip=[alt.Tooltip("value:N", title=kind), "week:T", "stories:Q", alt.Tooltip("share:Q", format=".0%")],
        )
        st.altair_chart(chart, width="stretch")
        with st.expander("Table"):
            st.dataframe(frame, hide_index=True, width="stretch")


attention_page()
