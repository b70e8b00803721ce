"""`python -m ingest backup` (issue #13, point 4): a consistent, checked copy of the SQLite
database, even in the middle of a poll; clear refusals otherwise."""
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from feedserver import Route
from ingest.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_a_backup_taken_during_a_poll_opens_and_passes_its_integrity_check(feed_server, make_config, tmp_path, capsys):
    feeds = {"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml"),
             "Slow": feed_server.add("/slow.xml", Route(body=b"<rss>" + b" " * 300 + b"</rss>", trickle_seconds=0.01))}
    config = make_config(feeds)
    assert main(["seed", "--config", str(config)]) == 0
    poll = subprocess.Popen([sys.executable, "-m", "ingest", "once", "--config", str(config)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)  # the fast feed is stored, the slow one still trickles
        assert poll.poll() is None, "the poll is still running while the backup is taken"
        out = tmp_path / "copy.db"
        assert main(["backup", "--config", str(config), "--out", str(out)]) == 0
    finally:
        poll.wait(timeout=60)
    assert "integrity ok" in capsys.readouterr().out
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM stories WHERE is_seed").fetchone()[0] == 1
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0006"
    assert not (tmp_path / "copy.db.partial").exists()


def test_a_backup_into_a_missing_folder_is_refused_in_one_line(make_config, tmp_path, capsys):
    config = make_config()
    assert main(["backup", "--config", str(config), "--out", str(tmp_path / "nowhere" / "copy.db")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "does not exist" in error


def test_on_postgresql_the_command_says_to_use_pg_dump():
    import pytest
    from sqlalchemy import create_engine

    from db.backup import backup_sqlite
    from db.errors import DatabaseError

    engine = create_engine("postgresql+psycopg://monitor:secret@db.example.org/monitor")
    with pytest.raises(DatabaseError, match="pg_dump --format=custom") as raised:
        backup_sqlite(engine, Path("/tmp/monitor.dump"))
    assert "secret" not in str(raised.value)
