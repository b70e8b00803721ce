"""The tagger on the hard cases of the [tagging] issue, and on the labelled sets."""
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.config import DEFAULT_RELEVANCE_IGNORE, DEFAULT_RELEVANCE_TERMS
from ingest.evaluate import evaluate, load_labelled
from ingest.process import RelevanceFilter
from ingest.taxonomy import LEVEL_SCORES, TOPIC_IDS, TaxonomyError, load_taxonomy
from ingest.tagging import Tagger

DATA = Path(__file__).resolve().parent / "data"


def actors(tagger, title, summary=""):
    """The actors a story is tagged with as parties (participants or mentioned), not as places."""
    return {a.actor for a in tagger.tag(title, summary).actors if a.role != "place"} - {"TALIBAN"}


def levels(tagger, title, summary=""):
    """Each actor's strongest news level."""
    found = {}
    for event in tagger.tag(title, summary).engagement:
        if not event.background:
            found.setdefault(event.actor, event.level)
    return found


@pytest.mark.parametrize("text, expected", [
    ("The Kremlin said it would deepen ties with Kabul", {"RUS"}),
    ("Islamabad said the border would reopen for Afghan trucks", {"PAK"}),
    ("Jaishankar met the Taliban's foreign minister", {"IND"}),
    ("Dobrindt wants more deportation flights to Afghanistan", {"DEU"}),
    ("Boehler flew to Kabul for talks on detained Americans", {"USA"}),
    ("Farage said Afghans should be deported", {"GBR"}),
    ("Wang Yi hosted his Afghan and Pakistani counterparts", {"CHN", "PAK"}),
    ("The Bundestag debated deportations to Afghanistan", {"DEU"}),
    ("The State Department said it was in contact with the Taliban", {"USA"}),
])
def test_aliases_capitals_institutions_and_officials(tagger, text, expected):
    assert actors(tagger, text) == expected


@pytest.mark.parametrize("text, absent", [
    ("Taliban tell us they want more trade", "USA"),
    ("Taliban officials eye a route to the Indian Ocean", "IND"),
    ("Afghan evacuees in Atlanta, Georgia, fear deportation", "GEO"),
    ("Taliban hold talks in Kabul, said a former Pakistani diplomat", "PAK"),
    ("The Taliban are winning, said a fellow at the Asia Pacific Foundation of Canada", "CAN"),
    ("Taliban police stormed a concert hall in Moscow, witnesses said", "RUS"),
    ("Honduras recognises the Taliban, a first in Central America", "USA"),
    ("Taliban free a teacher from Jordan, Minnesota, to a U.S. envoy", "JOR"),
    ("A pastor from Lebanon, Pennsylvania, was freed by the Taliban", "LBN"),
    ("Scholars of Nahdlatul Ulama, Indonesia's largest Muslim organisation, urged the Taliban to reopen schools", "IDN"),
    ("A delegation led by the deputy secretary of the country's Security Council handed flour to the Taliban", "UN"),
])
def test_traps_are_not_actors(tagger, text, absent):
    assert absent not in actors(tagger, text)


def test_dateline_is_a_place_not_an_actor(tagger):
    found = actors(tagger, "Taliban report record exports",
                   "ISLAMABAD, Pakistan — The Taliban said exports to Uzbekistan doubled this year.")
    assert found == {"UZB"}


def test_us_in_capitals_is_the_united_states(tagger):
    assert actors(tagger, "US envoy meets Taliban in Doha") >= {"USA"}


def test_pakistani_taliban_are_ttp_never_the_afghan_taliban(tagger):
    result = tagger.tag("Pakistani Taliban attack police post near Afghan border", "")
    assert "TTP" in result.actor_ids and "TALIBAN" not in result.actor_ids


@pytest.mark.parametrize("title, summary, expected", [
    ("Russia recognises the Taliban government", "", {"RUS": "recognition"}),
    ("China accepts the credentials of the Taliban ambassador", "", {"CHN": "ambassadors"}),
    ("Germany accredits two Taliban officials as consular staff", "", {"DEU": "accreditation"}),
    ("Pakistan deported 5,000 Afghans this week", "", {}),  # issue #15: on its own, no engagement
    ("Germany deported 81 Afghans on a flight arranged with Taliban officials", "", {"DEU": "technical"}),
    ("Japan pledges humanitarian aid for Afghans, channelled through the UN", "",
     {"JPN": "humanitarian", "UN": "humanitarian"}),  # the channel delivers it (LABELLING.md)
    ("ICC issues arrest warrants for Taliban leaders", "", {"ICC": "pressure"}),
    ("Pakistani airstrikes hit Taliban positions in Khost", "", {"PAK": "hostile"}),
])
def test_engagement_levels(tagger, title, summary, expected):
    assert levels(tagger, title, summary) == expected


@pytest.mark.parametrize("title", [
    "Germany says this does not amount to recognition of the Taliban",
    "China is unlikely to recognise the Taliban soon",
    "India may recognise the Taliban government, analysts say",
])
def test_negated_or_hedged_recognition_is_not_recognition(tagger, title):
    assert "recognition" not in levels(tagger, title).values()


def test_muttaqi_unable_to_travel_is_not_india_engaging(tagger):
    assert levels(tagger, "Muttaqi could not travel to India after the waiver lapsed") == {}


def test_who_acts_matters_for_deportations(tagger):
    """Deportation is technical cooperation only where coordination with Kabul shows (issue #15)."""
    assert levels(tagger, "Pakistan deported Afghans", "") == {}
    assert levels(tagger, "Germany deported 28 Afghans on a flight coordinated with the Taliban") == {"DEU": "technical"}


def test_each_distinct_level_is_an_event_with_its_own_evidence(tagger):
    """Issue #15, point 5: a story of recognition and trade talks shows both."""
    result = tagger.tag("Russia recognises Taliban", "Russian officials also met Taliban ministers on trade.")
    recognition, contact = result.engagement
    assert (recognition.actor, recognition.level, recognition.score) == ("RUS", "recognition", 10.0)
    assert "recognises" in recognition.evidence and recognition.rule.startswith("trigger:recognition:")
    assert (contact.actor, contact.level) == ("RUS", "high_level_contact")
    assert "met" in contact.evidence and contact.rule == "trigger:high_level_contact:met"


def test_the_ceremony_of_a_formal_step_is_that_step_but_a_signing_is_an_act_of_its_own(tagger):
    """Blind set 6: the recognition note handed over "at a short ceremony" is the
    recognition, not contact besides; an agreement signed the same day is contact."""
    note = tagger.tag("Tashkent recognises the Taliban government",
                      "Uzbekistan formally recognised the Taliban government on Monday. Foreign Minister Bakhtiyor "
                      "Saidov gave the decree to the Afghan ambassador at a ceremony in Tashkent, the ministry said.")
    assert note.levels() == {"UZB": ["recognition"]}
    signed = tagger.tag("Tashkent recognises the Taliban government",
                        "Uzbekistan formally recognised the Taliban government on Monday, and its trade minister signed "
                        "a grain agreement with the visiting Taliban delegation.")
    assert sorted(signed.levels()["UZB"]) == ["high_level_contact", "recognition"]


def test_strikes_the_first_call_since_are_background_and_other_envoys_at_the_ceremony_are_not_contact(tagger):
    """Blind set 7: "the first contact since the airstrikes" restates the strikes; the
    envoys of other states presenting papers at the same ceremony have no contact with Kabul."""
    call = tagger.tag("Dar and Muttaqi speak by phone",
                      "Pakistan's foreign minister spoke by telephone on Saturday with Muttaqi, the ministry said, in "
                      "the first contact between the two since Pakistani airstrikes in Paktika killed dozens of people.")
    assert call.levels() == {"PAK": ["high_level_contact"]}
    ceremony = tagger.tag("Berdimuhamedov receives Taliban envoy's credentials",
                          "Turkmenistan's president accepted the letters of credence of the ambassador appointed by the "
                          "Taliban on Wednesday, at a ceremony at which new envoys of Chile and Ghana also presented "
                          "their papers.")
    assert ceremony.levels() == {"TKM": ["ambassadors"]}


def test_cargo_received_by_taliban_officials_is_not_contact(tagger):
    """Only a head of state or minister receiving a visitor is contact; aid "received by
    Taliban officials" is the aid's delivery."""
    result = tagger.tag("Chinese relief planes land in Kabul",
                        "Two Chinese planes carrying tents and blankets landed in Kabul on Wednesday, where the cargo "
                        "was received by Taliban officials.")
    assert result.levels() == {"CHN": ["humanitarian"]}


def test_years_of_cooperation_are_background_not_news(tagger):
    result = tagger.tag("Tashkent hosts Taliban minister",
                        "Uzbekistan hosted the Taliban's trade minister on Monday, praising years of transit cooperation "
                        "with Kabul.")
    assert result.levels() == {"UZB": ["high_level_contact"]}


def test_a_warrant_over_an_old_crime_is_news_of_the_day(tagger):
    """The year after "over" dates the crime, not the warrant: the court's act is today's
    news, and the story is not left out as off subject for want of one (blind set 18)."""
    result = tagger.tag("Court seeks arrest of Taliban governor",
                        "The International Criminal Court has issued an arrest warrant for a Taliban provincial governor "
                        "over the flogging of women in 2023, the court said.")
    assert [(e.actor, e.level, e.background) for e in result.engagement] == [("ICC", "pressure", False)]
    assert result.on_subject


def test_a_dated_act_of_the_taliban_era_keeps_a_story_on_subject(tagger):
    """Hajj flights whose quota was agreed when a Saudi minister received the Taliban's in
    January: the meeting is background, and still shows what the story is about (blind64);
    an act of the monarchy restated with its date does not."""
    hajj = tagger.tag("First hajj flight to leave Kabul on April 28, ministry says",
                      "The first of 110 hajj flights will leave Kabul for Madinah on April 28, the Taliban's hajj "
                      "ministry said on Tuesday. The quota of 33,000 was agreed when Saudi Arabia's deputy hajj minister "
                      "received the Taliban's hajj minister in Jeddah in January, the ministry said.",
                      date(2026, 4, 21))
    assert [(e.actor, e.background) for e in hajj.engagement] == [("SAU", True)] and not hajj.topics
    assert hajj.on_subject
    king = tagger.tag("Lecture recalls a royal tour", "A lecture in Hamburg recalled how King Amanullah met "
                      "German ministers in Berlin in 1928 on his tour of Europe, the museum said on Tuesday.",
                      date(2026, 4, 21))
    assert not king.on_subject


def test_an_airline_resuming_flights_to_kabul_is_a_transit_story(tagger):
    """A carrier is not its state ("Turkish Airlines" names no Turkey), but an air route to
    Kabul is transit news, not prose about nothing to leave out (held-out cluster set 10)."""
    result = tagger.tag("Gulf carrier resumes scheduled flights to Kabul after four years",
                        "The airline's first aircraft from Sharjah landed in Kabul on Monday and the route will run "
                        "twice a week, the Taliban's transport ministry said at a ceremony on the apron.")
    assert "trade_transit" in result.topic_ids and result.on_subject


@pytest.mark.parametrize("title, summary, topic", [
    ("Suicide attack outside a bank in Kunduz kills six", "An attacker set off explosives beside people queuing for "
     "their pay at a bank branch in the city on Sunday, police said.", "counterterrorism"),
    ("Afghanistan's neighbours meet in Ashgabat without the Taliban", "Ministers from China, Iran, Pakistan and "
     "Russia held their fifth meeting on Afghanistan since 2021 and urged an inclusive government.", "mediation"),
])
def test_attacks_and_neighbours_meetings_have_their_topic(tagger, title, summary, topic):
    """An attack in Afghanistan is counterterrorism news and a meeting of its neighbours on it a
    multilateral format (the spec's topics); with no topic they were left out as off subject
    (held-out cluster set 8, served to once)."""
    result = tagger.tag(title, summary)
    assert topic in result.topic_ids and result.on_subject


def test_a_phrase_of_two_topics_counts_for_each(tagger):
    """"credentials" is a phrase of recognition and of missions: the missions story it
    helps make is not lost to the recognition topic that shares the words."""
    topics = tagger.tag("Kabul row over an ambassador's credentials", "").topic_ids
    assert "diplomatic_missions" in topics


def test_one_passing_word_does_not_make_a_topic(tagger):
    topics = tagger.tag("Taliban officials attend a ceremony", "Several women attended the ceremony.").topic_ids
    assert "women_rights" not in topics


def test_wire_words_of_trade_and_border_fighting_make_their_topics(tagger):
    fighting = tagger.tag("Border forces trade fire near Ghulam Khan",
                          "Pakistani and Taliban border forces exchanged mortar fire for two hours on Sunday.").topic_ids
    assert "border_conflict" in fighting and "trade_transit" not in fighting  # "trade fire" is no trade
    freight = tagger.tag("Freight trains to run again",
                         "Cargo trains carrying wheat will cross the bridge at Hairatan from Monday, customs officials "
                         "said.").topic_ids
    assert "trade_transit" in freight


def test_returns_and_women_s_right_to_work_make_their_topics(tagger):
    topics = tagger.tag("Aid for families back from Iran",
                        "Canada will fund clinics for Afghans returning from Iran and raised women's right to work "
                        "with the Taliban.").topic_ids
    assert {"migration_deportation", "women_rights"} <= set(topics)


def test_a_central_bank_in_the_news_is_not_a_sanctions_story_by_itself(tagger):
    topics = tagger.tag("Afghani firms after central bank auction",
                        "Da Afghanistan Bank sold $15 million at its weekly auction on Monday, money changers in Kabul "
                        "said.").topic_ids
    assert "sanctions_assets" not in topics


@pytest.mark.parametrize("title, summary", [
    ("IMF still has no dealings with Kabul", "The International Monetary Fund said on Thursday it had not resumed "
     "work with Afghanistan and was waiting for its members to decide whom to deal with."),
    ("UN cash shipments to Kabul halve", "The U.N. flew in half as many dollars as a year earlier, central bank "
     "figures showed on Monday."),
])
def test_the_imf_and_the_un_cash_shipments_are_the_frozen_reserves_story(tagger, title, summary):
    """blind117: the IMF's access and the UN's cash flights are told as sanctions and assets news
    (labelled so in 15 of 16 stories naming the IMF; our own words)."""
    assert "sanctions_assets" in tagger.tag(title, summary).topic_ids


def test_a_foreign_bank_closing_afghan_lenders_accounts_is_kept_as_banking_news(tagger):
    """Correspondent banking cut off for compliance is how sanctions reach Afghan trade: with
    no topic the story was left out as off subject (blind48's first run)."""
    result = tagger.tag("Austrian bank ends dollar clearing for Afghan lenders",
                        "A Vienna bank has closed the correspondent accounts of three Afghan commercial banks, the "
                        "central bank in Kabul said on Monday, leaving the lenders without euro clearing.")
    assert "trade_transit" in result.topic_ids and result.on_subject


def test_a_gathering_named_for_trade_is_a_venue_not_the_story_s_topic(tagger):
    """A request to travel to "a transport forum" is sanctions news; the forum's name is
    where, not what (blind49's first run: trade tagged on three such stories)."""
    topics = tagger.tag("Waiver sought for Taliban minister to attend Baku transport forum",
                        "The sanctions committee has yet to decide on an exemption from the travel ban, diplomats "
                        "said on Monday.").topic_ids
    assert "sanctions_assets" in topics and "trade_transit" not in topics


def test_offenders_removed_and_sent_back_make_a_returns_story(tagger):
    topics = tagger.tag("Nine Afghan offenders flown out of Denmark",
                        "The men were removed from Denmark on Tuesday and sent back to Kabul, the police said.").topic_ids
    assert "migration_deportation" in topics


def test_treatment_of_women_and_an_arrest_for_spying_make_their_topics(tagger):
    rights = tagger.tag("Belgium turns down Taliban visa requests",
                        "The foreign ministry cited the movement's treatment of women on Monday.").topic_ids
    spying = tagger.tag("Taliban say they hold a Canadian in Kandahar",
                        "The man was arrested on suspicion of spying, the intelligence directorate said.").topic_ids
    assert "women_rights" in rights and "detainees" in spying


def test_red_notices_sought_by_the_taliban_are_a_security_story_kept(tagger):
    result = tagger.tag("Interpol rejects Taliban bid for red notices on former commanders",
                        "The police body said on Monday it would not act on requests from Kabul's interior ministry.")
    assert "counterterrorism" in result.topic_ids and result.on_subject


def test_an_extradited_fugitive_and_a_torture_case_under_universal_jurisdiction_have_their_topics(tagger):
    fugitive = tagger.tag("Taliban extradite Uzbek fugitive at Hairatan",
                          "The man, wanted in Tashkent for fraud, was handed to Uzbek police on Monday.").topic_ids
    torture = tagger.tag("Dutch prosecutors charge former Taliban commander",
                         "The man is accused of torturing prisoners in Helmand; the case was brought under universal "
                         "jurisdiction.").topic_ids
    assert "detainees" in fugitive and "women_rights" in torture  # the spec's topic of human rights


def test_a_level_reported_as_news_settles_its_topic_whatever_the_words(tagger):
    result = tagger.tag("Tashkent receives Taliban envoy's papers",
                        "TASHKENT (Reuters) - Uzbekistan's foreign minister accepted the credentials of a "
                        "Taliban-appointed ambassador on Monday.")
    missions = next(t for t in result.topics if t.topic == "diplomatic_missions")
    assert missions.rule in ("level:ambassadors", "level:accreditation") or "credentials" in missions.rule
    assert "recognition" not in result.topic_ids  # papers received are no recognition by themselves


def test_a_recognition_restated_in_passing_is_not_the_story_s_topic(tagger):
    result = tagger.tag("Kazakhstan and Taliban sign grain and rail deals",
                        "ASTANA (Reuters) - Kazakhstan and the Taliban signed trade agreements on Thursday. "
                        "The Taliban, whose government Russia recognised last year, have courted Central Asian investors.")
    assert "trade_transit" in result.topic_ids and "recognition" not in result.topic_ids
    denied = tagger.tag("Japan holds talks with Taliban", "Japan's envoy met Muttaqi in Kabul on Monday "
                        "but said Tokyo would not recognise the Taliban government.")
    assert "recognition" in denied.topic_ids  # a statement that something is not recognition is the topic


def test_an_embassy_that_only_speaks_is_not_a_missions_story(tagger):
    result = tagger.tag("China flies tents to quake survivors",
                        "KABUL (Xinhua) - Two Chinese planes carrying tents and blankets landed in Kabul on "
                        "Wednesday for survivors of the Kunar earthquake, the Chinese embassy in Kabul said.")
    assert "diplomatic_missions" not in result.topic_ids and "humanitarian_aid" in result.topic_ids
    reopened = tagger.tag("Germany weighs reopening its embassy in Kabul", "")
    assert "diplomatic_missions" in reopened.topic_ids


def test_tags_explain_themselves(tagger):
    result = tagger.tag("Lavrov meets Muttaqi", "The ministers discussed the TAPI pipeline and rail transit.")
    russia = next(a for a in result.actors if a.actor == "RUS")
    assert russia.rule == "person:Lavrov" and "Lavrov" in russia.evidence
    trade = next(t for t in result.topics if t.topic == "trade_transit")
    assert "transit" in trade.rule and trade.score >= 2.0
    assert result.version.startswith("2026.")


def test_taxonomy_implements_every_spec_id():
    taxonomy = load_taxonomy(Path("ingest/taxonomy.toml"))
    for actor in ("RUS", "CHN", "PAK", "IND", "IRN", "USA", "DEU", "GBR", "FRA", "QAT", "TUR", "UZB", "KAZ", "TKM",
                  "TJK", "KGZ", "ARE", "SAU", "JPN", "NOR", "CHE", "ITA", "NLD", "SWE", "AUT", "BEL", "CAN", "AUS",
                  "UN", "EU", "ICC", "ICRC", "OIC", "SCO", "NATO", "WB", "IMF", "ISKP", "TTP", "AFG_REPUBLIC", "TALIBAN",
                  "BRA", "NGA", "MEX"):
        assert actor in taxonomy.actor_labels, actor
    assert {p.target for p in taxonomy.patterns if p.layer == "topic"} == set(TOPIC_IDS)
    assert {t.level for t in taxonomy.triggers} == set(LEVEL_SCORES)


def test_an_edited_taxonomy_changes_the_version_and_bad_ids_are_refused(tmp_path):
    original = Path("ingest/taxonomy.toml").read_text()
    edited = tmp_path / "taxonomy.toml"
    edited.write_text(original.replace('aliases = ["Qatar",', 'aliases = ["Qatar", "Lusail",'))
    assert edited.read_text() != original  # the edit this test makes must still apply
    assert Tagger.from_file(edited).version != Tagger.from_file(Path("ingest/taxonomy.toml")).version
    assert "QAT" in set(Tagger.from_file(edited).tag("Lusail hosts Taliban talks", "").actor_ids)
    broken = tmp_path / "broken.toml"
    broken.write_text(original.replace("[topics.recognition.phrases]", "[topics.diplomacy.phrases]"))
    with pytest.raises(TaxonomyError, match="diplomacy"):
        load_taxonomy(broken)
    misspelt = tmp_path / "misspelt.toml"
    misspelt.write_text(original.replace('ambassadors = "diplomatic_missions"', 'ambassador = "diplomatic_missions"'))
    with pytest.raises(TaxonomyError, match="level_topics: 'ambassador'"):
        load_taxonomy(misspelt)


@pytest.mark.parametrize("path", ["labelled_stories.toml", "heldout_stories.toml", "dev_a_stories.toml",
                                  "dev_b_stories.toml", "dev_c_stories.toml"])
def test_labelled_sets_meet_the_targets(tagger, path):
    """Issue #15's targets on the sets the rules were tuned on: relevant stories kept, at
    most one decoy in 20 kept, actor F1 >= 0.95, topic F1 >= 0.85, >= 0.75 of labelled
    (actor, level) pairs found and >= 0.80 of emitted ones right, and at most one formal
    status in a hundred stories claimed that the story does not show."""
    report = evaluate(load_labelled(DATA / path), tagger,
                      RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE),
                                      tagger.taxonomy.relevance))
    assert report.stories >= 20
    assert report.relevant_dropped <= report.stories // 100, report.misses
    assert report.decoys_kept <= report.decoys // 20, report.misses
    assert report.actors.f1 >= 0.95, report.misses
    assert report.topics.f1 >= 0.85, report.misses
    assert report.levels.recall >= 0.75 and report.levels.precision >= 0.80, report.misses
    assert report.overstated <= report.stories // 100, report.misses


def test_the_development_sets_are_large_and_cover_every_class():
    """Issue #15, point 8: at least 200 development stories in wire style, every error class."""
    stories = load_labelled(DATA / "dev_a_stories.toml") + load_labelled(DATA / "dev_b_stories.toml")
    assert len(stories) >= 200
    classes = {label for story in stories for label in story.classes}
    assert {"negation", "mention", "venue", "collision", "missed", "mismapped", "several", "background",
            "decoy", "plain"} <= classes
    assert len(load_labelled(DATA / "blind_stories.toml")) >= 60
    assert len(load_labelled(DATA / "blind2_stories.toml")) >= 60
    assert len(load_labelled(DATA / "blind3_stories.toml")) >= 60
    assert len(load_labelled(DATA / "blind4_stories.toml")) >= 60


def test_labelled_set_is_large_enough():
    assert len(load_labelled(DATA / "labelled_stories.toml")) >= 60


def test_lowered_expressions_keep_escapes_and_group_names_and_match_as_ignorecase_does():
    """Triggers run lower-cased on lower-cased text (twice as fast as IGNORECASE); the
    escapes (\\S is not \\s) and the group syntax must survive the lowering."""
    import re

    from ingest.tagging.matching import caseless, lowercase_pattern

    pattern = r"\bMet\S*\x27s? (?P<Envoy>Taliban|KABUL)\b"
    assert lowercase_pattern(pattern) == r"\bmet\S*\x27s? (?P<envoy>taliban|kabul)\b"
    text = "Officials MET Taliban envoys; he Met's KABUL team"
    fast = re.compile(lowercase_pattern(pattern))
    slow = re.compile(pattern, re.IGNORECASE)
    assert [m.span() for m in fast.finditer(caseless(text))] == [m.span() for m in slow.finditer(text)] != []
    assert caseless("Kalın and İstanbul") is None  # letters only IGNORECASE folds: matched the slow way


def test_trigger_prefilter_never_hides_a_match(tagger):
    """Triggers are only run on sentences holding one of their required words, and each
    alternative only where one of its opening words stands; on every labelled sentence
    (alone, and in its story) that must find exactly what one expression of all triggers finds."""
    import re

    from ingest.tagging import split_sentences, word_spaced
    from ingest.tagging.matching import caseless

    index = tagger._events.index
    every = re.compile(r"\b(?:" + "|".join(f"(?P<t{i}>{t.regex.pattern})" for i, t in enumerate(index.triggers)) + ")",
                       re.IGNORECASE)
    checked = 0
    for story in _every_labelled():
        text = f"{story.title}\n{story.summary}"
        spans = split_sentences(text)
        for number, (start, end) in enumerate(spans):
            sentence = text[start:end]
            expected = [(m.lastgroup, m.span()) for m in every.finditer(sentence)]
            following = spans[number + 1][0] if number + 1 < len(spans) else len(text) + 2
            for spaced, offset, until in ((word_spaced(sentence), 0, len(sentence) + 2), (word_spaced(text), start, following)):
                alternatives, openings = index.scan(spaced, offset, until)
                found = index.matches(sentence, offset, alternatives, openings, lowered=False)
                assert [(m.lastgroup, m.span()) for m in found] == expected
                if caseless(sentence) is not None:  # the fast flavour, on the text lower-cased
                    lowered = index.matches(caseless(sentence), offset, alternatives, openings, lowered=True)
                    assert [(m.lastgroup, m.span()) for m in lowered] == expected
            checked += bool(expected)
    assert checked > 50


@pytest.mark.parametrize("alternative, openings", [
    (r"\bmet\b(?! (?:its|the) target)", {(" met", 0)}),
    (r"\b(?:formally |officially )?recogni[sz]e", {(" formal", 0), (" offici", 0), (" recogn", 0)}),
    (r"\bg[ai]v(?:e|es) aid", {(" gave a", 0), (" gaves ", 0), (" give a", 0), (" gives ", 0)}),
    (r"(?<!-)\b(?:appoint\w*|named) ambassador", {(" appoin", 0), (" named ", 0)}),
    (r"-(?:hosted|led) talks", {(" hoste", 1), (" led t", 1)}),  # "UN-hosted": the match starts at the hyphen
    (r"\b(?:\d+|\w+) tonnes", None),  # a class first: searched for, not tried at its words
])
def test_trigger_alternatives_are_tried_where_their_opening_words_stand(alternative, openings):
    from ingest.tagging.triggers import leading_words

    assert leading_words(alternative) == openings


def test_a_trigger_that_can_match_no_text_is_refused():
    """Every trigger alternative is tried where its words stand: one that matches empty
    text would stand everywhere (and match every word)."""
    import re

    from ingest.taxonomy import Trigger
    from ingest.tagging.triggers import TriggerIndex

    with pytest.raises(TaxonomyError, match="no text"):
        TriggerIndex([Trigger(level="technical", mode="subject", hedged=False, regex=re.compile(r"\bmet\b|\b(?:talks)?"))])


# The first fourteen blind sets, left out of the equivalence checks below (index against one
# expression, shortcuts against none, compiled against pure) to keep their time down: the
# later sets, from blind15 on, carry the wording the newer rules read. (Accuracy on a blind
# set is never asserted in tests: each is run once, by hand, README.)
BLIND_SETS = {"blind_stories.toml", "blind2_stories.toml", "blind3_stories.toml", "blind4_stories.toml",
              "blind5_stories.toml", "blind6_stories.toml", "blind7_stories.toml", "blind8_stories.toml",
              "blind9_stories.toml", "blind10_stories.toml", "blind11_stories.toml",
              "blind12_stories.toml", "blind13_stories.toml", "blind14_stories.toml"}


def _every_labelled():
    for path in sorted(DATA.glob("*_stories.toml")):
        if path.name not in BLIND_SETS:
            yield from load_labelled(path)


def _every_story():
    for story in _every_labelled():
        yield story.title, story.summary


def _as_if_every_word_were_near(monkeypatch):
    """Make the word finders report every list at every position, so each negation,
    hedge and trap check runs in full: the tagger without its shortcuts."""
    from ingest.tagging import engine_module  # the code that tags: this package or its compiled build

    roles = frozenset({"before", "hedge", "after", "condition", "commentator_before", "commentator_after",
                       "institution_before", "organisation_after", "place_before"})
    for name in ("actors", "modality"):
        monkeypatch.setattr(engine_module(name), "find_words", lambda finder, spaced: [(i, roles) for i in range(len(spaced))])


def test_word_finders_never_skip_a_check_that_matters(tagger, monkeypatch):
    """Negation, hedge and trap checks run only where their words occur near a match;
    on every labelled story the tags must equal those of running every check."""
    stories = list(_every_story())
    stories += [(a[0], f"{a[1]} {b[1]}") for a, b in zip(stories, reversed(stories))]  # sentences in new company
    fast = [tagger.tag(title, summary) for title, summary in stories]
    _as_if_every_word_were_near(monkeypatch)
    assert [tagger.tag(title, summary) for title, summary in stories] == fast


_WORDS = ["Germany", "Pakistan's", "foreign office", "Taliban", "Kabul", "Moscow", "in", "talks", "former",
          "analysts", "University of", "did", "not", "won't", "may", "recognise", "recognised", "deported",
          "Afghans", "met", "officials", "sanctions", "imposed", "unlikely", "remains", "said", "the", "by",
          "was", "ruled out", "short of", "formal", "recognition", "hosted", "a", "delegation", "ISLAMABAD,",
          "Pakistan —", "U.S.", "envoy", "Doha", "agreed", "to", "seek", "aid", "for"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=18), min_size=1, max_size=4))
def test_word_finders_never_skip_a_check_on_generated_text(tagger, monkeypatch, sentences):
    """The same on sentences made of the words those checks look for, in any order."""
    title, *rest = [" ".join(words) + "." for words in sentences]
    summary = " ".join(rest)
    fast = tagger.tag(title, summary)
    with monkeypatch.context() as patch:
        _as_if_every_word_were_near(patch)
        assert tagger.tag(title, summary) == fast


def _compiled_build():
    import ingest.tagging

    if ingest.tagging.IMPLEMENTATION == "pure Python":
        pytest.skip("the compiled tagger is not built here (scripts/build_tagger.py needs Cython and a C compiler)")
    return ingest.tagging._twin


def test_compiled_tagger_tags_exactly_as_the_pure_python_one(tagger):
    """setup compiles ingest/tagging with Cython; the build must change speed only."""
    from ingest.tagging import PurePythonTagger

    _compiled_build()
    pure = PurePythonTagger(tagger.taxonomy)
    stories = list(_every_story())
    stories += [(a[0], f"{a[1]} {b[1]}") for a, b in zip(stories, reversed(stories))]
    assert [tagger.tag(t, s) for t, s in stories] == [pure.tag(t, s) for t, s in stories]


def test_a_compiled_build_of_older_source_is_not_used(monkeypatch):
    """After an edit to ingest/tagging, the old build would run stale rules: it is ignored."""
    import ingest._tagging_compiled as build
    import ingest.tagging

    twin = _compiled_build()
    assert ingest.tagging._compiled_twin() is twin
    monkeypatch.setattr(build, "BUILT_FROM", "built-from-older-sources")
    assert ingest.tagging._compiled_twin() is None
    monkeypatch.setattr(build, "BUILT_FROM", ingest.tagging.source_digest())
    monkeypatch.setenv("MONITOR_PURE_PYTHON", "1")
    assert ingest.tagging._compiled_twin() is None


def test_a_stale_build_is_never_imported(monkeypatch):
    """A build left from older sources (after a pull, before setup runs again) may not fit
    the modules beside it: it is not imported at all, so it cannot break the app's start."""
    import sys

    import ingest._tagging_compiled as build
    import ingest.tagging

    _compiled_build()

    class Broken:
        def find_spec(self, name, path=None, target=None):
            if name == "ingest._tagging_compiled.tagger":
                raise RuntimeError("a stale build was imported")
            return None

    monkeypatch.delitem(sys.modules, "ingest._tagging_compiled.tagger")
    monkeypatch.delattr(build, "tagger", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Broken(), *sys.meta_path])
    monkeypatch.setattr(build, "BUILT_FROM", "built-from-older-sources")
    assert ingest.tagging._compiled_twin() is None


def test_evaluate_command_reads_its_default_set_and_names_a_missing_file(capsys):
    """`python -m ingest evaluate` as the README gives it (the default file moved with the CLI package)."""
    from ingest.cli import main

    assert main(["evaluate", "--quiet"]) == 0
    assert "labelled stories: " in capsys.readouterr().out
    assert main(["evaluate", "--file", "/nonexistent/set.toml"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "cannot read /nonexistent/set.toml" in error


@pytest.mark.parametrize("text, complaint", [
    ("", "no [[stories]] to evaluate"),
    ("[[stories]]\ntitle = 'x'\n", "lacks id, relevant"),
    ("[[stories\n", "not valid TOML"),
])
def test_evaluate_names_what_is_wrong_with_a_labelled_file(tmp_path, capsys, text, complaint):
    from ingest.cli import main

    broken = tmp_path / "broken.toml"
    broken.write_text(text)
    assert main(["evaluate", "--quiet", "--file", str(broken)]) == 2
    assert complaint in capsys.readouterr().err
    assert main(["evaluate", "--quiet", "--cluster-file", str(broken)]) == 2
    error = capsys.readouterr().err
    assert "cannot evaluate clusters" in error and "Traceback" not in error
