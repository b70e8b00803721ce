"""Keep a long-running process's memory flat: fewer malloc arenas, freed memory given back.

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
