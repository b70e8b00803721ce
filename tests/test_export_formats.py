"""What each export format carries as a reader opens it (ingest/export.py), beyond the rows
themselves (tests/test_export.py, tests/test_export_expectations.py): the count the
command reports, the Excel sheet and what its cells keep of a feed's text, JSON Lines as
readable UTF-8 text, and a file written whole or not at all, wherever the system keeps
its temporary files."""
import csv
import io
import json
import re
import shutil
import tempfile

import pytest
from openpyxl import load_workbook

from ingest.cli import main
from ingest.export import export_bytes, export_to_file

BACKENDS = ("sqlite", "postgresql")


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


def test_an_export_is_written_whole_when_temporary_files_live_on_another_file_system(tmp_path, monkeypatch):
    """The file is written next to its destination, then renamed: a rename across file
    systems (/tmp on disk, TMPDIR on tmpfs) would fail."""
    elsewhere = tempfile.mkdtemp(dir="/dev/shm")
    monkeypatch.setattr(tempfile, "tempdir", elsewhere)
    try:
        assert export_to_file([record()], "csv", tmp_path / "out.csv") == 1
    finally:
        shutil.rmtree(elsewhere)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("url,title,")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


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
