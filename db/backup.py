"""A consistent copy of the SQLite database while ingestion runs.

SQLite's online backup copies the database page by page inside one read transaction:
in WAL mode writers go on meanwhile and the copy is the database as of the moment the
backup began, never half a poll. The copy is written next to the target and renamed
into place, so an interrupted backup never leaves a truncated file under its name.
PostgreSQL has its own tool for this (pg_dump); the command says so.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from db.errors import DatabaseError


def backup_sqlite(engine: Engine, out: Path) -> int:
    """Copy the database of `engine` to `out`; the copy's size in bytes. Raises DatabaseError."""
    if engine.dialect.name != "sqlite":
        raise DatabaseError("backup copies SQLite databases; for PostgreSQL use its own tool, e.g. "
                            f"pg_dump --format=custom --file {out} '{engine.url.render_as_string(hide_password=True)}'")
    if not out.parent.is_dir():
        raise DatabaseError(f"cannot write the backup: folder {out.parent} does not exist")
    staged = out.with_name(out.name + ".partial")
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(staged)
        try:
            raw.driver_connection.backup(target)
            problem = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
    except sqlite3.Error as error:
        staged.unlink(missing_ok=True)
        raise DatabaseError(f"backup failed: {error}") from None
    finally:
        raw.close()
    if problem != "ok":
        staged.unlink(missing_ok=True)
        raise DatabaseError(f"backup failed its integrity check: {problem}")
    os.replace(staged, out)
    return out.stat().st_size
