"""Formal steps, denials and names as blind107's and blind108's first runs missed them
(session 35, issue #15), in sentences of our own. Each case failed on the rules before its
change; the guards beside them held before and must still hold."""
import pytest
from tagged import kept, news


@pytest.mark.parametrize("summary", [
    "The U.N. office had received the Taliban's note, but a mission's accreditation 'follows what the General "
    "Assembly decides', a spokesperson said.",
    "The UN office in Vienna turned down the Taliban's nominee on Tuesday, saying accreditation to its bodies follows "
    "the General Assembly's decisions.",
])
def test_accreditation_told_as_a_procedure_is_no_step(tagger, summary):
    assert not {level for _, level in news(tagger, summary)} & {"accreditation", "ambassadors", "recognition"}


def test_accrediting_a_consul_is_still_a_step(tagger):
    """Guard: the verb, not the procedure."""
    found = news(tagger, "Spain accredited a consul sent by the Taliban to its Afghan embassy on Monday.")
    assert ("ESP", "accreditation") in found


def test_registering_an_officer_the_taliban_appointed_is_accreditation(tagger):
    found = news(tagger, "Portugal's foreign ministry has registered a consular officer appointed by the Taliban at "
                         "the Afghan embassy in Lisbon, an official said on Friday.")
    assert ("PRT", "accreditation") in found


@pytest.mark.parametrize("title", [
    "Lisbon rejects Taliban account of ambassador deal",
    "Lisbon rejects Taliban claims of an ambassador deal",
])
def test_rejecting_the_taliban_s_account_is_a_denial_not_pressure(tagger, title):
    found = news(tagger, "Portugal has not agreed to take an ambassador from Kabul, the foreign ministry said on "
                         "Monday.", title=title)
    assert ("PRT", "pressure") not in found and ("PRT", "ambassadors") not in found


def test_rejecting_the_taliban_s_nominee_is_still_pressure(tagger):
    """Guard: turning down the envoy is a refusal of ties."""
    found = news(tagger, "Portugal rejected the Taliban's nominee for ambassador on Monday, the foreign ministry said.")
    assert ("PRT", "pressure") in found


@pytest.mark.parametrize("summary, actor", [
    ("A Nicaraguan delegation led by a deputy foreign minister met Taliban Foreign Minister Amir Khan Muttaqi in "
     "Kabul on Monday.", "NIC"),
    ("A Ghanaian delegation led by a deputy foreign minister met Taliban Foreign Minister Amir Khan Muttaqi in Kabul "
     "on Monday.", "GHA"),
    ("A Bolivian delegation led by a deputy foreign minister met Taliban Foreign Minister Amir Khan Muttaqi in Kabul "
     "on Monday.", "BOL"),
])
def test_a_state_named_by_its_demonym_alone_takes_part(tagger, summary, actor):
    assert (actor, "high_level_contact") in news(tagger, summary)


def test_hosting_a_team_in_a_qualifier_is_sport_not_contact(tagger):
    found = news(tagger, "Tajikistan's sports committee head and the Taliban's sports director signed a coaching "
                         "protocol on Friday, hours before Afghanistan hosted Laos in a World Cup qualifier near Dushanbe.",
                 title="Tajik and Taliban sports officials sign coaching protocol")
    assert ("LAO", "high_level_contact") not in found


def test_an_invitation_side_is_a_team_not_an_invitation(tagger):
    found = news(tagger, "Afghan women cricketers living in exile beat a Canberra invitation side on Sunday, and the "
                         "Australian sport minister condemned the Taliban's ban on women's sport.")
    assert found == {("AUS", "pressure")}


@pytest.mark.parametrize("summary, found_wanted", [
    ("Qatar and Turkey brought Pakistani and Taliban negotiators together in Doha on Monday for another round of "
     "talks on cross-border attacks and the closed border crossings, Qatar's foreign ministry said.", False),
    ("Pakistan closed the border crossings at Torkham and Chaman on Monday after a night of firing.", True),
])
def test_the_closed_crossings_are_a_subject_closing_them_is_an_act(tagger, summary, found_wanted):
    assert (("PAK", "pressure") in news(tagger, summary)) is found_wanted


def test_red_cross_delegates_visiting_detainees_hold_no_talks(tagger):
    found = news(tagger, "Delegates of the International Committee of the Red Cross are visiting foreign nationals "
                         "held in Taliban-run jails every month, the ICRC said on Friday.")
    assert ("ICRC", "high_level_contact") not in found


def test_a_clash_named_by_its_month_is_background(tagger):
    found = news(tagger, "Pakistan handed 20 Afghan prisoners to Taliban border officials at Torkham on Friday, men "
                         "detained during the August clashes.")
    assert ("PAK", "hostile") not in found and ("PAK", "technical") in found


def test_shelling_its_own_clause_dates_days_before_is_background(tagger):
    found = news(tagger, "The Afghan commander told the Pakistani officers on Wednesday that the shelling of homes in "
                         "Dangam, which killed four civilians earlier this week, must not happen again.")
    assert ("PAK", "hostile") not in found


def test_shelling_told_as_the_news_is_hostile(tagger):
    """Guard: the act of the day."""
    found = news(tagger, "Pakistani shelling killed four civilians in Dangam on Wednesday, Taliban officials said.")
    assert ("PAK", "hostile") in found


# blind109's and blind110's first runs (session 35's first estimate), read after them: their overstated statuses
def test_counting_on_partners_to_recognise_is_a_wish(tagger):
    found = news(tagger, "Russia's foreign minister said on Friday that Moscow counted on its partners in the Shanghai "
                         "Cooperation Organisation to recognise the Taliban government soon.")
    assert ("RUS", "recognition") not in found


def test_accrediting_a_testing_laboratory_is_no_accreditation_of_diplomats(tagger):
    found = news(tagger, "Turkey's national accreditation body has accredited a soil and water testing laboratory run "
                         "by the Taliban's agriculture ministry, the ministry said on Monday.")
    assert ("TUR", "accreditation") not in found


def test_appointees_allowed_to_run_an_embassy_for_some_time_are_no_news(tagger):
    found = news(tagger, "Baku has allowed Taliban appointees to run the Afghan embassy for some time but has not "
                         "recognised the government, a ministry spokesman said on Tuesday.")
    assert ("AZE", "accreditation") not in found


def test_appointees_allowed_to_run_an_embassy_today_are_the_step(tagger):
    """Guard: the same act told as the day's news."""
    found = news(tagger, "Azerbaijan on Tuesday allowed Taliban appointees to run the Afghan embassy in Baku, a "
                         "ministry spokesman said.")
    assert ("AZE", "accreditation") in found


# heldout70's first run as a user (session 35's first estimate): reports of its events that were not stored
@pytest.mark.parametrize("title, summary", [
    ("Cold kills six in Afghanistan's Daikundi as temperatures plunge",
     "Six people, four of them children, have died in Daikundi province after an early freeze sent night "
     "temperatures to minus 20, a provincial disaster official said on Monday."),
    ("Faryab villagers say shepherd among those who died of the cold",
     "Villagers in Faryab's Qaisar district said on Tuesday that a shepherd and two boys had died of the cold "
     "after the first snow of the winter."),
    ("Intelligence forces kill four Daesh members in Kunar raid, spokesman says",
     "Special units killed four members of the Khawarij and seized a suicide vest in a night raid in Kunar's "
     "Asadabad district, the Islamic Emirate's spokesman said on Wednesday."),
])
def test_reports_of_deadly_cold_and_of_raids_on_the_islamic_state_are_kept(tagger, title, summary):
    assert kept(tagger, title, summary)


# blind109's first run, read after it
def test_the_team_that_monitors_un_sanctions_imposes_none(tagger):
    found = news(tagger, "Taliban officials in the north take a cut of smuggled gold, the team that monitors U.N. "
                         "sanctions on the Taliban said in a report on Thursday.")
    assert ("UN", "pressure") not in found


def test_a_request_that_could_still_be_turned_down_is_not_refused(tagger):
    found = news(tagger, "The U.N. sanctions committee has not yet ruled on a request for a Taliban minister to attend "
                         "a meeting in Doha, diplomats said on Monday. No member has raised an objection yet, one said, "
                         "but the request could still be turned down before Friday.")
    assert ("UN", "pressure") not in found


def test_a_request_turned_down_is_refused(tagger):
    """Guard: the refusal itself."""
    found = news(tagger, "The U.N. sanctions committee turned down a request for a Taliban minister to attend a "
                         "meeting in Doha, diplomats said on Monday.")
    assert ("UN", "pressure") in found


# Real ledes read through the search tool in session 35 (their wording not kept), the tagger run on them by hand
def test_accreditations_summed_up_in_recent_months_and_a_refusal_in_the_pluperfect_are_no_news(tagger):
    found = news(tagger, "The acting foreign minister said on Sunday that more capitals would reopen missions soon. "
                         "Kazakhstan, Oman, Iran and Turkmenistan have accredited diplomats appointed by the Islamic "
                         "Emirate in recent months, though each had at first declined to recognise it.")
    assert not found  # nor the refusal told in the pluperfect: "had at first declined to recognise"


def test_a_meeting_a_decision_follows_is_background(tagger):
    found = news(tagger, "Nepal on Tuesday upgraded its liaison office in Kabul to an embassy. The decision follows "
                         "the foreign minister's recent meeting with Taliban counterpart Amir Khan Muttaqi.")
    assert ("NPL", "high_level_contact") not in found and ("NPL", "ambassadors") in found


def test_a_meeting_told_a_week_and_a_half_before_is_background(tagger):
    found = news(tagger, "Nepal on Tuesday upgraded its liaison office in Kabul to an embassy. The announcement came a "
                         "week-and-a-half after its foreign minister held talks with Amir Khan Muttaqi in Kathmandu.")
    assert ("NPL", "high_level_contact") not in found


def test_clashes_a_truce_comes_after_a_week_of_are_background(tagger):
    found = news(tagger, "Oman and Malaysia brokered a truce between Pakistan and Afghanistan in Muscat on Sunday. The "
                         "deal, welcomed by Oman's foreign minister as a sound step, comes after more than a week of "
                         "deadly cross-border clashes that killed dozens.")
    assert not {level for _, level in found} & {"hostile"}


@pytest.mark.parametrize("summary, technical", [
    # a real lede (read through the search tool, our own words here) where the level model guessed technical
    ("A deportation flight to Afghanistan left Hanover airport on Thursday, the interior ministry said, carrying 31 "
     "Afghan men convicted of crimes. Germany does not maintain diplomatic relations with the Taliban leaders in Kabul.",
     False),
    # guard: the same flight, with the Taliban side's part told
    ("A deportation flight to Afghanistan left Hanover airport on Thursday, the interior ministry said, carrying 31 "
     "Afghan men convicted of crimes, whose return Taliban interior ministry officials had approved in advance. Germany "
     "does not maintain diplomatic relations with the Taliban leaders in Kabul.", True),
])
def test_the_level_model_guesses_no_technical_work_for_a_deportation_by_a_state_without_ties(tagger, monkeypatch,
                                                                                             summary, technical):
    monkeypatch.setattr(tagger._model, "guess", lambda features, threshold: ("technical", 0.9))
    found = news(tagger, summary, title="Deportation flight leaves Germany for Afghanistan")
    assert (("DEU", "technical") in found) is technical


# News-search items carry a headline alone; real ones read through the search tool in session 35 (their wording
# not kept) told plans in headlinese
@pytest.mark.parametrize("title, actor, level", [
    ("Mongolian foreign minister to visit Kabul", "MNG", "high_level_contact"),
])
def test_a_headline_alone_telling_a_visit_or_talks_to_come_is_no_contact_yet(tagger, title, actor, level):
    assert (actor, level) not in news(tagger, "", title=title)


@pytest.mark.parametrize("title, summary, actor, level", [
    ("Mongolia recognises Taliban government", "", "MNG", "recognition"),
    ("Mongolia to recognise Taliban government", "Mongolia formally recognised the Taliban government on Monday, its "
     "foreign ministry said.", "MNG", "recognition"),
])
def test_a_headline_telling_the_step_or_a_story_confirming_it_is_the_step(tagger, title, summary, actor, level):
    """Guards: the step told in the present, and a headline's plan the story tells as done."""
    assert (actor, level) in news(tagger, summary, title=title)


def test_a_ministers_trip_a_un_exemption_allows_is_no_visit_yet(tagger):
    found = news(tagger, "The U.N. Security Council has granted permission to the Taliban's foreign minister to visit "
                         "Ulaanbaatar for talks with Mongolian officials, a U.N. statement said on Friday.",
                 title="UN clears Taliban minister's trip to Mongolia")
    assert not found


def test_a_dateline_with_a_comma_before_its_agency_is_a_place(tagger):
    from tagged import PUBLISHED

    result = tagger.tag("Mongolian president accepts credentials of Taliban-appointed ambassador",
                        "Islamabad, Jan 30, (dpa) - Mongolia's president has accepted the credentials of the "
                        "Taliban's ambassador, the foreign ministry in Kabul said on Tuesday.", PUBLISHED)
    assert {(a.actor, a.role) for a in result.actors} >= {("PAK", "place"), ("MNG", "participant")}


@pytest.mark.parametrize("summary", [
    "Mongolia's president on Tuesday received ambassadorial credentials from the new Afghan envoy appointed by the "
    "Taliban administration.",
    "Mongolia's president on Tuesday received the credentials of the new Afghan envoy to Ulaanbaatar appointed by the "
    "Taliban administration.",
])
def test_credentials_of_a_new_afghan_envoy_received_are_the_ambassadors_step(tagger, summary):
    assert ("MNG", "ambassadors") in news(tagger, summary)


@pytest.mark.parametrize("summary", [
    "A plane carrying EU aid for quake-hit Afghans landed in Kabul on Tuesday. Last week, the UN mission in Afghanistan "
    "appealed for $139 million to help families hit by the quake.",
    "A plane carrying EU aid for quake-hit Afghans landed in Kabul on Tuesday. The UN mission in Afghanistan appealed "
    "last week for $139 million to help families hit by the quake.",
])
def test_an_appeal_made_last_week_is_background(tagger, summary):
    assert ("UN", "humanitarian") not in news(tagger, summary)


@pytest.mark.parametrize("summary, actor", [
    ("The UN mission in Afghanistan also criticized the measure announced by the Taliban on Wednesday.", "UN"),
    ("In a joint statement on Wednesday, the EU's foreign policy chief reacted sharply against the Taliban's new ban on "
     "women working for aid groups.", "EU"),
])
def test_criticising_a_taliban_measure_or_reacting_against_a_ban_is_pressure(tagger, summary, actor):
    assert (actor, "pressure") in news(tagger, summary)


def test_a_step_the_taliban_say_signifies_growing_recognition_is_no_recognition(tagger):
    found = news(tagger, "The foreign ministry of the Islamic Emirate said the step taken by Mongolia signifies the "
                         "growing political recognition of the Islamic Emirate at regional and international levels.",
                 title="Mongolia removes Taliban from list of banned groups")
    assert ("MNG", "recognition") not in found


def test_a_list_of_states_that_have_accepted_envoys_sums_up_where_things_stand(tagger):
    found = news(tagger, "Britain told the Afghan embassy in London on Monday to close by the end of the month. While "
                         "some nations like Iran, Qatar, and Uzbekistan have accepted Taliban-appointed envoys, most "
                         "Western countries have not.")
    assert not {level for _, level in found} & {"accreditation", "ambassadors", "recognition"}


def test_a_threat_going_on_with_an_act_a_week_before_is_background(tagger):
    found = news(tagger, "The Taliban freed a U.S. citizen on Sunday after a visit by Washington's hostage envoy. The "
                         "envoy's trip came a week after President Donald Trump urged the Taliban to hand control of "
                         "Bagram air base back to the United States, threatening that bad things would happen to "
                         "Afghanistan if it did not.",
                 title="Taliban free U.S. citizen after visit by hostage envoy")
    assert ("USA", "pressure") not in found


def test_recognising_the_scale_of_deportations_is_no_recognition(tagger):
    found = news(tagger, "The Taliban's deputy prime minister met the UN refugee chief in Kabul on Monday. Taliban "
                         "officials said the UN official recognised the scale of the deportations from Iran.")
    assert ("UN", "recognition") not in found


@pytest.mark.parametrize("summary", [
    "Special envoys on Afghanistan met in Doha on Sunday at a meeting hosted by the UN secretary-general. An aid group's "
    "chief said it was disappointing that the Taliban declined to attend the meeting.",
    "Talks among special envoys began on Sunday in the two-day Doha meeting on Afghanistan, hosted by the United "
    "Nations. The Taliban were invited to the meeting but declined to participate.",
])
def test_a_meeting_the_taliban_stayed_away_from_is_no_contact_with_them(tagger, summary):
    assert ("UN", "high_level_contact") not in news(tagger, summary, title="Envoys on Afghanistan meet in Doha")


def test_a_meeting_the_taliban_attended_is_contact(tagger):
    """Guard: the same meeting, attended."""
    found = news(tagger, "Talks among special envoys and a Taliban delegation began on Sunday in the two-day Doha meeting "
                         "on Afghanistan, hosted by the United Nations.", title="Envoys and Taliban meet in Doha")
    assert ("UN", "high_level_contact") in found


# After the estimate's run: real ledes on Saudi Arabia's embassy in Kabul (their wording not kept)
def test_a_recognition_dated_between_two_past_years_is_background(tagger):
    found = news(tagger, "Oman, along with two Gulf neighbours, recognized the Taliban regime during its first term in "
                         "power between 1996 and 2001, the report noted.", title="Oman reopens its embassy in Kabul")
    assert ("OMN", "recognition") not in found


def test_a_step_closer_towards_recognising_is_no_recognition(tagger):
    from tagged import events

    found = events(tagger, "Earlier this month, Belarus moved a step closer towards recognising the Taliban government "
                           "after its parliament passed a law on banned groups.", title="Oman reopens its embassy in Kabul")
    assert not {level for _, level, _ in found} & {"recognition"}


def test_a_step_others_press_a_government_to_take_is_not_taken(tagger):
    """blind118: lawmakers pressing their government to name an ambassador (our own words)."""
    found = news(tagger, "Members of parliament on Tuesday urged the government to upgrade its mission, saying a "
                         "charge d'affaires could not do the job.",
                 title="Malaysian MPs press Putrajaya to name a full ambassador to Kabul")
    assert ("MYS", "ambassadors") not in found


def test_a_step_taken_under_pressure_is_taken(tagger):
    """Guard: pressed by others, the state took the step."""
    found = news(tagger, "Pressed by Moscow, Kyrgyzstan named a full ambassador to Kabul on Tuesday, its foreign "
                         "ministry said.", title="Kyrgyzstan names ambassador to Kabul")
    assert ("KGZ", "ambassadors") in found


def test_the_accreditation_referred_back_to_after_an_ambassadors_credentials_is_that_step(tagger):
    """blind118: a ministry confirming "the accreditation" of the envoy just named (our own words)."""
    found = news(tagger, "Sri Lanka's high commissioner in Islamabad, now also its non-resident ambassador to "
                         "Afghanistan, handed a copy of his credentials to the Taliban's foreign minister in Kabul on "
                         "Monday. Sri Lanka's foreign ministry confirmed the accreditation.",
                 title="Sri Lankan envoy presents credentials in Kabul")
    assert ("LKA", "ambassadors") in found and ("LKA", "accreditation") not in found


def test_the_accreditation_of_another_diplomat_is_its_own_step(tagger):
    """Guard: accreditation of someone else named."""
    found = news(tagger, "Sri Lanka's non-resident ambassador handed a copy of his credentials to the Taliban's "
                         "foreign minister in Kabul on Monday. Colombo also approved the accreditation of a Taliban "
                         "consular officer at the Afghan embassy.", title="Sri Lankan envoy presents credentials")
    assert ("LKA", "accreditation") in found


def test_accepting_the_new_afghan_ambassador_appointed_by_the_taliban_is_the_ambassadors_step(tagger):
    """A real lede's wording (our own words): the envoy called Afghan, his appointer named after."""
    found = news(tagger, "On Monday the Belarusian authorities accepted the new Afghan ambassador, Abdul Rahim Saqib, "
                         "who was appointed by the Taliban.", title="Belarus accepts Taliban envoy")
    assert ("BLR", "ambassadors") in found


def test_an_afghan_ambassador_of_the_former_republic_accepted_long_ago_is_no_step_with_kabul(tagger):
    """Guard: no Taliban appointment named."""
    found = news(tagger, "Belarus accepted the new Afghan ambassador, a career diplomat of the republic, in 2019.",
                 title="Afghan embassy in Minsk marks anniversary")
    assert ("BLR", "ambassadors") not in found
