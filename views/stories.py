"""Stories: the table of stories matching the filters, one story's evidence, exports."""
import streamlit as st

from db.session import session_scope
from views import common
from views.widgets import export_buttons, guarded, live, story_table


@live
def stories_page() -> None:
    flt = common.current_filter()
    st.title("Stories")
    limit = common.runtime().config.dashboard.page_size
    total = common.count_stories(flt)
    frame = common.stories_frame(flt, limit)
    shown = f"newest {len(frame):,} of {total:,}" if total > len(frame) else f"{total:,}"
    noun = "story matches" if total == 1 else "stories match"
    st.caption(f"{shown} {noun} the filters, newest first. Exports hold every matching story.")
    export_buttons(flt, key="stories-export")
    feed = common.atom_url(flt)
    if feed:
        st.caption("Subscribe to this view in a feed reader (Atom, newest 200):")
        st.code(feed, language=None)
    if st.toggle("Group by event", key="group_by_event",
                 help="One row per event: the stories of several outlets about one happening together"):
        event_table(flt, limit)
    else:
        story_table(frame, key="stories-table")


EVENTS_EXPANDED = 30  # events listed with their stories below the table


def event_table(flt, limit: int) -> None:
    """One row per event (first seen, latest, outlets, best title); the newest expand
    into their stories."""
    events = common.events_frame(flt, limit)
    if events.empty:
        st.info("No stories match the filters.")
        return
    st.caption(f"{len(events):,} events, latest first: each is one happening, however many outlets reported it.")
    st.dataframe(events.drop(columns=["event"]).rename(columns={
        "first_seen": "first seen", "matching": "stories matching", "title": "best title"}),
        hide_index=True, width="stretch", column_config={
            "first seen": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            "latest": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")})
    for row in events.head(EVENTS_EXPANDED).itertuples():
        label = f"{row.latest:%Y-%m-%d} · {row.outlets} outlet{'s' if row.outlets != 1 else ''} · {row.title[:100]}"
        with st.expander(common.escape_markdown(label)):
            for story in common.event_stories(int(row.event)):
                _story_line(story)


def _story_line(story) -> None:
    link = common.safe_link(story.url)
    title = common.escape_markdown(story.title)
    outlets = common.escape_markdown(", ".join(sorted(set((story.sources or "").split("\x1f")) - {""})))
    shown = f"[{title}]({link})" if link else title
    st.markdown(f"- {story.published_at:%Y-%m-%d %H:%M} · {outlets} · {shown} (story {story.id})")


@guarded
def story_reader() -> None:
    """Outside the live fragment: a story being read, or a correction being typed, is
    not redrawn under the reader every refresh."""
    frame = common.stories_frame(common.current_filter(), common.runtime().config.dashboard.page_size)
    if not frame.empty:
        story_view(frame)


def story_view(frame) -> None:
    st.divider()
    options = frame["id"].tolist()
    titles = dict(zip(frame["id"], frame["title"]))
    chosen = st.selectbox("Read a story", options, format_func=lambda i: f"{i} · {titles[i][:110]}", key="story_pick")
    detail = common.story_detail(int(chosen))
    if detail is None:
        st.warning("That story is no longer stored.")
        return
    story = detail["story"]
    st.subheader(common.escape_markdown(story.title))
    byline = " · ".join(filter(None, [story.outlet, story.byline, f"{story.published_at:%Y-%m-%d %H:%M} UTC"
                                      + (" (date estimated)" if story.date_estimated else "")]))
    st.caption(common.escape_markdown(byline))
    st.text(story.summary or "(no summary)")
    sources(detail)
    same_event(story.id)
    tags(detail)
    events(detail)
    if common.is_admin():
        correction_form(story.id)
        event_correction_form(story.id)


def sources(detail) -> None:
    st.markdown("**Sources that carried it**")
    for source in detail["sources"]:
        link = common.safe_link(source.link)
        name = common.escape_markdown(source.source_name)
        if link:
            st.markdown(f"- {name}: [{common.escape_markdown(link)}]({link})")
        else:
            st.markdown(f"- {name}")


def same_event(story_id: int) -> None:
    """The other outlets' stories about the same event (ingest/clustering)."""
    others = common.same_event_stories(story_id)
    st.markdown(f"**The same event in other stories** ({len(others)})")
    if not others:
        st.caption("No other story about this event so far.")
    for story in others:
        _story_line(story)


def tags(detail) -> None:
    st.markdown("**Why it is tagged**")
    for tag in detail["tags"]:
        label = common.actor_name(tag.value) if tag.kind == "actor" else tag.value
        rule = tag.rule.replace("`", "'")  # shown in a code span, where escapes would be literal
        origin = "" if tag.origin == "tagger" else f" · {tag.origin}"
        role = f" · {ROLE_NAMES.get(tag.role, tag.role)}" if tag.kind == "actor" and tag.role else ""
        st.markdown(f"- {tag.kind} **{common.escape_markdown(label)}**{role} · rule `{rule}`{origin}: "
                    f"{common.highlight(tag.evidence, _matched_words(tag.rule))}")


def events(detail) -> None:
    st.markdown("**Engagement shown by this story**")
    if not detail["events"]:
        st.caption("No engagement event: no sentence pairs a foreign actor, the Taliban and a trigger.")
    for event in detail["events"]:
        background = " · reported in background" if event.background else ""
        background += common.guess_note(event.rule)
        st.markdown(
            f"- {event.event_date:%Y-%m-%d} · **{common.escape_markdown(common.actor_name(event.actor))}** → "
            f"**{common.level_name(event.level)}** ({event.score:+g}) · {event.origin}{background}: "
            f"{common.highlight(event.evidence, common.trigger_phrase(event.rule))}")


ROLE_NAMES = {"participant": "takes part", "mentioned": "mentioned in background", "place": "place (dateline or venue)"}


def _matched_words(rule: str) -> str:
    """The alias in a rule such as "alias:Kremlin" or "person:Lavrov"."""
    kind, _, words = (rule or "").partition(":")
    return words if kind in ("alias", "name", "capital", "person") else ""


def correction_form(story_id: int) -> None:
    from ingest.tag_corrections import add_correction

    st.markdown("**Correct this story** (kept across retagging)")
    with st.form(f"correct-{story_id}"):
        kind = st.selectbox("What", ["actor", "topic", "engagement"])
        actor_ids = sorted(common.actor_labels())
        value = st.selectbox("Actor or topic", actor_ids + common.TOPICS)
        action = st.selectbox("Action", ["add", "remove", "set"],
                              help="add/remove for actors and topics; set/remove for an engagement level")
        level = st.selectbox("Level (for engagement)", common.LEVEL_ORDER, format_func=common.level_name)
        note = st.text_input("Why")
        if st.form_submit_button("Save correction"):
            try:
                with session_scope(common.runtime().engine, write=True) as session:
                    add_correction(session, story_id, kind, value, action, level=level if action == "set" else None,
                                   note=note, author="dashboard")
                common.clear_caches()
                st.success("Correction saved.")
            except ValueError as error:
                st.error(str(error))



def event_correction_form(story_id: int) -> None:
    """An analyst's word on this story's event (kept across retagging): split it out,
    or join its event with another story's."""
    from ingest.clustering import join_stories, split_story

    st.markdown("**Correct this story's event** (kept across retagging)")
    with st.form(f"event-{story_id}"):
        action = st.radio("What", ["Split this story into an event of its own", "Join its event with story"],
                          key=f"event-action-{story_id}")
        other = st.number_input("Other story id (to join)", min_value=1, step=1, value=None)
        note = st.text_input("Why", key=f"event-note-{story_id}")
        if st.form_submit_button("Save"):
            try:
                with session_scope(common.runtime().engine, write=True) as session:
                    if action.startswith("Split"):
                        split_story(session, story_id, note=note, author="dashboard")
                    elif other is None:
                        raise ValueError("give the id of the story whose event to join")
                    else:
                        join_stories(session, story_id, int(other), note=note, author="dashboard")
                common.clear_caches()
                st.success("Saved.")
            except ValueError as error:
                st.error(str(error))


stories_page()
story_reader()
