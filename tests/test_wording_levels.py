"""Levels as real copy words them (issue #15): the cases blind101's and blind102's first runs
missed (session 34), in sentences of our own. Each case failed on the rules before its change;
the guards beside them held before and must still hold."""
import pytest
from tagged import events, kept, news


@pytest.mark.parametrize("summary, actor", [
    ("Officials from Norway's justice ministry met representatives of the Taliban's interior ministry in Doha on "
     "Thursday to settle how convicted Afghans would be flown home, a spokesperson said.", "NOR"),
    ("Anti-drug officials from Tajikistan met a Taliban counter-narcotics team in Dushanbe on Monday and agreed to "
     "swap seizure figures, the agency said.", "TJK"),
    ("Diplomats of Denmark and the Taliban met in Doha on Friday, a ministry in Copenhagen said, describing the "
     "contacts as 'technical'.", "DNK"),
])
def test_officials_of_a_ministry_meeting_the_taliban_side_work_at_the_technical_level(tagger, summary, actor):
    assert news(tagger, summary) == {(actor, "technical")}


def test_a_minister_meeting_the_taliban_side_is_still_high_level(tagger):
    """Guard: a person of rank at the table makes it contact of rank, whoever else came."""
    found = news(tagger, "Norway's justice minister and officials from her ministry met the Taliban's interior "
                         "minister in Doha on Thursday, a spokesperson said.")
    assert found == {("NOR", "high_level_contact")}


def test_an_exchange_of_ambassadors_a_decree_asks_to_prepare_is_not_yet_made(tagger):
    found = news(tagger, "The decree instructs the foreign ministry to prepare an exchange of ambassadors with Kabul.",
                 title="Kazakhstan's president orders talks with the Taliban on full ties")
    assert ("KAZ", "ambassadors") not in found


def test_hosting_the_earlier_rounds_is_no_news(tagger):
    found = events(tagger, "Islamabad said it could return to talks with Kabul if promises were put in writing. Oman "
                           "and Turkey hosted the earlier rounds.")
    assert not {("OMN", "high_level_contact", False), ("TUR", "high_level_contact", False)} & found


def test_hosting_a_round_is_news(tagger):
    """Guard: the round the story reports."""
    found = news(tagger, "Oman hosted a round of talks between Pakistan and the Taliban in Muscat on Sunday.")
    assert ("OMN", "high_level_contact") in found


@pytest.mark.parametrize("agency", ["UN Women", "UNDP", "UNFPA"])
def test_money_set_aside_for_a_un_agencys_programmes_is_aid_through_it(tagger, agency):
    found = news(tagger, f"Ireland set aside 4 million euros on Monday for {agency} programmes that pay Afghan women "
                         "to run small workshops, the foreign ministry said.")
    assert {("IRL", "humanitarian"), ("UN", "humanitarian")} <= found


@pytest.mark.parametrize("title, summary", [
    ("Jordanian minister 'recognises' Taliban push against smugglers as delegation visits",
     "Jordan's interior minister received a Taliban delegation in Amman on Monday."),
    ("Jordan hosts Taliban delegation",
     "Jordan's interior minister received a Taliban delegation in Amman on Monday and recognised what he called "
     "the serious efforts of the Afghan authorities against smugglers."),
])
def test_recognising_efforts_or_a_campaign_is_no_recognition(tagger, title, summary):
    found = news(tagger, summary, title=title)
    assert ("JOR", "recognition") not in found and ("JOR", "high_level_contact") in found


def test_an_envoy_named_ambassador_to_another_capital_takes_no_step_with_kabul(tagger):
    found = news(tagger, "Turkey's ambassador in Kabul, who has been named ambassador to Baghdad, paid a farewell "
                         "call on the Taliban's foreign minister on Saturday.",
                 title="Turkey's envoy to Kabul, named ambassador to Baghdad, says goodbye to Muttaqi")
    assert not {level for _, level in found} & {"ambassadors", "recognition", "accreditation"}


def test_a_non_resident_ambassador_handing_credentials_in_kabul_is_his_states_step(tagger):
    """The state whose envoy he is, not the one where he lives, and not a posting elsewhere: he
    hands his papers to the Taliban side (a Kabul dateline is no owner of the envoy)."""
    found = news(tagger, "KABUL, June 2 (Reuters) - Chad's ambassador to Qatar, who handed a copy of his credentials "
                         "as non-resident ambassador to Afghanistan to the Taliban's foreign minister in Kabul on "
                         "Tuesday, said his country wanted to buy dried fruit.")
    assert ("TCD", "ambassadors") in found
    assert ("QAT", "ambassadors") not in found


def test_an_ambassador_to_a_third_state_handing_credentials_there_is_not_kabuls_business(tagger):
    """Guard: the posting elsewhere, with papers handed to that state's head."""
    found = news(tagger, "KABUL, June 2 (Reuters) - Chad's ambassador to Qatar presented his credentials to the Emir "
                         "on Tuesday, a week after meeting Taliban officials in Doha.")
    assert not {level for _, level in found} & {"ambassadors"}


def test_a_government_that_recognised_on_a_weekday_in_a_relative_clause_took_the_step_now(tagger):
    found = news(tagger, "Gabon's transitional government, which recognised the Islamic Emirate in a decree signed "
                         "by the president on Thursday, has invited the Taliban's foreign minister to visit.")
    assert ("GAB", "recognition") in found


@pytest.mark.parametrize("summary", [
    "A consular officer sent by the Taliban administration has been registered by the Slovak foreign ministry and "
    "will work at the Afghan embassy in Bratislava, a spokesman said on Thursday.",
    "The Afghan consulate in Bratislava, whose Taliban-named consul was cleared by Slovakia's foreign ministry on "
    "Monday, resumed passport services the same day.",
])
def test_a_taliban_consular_officer_registered_or_cleared_by_the_host_is_accreditation(tagger, summary):
    assert ("SVK", "accreditation") in news(tagger, summary)


@pytest.mark.parametrize("summary, actor", [
    ("On Monday President Kais Saied received the envoy's letters of credence at Carthage palace, with those of "
     "three other new ambassadors, the presidency said.", "TUN"),
    ("The credentials of the first ambassador of Afghanistan's Taliban administration to Serbia were among those "
     "presented to President Aleksandar Vucic in Belgrade on Thursday, his office said.", "SRB"),
])
def test_a_head_of_state_taking_the_taliban_envoys_papers_is_the_ambassadors_step(tagger, summary, actor):
    found = news(tagger, summary, title="Taliban's first ambassador presents papers")
    assert (actor, "ambassadors") in found


@pytest.mark.parametrize("summary", [
    "A Taliban spokesman told state television in Kabul that Minsk had agreed to accept an ambassador. Belarus has "
    "taken no decision on the matter, its foreign ministry said on Tuesday.",
    "A Taliban deputy foreign minister said on Tuesday that Bolivia had agreed to open an embassy in Kabul. Bolivia's "
    "foreign ministry did not respond to requests for comment.",
])
def test_an_agreement_the_taliban_claim_and_the_other_side_leaves_unconfirmed_is_none(tagger, summary):
    assert news(tagger, summary) == set()


def test_an_agreement_told_by_the_taliban_and_confirmed_stands(tagger):
    """Guard: with nothing said of the other side's silence, the agreement is told as news."""
    found = news(tagger, "A Taliban deputy foreign minister said on Tuesday that Bolivia had agreed to expand trade "
                         "with Afghanistan after talks in La Paz.")
    assert ("BOL", "high_level_contact") in found


def test_a_step_told_right_after_its_weekday_is_news_whatever_date_follows(tagger):
    """The date later in the clause is another act's ("listings the EU made in September")."""
    found = events(tagger, "Norway's government on Wednesday froze any Norwegian assets of two Taliban ministers, "
                           "taking over listings the European Union made in September.")
    assert ("NOR", "pressure", False) in found


def test_a_courtesy_call_after_presenting_credentials_is_contact_of_its_own(tagger):
    found = news(tagger, "Mongolia's new ambassador presented his letters of credence to the Taliban's foreign "
                         "minister on Monday and later called on Deputy Prime Minister Mullah Abdul Ghani Baradar, "
                         "who asked for help with wool exports.")
    assert {("MNG", "ambassadors"), ("MNG", "high_level_contact")} <= found


def test_calling_on_a_minister_to_act_is_no_visit(tagger):
    """Guard: "called on Foreign Minister X to reopen schools" is a call to act."""
    found = news(tagger, "Mongolia's parliament called on Foreign Minister Battsetseg Batmunkh to press Kabul to "
                         "reopen girls' schools.")
    assert ("MNG", "high_level_contact") not in found



# blind104's first run (session 34's estimate of its trap wording), read after it
@pytest.mark.parametrize("summary", [
    "Malaysia has no plan to send an ambassador to Kabul, a ministry spokesman said on Thursday, after a Taliban "
    "spokesman told local media that Kuala Lumpur had agreed to raise its embassy there to full ambassador level.",
    "The Philippines' mission in Kabul stays under a charge d'affaires and nothing has changed, the foreign ministry "
    "said on Monday, after a Taliban spokesman told reporters that Manila had agreed to raise its embassy there to "
    "full ambassador level.",
])
def test_a_formal_step_the_taliban_claim_and_the_other_side_denies_plainly_is_none(tagger, summary):
    assert not {level for _, level in news(tagger, summary)} & {"ambassadors", "recognition", "accreditation"}


def test_a_step_a_state_is_likely_to_take_is_not_taken(tagger):
    title = "Nepal likely to accept Taliban's ambassador nominee by spring, officials say"
    assert news(tagger, "", title=title) == set()


@pytest.mark.parametrize("summary", [
    "Chinese customs has accredited 11 Kandahar pomegranate packhouses to export to China after joint inspections "
    "with officials of the Taliban's agriculture ministry.",
    "Beijing let a Taliban attache's accreditation lapse on Monday after a smuggling case.",
])
def test_accrediting_packhouses_or_letting_an_accreditation_lapse_is_no_accreditation(tagger, summary):
    assert ("CHN", "accreditation") not in news(tagger, summary)


def test_the_first_of_a_states_partners_to_recognise_is_not_that_state(tagger):
    found = news(tagger, "Tajikistan on Tuesday became the first of Russia's partners in the Collective Security "
                         "Treaty Organization to recognise Afghanistan's Taliban administration, a spokesman said.")
    assert ("RUS", "recognition") not in found


@pytest.mark.parametrize("summary, actor", [
    ("Spain has accepted two officials sent by Afghanistan's Taliban administration to work at the Afghan embassy in "
     "Madrid, the foreign ministry said on Thursday.", "ESP"),
    ("A passport officer picked by Afghanistan's Taliban administration has been approved by Denmark's foreign "
     "ministry to work at the Afghan embassy in Copenhagen, the ministry said on Monday.", "DNK"),
    ("Bahrain has accepted a labour attache appointed by Afghanistan's Taliban administration at the Afghan embassy in "
     "Manama, an official said on Monday.", "BHR"),
])
def test_staff_sent_by_afghanistans_taliban_administration_accepted_by_the_host_is_accreditation(tagger, summary,
                                                                                                 actor):
    assert (actor, "accreditation") in news(tagger, summary)


def test_a_nominee_accepted_as_afghanistans_ambassador_is_the_ambassadors_step(tagger):
    found = news(tagger, "Georgia's foreign ministry confirmed on Monday that it had accepted the Taliban "
                         "administration's nominee as Afghanistan's ambassador in Tbilisi, a day after the "
                         "Taliban foreign ministry announced the move.")
    assert ("GEO", "ambassadors") in found



def test_an_agreement_the_taliban_say_a_state_made_a_claim_it_disputed_is_none(tagger):
    found = news(tagger, "The Taliban's refugees ministry said on Wednesday that Irish officials had agreed to send "
                         "back convicted offenders every month, a claim the Irish justice department disputed.",
                 title="Taliban say Ireland agreed to monthly returns; Dublin says no deal")
    assert ("IRL", "high_level_contact") not in found


# blind106's first run (session 34's estimate), read after it: its two overstated statuses and a missed step
def test_recognising_border_guards_help_is_no_recognition(tagger):
    found = news(tagger, "", title="Uzbek border command 'recognises' Taliban guards' help in returning two lost "
                                   "fishermen")
    assert ("UZB", "recognition") not in found


def test_an_exchange_of_ambassadors_put_on_hold_is_not_made(tagger):
    found = news(tagger, "Malaysia has put on hold the exchange of ambassadors it agreed with the Taliban in March, "
                         "the foreign ministry said on Wednesday.")
    assert ("MYS", "ambassadors") not in found


def test_credentials_received_in_a_clause_about_a_states_ambassador_to_afghanistan_are_its_step(tagger):
    found = news(tagger, "Kyrgyzstan's new ambassador to Afghanistan, whose copy of credentials was received by "
                         "Foreign Minister Amir Khan Muttaqi on Monday, said trade would be his first task.")
    assert ("KGZ", "ambassadors") in found


# heldout68's first run as a user (session 34's estimate): reports of its events that were not stored
@pytest.mark.parametrize("title, summary", [
    ("Kandahar grape fair opens with 90 growers as exporters eye Chinese buyers",
     "A two-day grape exhibition opened in Kandahar city on Sunday; exporters said they hoped to ship first "
     "consignments under the plant-health protocol signed last week."),
    ("Panjsher flood toll climbs to nine as families dig through mud",
     "Four more bodies were pulled from mud in Panjsher's Rokha valley overnight, raising the toll from Monday's "
     "flash flood to nine, local officials said."),
])
def test_local_reports_of_afghan_trade_and_disasters_are_kept(tagger, title, summary):
    assert kept(tagger, title, summary)



# blind106's final set, after its first run on the session's final code: its two overstated statuses
def test_a_taliban_envoys_papers_accepted_where_he_is_non_resident_are_that_hosts_step(tagger):
    found = news(tagger, "KATHMANDU, Nov 17 - The Taliban's ambassador to Pakistan, whose credentials as non-resident "
                         "ambassador to Sri Lanka were accepted by President Anura Kumara Dissanayake in Colombo on "
                         "Monday, said Kabul hoped to sell more dried fruit.")
    assert ("PAK", "ambassadors") not in found


def test_the_foreign_ministry_that_accredited_an_officer_is_no_un_agency_named_before(tagger):
    found = news(tagger, "JAKARTA, March 5 (Antara) - Thousands of Afghans have waited in Indonesia for years for "
                         "resettlement through the U.N. refugee agency. On Thursday the foreign ministry said it had "
                         "accredited a consular officer named by the Taliban who will issue passports.")
    assert ("UN", "accreditation") not in found


@pytest.mark.parametrize("title, summary, topic", [
    # heldout66's first run, as a user: a Karachi report of Afghans detained in a sweep named no term of a
    # topic and was dropped as off subject
    ("Police round up 300 Afghans in Lahore market sweep",
     "Lahore police detained about 300 Afghan nationals on Thursday in a sweep of two markets, releasing those with "
     "valid papers after checks, a police officer said; traders closed their shops for the day.",
     "migration_deportation"),
    # blind103's first run dropped it as off subject (no topic, the state a dateline)
    ("Lawmakers revive bill for evacuated Afghans",
     "WASHINGTON, May 5 (AP) - A group of senators reintroduced a bill on Tuesday that would give Afghans evacuated "
     "in 2021 a path to permanent residence, citing reports that former soldiers have been detained since the "
     "Taliban took over.", "migration_deportation"),
    # heldout68's first run as a user
    ("Flag meeting at Nawa pass: Bajaur and Kunar commanders agree to halt firing",
     "Commanders of the Bajaur Scouts and of the Afghan border brigade in Kunar met at the Nawa pass on Thursday with "
     "tribal elders and agreed to stop firing along the frontier, officials said; work on the disputed post will be "
     "frozen.", "border_conflict"),
])
def test_stories_that_named_no_topics_phrase_are_kept_with_their_topic(tagger, title, summary, topic):
    result = tagger.tag(title, summary)
    assert result.on_subject and topic in {t.topic for t in result.topics}


@pytest.mark.parametrize("summary, actor", [
    ("Norway's development minister told Taliban officials in Kabul on Monday that girls had to be back in "
     "classrooms before any new projects, her ministry said.", "NOR"),
    ("Qatar's minister of state pressed Muttaqi on the ban on girls' schooling during a call on Monday, the ministry "
     "said.", "QAT"),
])
def test_telling_the_taliban_in_kabul_or_pressing_their_minister_is_contact(tagger, summary, actor):
    """A readout of a visit told from the visitor's side (session 36, heldout71's Ankara readout)."""
    assert (actor, "high_level_contact") in news(tagger, summary)


def test_pressing_a_minister_named_for_another_reason_is_no_contact_with_kabul(tagger):
    """Guard: the press releases of a state's own ministry, no Taliban official in them."""
    found = news(tagger, "Norway's development minister told reporters in Oslo on Monday that aid to Afghanistan "
                         "would continue.")
    assert ("NOR", "high_level_contact") not in found


def test_a_slope_that_gave_way_in_an_afghan_province_is_kept(tagger):
    """A landslide told without the word is a disaster (humanitarian_aid), so the report is
    kept with the others of its event (session 36: heldout71's as-a-user run dropped one)."""
    assert kept(tagger, "Nine dead as mountainside collapses on Baghlan hamlet",
                "At least nine people died and six were missing after a mountainside soaked by heavy rain slid onto a "
                "hamlet in Baghlan province's Dahana-i-Ghori district before dawn on Tuesday, a district official "
                "said. Villagers were digging by hand because the road was cut, he said.")


@pytest.mark.parametrize("title, summary, actor", [
    ("Belgium begins deportations of Afghans amid migrant pressure", "Belgium flew 12 convicted Afghans to Kabul on "
     "Monday, the interior ministry said.", "BEL"),
    ("", "Uzbekistan knows the pressure that mass returns are putting on Afghan towns, its deputy minister said on "
         "Monday after talks in Tashkent with the Taliban's refugees minister.", "UZB"),
])
def test_pressure_as_a_state_of_things_is_no_pressure_on_the_taliban(tagger, title, summary, actor):
    """A real lede (session 36) and blind116: the bare noun is no act."""
    assert (actor, "pressure") not in news(tagger, summary, title=title)


@pytest.mark.parametrize("summary, actor", [
    ("Washington stepped up pressure on the Taliban on Monday over the detained Americans, the State Department said.",
     "USA"),
    ("The Netherlands increased pressure on Kabul over girls' schooling on Monday, cutting two development grants, "
     "the foreign ministry said.", "NLD"),
])
def test_putting_pressure_on_the_taliban_is_pressure(tagger, summary, actor):
    """Guard."""
    assert (actor, "pressure") in news(tagger, summary)


def test_aid_sent_earlier_in_the_season_is_background(tagger):
    """blind115: the donors a relief story recalls are not the news (our own words)."""
    found = news(tagger, "Blankets and heaters from the Bahrain Red Crescent reached 900 families in Ghor on Monday, "
                         "its partner said. Oman and Jordan also sent winter aid to the central provinces earlier in "
                         "the season.", title="Bahraini relief reaches snowbound Ghor")
    assert ("OMN", "humanitarian") not in found and ("JOR", "humanitarian") not in found
    assert ("BHR", "humanitarian") in found  # guard: the news's own consignment


def test_aid_sent_this_week_is_news(tagger):
    """Guard: a time in the same week is the news's own."""
    found = news(tagger, "Oman sent winter aid to the central provinces on Monday, its embassy said.",
                 title="Omani relief reaches Ghor")
    assert ("OMN", "humanitarian") in found


@pytest.mark.parametrize("summary, title, actor", [
    # blind115: "committed" of crimes is not money committed to survivors
    ("A U.N. panel gathering proof of abuses committed in Afghanistan asked on Tuesday for testimony from survivors "
     "of forced marriage.", "U.N. panel seeks testimony", "UN"),
    # blind113: medical records travelling with deportees are paperwork, not medical aid
    ("Border officials of Turkmenistan and the Taliban agreed on Monday to hand over detained Afghans with their "
     "medical records at the Torghundi crossing.", "Turkmenistan to hand over detained Afghans with medical records",
     "TKM"),
    # blind111: kits for an assembly line are parts, not relief kits
    ("The plant will build tractors from kits sent by rail from Minsk, the Belarusian deputy minister said after "
     "signing the deal with the Taliban's commerce ministry on Monday.", "Belarus signs tractor plant deal with Taliban",
     "BLR"),
    # blind111: "committee" is no "commit"
    ("The OIC's human rights committee called for girls' schools to reopen on Monday.",
     "OIC committee presses Taliban on schools", "OIC"),
])
def test_words_that_look_like_aid_give_none(tagger, summary, title, actor):
    """Aid words in other senses (our own words); each case failed on the rules before its change."""
    assert (actor, "humanitarian") not in news(tagger, summary, title=title)


def test_money_committed_to_survivors_is_aid(tagger):
    """Guard: a sum committed for survivors is aid."""
    found = news(tagger, "Ireland committed 2 million euros on Tuesday to survivors of the Herat earthquake, "
                         "its foreign ministry said.", title="Ireland funds quake relief in Afghanistan")
    assert ("IRL", "humanitarian") in found


def test_a_customs_authority_confirming_its_team_visit_is_working_level(tagger):
    """blind115: a customs authority's experts at work are technical, not contact of rank (our own words)."""
    found = news(tagger, "Veterinary inspectors from Oman and the Taliban's agriculture ministry agreed a testing "
                         "procedure for Afghan pine nuts in Kabul on Sunday. Oman's customs authority confirmed the "
                         "team's visit.", title="Omani and Afghan inspectors agree pine nut checks")
    assert found == {("OMN", "technical")}


@pytest.mark.parametrize("summary", [
    "The envoy said a larger consular team could be sent to Kabul in due course, the ministry said.",
    "A second technical team might be posted to the embassy next year, an official said.",
])
def test_a_step_put_in_a_modal_passive_is_not_taken(tagger, summary):
    """blind113: a consular team that "could be sent" is a possibility (our own words)."""
    found = news(tagger, summary, title="Indian envoy meets Taliban deputy foreign minister in Kabul")
    assert ("IND", "technical") not in found


def test_aid_that_will_be_delivered_is_pledged(tagger):
    """Guard: for a pledge the future is the act itself."""
    found = news(tagger, "Emergency aid from Japan will be delivered to Kunar this week, its embassy said.",
                 title="Japan to send quake aid to Afghanistan")
    assert ("JPN", "humanitarian") in found


def test_victims_who_fled_shelling_give_their_donor_no_attack(tagger):
    """blind113: the one actor of a relief headline did not shell anyone (our own words)."""
    found = news(tagger, "Blankets sent by Kazakhstan were handed out in Kunar on Monday, officials said.",
                 title="Kazakh blankets reach families who fled shelling in Kunar")
    assert ("KAZ", "hostile") not in found and ("KAZ", "humanitarian") in found


def test_fleeing_a_named_states_shelling_is_that_states_attack(tagger):
    """Guard: the shelling's own state named between."""
    found = news(tagger, "Hundreds of families fled Pakistani shelling in Kunar's Dangam district on Monday, "
                         "officials said.", title="Families flee shelling in Kunar")
    assert ("PAK", "hostile") in found


def test_handing_over_medical_supplies_is_aid(tagger):
    """Guard: the goods themselves."""
    found = news(tagger, "Turkmen officials handed over medical supplies to the hospital in Herat on Monday.",
                 title="Turkmenistan gives medicine to Herat hospital")
    assert ("TKM", "humanitarian") in found


def test_hygiene_kits_sent_by_a_state_are_aid(tagger):
    """Guard: kits sent as relief."""
    found = news(tagger, "Hygiene kits sent by Belarus reached flood-hit families in Baghlan on Monday.",
                 title="Belarusian aid reaches Baghlan")
    assert ("BLR", "humanitarian") in found


def test_a_visa_counter_agreed_with_a_taliban_ministry_is_technical(tagger):
    """blind113: a visa counter's token system is a working matter (our own words)."""
    found = news(tagger, "Turkey's embassy in Kabul began taking visa applications at its own counter on Monday "
                         "under a token system worked out with the Taliban's consular department, officials said.",
                 title="Turkish embassy opens visa counter under token system agreed with Taliban ministry")
    assert found == {("TUR", "technical")}


def test_its_ambassador_in_kabul_meeting_a_minister_is_the_states_contact(tagger):
    """blind113: the envoy's post and a quoted phrase name no one else in the clause (our own words)."""
    found = news(tagger, "Egypt's foreign ministry on Monday condemned the ban, calling it 'a blow to Afghan women', "
                         "and said its ambassador in Kabul had met the Taliban's acting higher education minister "
                         "the same day.", title="Egypt condemns Taliban university ban")
    assert ("EGY", "high_level_contact") in found


def test_an_arrangement_that_met_practical_needs_is_no_meeting(tagger):
    """Guard (blind108's story, our own words): "met" needs, not people."""
    found = news(tagger, "Denmark's foreign ministry has approved a consular officer sent by the Taliban, a spokesperson "
                         "said on Monday; the ministry said it 'does not recognise the Taliban' and that the "
                         "arrangement met practical needs.", title="Denmark approves Taliban consular officer")
    assert ("DNK", "high_level_contact") not in found


def test_a_refusal_said_to_stand_unchanged_is_no_new_pressure(tagger):
    """blind118: a standing refusal restated beside a step (our own words)."""
    found = news(tagger, "Austria has accepted a consular officer sent by the Taliban, the ministry said on Monday. "
                         "A spokesman said Austria's refusal to recognise the Taliban remained unchanged.",
                 title="Austria accepts Taliban consular officer")
    assert ("AUT", "pressure") not in found and ("AUT", "accreditation") in found


def test_a_refusal_announced_is_pressure(tagger):
    """Guard: the refusal is the news."""
    found = news(tagger, "Austria on Monday announced its refusal to recognise the Taliban's passports, the ministry "
                         "said.", title="Austria rejects Taliban passports")
    assert ("AUT", "pressure") in found


def test_staff_posted_under_an_arrangement_on_a_matter_settled_with_the_taliban_is_technical(tagger):
    """blind118: the arrangement's subject between its noun and its partner (our own words)."""
    found = news(tagger, "Finland has posted three staff to Kabul to oversee its aid projects, under an arrangement on "
                         "visas and security settled with the Taliban foreign ministry, the ministry said on Monday.",
                 title="Finnish aid staff back in Kabul")
    assert ("FIN", "technical") in found


@pytest.mark.parametrize("verb", ["revoked the protocol card", "withdrawn the diplomatic card"])
def test_revoking_a_taliban_sent_officers_card_is_pressure(tagger, verb):
    """blind118: a host taking back the card that let the officer work (our own words)."""
    found = news(tagger, f"Nepal's foreign ministry has {verb} of a consular officer sent by the Taliban to the Afghan "
                         "embassy in Kathmandu, an official said on Friday.", title="Nepal acts against Taliban officer")
    assert ("NPL", "pressure") in found


def test_holding_a_rare_meeting_with_a_states_officials_is_contact(tagger):
    """A real lede's wording (our own words): "held a rare meeting on Thursday with ... officials"."""
    found = news(tagger, "The Taliban's foreign minister held a rare meeting on Monday with Canadian officials in "
                         "Kabul, his office said.", title="Detainees on the agenda in Kabul")
    assert ("CAN", "high_level_contact") in found


def test_a_visit_someone_was_expected_to_make_far_down_the_clause_is_planned(tagger):
    """A real lede's wording (our own words): the visit's noun a dozen words after "expected to"."""
    found = news(tagger, "The Taliban's commerce minister was expected to lead a large delegation to Tajikistan on "
                         "Tuesday for a two-day visit, but the trip was put off.", title="Taliban minister's trip put off")
    assert ("TJK", "high_level_contact") not in found


def test_a_visit_made_for_a_purpose_is_news(tagger):
    """Guard: no plan named."""
    found = news(tagger, "Tajikistan's foreign minister arrived in Kabul on Tuesday for a two-day visit, officials said.",
                 title="Tajik minister in Kabul")
    assert ("TJK", "high_level_contact") in found


def test_a_donor_roundup_goes_on_in_sentences_naming_no_afghan_word(tagger):
    """A real lede's wording (our own words): the later donors of an aid roundup."""
    found = news(tagger, "A wave of aid reached Afghanistan's quake-hit east on Monday. Oman flew in 40 tonnes "
                         "of medicines. Belarus delivered 15 tons of flour, while Jordan sent $300,000 in aid.",
                 title="Aid flows to quake-hit Afghanistan")
    assert {("OMN", "humanitarian"), ("BLR", "humanitarian"), ("JOR", "humanitarian")} <= found


def test_after_an_aid_sentence_only_aid_reads_on(tagger):
    """Guard: a sentence naming no Afghan word after one of aid gives no other level."""
    found = news(tagger, "A wave of aid reached Afghanistan's quake-hit east on Monday. Oman flew in 40 tonnes "
                         "of medicines. Belarus signed a potash deal with Jordan on Tuesday.",
                 title="Aid flows to quake-hit Afghanistan")
    assert ("BLR", "high_level_contact") not in found and ("JOR", "high_level_contact") not in found


def test_field_hospitals_flown_in_are_aid(tagger):
    """A real lede's wording (our own words)."""
    found = news(tagger, "Oman flew in two field hospitals to Kunar on Monday, officials said.",
                 title="Omani field hospitals reach quake-hit Kunar")
    assert ("OMN", "humanitarian") in found


def test_states_listed_with_a_serial_comma_all_act(tagger):
    """A real lede's wording (our own words): "X, Y, and Z have pledged" is one subject, not a new clause."""
    found = news(tagger, "Oman, Jordan, and Belarus have pledged aid to Afghanistan's quake survivors, officials said.",
                 title="Donors pledge quake aid")
    assert {("OMN", "humanitarian"), ("JOR", "humanitarian"), ("BLR", "humanitarian")} <= found


def test_a_clause_after_a_comma_and_is_its_own(tagger):
    """Guard: ", and" after a clause (not a list of names) opens a clause of its own."""
    found = news(tagger, "Oman sent tents to Afghanistan on Monday, and Jordan has condemned the Taliban's ban on "
                         "women working for aid groups.", title="Oman sends tents")
    assert ("OMN", "pressure") not in found


def test_telling_the_taliban_minister_by_name_in_kabul_is_contact(tagger):
    """blind118: the minister's name between "told" and "in Kabul" (our own words)."""
    found = news(tagger, "Japan's special envoy told Taliban foreign minister Amir Khan Muttaqi in Kabul on Monday that "
                         "the ban on girls' schooling was harming ties, Kyodo reported.", title="Japanese envoy's message")
    assert ("JPN", "high_level_contact") in found


def test_fodder_and_stoves_handed_over_are_aid(tagger):
    """blind117: winter relief for herders (our own words)."""
    result = tagger.tag("Chinese winter aid for Badakhshan", "China's ambassador handed over 30 tonnes of animal "
                        "fodder and 200 stoves to herders in Badakhshan on Monday, the governor's office said.")
    assert any(e.actor == "CHN" and e.rule.startswith("trigger:humanitarian:") for e in result.engagement)  # not a guess
