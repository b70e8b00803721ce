"""What each export format carries as a reader opens it (ingest/export.py), beyond the rows
themselves (tests/test_export.py, tests/test_export_expectations.py): the count the
command reports, the Excel sheet and what its cells keep of a feed's text, JSON Lines as
readable UTF-8 text, and a file written whole or not at all, wherever the system keeps
its temporary files."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.queries import StoryFilter
from ingest.atom import AtomFeed
from ingest.cli import main
from ingest.export import export_bytes, export_to_file

BACKENDS = ("sqlite", "postgresql")
ROOT = Path(__file__).resolve().parent.parent


def record(**fields) -> dict:
    """One story record as db.records gives it."""
    return {"url": "https://wire.example.org/1", "title": "Taliban talks", "summary": "Kabul said so.",
            "published_at": "2025-10-14T06:00:00Z", "sources": ["Wire"], "actors": ["UZB"], "participants": ["UZB"],
            "topics": ["trade"], "engagement": [], "corrected": False, "cluster": 4, "cluster_size": 2} | fields


@pytest.mark.parametrize("fmt, rows", [
    ("csv", lambda path: len(list(csv.DictReader(path.open(encoding="utf-8", newline=""))))),
    ("jsonl", lambda path: len(path.read_text(encoding="utf-8").splitlines())),
    ("xlsx", lambda path: load_workbook(path)["stories"].max_row - 1),
    ("atom", lambda path: path.read_text(encoding="utf-8").count("<entry>")),
])
def test_the_command_reports_the_stories_it_wrote(populated, tmp_path, capsys, fmt, rows):
    out = tmp_path / f"all.{fmt}"
    assert main(["export", "--config", str(populated.config.path), "--format", fmt, "--out", str(out)]) == 0
    reported = int(re.search(r"wrote (\d+) stories", capsys.readouterr().out).group(1))
    assert reported == rows(out) == 8  # the fixture feeds' relevant stories and the seed


def test_one_story_written_is_reported_in_the_singular(populated, tmp_path, capsys):
    out = tmp_path / "one.jsonl"
    assert main(["export", "--config", str(populated.config.path), "--format", "jsonl", "--actor", "JPN",
                 "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert f"wrote 1 story to {out}" in capsys.readouterr().out


def test_by_event_jsonl_reports_the_events_it_wrote(populated, tmp_path, capsys):
    out = tmp_path / "events.jsonl"
    assert main(["export", "--config", str(populated.config.path), "--format", "jsonl", "--by-event",
                 "--out", str(out)]) == 0
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert f"wrote {len(events)} events" in capsys.readouterr().out
    assert sum(e["stories_matching"] for e in events) == 8


def test_the_excel_sheet_is_named_and_keeps_line_breaks_and_tabs_but_not_control_characters():
    summary = "Line one.\nLine two,\tafter a tab.\x07\x1b" + "x" * 40_000
    sheet = load_workbook(io.BytesIO(export_bytes([record(summary=summary)], "xlsx")))
    assert sheet.sheetnames == ["stories"]
    cell = sheet["stories"].cell(2, 3).value
    assert cell == ("Line one.\nLine two,\tafter a tab." + "x" * 40_000)[:32_000]  # Excel's limit, with room


def test_jsonl_is_readable_utf8_text():
    """A reader greps the file, or opens it in an editor: the titles are as written, not escaped."""
    text = export_bytes([record(title="Kaboul : la France dénonce les restrictions", sources=["Latin"])],
                        "jsonl").decode("utf-8")
    assert "la France dénonce" in text and json.loads(text)["title"] == "Kaboul : la France dénonce les restrictions"


def test_csv_keeps_a_titles_line_break_inside_its_cell():
    text = export_bytes([record(title="First line\nsecond line")], "csv").decode("utf-8")
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["title"] == "First line\nsecond line" and text.count("\r\n") == 2  # header and row end as CSV says


def test_an_export_is_written_next_to_its_destination(tmp_path, monkeypatch):
    """The file is written in the destination's folder, then renamed: a rename from the
    working folder or TMPDIR would fail when the destination is on another file system
    (here tmpfs), and a half-written export is a hidden file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    elsewhere = Path(tempfile.mkdtemp(dir="/dev/shm"))
    seen = []

    def records():
        seen.extend(p.name for p in elsewhere.iterdir())
        yield record()

    try:
        assert export_to_file(records(), "csv", elsewhere / "out.csv") == 1
        assert (elsewhere / "out.csv").read_text(encoding="utf-8").startswith("url,title,")
        assert [p.name for p in elsewhere.iterdir()] == ["out.csv"] and list(tmp_path.iterdir()) == []
    finally:
        shutil.rmtree(elsewhere)
    assert len(seen) == 1 and seen[0].startswith(".")  # while it was written: one hidden file


def test_a_failed_export_leaves_the_previous_file_and_nothing_else(tmp_path):
    previous = tmp_path / "out.jsonl"
    previous.write_text("the export of yesterday\n")

    def records():
        yield record()
        raise OSError("database connection lost")

    with pytest.raises(OSError, match="connection lost"):
        export_to_file(records(), "jsonl", previous)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert previous.read_text() == "the export of yesterday\n"


TWO_EVENTS = [
    {"actor": "UZB", "level": "accreditation", "kind": "status", "score": 3.0, "evidence": "accredited two diplomats",
     "date": "2025-10-14", "background": False},
    {"actor": "KAZ", "level": "technical", "kind": "interaction", "score": 1.5, "evidence": "rail experts met",
     "date": "2025-10-14", "background": False},
]


def test_csv_and_jsonl_carry_each_storys_event_and_engagement():
    story = record(engagement=TWO_EVENTS, participants=["UZB", "KAZ"])
    (row,) = list(csv.DictReader(io.StringIO(export_bytes([story], "csv").decode("utf-8"), newline="")))
    assert (row["cluster"], row["cluster_size"], row["participants"]) == ("4", "2", "UZB; KAZ")
    assert row["engagement"] == "UZB:accreditation:3; KAZ:technical:1.5"
    assert row["engagement_evidence"] == "UZB: accredited two diplomats; KAZ: rail experts met"
    line = json.loads(export_bytes([story], "jsonl"))
    assert (line["cluster"], line["cluster_size"], line["participants"]) == (4, 2, ["UZB", "KAZ"])
    assert line["engagement"] == TWO_EVENTS


def event_export(tmp_path, records, fmt):
    out = tmp_path / f"events.{fmt}"
    count = export_to_file(records, fmt, out, by_event=True)
    text = out.read_text(encoding="utf-8")
    rows = ([json.loads(line) for line in text.splitlines()] if fmt == "jsonl"
            else list(csv.DictReader(io.StringIO(text, newline=""))))
    return count, rows, text


EVENT_STORIES = [  # newest first, as db.records gives them; cluster 4 told three times, 9 once
    record(url="https://wire.example.org/4c", published_at="2025-10-16T08:00:00Z", cluster=4, cluster_size=3,
           cluster_title="Kaboul : la France dénonce", sources=["Wire"], actors=["FRA"]),
    record(url="https://daily.example.org/9", published_at="2025-10-15T08:00:00Z", cluster=9, cluster_size=1,
           cluster_title="Qatar hosts talks", sources=["Daily"], actors=["QAT"]),
    record(url="https://atom.example.net/4b", published_at="2025-10-14T08:00:00Z", cluster=4, cluster_size=3,
           cluster_title="Kaboul : la France dénonce", sources=["Atom Desk", "Wire"], actors=["FRA", "UN"]),
    record(url="https://latin.example.fr/4a", published_at="2025-10-12T08:00:00Z", cluster=4, cluster_size=3,
           cluster_title="Kaboul : la France dénonce", sources=["Latin"], actors=["UN"]),
]


def test_one_row_per_event_with_its_dates_outlets_and_stories(tmp_path):
    count, events, text = event_export(tmp_path, EVENT_STORIES, "jsonl")
    assert count == 2 and [e["cluster"] for e in events] == [4, 9]  # the latest event first
    first = events[0]
    assert (first["first_published_at"], first["latest_published_at"]) == ("2025-10-12T08:00:00Z", "2025-10-16T08:00:00Z")
    assert (first["stories_matching"], first["cluster_size"]) == (3, 3)
    assert first["outlets"] == ["Atom Desk", "Latin", "Wire"] and first["actors"] == ["FRA", "UN"]
    assert first["urls"] == ["https://wire.example.org/4c", "https://atom.example.net/4b", "https://latin.example.fr/4a"]
    assert "la France dénonce" in text  # readable UTF-8, as the story export
    count, rows, _ = event_export(tmp_path, list(reversed(EVENT_STORIES)), "csv")  # the order read does not matter
    assert count == 2 and [r["cluster"] for r in rows] == ["4", "9"]
    assert (rows[0]["outlets"], rows[0]["stories_matching"], rows[0]["latest_published_at"]) == (
        "Atom Desk; Latin; Wire", "3", "2025-10-16T08:00:00Z")


def test_an_atom_export_names_its_filter(populated, tmp_path):
    """The file written by `export --format atom --actor RUS` says which view it is, as the
    dashboard's download and the served feed do."""
    out = tmp_path / "russia.xml"
    assert main(["export", "--config", str(populated.config.path), "--format", "atom", "--actor", "RUS",
                 "--out", str(out)]) == 0
    assert "<title>Taliban engagement monitor — Russia</title>" in out.read_text(encoding="utf-8")
    feed = AtomFeed.for_filter(StoryFilter(topics=("recognition",)), {}, "http://localhost:8502/feed.atom?topic=recognition")
    text = export_bytes([record()], "atom", atom=feed).decode("utf-8")
    assert "<title>Taliban engagement monitor — recognition</title>" in text
    assert 'href="http://localhost:8502/feed.atom?topic=recognition"' in text and f"<id>{feed.feed_id}</id>" in text
    assert "<title>Taliban engagement monitor — all stories</title>" in export_bytes([record()], "atom").decode("utf-8")


def test_csv_is_utf8_whatever_the_locale(populated, tmp_path):
    """A server or a cron job with no locale (C, ASCII): the export is still UTF-8, not an
    encoding error on the first accented title."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENCODING"))}
    env |= {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    for by_event in ([], ["--by-event"]):
        out = tmp_path / f"c-locale{len(by_event)}.csv"
        done = subprocess.run([sys.executable, "-m", "ingest", "export", "--config", str(populated.config.path),
                               "--format", "csv", "--out", str(out), *by_event], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "Kaboul : la France dénonce les restrictions" in out.read_text(encoding="utf-8")
