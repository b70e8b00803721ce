"""status_change alerts from whatever changes a status (issue #12): an analyst's `status
--set`, a retag, a story whose text changed, a correction. Each raises the alert a poll
would, in the transaction making the change, delivered to a real webhook on 127.0.0.1;
nothing is raised when the status stays as it was, and the seed raises nothing."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import ActorStatus, Alert, AlertDelivery, Story
from db.session import session_scope
from ingest.cli import main
from ingest.runtime import prepare
from test_alerts import received, settings

BACKENDS = ("sqlite", "postgresql")
TAXONOMY = Path(__file__).resolve().parent.parent / "ingest" / "taxonomy.toml"

ACCREDITS = ("Kazakhstan accredits two Taliban diplomats",
             "ASTANA (Reuters) - Kazakhstan accredited two diplomats appointed by the Taliban to its embassy, the "
             "foreign ministry said on Monday.")
MEETING = ("Kazakh officials meet Taliban ministers in Kabul",
           "KABUL (AP) — Kazakhstan's trade minister met Taliban ministers in Kabul on Monday to discuss rail links.")


def rss(*items) -> bytes:
    """Items as (guid, day, (title, summary)): a guid kept across versions is one story."""
    entries = "".join(
        f"<item><title>{title}</title><link>https://wire.example.org/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>{day} 09:00:00 GMT</pubDate><description>{summary}</description></item>"
        for guid, day, (title, summary) in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()


def status_rules(hook: str) -> str:
    """A status_change rule for everything, and one whose story filter these stories miss."""
    return f"""
[[alerts]]
name = "Status changes"
rule = "status_change"
notify = ["{hook}"]

[[alerts]]
name = "Status changes in women's rights stories"
rule = "status_change"
topics = ["women_rights"]
notify = ["{hook}"]
"""


@pytest.fixture
def monitor(feed_server, make_config):
    """A config with the two status rules posting to a webhook, and a feed (empty until a test fills it)."""
    hook = feed_server.add("/hook", status=200).replace("http://", "json://")
    feed = feed_server.add("/wire.xml", body=rss())
    return make_config({"Wire": feed}, extra=settings() + status_rules(hook)), feed_server


def outbox(config) -> list[tuple]:
    """Every alert (rule, kind, title) and the statuses of all deliveries."""
    with session_scope(prepare(config).engine) as session:
        alerts = session.execute(select(Alert.rule, Alert.kind, Alert.title).order_by(Alert.id)).all()
        deliveries = set(session.scalars(select(AlertDelivery.status)))
    return [tuple(row) for row in alerts], deliveries


def without_accreditation(folder: Path) -> Path:
    """The taxonomy with "accredit..." no longer read as accreditation (an edit a retag applies)."""
    text = TAXONOMY.read_text(encoding="utf-8")
    # the trigger's first alternative, the bare verb, up to its closing guard
    start = text.index("pattern = '(?<!\\bis also )")
    end = text.index("(?! to (?:Kabul|Afghanistan)\\b)|", start) + len("(?! to (?:Kabul|Afghanistan)\\b)|")
    assert "\\baccredit\\w*\\b" in text[start:end]
    path = folder / "taxonomy.toml"
    path.write_text(text[:start] + "pattern = '" + text[end:], encoding="utf-8")
    return path


def use_taxonomy(config: Path, taxonomy: Path | None) -> None:
    text = config.read_text().split("\n[tagging]")[0]
    config.write_text(text + (f'\n[tagging]\ntaxonomy = "{taxonomy}"\n' if taxonomy else ""))


def test_status_set_raises_one_alert_that_arrives_once(monitor, capsys):
    config, server = monitor
    assert main(["status", "--config", str(config), "--set", "KAZ", "accreditation", "--from", "2025-10-01",
                 "--note", "Embassy reopened to Taliban appointees (ministry statement)"]) == 0
    assert "alerts: 1 raised, 1 deliveries sent, 0 failed" in capsys.readouterr().out
    messages = received(server)
    assert [m["title"] for m in messages] == ["Kazakhstan: formal status up, none → accreditation (since 2025-10-01)"]
    assert "Evidence: Analyst setting: Embassy reopened to Taliban appointees" in messages[0]["message"]
    assert messages[0]["key"], "delivered with its idempotency key"

    assert main(["once", "--config", str(config)]) == 0  # the normal delivery path again: nothing left to send
    assert len(received(server)) == 1
    alerts, deliveries = outbox(config)
    assert alerts == [("Status changes", "status_change", messages[0]["title"])] and deliveries == {"sent"}


def test_nothing_is_raised_when_the_status_stays(monitor, capsys):
    config, server = monitor
    server.routes["/wire.xml"].body = rss(("kz-1", "Mon, 06 Oct 2025", ACCREDITS))
    assert main(["once", "--config", str(config)]) == 0  # the poll's status change: one alert (a backlog digest)
    sent = len(received(server))
    assert sent == 1
    capsys.readouterr()
    assert main(["status", "--config", str(config), "--set", "KAZ", "accreditation", "--from", "2025-11-01"]) == 0
    assert "alerts: 0 raised" in capsys.readouterr().out, "accreditation was already in force"
    assert main(["retag", "--config", str(config)]) == 0
    assert "alerts: 0 raised" in capsys.readouterr().out, "the same taxonomy reads the same status"
    assert main(["once", "--config", str(config)]) == 0
    assert len(received(server)) == sent


def test_a_retag_that_changes_a_status_raises_one_alert(monitor, tmp_path, capsys):
    config, server = monitor
    use_taxonomy(config, without_accreditation(tmp_path))
    server.routes["/wire.xml"].body = rss(("kz-1", "Mon, 06 Oct 2025", ACCREDITS), ("kz-2", "Tue, 07 Oct 2025", MEETING))
    assert main(["once", "--config", str(config)]) == 0
    assert received(server) == [], "no status read yet"

    use_taxonomy(config, None)  # the full taxonomy: the story now reads as an accreditation
    capsys.readouterr()
    assert main(["retag", "--config", str(config)]) == 0
    assert "alerts: 1 raised, 1 deliveries sent" in capsys.readouterr().out
    messages = received(server)
    assert [m["title"] for m in messages] == ["Kazakhstan: formal status up, none → accreditation (since 2025-10-06)"]
    assert "Evidence: Kazakhstan accredit" in messages[0]["message"]
    assert "https://wire.example.org/kz-1" in messages[0]["message"]

    use_taxonomy(config, without_accreditation(tmp_path))  # and back: the accreditation is withdrawn
    assert main(["retag", "--config", str(config)]) == 0
    titles = [m["title"] for m in received(server)]
    assert titles[1:] == ["Kazakhstan: formal status down, accreditation → none (accreditation since 2025-10-06 withdrawn)"]


def test_a_story_whose_text_changed_raises_the_status_change(monitor):
    config, server = monitor
    server.routes["/wire.xml"].body = rss(("kz-1", "Mon, 06 Oct 2025", MEETING))
    assert main(["once", "--config", str(config)]) == 0
    assert received(server) == []
    server.routes["/wire.xml"].body = rss(("kz-1", "Mon, 06 Oct 2025", ACCREDITS))  # same item, new text
    assert main(["once", "--config", str(config)]) == 0
    messages = received(server)
    assert [m["title"] for m in messages] == ["Kazakhstan: formal status up, none → accreditation (since 2025-10-06)"]
    assert "https://wire.example.org/kz-1" in messages[0]["message"]
    with session_scope(prepare(config).engine) as session:
        assert session.scalar(select(func.count()).select_from(Story).where(Story.is_seed.is_(False))) == 1


def test_a_correction_that_changes_a_status_raises_one_alert(monitor, capsys):
    config, server = monitor
    server.routes["/wire.xml"].body = rss(("kz-2", "Tue, 07 Oct 2025", MEETING))
    assert main(["once", "--config", str(config)]) == 0
    with session_scope(prepare(config).engine) as session:
        story_id = session.scalar(select(Story.id).where(Story.url == "https://wire.example.org/kz-2"))
    assert main(["correct", str(story_id), "--config", str(config), "--set-level", "KAZ", "accreditation",
                 "--note", "the meeting handed over the consulate"]) == 0
    assert "alerts: 1 raised, 1 deliveries sent" in capsys.readouterr().out
    message, = received(server)
    assert message["title"] == "Kazakhstan: formal status up, none → accreditation (since 2025-10-07)"
    assert "Evidence: Analyst correction: the meeting handed over the consulate" in message["message"]


def test_the_seed_raises_no_alert(monitor, capsys):
    config, server = monitor
    assert main(["seed", "--config", str(config)]) == 0
    assert "seed story added" in capsys.readouterr().out
    with session_scope(prepare(config).engine) as session:
        assert session.scalar(select(func.count()).select_from(ActorStatus)) >= 3  # the seed's statuses are there
        assert session.scalar(select(func.count()).select_from(Alert)) == 0


def test_a_setting_names_the_status_it_replaces(monitor):
    """Pakistan has ambassadors from the seed: the alert says what the setting replaces."""
    config, server = monitor
    assert main(["status", "--config", str(config), "--set", "PAK", "recognition", "--from", "2026-01-05"]) == 0
    body = json.loads(server.requests_to("/hook")[0].body)
    assert body["title"] == "Pakistan: formal status up, ambassadors → recognition (since 2026-01-05)"
