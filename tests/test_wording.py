"""Tags as real copy words them (ingest/tagging: triggers, modality, combine, sentence, actors,
the relevance screen): the cases blind72's to blind74's first runs missed, in sentences of our
own (issue #15). Each case failed on the rules before its change; the guards beside them held
before and must still hold."""
from datetime import date

import pytest
from tagged import PUBLISHED, events, news

from ingest.config import DEFAULT_RELEVANCE_IGNORE, DEFAULT_RELEVANCE_TERMS
from ingest.process import RelevanceFilter


@pytest.mark.parametrize("title", [
    "Astana: Afghan place in grain union only after Kabul signs transit pact",
    "Kazakhstan will back an Afghan seat in the grain union only after the Taliban sign a transit pact, officials say",
])
def test_a_step_that_waits_on_a_condition_has_not_happened(tagger, title):
    assert news(tagger, "", title=title) == set()


def test_the_order_of_two_past_acts_is_no_condition(tagger):
    """Guard: "reopened ... only after Kabul signed" tells which act came first; both happened."""
    found = news(tagger, "Pakistan reopened the Chaman crossing only after Kabul signed a border security pact, "
                         "officials said on Monday.")
    assert ("PAK", "high_level_contact") in found


@pytest.mark.parametrize("summary", [
    "Turkmenistan's state fuel company has halted diesel sales to Afghan traders, an official said on Tuesday.",
    "Kazakhstan stopped selling flour to Afghan importers on Monday, citing unpaid invoices.",
    "Uzbekistan suspended exports of cement to Afghanistan on Monday, its trade ministry said.",
])
def test_a_trade_cut_aimed_at_afghan_buyers_is_pressure(tagger, summary):
    assert ("pressure" in {level for actor, level in news(tagger, summary)})


def test_an_entry_ban_announced_for_the_future_is_pressure_now(tagger):
    found = news(tagger, "Four Taliban officials who ran a prison in Herat will be barred from entering Australia, "
                         "Foreign Minister Penny Wong said on Thursday.")
    assert ("AUS", "pressure") in found
    assert ("NZL", "pressure") in news(tagger, "", title="New Zealand names Taliban judges and a jailer in new entry "
                                                          "restrictions")


def test_what_a_step_follows_is_background(tagger):
    found = events(tagger, "Ottawa froze the assets of four Taliban judges on Wednesday. The listings follow Australian "
                           "sanctions on Taliban ministers over the ban on girls' schooling.")
    assert ("AUS", "pressure", False) not in found


def test_doctors_visits_to_detainees_are_no_visit_of_state(tagger):
    found = news(tagger, "Consular officers of the U.S. Afghanistan Affairs Unit and Taliban intelligence officials met "
                         "in Doha on Monday to arrange calls home for the two men, a U.S. official said.",
                 title="U.S. and Taliban officials meet in Doha on doctors' visits for two held Americans")
    assert found == {("USA", "technical")}


def test_a_protocol_signed_to_exchange_ambassadors_is_that_step_alone(tagger):
    found = news(tagger, "Mali's foreign minister and a Taliban deputy foreign minister signed a protocol on Friday to "
                         "exchange ambassadors, Malian state radio reported.")
    assert found == {("MLI", "ambassadors")}


def test_a_protocol_signed_beside_a_formal_step_on_another_matter_is_contact_too(tagger):
    """Guard: a trade deal signed as ambassadors are named is an act of its own."""
    found = news(tagger, "Mali and the Taliban signed a trade agreement on Friday and agreed to exchange ambassadors, "
                         "Malian state radio reported.")
    assert {("MLI", "ambassadors"), ("MLI", "high_level_contact")} <= found


def test_a_vaccination_campaign_settled_by_officials_is_technical(tagger):
    found = news(tagger, "Officials of UNICEF and the Taliban's public health ministry agreed on Sunday on the routes of "
                         "a polio campaign in Kunar and Nuristan, the ministry said.")
    assert found == {("UN", "technical")}


def test_people_sent_back_are_no_aid_sent(tagger):
    found = news(tagger, "Officials of UNICEF and the Taliban's health ministry agreed on Monday on routes for a polio "
                         "round in villages housing families sent back from Iran and Pakistan, including where women "
                         "vaccinators may work.")
    assert ("UN", "humanitarian") not in found


def test_a_capital_whose_sidelines_host_talks_is_a_place(tagger):
    found = tagger.tag("Wang Yi raises mine guards with Muttaqi on Astana sidelines",
                       "China's foreign minister met the Taliban's foreign minister on the sidelines of a forum in "
                       "the Kazakh capital on Tuesday.", PUBLISHED)
    assert {a.actor: a.role for a in found.actors}.get("KAZ") == "place"


def test_a_convention_named_for_a_city_names_no_state(tagger):
    found = tagger.tag("Dushanbe still weighing Taliban nominee for consulate",
                       "Tajikistan has not approved the man the Taliban put forward for its consulate in Khorog, and "
                       "his papers are being checked under the Vienna Convention, an official said.", PUBLISHED)
    assert "AUT" not in {a.actor for a in found.actors}


def test_a_head_of_state_named_alone_speaks_for_his_state(tagger):
    found = news(tagger, "", title="Touadera signs decree recognising Taliban government, presidency says")
    assert found == {("CAF", "recognition")}


def test_a_ribbon_cut_with_the_taliban_side_is_contact(tagger):
    """heldout44 (read after its first run): an ambassador opening a Chinese-built road with
    the Taliban's mines minister; the story was left out as naming no act."""
    found = tagger.tag("Work begins on Aynak copper project road",
                       "The ambassador of the People's Republic of China and the Taliban's mines minister cut the "
                       "ribbon at the site in Logar on Thursday, the ministry said.", PUBLISHED)
    assert found.levels() == {"CHN": ["high_level_contact"]} and "trade_transit" in found.topic_ids


# blind73 (read after its first run)

def test_the_state_ranked_before_the_one_taking_a_step_takes_no_part(tagger):
    found = tagger.tag("Nigeria recognises Taliban government, the largest state after Russia",
                       "Nigeria becomes the most populous country after Russia to extend formal recognition to the "
                       "Taliban, its foreign ministry said on Thursday.", PUBLISHED)
    assert found.levels() == {"NGA": ["recognition"]}
    assert {a.actor: a.role for a in found.actors}["RUS"] == "mentioned"


@pytest.mark.parametrize("title", [
    "Chile has no plans to follow Russia and China in recognising Taliban",
    "EU keeps sanctions, rules out following Moscow on recognition",
])
def test_the_states_a_headline_says_others_follow_take_no_part(tagger, title):
    roles = {a.actor: a.role for a in tagger.tag(title, "", PUBLISHED).actors}
    assert all(roles[state] == "mentioned" for state in ("RUS", "CHN") if state in roles) and roles


def test_a_recognition_that_has_since_done_something_is_no_news(tagger):
    found = news(tagger, "Lavrov told reporters on Wednesday that Russia's recognition of the Taliban government had "
                         "'opened doors' for other capitals.")
    assert ("RUS", "recognition") not in found


@pytest.mark.parametrize("summary, expected", [
    ("Sweden's envoy told Muttaqi on Thursday that the ban on women aid workers was 'unacceptable', the ministry said.",
     {("SWE", "pressure")}),
    ("Sweden's foreign minister called the Taliban's closure of women's universities unacceptable on Thursday.",
     {("SWE", "pressure")}),
    ("Lavrov told the meeting with Taliban officials that foreign bases in Central Asia were unacceptable.", set()),
    ("Britain's foreign minister told parliament that the shutdown 'cannot be justified on any grounds', after the "
     "Taliban cut the internet again.", {("GBR", "pressure")}),
])
def test_calling_a_taliban_step_unacceptable_is_pressure(tagger, summary, expected):
    assert {(a, level) for a, level in news(tagger, summary) if level == "pressure"} == expected


def test_consent_to_the_talibans_nominee_is_the_ambassadors_step(tagger):
    assert news(tagger, "", title="Laos consents to Taliban envoy as non-resident ambassador") == {("LAO", "ambassadors")}


def test_talks_then_a_request_name_no_party_in_the_request(tagger):
    found = news(tagger, "Wang Yi held talks with Muttaqi in Beijing on Wednesday and asked Kabul to protect Chinese "
                         "workers along its border with Tajikistan, the ministry said.")
    assert found == {("CHN", "high_level_contact")}


def test_an_agreement_with_officials_of_a_taliban_ministry_has_the_taliban_as_party(tagger):
    found = news(tagger, "Belgium's migration office said on Wednesday it had agreed with officials of the Taliban's "
                         "interior ministry to exchange passenger lists before removal flights.")
    assert found == {("BEL", "technical")}


def test_staff_a_decision_leaves_alone_are_no_technical_work(tagger):
    found = news(tagger, "Berlin refused to accept the Taliban's nominee for its Munich consulate on Wednesday; "
                         "consular staff already working in Germany were not affected, the ministry said.")
    assert ("DEU", "technical") not in found


@pytest.mark.parametrize("text", ["Uzbek guards fired mortar rounds at Taliban positions on the Amu Darya on Tuesday.",
                                  "Uzbek guards fire on Taliban post near Hairatan"])
def test_firing_rounds_at_or_on_a_post_is_hostile(tagger, text):
    assert ("UZB", "hostile") in news(tagger, text)


def test_states_that_have_all_accepted_taliban_staff_sum_up_where_things_stand(tagger):
    found = events(tagger, "Norway and Finland have both accepted Taliban-sent consular staff for similar work.",
                   title="Dutch cabinet weighing Taliban request for consular official")
    assert not any(not background for _, _, background in found)


def test_aid_received_is_its_givers(tagger):
    assert news(tagger, "", title="Herat governor receives Kazakh aid; trucks leave for Ghor") == {("KAZ", "humanitarian")}
    found = news(tagger, "Taliban officials took delivery of 40 tonnes of flour from Uzbekistan at Hairatan on Friday.")
    assert found == {("UZB", "humanitarian")}


def test_a_trade_deal_with_culture_words_is_still_news(tagger):
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    assert relevance.is_relevant("India and Afghanistan agree more freighter slots at Mumbai",
                                 "Afghan cargo airlines may carry saffron and dried fruit under an arrangement worked out "
                                 "with a delegation from the Taliban's civil aviation ministry, officials said.")


def test_a_ban_on_womens_work_is_the_womens_rights_topic(tagger):
    found = tagger.tag("Development bank keeps Afghan lending on hold",
                       "The bank will keep new lending frozen while the Taliban bar women from working for aid groups, "
                       "its president said on Monday.", PUBLISHED)
    assert "women_rights" in found.topic_ids


# blind74 (read after its first run)

def test_agrement_for_the_talibans_nominee_is_the_ambassadors_step_of_the_state_named(tagger):
    found = news(tagger, "Agrement for the Taliban's nominee as ambassador to Mongolia, a former trade official who "
                         "handled wool and cashmere purchases from Mongolian herders, has been granted by the foreign "
                         "ministry, a spokeswoman said on Wednesday.")
    assert found == {("MNG", "ambassadors")}


def test_appointing_ones_own_ambassador_to_kabul_is_the_ambassadors_step(tagger):
    found = news(tagger, "Uzbek President Shavkat Mirziyoyev has appointed a former head of the state railway "
                         "company's freight directorate as Uzbekistan's ambassador to Afghanistan, a decree said.")
    assert found == {("UZB", "ambassadors")}


def test_a_route_named_for_countries_names_none_even_with_its_acronym_between(tagger):
    found = tagger.tag("Engineers agree pipeline detour",
                       "Engineers from Turkmengaz and the Taliban's mines ministry agreed on Tuesday how the "
                       "Turkmenistan-Afghanistan-Pakistan-India (TAPI) pipeline will bypass orchards near Herat.",
                       PUBLISHED)
    assert set(found.participant_ids) == {"TKM", "TALIBAN"}


def test_foreign_and_afghan_engineers_at_work_together_is_technical(tagger):
    found = news(tagger, "Uzbek and Afghan engineers tested the new power line to Pul-e-Khumri on Sunday, "
                         "the Taliban's energy ministry said.")
    assert found == {("UZB", "technical")}


def test_places_offered_to_women_the_taliban_bar_are_aid_not_a_ban(tagger):
    found = news(tagger, "", title="Malaysia offers 120 scholarships to Afghan women barred from universities")
    assert found == {("MYS", "humanitarian")}


def test_money_kept_frozen_is_pressure_and_an_exemption_asked_for_is_not_a_ban(tagger):
    assert ("WB", "pressure") in news(tagger, "The World Bank will keep financing for the Afghan section of the "
                                              "power line frozen, citing the Taliban's curbs on women, a spokesperson said.")
    found = news(tagger, "China asked the 1988 sanctions committee on Thursday to extend a Taliban minister's travel ban "
                         "exemption by three months, diplomats said.")
    assert ("UN", "pressure") not in found


def test_no_names_added_to_a_list_is_no_aid(tagger):
    found = news(tagger, "Austria said on Thursday it would add no more names to its admission list for Afghan women "
                         "teachers and education activists at risk from the Taliban.")
    assert ("AUT", "humanitarian") not in found


def test_a_victims_nationality_does_no_violence(tagger):
    found = news(tagger, "Kazakhstan summoned the Taliban's envoy on Tuesday after a Kazakh grain trader was shot "
                         "dead by gunmen in Mazar-i-Sharif, the ministry said.")
    assert ("KAZ", "hostile") not in found and ("KAZ", "pressure") in found


def test_a_city_where_others_gather_is_a_place(tagger):
    found = tagger.tag("Taliban minister barred from Baku teachers' conference", "", PUBLISHED)
    assert {a.actor: a.role for a in found.actors}.get("AZE") == "place"


def test_a_ski_course_named_for_kandahar_is_no_afghan_news(tagger):
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    title, summary = ("Wind halts women's downhill on St Anton's Kandahar course",
                      "Gusts forced organisers to cancel Saturday's World Cup race, the ski federation said.")
    assert not relevance.is_relevant(title, summary) or not tagger.tag(title, summary, PUBLISHED).on_subject


def test_an_airport_inspection_keeps_its_runway_and_screening_words(tagger):
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    assert relevance.is_relevant("Qatari inspectors clear Herat airport for Doha service",
                                 "Qatar's civil aviation authority approved Herat airport after its inspectors and "
                                 "Afghan officials checked the runway and passenger screening, it said on Monday.")


# blind75 (read after its first run)

def test_what_a_protest_is_over_is_not_the_protesters_act(tagger):
    found = news(tagger, "", title="Tashkent summons Afghan envoy over cross-border fire on Termez posts")
    assert found == {("UZB", "pressure")}


def test_strikes_over_the_weekend_are_the_strikers_act(tagger):
    """Guard: "over the weekend" is when, not what a step answers."""
    found = news(tagger, "Over the weekend Pakistani jets struck Taliban posts in Khost, residents said on Monday.")
    assert ("PAK", "hostile") in found


def test_a_grant_signer_who_then_meets_a_minister_meets_alone(tagger):
    found = news(tagger, "", title="South Korean envoy signs WFP food grant, meets Taliban economy minister")
    assert found == {("KOR", "humanitarian"), ("KOR", "high_level_contact"), ("UN", "humanitarian")}


def test_a_grant_signed_on_a_weekday_for_an_agency_is_aid(tagger):
    found = news(tagger, "Norway's envoy signed a $4 million grant on Monday for UNICEF to run winter schools in Ghor, "
                         "the embassy said.")
    assert ("NOR", "humanitarian") in found


@pytest.mark.parametrize("summary", [
    "Iran's foreign minister said on Monday that Tehran would not remain silent while Kabul held back its water.",
    "Tajikistan is using every legal and political tool against the Taliban's canal, its energy minister said on Friday.",
])
def test_a_vow_not_to_stay_silent_is_pressure(tagger, summary):
    assert "pressure" in {level for actor, level in news(tagger, summary)}


def test_a_refused_asylum_claim_is_no_pressure_on_the_taliban(tagger):
    found = news(tagger, "Sweden deported an Afghan man on Thursday whose asylum claim was turned down twice, the "
                         "migration agency said.")
    assert not any(level == "pressure" for actor, level in found)


def test_a_review_that_began_earlier_does_not_date_the_step_ending_it(tagger):
    found = events(tagger, "Oman has accepted a trade attache named by the Taliban administration to handle the papers "
                           "of Omani traders, ending a review that began in the winter.")
    assert ("OMN", "accreditation", False) in found


def test_an_envoy_to_lead_talks_is_no_talks(tagger):
    found = news(tagger, "The Security Council voted on Monday to extend the mission, in a resolution that stopped short "
                         "of endorsing the appointment of a special envoy to lead talks between the Taliban and China.")
    assert ("CHN", "high_level_contact") not in found


def test_the_security_council_a_state_speaks_to_is_where_not_who(tagger):
    found = tagger.tag("France tells Security Council Taliban decrees erase women from public life",
                       "France's ambassador told a Security Council meeting on Afghanistan on Tuesday that the "
                       "Taliban's decrees had to be lifted, and called on the Taliban to reopen schools for girls.",
                       PUBLISHED)
    assert "UN" not in found.participant_ids
    assert {(e.actor, e.level) for e in found.engagement} == {("FRA", "pressure")}


def test_an_iranian_province_named_for_azerbaijan_is_not_azerbaijan(tagger):
    found = tagger.tag("West Azerbaijan police send 800 Afghans to the border",
                       "Police in Iran's West Azerbaijan province detained about 800 Afghans in Urmia on Monday and put "
                       "them on buses to Dogharoun, a police chief said.", PUBLISHED)
    assert "AZE" not in {a.actor for a in found.actors}


def test_a_police_code_name_is_no_afghan_news(tagger):
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS),
                                tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    assert not relevance.is_relevant("Italian police 'Operation Kandahar' seizes cocaine at Genoa port",
                                     "Police seized 300 kilograms of cocaine in an investigation code-named "
                                     "'Operation Kandahar', the interior ministry said on Wednesday.")


@pytest.mark.parametrize("summary, topic", [
    ("A labour attache at the Afghan mission in Kuwait City will handle workers' papers from next month, officials said.",
     "diplomatic_missions"),
    ("Canadian and Taliban officials agreed in Doha on Monday how relatives of evacuees can get passports.",
     "migration_deportation"),
    ("The agency will give food and shelter to Afghans who have returned to their country since March.",
     "migration_deportation"),
    ("The fund has no plans to resume its reviews while member countries remain divided over who represents Kabul.",
     "recognition"),  # blind77
    ("The minister raised women's access to paid work with his Taliban counterpart on Monday.", "women_rights"),
])
def test_words_of_attaches_evacuees_and_returns_give_their_topics(tagger, summary, topic):
    assert topic in tagger.tag("", summary, PUBLISHED).topic_ids


def test_topic_words_inside_a_restated_aside_make_no_topic(tagger):
    found = tagger.tag("", "Norway, which hosted talks on a ceasefire between Kabul and Islamabad in 2024, sent 40 tonnes "
                           "of medicine to Herat on Tuesday, its embassy said.", PUBLISHED)
    assert "mediation" not in found.topic_ids


# blind76 (read after its first run)

@pytest.mark.parametrize("title, summary", [
    ("Afghan refugee women's team beats Spanish club in Valencia friendly",
     "A team of Afghan women footballers living as refugees in Europe beat a Spanish first-division club 3-1 in a "
     "FIFA-backed friendly on Sunday."),
    ("Istanbul airport customs find 'Afghan tortoises' in luggage",
     "Customs officers found 200 live tortoises sold in the pet trade as 'Afghan tortoises' in two suitcases."),
])
def test_sport_and_pets_named_afghan_are_no_afghan_news(tagger, title, summary):
    """A word and its plural ("refugee", "refugees") are one word of politics, not two."""
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    assert not relevance.is_relevant(title, summary)


def test_a_district_named_for_a_fort_names_no_capital(tagger):
    found = tagger.tag("Quake kills 12 in Herat's Kushk-i-Rabat Sangi",
                       "Rescuers reached villages in Kushk-e Robat Sangi district on Wednesday.", PUBLISHED)
    assert "MAR" not in {a.actor for a in found.actors}


# blind77 (read after its first run)

def test_an_ambassador_exchange_agreed_is_the_ambassadors_step_and_the_own_envoy_accredited_to_kabul_too(tagger):
    found = news(tagger, "Mali's foreign minister said its envoy would live in Doha and be accredited to Kabul.",
                 title="Mali and Taliban agree ambassador exchange at Doha forum")
    assert found == {("MLI", "ambassadors")}


def test_officials_from_a_state_named_inside_the_trigger_act(tagger):
    found = news(tagger, "Water officials from Turkmenistan and the Taliban administration met in Herat on Monday.")
    assert found == {("TKM", "technical")}


def test_identity_interviews_agreed_with_the_taliban_are_technical(tagger):
    found = news(tagger, "Finland's immigration service and the Taliban's refugees ministry have agreed to hold identity "
                         "interviews with rejected asylum seekers by video link, the interior ministry said on Monday.")
    assert found == {("FIN", "technical")}


def test_returnees_reaching_a_province_from_a_state_leave_that_state_out(tagger):
    found = tagger.tag("Jakarta funds WFP food parcels for returnees reaching Herat from Iran", "", PUBLISHED)
    assert "IRN" not in found.participant_ids


def test_a_religious_institution_named_dar_is_no_pakistani_minister(tagger):
    found = tagger.tag("", "The ruling was issued by Dar al-Ifta in Cairo on Friday and urged the movement's leaders to "
                           "reopen schools for girls in Afghanistan.", PUBLISHED)
    assert "PAK" not in {a.actor for a in found.actors}


def test_urging_the_movements_leaders_to_lift_a_ban_is_pressure(tagger):
    found = news(tagger, "Indonesia's foreign minister on Monday urged the movement's leaders to lift the Taliban's ban "
                         "on girls' schooling.")
    assert found == {("IDN", "pressure")}


def test_work_suspended_after_the_taliban_bar_women_is_pressure(tagger):
    found = news(tagger, "The World Bank has suspended a water project in Balkh after Taliban officials stopped its "
                         "women engineers from visiting sites, the bank said on Monday.")
    assert found == {("WB", "pressure")}


def test_telling_a_council_the_taliban_must_act_is_pressure(tagger):
    found = news(tagger, "Britain told the Security Council on Tuesday that the Taliban must release all detained "
                         "aid workers.")
    assert ("GBR", "pressure") in found


@pytest.mark.parametrize("title", ["Norwegian aid group digs wells for Turkmen villages near the canal",
                                   "Danish aid committee opens clinic for Uzbek villagers in Faryab"])
def test_villages_and_aid_groups_named_for_a_people_are_no_state(tagger, title):
    found = tagger.tag(title, "", PUBLISHED)
    assert not {"TKM", "UZB", "DNK"} & {a.actor for a in found.actors}


def test_an_armed_group_in_the_headline_is_only_mentioned(tagger):
    found = tagger.tag("Pakistan's Dar meets Muttaqi as Pakistani Taliban attacks top agenda",
                       "Pakistan's deputy prime minister met the Taliban's foreign minister in Termez on Thursday.",
                       PUBLISHED)
    assert "TTP" not in found.participant_ids


# blind78 (read after its first run)

def test_a_state_listed_before_a_taliban_ministry_named_by_its_owner_acts_with_it(tagger):
    found = news(tagger, "Belgium and the Taliban's ministry of refugees and repatriation have agreed a procedure for "
                         "receiving Afghans who go home voluntarily, officials said on Monday.")
    assert found == {("BEL", "technical")}


def test_a_consular_section_at_work_with_a_taliban_ministry_is_technical(tagger):
    found = news(tagger, "The consular section of the Kuwaiti embassy in Kabul and the Taliban's labour ministry agreed "
                         "on Sunday to open temporary visa counters in Herat.")
    assert found == {("KWT", "technical")}


def test_lists_of_detained_crossers_swapped_are_a_working_matter(tagger):
    found = news(tagger, "Border commissioners of Turkmenistan and the Taliban met on Tuesday. The two sides agreed to "
                         "swap lists of detained border crossers every week.")
    assert found == {("TKM", "technical")}


def test_declining_a_taliban_invitation_is_pressure(tagger):
    found = news(tagger, "France's envoy declined an invitation from the Taliban administration to attend a mining "
                         "conference in Kabul, the foreign ministry said on Tuesday.")
    assert found == {("FRA", "pressure")}


def test_what_a_state_is_criticised_for_having_done_is_background(tagger):
    found = events(tagger, "The resolution criticised Italy for having held talks with Taliban officials on deportations.")
    assert ("ITA", "technical", False) not in found


def test_worthy_of_the_taliban_is_a_comparison_not_afghan_news(tagger):
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    assert not relevance.is_relevant("Chilean senator says dress code for nurses smacks of the Taliban",
                                     "A senator called a hospital's rule on nurses' uniforms 'worthy of the Taliban' on "
                                     "Saturday; the hospital said it would review it.")


# blind79 (read after its first run)

def test_a_recognition_announced_at_a_presidential_residence_is_that_states(tagger):
    found = news(tagger, "", title="Akorda announces recognition of Islamic Emirate, citing grain sales")
    assert found == {("KAZ", "recognition")}


def test_agreeing_to_turn_missions_into_embassies_is_the_ambassadors_step(tagger):
    found = news(tagger, "Uzbek Foreign Minister Bakhtiyor Saidov hosted the Taliban's foreign minister in Tashkent on "
                         "Wednesday, after which the two sides agreed to turn their missions into embassies.")
    assert ("UZB", "ambassadors") in found


def test_a_round_of_talks_is_not_dated_by_the_truce_it_shores_up(tagger):
    found = events(tagger, "Pakistani and Taliban delegations met on Tuesday for another round of talks hosted by Turkey's "
                           "intelligence agency, with Qatari mediators also present, to shore up the truce first reached "
                           "in Doha in October 2025.")
    assert ("QAT", "high_level_contact", False) in found


def test_what_states_already_do_is_background(tagger):
    found = events(tagger, "Sweden and Denmark already return convicted Afghans under arrangements with Taliban officials.")
    assert not {(actor, background) for actor, _, background in found} & {("SWE", False), ("DNK", False)}


def test_a_building_built_with_foreign_money_years_ago_is_no_aid_now(tagger):
    found = news(tagger, "A schedule for repairs at the dam in Herat, built with Indian money and opened in 2016, was "
                         "agreed on Friday by Indian engineers and Taliban officials, the embassy said.")
    assert ("IND", "humanitarian") not in found


def test_a_mission_named_as_the_source_takes_no_technical_step(tagger):
    found = news(tagger, "A consignment of medicines gifted by India reached Kabul on Thursday and was handed to "
                         "Taliban health officials, India's technical team in Kabul said.")
    assert found == {("IND", "humanitarian")}


def test_telling_kabul_what_will_happen_unless_it_acts_is_pressure(tagger):
    found = news(tagger, "Uzbekistan's security council secretary told the Taliban administration on Monday that "
                         "Tashkent would close the bridge if the attacks did not stop.")
    assert ("UZB", "pressure") in found


def test_the_ceremony_opening_a_facility_a_donor_paid_for_is_the_aid(tagger):
    found = news(tagger, "A 60-bed ward paid for by the Kuwait Fund opened at Herat's hospital on Sunday, at a ceremony "
                         "attended by Taliban officials and Kuwait's charge d'affaires.")
    assert found == {("KWT", "humanitarian")}


def test_people_pushed_out_of_a_state_leave_it_out(tagger):
    found = tagger.tag("Danish grant routed through UNHCR for Afghans pushed out of Iran", "", PUBLISHED)
    assert "IRN" not in found.participant_ids


def test_calling_on_others_to_keep_paying_for_aid_gives_none(tagger):
    found = news(tagger, "The European Parliament adopted a resolution on Thursday calling on the Commission to keep "
                         "paying for clinics in Afghanistan that employ women.")
    assert ("EU", "humanitarian") not in found


def test_an_organisation_named_only_as_an_employer_takes_no_guessed_step(tagger):
    found = news(tagger, "Japan's foreign ministry on Friday urged the Taliban authorities to lift curbs that have kept "
                         "Afghan women employed by United Nations agencies out of their offices, saying they gravely "
                         "undermine humanitarian work.",
                 title="Tokyo urges Taliban to let Afghan women U.N. staff back into their offices")
    assert ("UN", "pressure") not in found


def test_a_place_abroad_named_for_kabul_is_no_afghan_news(tagger):
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    assert not relevance.is_relevant("Kabul Lines to get a new school", "A school will be built at Kabul Lines in Delhi "
                                     "Cantonment, the board said on Tuesday.")


def test_condemning_a_bombing_is_no_pressure_on_kabul(tagger):
    """heldout51: the states that condemn an Islamic State bombing of a Taliban ministry
    press nobody in Kabul; condemning a Taliban act still does."""
    assert news(tagger, "", title="Islamic State claims Kabul ministry bombing; Iran, Turkey and UN mission condemn it") == set()
    assert news(tagger, "Iran's foreign ministry condemned the bombing at the ministry on Monday.") == set()
    assert ("EU", "pressure") in news(tagger, "The Taliban closed girls' schools again on Monday and the European Union "
                                             "condemned it.")


def test_a_shooting_in_farahs_border_district_is_afghan_news(tagger):
    """heldout52: a report naming only Farah's district (not the country) is an Afghan story."""
    relevance = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)
    assert relevance.is_relevant("Survivors say Iranian guards fired without warning at Qala-e Kah border",
                                 "Relatives of the migrants shot on the Iranian border in Farah's Qala-e Kah district say "
                                 "ten men were killed.")


# blind80 (read after its first run, the session's estimate)

def test_the_guests_a_third_state_hosts_with_the_taliban_meet_them(tagger):
    found = news(tagger, "Qatar's minister of state hosted the heads of Iran's and the Taliban's border forces in Doha "
                         "on Monday, a Qatari official said.")
    assert ("IRN", "high_level_contact") in found


def test_a_ministers_meeting_about_returns_is_the_meeting(tagger):
    found = news(tagger, "Greece's Migration Minister met the Taliban's refugees minister in Kabul on Thursday for talks "
                         "on the return of Afghans living in Greece without papers.")
    assert found == {("GRC", "high_level_contact")}


def test_contracts_worth_a_decimal_sum_signed_by_a_state_are_its_contact(tagger):
    found = news(tagger, "Contracts worth $2.4 billion were signed on Friday by Kazakh Deputy Prime Minister Serik "
                         "Zhumangarin and the Taliban's deputy prime minister.")
    assert ("KAZ", "high_level_contact") in found


def test_a_citizen_barred_from_leaving_afghanistan_is_no_pressure_by_his_state(tagger):
    found = news(tagger, "Britain's envoy met a Taliban deputy minister on Monday to discuss the case of a British "
                         "engineer barred from leaving Afghanistan.")
    assert ("GBR", "pressure") not in found


def test_a_clinic_kitted_out_by_a_donor_is_aid(tagger):
    found = news(tagger, "South Korea's aid agency has kitted out a clinic at Islam Qala with beds and a pharmacy for "
                         "families coming back from Iran, the agency said on Tuesday.")
    assert ("KOR", "humanitarian") in found


def test_money_set_aside_for_programmes_is_aid_and_places_in_an_intake_are_not(tagger):
    assert ("NZL", "humanitarian") in news(tagger, "New Zealand set aside NZ$5 million for programmes run by UN Women "
                                                   "in Afghanistan, the foreign minister said on Monday.")
    assert news(tagger, "Canada will set aside 3,000 places for Afghans in its humanitarian intake next year, the "
                        "immigration minister said on Tuesday.") == set()


def test_the_sanctions_a_decree_cites_are_background(tagger):
    found = events(tagger, "Chile designated the Taliban a terrorist organisation on Tuesday. The decree cites U.N. "
                           "Security Council sanctions on Taliban figures.")
    assert ("UN", "pressure", False) not in found


def test_a_state_named_only_as_where_returnees_came_from_is_not_carried_into_kabuls_care(tagger):
    """heldout52: the Taliban ministry's report of a charter's arrival; the checks and money it
    gives the returnees are Kabul's, not the deporting state's aid."""
    found = news(tagger, "Officials of the Ministry of Refugees received 61 Afghan nationals returned from Austria at "
                         "Kabul airport on Tuesday. The returnees were registered, given a medical check and provided "
                         "with travel money, and will be sent on to their home provinces.")
    assert ("AUT", "humanitarian") not in found


# blind81 (its one overstated status read after its first run, the session's estimate)

def test_a_recognition_that_could_follow_later_has_not_happened(tagger):
    assert news(tagger, "", title="Saidov says recognition of Taliban could follow once the railway reaches Mazar") == set()
    assert news(tagger, "", title="Tokayev says recognition of Taliban might follow once trade doubles") == set()


# blind81's other misses, read at session 30's start

def test_an_acronym_a_story_defines_for_another_name_is_not_that_country(tagger):
    """"DRC" is the Democratic Republic of the Congo's, unless the story says it stands for
    another name; then it is that name wherever the story uses it again."""
    story = tagger.tag("EU grant pays for DRC shelters in Kunar",
                       "The Danish Refugee Council (DRC) said on Friday that shelters it is building in Kunar with EU "
                       "humanitarian aid would house 2,000 families; Taliban officials approved the sites.", PUBLISHED)
    assert "COD" not in {a.actor for a in story.actors}
    congo = tagger.tag("", "The Democratic Republic of the Congo (DRC) sent a deputy foreign minister to Kabul, where "
                           "he met Taliban officials on Monday.", PUBLISHED)
    assert "COD" in {a.actor for a in congo.actors if a.role == "participant"}


def test_a_states_envoy_to_the_un_speaks_for_the_state(tagger):
    found = news(tagger, "Brazil's U.N. ambassador demanded on Tuesday that the Taliban reopen girls' secondary "
                         "schools, telling a Security Council meeting that the ban had no basis.")
    assert found == {("BRA", "pressure")}


def test_an_office_named_for_relief_gives_no_aid(tagger):
    found = news(tagger, "The Taliban's deputy prime minister received the U.N. emergency relief coordinator in Kabul "
                         "on Sunday and asked for more help for returnees, his office said.")
    assert ("UN", "humanitarian") not in found


def test_aid_cut_in_a_donors_budget_is_no_aid_given(tagger):
    found = news(tagger, "Sweden's parliament approved a budget on Wednesday in which humanitarian aid was cut by a "
                         "quarter, including the share for Afghanistan, officials said.")
    assert ("SWE", "humanitarian") not in found



def test_equipment_handed_to_a_named_hospital_is_aid(tagger):
    found = news(tagger, "Qatar's envoy handed 12 dialysis machines to Herat's regional teaching hospital on Sunday, "
                         "then met the Taliban governor, the embassy said.")
    assert ("QAT", "humanitarian") in found


def test_demanding_that_those_behind_an_attack_be_punished_is_pressure(tagger):
    found = news(tagger, "Kazakhstan's ambassador met the Taliban interior minister on Monday and demanded that those "
                         "behind the shooting of two Kazakh engineers in Balkh be arrested, the embassy said.")
    assert ("KAZ", "pressure") in found


def test_a_crossing_closed_to_afghan_trucks_is_pressure(tagger):
    found = news(tagger, "Uzbek customs closed Hairatan to Afghan fuel trucks on Friday, a day after a Taliban trade "
                         "delegation left Tashkent, officials said.")
    assert ("UZB", "pressure") in found


# blind82's misses, read after its first run (session 30)

def test_full_diplomatic_relations_established_is_recognition(tagger):
    found = news(tagger, "Bahrain's cabinet on Monday approved the establishment of full diplomatic relations with the "
                         "Taliban government in Kabul, the state news agency said.")
    assert ("BHR", "recognition") in found
    assert news(tagger, "Kuwait has not established full diplomatic relations with the Taliban government, its "
                        "foreign minister said.") == set()  # guard: the step denied


def test_neighbours_agreeing_to_return_their_ambassadors_is_that_step(tagger):
    found = news(tagger, "Tajikistan and Afghanistan agreed on Friday to return their ambassadors to Dushanbe and Kabul, "
                         "the Tajik foreign ministry said.")
    assert ("TJK", "ambassadors") in found


def test_approving_a_taliban_appointed_official_is_accreditation(tagger):
    found = news(tagger, "Belgium's foreign ministry has approved a Taliban-appointed official to issue passports at the "
                         "Afghan embassy in Brussels, a spokesman said on Wednesday.")
    assert ("BEL", "accreditation") in found


def test_a_state_blacklisting_taliban_officials_is_pressure(tagger):
    found = news(tagger, "Britain blacklisted two Taliban judges on Tuesday over the flogging of women, the Foreign "
                         "Office said.")
    assert ("GBR", "pressure") in found


def test_keeping_an_ambassador_away_until_the_taliban_act_is_pressure(tagger):
    found = news(tagger, "Iran will not send its ambassador back to Kabul until the Taliban release more water from the "
                         "Helmand, a foreign ministry spokesman said on Sunday.")
    assert ("IRN", "pressure") in found


# Real agency copy read through the search tool's pages (session 30): its stock wording, in
# sentences of our own.

def test_an_agencys_stock_aside_on_the_taliban_names_no_party_and_no_topic(tagger):
    story = tagger.tag("Taliban minister meets Kazakh envoy",
                       "The acting foreign minister of the Taliban (banned in Russia as a terrorist organization) met "
                       "Kazakhstan's ambassador in Kabul on Monday to discuss rail freight, a spokesman said.", PUBLISHED)
    assert "RUS" not in {a.actor for a in story.actors}
    assert "counterterrorism" not in {t.topic for t in story.topics}
    sanctioned = tagger.tag("", "A delegation of the Taliban (an organization under UN sanctions over terrorist "
                                "activities) met Uzbek officials in Termez on Friday, the ministry said.", PUBLISHED)
    assert "UN" not in {a.actor for a in sanctioned.actors}
    assert "sanctions_assets" not in {t.topic for t in sanctioned.topics}


def test_a_dateline_in_the_slash_agency_format_is_a_place(tagger):
    story = tagger.tag("Taliban minister receives Chinese envoy",
                       "ANKARA, March 3. /TASS/. The Taliban's foreign minister received China's ambassador in "
                       "Kabul on Monday, the ministry said.", PUBLISHED)
    assert ("TUR", "place") in {(a.actor, a.role) for a in story.actors}


def test_the_capital_a_meeting_was_held_in_is_a_venue(tagger):
    found = news(tagger, "The Taliban's foreign minister met Britain's special envoy in the Qatari capital of Doha on "
                         "Tuesday, the ministry said.")
    assert found == {("GBR", "high_level_contact")}


def test_ambassadors_who_attended_a_meeting_with_the_taliban_took_part(tagger):
    found = news(tagger, "The Taliban's foreign minister held a meeting in Doha on Monday. The meeting was attended by "
                         "ambassadors of Italy, Spain and Canada, a spokesman said.")
    assert {("ITA", "high_level_contact"), ("ESP", "high_level_contact"), ("CAN", "high_level_contact")} <= found


def test_an_exemption_from_a_travel_ban_is_no_ban(tagger):
    found = news(tagger, "The Security Council's sanctions committee approved an exemption to the travel ban on the "
                         "Taliban's commerce minister on Monday so that he can attend a trade fair in Tashkent.")
    assert ("UN", "pressure") not in found
    guard = news(tagger, "The Security Council's sanctions committee extended the travel ban on three Taliban ministers "
                         "on Monday, diplomats said.")
    assert ("UN", "pressure") in guard


def test_a_visit_an_exemption_permits_has_not_happened(tagger):
    found = news(tagger, "The sanctions committee granted the Taliban's foreign minister an exemption on Tuesday, "
                         "permitting him to visit Jakarta next month, the UN said.")
    assert ("UN", "high_level_contact") not in found
    assert ("IDN", "high_level_contact") not in found


def test_every_state_listed_as_joining_another_in_a_step_takes_it(tagger):
    """A joint statement's signatories, listed before "joined X in condemning": each of them
    condemns (the state joined is read as having acted before, as "follows" reads)."""
    found = news(tagger, "Foreign ministers of Spain, Italy and Portugal joined Britain on Tuesday in condemning the "
                         "Taliban's ban on women in universities.")
    assert {("ESP", "pressure"), ("ITA", "pressure"), ("PRT", "pressure")} <= found


def test_a_bid_to_take_a_base_back_is_pressure_and_wondering_whether_is_not(tagger):
    found = news(tagger, "The White House said on Friday it was working towards reacquiring Bagram air base; the "
                         "Taliban said no foreign troops would return.")
    assert ("USA", "pressure") in found
    wondering = news(tagger, "The president said the United States might one day regain Bagram air base, but no talks "
                             "with the Taliban were planned.")
    assert ("USA", "pressure") not in wondering


def test_a_shooting_that_broke_out_between_two_sides_forces_is_hostile(tagger):
    found = news(tagger, "A shooting broke out near a border post between Tajik guards and Taliban forces on Sunday, "
                         "officials on both sides said.")
    assert ("TJK", "hostile") in found


# blind83's misses, read after its first run (session 30's estimate); its one overstated status first

def test_a_withdrawn_exequatur_is_pressure_not_accreditation(tagger):
    found = news(tagger, "", title="Vienna withdraws exequatur of Taliban consul over visa fraud")
    assert found == {("AUT", "pressure")}


def test_receiving_an_ambassador_already_in_post_is_a_meeting_not_the_ambassadors_step(tagger):
    found = news(tagger, "Kazakhstan's deputy foreign minister received the Taliban ambassador in Astana on Monday to "
                         "discuss grain deliveries, the ministry said.")
    assert ("KAZ", "ambassadors") not in found
    first = news(tagger, "Kazakhstan received its first Taliban-appointed ambassador on Monday, the ministry said.")
    assert ("KAZ", "ambassadors") in first  # guard: a first or new ambassador received is that step


def test_a_warning_that_a_state_will_not_wait_is_pressure(tagger):
    found = news(tagger, "Tajikistan's foreign minister told Taliban leaders in Kabul on Monday that Dushanbe 'will not "
                         "wait indefinitely' for action against militants on the border.")
    assert ("TJK", "pressure") in found


def test_planes_that_landed_with_tonnes_of_supplies_bring_aid(tagger):
    found = news(tagger, "Two Kazakh transport planes landed in Kabul on Sunday with 40 tonnes of flour, blankets and "
                         "tents for flood victims, the Taliban's disaster ministry said.")
    assert ("KAZ", "humanitarian") in found


def test_a_service_restored_from_next_month_is_no_act_of_the_past(tagger):
    story = tagger.tag("", "Belarus and the Taliban have agreed to resume freight flights between Belarus and "
                           "Afghanistan from January, officials said.", date(2025, 12, 9))
    assert not any(e.background for e in story.engagement if e.actor == "BLR")


def test_applications_a_state_turns_down_are_no_pressure_on_kabul(tagger):
    found = news(tagger, "British consular officials and the Taliban's passport office agreed on a way to check "
                         "documents on Wednesday, after the Home Office turned down dozens of applications.")
    assert ("GBR", "pressure") not in found


def test_a_warning_of_reciprocal_steps_is_pressure(tagger):
    """blind85's miss (our own words): the threat is pressure, its condition and all."""
    found = news(tagger, "Tajikistan's ambassador met the Taliban energy minister on Monday and warned that Dushanbe "
                         "would take reciprocal steps if power payments stayed late, the embassy said.")
    assert ("TJK", "pressure") in found


def test_visas_given_to_the_taliban_officials_of_a_return_interview_are_technical(tagger):
    """blind85's miss (our own words): the host state lets the Taliban's consular staff in."""
    found = news(tagger, "Two consular officials sent by the Taliban interviewed nine Afghans at a Norwegian "
                         "detention centre on Tuesday. Norway gave the officials visas valid for a week.")
    assert ("NOR", "technical") in found


def test_goods_handed_to_the_talibans_health_ministry_are_aid(tagger):
    """blind85's miss (our own words)."""
    found = news(tagger, "Japan's ambassador handed over 12 ambulances to the Taliban's public health ministry on "
                         "Monday for hospitals in Herat, the embassy said.")
    assert ("JPN", "humanitarian") in found


def test_a_date_naming_another_happening_does_not_date_the_act(tagger):
    """blind85's miss (our own words): the homes are handed over now; August 31 is the quake's day."""
    found = events(tagger, "The first 200 prefabricated homes paid for by Kuwait were handed to families in Kunar who "
                           "lost their houses in the August 31 earthquake, the Kuwait Fund said on Thursday, after the "
                           "Taliban asked donors for winter shelter.")
    assert ("KWT", "humanitarian", False) in found and ("KWT", "humanitarian", True) not in found


def test_freezing_work_on_a_disputed_post_is_no_pressure(tagger):
    """heldout57's report (our own words): a concession after a flag meeting, not a freeze on Kabul."""
    found = news(tagger, "A security official said the Afghan side had agreed to pull back a forward position while "
                         "Iran froze work on its post near Islam Qala.")
    assert ("IRN", "pressure") not in found


@pytest.mark.parametrize("summary", [
    # blind85's miss (our own words): the party the mediator went between is in contact with Kabul
    "The release came after what Qatar's foreign ministry called months of mediation between London and Kabul.",
    "Oman mediated between London and the Taliban for months before Monday's release.",
])
def test_a_state_a_mediation_went_between_with_kabul_is_in_contact(tagger, summary):
    assert ("GBR", "high_level_contact") in news(tagger, summary)


def test_a_mediation_between_two_other_states_engages_neither_with_kabul(tagger):
    """Guard: "between Pakistan and India" names no Taliban side."""
    found = news(tagger, "Qatar mediated between Pakistan and India over the weekend, officials said, as Taliban "
                         "envoys waited in Doha.")
    assert not {("PAK", "high_level_contact"), ("IND", "high_level_contact")} & found


@pytest.mark.parametrize("summary", [
    # blind85's mismapped story (our own words): a measure on Afghan nationals is migration, not pressure on Kabul
    "Canada's government on Monday removed the exemption that had let Afghan interpreters enter the country despite "
    "the travel ban on Afghan nationals.",
    "Washington extended its travel ban on Afghan nationals on Monday, the State Department said.",
])
def test_a_travel_ban_on_afghan_nationals_is_no_pressure_on_kabul(tagger, summary):
    assert "pressure" not in {level for _, level in news(tagger, summary)}


def test_a_travel_ban_on_taliban_officials_is_still_pressure(tagger):
    """Guard: the ban on the Taliban's ministers is pressure on Kabul."""
    found = news(tagger, "Canada imposed a travel ban on four Taliban ministers on Monday over the ban on girls' "
                         "schooling, the foreign ministry said.")
    assert ("CAN", "pressure") in found


def test_a_quoted_act_keeps_its_agent_after_the_quote(tagger):
    """Real Pakistani Foreign Office copy read in session 31 (our own sentence): the shelling is
    the Taliban forces', not the state that protests it."""
    found = news(tagger, "Iran summoned the Afghan charge d'affaires on Friday to protest over \"unprovoked "
                         "cross-border shelling\" by Taliban border forces near Islam Qala.")
    assert ("IRN", "hostile") not in found and ("IRN", "pressure") in found


@pytest.mark.parametrize("summary", [
    # real agency copy on Pakistan's Paktika strikes read in session 31 (our own sentences): Kabul's protest
    "The Taliban foreign ministry summoned Iran's head of mission in Kabul on Wednesday to deliver a formal protest, "
    "condemning the shooting of Afghan migrants.",
    "Afghanistan's foreign office summoned Iran's ambassador on Wednesday to deliver a protest, condemning the "
    "shooting of Afghan migrants.",
])
def test_a_participle_after_a_sentence_the_taliban_open_is_their_act(tagger, summary):
    assert ("IRN", "pressure") not in news(tagger, summary)


def test_a_participle_after_a_speakers_words_is_the_speakers(tagger):
    """Guard (blind7's story): the rapporteur told the council, condemning new decrees: his pressure."""
    found = news(tagger, "The Taliban's curbs amount to gender persecution, the U.N. special rapporteur told the Human "
                         "Rights Council on Monday, condemning new decrees on women doctors.")
    assert ("UN", "pressure") in found


@pytest.mark.parametrize("summary, actor, level", [
    # blind86's misses, read after its first run (our own sentences)
    ("Georgia's foreign ministry has given its agrement to the Taliban administration's nominee for ambassador in "
     "Tbilisi, a spokesman said on Tuesday.", "GEO", "ambassadors"),
    ("The head of the EU's aid department announced 20 million euros for Afghans returning from Pakistan during a "
     "visit to Torkham on Wednesday.", "EU", "humanitarian"),
    ("Iran's foreign minister told Muttaqi on Tuesday that Tehran expected the killers to be arrested and would "
     "otherwise take 'all necessary measures', the ministry said.", "IRN", "pressure"),
    ("Kazakhstan could hold back its share of the railway's funding unless the Taliban act against militants, its "
     "envoy said on Tuesday.", "KAZ", "pressure"),
    ("The Security Council's sanctions committee has withdrawn a travel exemption granted to a Taliban minister, "
     "diplomats said on Tuesday.", "UN", "pressure"),
])
def test_blind86_wordings_are_read(tagger, summary, actor, level):
    assert (actor, level) in news(tagger, summary)


def test_commercial_lorries_carrying_flour_bring_no_aid(tagger):
    """Guard: lorries carrying cement and flour across a border are trade."""
    found = news(tagger, "Customs officials from Kyrgyzstan and the Taliban agreed on Wednesday on one form for Kyrgyz "
                         "lorries carrying cement and flour to northern Afghanistan.")
    assert ("KGZ", "humanitarian") not in found


@pytest.mark.parametrize("summary, actor, level", [
    # blind86's wrong levels (our own sentences): a ban on women visiting is no visit; payments that froze are no freeze
    ("Norway's foreign ministry on Friday condemned a Taliban order that bars women from visiting parks in Balkh.",
     "NOR", "high_level_contact"),
    ("UNICEF resumed cash transfers to 40,000 families on Wednesday after payments froze during the Taliban's "
     "internet shutdown, the agency said.", "UN", "pressure"),
])
def test_an_object_of_a_ban_or_an_intransitive_freeze_is_no_act(tagger, summary, actor, level):
    assert (actor, level) not in news(tagger, summary)


@pytest.mark.parametrize("title, summary, actor, level", [
    # blind88's wrong levels, in our own words: a headline's second predicate is a clause of its own
    ("Swiss envoy meets Taliban education minister in Doha, signs UNICEF textbook grant", "", "UN",
     "high_level_contact"),
    ("Lammy adds 5 million pounds for WFP bakeries, condemns Taliban ban on women aid workers", "", "UN", "pressure"),
    # a passive whose agent is people, not the state the story is about
    ("Malaysia deports 14 Afghans", "KUALA LUMPUR - Malaysia's immigration department deported 14 Afghan men on "
     "Monday. An officer said their flights were paid for by relatives in Germany and that no Taliban official "
     "was involved.", "MYS", "humanitarian"),
])
def test_a_headlines_second_predicate_and_a_peoples_passive_are_not_the_actors_act(tagger, title, summary, actor, level):
    assert (actor, level) not in news(tagger, summary, title)


@pytest.mark.parametrize("summary, actor", [
    ("Officials of Qatar's labour ministry and Taliban ministry staff agreed on Sunday on one form for drivers' "
     "visas, the Taliban said.", "QAT"),
    ("Officials from Kuwait's manpower authority and the Taliban's labour ministry agreed on Monday that Afghan "
     "cooks recruited for Kuwaiti hotels will sign their contracts in Kabul.", "KWT"),
    # blind93 (session 33, read after its first run), in our own words: the deal's level told in the next sentence
    ("Turkmenistan's railway agency and the Taliban's transport ministry agreed on Monday to add a weekly freight "
     "slot at Torghundi. The deal was reached at a technical meeting in Serhetabat.", "TKM"),
    ("Officials from Uzbekistan's agriculture ministry and the Taliban's ministry of agriculture agreed on Monday on "
     "inspection and cold-storage rules for fresh apricots flown from Kabul to Tashkent.", "UZB"),
])
def test_officials_settling_working_matters_or_at_a_working_meeting_is_technical_work(tagger, summary, actor):
    found = news(tagger, summary)
    assert (actor, "technical") in found and (actor, "high_level_contact") not in found


@pytest.mark.parametrize("title, summary, actor, level, expected", [
    # blind89's and blind90's wrong levels, in our own words
    ("", "US envoy Adam Boehler met Muttaqi in Kabul on Monday and told him Washington would impose sanctions on the "
         "officials responsible if the detained Americans were not freed.", "USA", "pressure", True),
    ("", "Doctors of the Turkish Red Crescent have treated more than 900 Afghans at a clinic beside the Torkham "
         "crossing, the society said on Monday.", "TUR", "humanitarian", True),
    ("", "A South Korean delegation met Taliban officials in Kabul. The delegation also handed over 300 wheelchairs "
         "and 900 hearing aids for people in Kunar, the Taliban's health ministry said on Monday.", "KOR",
     "humanitarian", True),
    ("U.S. and Taliban officials agree weekly welfare visits for American held in Kabul", "", "USA",
     "high_level_contact", False),
    ("", "Serbia hosts a Taliban-appointed charge d'affaires and trades with Afghanistan, a ministry spokesman said "
         "on Monday.", "SRB", "high_level_contact", False),
    ("", "Oman expelled a Taliban attache on Monday after he took money in exchange for work visas, the ministry "
         "said.", "OMN", "high_level_contact", False),
])
def test_threats_treatment_and_gifts_are_read_and_welfare_visits_and_hosted_diplomats_are_no_contact(
        tagger, title, summary, actor, level, expected):
    assert ((actor, level) in news(tagger, summary, title)) is expected


def test_a_town_in_a_us_state_named_like_a_capital_is_no_state(tagger):
    """blind89's collision, in our own words: Moscow, Idaho."""
    found = tagger.tag("", "A teacher from Moscow, Idaho, held in Kabul was freed on Monday after mediation by Qatar.",
                       PUBLISHED)
    assert "RUS" not in {a.actor for a in found.actors}


@pytest.mark.parametrize("title, summary, actor, level, expected", [
    # blind89's misses, in our own words
    ("", "A Kabul money changer accused of moving funds for commanders was added to the U.N. sanctions list on "
         "Monday by the Security Council's 1988 committee.", "UN", "pressure", True),
    ("", "Sweden is to pay 2 million euros for mobile teams of nurses run by the U.N. Population Fund to visit "
         "mountain villages in Badakhshan, the foreign ministry said on Monday.", "UN", "high_level_contact", False),
    ("", "Muttaqi is travelling under an exemption from the U.N. travel ban granted by the sanctions committee for "
         "the four-day visit, the ministry said on Monday.", "UN", "high_level_contact", False),
    ("", "The sanctions committee has yet to rule on a request to let a Taliban minister travel to Baku for an energy "
         "summit next month, diplomats said on Monday.", "AZE", "high_level_contact", False),
    ("", "Special envoy Zamir Kabulov told Taliban Foreign Minister Amir Khan Muttaqi during talks in Moscow on Monday "
         "that Russia would back the bid, an agency reported.", "RUS", "high_level_contact", True),
])
def test_listings_permits_planned_summits_and_talks_during_which_someone_spoke(tagger, title, summary, actor, level,
                                                                               expected):
    assert ((actor, level) in news(tagger, summary, title)) is expected


def test_aid_received_from_several_states_is_each_ones(tagger):
    """A probe of our own, in the Taliban media's wording: every listed giver gives."""
    found = news(tagger, "The Islamic Emirate received aid from the Republic of Azerbaijan, the Islamic Republic of "
                         "Iran and the State of Qatar on Monday.")
    assert {("AZE", "humanitarian"), ("IRN", "humanitarian"), ("QAT", "humanitarian")} <= found


@pytest.mark.parametrize("title, summary", [
    # blind92 (session 33), in our own words: a visit the text calls earlier; a celebrity's nationality
    ("", "Tashkent denied on Monday that it had agreed to take a Taliban envoy; Kabul had said the deal was struck "
         "during a recent visit by an Uzbek deputy minister."),
    ("", "A Korean singer who serves as a UNICEF goodwill ambassador toured clinics in Kandahar on Tuesday. She met "
         "women health workers at a clinic for returnees but held no meetings with Taliban officials, the agency said."),
])
def test_an_earlier_visit_and_a_visiting_celebrity_are_no_contact_now(tagger, title, summary):
    assert {(actor, level) for actor, level in news(tagger, summary, title) if level == "high_level_contact"} == set()


def test_taking_part_in_persecution_is_no_contact(tagger):
    """blind91 (session 33), in our own words: what a court says an official took part in is no meeting."""
    found = news(tagger, "Judges at the International Criminal Court on Monday issued a warrant for a Taliban deputy "
                         "minister, saying there were grounds to believe he took part in the persecution of women.")
    assert ("ICC", "pressure") in found and ("ICC", "high_level_contact") not in found


def test_talks_with_several_unnamed_countries_go_to_no_state_named_before(tagger):
    """blind92 (session 33), in our own words: the state of the sentence before is not among them."""
    found = news(tagger, "Belarus opened a trade office in Kabul last year. 'Talks are well advanced with several "
                         "countries in the region,' the Taliban spokesman told reporters on Tuesday.")
    assert not any(level == "high_level_contact" for _, level in found)


@pytest.mark.parametrize("summary, expected, absent", [
    # blind93 (session 33, read after its first run), in our own words
    ("Three Taliban-appointed staff began work at the Afghan consulate in Milan on Monday after Italy's foreign ministry "
     "issued them consular identity cards.", ("ITA", "accreditation"), None),
    ("Several Nordic states, Denmark among them, already deport rejected asylum seekers with the help of Taliban "
     "officials.", None, ("DNK", "technical")),
    ("Kazakhstan will sell flour to Afghanistan under an agreement signed in Kabul on Monday by its trade minister and "
     "the Taliban's commerce minister.", ("KAZ", "high_level_contact"), None),
    ("The Security Council on Monday adopted a resolution on Afghanistan. The text, drafted by Norway, urges the "
     "Taliban to reopen girls' schools.", None, ("NOR", "pressure")),
    ("India's U.N. ambassador accused the Taliban on Tuesday of harbouring militants.", ("IND", "pressure"),
     ("UN", "pressure")),
    ("Belgium deported two Afghan convicts on Friday after their identities were verified by Taliban officials, the "
     "migration ministry said.", ("BEL", "technical"), None),
])
def test_identity_cards_standing_practice_drafters_envoys_at_the_un_and_ministers_deals(tagger, summary, expected,
                                                                                         absent):
    found = news(tagger, summary)
    assert expected is None or expected in found
    assert absent is None or absent not in found


def test_raising_a_case_with_the_taliban_chief_justice_is_contact(tagger):
    """blind93 (session 33), in our own words."""
    found = news(tagger, "The U.N. mission said on Monday its deputy head had raised the flogging of two women with the "
                         "Taliban's chief justice at a meeting in Kandahar.")
    assert ("UN", "high_level_contact") in found


def test_a_public_prosecution_team_and_justice_officials_are_technical_work(tagger):
    """blind97 (session 33, read after its first run), in our own words: an institution's name
    is no prosecution, and justice officials settling papers are working level."""
    found = news(tagger, "Justice officials from Qatar and the Taliban administration have agreed the papers needed to "
                         "send 12 Afghan prisoners home, the Taliban's justice ministry said on Monday. A team from the "
                         "Qatari public prosecution met ministry staff in Kabul to check sentencing records.")
    assert ("QAT", "technical") in found
    assert not {("QAT", "pressure"), ("QAT", "high_level_contact")} & found
