"""Taliban engagement monitor: the dashboard.

`streamlit run dashboard.py` opens it and starts background ingestion (once per
process). The sidebar holds the filters, kept in the URL so a copied address shares
the view; every page reads the same filter.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from db.queries import StoryFilter
from views import common

st.set_page_config(page_title="Taliban engagement monitor", page_icon=":material/public:", layout="wide")

FILTER_KEYS = ("since", "until", "actor", "topic", "level", "source", "lang", "q")


def open_runtime():
    """The database and background ingestion; a readable error instead of a traceback."""
    try:
        runtime = common.runtime()
        common.start_ingestion(common.config_path())
        return runtime
    except Exception as error:  # config or database problem: say which, stop here
        st.error(f"The monitor cannot start: {error}")
        st.info("Fix the configuration (config.toml, or the file named by MONITOR_CONFIG) and reload.")
        st.stop()


def load_filters_from_url() -> None:
    """On a session's first run, put the URL's filter values into the sidebar widgets."""
    if st.session_state.get("filters_loaded"):
        return
    params = st.query_params
    known_actors = set(common.actor_labels())
    st.session_state["f_since"] = _parse_date(params.get("since"))
    st.session_state["f_until"] = _parse_date(params.get("until"))
    st.session_state["f_actor"] = [a for a in params.get_all("actor") if a in known_actors]
    st.session_state["f_topic"] = [t for t in params.get_all("topic") if t in common.TOPICS]
    st.session_state["f_level"] = [lv for lv in params.get_all("level") if lv in common.LEVEL_ORDER]
    st.session_state["f_source"] = params.get_all("source")
    st.session_state["f_lang"] = params.get_all("lang")
    st.session_state["f_q"] = params.get("q", "")
    st.session_state["filters_loaded"] = True


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def sidebar_filters() -> StoryFilter:
    """The filter widgets; their values go back into the URL on every run."""
    choices = common.filter_choices()
    sidebar = st.sidebar
    sidebar.header("Filters")
    left, right = sidebar.columns(2)
    since = left.date_input("From", key="f_since", format="YYYY-MM-DD")
    until = right.date_input("To", key="f_until", format="YYYY-MM-DD")
    actors = sidebar.multiselect("Actors", sorted(common.actor_labels()), key="f_actor",
                                 format_func=common.actor_name, placeholder="Any actor")
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
                      sources=tuple(sources), languages=tuple(languages), query=query.strip())
    write_filters_to_url(flt)
    return flt


def _reset_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state[f"f_{key}"] = None if key in ("since", "until") else "" if key == "q" else []


def write_filters_to_url(flt: StoryFilter) -> None:
    params = {"since": flt.since.isoformat() if flt.since else None,
              "until": flt.until.isoformat() if flt.until else None,
              "actor": list(flt.actors), "topic": list(flt.topics), "level": list(flt.levels),
              "source": list(flt.sources), "lang": list(flt.languages), "q": flt.query or None}
    wanted = {key: value for key, value in params.items() if value}
    if wanted != _current_params():
        st.query_params.from_dict(wanted)


def _current_params() -> dict:
    current = {}
    for key in FILTER_KEYS:
        values = st.query_params.get_all(key)
        if values:
            current[key] = values if key in ("actor", "topic", "level", "source", "lang") else values[0]
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
]
page = st.navigation(pages)
st.session_state["story_filter"] = sidebar_filters()
admin_login()
page.run()
