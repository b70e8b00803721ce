"""The dashboard's data on a large database: landing page, filter change, full-text
search, a 100,000-row CSV export, and the dashboard process's peak memory.

Make the database first (bench/generate_database.py), then:

    .venv/bin/python bench/dashboard_scale.py --db data/bench.db

Times are the median of three runs of the same calls the pages make (without
Streamlit's cache). Peak memory is read from a real `streamlit run dashboard.py`
process after Chromium has loaded every page (skipped when Chromium is missing).
"""
import argparse
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path

from common import ROOT, write_results

from db import engagement, queries, records
from db.queries import StoryFilter
from db.session import open_database, session_scope
from ingest.export import write_export

TARGETS = {"landing": 1.0, "filter": 0.5, "search": 0.3, "export": 5.0}


def timed(function, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def landing(engine, flt=StoryFilter()):
    """What the Engagement page reads."""
    with session_scope(engine) as session:
        queries.headline_figures(session, flt, datetime(2026, 11, 26))
        engagement.status_ladder(session, flt)
        engagement.monthly_levels(session, flt, engagement.most_engaged(session, flt, 20))
        engagement.weekly_cooperation(session, flt, engagement.most_engaged(session, flt, 8))
        engagement.level_changes(session, flt)
        queries.feeds_frame(session)


def stories_page(engine, flt):
    """What the Stories page reads for a filter."""
    with session_scope(engine) as session:
        queries.count_stories(session, flt)
        records.stories_frame(session, flt, 500)


def export_csv(engine, flt) -> int:
    buffer = io.BytesIO()
    with session_scope(engine) as session:
        return write_export(records.iter_story_records(session, flt), "csv", buffer)


def filter_for_rows(engine, rows: int) -> StoryFilter:
    """A date filter matching about `rows` stories (the newest ones)."""
    from sqlalchemy import select

    from db.models import Story

    with session_scope(engine) as session:
        cutoff = session.scalar(select(Story.published_at).order_by(Story.published_at.desc()).offset(rows).limit(1))
    return StoryFilter(since=(cutoff.date() if cutoff else date(2000, 1, 1)))


def streamlit_peak_memory(database: Path) -> str:
    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if chromium is None:
        return "not measured (chromium not installed)"
    folder = Path(tempfile.mkdtemp())
    (folder / "config.toml").write_text(f'[database]\nurl = "sqlite:///{database}"\n[scheduler]\nstart_in_dashboard = false\n')
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless",
                                "true", "--server.port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "MONITOR_CONFIG": str(folder / "config.toml")})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        loads = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            page = browser.new_page()
            for path in ("/", "/attention", "/stories", "/stories?actor=DEU&topic=migration_deportation",
                         "/actor", "/feeds"):
                started = time.perf_counter()
                page.goto(base + path)
                page.wait_for_selector("[data-testid='stApp']", timeout=120_000)
                time.sleep(1)
                page.wait_for_function("!document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=120_000)
                loads.append(f"{path} {time.perf_counter() - started - 1:.1f} s")
            browser.close()
        status = Path(f"/proc/{process.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        return f"{peak_kb / 1024:.0f} MB (pages loaded in Chromium, wall time incl. rendering: {'; '.join(loads)})"
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "bench.db"))
    args = parser.parse_args()
    database = Path(args.db).resolve()
    started = time.perf_counter()
    engine = open_database(f"sqlite:///{database}")  # migrates (and fills the aggregates) if needed
    migrate_seconds = time.perf_counter() - started
    with session_scope(engine) as session:
        total = queries.count_stories(session, StoryFilter())
    export_filter = filter_for_rows(engine, 100_000)
    measures = [
        ("landing", "landing page data (Engagement page, no filter)", lambda: landing(engine)),
        ("filter", "filter change: actor DEU + topic migration_deportation (Stories page)",
         lambda: stories_page(engine, StoryFilter(actors=("DEU",), topics=("migration_deportation",)))),
        ("filter", "filter change: a year (Engagement page)",
         lambda: landing(engine, StoryFilter(since=date(2025, 1, 1), until=date(2025, 12, 31)))),
        ("filter", "filter change: level recognition (Stories page)",
         lambda: stories_page(engine, StoryFilter(levels=("recognition",)))),
        ("filter", "Attention page, no filter (weekly counts by topic and actor)",
         lambda: [queries.weekly_tag_counts(s, StoryFilter(), k) for s in [session_scope(engine).__enter__()] for k in ("topic", "actor")]),
        ("search", 'full-text query: "charter flight" AND Germany',
         lambda: stories_page(engine, StoryFilter(query='"charter flight" AND Germany'))),
        ("search", "full-text query: Bagram OR Chabahar", lambda: stories_page(engine, StoryFilter(query="Bagram OR Chabahar"))),
    ]
    lines = [f"Database: {total:,} stories (bench/generate_database.py); opening and migrating it took {migrate_seconds:.1f} s.", "",
             "| measure | median of 3 (s) | target (s) | |", "| --- | ---: | ---: | --- |"]
    for kind, label, function in measures:
        seconds = timed(function)
        lines.append(f"| {label} | {seconds:.3f} | < {TARGETS[kind]} | {'met' if seconds < TARGETS[kind] else 'NOT met'} |")
        print(lines[-1], flush=True)
    rows = export_csv(engine, export_filter)
    seconds = timed(lambda: export_csv(engine, export_filter), runs=1)
    lines.append(f"| CSV export of {rows:,} rows | {seconds:.2f} | < {TARGETS['export']} | "
                 f"{'met' if seconds < TARGETS['export'] else 'NOT met'} |")
    print(lines[-1], flush=True)
    lines += ["", f"Dashboard process peak memory (VmHWM): {streamlit_peak_memory(database)}; target < 1 GB."]
    report = "\n".join(lines)
    print(report)
    write_results("Dashboard at scale", report)


if __name__ == "__main__":
    main()
