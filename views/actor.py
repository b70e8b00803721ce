"""Actor profile: one actor's levels over time, its events, its topic mix and its stories."""
import altair as alt
import streamlit as st

from views import common
from views.widgets import live, story_table


@live
def actor_page() -> None:
    flt = common.current_filter()
    st.title("Actor profile")
    engaged = common.most_engaged(flt.with_(actors=(), levels=()), 60)
    choices = engaged + [a for a in sorted(common.actor_labels()) if a not in engaged]
    default = flt.actors[0] if flt.actors else (engaged[0] if engaged else "RUS")
    actor = st.selectbox("Actor", choices, index=choices.index(default) if default in choices else 0,
                         format_func=common.actor_name, key="profile_actor")
    scoped = flt.with_(actors=(actor,))
    events = common.actor_events(scoped, actor)
    st.subheader(f"{common.actor_name(actor)}: engagement over time")
    if events.empty:
        st.info("No engagement events for this actor with the current filters.")
    else:
        timeline(events)
        st.dataframe(
            events.assign(level=events["level"].map(common.level_name), url=events["url"].map(common.safe_link))
            [["event_date", "level", "score", "title", "url", "evidence", "origin"]],
            hide_index=True, width="stretch",
            column_config={"event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                           "url": st.column_config.LinkColumn("Link", display_text="open")},
        )
    topic_mix(flt.with_(actors=()), actor)
    st.subheader("Stories naming this actor")
    story_table(common.stories_frame(scoped, 200), key="actor-stories")


def timeline(events) -> None:
    frame = events.assign(level_name=events["level"].map(common.level_name))
    chart = alt.Chart(frame).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("event_date:T", title="Date"),
        y=alt.Y("score:Q", title="Level score", scale=alt.Scale(domain=[-8, 10])),
        tooltip=[alt.Tooltip("event_date:T", title="Date"), alt.Tooltip("level_name:N", title="Level"), "title:N"],
    )
    st.altair_chart(chart, width="stretch")


def topic_mix(flt, actor: str) -> None:
    st.subheader("Topic mix")
    totals = common.topic_mix(flt, actor)
    if totals.empty:
        st.caption("No topics for this actor's stories.")
        return
    chart = alt.Chart(totals).mark_bar().encode(
        x=alt.X("stories:Q", title="Stories"), y=alt.Y("value:N", sort="-x", title=None), tooltip=["value", "stories"])
    st.altair_chart(chart, width="stretch")


actor_page()
