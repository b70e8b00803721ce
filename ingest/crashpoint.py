"""Where crash tests kill the process on purpose (scripts/crash_test.py --in-write).

With MONITOR_CRASH_PAUSE=S in the environment, each point of the write phase says on
stderr where it is ("crash-point uncommitted": rows written, transaction still open;
"crash-point committed": between two commits) and waits S seconds, so a test can SIGKILL
the process exactly there instead of at a random moment that rarely lands mid-write.
Unset (always, outside tests) it costs one comparison.
"""
from __future__ import annotations

import os
import sys
import time

_PAUSE = float(os.environ.get("MONITOR_CRASH_PAUSE", "0") or 0)


def crash_point(stage: str) -> None:
    if _PAUSE:
        print(f"crash-point {stage}", file=sys.stderr, flush=True)
        time.sleep(_PAUSE)
