"""Shared by the benchmarks: the machine's description, realistic feed text, a feed server, RESULTS.md."""
from __future__ import annotations

import asyncio
import os
import platform
import random
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
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


def make_rss(feed_number: int, items: int, rng: random.Random, start: datetime | None = None,
             spread_minutes: int = 500_000) -> bytes:
    """An RSS feed of `items` bench stories dated from `start` over `spread_minutes`."""
    start = start or datetime(2025, 6, 1, tzinfo=timezone.utc)
    parts = []
    for index in range(items):
        title, body = story_text(rng)
        when = format_datetime(start + timedelta(minutes=rng.randint(0, spread_minutes)))
        parts.append(f"<item><title>{escape(title)} ({feed_number}-{index})</title>"
                     f"<link>https://news{feed_number}.example.org/{index}?utm_source=rss</link>"
                     f"<guid>n{feed_number}-{index}</guid><pubDate>{when}</pubDate>"
                     f"<description>{escape(body)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench {feed_number}</title>'
            f"<link>https://news{feed_number}.example.org/</link>{''.join(parts)}</channel></rss>").encode()


class FeedServerProtocol(asyncio.Protocol):
    """One connection of the bench's feed server: answers GETs from `bodies`, with an
    ETag and 304 when the client's If-None-Match matches, keep-alive throughout.

    Deliberately minimal (no header validation, no logging): it stands in for a
    production server, which answers a request in microseconds, so that wall times
    measure the client rather than the stand-in. asyncio sets TCP_NODELAY itself.
    """

    def __init__(self, bodies: dict[str, bytes], etags: dict[str, bytes] | None):
        self.bodies, self.etags, self.pending = bodies, etags, b""

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.pending += data
        while b"\r\n\r\n" in self.pending:
            head, self.pending = self.pending.split(b"\r\n\r\n", 1)
            self.transport.write(self.answer(head))

    def answer(self, head: bytes) -> bytes:
        request_line, *header_lines = head.split(b"\r\n")
        path = request_line.split(b" ")[1].decode()
        body = self.bodies.get(path)
        if body is None:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        if self.etags is None:
            return b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        etag = self.etags[path]
        for line in header_lines:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"if-none-match" and value.strip() == etag:
                return b"HTTP/1.1 304 Not Modified\r\nETag: %s\r\nContent-Length: 0\r\n\r\n" % etag
        return (b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: %s\r\nContent-Length: %d\r\n\r\n%s"
                % (etag, len(body), body))


def serve_in_process(bodies: dict[str, bytes], validators: bool = True):
    """Serve `bodies` (path -> bytes) on 127.0.0.1 from a separate process: the server's
    work does not compete with the measured client for its interpreter lock, as a
    remote server would not. With `validators`, ETags and 304s on repeat requests."""
    import multiprocessing

    etags = {path: b'"%x"' % (hash(body) & 0xffffffff) for path, body in bodies.items()} if validators else None
    ready = multiprocessing.get_context("fork").Queue()

    def run():
        async def main():
            server = await asyncio.get_running_loop().create_server(
                lambda: FeedServerProtocol(bodies, etags), "127.0.0.1", 0, backlog=128)
            ready.put(server.sockets[0].getsockname()[1])
            await asyncio.Event().wait()
        asyncio.run(main())

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
