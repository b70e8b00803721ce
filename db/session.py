"""The one place that creates engines and sessions, and brings the schema up to date.

SQLite gets WAL (readers never block the writer), a busy timeout (a writer waits
instead of failing with "database is locked") and foreign keys. Opening a database
always runs the migrations, so every entry point (dashboard, CLI, tests) sees the
same schema.
"""
from __future__ import annotations

import contextlib
import re
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from db.errors import DatabaseError  # defined apart, so the CLI can name it without SQLAlchemy

if TYPE_CHECKING:  # the ORM is imported where sessions are made: a read-only command may not need it
    from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Bound parameters in one bulk INSERT: under SQLite's oldest default limit (999), so any
# build takes it; a few hundred rows of a narrow table a statement.
PARAMETERS_PER_STATEMENT = 999


def make_engine(url: str) -> Engine:
    """An engine for `url` with the connection settings this project relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: index inserts and dashboard scans stay in memory
    cursor.close()


def _begin_sqlite_transaction(connection) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE) and so wait their turn
    under the busy timeout; a deferred transaction that reads first and writes later
    can fail at once with "database is locked" when another writer got in between."""
    mode = connection.get_execution_options().get("sqlite_begin", "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


def open_database(url: str) -> Engine:
    """Connect to `url`, run pending migrations and return the engine.

    Raises DatabaseError with a one-line reason when the database cannot be used.
    """
    try:
        engine = make_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, ValueError) as error:
        raise DatabaseError(f"cannot open database {_safe_url(url)}: {_first_line(error)}") from None
    except ModuleNotFoundError as error:
        raise DatabaseError(f"cannot open database {_safe_url(url)}: driver missing ({error.name})") from None
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic), using `engine`'s connection.
    A schema already at the newest revision costs one query: Alembic (slow to import and
    to read its scripts) runs only when there is something to do."""
    if _at_head(engine):
        return
    from alembic import command
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates "%": a percent-encoded password ("p%40ss") or socket path
    # would end in "invalid interpolation syntax" unless doubled (issue #13, point 1).
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as error:
        raise DatabaseError(f"cannot migrate database {_safe_url(str(engine.url))}: {_first_line(error)}") from None


def head_revision() -> str:
    """The newest migration's revision id: migration files are numbered in order (0001_,
    0002_...); the id is the file's `revision = "..."` line (its number, "0006")."""
    newest = max((MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"), key=lambda path: path.name)
    found = re.search(r'^revision = "([^"]+)"', newest.read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else newest.name.split("_", 1)[0]


def _at_head(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    except SQLAlchemyError:
        return False  # a new database, or one Alembic has not seen yet


def session_factory(engine: Engine) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def session_scope(engine: Engine, write: bool = False):
    """A session whose work is committed together, or rolled back on any error.

    `write=True` takes SQLite's write lock at the start of the transaction.
    """
    with session_factory(engine)() as session:
        with session.begin():
            if write and engine.dialect.name == "sqlite":
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            yield session


def insert_plain_rows(session: Session, table, rows: list[dict], on_conflict: str = "") -> None:
    """INSERT `rows` (dicts with the same keys) as multi-row INSERT statements, with an
    optional `ON CONFLICT ...` clause (SQLite and PostgreSQL accept the same one).

    For bulk rows of plain values: no per-row work in SQLAlchemy. Many rows go in one
    statement because the driver pays per statement: sqlite3 lets go of the GIL around
    every statement it steps, and a writer that lets go of it once per row waits for the
    fetch threads again and again (row-at-a-time executemany made a 6,500-story poll's
    writes ~4x slower than the same inserts alone); psycopg2 makes a round trip per row.
    Dates (naive UTC) are written as SQLAlchemy writes them: on SQLite as
    'YYYY-MM-DD HH:MM:SS.ffffff' text, on PostgreSQL as they are (the driver adapts them).
    With `on_conflict ... DO UPDATE`, no two rows may share a key (PostgreSQL refuses to
    update one row twice in a statement).
    """
    if not rows:
        return
    columns = list(rows[0])
    pick = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    insert_plain_values(session, table, columns, [pick(row) for row in rows], on_conflict)  # itemgetter: tuples built in C


def insert_plain_values(session: Session, table, columns: list[str], values: list[tuple], on_conflict: str = "",
                        dates_as_driver: bool = False) -> None:
    """insert_plain_rows for rows already as tuples in `columns` order (a first poll's
    140,000 cluster keys: building a dict for each only to take it apart cost more than
    the statements). `dates_as_driver`: their dates are already as `driver_date` gives
    them (a date shared by many rows converted once by the caller)."""
    if not values:
        return
    if dates_as_driver:
        marker = "?" if session.get_bind().dialect.name == "sqlite" else "%s"
    else:
        values, marker = _driver_tuples(session, table, values, columns)
    per_statement = max(1, PARAMETERS_PER_STATEMENT // len(columns))
    row_marker = f"({', '.join(marker for _ in columns)})"
    connection = session.connection()
    for start in range(0, len(values), per_statement):
        chunk = values[start:start + per_statement]
        sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
               f"{', '.join(row_marker for _ in chunk)} {on_conflict}")
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))


def select_plain_rows(session: Session, sql: str, params: tuple, values: list, size: int = 500) -> list[tuple]:
    """The rows of `sql`, a plain statement whose `{marker}` is the driver's parameter
    marker and whose `{values}` takes one marker per value of `values`, run a chunk of
    `size` values at a time with `params` first. For plain values only (no dates): an
    expanding IN of a few hundred values costs SQLAlchemy milliseconds a statement."""
    marker = "?" if session.get_bind().dialect.name == "sqlite" else "%s"
    connection, rows = session.connection(), []
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        statement = sql.format(marker=marker, values=", ".join(marker for _ in chunk))
        rows += connection.exec_driver_sql(statement, (*params, *chunk)).all()
    return rows


def read_rows(session: Session, statement) -> list:
    """The rows of a Core `statement` as session.execute gives them (what the session
    holds is written first, as autoflush would), read through its connection all at
    once: plain rows, without the ORM's work on each, for a stage that reads tens of
    thousands of rows a poll (event clustering)."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement).all()


def update_plain_rows(session: Session, table, rows: list[dict], key: str = "id") -> None:
    """UPDATE one row per dict (found by its `key` column, set to its other values) as
    driver-level executemanys, one per set of keys: plain values, as insert_plain_rows."""
    by_columns: dict[tuple, list[dict]] = {}
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(row)
    for columns, group in by_columns.items():
        changed = [name for name in columns if name != key]
        values, marker = _driver_values(session, table, group, [*changed, key])
        assignments = ", ".join(f"{name} = {marker}" for name in changed)
        session.connection().exec_driver_sql(f"UPDATE {table.name} SET {assignments} WHERE {key} = {marker}", values)


def _driver_values(session: Session, table, rows: list[dict], columns: list[str]) -> tuple[list[tuple], str]:
    """`rows` as tuples in `columns` order, dates as the dialect stores them, and the
    driver's parameter marker."""
    pick = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    return _driver_tuples(session, table, [pick(row) for row in rows], columns)  # itemgetter: tuples built in C


def driver_date(session: Session):
    """The function that turns a date into what insert_plain_values sends for it (see
    insert_plain_rows): SQLAlchemy's text on SQLite, the date itself elsewhere."""
    return _sqlite_date if session.get_bind().dialect.name == "sqlite" else _as_it_is


def _as_it_is(value):
    return value


def _driver_tuples(session: Session, table, values: list[tuple], columns: list[str]) -> tuple[list[tuple], str]:
    """`values` with dates as the dialect stores them, and the driver's parameter marker."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    dates = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, DateTime)] if sqlite else []
    if dates:
        values = _with_sqlite_dates(values, dates)
    return values, "?" if sqlite else "%s"


def _with_sqlite_dates(values: list[tuple], dates: list[int]) -> list[tuple]:
    """`values` with the `dates` columns as SQLite text, converted a column at a time and
    each distinct date once: rows share dates (a story's 20-odd cluster keys carry its
    date), and a first poll writes ~140,000 such rows, so per-cell conversion in Python
    cost a twentieth of the writer's time."""
    if not values:
        return values
    columns = list(zip(*values))
    for index in dates:
        texts = {cell: _sqlite_date(cell) for cell in set(columns[index])}
        columns[index] = list(map(texts.__getitem__, columns[index]))  # in C: half the time of a loop
    return list(zip(*columns))


def _sqlite_date(value):
    return value.isoformat(" ", "microseconds") if value is not None else None  # as SQLAlchemy stores them


def _safe_url(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as it was given
        return url


def _first_line(error: Exception) -> str:
    message = str(getattr(error, "orig", None) or error)
    return message.strip().splitlines()[0] if message.strip() else type(error).__name__
