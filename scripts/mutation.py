"""Mutation testing of the modules that carry promises, one module at a time (issue #14, point 2).

For each target, mutmut (requirements: mutmut==3.8.1) mutates one module, in a scratch
copy of the project, and runs only the test files that concern it, on SQLite, with at
most two test processes: the machine has two cores and others use them. A target may
name the functions that carry its promise; the module's other functions are then left
unmutated (a `# pragma: no mutate block` on their header, in the scratch copy only), so
a slow module is measured where it matters. The score (killed / all mutants, a timeout
counting as killed) is printed and written with the surviving mutants' diffs to
bench/mutation/<target>.txt; bench/mutation/<target>.md explains each survivor.

    nice -n 19 .venv/bin/python scripts/mutation.py ingest/process.py views/common.py
    nice -n 19 .venv/bin/python scripts/mutation.py --list     # the targets and their tests
"""
from __future__ import annotations

import argparse
import ast
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    module: str
    tests: tuple[str, ...]  # the test files that concern it (SQLite only: PostgreSQL runs the same assertions)
    functions: tuple[str, ...] = ()  # only these ("name" or "Class.name"); () means the whole module
    deselect: str = ""  # a pytest -k expression of tests left out (too slow to run for every mutant)


TARGETS = {
    "ingest/process.py": Target("ingest/process.py", (
        "tests/test_process.py", "tests/test_promises_ingest.py", "tests/test_relevance.py", "tests/test_dedup.py",
        "tests/test_properties.py", "tests/test_status.py::test_a_restated_recognition_counts_from_its_own_date",
        "tests/test_clustering.py::test_outlets_reporting_one_event_share_a_cluster_and_near_misses_do_not")),
    # The dashboard's safety helpers: feed text shown inert, links limited to the web, the
    # admin secret; the rest of views/common.py is Streamlit caching, run by the page tests.
    "views/common.py": Target("views/common.py", ("tests/test_safe_text.py", "tests/test_promises_dashboard.py"),
                              ("escape_markdown", "highlight", "safe_link", "trigger_phrase", "format_day",
                               "check_admin", "admin_secret")),
    "ingest/export.py": Target("ingest/export.py", (
        "tests/test_export_formats.py", "tests/test_export.py", "tests/test_export_expectations.py",
        "tests/test_clustering.py::test_event_row_counts_outlets_and_export_by_event_writes_one_row_each")),
    # Backoff and the next poll's plan (the scheduler's promise: errors back off, hints are honoured).
    # test_polling.py's two day-long simulations (about 30 s each) are left out: every
    # surviving mutant would run them; the rules they exercise are in test_polling_plan.py.
    "ingest/polling.py": Target("ingest/polling.py", (
        "tests/test_polling_plan.py", "tests/test_polling.py",
        "tests/test_promises_ingest.py::test_backoff_doubles_from_the_interval_and_stops_at_the_cap"),
        deselect="polled_as_often_as_it_posts or falls_quiet"),
    # Storage and corrections; the clustering glue (_cluster, _levels_of) is clustering's,
    # bulk-insert plumbing (_chunks, _content_hash) shows through the functions kept.
    "ingest/store.py": Target("ingest/store.py", (
        "tests/test_store.py", "tests/test_promises_ingest.py", "tests/test_pipeline.py", "tests/test_retag.py",
        "tests/test_process.py::test_an_event_restated_by_a_story_is_dated_from_the_storys_own_date"),
        ("store_items", "KnownStories.load", "KnownStories.same_story", "KnownStories.remember", "_insert_stories",
         "_insert_sources", "_insert_tags", "event_date", "_update_story", "write_tags"),
        deselect="worker or silent_host or killed_once"),
    # Analysts' corrections (split from ingest/store.py): recorded, applied, kept over retags.
    "ingest/tag_corrections.py": Target("ingest/tag_corrections.py", (
        "tests/test_store.py", "tests/test_retag.py"), deselect="worker or silent_host or killed_once"),
    # The aggregates equal a recount after every kind of write. Of test_store.py only the
    # tests that recount after an edit or a correction: the rest (about 25 s a run) store
    # through the same functions and would run for every mutant without checking the counts.
    "db/aggregates.py": Target("db/aggregates.py", (
        "tests/test_aggregates.py", "tests/test_aggregates_boundaries.py",
        "tests/test_store.py::test_a_correction_keeps_the_aggregates_and_statuses_true",
        "tests/test_store.py::test_an_edited_item_carries_exactly_the_tags_of_its_new_text",
        "tests/test_store.py::test_an_edit_keeps_the_analysts_word_over_the_taggers")),
    # The fetch contract, and the guarded pool's check of every connection (test_feeds.py's
    # dashboard-feed tests; its config-editing tests do not fetch and are left out).
    "ingest/fetch.py": Target("ingest/fetch.py", (
        "tests/test_fetch.py", "tests/test_fetch_contract.py",
        "tests/test_feeds.py::test_unsafe_urls_are_refused",
        "tests/test_feeds.py::test_a_dashboard_feed_that_redirects_to_a_private_address_is_blocked",
        "tests/test_feeds.py::test_dns_that_changes_after_the_check_is_caught_at_connect",
        "tests/test_feeds.py::test_allow_private_feed_urls_lets_dashboard_feeds_reach_local_hosts")),
}
COPIED = ["db", "ingest", "views", "tests", "dashboard.py", "config.toml", "pytest.ini", ".streamlit"]
KILLED = ("killed", "timeout")


def scratch_copy(target: Target, without: tuple[str, ...] = ()) -> Path:
    """The project's code and tests in a temporary folder, with mutmut told what to mutate."""
    folder = Path(tempfile.mkdtemp(prefix="mutation-"))
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
        elif source.exists():
            shutil.copy2(source, folder / name)
    if target.functions:
        module = folder / target.module
        module.write_text(leave_unmutated(module.read_text(), target.functions))
    package = target.module.split("/")[0]
    also_copy = [name for name in COPIED if name not in (package, "tests")]
    tests = tests_run(target, without)
    deselect = "not postgresql" + (f" and not ({target.deselect})" if target.deselect else "")
    (folder / "setup.cfg").write_text(
        "[mutmut]\n"
        f"source_paths = {package}\n"
        f"only_mutate = {target.module}\n"
        "also_copy =\n" + "".join(f"    {name}\n" for name in also_copy)
        + "pytest_add_cli_args_test_selection =\n" + "".join(f"    {test}\n" for test in tests)
        + f"pytest_add_cli_args =\n    -k\n    {deselect}\n    -p\n    no:cacheprovider\n")
    return folder


def tests_run(target: Target, without: tuple[str, ...]) -> list[str]:
    """The target's test files that exist (a "before" run precedes the new ones), less `without`."""
    return [test for test in target.tests if (ROOT / test.split("::")[0]).exists() and test not in without]


def leave_unmutated(source: str, keep: tuple[str, ...]) -> str:
    """`source` with a `# pragma: no mutate block` on the header of every function that
    is not in `keep` (so mutmut leaves its body alone)."""
    tree = ast.parse(source)
    functions = {prefix + node.name: node
                 for node, prefix in [(n, "") for n in tree.body]
                 + [(m, n.name + ".") for n in tree.body if isinstance(n, ast.ClassDef) for m in n.body]
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    unknown = sorted(set(keep) - set(functions))
    if unknown:
        raise SystemExit(f"no function {unknown[0]!r} in this module")
    headers = [_header_end_line(source, node) for name, node in functions.items() if name not in keep]
    lines = source.splitlines(keepends=True)
    for line in headers:
        text = lines[line - 1].rstrip("\n")
        lines[line - 1] = (text.split("  #")[0] if "  #" in text else text) + "  # pragma: no mutate block\n"
    return "".join(lines)


def _header_end_line(source: str, node: ast.FunctionDef) -> int:
    """The line of the colon that ends `node`'s signature."""
    depth = 0
    start = node.decorator_list[-1].end_lineno + 1 if node.decorator_list else node.lineno
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.start[0] < start:
            continue
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif token.type == tokenize.OP and token.string == ":" and depth == 0:
            return token.start[0]
    raise ValueError(f"no header end for {node.name}")


def mutate(target: Target, children: int, without: tuple[str, ...] = ()) -> tuple[int, int, str]:
    """(killed, total, report) for `target`, its test files in `without` left out."""
    tests = tests_run(target, without)  # as scratch_copy sees them: test files written during the run are not run
    folder = scratch_copy(target, without)
    env_python = str(ROOT / ".venv" / "bin" / "python")
    started = time.monotonic()
    try:
        run = subprocess.run([env_python, "-m", "mutmut", "run", "--max-children", str(children)], cwd=folder,
                             capture_output=True, text=True)
        results = subprocess.run([env_python, "-m", "mutmut", "results", "--all", "true"], cwd=folder,
                                 capture_output=True, text=True).stdout
        statuses = re.findall(r"^\s*(\S+): (\w[\w ]*)$", results, re.MULTILINE)
        killed = sum(1 for _, status in statuses if status in KILLED)
        survivors = [name for name, status in statuses if status not in KILLED]
        diffs = [f"# {dict(statuses)[name]}\n" + subprocess.run(
            [env_python, "-m", "mutmut", "show", name], cwd=folder, capture_output=True, text=True).stdout
            for name in survivors]
        report = (f"{target.module}: {killed} of {len(statuses)} mutants killed "
                  f"({', '.join(f'{n} {s}' for s, n in Counter(s for _, s in statuses).most_common())}; "
                  f"{(time.monotonic() - started) / 60:.0f} min)\n"
                  + (f"functions mutated: {' '.join(target.functions)}\n" if target.functions else "")
                  + f"tests: {' '.join(tests)}"
                  + (f" (-k 'not ({target.deselect})')" if target.deselect else "") + "\n\nby function (killed/mutants):\n"
                  + "".join(f"  {name}: {n_killed}/{n}\n" for name, (n_killed, n) in by_function(statuses).items())
                  + "\n" + "\n".join(diffs)
                  + ("" if statuses else "\nmutmut said:\n" + run.stdout[-3000:] + run.stderr[-3000:]))
        return killed, len(statuses), report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def by_function(statuses: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Mutants killed and counted per mutated function (mutmut's names: module.x_name__mutmut_N,
    module.xǁClassǁmethod__mutmut_N)."""
    counts: dict[str, list[int]] = {}
    for name, status in statuses:
        mangled = name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]
        function = mangled[2:].replace("ǁ", ".") if mangled.startswith("xǁ") else mangled.removeprefix("x_")
        tally = counts.setdefault(function, [0, 0])
        tally[0] += status in KILLED
        tally[1] += 1
    return {name: (k, n) for name, (k, n) in sorted(counts.items())}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all of --list)")
    parser.add_argument("--children", type=int, default=2, help="test processes at once (2: the machine's cores)")
    parser.add_argument("--list", action="store_true", help="print the targets and their test files")
    parser.add_argument("--without", nargs="+", default=(), metavar="TEST_FILE",
                        help="leave these of the targets' test files out (to measure the score before new tests)")
    parser.add_argument("--suffix", default="", help="added to the report's name (e.g. -before)")
    parser.add_argument("--functions", nargs="+", default=(), metavar="NAME",
                        help="mutate only these functions of the one module given (re-measure where tests were added)")
    args = parser.parse_args(argv)
    if args.list:
        for target in TARGETS.values():
            only = f" (only {', '.join(target.functions)})" if target.functions else ""
            print(f"{target.module}{only}: {' '.join(target.tests)}")
        return 0
    unknown = [m for m in args.modules if m not in TARGETS]
    if unknown:
        print(f"unknown module {unknown[0]!r}; one of: {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    out = ROOT / "bench" / "mutation"
    out.mkdir(parents=True, exist_ok=True)
    if args.functions and len(args.modules) != 1:
        print("--functions needs exactly one module", file=sys.stderr)
        return 2
    for module in args.modules or list(TARGETS):
        target = replace(TARGETS[module], functions=tuple(args.functions)) if args.functions else TARGETS[module]
        killed, total, report = mutate(target, args.children, tuple(args.without))
        (out / (module.replace("/", "_") + args.suffix + ".txt")).write_text(report)
        print(f"{module}: {killed}/{total} killed ({100 * killed / max(total, 1):.0f}%)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
