"""Feeds: who polls (the scheduler's state), health of every feed, the fetch log, and (for
admins) poll now / add / disable."""
import pandas as pd
import streamlit as st

from db.health import interval_text
from views import common
from views.widgets import feed_status_banner, last_updated_caption, live, scheduler_panel


@live
def feeds_page() -> None:
    st.title("Feeds")
    last_updated_caption()
    scheduler_panel()
    feed_status_banner()
    feeds = common.feeds_frame()
    counts = feeds["status"].value_counts()
    st.caption(" · ".join(f"{status}: {counts.get(status, 0)}" for status in ("ok", "failing", "pending", "disabled")))
    st.caption("Each feed is polled about once per new item it posts, within [polling] min_interval_minutes and "
               "max_interval_minutes, never more often than the feed asks (ttl, sy:updatePeriod, Cache-Control, "
               "Expires), unless the config fixes its interval; failing feeds back off.")
    feeds = feeds.assign(interval=feeds["interval"].map(interval_text), interval_reason=feeds["interval_reason"].fillna(""),
                         last_error=feeds["last_error"].fillna(""), bozo=feeds["bozo"].fillna(""),
                         last_success=when_text(feeds["last_success"], "never"),
                         next_check=when_text(feeds["next_check"], "not scheduled"),
                         http_status=feeds["http_status"].map(lambda code: "" if pd.isna(code) else str(int(code))))
    st.dataframe(
        feeds[["name", "status", "last_success", "next_check", "interval", "interval_reason", "http_status", "errors",
               "last_error", "last_items_seen", "last_items_new", "bozo", "url"]],
        hide_index=True, width="stretch",
        column_config={
            "name": "Feed", "status": "Status",
            "last_success": "Last success (UTC)", "next_check": "Next check (UTC)",
            "interval": "Interval", "interval_reason": st.column_config.TextColumn("Why this interval"),
            "http_status": st.column_config.TextColumn("HTTP"), "errors": "Errors in a row",
            "last_error": "Last error", "last_items_seen": "Items (last poll)", "last_items_new": "New (last poll)",
            "bozo": "Feed warnings", "url": st.column_config.TextColumn("URL"),
        },
    )
    news_search_note(feeds)
    fetch_log(feeds)
    if common.is_admin():
        admin_actions(feeds)


def when_text(times, missing: str):
    """A time as the table shows it; a feed that never succeeded reads "never", not "None"."""
    return pd.to_datetime(times).dt.strftime("%Y-%m-%d %H:%M").fillna(missing)


NEWS_SEARCH_HOSTS = ("news.google.com", "bing.com/news")


def news_search_note(feeds) -> None:
    """Why stories from news-search feeds look thinner: say it where the feeds are listed."""
    if feeds["url"].str.contains("|".join(NEWS_SEARCH_HOSTS), regex=True).any():
        st.caption("News-search feeds (news.google.com, bing.com/news) carry only each article's headline, its "
                   "outlet and a redirect link, no summary: their stories are tagged from the headline alone. A "
                   "headline that an outlet's own feed also carries is stored once, with both feeds as sources.")


def fetch_log(feeds) -> None:
    st.subheader("Fetch log")
    names = ["All feeds"] + feeds["name"].tolist()
    chosen = st.selectbox("Feed", names, key="log_feed")
    log = common.fetch_log_frame(None if chosen == "All feeds" else chosen, 300)
    st.dataframe(log, hide_index=True, width="stretch",
                 column_config={"started_at": st.column_config.DatetimeColumn("Started (UTC)", format="YYYY-MM-DD HH:mm:ss")})


def admin_actions(feeds) -> None:
    from ingest.feeds import FeedError, add_feed, set_feed_enabled
    from ingest.orchestrator import schedule_now

    engine = common.runtime().engine
    st.subheader("Admin")
    ids = dict(zip(feeds["name"], feeds["id"]))
    left, right = st.columns(2)
    with left.form("poll-now"):
        name = st.selectbox("Feed", list(ids), key="admin_feed")
        poll, toggle = st.columns(2)
        if poll.form_submit_button("Poll now"):
            schedule_now(engine, int(ids[name]))
            common.clear_caches()
            st.success(f"{name} will be polled at the scheduler's next tick.")
        if toggle.form_submit_button("Enable / disable"):
            enabled = bool(feeds.loc[feeds["name"] == name, "enabled"].iloc[0])
            set_feed_enabled(engine, int(ids[name]), not enabled)
            common.clear_caches()
            st.success(f"{name} is now {'disabled' if enabled else 'enabled'}.")
    with right.form("add-feed"):
        name = st.text_input("Name")
        url = st.text_input("RSS or Atom URL (http or https)")
        language = st.text_input("Language", value="en")
        if st.form_submit_button("Add feed"):
            try:
                allow = common.runtime().config.dashboard.allow_private_feed_urls
                add_feed(engine, name, url, language, allow_private=allow)
                common.clear_caches()
                st.success(f"Added {name}; it is polled at the scheduler's next tick.")
            except FeedError as error:
                st.error(str(error))
    opml_actions(engine)


def opml_actions(engine) -> None:
    """Move the feed list to or from any feed reader (OPML), as `feeds --import/--export` do."""
    from ingest.feeds import FeedError
    from ingest.opml import export_opml, import_opml

    left, right = st.columns(2)
    left.download_button("Export feeds (OPML)", export_opml(engine), file_name="taliban-monitor-feeds.opml",
                         mime="text/x-opml")
    upload = right.file_uploader("Import feeds (OPML)", type=["opml", "xml"], key="opml_upload")
    if upload is not None and right.button("Import these feeds"):
        try:
            added, present = import_opml(engine, upload.getvalue(), common.runtime().config.dashboard.allow_private_feed_urls)
            common.clear_caches()
            right.success(f"{added} feeds added, {present} already there.")
        except FeedError as error:
            right.error(f"{error}; nothing was imported.")


feeds_page()
