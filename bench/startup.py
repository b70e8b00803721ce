"""Start-up: the whole command, as a user runs it, from process start to exit.

`python -m ingest --help` and `python -m ingest feeds` on a migrated, seeded SQLite
database with one feed, against `python -c pass` (the interpreter alone) on the same
machine. Median of 7 runs each, after one warm-up run (the page cache).

    .venv/bin/python bench/startup.py
"""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, write_results

TARGETS = {"--help": 0.4, "feeds": 0.6}
RUNS = 7


def timed(command: list[str]) -> float:
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    config = folder / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{folder}/monitor.db"\n[scheduler]\nstart_in_dashboard = false\n'
                      '[[feeds]]\nname = "Local"\nurl = "http://127.0.0.1:9/feed.xml"\n')
    subprocess.run([sys.executable, "-m", "ingest", "seed", "--config", str(config)], cwd=ROOT, check=True,
                   capture_output=True)
    interpreter = timed([sys.executable, "-c", "pass"])
    lines = [f"Interpreter alone (`python -c pass`): {interpreter:.3f} s.", "",
             "| command | median of 7 (s) | target (s) | |", "| --- | ---: | ---: | --- |"]
    for label, args in (("--help", ["--help"]), ("feeds", ["feeds", "--config", str(config)])):
        seconds = timed([sys.executable, "-m", "ingest", *args])
        lines.append(f"| `python -m ingest {' '.join(args[:1])}` | {seconds:.3f} | < {TARGETS[label]} | "
                     f"{'met' if seconds < TARGETS[label] else 'NOT met'} |")
        print(lines[-1], flush=True)
    write_results("Start-up", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
