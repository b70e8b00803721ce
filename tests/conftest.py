"""Shared fixtures: a fresh database and config in a temporary folder, a local feed server."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedserver import FeedServer  # noqa: E402

FAST_SCHEDULER = """
[dashboard]
atom_port = 0

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


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server for this test session, or a skip saying why not."""
    import os

    from pg import TemporaryPostgres, find_bindir

    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL tests skipped: no server binaries (apt-get install postgresql) and no TEST_DATABASE_URL")
    server = TemporaryPostgres(bindir)
    try:
        url = server.start()
    except Exception as error:  # report why, rather than failing every PostgreSQL test obscurely
        server.stop()
        pytest.skip(f"PostgreSQL tests skipped: could not start a server from {bindir}: {error}")
    yield url
    server.stop()


@pytest.fixture
def backend(request):
    """The database kind a test runs on (see pytest_generate_tests)."""
    return request.param


def pytest_generate_tests(metafunc):
    """Tests that use a database run on SQLite; a module that sets
    BACKENDS = ("sqlite", "postgresql") runs them on PostgreSQL as well."""
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", getattr(metafunc.module, "BACKENDS", ("sqlite",)), indirect=True)


@pytest.fixture
def make_config(tmp_path, monkeypatch, backend, request):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    database_url = None
    if backend == "postgresql":
        from pg import new_database

        database_url = new_database(request.getfixturevalue("postgres_server"))

    def make(feeds: dict[str, str] | None = None, extra: str = FAST_SCHEDULER) -> Path:
        path = write_config(tmp_path, feeds or {}, extra)
        if database_url:
            path.write_text(path.read_text().replace('url = "sqlite:///data/test.db"', f'url = "{database_url}"', 1))
        return path

    return make


@pytest.fixture
def runtime(make_config):
    """A prepared runtime (migrated, seeded) on a fresh SQLite file, no feeds."""
    from ingest.runtime import prepare

    return prepare(make_config())


@pytest.fixture(scope="session")
def tagger():
    from ingest.config import DEFAULT_TAXONOMY_PATH
    from ingest.tagging import Tagger

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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a test that would skip for something missing (PostgreSQL, Chromium,
    the compiled tagger) fails instead, naming it: a green CI must mean every test ran
    (issue #14, point 7). .ci/run installs what the tests need."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be missing: {reason}"


def live_processes(**wanted: int) -> list[int]:
    """Pids of the live (not zombie) processes whose parent (`ppid=`) or session
    (`session=`) is the one given, read from /proc."""
    (field, value), = wanted.items()
    index = {"ppid": 1, "session": 3}[field]
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[index]) == value and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def is_alive(pid: int) -> bool:
    """Does process `pid` still run (exists and is not a zombie)?"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
