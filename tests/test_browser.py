"""The real thing: `streamlit run dashboard.py` with background ingestion, opened in Chromium."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Story
from db.session import open_database, session_scope

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dashboard(feed_server, tmp_path):
    from conftest import write_config

    url = feed_server.add_fixture("/rss.xml", "rss20.xml")
    atom_port = free_port()
    config = write_config(tmp_path, {"Wire": url}, extra=f"[dashboard]\natom_port = {atom_port}\n[scheduler]\njitter_seconds = 0\n")
    port = free_port()
    log = open(tmp_path / "streamlit.log", "w")
    env = {**os.environ, "MONITOR_CONFIG": str(config)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + (tmp_path / "streamlit.log").read_text()[-2000:])
        yield base, config, atom_port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def open_page(url: str, screenshot: Path | None = None, requests: list | None = None) -> str:
    """The page's text once Streamlit has finished its run; every URL the browser asked
    for (the page and its frames) goes into `requests`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2600})
        if requests is not None:
            page.on("request", lambda request: requests.append(request.url))
        page.goto(url)
        page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
        page.wait_for_selector("text=Where the world stands", timeout=60_000)
        page.wait_for_function("!document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000)
        page.wait_for_timeout(1500)  # the map's frame loads after the run
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
        text = page.inner_text("body")
        frames = [frame for frame in page.frames if frame != page.main_frame]
        text += "".join(frame.content() for frame in frames)
        browser.close()
        return text


def test_landing_page_in_chromium_with_background_ingestion(dashboard, tmp_path):
    base, config, atom_port = dashboard
    text = open_page(base + "/?actor=RUS", tmp_path / "landing.png")
    assert "Engagement with the Taliban government" in text
    assert "Formal status as of" in text and "Traceback" not in text
    assert (tmp_path / "landing.png").stat().st_size > 10_000
    # the run command started the scheduler: the fixture feed's stories arrive without any CLI call
    from ingest.config import load_config
    engine = open_database(load_config(config).database_url)
    for _ in range(60):
        with session_scope(engine) as session:
            if session.scalar(select(func.count(Story.id))) > 1:
                break
        time.sleep(0.5)
    with session_scope(engine) as session:
        titles = set(session.scalars(select(Story.title)))
    assert "Japan pledges food aid for Afghan returnees" in titles
    # the dashboard process also serves the filtered view as a subscribable Atom feed
    import feedparser
    atom = feedparser.parse(urllib.request.urlopen(f"http://127.0.0.1:{atom_port}/feed.atom?actor=JPN").read())
    assert [e.title for e in atom.entries] == ["Japan pledges food aid for Afghan returnees"]


def test_the_status_map_renders_and_no_request_leaves_the_machine(dashboard, tmp_path):
    """Issue #16 (the map works offline) and #13 point 5: every request the page makes,
    frames included, goes to 127.0.0.1; the map shows Russia's status with its evidence."""
    base, _, _ = dashboard
    requests: list[str] = []
    text = open_page(base + "/", tmp_path / "map.png", requests)
    assert requests and all(url.startswith((base, "data:", "blob:", "about:")) for url in requests), \
        [url for url in requests if not url.startswith((base, "data:", "blob:", "about:"))]
    assert '<g class="ru country map-element"><title>Russia' in text and "recognition since 2025-07-01" in text
