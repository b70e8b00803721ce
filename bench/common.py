"""Shared by the benchmarks: the machine's description, realistic feed text, RESULTS.md."""
from __future__ import annotations

import os
import platform
import random
import re
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

COUNTRIES = ["Russia", "China", "Pakistan", "India", "Iran", "Germany", "Britain", "Qatar", "Turkey", "Uzbekistan",
             "Kazakhstan", "Japan", "Norway", "Switzerland", "Italy", "the Netherlands", "Sweden", "Austria",
             "Saudi Arabia", "the United States", "the European Union", "the United Nations"]
ACTS = ["met Taliban officials in Kabul to discuss {topic}", "deported Afghans convicted of crimes on a charter flight",
        "pledged humanitarian aid for Afghan families hit by {topic}", "accredited two Taliban diplomats at its consulate",
        "signed a transit agreement with the Taliban government on {topic}", "condemned the Taliban ban on girls' schools",
        "accepted the credentials of the Taliban ambassador", "imposed sanctions on Taliban officials over {topic}",
        "hosted a Taliban delegation for talks on {topic}", "carried out airstrikes near the Afghan border"]
TOPICS = ["the railway to Uzbekistan", "water sharing", "the earthquake in Kunar", "frozen central bank assets",
          "ISIS-K attacks", "returns of refugees", "the TAPI pipeline", "detained foreigners", "women's education"]
DECOYS = ["{c} and {d} agreed on a new trade framework for grain and fertiliser.",
          "Elections in {c} drew a record turnout, officials said.",
          "{c} announced new rules for electric vehicles and charging stations.",
          "Storms disrupted flights across {c} for a second day."]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def story_text(rng: random.Random) -> tuple[str, str]:
    country = rng.choice(COUNTRIES)
    if rng.random() < 0.35:
        other = rng.choice(COUNTRIES)
        text = rng.choice(DECOYS).format(c=country, d=other)
        return text.split(",")[0].rstrip("."), f"<p>{text}</p><p>{text} Analysts expect more details next week.</p>"
    act = rng.choice(ACTS).format(topic=rng.choice(TOPICS))
    title = f"{country[0].upper()}{country[1:]} {act}".split(" to discuss")[0][:110]
    body = (f"<p>{country[0].upper()}{country[1:]} {act}, officials said on {rng.choice(['Monday', 'Tuesday', 'Friday'])}.</p>"
            f"<p>The Taliban government's spokesman Zabihullah Mujahid welcomed the step and said Kabul sought "
            f"normal relations with {rng.choice(COUNTRIES)}. Diplomats said the move fell short of formal recognition "
            f"but showed growing engagement on {rng.choice(TOPICS)}.</p>")
    return title, body


def make_rss(feed_number: int, items: int, rng: random.Random, start: datetime | None = None) -> bytes:
    start = start or datetime(2025, 6, 1, tzinfo=timezone.utc)
    parts = []
    for index in range(items):
        title, body = story_text(rng)
        when = format_datetime(start + timedelta(minutes=rng.randint(0, 500_000)))
        parts.append(f"<item><title>{escape(title)} ({feed_number}-{index})</title>"
                     f"<link>https://news{feed_number}.example.org/{index}?utm_source=rss</link>"
                     f"<guid>n{feed_number}-{index}</guid><pubDate>{when}</pubDate>"
                     f"<description>{escape(body)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench {feed_number}</title>'
            f"<link>https://news{feed_number}.example.org/</link>{''.join(parts)}</channel></rss>").encode()


def serve(bodies: dict[str, bytes], validators: bool = True) -> ThreadingHTTPServer:
    """Serve `bodies` (path -> bytes) on 127.0.0.1 with ETag validators (304 on repeat)."""
    etags = {path: f'"{hash(body) & 0xffffffff:x}"' for path, body in bodies.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without this, Nagle's algorithm and
        # the client's delayed ACK hold every body back ~40 ms, which no real server does.
        disable_nagle_algorithm = True

        def do_GET(self):
            body = bodies.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if validators and self.headers.get("If-None-Match") == etags[self.path]:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            if validators:
                self.send_header("ETag", etags[self.path])
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 128  # the default 5 drops simultaneous connects, which then retry after 1 s

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_in_process(bodies: dict[str, bytes], validators: bool = True):
    """Like serve(), in a separate process: the server's work does not compete with the
    measured client for this process's interpreter lock, as a remote server would not."""
    import multiprocessing

    ready = multiprocessing.get_context("fork").Queue()

    def run():
        server = serve(bodies, validators)
        ready.put(server.server_address[1])
        threading.Event().wait()

    process = multiprocessing.get_context("fork").Process(target=run, daemon=True, name="bench-server")
    process.start()
    return process, ready.get(timeout=30)


def write_results(section: str, body: str) -> None:
    """Replace this benchmark's section of bench/RESULTS.md (the others stay)."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\nWritten by the scripts in bench/.\n"
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = f"<!-- {section} -->\n## {section}\n\n{stamp} on {machine()}.\n\n{body.strip()}\n<!-- /{section} -->"
    pattern = re.compile(rf"<!-- {re.escape(section)} -->.*?<!-- /{re.escape(section)} -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def git_revision() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"
