"""Diplomatic status as a state over time (issue #16): status as of any day from status
events, downgrades, contested changes, background dates and analyst settings; the kept
periods always equal a full recomputation; the CLI and the export speak it."""
import json
from datetime import date

import pytest

from db import status
from db.session import session_scope
from ingest.cli import main
from ingest.runtime import prepare

BACKENDS = ("sqlite", "postgresql")

# A timeline for Kazakhstan (KAZ) and a restated Russian recognition, as wire ledes.
TIMELINE = [
    ("2025-02-10", "Kazakhstan accredits two Taliban diplomats",
     "ASTANA (Reuters) - Kazakhstan accredited two diplomats appointed by the Taliban to its embassy, the foreign "
     "ministry said on Monday."),
    ("2025-06-02", "Kazakhstan accepts credentials of Taliban ambassador",
     "ASTANA (Reuters) - Kazakhstan accepted the credentials of the Taliban's new ambassador on Monday, the foreign "
     "ministry said."),
    ("2025-06-20", "Kazakhstan expels Taliban diplomats after border shooting",
     "ASTANA (Reuters) - Kazakhstan expelled two Taliban diplomats on Friday after a shooting at the border, its "
     "foreign ministry said."),
    ("2025-09-01", "Kazakh officials meet Taliban ministers in Kabul",
     "KABUL (AP) — Kazakhstan's trade minister met Taliban ministers in Kabul on Monday to discuss rail links."),
    ("2025-11-04", "Uzbekistan hosts regional talks on Afghan rail",
     "TASHKENT (AP) — Uzbekistan hosted Taliban ministers for rail talks on Tuesday. Russia, which recognised the "
     "Taliban government in July, sent an observer."),
]


def rss(items) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>https://wire.example.org/{number}</link><guid>w{number}</guid>"
        f"<pubDate>{date.fromisoformat(day):%a, %d %b %Y} 09:00:00 GMT</pubDate><description>{summary}</description></item>"
        for number, (day, title, summary) in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()


@pytest.fixture
def timeline(feed_server, make_config):
    config = make_config({"Wire": feed_server.add("/wire.xml", body=rss(TIMELINE))})
    assert main(["once", "--config", str(config)]) == 0
    return config, prepare(config).engine


def status_on(engine, day: str, actor: str):
    with session_scope(engine) as session:
        rows = [r for r in status.status_as_of(session, date.fromisoformat(day)) if r["actor"] == actor]
    return rows[0] if rows else None


def assert_kept_equals_recomputed(engine):
    with session_scope(engine) as session:
        assert status.stored(session) == status.recompute(session)


def test_status_as_of_several_days_follows_upgrades_and_downgrades(timeline):
    _, engine = timeline
    assert status_on(engine, "2025-01-31", "KAZ") is None
    assert status_on(engine, "2025-03-01", "KAZ")["status"] == "accreditation"
    upgraded = status_on(engine, "2025-06-10", "KAZ")
    assert (upgraded["status"], upgraded["since"]) == ("ambassadors", "2025-06-02")
    downgraded = status_on(engine, "2025-07-01", "KAZ")
    assert (downgraded["status"], downgraded["since"]) == ("none", "2025-06-20")
    assert downgraded["contested"] and "credentials" in downgraded["contested_evidence"]
    assert status_on(engine, "2025-09-15", "KAZ")["status"] == "none", "a meeting is no status change"
    assert_kept_equals_recomputed(engine)


def test_a_restated_recognition_counts_from_its_own_date(timeline):
    """The November story's "which recognised the Taliban in July" is a status event of
    July 1, reported in background, and a second story (and outlet) behind the status."""
    from sqlalchemy import select

    from db.models import EngagementEvent, Story

    _, engine = timeline
    with session_scope(engine) as session:
        restated = session.execute(
            select(EngagementEvent.event_date, EngagementEvent.background, EngagementEvent.kind)
            .join(Story, Story.id == EngagementEvent.story_id)
            .where(Story.url == "https://wire.example.org/4", EngagementEvent.actor == "RUS",
                   EngagementEvent.level == "recognition")).one()
    assert (restated.event_date.date(), restated.background, restated.kind) == (date(2025, 7, 1), True, "status")
    july = status_on(engine, "2025-07-15", "RUS")
    assert (july["status"], july["since"], july["stories"], july["outlets"]) == ("recognition", "2025-07-01", 2, 2)


def test_an_analyst_setting_takes_effect_from_its_date_and_survives_a_retag(timeline, capsys):
    config, engine = timeline
    assert main(["status", "--config", str(config), "--set", "KAZ", "accreditation", "--from", "2025-10-01",
                 "--note", "Embassy reopened to Taliban appointees (ministry statement)"]) == 0
    assert status_on(engine, "2025-09-30", "KAZ")["status"] == "none"
    setting = status_on(engine, "2025-10-15", "KAZ")
    assert (setting["status"], setting["origin"]) == ("accreditation", "analyst")
    assert main(["retag", "--config", str(config)]) == 0
    assert status_on(engine, "2025-10-15", "KAZ")["status"] == "accreditation"
    assert_kept_equals_recomputed(engine)


def test_status_cli_prints_json_with_the_documented_fields(timeline, capsys):
    config, _ = timeline
    capsys.readouterr()
    assert main(["status", "--config", str(config), "--as-of", "2025-06-10", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    kazakhstan = next(r for r in rows if r["actor"] == "KAZ")
    assert list(kazakhstan) == ["actor", "status", "since", "evidence_url", "evidence", "stories", "outlets", "contested"]
    assert kazakhstan["evidence_url"] == "https://wire.example.org/1" and kazakhstan["outlets"] == 1
    assert next(r for r in rows if r["actor"] == "PAK")["status"] == "ambassadors"  # the seed's May exchange


@pytest.mark.parametrize("args, message", [
    (["--set", "KAZ", "embassy", "--from", "2025-01-01"], "status must be one of"),
    (["--set", "KAZ", "none"], "--set needs --from"),
    (["--set", "XYZ", "none", "--from", "2025-01-01"], "unknown actor id"),
])
def test_bad_status_settings_are_refused_with_one_line(timeline, capsys, args, message):
    config, engine = timeline
    with session_scope(engine) as session:
        before = status.stored(session)
    assert main(["status", "--config", str(config), *args]) == 2
    assert message in capsys.readouterr().err
    with session_scope(engine) as session:
        assert status.stored(session) == before


def test_export_events_say_their_kind(timeline, tmp_path):
    config, _ = timeline
    out = tmp_path / "events.jsonl"
    assert main(["export", "--config", str(config), "--format", "jsonl", "--out", str(out), "--actor", "KAZ"]) == 0
    kinds = {(e["level"], e["kind"]) for line in out.read_text().splitlines() for e in json.loads(line)["engagement"]
             if e["actor"] == "KAZ"}
    assert ("ambassadors", "status") in kinds and ("high_level_contact", "interaction") in kinds
    assert ("pressure", "status") in kinds  # the expulsion is a downgrade


def test_fold_keeps_the_highest_step_and_lowers_only_on_a_downgrade():
    from datetime import datetime

    steps = [status.Step(datetime(2025, 1, 1), "up", "ambassadors", "tagger", "upgrade"),
             status.Step(datetime(2025, 3, 1), "up", "accreditation", "tagger", "consular staff later"),
             status.Step(datetime(2025, 5, 1), "down", "none", "tagger", "embassy closed"),
             status.Step(datetime(2025, 5, 1), "set", "ambassadors", "analyst", "closure reversed the same day")]
    periods = status.fold("IND", steps)
    assert [(p.status, p.since.date().isoformat()) for p in periods] == [("ambassadors", "2025-01-01"),
                                                                        ("none", "2025-05-01"),
                                                                        ("ambassadors", "2025-05-01")]
