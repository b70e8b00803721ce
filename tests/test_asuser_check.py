"""scripts/asuser_check.py: a labelled set served as feeds on 127.0.0.1, run through `once`
and `export` as commands, scored from the export (what a user of the monitor gets)."""
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "asuser_check.py"

STORIES = '''
[[stories]]
id = "t-001"
classes = ["plain"]
published = "2026-03-02"
title = "Uzbekistan signs rail transit deal with Taliban government"
summary = "TASHKENT (Reuters) - Uzbekistan signed a rail transit agreement with the Taliban government on Monday."
relevant = true
participants = ["UZB"]
mentioned = []
places = []
topics = ["trade_transit"]
engagement = { UZB = ["high_level_contact"] }

[[stories]]
id = "t-002"
classes = ["decoy"]
published = "2026-03-02"
title = "Kabul Kitchen opens a second restaurant in Leeds"
summary = "The family-run Kabul Kitchen opened a second branch in Leeds on Saturday, serving kabuli pulao."
relevant = false
'''


def load_script():
    spec = importlib.util.spec_from_file_location("asuser_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_story_set_is_scored_from_what_the_commands_store_and_export(tmp_path, capsys):
    labelled = tmp_path / "tiny_stories.toml"
    labelled.write_text(STORIES, encoding="utf-8")
    load_script().main([str(labelled)])
    report = capsys.readouterr().out
    assert "2 labelled, 1 stored and exported" in report
    assert "decoys kept 0/1, relevant dropped 0/1" in report
    assert "(1 right, 0 missed, 0 wrong)" in report
