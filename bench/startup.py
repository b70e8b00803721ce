"""Start-up: the whole command, as a user runs it, from process start to exit.

`python -m ingest --help` and `python -m ingest feeds` on a migrated, seeded SQLite
database with one feed, against `python -c pass` (the interpreter alone) and
`python -c "import sqlalchemy"` (the floor for any command that opens the database) on
the same machine. Each is run 15 times after one warm-up run (the page cache).

The figure held against the target is the command's CPU time (user + system), best of
the runs: on a machine shared with other work, wall time measures the neighbours too,
and the best run is the one they disturbed least. The median wall time is shown beside
it, with the load average while the benchmark ran.

    .venv/bin/python bench/startup.py
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, write_results

TARGETS = {"--help": 0.4, "feeds": 0.6}
RUNS = 15


def timed(command: list[str]) -> tuple[float, float]:
    """(best CPU seconds, median wall seconds) of `command` over RUNS runs."""
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # warm-up
    cpu, wall = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(cpu), statistics.median(wall)


def seeded_config() -> Path:
    folder = Path(tempfile.mkdtemp())
    config = folder / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{folder}/monitor.db"\n[scheduler]\nstart_in_dashboard = false\n'
                      '[[feeds]]\nname = "Local"\nurl = "http://127.0.0.1:9/feed.xml"\n')
    subprocess.run([sys.executable, "-m", "ingest", "seed", "--config", str(config)], cwd=ROOT, check=True,
                   capture_output=True)
    return config


def main() -> None:
    config = seeded_config()
    load_before = os.getloadavg()
    lines = ["| command | CPU, best of 15 (s) | wall, median of 15 (s) | target, CPU (s) | |",
             "| --- | ---: | ---: | ---: | --- |"]
    for label, command in (("`python -c pass`", [sys.executable, "-c", "pass"]),
                           ('`python -c "import sqlalchemy"`', [sys.executable, "-c", "import sqlalchemy"])):
        cpu, wall = timed(command)
        lines.append(f"| {label} (reference) | {cpu:.2f} | {wall:.3f} | | |")
    for label, args in (("--help", ["--help"]), ("feeds", ["feeds", "--config", str(config)])):
        cpu, wall = timed([sys.executable, "-m", "ingest", *args])
        lines.append(f"| `python -m ingest {label}` | {cpu:.2f} | {wall:.3f} | < {TARGETS[label]} | "
                     f"{'met' if cpu < TARGETS[label] else 'NOT met'} |")
        print(lines[-1], flush=True)
    load_after = os.getloadavg()
    lines += ["", f"Load average (1 min) {load_before[0]:.2f} at the start and {load_after[0]:.2f} at the end, "
                  f"on {os.cpu_count()} cores. CPU times are counted in 10 ms steps."]
    write_results("Start-up", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
