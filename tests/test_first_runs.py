"""scripts/first_runs.py: the first runs of blind sets pooled, general and trap sets apart,
so a rate such as "at most 1 decoy in 20" is judged on more than one set's 15 decoys."""
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "first_runs.py"


def load_script():
    spec = importlib.util.spec_from_file_location("first_runs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_run_text(decoys: str, topics_f1: str, pairs: str, overstated: int) -> str:
    """A first-run file as `evaluate --quiet` writes it, then a later block that must not count."""
    return (f"# first run of a set, before any miss was read\n"
            f"labelled stories: 70\n"
            f"relevance         accuracy 0.986  (69/70 stories; {decoys})\n"
            f"topics            precision 0.900  recall 0.900  F1 {topics_f1}\n"
            f"engagement pairs  found 0.9 of labelled, right 0.9 of emitted  ({pairs})\n"
            f"formal status overstated: {overstated} (actor, story) pairs\n"
            f"# as a user\n"
            f"relevance         decoys kept 9/15, relevant dropped 9\n"
            f"engagement pairs  found 0.1 of labelled, right 0.1 of emitted  (1 right, 99 missed, 99 wrong)\n")


def test_general_sets_pool_decoys_and_pairs_and_trap_sets_stay_apart(tmp_path):
    (tmp_path / "blind7_first_run.txt").write_text(
        first_run_text("decoys kept 1/15, relevant dropped 0", "0.900", "40 right, 10 missed, 5 wrong", 0))
    (tmp_path / "blind9_first_run.txt").write_text(
        first_run_text("decoys kept 0/15, relevant dropped 1", "0.800", "50 right, 0 missed, 5 wrong", 1))
    (tmp_path / "blind8_first_run.txt").write_text(
        first_run_text("decoys kept 0/0, relevant dropped 0", "0.700", "10 right, 10 missed, 10 wrong", 4))
    (tmp_path / "blind_first_run.txt").write_text("an unnumbered set's run, not counted\n")
    script = load_script()

    runs = script.all_first_runs(tmp_path)
    general = script.pooled([run for run in runs if not run.is_trap_set])
    traps = script.pooled([run for run in runs if run.is_trap_set])

    assert [run.number for run in runs] == [7, 8, 9]
    assert (general["decoys_kept"], general["decoys"], general["dropped"]) == (1, 30, 1)
    assert general["found"] == 90 / 100 and general["right"] == 90 / 100
    assert abs(general["topics_f1_mean"] - 0.85) < 1e-9
    assert (general["overstated"], traps["overstated"], traps["sets"]) == (1, 4, 1)


def test_the_summary_names_the_sets_pooled(tmp_path):
    for number in (10, 12, 14):
        (tmp_path / f"blind{number}_first_run.txt").write_text(
            first_run_text("decoys kept 1/15, relevant dropped 0", "0.900", "9 right, 1 missed, 0 wrong", 0))
    script = load_script()

    latest_two = [run for run in script.all_first_runs(tmp_path) if not run.is_trap_set][-2:]

    assert script.describe("general", latest_two) == (
        "general: 2 first runs (blind12 to blind14): found 0.900, right 1.000, topics F1 (mean) 0.900, "
        "overstated 0, decoys kept 2/30, relevant dropped 0")


def test_a_file_without_an_evaluate_block_is_skipped(tmp_path):
    (tmp_path / "blind3_first_run.txt").write_text("# run lost; see the notes\n")

    assert load_script().all_first_runs(tmp_path) == []


def test_clustering_first_runs_pool_pairs_of_the_latest_sets(tmp_path):
    for number, pairs in ((5, "together right 30, wrong 0; apart wrong 10"), (6, "together right 40, wrong 2; apart wrong 0"),
                          (7, "together right 20, wrong 0; apart wrong 20")):
        (tmp_path / f"cluster_heldout{number}_first_run.txt").write_text(
            f"# first run\nevent clustering (held out): 51 stories\n  pairwise precision 1.000  recall 0.750  ({pairs})\n"
            "# as a user\npairwise precision 0.1  recall 0.1  (together right 1, wrong 99; apart wrong 99)\n")
    (tmp_path / "cluster_heldout9_second_run.txt").write_text("(together right 99, wrong 99; apart wrong 99)\n")
    script = load_script()

    latest_two = script.cluster_first_runs(tmp_path)[-2:]

    assert latest_two == [(6, 40, 2, 0), (7, 20, 0, 20)]
    assert script.describe_clusters(latest_two) == (
        "clustering: 2 first runs (heldout6 to heldout7): pairwise precision 0.968, recall 0.750 "
        "(60 together right, 2 wrong, 20 apart)")
