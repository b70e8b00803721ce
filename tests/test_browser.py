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


def open_page(url: str, screenshot: Path | None = None) -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
        page.wait_for_selector("text=Formal-status ladder", timeout=60_000)
        page.wait_for_function("!document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000)
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
        text = page.inner_text("body")
        browser.close()
        return text


def test_landing_page_in_chromium_with_background_ingestion(dashboard, tmp_path):
    base, config, atom_port = dashboard
    text = open_page(base + "/?actor=RUS", tmp_path / "landing.png")
    assert "Engagement with the Taliban government" in text
    assert "Formal-status ladder" in text and "Traceback" not in text
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
