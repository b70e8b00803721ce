"""Other senses of the formal steps' words, and steps only weighed, conceded or tied to a
condition, as the first runs of blind112, blind114 and blind116 showed them (session 36, issue
#15), in sentences of our own: "accredit" with traders or firms for its object, an accreditation
the story calls commercial or renews, "recognise" in scare quotes or with an object that names no
government, recognising states rather than governments, an exequatur a post still needs, a step
conceded after a denial, a step a gerund names and a verb weighs, a step tied to a condition, a
state's former Kabul envoy presenting credentials elsewhere, and the one told that a pronoun
after it does not name; and, from real ledes run by hand, a visit a headline announces after a
comma, the meeting an earlier act took place at, a representation upgraded from chargé to
ambassador, the only state that has taken a step, a step told "earlier that year", a travel ban
lifted and an exemption for a minister to visit. Each case failed on the rules before its change;
the guards beside them held before and must still hold."""
import pytest
from tagged import news


@pytest.mark.parametrize("summary, actor", [
    ("Uzbekistan's state railway has accredited seven Afghan cargo brokers to book wagons to Termez, after its managers "
     "met officials of the Taliban's railway authority on Monday.", "UZB"),
    ("Indonesia's trade ministry accredited 12 Afghan saffron dealers for a Jakarta fair on Monday, after settling the "
     "paperwork with the Taliban's commerce ministry.", "IDN"),
])
def test_accrediting_traders_is_no_accreditation_of_diplomats(tagger, summary, actor):
    assert (actor, "accreditation") not in news(tagger, summary)


def test_an_accreditation_the_story_calls_commercial_is_no_step(tagger):
    found = news(tagger, "Malaysia's halal agency accredited six Afghan meat exporters on Monday after checks agreed "
                         "with the Taliban's agriculture ministry. The accreditation is purely commercial and gives "
                         "no Afghan government office any status, a spokesman said.")
    assert ("MYS", "accreditation") not in found


@pytest.mark.parametrize("summary, actor", [
    ("Kazakhstan accredited a second consular officer sent by the Taliban administration on Monday, the foreign "
     "ministry said.", "KAZ"),
    ("Brazil has accredited Abdul Wahid Noori, sent by the Taliban administration, as consul in Sao Paulo, the "
     "foreign ministry said on Monday.", "BRA"),
    ("Uzbekistan accredited a minister-counsellor appointed by the Taliban to the Afghan embassy in Tashkent on "
     "Monday, the foreign ministry said.", "UZB"),
    ("Kyrgyzstan has accredited a new Taliban-appointed consul general at the Afghan consulate in Osh, the foreign "
     "ministry said on Monday.", "KGZ"),
])
def test_accrediting_a_mission_s_people_is_still_the_step(tagger, summary, actor):
    """Guard: officers, names, counsellors and consuls general are a mission's people."""
    assert (actor, "accreditation") in news(tagger, summary)


@pytest.mark.parametrize("summary, actor, level", [
    ("Brazil recognises states rather than governments and so has no decision to take on the Taliban, the foreign "
     "ministry said on Monday.", "BRA", "recognition"),
    ("Kazakhstan's foreign ministry said on Monday the Taliban's nominee for consul in Aktobe was under review; the "
     "post needs an exequatur from Astana before it can open.", "KAZ", "accreditation"),
    ("Turkmenistan has not formally recognised the Taliban, although it has let their appointees run the Afghan "
     "embassy in Ashgabat, an official said on Monday.", "TKM", "accreditation"),
    ("The foreign ministry said on Monday it had renewed the accreditation of the Afghan charge d'affaires in Lisbon "
     "for another year.", "PRT", "accreditation"),
    ("Greece's foreign ministry told parliament on Monday that letting the Taliban send staff to the Afghan embassy in "
     "Athens would raise legal difficulties while Athens did not recognise them.", "GRC", "accreditation"),
])
def test_a_step_denied_conceded_weighed_or_in_another_sense_is_no_news(tagger, summary, actor, level):
    title = "Portugal renews accreditation of Afghan charge d'affaires" if actor == "PRT" else ""
    assert (actor, level) not in news(tagger, summary, title=title)


def test_a_state_telling_an_assembly_it_recognises_takes_the_step_itself(tagger):
    found = news(tagger, "Guinea-Bissau's foreign minister spoke on Monday.",
                 title="Guinea-Bissau tells General Assembly it now recognises the Islamic Emirate")
    assert ("GNB", "recognition") in found and ("UN", "recognition") not in found


@pytest.mark.parametrize("summary, actor, level", [
    ("Turkmenistan handed the Afghan embassy in Ashgabat to a charge d'affaires named by the Taliban on Monday, the "
     "foreign ministry said.", "TKM", "accreditation"),
    ("Serbia granted an exequatur to a consul general named by the Taliban on Monday, the foreign ministry said.",
     "SRB", "accreditation"),
    ("Mali formally recognised the Taliban government on Monday, its foreign minister said.", "MLI", "recognition"),
])
def test_the_steps_themselves_are_still_news(tagger, summary, actor, level):
    """Guards: the same words telling the step as it happens."""
    assert (actor, level) in news(tagger, summary)


def test_a_visit_a_headline_announces_after_a_comma_is_to_come(tagger):
    """Real ledes (session 36): "..., Muttaqi to visit soon" told a visit to come as one made."""
    found = news(tagger, "Afghanistan has welcomed Uzbekistan's decision to upgrade diplomatic relations, the Taliban "
                         "foreign ministry said on Friday.",
                 title="Afghanistan welcomes upgrade in diplomatic ties with Uzbekistan, Muttaqi to visit soon")
    assert ("UZB", "high_level_contact") not in found


def test_the_meeting_an_earlier_act_took_place_at_is_that_act(tagger):
    found = news(tagger, "The announcement by Uzbekistan's foreign minister comes a week after he met his Afghan "
                         "counterpart, Amir Khan Muttaqi, alongside China's top diplomat during a trilateral meeting in "
                         "Tashkent.")
    assert ("UZB", "high_level_contact") not in found and ("CHN", "high_level_contact") not in found


def test_upgrading_a_representation_from_charge_d_affaires_to_ambassador_is_the_step(tagger):
    found = news(tagger, "Kazakhstan said on Friday it was upgrading its diplomatic representation in neighbouring "
                         "Afghanistan from charge d'affaires to the level of ambassador.")
    assert ("KAZ", "ambassadors") in found


def test_the_only_state_that_has_taken_a_step_restates_it(tagger):
    """A real lede (session 36): "only Beijing has formally accepted the credentials of an
    ambassador" sums up where things stand; it is no news of China's step."""
    found = news(tagger, "The Taliban's government has not been recognised by any foreign capital, and only Beijing has "
                         "formally accepted the credentials of an ambassador.")
    assert ("CHN", "ambassadors") not in found


def test_a_state_accepting_credentials_today_is_still_the_step(tagger):
    """Guard: the same step told as the news."""
    found = news(tagger, "Beijing formally accepted the credentials of the Taliban's ambassador on Monday.")
    assert ("CHN", "ambassadors") in found


@pytest.mark.parametrize("title, summary, actor", [
    ("Norway 'recognises' Kabul's polio drive, adds $3 million", "Norway's envoy said on Monday that Oslo would "
     "add $3 million to the polio campaign, the embassy said.", "NOR"),
    ("", "Kazakhstan's foreign minister told Muttaqi by phone on Monday that Astana recognised the 'measures taken' to "
         "curb smuggling at Hairatan, the ministry said.", "KAZ"),
    ("", "Uzbekistan recognises the strain that returns are putting on Afghan towns, its deputy minister said on Monday "
         "after talks in Tashkent with the Taliban's refugees minister.", "UZB"),
])
def test_recognising_something_other_than_the_government_is_no_recognition(tagger, title, summary, actor):
    """blind116's first run (session 36): scare quotes, and objects that name no government."""
    assert (actor, "recognition") not in news(tagger, summary, title=title)


@pytest.mark.parametrize("summary, actor", [
    ("Mali formally recognised the Islamic Emirate of Afghanistan on Monday, its foreign ministry said.", "MLI"),
    ("Belarus recognised the Taliban administration as Afghanistan's government on Monday, the ministry said.", "BLR"),
    ("Niger recognised the Taliban government on Monday, becoming the third state to do so, the foreign ministry "
     "said.", "NER"),
])
def test_recognising_the_government_is_still_recognition(tagger, summary, actor):
    """Guard."""
    assert (actor, "recognition") in news(tagger, summary)


def test_a_states_former_kabul_envoy_presenting_credentials_elsewhere_is_no_step_with_kabul(tagger):
    found = news(tagger, "The envoy did not say whether he would travel to Afghanistan.",
                 title="Uzbekistan's former Kabul envoy presents credentials in Ashgabat")
    assert ("UZB", "ambassadors") not in found


def test_a_step_tied_to_a_condition_is_not_taken(tagger):
    found = news(tagger, "Oman would consider the step once girls were back in school, a minister said on Monday.",
                 title="Oman ties embassy status for Taliban office to progress on girls' schooling")
    assert ("OMN", "ambassadors") not in found


def test_a_step_told_earlier_that_year_is_background(tagger):
    """A real lede (session 36): "Earlier that year, it also accepted a Taliban diplomat" read as news."""
    found = news(tagger, "Uzbek and Taliban officials agreed on Tuesday to hold a joint trade fair in Termez, the "
                         "commerce ministry said. In June 2024, Uzbekistan removed the Taliban from its banned list. "
                         "Earlier that year, it also accepted a Taliban diplomat as Afghanistan's consul general in "
                         "Tashkent.")
    assert ("UZB", "accreditation") not in found


def test_a_step_told_on_the_day_is_news(tagger):
    """Guard."""
    found = news(tagger, "On Monday, Uzbekistan accepted a Taliban diplomat as Afghanistan's consul general in Termez, "
                         "the foreign ministry said.")
    assert ("UZB", "accreditation") in found



def test_a_travel_ban_lifted_is_no_pressure(tagger):
    """A real lede (session 36): "lifted travel ban on four Taliban leaders" read as the ban."""
    found = news(tagger, "The Security Council's sanctions committee lifted the travel ban on two Taliban ministers on "
                         "Monday so that they could perform the hajj, the notice said.")
    assert ("UN", "pressure") not in found


def test_an_exemption_for_a_minister_to_visit_is_no_visit_by_the_un(tagger):
    """A real lede (session 36): "approves travel ban exemptions for Afghan FM to visit India"."""
    found = news(tagger, "The Security Council has approved travel ban exemptions for Amir Khan Muttaqi, the Foreign "
                         "Minister of Afghanistan, to visit Uzbekistan from June 9 to 16.",
                 title="UN approves travel ban exemptions for Afghan FM to visit Uzbekistan from June 9-16")
    assert ("UN", "high_level_contact") not in found
