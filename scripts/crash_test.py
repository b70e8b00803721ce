"""Kill `python -m ingest once` with SIGKILL at random moments and check nothing is half-written.

Serves many generated feeds from 127.0.0.1, runs a clean reference poll, then repeatedly
starts `once` on a test database and kills it at a random moment. After every kill:
PRAGMA integrity_check is "ok" and every stored story is whole (its sources, and exactly
the tags and engagement rows the tagger gives its text). When a database is complete it
is compared with the reference and started afresh. At the end one uninterrupted `once`
must add exactly what was missing.

With --in-write every kill lands inside the write phase on purpose: `once` runs with
MONITOR_CRASH_PAUSE (ingest/crashpoint.py), announces each point of its writes on stderr
(rows written in an open transaction, or between two commits) and is killed at one of
them. After each such kill no process of the killed run (its parse workers) may be left.

    .venv/bin/python scripts/crash_test.py --kills 50
    .venv/bin/python scripts/crash_test.py --kills 20 --in-write
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTORS = ["Russia", "China", "Pakistan", "India", "Germany", "Qatar", "Uzbekistan", "Japan", "Iran", "Turkey"]
ACTS = ["met Taliban officials in Kabul", "deported Afghans convicted of crimes", "pledged humanitarian aid to Afghans",
        "accredited Taliban diplomats", "signed a transit deal with the Taliban", "condemned the Taliban's ban on girls' schools"]


def make_feed(number: int, items: int, rng: random.Random) -> bytes:
    """A feed of `items` stories; every fifth story is shared with the next feed (dedup)."""
    entries = []
    start = datetime(2025, 6, 1, tzinfo=timezone.utc)
    for index in range(items):
        shared = index % 5 == 0
        key = f"shared-{(number + 1) // 2}-{index}" if shared else f"f{number}-{index}"
        actor, act = ACTORS[hash(key) % len(ACTORS)], ACTS[hash(key[::-1]) % len(ACTS)]
        when = format_datetime(start + timedelta(hours=(hash(key) % 5000)))
        entries.append(
            f"<item><title>{actor} {act} ({key})</title><link>https://crash.example.org/{key}</link>"
            f"<guid>{key}</guid><pubDate>{when}</pubDate><description>{actor} {act}, officials said. "
            f"The Taliban government welcomed the step.</description></item>")
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>'
            f"<link>https://crash.example.org/</link>{''.join(entries)}</channel></rss>").encode()


def serve(feeds: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = feeds.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            time.sleep(random.uniform(0, 0.05))  # spread the polls so kills land everywhere
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # the killed client hangs up mid-response: expected here

    server = QuietServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write_config(folder: Path, name: str, base: str, count: int) -> Path:
    lines = ["[database]", f'url = "sqlite:///{name}.db"', "[scheduler]", "start_in_dashboard = false",
             "jitter_seconds = 0", ""]
    for number in range(count):
        lines += ["[[feeds]]", f'name = "feed {number:03d}"', f'url = "{base}/feed{number}.xml"', ""]
    path = folder / f"{name}.toml"
    path.write_text("\n".join(lines))
    return path


def run_once(config: Path, kill_after: float | None = None) -> int | None:
    command = [sys.executable, "-m", "ingest", "once", "--config", str(config), "--workers", "4"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        return process.wait()
    try:
        return process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return None


def run_once_killed_in_write(config: Path, target: int) -> str | None:
    """Run `once` and SIGKILL it at its `target`-th write point; the stage it was killed in
    ("uncommitted" or "committed"), or None when it finished first. Raises when a process of
    the killed run outlives it (parse workers must end with their parent)."""
    command = [sys.executable, "-m", "ingest", "once", "--config", str(config), "--workers", "4"]
    env = dict(os.environ, MONITOR_CRASH_PAUSE="0.15")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    seen = 0
    for line in process.stderr:
        if line.startswith("crash-point "):
            seen += 1
            if seen == target:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                process.stderr.close()
                assert_no_process_left(process.pid)
                return line.split()[1]
    process.wait()
    return None


def assert_no_process_left(session: int, patience: float = 15.0) -> None:
    """Every process of the killed run's session ends (parse workers notice within a second);
    any still there after `patience` seconds is reported, then killed."""
    deadline = time.monotonic() + patience
    while True:
        left = session_processes(session)
        if not left:
            return
        if time.monotonic() > deadline:
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"processes {left} of the killed run outlived it")
        time.sleep(0.1)


def session_processes(session: int) -> list[int]:
    """Live (not zombie) processes whose session id is `session`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def check_whole(database: Path, tagger) -> list[str]:
    """Problems found: integrity, stories without sources, tags that disagree with the text."""
    problems = []
    with sqlite3.connect(database) as connection:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'stories'").fetchone():
            return problems  # killed before the first migration committed: an empty, valid file
        stories = connection.execute("SELECT id, title, summary FROM stories WHERE is_seed = 0").fetchall()
        for story_id, title, summary in stories:
            if not connection.execute("SELECT 1 FROM story_sources WHERE story_id = ?", (story_id,)).fetchone():
                problems.append(f"story {story_id} has no source")
            expected = tagger.tag(title, summary)
            tags = set(connection.execute("SELECT kind, value FROM tags WHERE story_id = ?", (story_id,)).fetchall())
            wanted = {("actor", a) for a in expected.actor_ids} | {("topic", t) for t in expected.topic_ids}
            if tags != wanted:
                problems.append(f"story {story_id} has tags {sorted(tags)}, expected {sorted(wanted)}")
            events = {r[0] for r in connection.execute("SELECT actor FROM engagement_events WHERE story_id = ?", (story_id,))}
            if events != {e.actor for e in expected.engagement}:
                problems.append(f"story {story_id} has engagement rows for {sorted(events)}")
    return problems


def snapshot(database: Path) -> tuple[set, int]:
    """The stored story URLs and the number of sources."""
    with sqlite3.connect(database) as connection:
        urls = {row[0] for row in connection.execute("SELECT url FROM stories")}
        sources = connection.execute("SELECT count(*) FROM story_sources").fetchone()[0]
    return urls, sources


def complete(database: Path, feeds: int) -> bool:
    with sqlite3.connect(database) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'feeds'").fetchone():
            return False
        return connection.execute(
            "SELECT count(*) FROM feeds WHERE last_success_at IS NOT NULL").fetchone()[0] == feeds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50, help="SIGKILLs to deliver (50)")
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-write", action="store_true",
                        help="kill at announced points of the write phase, not at random moments")
    args = parser.parse_args(argv)
    from ingest.config import DEFAULT_TAXONOMY_PATH
    from ingest.tagging import Tagger

    rng = random.Random(args.seed)
    tagger = Tagger.from_file(DEFAULT_TAXONOMY_PATH)
    feeds = {f"/feed{n}.xml": make_feed(n, args.items, rng) for n in range(args.feeds)}
    server = serve(feeds)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        reference_config = write_config(folder, "reference", base, args.feeds)
        assert run_once(reference_config) == 0
        reference = snapshot(folder / "reference.db")
        print(f"reference: {len(reference[0])} stories, {reference[1]} sources from {args.feeds} feeds")
        config = write_config(folder, "crash", base, args.feeds)
        database = folder / "crash.db"
        kills = restarts = 0
        stages: dict[str, int] = {}
        while kills < args.kills:
            if args.in_write:
                stage = run_once_killed_in_write(config, target=rng.randint(1, 2))
                stages[stage] = stages.get(stage, 0) + (stage is not None)
                killed = stage is not None
            else:
                killed = run_once(config, kill_after=rng.uniform(0.5, 3.0)) is None
            if killed:
                kills += 1
                problems = check_whole(database, tagger) if database.exists() else []
                if problems:
                    print(f"kill {kills}: FAILED: {problems[:5]}")
                    return 1
            if database.exists() and complete(database, args.feeds):
                if snapshot(database) != reference:
                    print("a completed database differs from the reference")
                    return 1
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{database}{suffix}").unlink(missing_ok=True)
                restarts += 1
        assert run_once(config) == 0
        final_problems = check_whole(database, tagger)
        final = snapshot(database)
        print(f"{kills} SIGKILLs, {restarts} databases completed and restarted; integrity ok after every kill")
        if args.in_write:
            print(f"killed in the write phase: {stages.get('uncommitted', 0)} in an open write transaction, "
                  f"{stages.get('committed', 0)} between commits; no process of a killed run left")
        if final_problems or final != reference:
            print(f"final run does not match the reference: {final_problems[:5]}; "
                  f"{len(final[0])} vs {len(reference[0])} stories, {final[1]} vs {reference[1]} sources")
            return 1
        print(f"final uninterrupted run: {len(final[0])} stories, {final[1]} sources, exactly the reference")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
