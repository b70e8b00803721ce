"""Pieces several pages show: live refresh, headline figures, feed banner, exports, story table."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from db.queries import QueryError, StoryFilter
from ingest.clock import utc_now
from ingest.export import export_filename
from views import common

EXPORT_MIME = {"csv": "text/csv", "jsonl": "application/x-ndjson",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "atom": "application/atom+xml"}


def guarded(body):
    """Run a page part; a failing read shows a message instead of a traceback."""
    @functools.wraps(body)
    def run():
        try:
            body()
        except QueryError as error:
            st.warning(f"Search: {error}")
        except Exception as error:  # no page ever shows a traceback
            if "fts5: syntax error" in str(error):
                st.warning("The search text could not be understood; check quotes and operators.")
            else:
                st.error(f"This view could not be loaded: {type(error).__name__}: {error}")

    return run


def live(page_body):
    """Rerun a page's body every `refresh_seconds`, so new stories appear without a reload."""
    return st.fragment(guarded(page_body), run_every=common.runtime().config.dashboard.refresh_seconds)


def last_updated_caption() -> None:
    updated = common.last_updated()
    when = f"{updated:%Y-%m-%d %H:%M} UTC" if updated else "not yet (feeds are being polled)"
    st.caption(f"Data last updated: {when} · refreshes every {common.runtime().config.dashboard.refresh_seconds} s")


def feed_status_banner() -> None:
    """Say when feeds are still being polled, and why when every feed fails."""
    feeds = common.feeds_frame()
    active = feeds[feeds["enabled"]]
    if active.empty:
        st.info("No feeds are configured: add [[feeds]] to config.toml. Showing the seed article's events.")
        return
    if (active["status"] == "pending").all():
        st.info("Feeds are being polled for the first time; meanwhile the timeline shows the seed article's events.")
        return
    checked = active[active["status"] != "pending"]
    if (checked["status"] == "failing").all():
        reasons = checked["last_error"].fillna("unknown error").value_counts()
        top = "; ".join(f"{reason} ({count} feeds)" for reason, count in reasons.head(3).items())
        st.error(f"All {len(checked)} feeds are failing, so no new stories arrive. Most common: {top}")


def no_scheduler_banner(status) -> None:
    """Warn when nobody polls this database: "new in the last 24 h" would under-report."""
    if not status.holders:
        st.warning("No scheduler holds the database lease, so feeds are not being polled. Start the service "
                   "with `./run.sh` (or `python -m ingest run` when `start_in_dashboard = false`).")


def scheduler_panel() -> None:
    """The scheduler's state: running here or elsewhere, last tick, next due feed, lease holder."""
    from ingest.scheduler import scheduler_status

    status = scheduler_status(common.runtime().engine, common.start_ingestion(common.config_path()))
    no_scheduler_banner(status)
    if not status.here:
        here = "no scheduler in this process (`start_in_dashboard = false`)"
    else:
        role = "polling (holds the lease)" if status.polling else "standby (another process holds the lease)"
        here = f"{'running' if status.running else 'stopped'}, {role}; last tick {_ago(status.last_tick)}"
    holders = ", ".join(f"`{holder}` (lease until {until:%H:%M:%S} UTC)" for holder, until in status.holders) or "nobody"
    due = "no enabled feed"
    if status.next_due:
        name, when = status.next_due
        due = f"{common.escape_markdown(name)}, {'now' if when is None or when <= utc_now() else _in(when)}"
    st.markdown(f"**Scheduler in this process:** {here}  \n**Lease holder:** {holders}  \n**Next due feed:** {due}")


def _ago(when) -> str:
    if when is None:
        return "not yet"
    return f"{max(0, int((utc_now() - when).total_seconds()))} s ago ({when:%H:%M:%S} UTC)"


def _in(when) -> str:
    return f"in {int((when - utc_now()).total_seconds())} s ({when:%H:%M:%S} UTC)"


def headline(flt: StoryFilter) -> None:
    figures = common.headline_figures(flt)
    columns = st.columns(4)
    columns[0].metric("Stories", f"{figures['stories']:,}")
    columns[1].metric("New in the last 24 h", f"{figures['new_24h']:,}")
    columns[2].metric("Foreign actors engaging", figures["actors_engaging"])
    columns[3].metric("Feeds healthy / failing", f"{figures['feeds_healthy']} / {figures['feeds_failing']}",
                      help=f"{figures['feeds_pending']} not polled yet")


def export_buttons(flt: StoryFilter, key: str) -> None:
    """Download buttons for the current filter, in every export format."""
    columns = st.columns(4)
    for column, fmt in zip(columns, ("csv", "jsonl", "xlsx", "atom")):
        column.download_button(
            f"Export {fmt.upper()}", data=functools.partial(common.export_bytes, flt, fmt),
            file_name=export_filename(flt, fmt), mime=EXPORT_MIME[fmt], key=f"{key}-{fmt}",
            on_click="ignore",
        )


def story_table(frame: pd.DataFrame, key: str) -> None:
    table = frame.assign(url=frame["url"].map(common.safe_link))
    st.dataframe(
        table, hide_index=True, width="stretch", key=key,
        column_config={
            "id": st.column_config.NumberColumn("Id", format="%d"),
            "published_at": st.column_config.DatetimeColumn("Published (UTC)", format="YYYY-MM-DD HH:mm"),
            "title": st.column_config.TextColumn("Title", width="large"),
            "url": st.column_config.LinkColumn("Link", display_text="open"),
            "sources": "Sources", "actors": "Actors", "topics": "Topics", "engagement": "Engagement",
            "corrected": st.column_config.CheckboxColumn("Corrected"),
        },
    )
