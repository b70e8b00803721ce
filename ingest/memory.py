"""Keep a long-running process's memory flat: SQLite's caches bounded, fewer malloc arenas,
freed memory given back.

SQLite first: every pooled connection keeps a page cache of up to `cache_size` (64 MiB,
db/session.py), filled as pages are read or written, so a service's memory grows with
its database, up to 64 MiB times the connections in the pool: a soak run polling 20
growing feeds grew ~0.6 MB a minute while the database did (bench/RESULTS.md). A soft
heap limit bounds all of SQLite's memory in the process together; past it SQLite reuses
its least recently used cache pages instead of allocating (the pages still come from the
operating system's file cache, not the disk).

glibc gives each thread that allocates concurrently its own arena (up to 8 per core), and
memory freed in one arena cannot serve another: a service whose fetch threads, scheduler
and Streamlit sessions come and go ends up holding many partly used arenas, so its
resident size creeps up for hours although nothing leaks. Two arenas are plenty here
(the GIL serialises most allocation), and after a poll has freed its feed bodies,
`malloc_trim` returns the free pages to the system. Both are no-ops off glibc.
"""
from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8  # glibc's mallopt parameter number
ARENAS = 2
# All connections together: one connection's worth of db/session.py's cache_size, so a
# page render keeps the cache the dashboard benchmarks were measured with (16 MiB made
# full-text queries on 200,000 stories ~35% slower), but pooled connections no longer
# hold 64 MiB each.
SQLITE_HEAP_MIB = 64


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:
        return None


_LIBC = _libc()


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (as MALLOC_ARENA_MAX does); call before threads start."""
    return bool(_LIBC and _LIBC.mallopt(M_ARENA_MAX, arenas))


def limit_sqlite_memory(engine, mib: int = SQLITE_HEAP_MIB) -> bool:
    """Cap SQLite's heap in this process (a process-wide soft limit); False when `engine`
    is not SQLite."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA soft_heap_limit={mib * 1024 * 1024}")
    return True


def give_back_free_memory() -> bool:
    """Return freed heap pages to the system (glibc's malloc_trim); cheap, a few ms."""
    return bool(_LIBC and _LIBC.malloc_trim(0))


def resident_megabytes(pid: int | str = "self") -> float:
    """Resident set size of process `pid` in MB (Linux), 0.0 when unknown."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
