"""Each dashboard page renders, follows the filters, and exports what the filter shows."""
import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db.queries import StoryFilter
from db.records import story_records
from db.session import session_scope

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
BACKENDS = ("sqlite", "postgresql")  # every page renders on both databases
PAGES = ["views/engagement.py", "views/attention.py", "views/stories.py", "views/actor.py", "views/feeds.py",
         "views/alerts.py"]


@pytest.fixture
def app(populated, monkeypatch):
    monkeypatch.setenv("MONITOR_CONFIG", str(populated.config.path))
    monkeypatch.delenv("MONITOR_ADMIN_SECRET", raising=False)

    def start(page=None, **query):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return start


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app, page):
    at = app(page)
    assert at.title and not at.error


def stories_table(at):
    return at.dataframe[0].value


def test_changing_a_filter_changes_the_rows(app):
    at = app("views/stories.py")
    everything = stories_table(at)
    at.sidebar.multiselect(key="f_actor").set_value(["JPN"]).run()
    only_japan = stories_table(at)
    assert len(everything) == 8 and len(only_japan) == 1
    assert only_japan["title"].iloc[0].startswith("Japan pledges")
    assert at.query_params["actor"] in ("JPN", ["JPN"])  # the URL now shares this view


def test_filters_are_read_from_the_url(app, populated):
    at = app("views/stories.py", topic="detainees", since="2025-10-01")
    with session_scope(populated.engine) as session:
        from datetime import date
        expected = [r["title"] for r in story_records(session, StoryFilter(topics=("detainees",), since=date(2025, 10, 1)))]
    assert list(stories_table(at)["title"]) == expected == ["Qatar hosts Taliban delegation for talks on detained Americans"]


def test_search_box_uses_full_text(app):
    at = app("views/stories.py")
    at.sidebar.text_input(key="f_q").set_value('"charter flight"').run()
    assert list(stories_table(at)["title"]) == ["Germany deports 81 Afghan offenders on charter flight"]
    at.sidebar.text_input(key="f_q").set_value('"unclosed').run()
    assert not at.exception and any("quotes" in w.value for w in at.warning)


def test_export_equals_the_filters_rows(app, populated):
    at = app("views/stories.py", actor="QAT")
    table_ids = list(stories_table(at)["url"])
    from views.common import export_bytes
    exported = [json.loads(line)["url"] for line in export_bytes(StoryFilter(actors=("QAT",)), "jsonl").decode().splitlines()]
    with session_scope(populated.engine) as session:
        expected = [r["url"] for r in story_records(session, StoryFilter(actors=("QAT",)))]
    assert exported == expected == table_ids
    assert {b.label for b in at.get("download_button")} >= {"Export CSV", "Export JSONL"}


def test_landing_page_shows_status_interactions_changes_map_and_timeline(app):
    """Issue #16: status as of the period's end, interactions beside it, what changed, the map."""
    at = app()
    labels = [m.label for m in at.metric]
    assert labels == ["Stories", "New in the last 24 h", "Foreign actors engaging", "Feeds healthy / failing"]
    ladder = at.dataframe[0].value
    russia = ladder[ladder["actor"].str.contains("RUS")].iloc[0]
    assert (russia["status"], russia["since"]) == ("recognition", "2025-07-01")
    headings = [s.value for s in at.subheader]
    assert headings[0].startswith("Formal status as of ")
    assert headings[1:5] == ["Interactions in the period", "What changed", "Where the world stands", "Status over time"]
    assert not at.exception


def test_a_period_after_a_recognition_still_shows_it(app):
    """Issue #16: filtering to August-December 2025 keeps Russia's July recognition in force."""
    at = app(since="2025-08-01", until="2025-12-31")
    ladder = at.dataframe[0].value
    assert "recognition" in set(ladder[ladder["actor"].str.contains("RUS")]["status"])
    assert at.subheader[0].value == "Formal status as of 2025-12-31"


def test_the_seed_story_has_an_empty_link_cell_not_none(app):
    """Issue #13, point 8: the seed story has no web address (urn:seed:...); its Link cells
    are empty in the stories table and the status table, not "None" (a missing value)."""
    stories = stories_table(app("views/stories.py"))
    seed = stories[stories["title"].str.startswith("The Taliban are reaching out")]
    assert list(seed["url"]) == [""]
    assert stories["url"].notna().all() and stories["url"].str.startswith("http").sum() == len(stories) - 1
    ladder = app().dataframe[0].value
    assert ladder["evidence_url"].notna().all() and "" in set(ladder["evidence_url"])


def test_story_view_shows_sources_and_evidence(app):
    """(Escaping is shown with a hostile story in tests/test_promises_dashboard.py: this one's
    old name promised it without checking it, issue #14.)"""
    at = app("views/stories.py", actor="DEU", q="charter")
    texts = " ".join(m.value for m in at.markdown)
    assert "Atom Desk" in texts and "Why it is tagged" in texts
    assert "Taliban consular officials accredited" in texts or "accredited" in texts


def test_read_only_without_secret_and_admin_with_it(app, monkeypatch):
    at = app("views/feeds.py")
    assert not any(s.value == "Admin" for s in at.subheader)
    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "s3cret")
    at = app("views/feeds.py")
    at.sidebar.text_input(key="admin_attempt").set_value("wrong").run()
    at.sidebar.button[1].click().run()
    assert not any(s.value == "Admin" for s in at.subheader)
    at.sidebar.text_input(key="admin_attempt").set_value("s3cret").run()
    at.sidebar.button[1].click().run()
    assert any(s.value == "Admin" for s in at.subheader)


def test_all_feeds_failing_shows_a_banner(make_config, monkeypatch):
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Dead": "http://127.0.0.1:9/feed.xml"}))
    Pipeline(runtime.config, runtime.engine).poll_feeds(enabled_feed_ids(runtime.engine))
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert any("All 1 feeds are failing" in e.value and "connection refused" in e.value for e in at.error)


def test_fresh_install_says_feeds_are_being_polled_until_the_first_poll(make_config, monkeypatch):
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Later": "http://127.0.0.1:9/feed.xml"}))
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert any("being polled" in i.value for i in at.info)
    assert at.metric[0].value == "1"  # the seed story

    from ingest.orchestrator import Pipeline, enabled_feed_ids

    Pipeline(runtime.config, runtime.engine).poll_feeds(enabled_feed_ids(runtime.engine))
    at.run()  # the next refresh: the banner and the figures show the poll at once, not after the cache expires
    assert not any("being polled" in i.value for i in at.info)
    assert any("All 1 feeds are failing" in e.value for e in at.error) and at.metric[3].value == "0 / 1"


def test_the_feeds_page_says_what_news_search_feeds_carry(make_config, monkeypatch):
    """Issue #13, point 8: news-search feeds carry headlines and redirect links only."""
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Search: Bagram": "https://news.google.com/rss/search?q=Bagram"}))
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("views/feeds.py").run()
    assert any("only each article's headline" in c.value and "stored once" in c.value for c in at.caption)


def test_a_feed_that_never_succeeded_reads_never_not_none(make_config, monkeypatch):
    """A dead feed's last success is "never" in the feeds table, its next check a time."""
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    runtime = prepare(make_config({"Dead": "http://127.0.0.1:9/feed.xml"}))
    Pipeline(runtime.config, runtime.engine).poll_feeds(enabled_feed_ids(runtime.engine))
    monkeypatch.setenv("MONITOR_CONFIG", str(runtime.config.path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("views/feeds.py").run()
    row = at.dataframe[0].value.iloc[0]
    assert row["last_success"] == "never" and row["http_status"] == ""  # no answer at all: no code, not "None"
    assert row["next_check"][:2] == "20" and len(row["next_check"]) == len("2026-12-05 14:30")


def test_one_matching_story_is_counted_in_the_singular(app):
    at = app("views/stories.py", q="Japan pledges")
    assert any(c.value.startswith("1 story matches the filters") for c in at.caption), [c.value for c in at.caption]


def test_a_broken_config_shows_an_error_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text("[scheduler]\nbogus = 1\n")
    monkeypatch.setenv("MONITOR_CONFIG", str(path))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert any("bogus" in e.value for e in at.error)


def test_admin_corrects_a_story_from_the_story_view(app, monkeypatch, populated):
    from sqlalchemy import select

    from db.models import Tag

    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "s3cret")
    at = app("views/stories.py", actor="JPN")
    at.sidebar.text_input(key="admin_attempt").set_value("s3cret").run()
    at.sidebar.button[1].click().run()
    form_boxes = [box for box in at.selectbox if box.label in ("What", "Actor or topic", "Action")]
    assert len(form_boxes) == 3, "the correction form is shown to admins"
    what, value, action = form_boxes
    what.set_value("topic")
    value.set_value("detainees")
    action.set_value("add")
    next(box for box in at.text_input if box.label == "Why").set_value("reviewed by an analyst")
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception, at.exception
    assert any("Correction saved" in message.value for message in at.success)
    with session_scope(populated.engine) as session:
        origins = set(session.execute(select(Tag.value, Tag.origin).where(Tag.kind == "topic", Tag.value == "detainees")).all())
    assert ("detainees", "analyst") in origins


def test_an_admin_sets_a_status_from_the_engagement_page(app, monkeypatch, populated):
    """Issue #16, point 7: the analyst's setting shows as the actor's status, origin analyst."""
    monkeypatch.setenv("MONITOR_ADMIN_SECRET", "s3cret")
    at = app()
    at.sidebar.text_input(key="admin_attempt").set_value("s3cret").run()
    next(b for b in at.sidebar.button if b.label == "Unlock").click().run()
    form_select = [s for s in at.selectbox if s.label == "Actor"][0]
    form_select.set_value("NOR")
    [s for s in at.selectbox if s.label == "Status"][0].set_value("accreditation")
    [d for d in at.date_input if d.label == "From"][0].set_value(date(2025, 1, 15))
    [t for t in at.text_input if t.label == "Why (shown as the evidence)"][0].set_value("Oslo accepted a chargé")
    next(b for b in at.button if b.label == "Record").click().run()
    assert not at.exception
    from db import status
    with session_scope(populated.engine) as session:
        norway = [r for r in status.status_as_of(session, date(2025, 2, 1)) if r["actor"] == "NOR"]
    assert norway and (norway[0]["status"], norway[0]["origin"]) == ("accreditation", "analyst")


def test_the_cooperation_lines_follow_the_span_shown(app):
    """Weeks for a span of two years or less, months beyond (five years of weeks would be
    260 points an actor)."""
    import pandas as pd

    from views.engagement import _months_spanned

    whole = [c.value for c in app().caption]  # the seed's dated events go back years
    assert any(c.startswith("Monthly mean of engagement scores") for c in whole), whole
    recent = [c.value for c in app(since="2025-06-01").caption]
    assert any(c.startswith("Weekly mean of engagement scores") for c in recent), recent
    months = pd.DataFrame({"month": pd.to_datetime(["2021-03-01", "2023-04-01"])})
    assert _months_spanned(months) == 25 and _months_spanned(months.iloc[:0]) == 0


def test_an_actor_without_contact_has_an_empty_last_contact_cell(app):
    """The seed's UN (sanctions committee refusals: pressure, no contact) shows an empty
    Last contact, not "None"; the others their day."""
    interactions = next(d.value for d in app().dataframe if "last_contact" in d.value.columns)
    assert interactions["last_contact"].notna().all() and "" in set(interactions["last_contact"])
    assert interactions["last_contact"].str.fullmatch(r"(\d{4}-\d{2}-\d{2})?").all()
