"""Soak: the service (`./run.sh`) for an hour against local feeds that grow every minute.

Months of running must not grow the process: this runs the README's command on a
temporary config whose feeds (served on 127.0.0.1 from a separate process) gain items
every minute and are polled every minute, samples the process's resident memory, the
database's size and the fetch log every minute, and loads pages in headless Chromium a
few times. After the warm-up the memory must stay flat (growth < 20 MB) and the fetch
log within its retention.

    .venv/bin/python bench/soak.py                      # an hour, results in bench/RESULTS.md
    .venv/bin/python bench/soak.py --minutes 5 --warmup 2 --no-write   # a quick check
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import multiprocessing
import os
import random
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from common import ROOT, FeedServerProtocol, story_text, write_results

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
PAGES = {"Engagement": "/", "Stories": "/stories", "Feeds": "/feeds"}


# ---- feeds that grow every minute -------------------------------------------------------------

def feed_body(feed: int, minute: int, growth: int, window: int) -> bytes:
    """Feed `feed` as served during `minute`: its newest `window` of (minute+1)*growth items."""
    newest = (minute + 1) * growth
    now = datetime.now(timezone.utc)
    parts = []
    for index in range(max(0, newest - window), newest):
        title, body = story_text(random.Random(f"{feed}-{index}"))
        when = format_datetime(now - timedelta(minutes=newest - index))
        parts.append(f"<item><title>{escape(title)} ({feed}-{index})</title>"
                     f"<link>https://soak{feed}.example.org/{index}</link><guid>s{feed}-{index}</guid>"
                     f"<pubDate>{when}</pubDate><description>{escape(body)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Soak {feed}</title>'
            f"<link>https://soak{feed}.example.org/</link>{''.join(parts)}</channel></rss>").encode()


class GrowingFeeds(FeedServerProtocol):
    """Answers GET /feedN.xml with that feed's body of the current minute (ETag and 304);
    the request loop is the bench's minimal server's (bench/common.py)."""

    started = time.monotonic()
    growth = window = 0
    cache: dict = {}

    def __init__(self):
        super().__init__({}, None)

    def answer(self, head: bytes) -> bytes:
        request_line, *headers = head.split(b"\r\n")
        path = request_line.split(b" ")[1].decode()
        if not (path.startswith("/feed") and path.endswith(".xml")):
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        minute = int((time.monotonic() - self.started) // 60)
        key = (path, minute)
        if key not in self.cache:
            self.cache.clear() if len(self.cache) > 1000 else None
            body = feed_body(int(path[5:-4]), minute, self.growth, self.window)
            self.cache[key] = (body, b'"%s"' % hashlib.md5(body).hexdigest().encode())
        body, etag = self.cache[key]
        if any(line.lower().startswith(b"if-none-match:") and line.split(b":", 1)[1].strip() == etag for line in headers):
            return b"HTTP/1.1 304 Not Modified\r\nETag: %s\r\nContent-Length: 0\r\n\r\n" % etag
        return (b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: %s\r\nContent-Length: %d\r\n\r\n%s"
                % (etag, len(body), body))


def serve_feeds(growth: int, window: int):
    """The growing feeds on 127.0.0.1 from a separate process; (process, port)."""
    ready = multiprocessing.get_context("fork").Queue()

    def run():
        GrowingFeeds.growth, GrowingFeeds.window, GrowingFeeds.started = growth, window, time.monotonic()

        async def main():
            server = await asyncio.get_running_loop().create_server(GrowingFeeds, "127.0.0.1", 0)
            ready.put(server.sockets[0].getsockname()[1])
            await asyncio.Event().wait()
        asyncio.run(main())

    process = multiprocessing.get_context("fork").Process(target=run, daemon=True, name="soak-feeds")
    process.start()
    return process, ready.get(timeout=30)


# ---- the service -------------------------------------------------------------------------------

def write_config(folder: Path, feeds: int, port: int, retention_days: float) -> Path:
    lines = ['[database]', 'url = "sqlite:///data/soak.db"', "[dashboard]", "atom_port = 0",
             "[scheduler]", "jitter_seconds = 0", f"fetch_log_retention_days = {retention_days}", ""]
    for number in range(feeds):
        lines += ["[[feeds]]", f'name = "Soak {number:02d}"', f'url = "http://127.0.0.1:{port}/feed{number}.xml"',
                  "interval_minutes = 1", ""]
    path = folder / "config.toml"
    path.write_text("\n".join(lines))
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_service(config: Path, port: int, log: Path) -> subprocess.Popen:
    """`./run.sh` as an operator starts it (its own session, so nothing outlives it)."""
    env = {**os.environ, "MONITOR_CONFIG": str(config), "PORT": str(port)}
    return subprocess.Popen([str(ROOT / "run.sh")], cwd=ROOT, env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(port: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the service did not answer /_stcore/health")


# ---- samples -----------------------------------------------------------------------------------

def proc_status(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.split()[0] if value.split() else ""
    return fields


def sample(pid: int, database: Path, minute: float) -> dict:
    status = proc_status(pid)
    size = sum(p.stat().st_size for p in database.parent.glob(database.name + "*"))
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
        rows, oldest = connection.execute("SELECT count(*), min(started_at) FROM fetch_log").fetchone()
        stories = connection.execute("SELECT count(*) FROM stories").fetchone()[0]
    age = (datetime.now(timezone.utc).replace(tzinfo=None) - datetime.fromisoformat(oldest)).total_seconds() / 60 if oldest else 0
    return {"minute": round(minute, 1), "rss_mb": round(int(status["VmRSS"]) / 1024, 1),
            "threads": int(status["Threads"]), "db_mb": round(size / 1e6, 2), "stories": stories,
            "fetch_log_rows": rows, "oldest_log_min": round(age, 1)}


def page_times(port: int, screenshot: Path | None) -> dict:
    """Seconds from navigation to the finished script run, per page, in a fresh Chromium."""
    from playwright.sync_api import sync_playwright

    times = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, path in PAGES.items():
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}{path}")
            page.wait_for_selector("[data-testid='stApp'] h1", timeout=120_000)
            page.wait_for_function("!document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=120_000)
            times[name] = round(time.perf_counter() - started, 2)
        if screenshot:  # once the last page's lazily loaded parts are painted too
            page.wait_for_function("!document.querySelector(\"[data-testid^='stSkeleton']\")", timeout=60_000)
            page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return times


def safe_page_times(port: int, screenshot: Path | None) -> dict:
    """page_times, or NaN for each page when the browser failed (the soak goes on)."""
    try:
        return page_times(port, screenshot)
    except Exception as error:  # a browser hiccup must not end an hour's run
        print(f"page load failed: {error}", flush=True)
        return {name: float("nan") for name in PAGES}


# ---- the run -----------------------------------------------------------------------------------

def run(args) -> tuple[list[dict], list[dict], dict]:
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    server, feed_port = serve_feeds(args.growth, args.window)
    config = write_config(folder, args.feeds, feed_port, args.retention_days)
    port = free_port()
    service = start_service(config, port, folder / "service.log")
    database = folder / "data" / "soak.db"
    samples, loads, started = [], [], time.monotonic()
    load_at = sorted({min(args.minutes, m) for m in args.page_loads})
    try:
        wait_healthy(port)
        while (minute := (time.monotonic() - started) / 60) < args.minutes + 0.01:
            samples.append(sample(service.pid, database, minute))
            print(samples[-1], flush=True)
            while load_at and minute >= load_at[0]:
                shot = folder / "feeds.png" if len(load_at) == 1 else None
                loads.append({"minute": round(minute, 1), **safe_page_times(port, shot)})
                print(loads[-1], flush=True)
                load_at.pop(0)
            time.sleep(max(0.0, (int(minute) + 1) * 60 - (time.monotonic() - started)))  # the next whole minute
        return samples, loads, stop_service(service, folder)
    finally:
        if service.poll() is None:
            os.killpg(service.pid, signal.SIGKILL)
        server.kill()


def stop_service(service: subprocess.Popen, folder: Path) -> dict:
    started = time.monotonic()
    service.send_signal(signal.SIGTERM)
    code = service.wait(timeout=120)
    return {"exit_code": code, "stop_seconds": round(time.monotonic() - started, 1), "folder": str(folder)}


def report(args, samples: list[dict], loads: list[dict], stopped: dict) -> str:
    warm = next(s for s in samples if s["minute"] >= args.warmup)
    end, peak = samples[-1], max(s["rss_mb"] for s in samples)
    growth = end["rss_mb"] - warm["rss_mb"]
    retention_min = args.retention_days * 24 * 60
    oldest = max(s["oldest_log_min"] for s in samples)
    lines = [
        f"`bench/soak.py --minutes {args.minutes}`: `./run.sh` with {args.feeds} local feeds polled every minute, "
        f"each gaining {args.growth} items a minute (a {args.window}-item window), fetch-log retention "
        f"{args.retention_days} days ({retention_min:.0f} min), pruned every 5 minutes. Memory is the service "
        "process's resident set (VmRSS).", "",
        f"- **Memory**: {samples[0]['rss_mb']:.0f} MB at start, {warm['rss_mb']:.0f} MB after the {args.warmup}-minute "
        f"warm-up, {end['rss_mb']:.0f} MB at minute {end['minute']:.0f} (peak {peak:.0f} MB): growth after warm-up "
        f"**{growth:+.1f} MB** (target < 20 MB: **{'met' if growth < 20 else 'not met'}**).",
        f"- **Database**: {samples[0]['db_mb']:.1f} MB → {end['db_mb']:.1f} MB with {end['stories']:,} stories.",
        f"- **Fetch log**: {end['fetch_log_rows']:,} rows at the end; oldest row at most {oldest:.0f} min old "
        f"(retention {retention_min:.0f} min + the 5-minute prune interval: "
        f"**{'kept' if oldest <= retention_min + 6 else 'not kept'}**).",
        f"- **Stop**: SIGTERM → exit code {stopped['exit_code']} in {stopped['stop_seconds']} s.", "",
        "| minute | RSS MB | threads | DB MB | stories | fetch-log rows | oldest row (min) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in samples[::5] + ([samples[-1]] if (len(samples) - 1) % 5 else []):
        lines.append(f"| {s['minute']:.0f} | {s['rss_mb']:.1f} | {s['threads']} | {s['db_mb']:.1f} | {s['stories']:,} "
                     f"| {s['fetch_log_rows']:,} | {s['oldest_log_min']:.0f} |")
    lines += ["", "Page times in headless Chromium (a fresh browser each time; seconds from navigation until the "
              "script run finished):", "", "| minute | " + " | ".join(PAGES) + " |",
              "| ---: |" + " ---: |" * len(PAGES)]
    lines += [f"| {load['minute']:.0f} | " + " | ".join(f"{load[name]:.2f}" for name in PAGES) + " |" for load in loads]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--growth", type=int, default=3, help="new items per feed per minute (3)")
    parser.add_argument("--window", type=int, default=50, help="items in a feed's body (50)")
    parser.add_argument("--retention-days", type=float, default=0.01, help="fetch-log retention (0.01 = 14.4 min)")
    parser.add_argument("--page-loads", type=lambda text: [float(m) for m in text.split(",")],
                        default=[3, 15, 30, 45, 60], help="minutes at which pages are loaded in Chromium")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    samples, loads, stopped = run(args)
    with open(Path(stopped["folder"]) / "samples.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(samples[0]))
        writer.writeheader()
        writer.writerows(samples)
    text = report(args, samples, loads, stopped)
    print(text)
    print(f"samples and service log in {stopped['folder']}")
    if not args.no_write:
        write_results("Soak: the service for an hour", text)


if __name__ == "__main__":
    main()
