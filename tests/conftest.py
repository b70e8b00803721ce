"""Shared fixtures: a fresh database and config in a temporary folder, a local feed server."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedserver import FeedServer  # noqa: E402

FAST_SCHEDULER = """
[scheduler]
connect_timeout_seconds = 2.0
fetch_timeout_seconds = 3.0
max_body_bytes = 2_000_000
jitter_seconds = 0
start_in_dashboard = false
"""


@pytest.fixture
def feed_server():
    server = FeedServer().start()
    yield server
    server.stop()


def write_config(folder: Path, feeds: dict[str, str], extra: str = FAST_SCHEDULER) -> Path:
    """A config.toml in `folder` with its own SQLite file and the given feeds (name -> url)."""
    lines = ['[database]', 'url = "sqlite:///data/test.db"', extra]
    for name, url in feeds.items():
        lines += ["[[feeds]]", f'name = "{name}"', f'url = "{url}"', ""]
    path = folder / "config.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def make_config(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    def make(feeds: dict[str, str] | None = None, extra: str = FAST_SCHEDULER) -> Path:
        return write_config(tmp_path, feeds or {}, extra)

    return make


@pytest.fixture
def runtime(make_config):
    """A prepared runtime (migrated, seeded) on a fresh SQLite file, no feeds."""
    from ingest.runtime import prepare

    return prepare(make_config())


@pytest.fixture(scope="session")
def tagger():
    from ingest.config import DEFAULT_TAXONOMY_PATH
    from ingest.tagger import Tagger

    return Tagger.from_file(DEFAULT_TAXONOMY_PATH)


FIXTURE_FEEDS = {
    "Wire": ("/rss.xml", "rss20.xml"),
    "Atom Desk": ("/atom.xml", "atom.xml"),
    "RDF": ("/rdf.xml", "rss10.rdf"),
    "Latin": ("/latin.xml", "latin1.xml"),
    "Broken": ("/bozo.xml", "bozo.xml"),
}


@pytest.fixture
def populated(feed_server, make_config):
    """A runtime whose database holds the fixture feeds' stories (polled once) and the seed."""
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    feeds = {name: feed_server.add_fixture(path, fixture) for name, (path, fixture) in FIXTURE_FEEDS.items()}
    runtime = prepare(make_config(feeds))
    pipeline = Pipeline(runtime.config, runtime.engine)
    pipeline.poll_feeds(enabled_feed_ids(runtime.engine), workers=1)
    return runtime
