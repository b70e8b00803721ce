"""Write the stories matching a filter as CSV, JSON Lines, Excel or an Atom feed.

Used by `python -m ingest export` and by the dashboard's download buttons; both read
through db.queries, so an export holds exactly the rows the filter shows. Spreadsheet
cells that a spreadsheet would run as a formula are neutralised.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Iterable

from db.queries import StoryFilter

FORMATS = ("csv", "jsonl", "xlsx", "atom")
COLUMNS = ["url", "title", "summary", "published_at", "sources", "actors", "participants", "topics", "engagement",
           "engagement_evidence", "corrected", "cluster", "cluster_size"]
# --by-event: one row per event of the matching stories.
EVENT_COLUMNS = ["cluster", "cluster_size", "title", "first_published_at", "latest_published_at", "outlets",
                 "stories_matching", "urls", "actors", "participants", "topics"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_filename(flt: StoryFilter, fmt: str, today: date | None = None) -> str:
    """A name that says what was exported and when: taliban-monitor_<filter>_<date>.<ext>."""
    extension = "xml" if fmt == "atom" else fmt
    return f"taliban-monitor_{flt.describe()}_{(today or date.today()).isoformat()}.{extension}"


def neutralise(value: str) -> str:
    """Prefix a cell that would start a formula, so a spreadsheet shows it as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def flat_row(record: dict) -> dict:
    """A record with its lists joined by "; ", as CSV and Excel carry it."""
    return {
        "url": record["url"],
        "title": record["title"],
        "summary": record["summary"],
        "published_at": record["published_at"],
        "sources": "; ".join(record["sources"]),
        "actors": "; ".join(record["actors"]),
        "participants": "; ".join(record["participants"]),
        "topics": "; ".join(record["topics"]),
        "engagement": "; ".join(f"{e['actor']}:{e['level']}:{e['score']:g}" for e in record["engagement"]),
        "engagement_evidence": "; ".join(f"{e['actor']}: {e['evidence']}" for e in record["engagement"]),
        "corrected": "true" if record["corrected"] else "false",
        "cluster": str(record.get("cluster", "")),
        "cluster_size": str(record.get("cluster_size", "")),
    }


def jsonl_record(record: dict) -> dict:
    return {key: record.get(key) for key in ("url", "title", "summary", "published_at", "sources", "actors",
                                             "participants", "topics", "corrected", "cluster", "cluster_size")} | {
        "engagement": [{k: e[k] for k in ("actor", "level", "kind", "score", "evidence", "date", "background")}
                       for e in record["engagement"]],
    }


def event_records(records: Iterable[dict]) -> list[dict]:
    """One record per event of `records` (stories), newest event first: its cluster id
    and size, best title, first and latest dates, outlets, and the union of its
    matching stories' urls and tags (as lists; CSV joins them with "; ")."""
    events: dict[int, dict] = {}
    for record in records:
        event = events.setdefault(record["cluster"], {
            "cluster": record["cluster"], "cluster_size": record["cluster_size"], "title": record["cluster_title"],
            "first_published_at": record["published_at"], "latest_published_at": record["published_at"],
            "outlets": [], "stories_matching": 0, "urls": [], "actors": [], "participants": [], "topics": []})
        event["first_published_at"] = min(event["first_published_at"], record["published_at"])
        event["latest_published_at"] = max(event["latest_published_at"], record["published_at"])
        event["stories_matching"] += 1
        for key, values in (("outlets", record["sources"]), ("urls", [record["url"]]), ("actors", record["actors"]),
                            ("participants", record["participants"]), ("topics", record["topics"])):
            event[key] += [v for v in values if v not in event[key]]
    for event in events.values():
        event["outlets"].sort()
    return sorted(events.values(), key=lambda e: (e["latest_published_at"], e["cluster"]), reverse=True)


def write_event_export(records: Iterable[dict], fmt: str, stream: io.BufferedIOBase) -> int:
    """Write one row per event (`export --by-event`) as csv or jsonl; returns the events."""
    events = event_records(records)
    if fmt == "jsonl":
        for event in events:
            stream.write(json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n")
        return len(events)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=EVENT_COLUMNS)
    writer.writeheader()
    for event in events:
        writer.writerow({key: neutralise("; ".join(value) if isinstance(value, list) else str(value))
                         for key, value in event.items()})
    text.detach()
    return len(events)


def write_export(records: Iterable[dict], fmt: str, stream: io.BufferedIOBase, atom=None) -> int:
    """Write `records` to a binary `stream` in `fmt`; returns how many were written.
    `atom` (an ingest.atom.AtomFeed) names an Atom feed: its title, id and address."""
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "xlsx": _write_xlsx, "atom": _write_atom}[fmt]
    return writer(records, stream, atom)


def export_bytes(records: Iterable[dict], fmt: str, atom=None) -> bytes:
    buffer = io.BytesIO()
    write_export(records, fmt, buffer, atom)
    return buffer.getvalue()


def export_to_file(records: Iterable[dict], fmt: str, path: Path, atom=None, by_event: bool = False) -> int:
    """Write atomically: a temporary file in the same folder, renamed when complete.
    `by_event`: one row per event (csv or jsonl) instead of one per story."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=f".{fmt}")
    try:
        with os.fdopen(handle, "wb") as stream:
            count = write_event_export(records, fmt, stream) if by_event else write_export(records, fmt, stream, atom)
        os.replace(temporary, path)
        return count
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_csv(records, stream, _atom) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: neutralise(value) for key, value in flat_row(record).items()})
        count += 1
    text.detach()
    return count


def _write_jsonl(records, stream, _atom) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(jsonl_record(record), ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


def _write_xlsx(records, stream, _atom) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("stories")
    sheet.append(COLUMNS)
    count = 0
    for record in records:
        row = flat_row(record)
        sheet.append([neutralise(_xlsx_safe(row[column])) for column in COLUMNS])
        count += 1
    workbook.save(stream)
    return count


def _xlsx_safe(value: str) -> str:
    """Excel cells refuse control characters and more than 32,767 characters."""
    cleaned = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)
    return cleaned[:32000]


def _write_atom(records, stream, atom) -> int:
    from ingest.atom import AtomFeed, write_atom

    return write_atom(records, stream, atom or AtomFeed.for_filter(StoryFilter()))
