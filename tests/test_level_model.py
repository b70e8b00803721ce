"""The level model: a learned second reading for actors the rules give no level, bounded so a
guess never claims a formal status, never makes an off-subject story on-subject, and shows
itself as a guess."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.config import DEFAULT_TAXONOMY_PATH
from ingest.tagging import PurePythonTagger
from ingest.tagging.levelmodel import FORMAL_CLASS, MODEL_PATH, NO_LEVEL, LevelModel, actor_features
from ingest.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
CLASSES = [NO_LEVEL, "humanitarian", FORMAL_CLASS]


def tiny_model(**weights: list[float]) -> LevelModel:
    return LevelModel(CLASSES, [0.0, 0.0, 0.0], weights, trained_on=[])


@pytest.fixture(scope="module")
def tagger():
    return PurePythonTagger(load_taxonomy(DEFAULT_TAXONOMY_PATH))


def with_model(tagger, model: LevelModel, threshold: float = 0.6):
    tagger._model, tagger._model_threshold = model, threshold
    return tagger


def test_an_act_no_trigger_holds_gets_a_guessed_level_marked_as_a_guess(tagger):
    result = tagger.tag("Uzbek convoy brings flour to flood-hit Afghan north",
                        "TERMEZ - A convoy of 40 Uzbek trucks loaded with flour and cooking oil crossed the "
                        "Friendship Bridge into Hairatan on Tuesday for families hit by floods, Uzbekistan's "
                        "emergencies ministry said.")
    (event,) = [e for e in result.engagement if e.actor == "UZB"]
    assert event.level == "humanitarian"
    assert event.rule.startswith("model:humanitarian:p=0.")
    assert "Uzbek" in event.evidence
    assert "UZB" in result.participant_ids


def test_a_formal_status_is_never_guessed():
    model = tiny_model(recognised=[0.0, 0.0, 9.0])
    assert model.guess({"recognised"}, 0.6) is None
    assert model.guess({"recognised", "aid"}, 0.6) is None


def test_a_guess_below_the_threshold_is_left_out():
    model = tiny_model(flour=[0.0, 2.0, 0.0])
    assert model.guess({"flour"}, 0.6)[0] == "humanitarian"  # e^2 / (e^2 + 2) = 0.79
    assert model.guess({"flour"}, 0.9) is None


def test_the_rules_level_is_kept_and_not_doubled_by_a_guess(tagger):
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag("Russia accredits Taliban envoy", "Moscow accepted the credentials of the Taliban's "
                       "ambassador on Monday, the Russian foreign ministry said.")
    rules = [e.rule for e in result.engagement if e.actor == "RUS"]
    assert rules and not [rule for rule in rules if rule.startswith("model:")]


def test_places_and_the_taliban_side_get_no_guess(tagger):
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag("Taliban and Pakistani envoys meet in Doha", "DOHA - Envoys of Pakistan and the "
                       "Taliban met in Doha on Monday to discuss trade, Pakistan's foreign office said.")
    guessed = {e.actor for e in result.engagement if e.rule.startswith("model:")}
    assert "QAT" not in guessed and "TALIBAN" not in guessed


def test_armed_groups_get_no_guess(tagger):
    """blind53 (read after its first run): "Sadiq back in Kabul with TTP demands" gave the TTP
    a guessed contact with Kabul; an armed group (the TTP, ISKP) is named in stories of
    engagement, never a party to it."""
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag("Pakistani envoy in Kabul with TTP demands", "KABUL - Pakistan's special envoy held talks "
                       "with the Taliban foreign minister on Monday about TTP fighters, the embassy said.")
    guessed = {e.actor for e in result.engagement if e.rule.startswith("model:")}
    assert "TTP" not in guessed


def test_a_guess_never_makes_an_off_subject_story_on_subject(tagger):
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag("Kite festival fills Hamburg park", "Families from Kabul and Hamburg flew kites in a "
                       "park on Sunday; a German choir sang.")
    assert not result.on_subject
    assert not [e for e in result.engagement if e.rule.startswith("model:")]


def test_a_taxonomy_without_a_threshold_tags_by_the_rules_alone(tmp_path):
    text = DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8")
    custom = tmp_path / "taxonomy.toml"
    custom.write_text("\n".join(line for line in text.splitlines() if not line.startswith("level_model_threshold")),
                      encoding="utf-8")
    rules_only = PurePythonTagger(load_taxonomy(custom))
    result = rules_only.tag("Uzbek convoy brings flour to flood-hit Afghan north",
                            "A convoy of 40 Uzbek trucks loaded with flour crossed into Hairatan on Tuesday for "
                            "families hit by floods, Uzbekistan's emergencies ministry said.")
    assert not [e for e in result.engagement if e.rule.startswith("model:")]


def test_features_hide_the_actors_own_name_and_read_only_its_sentences():
    text = "Uzbek trucks brought flour. China said nothing."
    features = actor_features(text, [(0, 5)], [(0, 27), (28, 47)], "participant", True)
    assert {"actorx", "flour", "actorx_trucks", "role=participant", "title=True"} <= features
    assert "uzbek" not in features and "china" not in features


def test_no_shipped_model_learned_from_the_held_out_set():
    from ingest.tagging.storymodel import RELEVANCE_MODEL_PATH, TOPIC_MODEL_PATH

    script = (ROOT / "scripts" / "train_models.py").read_text(encoding="utf-8")
    held_out = json.loads(script.split("HELD_OUT = ", 1)[1].split("\n", 1)[0].replace("'", '"'))
    for path in (MODEL_PATH, TOPIC_MODEL_PATH, RELEVANCE_MODEL_PATH):
        trained_on = json.loads(path.read_text(encoding="utf-8"))["trained_on"]
        assert trained_on and not {f"{name}_stories.toml" for name in held_out} & set(trained_on), path


def test_a_missing_model_file_is_named_with_the_way_to_make_it(tmp_path):
    with pytest.raises(ValueError, match=r"nothing\.json.*scripts/train_models\.py"):
        LevelModel.load(tmp_path / "nothing.json")


@pytest.mark.parametrize("title, summary, guessed", [
    # a donor's aid cut is no aid given (blind84's story, our own words) ...
    ("Dutch spending plan shaves Afghan aid line", "THE HAGUE - The Dutch cabinet's spending plan for next year "
     "reduces its Afghanistan allocation by a quarter as money moves to defence, the finance ministry said.", False),
    # ... unless the aid goes on in spite of the cut
    ("Dutch agency keeps paying for Herat clinics", "THE HAGUE - The Netherlands will keep paying for 30 clinics in "
     "Herat this year even though the cabinet has trimmed its Afghan budget, the aid agency said.", True),
])
def test_aid_cut_gets_no_guessed_aid(tagger, title, summary, guessed):
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag(title, summary)
    assert (("NLD", "humanitarian") in {(e.actor, e.level) for e in result.engagement}) is guessed


def test_a_state_on_the_route_aid_travelled_gets_no_guess(tagger):
    """blind85's miss (our own words): the port the medicines passed through gives nothing."""
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag("Japanese medicines reach Herat", "Twelve tonnes of medicines sent by Japan reached Herat on "
                       "Monday after travelling by sea to Iran's Bandar Abbas port and overland through Islam Qala.")
    assert "IRN" not in {e.actor for e in result.engagement}


def test_an_actor_named_only_where_something_is_yet_to_happen_gets_no_guess(tagger):
    """A real lede (session 39): "a business forum is expected to take place in Kazan in May
    ... Moscow's delegation would be led by" gave Russia a guessed contact for a forum not held."""
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag("Kazakh-Afghan business forum planned for September",
                       "A Kazakhstan-Afghanistan business forum is expected to take place in Astana in September. "
                       "Kazakhstan's delegation would be led by a deputy prime minister, an adviser said.")
    assert not [e for e in result.engagement if e.actor == "KAZ"]


def test_a_guess_still_reads_an_actor_named_where_something_happened(tagger):
    """Guard: the same forum, held."""
    eager = with_model(PurePythonTagger(tagger.taxonomy), tiny_model(actorx=[0.0, 50.0, 0.0]))
    result = eager.tag("Kazakh-Afghan business forum held in Astana",
                       "A Kazakhstan-Afghanistan business forum took place in Astana on Tuesday, drawing traders "
                       "from both countries.")
    assert [e for e in result.engagement if e.actor == "KAZ" and e.rule.startswith("model:")]


def test_an_exemption_granted_is_never_guessed_as_pressure(tagger):
    """A relief from the travel ban is the opposite of a sanction (session 39's real ledes)."""
    pressing = LevelModel([NO_LEVEL, "pressure"], [0.0, 0.0], {"actorx": [0.0, 50.0]}, trained_on=[])
    eager = with_model(PurePythonTagger(tagger.taxonomy), pressing)
    granted = eager.tag("UN committee grants travel ban exemption to Taliban minister",
                        "The UN sanctions committee granted the Taliban's trade minister an exemption from the travel "
                        "ban so he can attend a conference.")
    assert not [e for e in granted.engagement if e.actor == "UN" and e.level == "pressure"]
    refused = eager.tag("UN committee turns down Taliban minister's trip",
                        "The UN sanctions committee said on Monday the Taliban's trade minister may not travel to a "
                        "conference in Tashkent.")
    assert [e for e in refused.engagement if e.actor == "UN" and e.level == "pressure"]
