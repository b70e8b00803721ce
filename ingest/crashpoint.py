"""Where crash tests kill the process on purpose (scripts/crash_test.py --in-write).

With MONITOR_CRASH_PAUSE=S in the environment, each point of the write phase says on
stderr where it is ("crash-point uncommitted": rows written, transaction still open;
"crash-point committed": between two commits; "crash-point sent": a channel took an
alert and the outbox has not recorded it yet) and waits S seconds, so a test can SIGKILL
the process exactly there instead of at a random moment that rarely lands mid-write.
MONITOR_CRASH_AT=sent,... limits the pauses to those points (the others pass at once).
Unset (always, outside tests) it costs one comparison.
"""
from __future__ import annotations

import os
import sys
import time

_PAUSE = float(os.environ.get("MONITOR_CRASH_PAUSE", "0") or 0)
_AT = frozenset(filter(None, os.environ.get("MONITOR_CRASH_AT", "").split(",")))


def crash_point(stage: str) -> None:
    if _PAUSE and (not _AT or stage in _AT):
        print(f"crash-point {stage}", file=sys.stderr, flush=True)
        time.sleep(_PAUSE)
