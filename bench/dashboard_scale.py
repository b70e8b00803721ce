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
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from common import ROOT, write_results

from db import engagement, queries, records, status
from db.queries import StoryFilter
from db.session import open_database, session_scope
from ingest.export import write_export

TARGETS = {"landing": 1.0, "filter": 0.5, "search": 0.3, "export": 5.0, "status": 0.2}


def timed(function, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def landing(engine, flt=StoryFilter()):
    """What the Engagement page reads."""
    as_of = flt.until or date(2026, 11, 26)
    with session_scope(engine) as session:
        queries.headline_figures(session, flt, datetime(2026, 11, 26))
        status.status_as_of(session, as_of)
        engagement.interactions(session, flt)
        status.status_changes(session, flt.since, as_of)
        engagement.firsts(session, flt)
        status.status_periods(session)
        engagement.monthly_levels(session, flt, engagement.most_engaged(session, flt, 20))
        engagement.weekly_cooperation(session, flt, engagement.most_engaged(session, flt, 8))
        queries.feeds_frame(session)


def status_on_many_days(engine) -> None:
    """Status of every actor as of ten days spread over five years (the map's slider)."""
    with session_scope(engine) as session:
        for year in range(2021, 2026):
            for month in (3, 9):
                status.status_as_of(session, date(year, month, 1))


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]


@contextmanager
def dashboard_process(config_text: str):
    """`streamlit run dashboard.py` on a config of its own; yields (base URL, process)."""
    folder = Path(tempfile.mkdtemp())
    (folder / "config.toml").write_text(config_text)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless",
                                "true", "--server.port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "MONITOR_CONFIG": str(folder / "config.toml")})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def engagement_page_in_chromium(config_text: str, warm_visits: int = 1) -> tuple[float, float, float]:
    """Seconds from navigation until Streamlit has finished the Engagement page's run: the
    first visit after the process starts (cold caches), then the median of `warm_visits`
    later visits (warm), and the dashboard process's median CPU seconds per warm visit
    (its own work, which the machine's other load disturbs less than wall time)."""
    from playwright.sync_api import sync_playwright

    with dashboard_process(config_text) as (base, process), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=BROWSER_ARGS)
        times, cpu = [], []
        for _ in range(1 + warm_visits):
            page = browser.new_page()
            used = process_cpu_seconds(process.pid)
            started = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_function(
                "document.body.innerText.includes('Cooperation score over time')"
                " && !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=300_000, polling=50)
            times.append(time.perf_counter() - started)
            cpu.append(process_cpu_seconds(process.pid) - used)
            page.close()
        browser.close()
    return times[0], statistics.median(times[1:]), statistics.median(cpu[1:])


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    from playwright.sync_api import sync_playwright

    config = f'[database]\nurl = "sqlite:///{database}"\n[scheduler]\nstart_in_dashboard = false\n'
    with dashboard_process(config) as (base, process), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        page = browser.new_page()
        loads = []
        for path in ("/", "/attention", "/stories", "/stories?actor=DEU&topic=migration_deportation", "/actor", "/feeds"):
            started = time.perf_counter()
            page.goto(base + path)
            page.wait_for_selector("[data-testid='stApp']", timeout=120_000)
            time.sleep(1)
            page.wait_for_function("!document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=120_000)
            loads.append(f"{path} {time.perf_counter() - started - 1:.1f} s")
        browser.close()
        status_text = Path(f"/proc/{process.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status_text.splitlines() if line.startswith("VmHWM")))
        return f"{peak_kb / 1024:.0f} MB (pages loaded in Chromium, wall time incl. rendering: {'; '.join(loads)})"


def engagement_page_figures(database: Path, rounds: int = 3, warm_visits: int = 1) -> str:
    """The Engagement page in Chromium on this database and on a seed-only one, taken in
    turn `rounds` times in one run (the machine's load then weighs on both alike);
    the differences are per round, and their median is the verdict. Each round's warm
    figure is the median of `warm_visits` visits; the server's CPU per warm visit is
    shown beside it."""
    if not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        return "Engagement page in Chromium: not measured (chromium not installed)."
    config = '[database]\nurl = "sqlite:///{}"\n[scheduler]\nstart_in_dashboard = false\n'
    large, small = [], []
    for _ in range(rounds):
        seed_only = Path(tempfile.mkdtemp()) / "seed.db"
        large.append(engagement_page_in_chromium(config.format(database), warm_visits))
        small.append(engagement_page_in_chromium(config.format(seed_only), warm_visits))
    cold = [big[0] - little[0] for big, little in zip(large, small)]
    warm = [big[1] - little[1] for big, little in zip(large, small)]
    verdict = lambda extra, limit: "met" if extra <= limit else "NOT met"
    listed = lambda values: ", ".join(f"{v:.2f}" for v in values)
    signed = lambda values: ", ".join(f"{v:+.2f}" for v in values)
    server = [big[2] - little[2] for big, little in zip(large, small)]
    return ("| Engagement page in Chromium, navigation to finished run, " + f"{rounds} rounds in turn"
            + f" | cold (first visit), s | warm (median of {warm_visits} later visits), s | server CPU per warm visit, s |\n"
            "| --- | ---: | ---: | ---: |\n"
            f"| this database | {listed(x[0] for x in large)} | {listed(x[1] for x in large)} | {listed(x[2] for x in large)} |\n"
            f"| a seed-only database | {listed(x[0] for x in small)} | {listed(x[1] for x in small)} | {listed(x[2] for x in small)} |\n"
            f"| difference per round | {signed(cold)} | {signed(warm)} | {signed(server)} |\n"
            f"| median difference (target: cold within 1.0 s, warm within 0.3 s) | {statistics.median(cold):+.2f} "
            f"({verdict(statistics.median(cold), 1.0)}) | {statistics.median(warm):+.2f} "
            f"({verdict(statistics.median(warm), 0.3)}) | {statistics.median(server):+.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "bench.db"))
    parser.add_argument("--rounds", type=int, default=3, help="Engagement page rounds, each database in turn")
    parser.add_argument("--warm-visits", type=int, default=1, help="warm visits per round (their median counts)")
    parser.add_argument("--page-only", action="store_true", help="only the Engagement page in Chromium")
    args = parser.parse_args()
    database = Path(args.db).resolve()
    if args.page_only:
        report = engagement_page_figures(database, args.rounds, args.warm_visits)
        print(report)
        write_results("Engagement page in Chromium", report)
        return
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
        ("status", "formal status of every actor as of ten days (the map's slider), all ten", lambda: status_on_many_days(engine)),
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
    lines += ["", engagement_page_figures(database, args.rounds, args.warm_visits)]
    lines += ["", f"Dashboard process peak memory (VmHWM): {streamlit_peak_memory(database)}; target < 1 GB."]
    report = "\n".join(lines)
    print(report)
    write_results("Dashboard at scale", report)


if __name__ == "__main__":
    main()
