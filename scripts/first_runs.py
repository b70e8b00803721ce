"""Every blind set's first run, and the first runs of the latest sets pooled: a steadier
estimate than one set of 15 decoys and 55 stories gives (one decoy kept is 1 in 15,
above the 1 in 20 #15 allows, whatever the rate behind it).

Each first run was made on the code of its day, before anything in its set was read,
so pooling them estimates how the tagger does on unseen stories over those sessions,
not what today's code would score on them (today's code was tuned on all of them).
General sets (relevant stories and decoys) and trap sets (formal-status traps, no
decoys) are pooled apart. Engagement pairs and decoys are summed; topic F1 (the files
keep no topic counts) is the mean over the sets. The held-out clustering sets' first runs
(cluster_heldout*_first_run.txt) are pooled the same way, as pairs of stories.

    .venv/bin/python scripts/first_runs.py --last 10
"""
import argparse
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
_RELEVANCE = re.compile(r"decoys kept (\d+)/(\d+), relevant dropped (\d+)")
_TOPICS = re.compile(r"^topics .*F1 ([0-9.]+)", re.MULTILINE)
_PAIRS = re.compile(r"\((\d+) right, (\d+) missed, (\d+) wrong\)")
_OVERSTATED = re.compile(r"formal status overstated: (\d+)")
_CLUSTER_PAIRS = re.compile(r"together right (\d+), wrong (\d+); apart wrong (\d+)")


@dataclass
class FirstRun:
    number: int
    decoys_kept: int
    decoys: int
    dropped: int
    topics_f1: float
    right: int
    missed: int
    wrong: int
    overstated: int

    @property
    def is_trap_set(self) -> bool:
        return self.decoys == 0


def read_first_run(path: Path) -> FirstRun | None:
    """The first `evaluate` block of a first-run file; None when it holds no such block."""
    named = re.fullmatch(r"blind(\d+)_first_run\.txt", path.name)
    if named is None:  # blind_first_run.txt (the first, unnumbered set), a draft's run
        return None
    text = path.read_text()
    found = [pattern.search(text) for pattern in (_RELEVANCE, _TOPICS, _PAIRS, _OVERSTATED)]
    if not all(found):
        return None
    relevance, topics, pairs, overstated = found
    return FirstRun(int(named.group(1)), *map(int, relevance.groups()), float(topics.group(1)),
                    *map(int, pairs.groups()), int(overstated.group(1)))


def all_first_runs(folder: Path = DATA) -> list[FirstRun]:
    runs = [read_first_run(path) for path in folder.glob("blind*_first_run.txt")]
    return sorted((run for run in runs if run is not None), key=lambda run: run.number)


def pooled(runs: list[FirstRun]) -> dict[str, float | int]:
    right, missed, wrong = (sum(getattr(run, name) for run in runs) for name in ("right", "missed", "wrong"))
    return {
        "sets": len(runs),
        "found": right / max(right + missed, 1),
        "right": right / max(right + wrong, 1),
        "topics_f1_mean": sum(run.topics_f1 for run in runs) / max(len(runs), 1),
        "overstated": sum(run.overstated for run in runs),
        "decoys_kept": sum(run.decoys_kept for run in runs),
        "decoys": sum(run.decoys for run in runs),
        "dropped": sum(run.dropped for run in runs),
    }


def describe(kind: str, runs: list[FirstRun]) -> str:
    figures = pooled(runs)
    names = f"blind{runs[0].number} to blind{runs[-1].number}" if runs else "none"
    line = (f"{kind}: {figures['sets']} first runs ({names}): found {figures['found']:.3f}, "
            f"right {figures['right']:.3f}, topics F1 (mean) {figures['topics_f1_mean']:.3f}, "
            f"overstated {figures['overstated']}")
    if kind == "general":
        line += (f", decoys kept {figures['decoys_kept']}/{figures['decoys']}, "
                 f"relevant dropped {figures['dropped']}")
    return line


def cluster_first_runs(folder: Path = DATA) -> list[tuple[int, int, int, int]]:
    """(set number, pairs together right, together wrong, apart wrong) of each numbered
    held-out clustering set's first run (its first `evaluate` block), in set order."""
    runs = []
    for path in folder.glob("cluster_heldout*_first_run.txt"):
        named = re.fullmatch(r"cluster_heldout(\d+)_first_run\.txt", path.name)
        found = _CLUSTER_PAIRS.search(path.read_text()) if named else None
        if found:
            runs.append((int(named.group(1)), *map(int, found.groups())))
    return sorted(runs)


def describe_clusters(runs: list[tuple[int, int, int, int]]) -> str:
    right, wrong, apart = (sum(run[i] for run in runs) for i in (1, 2, 3))
    names = f"heldout{runs[0][0]} to heldout{runs[-1][0]}" if runs else "none"
    return (f"clustering: {len(runs)} first runs ({names}): pairwise precision {right / max(right + wrong, 1):.3f}, "
            f"recall {right / max(right + apart, 1):.3f} ({right} together right, {wrong} wrong, {apart} apart)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--last", type=int, default=10, help="pool the latest N sets of each kind (default 10)")
    args = parser.parse_args()
    runs = all_first_runs()
    for run in runs:
        kind = "traps  " if run.is_trap_set else "general"
        print(f"blind{run.number:<4} {kind} found {run.right / max(run.right + run.missed, 1):.3f} "
              f"right {run.right / max(run.right + run.wrong, 1):.3f} topics {run.topics_f1:.3f} "
              f"overstated {run.overstated} decoys {run.decoys_kept}/{run.decoys} dropped {run.dropped}")
    print()
    print(describe("general", [run for run in runs if not run.is_trap_set][-args.last:]))
    print(describe("traps", [run for run in runs if run.is_trap_set][-args.last:]))
    print(describe_clusters(cluster_first_runs()[-args.last:]))


if __name__ == "__main__":
    main()
