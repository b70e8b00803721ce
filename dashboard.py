"""Taliban engagement monitor: the dashboard.

`streamlit run dashboard.py` opens it and starts background ingestion (once per
process). The sidebar holds the filters, kept in the URL so a copied address shares
the view; every page reads the same filter.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from db.queries import LIST_PARAMS, StoryFilter, filter_from_params, filter_to_params
from views import common

# The page icon is a file of ours: a Material symbol would be fetched from a font CDN, and
# the dashboard must make no request outside the machine (closed networks, privacy).
ICON = Path(__file__).resolve().parent / "views" / "assets" / "icon.png"
st.set_page_config(page_title="Taliban engagement monitor", page_icon=str(ICON), layout="wide")

FILTER_KEYS = ("since", "until", "actor", "topic", "level", "source", "lang", "q", "part")
# Pages where the Actors filter means "takes part" unless the user says otherwise: an
# engagement chart is about who engages, not who is named in passing.
PARTICIPANTS_BY_DEFAULT = {"Engagement"}


def open_runtime():
    """The database and background ingestion; a readable error instead of a traceback."""
    try:
        runtime = common.runtime()
        common.start_ingestion(common.config_path())
        common.start_atom_feed(common.config_path())
        return runtime
    except Exception as error:  # config or database problem: say which, stop here
        st.error(f"The monitor cannot start: {error}")
        st.info("Fix the configuration (config.toml, or the file named by MONITOR_CONFIG) and reload.")
        st.stop()


def load_filters_from_url() -> None:
    """On a session's first run, put the URL's filter values into the sidebar widgets."""
    if st.session_state.get("filters_loaded"):
        return
    flt = filter_from_params(st.query_params.get_all)
    known_actors = set(common.actor_labels())
    st.session_state["f_since"], st.session_state["f_until"] = flt.since, flt.until
    st.session_state["f_actor"] = [a for a in flt.actors if a in known_actors]
    st.session_state["f_topic"] = [t for t in flt.topics if t in common.TOPICS]
    st.session_state["f_level"] = [lv for lv in flt.levels if lv in common.LEVEL_ORDER]
    st.session_state["f_source"] = list(flt.sources)
    st.session_state["f_lang"] = list(flt.languages)
    st.session_state["f_q"] = flt.query
    part = st.query_params.get_all("part")
    st.session_state["f_part_choice"] = None if not part else part[0] == "1"  # None: the page's default
    st.session_state["filters_loaded"] = True


def sidebar_filters(page_title: str) -> StoryFilter:
    """The filter widgets; their values go back into the URL on every run."""
    choices = common.filter_choices()
    sidebar = st.sidebar
    sidebar.header("Filters")
    left, right = sidebar.columns(2)
    since = left.date_input("From", key="f_since", format="YYYY-MM-DD")
    until = right.date_input("To", key="f_until", format="YYYY-MM-DD")
    actors = sidebar.multiselect("Actors", sorted(common.actor_labels()), key="f_actor",
                                 format_func=common.actor_name, placeholder="Any actor")
    participants_only = participants_switch(sidebar, page_title)
    topics = sidebar.multiselect("Topics", common.TOPICS, key="f_topic", placeholder="Any topic")
    levels = sidebar.multiselect("Engagement level", common.LEVEL_ORDER, key="f_level",
                                 format_func=common.level_name, placeholder="Any level")
    sources = sidebar.multiselect("Sources", sorted(set(choices["sources"]) | set(st.session_state["f_source"])),
                                  key="f_source", placeholder="Any source")
    languages = sidebar.multiselect("Languages", sorted(set(choices["languages"]) | set(st.session_state["f_lang"])),
                                    key="f_lang", placeholder="Any language")
    query = sidebar.text_input("Search text", key="f_q",
                               help='Words, "exact phrases", AND, OR, NOT and parentheses; word* for prefixes.')
    sidebar.button("Reset filters", on_click=_reset_filters)
    flt = StoryFilter(since=since, until=until, actors=tuple(actors), topics=tuple(topics), levels=tuple(levels),
                      sources=tuple(sources), languages=tuple(languages), query=query.strip(),
                      participants_only=participants_only)
    write_filters_to_url(flt)
    return flt


def participants_switch(sidebar, page_title: str) -> bool:
    """"Participants only" for the Actors filter: the user's choice once made (kept in the
    URL as part=1 or part=0), else the page's default (on for Engagement)."""
    choice = st.session_state.get("f_part_choice")
    default = page_title in PARTICIPANTS_BY_DEFAULT if choice is None else choice
    value = sidebar.toggle("Participants only", value=default, key=f"f_part_{page_title}_{default}",
                           help="Only stories where the chosen actors take part, not where they are "
                                "mentioned in background or are the dateline or venue.")
    if value != default:
        st.session_state["f_part_choice"] = value
    return value


def _reset_filters() -> None:
    for key in FILTER_KEYS:
        if key == "part":
            st.session_state["f_part_choice"] = None
            continue
        st.session_state[f"f_{key}"] = None if key in ("since", "until") else "" if key == "q" else []


def write_filters_to_url(flt: StoryFilter) -> None:
    wanted = filter_to_params(flt)
    if st.session_state.get("f_part_choice") is False:
        wanted["part"] = "0"  # switched off where it would default on: keep that in the address
    if wanted != _current_params():
        st.query_params.from_dict(wanted)


def _current_params() -> dict:
    current = {}
    for key in FILTER_KEYS:
        values = st.query_params.get_all(key)
        if values:
            current[key] = values if key in LIST_PARAMS else values[0]
    return current


def admin_login() -> None:
    """Admin actions appear only when a secret is configured and entered correctly."""
    if not common.admin_secret():
        st.sidebar.caption("Read-only: no admin secret is configured.")
        return
    if common.is_admin():
        st.sidebar.success("Admin mode")
        if st.sidebar.button("Leave admin mode"):
            st.session_state["admin"] = False
            st.rerun()
        return
    with st.sidebar.expander("Admin"):
        attempt = st.text_input("Admin secret", type="password", key="admin_attempt")
        if st.button("Unlock") and attempt:
            st.session_state["admin"] = common.check_admin(attempt)
            if not st.session_state["admin"]:
                st.error("Wrong secret.")
            else:
                st.rerun()


open_runtime()
load_filters_from_url()
pages = [
    st.Page("views/engagement.py", title="Engagement", icon=":material/handshake:", default=True),
    st.Page("views/attention.py", title="Attention", icon=":material/trending_up:"),
    st.Page("views/stories.py", title="Stories", icon=":material/article:"),
    st.Page("views/actor.py", title="Actor profile", icon=":material/account_balance:"),
    st.Page("views/feeds.py", title="Feeds", icon=":material/rss_feed:"),
    st.Page("views/alerts.py", title="Alerts", icon=":material/notifications:"),
]
page = st.navigation(pages)
st.session_state["story_filter"] = sidebar_filters(page.title)
admin_login()
page.run()
