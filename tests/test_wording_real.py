"""Wording met in real coverage run by hand in session 38, in blind119 and blind120 read after
their first runs, and in session 39's two sets of real ledes labelled by helpers (issue #15), in
sentences of our own. Each case failed on the rules before its
change; the guards beside them held before and must still hold."""
from datetime import date

import pytest
from tagged import PUBLISHED, events, kept, news

FORMAL = {"recognition", "ambassadors", "accreditation"}


def test_a_newly_appointed_ambassador_named_in_passing_is_no_appointment(tagger):
    """The envoy is who the minister met: the news is the meeting, not a step of Tokyo's."""
    found = news(tagger, "Abdul Kabir, the Taliban's minister for refugees, met Kenji Sato, Japan's newly appointed "
                         "ambassador in Kabul, on Monday to discuss aid for returnees, his ministry said.")
    assert ("JPN", "ambassadors") not in found
    assert ("JPN", "high_level_contact") in found


def test_appointing_an_ambassador_is_still_the_step(tagger):
    """Guard: the verb with its object, whatever adverb goes before it."""
    for summary in ("Japan has newly appointed an ambassador to Kabul, the foreign ministry said on Monday.",
                    "Japan appointed a new ambassador to Kabul on Monday."):
        assert ("JPN", "ambassadors") in news(tagger, summary)


def test_letters_of_credence_handed_to_the_taliban_in_the_passive_are_the_step(tagger):
    found = news(tagger, "KABUL, March 3 - Letters of credence signed by the Kazakh president were handed to the "
                         "Taliban's prime minister on Tuesday by Astana's new envoy, Yerlan Abenov, his office said.")
    assert ("KAZ", "ambassadors") in found


def test_a_post_raised_from_charge_d_affaires_level_in_a_named_month_is_that_step_in_background(tagger):
    found = events(tagger, "KABUL - Turkey's newly appointed ambassador handed a copy of his credentials to the "
                           "Taliban's foreign minister on Tuesday, taking up a post Ankara raised from charge "
                           "d'affaires level in March 2025.")
    assert ("TUR", "ambassadors", False) in found
    assert ("TUR", "ambassadors", True) in found


def test_a_central_asian_red_crescent_society_counts_with_its_state(tagger):
    """A national society is its state (LABELLING.md), however its name is ordered."""
    found = news(tagger, "MAZAR-I-SHARIF - Fifteen trucks of flour and blankets sent by the Red Crescent Society of "
                         "Kyrgyzstan reached Hairatan on Monday for families returning from Iran, officials said.")
    assert ("KGZ", "humanitarian") in found
    assert not {actor for actor, _ in found} & {"ICRC"}


def test_goods_handed_to_afghanistan_s_health_ministry_are_aid(tagger):
    found = news(tagger, "KABUL - Bangladesh handed 12 ambulances to Afghanistan's public health ministry at a "
                         "ceremony in Kabul on Sunday.")
    assert ("BGD", "humanitarian") in found


def test_voicing_rejection_of_a_taliban_decree_is_pressure(tagger):
    found = news(tagger, "Oman's foreign ministry expressed its firm rejection of the Taliban's ban on women working "
                         "for aid groups, in a statement on Thursday.")
    assert ("OMN", "pressure") in found


def test_a_rejection_reported_by_the_taliban_of_someone_else_is_no_pressure_of_the_reporter(tagger):
    """Guard: the rejection is the subject's, not every state named near it."""
    found = news(tagger, "The Taliban voiced their rejection of the U.N. report on Tuesday, and Oman's envoy "
                         "met the foreign minister in Kabul the same day.")
    assert ("OMN", "pressure") not in found


def test_a_repair_at_a_dam_named_for_friendship_with_india_is_no_story_of_india(tagger):
    assert not kept(tagger, "Herat's Afghan-India Friendship Dam turbine back online",
                    "HERAT - A turbine at the Afghan-India Friendship Dam resumed generating power on Saturday after "
                    "engineers from the state utility replaced a bearing, the utility said.")


def test_india_acting_at_the_dam_is_still_india(tagger):
    """Guard: the name is blocked, not the country named beside it."""
    found = news(tagger, "NEW DELHI - India will send engineers to repair a turbine at the Afghan-India Friendship Dam "
                         "in Herat, the external affairs ministry said on Monday, after talks with Taliban officials.")
    assert "IND" in {actor for actor, _ in found}


def test_a_minister_named_with_an_initial_before_the_surname_is_that_minister(tagger):
    """"S Jaishankar" (no full stop) is India's minister, not another man named Jaishankar."""
    found = news(tagger, "External affairs minister S Jaishankar on Friday met Afghanistan's foreign minister Amir Khan "
                         "Muttaqi in New Delhi.")
    assert ("IND", "high_level_contact") in found


def test_someone_who_spoke_to_a_news_agency_made_no_contact(tagger):
    for summary in ("The Taliban freed a U.S. citizen on Sunday, according to an official source who spoke to Reuters.",
                    "The Taliban freed a U.S. citizen on Sunday, a U.S. official who spoke to reporters said."):
        assert ("USA", "high_level_contact") not in news(tagger, summary)


def test_speaking_to_a_taliban_minister_is_still_contact(tagger):
    """Guard: the same verb with the other side as its object."""
    assert ("PAK", "high_level_contact") in news(tagger, "Pakistan's foreign minister spoke to Muttaqi by phone on Monday.")


def test_mediation_told_by_a_department_is_still_a_state_s_contact(tagger):
    """A state's mediation is its envoys' work, whoever tells it: no working-level cooperation."""
    found = news(tagger, "The Taliban released an American citizen on Sunday. The release was arranged through mediation "
                         "by Qatar, according to the department.")
    assert ("QAT", "high_level_contact") in found
    assert ("QAT", "technical") not in found


def test_greenlighting_taliban_consular_officials_is_accreditation(tagger):
    found = news(tagger, "Austria greenlights Taliban consular officials to help with removals",
                 title="Austria greenlights Taliban consular officials to help with removals")
    assert ("AUT", "accreditation") in found


def test_taliban_envoys_approved_to_work_in_a_capital_are_accredited(tagger):
    found = news(tagger, "VIENNA - Two envoys sent by the Taliban have been approved to work at the Afghan embassy in "
                         "Vienna, Austria's foreign ministry said on Monday.")
    assert ("AUT", "accreditation") in found


def test_rejecting_the_taliban_s_demands_for_a_consulate_is_pressure(tagger):
    found = news(tagger, "Austria's government has rejected demands from the Taliban for a consular office in Vienna, "
                         "a foreign ministry spokesperson said on Monday.")
    assert ("AUT", "pressure") in found


def test_the_accreditation_of_a_press_crew_referred_back_to_is_no_step(tagger):
    """From blind120's overstated status: "the accreditation" is the crew's told before."""
    found = news(tagger, "Qatar's media office has accredited a four-member crew from Afghan state television to cover "
                         "the Gulf Cup. The accreditation was arranged by the Qatari embassy in Kabul with the Taliban's "
                         "information ministry.")
    assert not {level for _, level in found} & FORMAL


def test_the_accreditation_of_a_consul_referred_back_to_is_still_the_step(tagger):
    """Guard: referring back to a mission's person's accreditation."""
    found = news(tagger, "Spain accredited a consul sent by the Taliban on Monday. The accreditation was arranged by its "
                         "embassy in Kabul.")
    assert ("ESP", "accreditation") in found


def test_declining_to_give_a_timeframe_is_no_refusal(tagger):
    found = news(tagger, "India has not yet approved the Taliban's nominee for its Mumbai consulate, the spokesman said, "
                         "declining to give a timeframe.")
    assert ("IND", "pressure") not in found


def test_a_person_born_in_a_country_gives_that_country_no_part(tagger):
    """A person's origin ("Azerbaijani-born") is no act of the state: a place, never a participant."""
    result = tagger.tag("Goodwill ambassador visits returnees at Islam Qala",
                        "HERAT - An Azerbaijani-born singer who serves as a goodwill ambassador for the International "
                        "Organization for Migration visited the Islam Qala crossing on Tuesday, where IOM staff handed "
                        "out blankets to families arriving from Iran.", PUBLISHED)
    assert "AZE" not in {a.actor for a in result.actors if a.role == "participant"}
    assert "AZE" not in {e.actor for e in result.engagement}


def test_an_ambassador_s_farewell_call_on_a_taliban_minister_is_contact(tagger):
    found = news(tagger, "KABUL - Kyrgyzstan's ambassador in Kabul paid a farewell call on Taliban foreign minister "
                         "Amir Khan Muttaqi on Tuesday before taking up a post in Ankara.")
    assert ("KGZ", "high_level_contact") in found


def test_suspending_a_taliban_consul_s_exequatur_is_pressure(tagger):
    found = news(tagger, "ANKARA - Turkey has suspended the exequatur of the Taliban-appointed consul in Gaziantep, "
                         "the foreign ministry said on Wednesday.")
    assert ("TUR", "pressure") in found
    assert not {level for _, level in found} & FORMAL


def test_the_body_a_state_is_told_to_be_a_member_of_takes_no_part(tagger):
    """"the first NATO member to recognise": Turkey is asked, NATO does nothing."""
    result = tagger.tag("Muttaqi urges Ankara to be the first NATO state to recognise Kabul",
                        "ANTALYA - Taliban foreign minister Amir Khan Muttaqi asked Turkey on Friday to become the first "
                        "NATO member to recognise his government, in talks with Foreign Minister Hakan Fidan.", PUBLISHED)
    assert {(e.actor, e.level) for e in result.engagement} == {("TUR", "high_level_contact")}
    assert "NATO" not in {a.actor for a in result.actors if a.role == "participant"}


def test_the_body_itself_acting_still_acts(tagger):
    """Guard: NATO named as the actor."""
    assert ("NATO", "high_level_contact") in news(tagger, "NATO's secretary general met the Taliban's foreign minister "
                                                          "in Doha on Monday.")


@pytest.mark.parametrize("summary", [
    "The EU's special envoy for Afghanistan visited Islamabad on Monday for talks with Pakistani officials on the "
    "situation in Afghanistan.",
    "The U.S. special representative for Afghanistan held talks in Tashkent with Uzbek officials on Tuesday.",
    "China's special envoy for Afghan affairs met Pakistan's foreign minister in Islamabad on Monday to discuss "
    "Afghanistan.",
    "A senior Canadian diplomat dealing with Afghanistan held talks with Pakistani officials in Islamabad on Thursday "
    "on the Afghan security situation.",
    "Britain's special representative for Afghanistan met Pakistan's army chief on Thursday to discuss the intra-Afghan "
    "talks.",
])
def test_envoys_talking_about_afghanistan_with_each_other_make_no_contact_with_the_taliban(tagger, summary):
    """Regional consultations about Afghanistan, with no one of the Taliban side at the table (real
    coverage of envoys' tours): neither side engages Kabul, and no guess says otherwise."""
    assert not {level for _, level in news(tagger, summary)} & {"high_level_contact", "technical"}


def test_an_envoy_for_afghanistan_meeting_the_taliban_is_still_contact(tagger):
    """Guard: the same envoy with the Taliban side named."""
    found = news(tagger, "Japan's special envoy for Afghanistan met Taliban foreign minister Amir Khan Muttaqi in Kabul "
                         "on Tuesday.")
    assert ("JPN", "high_level_contact") in found


def test_a_sentence_going_on_about_the_taliban_side_just_named_keeps_its_contact(tagger):
    """Guard: "He" is the Taliban's envoy of the sentence before."""
    found = news(tagger, "The Taliban's new ambassador to Uzbekistan arrived in Tashkent on Monday. He was met at the "
                         "airport by Uzbekistan's former ambassador to Afghanistan.")
    assert ("UZB", "high_level_contact") in found


def test_a_state_s_own_state_minister_is_that_state(tagger):
    """Guard: "a Japanese state minister" is Japan's, no body's member."""
    assert ("JPN", "high_level_contact") in news(tagger, "A Japanese state minister for foreign affairs met Muttaqi in "
                                                         "Kabul on Tuesday.")


# Session 39: wording met in two sets of real ledes labelled by helpers (never committed), in our own sentences.

def test_a_dateline_without_a_comma_before_its_date_dates_nothing(tagger):
    """"KABUL 24 Jun 2026:" is where and when the report was filed; the meeting it tells is
    the news, not an act of June 1 read from "Jun 2026"."""
    result = tagger.tag("", "KABUL 24 Jun 2026: A senior American official met with the Taliban's deputy prime minister "
                            "at the presidential palace on a Wednesday afternoon, state media said.", date(2026, 6, 24))
    assert {(e.actor, e.level, e.background) for e in result.engagement} == {("USA", "high_level_contact", False)}


def test_a_day_before_an_abbreviated_month_dates_the_act_to_that_day(tagger):
    """"on 23 Jun", a day before the story, is news, as "June 23" is; not June 1. Guard: "on 12
    Apr" is weeks before, background."""
    day_before = tagger.tag("", "The American envoy met the Taliban's foreign minister in Kabul on 23 Jun, officials said.",
                            date(2026, 6, 24))
    assert {(e.actor, e.background) for e in day_before.engagement} == {("USA", False)}
    assert ("USA", "high_level_contact", True) in events(
        tagger, "The American envoy met the Taliban's foreign minister in Kabul on 12 Apr, officials said.")


def test_exempting_taliban_officials_from_the_travel_ban_is_no_pressure(tagger):
    for title, summary in (
            ("Security Council exempts four Taliban ministers from travel ban for talks",
             "Four Taliban ministers were spared from the UN travel ban for 60 days so they can attend talks abroad."),
            ("UN committee grants travel ban exemption to Taliban minister",
             "The UN sanctions committee granted the Taliban's trade minister an exemption from the travel ban.")):
        assert ("UN", "pressure") not in news(tagger, summary, title)


def test_removing_exemptions_and_banning_taliban_officials_stay_pressure(tagger):
    """Guard: the exemption taken away, the ban imposed."""
    assert ("UN", "pressure") in news(tagger, "The UN sanctions committee removed the travel ban exemptions of two "
                                              "Taliban ministers on Friday.")
    assert ("EU", "pressure") in news(tagger, "The EU banned Taliban officials from entering its member states on Monday.")


def test_a_mediator_named_by_its_adjective_after_through_mediates(tagger):
    """"through Qatari mediation" names who mediated, not a route or a venue."""
    result = tagger.tag("Austrian hiker freed through Qatari mediation",
                        "An Austrian hiker held by the Taliban for five months was freed on Sunday through Qatari "
                        "mediation, the Austrian foreign ministry said.", PUBLISHED)
    assert ("QAT", "high_level_contact") in {(e.actor, e.level) for e in result.engagement if not e.background}
    assert {a.actor: a.role for a in result.actors}["QAT"] == "participant"


def test_talks_facilitated_by_states_after_a_comma_give_them_contact(tagger):
    found = news(tagger, "Pakistan and the Taliban agreed on Tuesday to meet again in Istanbul. The announcement came "
                         "after talks in Istanbul on Monday and Tuesday, facilitated by Turkey and Qatar.")
    assert {("TUR", "high_level_contact"), ("QAT", "high_level_contact")} <= found


def test_inking_an_agreement_is_signing_it(tagger):
    found = news(tagger, "Kazakhstan and the Taliban inked a $200 million railway agreement in Astana on Tuesday.")
    assert ("KAZ", "high_level_contact") in found


def test_what_critics_decry_is_no_pressure_of_the_state_that_acted(tagger):
    for summary in ("Sweden hosted two Taliban officials in Stockholm to discuss returns, a move critics decry as "
                    "legitimising the regime.",
                    "Sweden deported 30 Afghans on a flight arranged with the Taliban, which rights groups condemned."):
        assert ("SWE", "pressure") not in news(tagger, summary)


def test_a_state_that_condemns_beside_rights_groups_still_presses(tagger):
    """Guard: the critics' word does not silence the state's own."""
    found = news(tagger, "Rights groups condemned the Taliban's latest decree on Monday; Sweden condemned it too.")
    assert ("SWE", "pressure") in found


def test_a_city_and_a_colon_opening_the_summary_is_a_dateline(tagger):
    """"Islamabad: The Taliban freed ..." says where the report was filed; Pakistan takes no part."""
    result = tagger.tag("Taliban free American", "Islamabad: The Taliban on Sunday freed a US citizen from an Afghan "
                                                 "prison, their foreign ministry said.", PUBLISHED)
    assert {a.actor: a.role for a in result.actors}["PAK"] == "place"
    summoned = news(tagger, "Islamabad: Pakistan's foreign office on Sunday summoned the Taliban's envoy over "
                            "cross-border attacks.")
    assert ("PAK", "pressure") in summoned  # guard: the dateline's state still acts where it does


def test_a_taliban_delegation_landing_in_a_country_is_hosted_by_it(tagger):
    """"an Islamic Emirate delegation has landed in Russia, a report said": Russia hosts it.
    The story was dropped as off-subject when Russia was read as a mere place."""
    title, summary = ("Deputy premier's team at Kazan forum", "KABUL (Pajhwok): Led by the deputy prime minister, an "
                      "Islamic Emirate delegation has landed in Russia, a media report said on Thursday.")
    assert ("RUS", "high_level_contact") in news(tagger, summary, title)
    assert kept(tagger, title, summary)


def test_a_delegation_arriving_in_a_capital_for_someone_else_s_meeting_leaves_it_a_venue(tagger):
    """Guard: a capital needs the visit's purpose after it; Doha hosting a UN conference is its venue."""
    result = tagger.tag("", "A Taliban delegation arrived in Doha on Monday for a UN conference on Afghanistan.", PUBLISHED)
    assert {a.actor: a.role for a in result.actors}.get("QAT") == "place"


def test_an_airport_runway_in_a_story_of_an_ambassador_is_kept(tagger):
    """"runway" is a culture word (a fashion show) unless politics stands beside it; an ambassador does."""
    title, summary = ("Civilian flights to resume from Kabul", "Qatar's ambassador to Afghanistan said a technical team "
                      "had reopened Kabul airport and that civilian flights would resume soon; the runway had been "
                      "repaired together with the authorities in Kabul.")
    assert kept(tagger, title, summary)
