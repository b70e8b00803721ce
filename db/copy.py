"""Copy a whole database into another one (SQLite to PostgreSQL when a team moves up).

Tables are copied in foreign-key order with their ids, in batches; the target is
migrated first and must hold no stories yet. On PostgreSQL the id sequences are then
moved past the copied ids.
"""
from __future__ import annotations

from sqlalchemy import Engine, func, select, text

from db.models import Base, Story

SKIPPED = {"scheduler_lease"}
BATCH = 5000


class CopyError(Exception):
    pass


def copy_database(source: Engine, target: Engine, progress=None) -> dict[str, int]:
    """Copy every row of `source` into the (migrated, empty) `target`; returns rows per table."""
    with target.connect() as connection:
        if connection.execute(select(func.count()).select_from(Story.__table__)).scalar():
            raise CopyError("the target database already holds stories; copy into an empty database")
    copied = {}
    with source.connect() as reader, target.begin() as writer:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED:
                continue
            copied[table.name] = 0
            result = reader.execute(select(table)).mappings()
            while rows := result.fetchmany(BATCH):
                writer.execute(table.insert(), [dict(row) for row in rows])
                copied[table.name] += len(rows)
                if progress:
                    progress(table.name, len(rows))
        if target.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                if "id" in table.c and table.name not in SKIPPED:
                    writer.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
    return copied
