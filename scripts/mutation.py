"""Mutation testing of the core modules, one module at a time (issue #14, point 2).

For each module, mutmut (requirements: mutmut==3.8.1) mutates that module alone, in a
scratch copy of the project, and runs only the test files that concern it, on SQLite,
with at most two test processes: the machine has two cores and others use them. The
score per module (killed / all mutants) is printed and written to
bench/mutation/<module>.txt with the surviving mutants' diffs, for bench/RESULTS.md.

    nice -n 19 .venv/bin/python scripts/mutation.py ingest/process.py ingest/export.py
    nice -n 19 .venv/bin/python scripts/mutation.py --list     # the modules and their tests
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# module -> the test files that concern it (SQLite only: PostgreSQL runs the same assertions)
MODULES = {
    "ingest/process.py": ["tests/test_promises_ingest.py", "tests/test_relevance.py"],
    "ingest/store.py": ["tests/test_promises_ingest.py", "tests/test_pipeline.py", "tests/test_retag.py"],
    "ingest/fetch.py": ["tests/test_fetch.py"],
    "ingest/export.py": ["tests/test_export.py", "tests/test_export_expectations.py"],
    "views/common.py": ["tests/test_promises_dashboard.py", "tests/test_dashboard.py"],
    "db/aggregates.py": ["tests/test_aggregates.py"],
}
COPIED = ["db", "ingest", "views", "tests", "dashboard.py", "config.toml", "pytest.ini", ".streamlit"]


def scratch_copy(module: str, tests: list[str]) -> Path:
    """The project's code and tests in a temporary folder, with mutmut told what to mutate."""
    folder = Path(tempfile.mkdtemp(prefix="mutation-"))
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
        elif source.exists():
            shutil.copy2(source, folder / name)
    package = module.split("/")[0]
    also_copy = [name for name in COPIED if name not in (package, "tests")]
    (folder / "setup.cfg").write_text(
        "[mutmut]\n"
        f"source_paths = {package}\n"
        f"only_mutate = {module}\n"
        "also_copy =\n" + "".join(f"    {name}\n" for name in also_copy)
        + "pytest_add_cli_args_test_selection =\n" + "".join(f"    {test}\n" for test in tests)
        + "pytest_add_cli_args =\n    -k\n    not postgresql\n    -p\n    no:cacheprovider\n")
    return folder


def mutate(module: str, children: int) -> tuple[int, int, str]:
    """(killed, total, report) for `module`."""
    folder = scratch_copy(module, MODULES[module])
    env_python = str(ROOT / ".venv" / "bin" / "python")
    try:
        run = subprocess.run([env_python, "-m", "mutmut", "run", "--max-children", str(children)], cwd=folder,
                             capture_output=True, text=True)
        results = subprocess.run([env_python, "-m", "mutmut", "results", "--all", "true"], cwd=folder,
                                 capture_output=True, text=True).stdout
        statuses = re.findall(r"^\s*(\S+): (\w[\w ]*)$", results, re.MULTILINE)
        killed = sum(1 for _, status in statuses if status == "killed")
        survivors = [name for name, status in statuses if status in ("survived", "no tests")]
        diffs = [subprocess.run([env_python, "-m", "mutmut", "show", name], cwd=folder, capture_output=True,
                                text=True).stdout for name in survivors]
        report = (f"{module}: {killed} of {len(statuses)} mutants killed\n"
                  f"tests: {' '.join(MODULES[module])}\n\n" + "\n".join(diffs)
                  + ("" if statuses else "\nmutmut said:\n" + run.stdout[-3000:] + run.stderr[-3000:]))
        return killed, len(statuses), report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all of --list)")
    parser.add_argument("--children", type=int, default=2, help="test processes at once (2: the machine's cores)")
    parser.add_argument("--list", action="store_true", help="print the modules and their test files")
    args = parser.parse_args(argv)
    if args.list:
        for module, tests in MODULES.items():
            print(f"{module}: {' '.join(tests)}")
        return 0
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        print(f"unknown module {unknown[0]!r}; one of: {', '.join(MODULES)}", file=sys.stderr)
        return 2
    out = ROOT / "bench" / "mutation"
    out.mkdir(parents=True, exist_ok=True)
    for module in args.modules or list(MODULES):
        killed, total, report = mutate(module, args.children)
        (out / (module.replace("/", "_") + ".txt")).write_text(report)
        print(f"{module}: {killed}/{total} killed ({100 * killed / max(total, 1):.0f}%)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
