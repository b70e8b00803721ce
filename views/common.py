"""What every dashboard page shares: the runtime, the filter, cached reads, safe text.

Data access stays in db.queries; the wrappers here only add Streamlit caching with
a short ttl, so new stories show up within `refresh_seconds` without a reload.
"""
from __future__ import annotations

import hmac
import os
import re
from datetime import date, datetime
from functools import partial

import pandas as pd
import streamlit as st

from db import engagement, queries, records
from db.queries import StoryFilter
from db.session import session_scope
from ingest.clock import utc_now
from ingest.taxonomy import GUESS_RULE_PREFIX, LEVEL_LABELS, LEVEL_SCORES, TOPIC_IDS

CONFIG_ENV = "MONITOR_CONFIG"
ADMIN_ENV = "MONITOR_ADMIN_SECRET"
CACHE_TTL = 30
LEVEL_ORDER = list(LEVEL_SCORES)  # most cooperative first
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


@st.cache_resource(show_spinner="Opening the database...")
def get_runtime(config_path: str | None):
    """Config, migrated and seeded database: once per process and config file (the
    service's own when `python -m ingest serve` prepared it at start)."""
    from ingest import service
    from ingest.runtime import prepare

    running = service.current(config_path)
    return running.runtime if running else prepare(config_path)


@st.cache_resource(show_spinner=False)
def start_ingestion(config_path: str | None):
    """The process's background scheduler, or None when `start_in_dashboard` is off.

    Under `./run.sh` (`python -m ingest serve`) it started with the process and is reused
    here; under a bare `streamlit run dashboard.py` it starts now, at the first visit
    (the fallback), and stops with the process either way."""
    from ingest import service

    return service.start(config_path, get_runtime(config_path)).scheduler


@st.cache_resource(show_spinner=False)
def start_atom_feed(config_path: str | None):
    """The Atom endpoint of filtered views: the process's (started with the service, see
    start_ingestion); None when off or its port is taken."""
    from ingest import service

    return service.start(config_path, get_runtime(config_path)).atom


def atom_url(flt: StoryFilter) -> str | None:
    """The subscribable address of `flt`'s Atom feed, or None when this process serves none
    (off, or its port taken by another monitor, whose feed holds another database)."""
    from urllib.parse import urlencode

    from ingest.atom_server import feed_base

    config = runtime().config.dashboard
    if not config.atom_port:
        return None
    base = feed_base(start_atom_feed(config_path()), config.atom_host, config.public_atom_url)
    if base is None:
        return None
    query = urlencode(queries.filter_to_params(flt), doseq=True)
    return f"{base}?{query}" if query else base


def config_path() -> str | None:
    return os.environ.get(CONFIG_ENV) or None


def runtime():
    return get_runtime(config_path())


@st.cache_resource(show_spinner=False)
def get_taxonomy(taxonomy_path: str):
    """The taxonomy for actor names (the dashboard never tags, so no matcher is built)."""
    from pathlib import Path

    from ingest.taxonomy import load_taxonomy

    return load_taxonomy(Path(taxonomy_path))


def actor_labels() -> dict[str, str]:
    return get_taxonomy(str(runtime().config.taxonomy_path)).actor_labels


def actor_name(actor_id: str) -> str:
    return _display_name(actor_labels(), actor_id)


def actor_namer():
    """`actor_name` with the labels looked up once, for naming many rows: each call of
    `actor_name` pays two cache lookups, which a five-year heatmap's rows add up to
    a large part of the page's run."""
    return partial(_display_name, actor_labels())


def name_actors(ids: pd.Series) -> pd.Series:
    """`actor_name` of every id in a column."""
    return ids.map(actor_namer())


def _display_name(labels: dict[str, str], actor_id: str) -> str:
    label = labels.get(actor_id, actor_id)
    return f"{label} ({actor_id})" if label != actor_id else actor_id


def level_name(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def current_filter() -> StoryFilter:
    return st.session_state.get("story_filter", StoryFilter())


# ---- cached reads (thin wrappers over db.queries) ------------------------------------------
# Each cached function takes the config path first, so two databases never share a cache entry.

def _read(source: str | None, function, *args):
    with session_scope(get_runtime(source).engine) as session:
        return function(session, *args)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _cached(source: str | None, version: tuple, name: str, *args):
    """The read `name` at data version `version` (see queries.data_version): new polls,
    stories or corrections start new entries, so parts of a page never mix before and
    after a poll."""
    if name == "export":
        from ingest.atom import AtomFeed
        from ingest.export import export_bytes as render

        flt, fmt = args
        runtime_ = get_runtime(source)
        atom = AtomFeed.for_filter(flt, get_taxonomy(str(runtime_.config.taxonomy_path)).actor_labels, atom_url(flt) or "")
        with session_scope(runtime_.engine) as session:
            return render(records.iter_story_records(session, flt), fmt, atom=atom)
    if name == "filter_choices":
        with session_scope(get_runtime(source).engine) as session:
            return {"sources": queries.source_names(session), "languages": queries.languages(session)}
    if name == "headline_figures":
        return _read(source, queries.headline_figures, *args, utc_now())
    if name.startswith("engagement."):
        return _read(source, getattr(engagement, name.split(".", 1)[1]), *args)
    if name.startswith("status."):
        from db import status

        return _read(source, getattr(status, name.split(".", 1)[1]), *args)
    if name.startswith("attention."):
        from db import attention

        return _read(source, getattr(attention, name.split(".", 1)[1]), *args)
    return _read(source, getattr(records, name, None) or getattr(queries, name), *args)


def _current(name: str, *args):
    source = config_path()
    return _cached(source, _read(source, queries.data_version), name, *args)  # three key lookups


def stories_frame(flt: StoryFilter, limit: int) -> pd.DataFrame:
    return _current("stories_frame", flt, limit)


def count_stories(flt: StoryFilter) -> int:
    return _current("count_stories", flt)


def monthly_levels(flt: StoryFilter, actors: tuple[str, ...]) -> pd.DataFrame:
    return _current("engagement.monthly_levels", flt, list(actors))


def weekly_cooperation(flt: StoryFilter, actors: tuple[str, ...]) -> pd.DataFrame:
    return _current("engagement.weekly_cooperation", flt, list(actors))


def most_engaged(flt: StoryFilter, count: int) -> list[str]:
    return engagement.most_engaged_from(actor_levels(flt), count)


def status_as_of(day: date, actors: tuple[str, ...] = ()) -> list[dict]:
    return _current("status.status_as_of", day, tuple(actors))


def status_changes(since: date | None, until: date, actors: tuple[str, ...] = ()) -> list[dict]:
    return _current("status.status_changes", since, until, tuple(actors))


def status_periods(actors: tuple[str, ...] = ()) -> list[dict]:
    return _current("status.status_periods", tuple(actors))


def actor_levels(flt: StoryFilter) -> list[tuple]:
    return _current("engagement.actor_levels", flt)


def interactions(flt: StoryFilter) -> pd.DataFrame:
    return engagement.interactions_from(actor_levels(flt))


def firsts(flt: StoryFilter) -> pd.DataFrame:
    """From the landing page's one scan when it can (no start date, no story conditions)."""
    if engagement.firsts_in_levels(flt):
        return engagement.firsts_from(actor_levels(flt))
    return _current("engagement.firsts", flt)


def actor_events(flt: StoryFilter, actor: str) -> pd.DataFrame:
    return _current("engagement.actor_events", flt, actor)


def weekly_tag_counts(flt: StoryFilter, kind: str) -> pd.DataFrame:
    return _current("weekly_tag_counts", flt, kind)


def attention_counts(flt: StoryFilter, kind: str, unit: str, measure: str) -> pd.DataFrame:
    return _current("attention.attention_counts", flt, kind, unit, measure)


def story_span(flt: StoryFilter):
    return _current("attention.story_span", flt)


def events_frame(flt: StoryFilter, limit: int) -> pd.DataFrame:
    return _current("events_frame", flt, limit)


def same_event_stories(story_id: int) -> list:
    return _current("same_event_stories", story_id)


def event_stories(cluster_id: int) -> list:
    return _current("event_stories", cluster_id)


def topic_mix(flt: StoryFilter, actor: str) -> pd.DataFrame:
    return _current("topic_mix", flt, actor)


def headline_figures(flt: StoryFilter) -> dict:
    return _current("headline_figures", flt)


def feeds_frame() -> pd.DataFrame:
    return _current("feeds_frame")


def fetch_log_frame(feed_name: str | None, limit: int) -> pd.DataFrame:
    return _current("fetch_log_frame", feed_name, limit)


def filter_choices() -> dict:
    return _current("filter_choices")


def export_bytes(flt: StoryFilter, fmt: str) -> bytes:
    return _current("export", flt, fmt)


def story_detail(story_id: int) -> dict | None:
    with session_scope(runtime().engine) as session:
        return records.story_detail(session, story_id)


def last_updated() -> datetime | None:
    with session_scope(runtime().engine) as session:
        return queries.last_updated(session)


def clear_caches() -> None:
    st.cache_data.clear()


# ---- admin --------------------------------------------------------------------------------

def admin_secret() -> str | None:
    """The configured admin secret (environment first, then Streamlit secrets), or None."""
    secret = os.environ.get(ADMIN_ENV)
    if secret:
        return secret
    try:
        return st.secrets.get("admin_secret") or None
    except Exception:  # no secrets file: read-only dashboard
        return None


def check_admin(attempt: str) -> bool:
    secret = admin_secret()
    return bool(secret) and hmac.compare_digest(attempt.encode(), secret.encode())


def is_admin() -> bool:
    return bool(admin_secret()) and st.session_state.get("admin", False)


# ---- text from feeds is shown as text ---------------------------------------------------------

def escape_markdown(text: str) -> str:
    """Feed text made inert for st.markdown: no formatting, links or HTML from a feed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text or "")


def highlight(text: str, phrase: str) -> str:
    """Escaped `text` with the first occurrence of `phrase` in bold, for evidence."""
    if not phrase:
        return escape_markdown(text)
    index = (text or "").lower().find(phrase.lower())
    if index < 0:
        return escape_markdown(text)
    end = index + len(phrase)
    return (escape_markdown(text[:index]) + "**" + escape_markdown(text[index:end]) + "**"
            + escape_markdown(text[end:]))


def safe_link(url: str) -> str:
    """`url` when it is a web link, else "": a link column shows an empty cell for the
    seed story's `urn:` address rather than "None" (a missing value) or a dead link."""
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else ""


def guess_note(rule: str) -> str:
    """" · guessed by the level model (p=0.65)" for an event no rule read (ingest/tagging/levelmodel.py)."""
    if not (rule or "").startswith(GUESS_RULE_PREFIX):
        return ""
    probability = rule.rpartition("p=")[2]
    return f" · guessed by the level model (p={probability}), no rule read it"


def trigger_phrase(rule: str) -> str:
    """The matched words stored in a rule such as "trigger:recognition:recognised"."""
    parts = (rule or "").split(":", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "trigger" else ""


def format_day(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "never"
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


TOPICS = list(TOPIC_IDS)
