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


# Later polls as separate outlets: confirmations of Kyrgyzstan's ambassador status, the
# first story carried by a third outlet, a weaker step, then a downgrade. Each poll's new
# steps must leave the kept periods equal to a full recomputation, whether they extend
# the open period in place or refold it.
FOLLOW_UPS = [
    ("wire", 1, "2025-03-03", "Kyrgyzstan accepts credentials of Taliban ambassador",
     "BISHKEK (Reuters) - Kyrgyzstan accepted the credentials of the Taliban's ambassador on Monday, the foreign "
     "ministry said."),
    ("daily", 1, "2025-03-20", "Kyrgyz ministry confirms Taliban envoy's credentials",
     "BISHKEK (AKIpress) - Kyrgyzstan has accepted the credentials of the Taliban's ambassador, "
     "the ministry confirmed on Thursday, and said consular work would resume."),
    ("wire", 2, "2025-04-15", "Kyrgyzstan hands Taliban ambassador embassy keys",
     "BISHKEK (Reuters) - Kyrgyzstan accepted the credentials of a second Taliban ambassador-level envoy on "
     "Tuesday, officials said."),
    ("agency", 1, "2025-03-03", "Kyrgyzstan accepts Taliban ambassador",  # the wire's first story, one more outlet
     "Kyrgyzstan accepted the credentials of the Taliban's ambassador on Monday."),
    ("daily", 2, "2025-05-12", "Kyrgyzstan accredits Taliban consul in Osh",
     "BISHKEK (AKIpress) - Kyrgyzstan accredited a Taliban consul for its southern city of Osh on Monday, the "
     "foreign ministry said."),
    ("wire", 3, "2025-07-01", "Kyrgyzstan expels Taliban diplomats",
     "BISHKEK (Reuters) - Kyrgyzstan expelled two Taliban diplomats on Tuesday after a dispute over water, its "
     "foreign ministry said."),
]


def outlet_rss(items) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{date.fromisoformat(day):%a, %d %b %Y} 09:00:00 GMT</pubDate><description>{summary}</description></item>"
        for link, day, title, summary in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>{entries}</channel></rss>'.encode()


def test_each_poll_keeps_the_periods_equal_to_a_recomputation(feed_server, make_config, monkeypatch):
    """Steps confirming the status in force are added in place (no refold: what keeps a
    poll cheap when an actor has thousands of steps); stories and outlets still count
    right, a story carried by one more outlet counts it, and a change of status refolds."""
    refolded = []
    original = status.refresh_status
    monkeypatch.setattr(status, "refresh_status",
                        lambda session, actors: (refolded.append(actors), original(session, actors))[1])
    outlets: dict[str, list] = {}
    for number, (outlet, story, day, title, summary) in enumerate(FOLLOW_UPS):
        link = f"https://{'wire' if outlet == 'agency' else outlet}.example.org/{story}"
        outlets.setdefault(outlet, []).append((link, day, title, summary))
        feeds = {name: feed_server.add(f"/{name}-{number}.xml", body=outlet_rss(items)) for name, items in outlets.items()}
        config = make_config(feeds)
        refolded.clear()
        assert main(["once", "--config", str(config)]) == 0
        engine = prepare(config).engine
        assert_kept_equals_recomputed(engine)
        if number in (2, 4):  # the same outlet confirming again; a weaker step
            assert not any(actors and "KGZ" in actors for actors in refolded), f"poll {number} refolded KGZ"
    spring = status_on(engine, "2025-04-30", "KGZ")
    assert (spring["status"], spring["since"], spring["stories"], spring["outlets"]) == ("ambassadors", "2025-03-03", 3, 3)
    assert status_on(engine, "2025-07-02", "KGZ")["status"] == "none"
