"""The story models: topics the phrases missed or got wrong, and stories very unlikely to be
about Afghanistan's relations, each bounded so a guess shows as one and never empties a story."""
from __future__ import annotations

import pytest

from ingest.config import DEFAULT_TAXONOMY_PATH
from ingest.process import off_subject
from ingest.tagging import PurePythonTagger
from ingest.tagging.storymodel import RELEVANT, LabelModels, revised_topics, story_features
from ingest.taxonomy import load_taxonomy

SUMMARY = ("Pakistan's commerce ministry said on Monday that 400 lorries of fruit had crossed at Torkham after "
           "officials of both sides agreed new customs hours, the first such deal since the spring.")


@pytest.fixture()
def tagger():
    return PurePythonTagger(load_taxonomy(DEFAULT_TAXONOMY_PATH))


def test_a_sure_topic_is_added_and_a_near_impossible_one_dropped_but_never_the_last():
    belief = {"trade_transit": 0.9, "border_conflict": 0.05, "recognition": 0.02}
    assert revised_topics(["border_conflict"], belief, 0.5, 0.1) == (["trade_transit"], ["border_conflict"])
    assert revised_topics(["border_conflict"], {"border_conflict": 0.05}, 0.5, 0.1) == ([], [])
    assert revised_topics(["recognition"], belief, 0.95, 0.01) == ([], [])


def test_a_topic_a_phrase_points_to_is_added_as_a_guess_and_one_no_phrase_names_is_not(tagger):
    tagger._topic_models = LabelModels(["women_rights", "data_security"], [-5.0, -5.0],
                                       {"t:lorries": [9.0, 9.0]}, [])
    tagger._topic_add, tagger._topic_drop = 0.5, 0.1
    rules_only = PurePythonTagger(tagger.taxonomy)
    rules_only._topic_models = None
    summary = SUMMARY + " Two of the drivers were women."
    assert "women_rights" not in rules_only.tag("Fruit lorries roll again at the border",
                                                summary).topic_ids  # "women": a phrase too weak alone
    result = tagger.tag("Fruit lorries roll again at the border", summary)
    (guess,) = [t for t in result.topics if t.topic == "women_rights"]
    assert guess.rule.startswith("model:women_rights:p=") and guess.evidence == "Two of the drivers were women."
    assert "data_security" not in result.topic_ids  # no phrase of it in the story


def test_a_story_the_relevance_model_rules_out_is_left_out_as_off_subject(tagger):
    tagger._relevance_model = LabelModels([RELEVANT], [0.0], {"t:lorries": [-9.0]}, [])
    tagger._relevance_floor = 0.3
    result = tagger.tag("Fruit lorries roll again at the border", SUMMARY)
    assert result.unlikely_ours and off_subject(SUMMARY, result)
    kept = tagger.tag("Fruit trucks roll again at the border", SUMMARY)
    assert not kept.unlikely_ours and not off_subject(SUMMARY, kept)


def test_the_shipped_relevance_model_keeps_a_plain_story_of_ours(tagger):
    result = tagger.tag("Kazakhstan and Taliban sign rail deal in Kabul",
                        "Kazakhstan's transport minister and Taliban officials signed an agreement in Kabul on "
                        "Tuesday to build a railway line from Herat to the Turkmen border.")
    assert not result.unlikely_ours


def test_a_taxonomy_without_the_settings_uses_no_story_model(tmp_path):
    text = DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8")
    custom = tmp_path / "taxonomy.toml"
    custom.write_text("\n".join(line for line in text.splitlines()
                                if not line.startswith(("topic_model_", "relevance_model_"))), encoding="utf-8")
    rules_only = PurePythonTagger(load_taxonomy(custom))
    assert rules_only._topic_models is None and rules_only._relevance_model is None


def test_story_features_mark_title_words_and_pairs():
    features = story_features("Fruit lorries", "Lorries crossed at Torkham.")
    assert {"t:fruit", "t:lorries", "fruit_lorries", "lorries_crossed", "torkham"} <= features
    assert "t:torkham" not in features


def test_news_set_in_afghanistan_is_never_ruled_out_by_the_relevance_model(tagger):
    tagger._relevance_model = LabelModels([RELEVANT], [-9.0], {}, [])  # would rule out every story
    tagger._relevance_floor = 0.3
    for title in ("Earthquake flattens villages in Afghanistan's Paktika", "Bomb kills four at Jalalabad market"):
        assert not tagger.tag(title, "Dozens of people were hurt, officials said on Wednesday.").unlikely_ours
    assert tagger.tag("Afghan-born poet wins Melbourne prize", "The poet read from her debut on Friday.").unlikely_ours


def test_a_place_where_someone_once_served_sets_no_story_in_afghanistan(tagger):
    """blind72's decoy (issue #15): a Danish election winner "who served in Helmand" is Danish news."""
    tagger._relevance_model = LabelModels([RELEVANT], [-9.0], {}, [])
    tagger._relevance_floor = 0.3
    assert tagger.tag("Danish vote sends ex-sergeant who served in Helmand to parliament",
                      "Results on Wednesday showed a former army sergeant winning a seat in Aarhus.").unlikely_ours
    # blind67, blind69 and blind63's decoys: where veterans fought, and a war's two theatres
    for title in ("Estonian Helmand veterans gather in Tallinn for anniversary",
                  "Navy retires patrol aircraft that flew over Afghanistan and Iraq"):
        assert tagger.tag(title, "Hundreds attended the ceremony on Saturday.").unlikely_ours


def test_a_story_of_the_talibans_home_affairs_needs_the_model_surer_than_one_naming_a_partner(tagger):
    """A decree on Kabul's taxi ranks names no one abroad and reads no act: kept only when the
    relevance model is sure; the same belief keeps a story in which a foreign state acts."""
    tagger._relevance_model = LabelModels([RELEVANT], [0.0], {}, [])  # believes every story at 0.5
    tagger._relevance_floor, tagger._home_floor, tagger._home_floor_in_scene = 0.3, 0.65, 0.5
    home = tagger.tag("Taliban set new fares for Kabul taxi ranks",
                      "Taxi drivers in Kabul must charge fixed fares from next month, a Taliban transport "
                      "ministry spokesman said on Sunday.")
    assert home.unlikely_ours
    abroad = tagger.tag("Uzbekistan and Taliban agree new fares for Kabul-Termez buses",
                        "Uzbekistan's transport ministry and Taliban officials agreed fixed fares for the "
                        "Kabul-Termez bus route on Sunday, the ministry said.")
    assert not abroad.unlikely_ours
    blast = tagger.tag("Blast at Shibirghan vegetable market kills nine",
                       "A bomb hidden in a cart exploded at a vegetable market in Shibirghan on Monday, killing nine "
                       "people, a Taliban police spokesman said.")
    assert not blast.unlikely_ours  # an attack in a district no setting lists: news from Afghanistan, kept
    herat = tagger.tag("Internet shutdown lifted in Herat",
                       "Fibre-optic service came back in Herat on Thursday, lifting a blackout that had left banks "
                       "offline, a Taliban spokesman said.")
    assert not herat.unlikely_ours  # news from an Afghan city named in the headline: kept unless the model doubts it
    ward = tagger.tag("Taliban open burns ward at Kabul hospital",
                      "The Taliban's health ministry opened a burns ward at a Kabul hospital on Tuesday, paid for from "
                      "the national budget, and said treatment would be free.")
    assert ward.unlikely_ours  # aid words, but the Taliban's own money: home affairs
    tremor = tagger.tag("Earthquake shakes the north-east at dawn",
                        "A magnitude 4.5 earthquake shook Faizabad before dawn on Monday, but no damage or casualties "
                        "were reported, the Taliban's disaster management ministry said.")
    assert tremor.unlikely_ours  # a disaster that harmed no one: no help follows
    felt_abroad = tagger.tag("Hindu Kush tremor felt in Tashkent and Islamabad",
                             "A deep magnitude 5.2 earthquake under north-eastern Afghanistan was felt in Tashkent "
                             "and Islamabad on Tuesday, but no damage or casualties were reported.")
    assert felt_abroad.unlikely_ours  # the capitals where it was felt take no part: still no help follows
    mill = tagger.tag("Rice mill opens in Jalalabad",
                      "A rice mill opened in Jalalabad on Sunday, built with $4 million raised by local traders, "
                      "the provincial Taliban commerce department said; it will buy paddy from farmers.")
    assert mill.unlikely_ours  # aid words, but money raised at home
    silo = tagger.tag("Taliban open grain silo in Pul-e-Khumri",
                      "The Taliban's agriculture ministry opened a 20,000-tonne grain silo on Tuesday, built with money "
                      "from the government's own development budget, a spokesman said.")
    assert silo.unlikely_ours
    bus_station = tagger.tag("New bus terminal opens in Ghazni",
                             "A bus terminal with 60 bays opened in Ghazni city on Wednesday, paid for from municipal "
                             "revenue, Taliban provincial officials said.")
    assert bus_station.unlikely_ours  # a city's own money (blind84's decoy, our own words)
    quake = tagger.tag("Earthquake shakes the north-east at dawn",
                       "A magnitude 5.9 earthquake shook Faizabad before dawn on Monday, destroying 40 houses, the "
                       "Taliban's disaster management ministry said.")
    assert not quake.unlikely_ours


def test_home_affairs_in_an_afghan_city_are_dropped_only_when_the_model_doubts_them(tagger):
    """A headline naming an Afghan city keeps its story unless it is home affairs (no one
    abroad, no act, no attack or disaster) and the model believes it less than
    relevance_model_drop_home_in_scene; an attack there stays whatever the model thinks."""
    tagger._relevance_model = LabelModels([RELEVANT], [-0.4], {}, [])  # believes every story at 0.40
    tagger._relevance_floor, tagger._home_floor, tagger._home_floor_in_scene = 0.3, 0.65, 0.5
    shops = tagger.tag("Taliban order Jalalabad barbers to stop trimming beards",
                       "Barbers in Jalalabad were told on Monday to stop trimming beards or face fines, a vice and "
                       "virtue department spokesman said.")
    assert shops.unlikely_ours
    blast = tagger.tag("Bomb kills four at Jalalabad market", "A bomb went off at a market on Monday, killing four "
                       "people, a Taliban police spokesman said.")
    assert not blast.unlikely_ours
    tagger._relevance_model = LabelModels([RELEVANT], [0.4], {}, [])  # 0.60: the model does not doubt it
    assert not tagger.tag("Taliban order Jalalabad barbers to stop trimming beards",
                          "Barbers in Jalalabad were told on Monday to stop trimming beards.").unlikely_ours


def test_a_decree_closing_girls_schools_stays_though_it_names_no_one_abroad(tagger):
    """The shipped floors keep the Taliban's decrees against women's schooling at the belief
    the relevance model gives one (0.76, session 26): the monitor follows women's rights,
    and a higher home-affairs floor that dropped domestic decoys dropped these too."""
    tagger._relevance_model = LabelModels([RELEVANT], [1.15], {}, [])  # believes every story at 0.76
    decree = tagger.tag("Taliban decree tightens rules on women's education",
                        "KABUL (AP) - A Taliban decree closed more schools for girls in Ghazni province, rights "
                        "groups said on Monday, the third such order this year.")
    assert not decree.unlikely_ours


def test_a_state_carrier_names_its_state(tagger):
    etihad = tagger.tag("Etihad puts Kabul route under review",
                        "Etihad Airways is reviewing whether to add Kabul to its network but has set no start date, "
                        "a spokesperson said on Tuesday.")
    assert "ARE" in etihad.participant_ids


def test_a_headline_alone_is_not_judged_home_affairs(tagger):
    """A news-search item or a feed without descriptions carries its headline only: that it
    names no one abroad says nothing, so the home-affairs floor does not apply (the general
    floor still does); with a summary that names no one abroad, it does."""
    tagger._relevance_model = LabelModels([RELEVANT], [-0.4], {}, [])  # believes every story at 0.40
    tagger._relevance_floor, tagger._home_floor, tagger._home_floor_in_scene = 0.3, 0.65, 0.5
    assert not tagger.tag("Taliban delegation", "").unlikely_ours
    assert tagger.tag("Taliban delegation", "A delegation of the Taliban's ministry of rural development toured "
                      "villages on Monday to inspect irrigation canals, a spokesman said.").unlikely_ours
