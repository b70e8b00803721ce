"""Issue #13, point 6: a short command starts quickly. Timing is the benchmark's job
(bench/startup.py); here, the commands as a user runs them (`python -m ingest ...` in
their own process) must not load what they do not use, and `feeds` must not wait for a
poll that is writing."""
import sqlite3
import subprocess
import sys

from conftest import ROOT, write_config

# Each costs a tenth of a second or more to import, and a read-only command uses none.
HEAVY = ("pandas", "numpy", "streamlit", "feedparser", "apprise", "alembic", "tqdm", "sqlalchemy.orm",
         "ingest.tagging", "ingest.clustering", "ingest.orchestrator")


def imported_by(*args: str) -> set[str]:
    """The modules `python -m ingest ARGS` imports (its -X importtime report)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "ingest", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def loaded(modules: set[str], names) -> list[str]:
    return sorted(name for name in names if name in modules)


def migrated_config(tmp_path):
    config = write_config(tmp_path, {"Local": "http://127.0.0.1:9/feed.xml"})
    subprocess.run([sys.executable, "-m", "ingest", "feeds", "--config", str(config)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)  # the first start migrates and registers the feed
    return config


def test_feeds_loads_no_library_it_does_not_use(tmp_path):
    modules = imported_by("feeds", "--config", str(migrated_config(tmp_path)))
    assert "sqlalchemy" in modules  # the report works: the database library is there
    assert loaded(modules, HEAVY) == []


def test_help_loads_no_database_library():
    assert loaded(imported_by("--help"), ("sqlalchemy", *HEAVY)) == []


def test_feeds_answers_while_a_poll_holds_the_write_lock(tmp_path):
    """An unchanged config is checked by reading: `feeds` during a long write (a poll, a
    retag) shows the table at once instead of waiting out the busy timeout (30 s)."""
    config = migrated_config(tmp_path)
    writer = sqlite3.connect(tmp_path / "data" / "test.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run([sys.executable, "-m", "ingest", "feeds", "--config", str(config)], cwd=ROOT,
                              capture_output=True, text=True, timeout=15)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert done.returncode == 0, done.stderr
    assert "Local" in done.stdout and "pending" in done.stdout


def test_once_leaves_its_database_closed(tmp_path):
    """`once` ends without the interpreter's collection of its heap (issue #13, point 7:
    a tenth of a second or more): its database is still closed first, the log written
    and no write-ahead log left beside the file."""
    config = migrated_config(tmp_path)
    done = subprocess.run([sys.executable, "-m", "ingest", "once", "--config", str(config)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not (tmp_path / "data" / "test.db-wal").exists()
    with sqlite3.connect(tmp_path / "data" / "test.db") as connection:
        assert connection.execute("SELECT count(*) FROM fetch_log").fetchone()[0] == 1


def test_once_in_a_script_draws_no_progress_bar(tmp_path):
    """Run from cron or a script (standard error not a terminal), `once` prints its table and
    no progress bar, and does not pay for the bar's library."""
    modules = imported_by("once", "--config", str(migrated_config(tmp_path)))
    assert "ingest.orchestrator" in modules  # the poll ran
    assert "tqdm" not in modules


def test_output_piped_into_a_reader_that_stops_early_ends_quietly():
    """`python -m ingest evaluate ... | head -2`: the command stops when its reader does,
    with exit code 0 and no traceback (the broken pipe was taken for a bug)."""
    process = subprocess.Popen([sys.executable, "-m", "ingest", "evaluate", "--file",
                                str(ROOT / "tests" / "data" / "blind16_stories.toml")],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().startswith(b"labelled stories:")
    process.stdout.close()  # as `head -1` does once it has its line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr[-2000:]
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
