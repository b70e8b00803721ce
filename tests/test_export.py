"""Exports hold exactly the filter's rows, in every format, and are safe to open."""
import csv
import io
import json
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook

from db.queries import StoryFilter
from db.records import story_records
from db.session import session_scope
from ingest.cli import main
from ingest.export import export_bytes, export_filename, neutralise

BACKENDS = ("sqlite", "postgresql")  # every database test here runs on both


def export(populated, tmp_path, fmt, *filters):
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--config", str(populated.config.path), "--format", fmt, "--out", str(out), *filters]) == 0
    return out


def expected_urls(populated, **filter_args):
    with session_scope(populated.engine) as session:
        return [r["url"] for r in story_records(session, StoryFilter(**filter_args))]


def test_jsonl_records_have_every_field_and_match_the_filter(populated, tmp_path):
    out = export(populated, tmp_path, "jsonl", "--topic", "migration_deportation")
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["url"] for r in records] == expected_urls(populated, topics=("migration_deportation",))
    for record in records:
        assert set(record) >= {"url", "title", "summary", "published_at", "sources", "actors", "topics",
                               "engagement", "corrected"}
        assert record["published_at"].endswith("Z") and isinstance(record["corrected"], bool)
        assert all(set(e) >= {"actor", "level", "score", "evidence"} for e in record["engagement"])
    germany = next(r for r in records if "Germany deports" in r["title"])
    assert germany["sources"] == ["Atom Desk"] and "DEU" in germany["actors"]


def test_csv_carries_the_same_rows_with_lists_joined(populated, tmp_path):
    out = export(populated, tmp_path, "csv", "--since", "2025-10-01", "--actor", "UZB")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["url"] for r in rows] == expected_urls(populated, since=date(2025, 10, 1), actors=("UZB",))
    (rail,) = rows
    assert rail["sources"] in ("Wire; Atom Desk", "Atom Desk; Wire")
    assert "UZB" in rail["actors"].split("; ")


def test_xlsx_opens_with_the_same_rows(populated, tmp_path):
    out = export(populated, tmp_path, "xlsx", "--query", "Taliban")
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "url"
    assert [r[0] for r in rows[1:]] == expected_urls(populated, query="Taliban")


def test_atom_feed_of_the_filtered_view(populated, tmp_path):
    out = export(populated, tmp_path, "atom", "--level", "high_level_contact")
    root = ET.parse(out).getroot()
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(expected_urls(populated, levels=("high_level_contact",))) > 0


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("Taliban", "Taliban"),
])
def test_formula_injection_is_neutralised(value, expected):
    assert neutralise(value) == expected


def test_hostile_titles_are_neutralised_in_csv_and_xlsx():
    record = {"url": "https://x.org/a", "title": "=cmd|' /C calc'!A0", "summary": "@evil", "published_at":
              "2025-01-01T00:00:00Z", "sources": ["S"], "actors": [], "participants": [], "topics": [], "engagement": [],
              "corrected": False}
    rows = list(csv.reader(io.StringIO(export_bytes([record], "csv").decode())))
    assert rows[1][1].startswith("'=") and rows[1][2] == "'@evil"
    sheet = load_workbook(io.BytesIO(export_bytes([record], "xlsx"))).active
    assert sheet.cell(2, 2).value.startswith("'=") and sheet.cell(2, 2).data_type == "s"


def test_file_name_says_filter_and_date():
    name = export_filename(StoryFilter(since=date(2025, 1, 1), actors=("RUS",), topics=("recognition",)), "csv",
                           today=date(2026, 11, 26))
    assert name == "taliban-monitor_2025-01-01_now_RUS_recognition_2026-11-26.csv"


def test_default_output_name_when_out_is_a_folder(populated, tmp_path):
    assert main(["export", "--config", str(populated.config.path), "--format", "jsonl", "--out", str(tmp_path),
                 "--actor", "JPN"]) == 0
    (written,) = tmp_path.glob("taliban-monitor_start_now_JPN_*.jsonl")
    assert json.loads(written.read_text().splitlines()[0])["title"].startswith("Japan pledges")


@pytest.mark.parametrize("args, message", [
    (["--out", "/nonexistent-folder/x.csv"], "folder /nonexistent-folder does not exist"),
    (["--query", '"unclosed'], "unbalanced quotes"),
    (["--level", "friendly"], "unknown --level 'friendly'"),
    (["--actor", "RUSSIA"], "unknown --actor 'RUSSIA'"),  # a typo would otherwise export nothing, silently
    (["--topic", "trade"], "unknown --topic 'trade'"),
    (["--since", "2025-12-01", "--until", "2025-01-01"], "is after --until"),
])
def test_bad_export_input_is_one_line_exit_2_nothing_written(populated, tmp_path, capsys, args, message):
    before = set(tmp_path.rglob("*"))
    argv = ["export", "--config", str(populated.config.path), *args]
    if "--out" not in args:
        argv += ["--out", str(tmp_path / "x.csv")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert set(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_neutralised_in_csv_and_xlsx(prefix):
    """Issue #14: a tab or carriage return before a formula (Excel skips them, then runs
    `=...`) is neutralised like `=` itself; the spreadsheet shows the text with its quote."""
    hostile = prefix + "HYPERLINK(\"http://evil.example\",\"open\")"
    record = {"url": "https://x.org/a", "title": hostile, "summary": "s", "published_at": "2025-01-01T00:00:00Z",
              "sources": [hostile], "actors": [], "participants": [], "topics": [], "engagement": [], "corrected": False}
    header, row = list(csv.reader(io.StringIO(export_bytes([record], "csv").decode(), newline="")))
    cells = dict(zip(header, row))
    assert cells["title"] == "'" + hostile and cells["sources"] == "'" + hostile
    sheet = load_workbook(io.BytesIO(export_bytes([record], "xlsx"))).active
    title = sheet.cell(2, [c.value for c in sheet[1]].index("title") + 1)
    assert title.data_type == "s" and not title.value.lstrip("\t\r").startswith(("=", "+", "-", "@"))  # text, not a formula
