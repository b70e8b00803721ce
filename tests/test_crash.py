"""Crash safety: SIGKILL during `once` never leaves a partial story (scripts/crash_test.py;
the README reports the full 50-kill run)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_sigkill_during_once_leaves_whole_stories_and_the_next_run_completes():
    result = subprocess.run([sys.executable, "scripts/crash_test.py", "--kills", "5", "--feeds", "15", "--items", "20"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 SIGKILLs" in result.stdout and "exactly the reference" in result.stdout
