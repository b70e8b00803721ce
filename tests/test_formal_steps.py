"""Formal steps (recognition, ambassadors, accreditation) as agency copy words them, in
sentences of our own after real ledes read in session 31 (issue #15): the ladder's
headline is these levels, so a wording that claims a step not taken is the worst miss."""
from datetime import date

import pytest
from tagged import PUBLISHED, events, news


@pytest.mark.parametrize("summary", [
    # an envoy "recognised in" a capital is accepted there: no state recognised the Taliban
    "The envoy to Ashgabat is only the fourth accredited abroad, joining two already recognised in Beijing and "
    "Abu Dhabi, the Taliban foreign ministry said on Monday.",
    "Kyrgyzstan accepted a Taliban-appointed consul on Monday; envoys named by Kabul are so far recognised in Moscow "
    "and Beijing only.",
])
def test_an_envoy_recognised_in_a_capital_is_no_recognition(tagger, summary):
    assert "recognition" not in {level for _, level, _ in events(tagger, summary)}


def test_a_recognition_dated_right_after_the_verb_is_still_read(tagger):
    """Guard: "recognised in July" dates the step; the month is no capital."""
    found = events(tagger, "Russia, which recognised in July the Taliban government, hosted its foreign minister on "
                           "Monday.")
    assert ("RUS", "recognition", True) in found  # in background, dated July


@pytest.mark.parametrize("summary, actor", [
    ("Turkmenistan has accepted an ambassador from Afghanistan's Taliban administration, the foreign ministry in "
     "Kabul said on Monday.", "TKM"),
    ("The Taliban on Monday welcomed Kazakhstan's new ambassador at a ceremony at the presidential palace in "
     "Kabul.", "KAZ"),
])
def test_an_ambassador_accepted_from_the_taliban_or_sent_to_them_is_an_exchange(tagger, summary, actor):
    assert (actor, "ambassadors") in news(tagger, summary)


@pytest.mark.parametrize("summary", [
    # blind85's overstated status (our own words): a minister calling recognition out of the question
    "Dutch and Taliban officials agreed on Tuesday on checks for returns, while the foreign minister told "
    "parliament that recognising the Taliban was 'out of the question'.",
    # a stock aside of Russian copy (real agency wording read in session 31, our own sentence)
    "Three members of the Qatari Taliban's political office (banned and recognized as terrorists in Russia) flew "
    "into Kazan on Monday.",
    "Uzbekistan's Taliban-appointed consul, recognized as a terrorist by Tajik courts, flew to Termez on Monday.",
    # real briefing wording read in session 31 (our own sentences): no article, a quote, a subject not discussed
    "Belarus's foreign ministry said on Friday that Minsk's recognition of the Taliban government was out of "
    "question for now.",
    "Moscow said formal recognition of the Taliban administration remained \"out of question.\"",
    "The UN chief said recognition of the Taliban was not the subject of the envoys' meeting in Doha.",
    # real interview and briefing wording read in session 31 (our own sentences): difficulty, timing, conditions
    "It is hard for Japan to recognise the Taliban as Afghanistan's lawful government, a diplomat said.",
    "Qatar's foreign minister said the time to recognise the Taliban government had not come yet.",
    "Germany has set out conditions for it to recognise a Taliban government in Kabul.",
])
def test_a_recognition_ruled_out_or_a_terrorist_listing_is_no_recognition(tagger, summary):
    assert "recognition" not in {level for _, level, _ in events(tagger, summary)}


def test_accepting_the_talibans_nomination_of_an_ambassador_is_an_exchange(tagger):
    found = news(tagger, "Belarus has accepted the Taliban's nomination of an ambassador to Minsk, the Afghan foreign "
                         "ministry said on Sunday.")
    assert ("BLR", "ambassadors") in found


def test_officials_sent_by_the_taliban_cleared_to_serve_are_accredited(tagger):
    found = news(tagger, "Three officials sent by the Taliban have been cleared by Azerbaijan's foreign ministry to "
                         "serve at the Afghan embassy in Baku, the embassy said on Monday.")
    assert ("AZE", "accreditation") in found


@pytest.mark.parametrize("title", [
    # a headline naming a state's view "on" a step (real headline wording, our own words)
    "'No hurry': Kazakhstan on recognising the Taliban",
    "Oman on recognising Taliban: wait and see",
])
def test_a_states_view_on_recognising_is_no_recognition(tagger, title):
    assert news(tagger, "", title=title) == set()


@pytest.mark.parametrize("summary", [
    # "recognise" as acknowledge: efforts, concerns, rights, roles, documents, envoys (session 31's probes,
    # our own sentences; none of them in any labelled set)
    "China's foreign ministry recognised the Taliban's efforts to curb militant groups, a spokesman said on Monday.",
    "Pakistan's foreign minister recognised the Taliban's concerns over refugees on Monday.",
    "Iran recognises Afghanistan's right to use the Helmand's water, its energy minister said on Monday.",
    "Turkmenistan recognized the role of the Taliban in securing the TAPI route, its foreign minister said.",
    "Kazakhstan recognised Afghan university diplomas issued by the Taliban's higher education ministry.",
    "Uzbekistan recognizes Afghan driving licences from Monday under a deal with the Taliban.",
    "The UAE recognised the Taliban's ambassador on Thursday.",
])
def test_recognising_what_the_taliban_do_or_issue_is_no_recognition_of_them(tagger, summary):
    assert "recognition" not in {level for _, level, _ in events(tagger, summary)}


@pytest.mark.parametrize("summary", [
    "Russia recognised the Taliban's government on Thursday, the first country to do so.",
    "Russia formally recognised the Islamic Emirate of Afghanistan on Thursday.",
    "Russia on Thursday recognised Afghanistan's Taliban rulers.",
    # the news lede a wire wrote on the day: "became the first" restates a step, unless the day is told
    "Russia on Thursday became the first country to recognise the Taliban government in Afghanistan.",
])
def test_recognising_the_taliban_government_is_still_recognition(tagger, summary):
    """Guards: the government, the Emirate or the rulers themselves are recognised."""
    assert ("RUS", "recognition") in news(tagger, summary)


@pytest.mark.parametrize("summary", [
    # accreditation of the press is no accreditation of the Taliban's diplomats (our own sentences)
    "Qatar accredited 40 Afghan journalists to cover the Doha talks with the Taliban on Monday.",
    "The UN granted media accreditation to Taliban state television for the General Assembly on Monday.",
    # an ambassador sent or named to another country is no exchange with Kabul
    "India sent its ambassador to Kazakhstan to meet Taliban officials in Astana on Monday.",
    "Turkey appointed a new ambassador to Pakistan on Monday who will also handle contacts with the Taliban.",
])
def test_press_accreditation_or_an_ambassador_elsewhere_is_no_formal_step(tagger, summary):
    assert not {"accreditation", "ambassadors"} & {level for _, level, _ in events(tagger, summary)}


def test_an_ambassador_named_to_head_the_kabul_embassy_is_still_an_exchange(tagger):
    found = news(tagger, "Uzbekistan appointed a new ambassador to head its embassy in Kabul on Monday, the Taliban "
                         "foreign ministry said.")
    assert ("UZB", "ambassadors") in found


@pytest.mark.parametrize("summary", [
    # blind86's three overstated statuses (read after its first run; our own sentences)
    "The envoy said London had no plans to turn its Kabul office into an embassy or to accept a Taliban-appointed "
    "ambassador while the restrictions remain.",
    "Kazakhstan's standards agency and the Afghan standards authority agreed on Tuesday on mutual recognition of "
    "laboratory tests on flour.",
    "No date has been set for a visit by Uzbekistan's president, his spokesman said, a day before the first "
    "anniversary of Uzbekistan's recognition of the Taliban government.",
])
def test_a_negated_coordinated_step_mutual_recognition_of_tests_or_an_anniversary_is_no_formal_step(tagger, summary):
    assert not {"recognition", "ambassadors"} & {level for _, level in news(tagger, summary)}


@pytest.mark.parametrize("title", [
    "Kremlin says no date yet for Lavrov trip to Kabul",
])
def test_no_date_yet_for_a_visit_is_no_visit(tagger, title):
    assert news(tagger, "", title=title) == set()


def test_an_invitation_being_studied_is_no_contact(tagger):
    found = news(tagger, "Minsk said an invitation from the Taliban leadership for its president to visit Kabul was "
                         "being studied.")
    assert ("BLR", "high_level_contact") not in found


@pytest.mark.parametrize("summary", [
    # blind87's traps, read after its first run (our own sentences)
    "An ICAO team recognised 'steady progress' by the Taliban's aviation authority after an audit in Kabul on Monday.",
    "The Taliban welcomed on Monday the recognition of a State of Palestine by France and Belgium.",
    "Kazakhstan recognised Kosovo on Monday, the Taliban foreign ministry noted.",
    "The Taliban welcomed the exchange of ambassadors between Turkey and Armenia on Sunday.",
    "President Tokayev received the credentials of Pakistan's new ambassador to Kazakhstan on Tuesday and discussed "
    "Afghan transit with him.",
    "Japan's new ambassador to Uzbekistan presented his letters of credence to President Mirziyoyev on Wednesday and "
    "spoke of trade through Afghanistan.",
    "Uzbekistan has stripped the Taliban's consul in Termez of accreditation, the foreign ministry said on Friday.",
    "Muttaqi told Kuwait's envoy on Sunday that the time has come for Gulf states to recognise the Islamic Emirate.",
    "It is hard to see Canada accepting diplomats appointed by the Taliban soon, a minister told parliament.",
    "A Russian official urged SCO partners on Wednesday to 'draw the logical conclusion' and recognise the Taliban "
    "government.",
])
def test_blind87_traps_are_no_formal_step(tagger, summary):
    assert not {"recognition", "ambassadors", "accreditation"} & {level for _, level in news(tagger, summary)}


@pytest.mark.parametrize("summary, actor", [
    # guards: the Taliban's own envoy presenting credentials abroad is the host's step
    ("The Taliban's first ambassador to Kenya presented his letters of credence to President Ruto on Tuesday.", "KEN"),
    ("Bahrain's first ambassador to Taliban-run Afghanistan presented his credentials to Muttaqi on Sunday.", "BHR"),
    ("Senegal's cabinet agreed on Thursday to accept a resident ambassador from Afghanistan's Taliban "
     "administration.", "SEN"),
])
def test_real_ambassador_steps_are_still_read(tagger, summary, actor):
    assert (actor, "ambassadors") in news(tagger, summary)


def test_a_step_taken_the_following_january_is_background_of_that_month(tagger):
    """blind87's overstated status, in our own words: a step dated from an earlier one told in an aside."""
    found = tagger.tag("", "Ambassador Wu, who in March 2024 presented his papers in Kabul, said Beijing wanted more "
                           "pine nuts; Vietnam accepted a Taliban ambassador's credentials the following January.", PUBLISHED)
    assert [(e.level, e.when, e.background) for e in found.engagement if e.actor == "VNM"] == [
        ("ambassadors", date(2025, 1, 1), True)]


def test_last_months_decision_to_raise_missions_is_background(tagger):
    found = events(tagger, "Pakistan's foreign office said on Wednesday it had granted an exequatur to a Taliban consul "
                           "in Quetta. The step followed last month's decision by both governments to raise their "
                           "missions to ambassador level, it said.")
    assert ("PAK", "ambassadors", True) in found and ("PAK", "ambassadors", False) not in found


@pytest.mark.parametrize("title", [
    "Kyrgyz deputies urge cabinet to recognise Taliban",
    "Kyrgyz deputies urge cabinet to follow Russia in recognising Taliban",
])
def test_a_call_to_recognise_or_to_follow_a_recogniser_is_no_recognition(tagger, title):
    found = tagger.tag(title, "BISHKEK - Twenty deputies signed the appeal on Tuesday.", PUBLISHED)
    assert not [e for e in found.engagement if e.level == "recognition" and not e.background]


def test_a_state_following_another_in_recognising_takes_the_step(tagger):
    """Guard: the state that follows is the one acting; the one followed is not."""
    found = news(tagger, "", "Mali follows Russia in recognising Taliban government")
    assert ("MLI", "recognition") in found and ("RUS", "recognition") not in found


@pytest.mark.parametrize("title, summary", [
    # probes of our own (session 32): a claim a denial answers, a headline's question
    ("Taliban claim", "The Taliban said on Friday that Serbia had recognised their government, a claim the Serbian "
                      "foreign ministry denied within hours."),
    ("Taliban say Serbia recognised them; Belgrade denies it", ""),
    ("Serbia accepts Taliban charge d'affaires? Not yet, says Belgrade", ""),
])
def test_a_denied_claim_or_a_headlines_question_is_no_formal_step(tagger, title, summary):
    found = tagger.tag(title, summary, PUBLISHED)
    assert not [e for e in found.engagement if e.actor == "SRB"]


def test_a_question_elsewhere_in_the_story_leaves_a_step_told_as_news(tagger):
    """Guard: the question mark of another sentence does not cancel a step."""
    assert ("SRB", "accreditation") in news(tagger, "Serbia accepted a Taliban charge d'affaires on Friday, the foreign "
                                                    "ministry said. What comes next?")


@pytest.mark.parametrize("title, summary", [
    # blind89's and blind90's overstated levels, in our own words: a recognition named as a noun and talked of
    ("Lavrov: recognition of Taliban government by others 'their own business'", ""),
    ("Astana calls recognition of Kabul 'a question for later'", ""),
    ("", "The U.N. credentials committee on Monday again deferred a decision on Afghanistan's seat, leaving it with "
         "the former republic's envoy despite recognition of the Taliban by Russia and three other states."),
    # "recognise" for documents and findings, not governments
    ("Kyrgyz and Taliban officials agree to recognise truck drivers' permits", ""),
    ("UNDP report recognises Afghan export slump but warns of debt", ""),
])
def test_a_recognition_talked_of_or_of_documents_is_no_recognition(tagger, title, summary):
    found = tagger.tag(title, summary, PUBLISHED)
    assert not [e for e in found.engagement if e.level == "recognition" and not e.background]


def test_a_recognition_a_cabinet_approves_is_still_a_step(tagger):
    """Guard: the noun with a verb that takes the step."""
    assert ("NPL", "recognition") in news(tagger, "", "Nepal's cabinet approves recognition of Taliban government")


@pytest.mark.parametrize("summary", [
    # blind90's overstated levels, in our own words: credentials between other states, a gerund a hedge governs,
    # a persuasion asked for, "not there yet"
    "Emir Tamim receives credentials of Canadian envoy whose Doha embassy handles Afghan affairs",
    "The Taliban on Monday welcomed the exchange of ambassadors between Oman and Iran, whose envoys presented their "
    "credentials in Muscat and Tehran this week.",
    "Mongolia is weighing raising its office in Kabul to embassy level and accepting a Taliban ambassador, a daily "
    "reported on Monday.",
    "The Taliban's deputy minister asked the EU envoy on Monday to persuade member states to accept Taliban-appointed "
    "diplomats.",
    "Japan is 'not there yet' on accepting an ambassador from the Taliban administration, a spokesman said on Monday.",
])
def test_credentials_of_others_and_steps_only_weighed_or_asked_for_are_no_step(tagger, summary):
    assert not [e for e in tagger.tag("", summary, PUBLISHED).engagement if e.level in ("ambassadors", "accreditation")]


@pytest.mark.parametrize("summary, actor, level", [
    # blind90's missed steps, in our own words
    ("Kazakhstan has approved the Taliban government's nominee to succeed its envoy as ambassador in Astana, the "
     "foreign ministry said on Monday.", "KAZ", "ambassadors"),
    ("Mali has agreed to accept the Taliban administration's ambassador in Ankara as its non-resident envoy, the "
     "foreign ministry said on Monday.", "MLI", "ambassadors"),
    ("Sweden has suspended the accreditation of a Taliban-appointed diplomat over the guardian decree, the foreign "
     "minister said on Monday.", "SWE", "pressure"),
])
def test_a_nominee_approved_an_ambassador_accepted_and_an_accreditation_suspended_are_read(tagger, summary, actor,
                                                                                            level):
    assert (actor, level) in news(tagger, summary)


def test_a_mission_that_has_become_an_embassy_is_the_ambassadors_step(tagger):
    """heldout60's unread wording, in our own words."""
    assert ("IND", "ambassadors") in news(tagger, "India's foreign ministry said on Monday that its technical mission "
                                                  "in Kabul had become the Embassy of India with immediate effect.")


def test_a_visit_the_news_is_the_result_of_is_no_visit_today(tagger):
    found = events(tagger, "The Taliban foreign ministry on Monday welcomed Nepal's decision to open an embassy in "
                           "Kabul, calling it the result of the minister's successful visit to Kathmandu.")
    assert ("NPL", "high_level_contact", False) not in found


def test_credentials_presented_to_a_president_by_another_states_envoy_are_not_the_talibans(tagger):
    """A probe of our own (session 32): the Taliban have no president, king or emir."""
    found = tagger.tag("", "Georgia's new ambassador presented his credentials to President Erdogan on Monday; he "
                           "will also cover Afghanistan from Ankara.", PUBLISHED)
    assert not [e for e in found.engagement if e.level == "ambassadors"]


def test_the_talibans_envoy_presenting_papers_to_a_president_is_the_hosts_step(tagger):
    """Guard: the Taliban's own ambassador abroad."""
    assert ("MDV", "ambassadors") in news(tagger, "The Taliban's first ambassador to the Maldives presented his "
                                                  "letters of credence to President Mohamed Muizzu on Monday.")


@pytest.mark.parametrize("summary, expected", [
    ("Armenia handed the keys of the Afghan embassy to a Taliban-appointed charge d'affaires on Monday, the foreign "
     "ministry said.", True),
    ("China's foreign ministry said on Monday that the Taliban's ambassador in Beijing is 'fully accredited', in "
     "answer to a question about his status.", False),
])
def test_embassy_keys_handed_over_are_a_step_and_a_status_restated_is_none(tagger, summary, expected):
    assert bool([e for e in tagger.tag("", summary, PUBLISHED).engagement
                 if e.level == "accreditation" and not e.background]) is expected


@pytest.mark.parametrize("title, summary", [
    # blind92's overstated statuses (session 33), in our own words: two other states' step, welcomed by Kabul
    ("", "The Taliban's foreign ministry on Monday praised an agreement between Serbia and Albania to exchange "
         "ambassadors and reopen embassies in each other's capitals."),
    ("Kabul hails Morocco and Algeria's return to ambassador-level relations", ""),
    ("", "Kabul on Friday welcomed talks between India and Pakistan in Dubai, saying dialogue served the region."),
])
def test_a_step_or_talks_between_two_other_states_is_no_act_with_kabul(tagger, title, summary):
    assert events(tagger, summary, title) == set()


@pytest.mark.parametrize("summary, actor", [
    ("Kazakhstan and Kyrgyzstan agreed on Monday to exchange ambassadors with the Taliban administration.", "KGZ"),
    ("Uzbekistan and Afghanistan agreed on Monday to exchange ambassadors, the foreign ministry in Tashkent said.", "UZB"),
    ("Oman and the Taliban agreed on Monday to swap ambassadors.", "OMN"),
])
def test_a_pair_exchanging_ambassadors_with_kabul_still_takes_the_step(tagger, summary, actor):
    """Guard: the pair rule leaves a step the Taliban side is party to."""
    assert (actor, "ambassadors") in news(tagger, summary)


def test_talks_between_a_state_and_the_taliban_minister_are_contact(tagger):
    """Guard: a Taliban party named after "between" (a minister's name, the ministry) keeps the talks."""
    assert ("IRN", "high_level_contact") in news(tagger, "Border trade dominated talks between Iran's deputy foreign "
                                                          "minister and Foreign Minister Amir Khan Muttaqi in Kabul on "
                                                          "Monday.")


def test_a_step_the_following_year_after_a_dated_one_is_background(tagger):
    found = tagger.tag("", "Belarus recognised the Taliban administration in March 2025, and the following year the two "
                           "sides raised their missions to ambassador level, officials said.", PUBLISHED)
    assert {(e.level, e.when, e.background) for e in found.engagement if e.actor == "BLR"} == {
        ("ambassadors", date(2026, 1, 1), True), ("recognition", date(2025, 3, 1), True)}


def test_a_dated_step_then_this_weeks_news_keeps_the_step_in_background(tagger):
    """A news time told after "and" belongs to the next act, not to the dated step before it."""
    found = events(tagger, "Belarus recognised the Taliban administration in November 2025 and the two sides raised their "
                           "ties to ambassador level on Monday.")
    assert ("BLR", "recognition", True) in found and ("BLR", "recognition", False) not in found
    assert ("BLR", "ambassadors", False) in found


def test_a_step_earlier_this_month_is_background_however_recent(tagger):
    """blind92 (session 33), in our own words: a recognition "earlier this month", told in a story of the 3rd."""
    found = tagger.tag("", "Mongolia recognised the Taliban government earlier this month, its envoy said.", PUBLISHED)
    assert [(e.actor, e.level, e.when, e.background) for e in found.engagement] == [
        ("MNG", "recognition", date(2026, 6, 1), True)]


@pytest.mark.parametrize("summary", [
    # probes of our own (session 33): a step only talked of, or a bare verb sharing a modal or a hope
    "Mongolian and Taliban officials on Monday discussed upgrading ties to ambassador level.",
    "Kabul hopes Mongolia will follow Russia and recognise it, Mujahid said on Monday.",
    "Mongolia will follow Russia and recognise the Taliban, its minister said on Monday.",
    "Mongolia is expected to follow Russia and recognise the Taliban, diplomats said on Monday.",
])
def test_a_step_discussed_or_coordinated_with_a_modal_is_not_taken(tagger, summary):
    assert not {level for _, level in news(tagger, summary)} & {"recognition", "ambassadors", "accreditation"}


def test_a_court_recognising_a_marriage_is_no_recognition(tagger):
    """A probe of our own (session 33): "recognise" of a private act is no state's step."""
    assert events(tagger, "A Mongolian court on Monday recognised the marriage of an Afghan couple who fled Kabul.") == set()


@pytest.mark.parametrize("title, actor, level", [
    # probes of our own (session 33): headline wordings of a handover and a refusal
    ("Mongolia hands Afghan embassy to Taliban", "MNG", "accreditation"),
    ("Mongolia rejects Taliban bid to take over embassy", "MNG", "pressure"),
    ("Mongolia refuses to hand Afghan embassy to Taliban", "MNG", "pressure"),
])
def test_headline_handovers_and_refusals_are_read(tagger, title, actor, level):
    found = news(tagger, "", title)
    assert (actor, level) in found
    assert level == "accreditation" or not {lv for _, lv in found} & {"recognition", "ambassadors", "accreditation"}


def test_a_step_reversed_is_pressure_not_the_step(tagger):
    """A probe of our own (session 33): a reversal withdraws the step it names."""
    found = news(tagger, "Mongolia on Monday reversed its decision to accept a Taliban ambassador, officials said.")
    assert ("MNG", "pressure") in found and ("MNG", "ambassadors") not in found


@pytest.mark.parametrize("title, summary", [
    # blind94's overstated statuses (session 33, read after its first run), in our own words
    ("", "Oman's foreign ministry on Monday rejected a report on a Kabul radio station that Muscat had decided to "
         "recognise the Taliban government."),
    ("", "Oman has made no decision on a Taliban envoy, its foreign ministry said on Monday, contradicting a Taliban "
         "statement that Muscat had agreed to raise the Afghan mission to embassy rank."),
    ("Oman to recognise Afghan seed and livestock health certificates", ""),
    ("", "The Taliban's culture ministry has accredited three reporters of Malaysia's state broadcaster, it said on "
         "Monday. It said 12 foreign reporters had been accredited this year."),
    ("", "The Taliban's nominee for the U.N. seat said on Monday he expected the General Assembly to give it to the "
         "Islamic Emirate, citing the number of countries that have recognised his government."),
    ("Malaysia's new ambassador hands credentials to Lula, eyes Afghan trade", ""),
])
def test_denied_reports_other_senses_and_unnamed_countries_take_no_step(tagger, title, summary):
    assert not {level for _, level in news(tagger, summary, title)} & {"recognition", "ambassadors", "accreditation"}


def test_the_first_ambassador_since_a_year_is_dated_by_what_follows(tagger):
    found = tagger.tag("", "Trade talks in Muscat came after Oman accepted the Taliban's first ambassador since 2021 "
                           "in April, officials said.", PUBLISHED)
    assert [(e.actor, e.level, e.when, e.background) for e in found.engagement if e.level == "ambassadors"] == [
        ("OMN", "ambassadors", date(2026, 4, 1), True)]


@pytest.mark.parametrize("title, summary, absent", [
    # blind95 and blind96 (session 33, read after their first runs), in our own words
    ("Swiss court recognises Afghan girls as a persecuted group", "", ("CHE", "recognition")),
    ("", "Taliban Foreign Minister Amir Khan Muttaqi on Monday called on Mongolia, Nepal and Bhutan to follow Russia "
         "and Belarus in formally recognising his government.", ("MNG", "recognition")),
    ("Omani ministry approves Taliban nominee to head Muscat embassy as ambassador", "", ("OMN", "accreditation")),
])
def test_a_court_an_appeal_to_follow_and_an_ambassador_approved_take_no_lesser_or_false_step(tagger, title, summary,
                                                                                               absent):
    assert absent not in news(tagger, summary, title)


@pytest.mark.parametrize("summary, actor", [
    ("Thailand's foreign ministry accepted on Friday the letter of appointment of a Taliban-named chargé "
     "d'affaires, who has taken over the Afghan embassy in Bangkok.", "THA"),
    ("Kazakhstan has allowed the Taliban to open an Afghan consulate general in Almaty, the Taliban foreign ministry "
     "said on Monday.", "KAZ"),
])
def test_a_letter_of_appointment_accepted_and_a_consulate_allowed_are_accreditation(tagger, summary, actor):
    assert (actor, "accreditation") in news(tagger, summary)


@pytest.mark.parametrize("title, summary", [
    # blind98 (session 33, read after its first run), in our own words
    ("Indonesia's halal agency recognises Kabul certifier for saffron exports", ""),
    ("Qatari ministry accredits Afghan hajj agencies under deal with Kabul", ""),
    ("Venezuela hosts Taliban trade minister, keeps ties below embassy level", ""),
    ("", "Muttaqi called on the member states of the Organisation of Islamic Cooperation on Monday to recognise his "
         "government 'as Moscow did'."),
])
def test_other_senses_ties_kept_below_a_rank_and_a_call_take_no_formal_step(tagger, title, summary):
    assert not {level for _, level in news(tagger, summary, title)} & {"recognition", "ambassadors", "accreditation"}


def test_a_dateline_month_of_may_is_no_hedge_of_an_infinitive(tagger):
    """Guard: "May 28" in a dateline is the month, not the modal."""
    found = news(tagger, "ALMATY, May 28 (Reuters) - Kazakhstan has set up a channel with the Taliban's intelligence "
                         "service to share information on militants, its security chief said on Wednesday.")
    assert ("KAZ", "technical") in found


def test_the_accreditation_of_an_ambassador_is_the_ambassadors_step_alone(tagger):
    found = news(tagger, "KABUL (Reuters) - Georgia's ambassador to Iran presented his letters of credence to the "
                         "Taliban's prime minister in Kabul on Monday and will cover Afghanistan from Tehran. Tbilisi "
                         "confirmed the accreditation, the first of a Georgian ambassador to Afghanistan since 2021.")
    assert ("GEO", "ambassadors") in found and ("GEO", "accreditation") not in found


@pytest.mark.parametrize("title, summary", [
    # blind99 and blind100 (session 33, read after their first runs), in our own words
    ("", "Yerevan on Monday denied a Taliban statement that the two sides had agreed to exchange ambassadors. The "
         "Taliban foreign ministry said on Friday that a visiting Armenian deputy minister had agreed to raise ties to "
         "ambassador level."),
    ("Mongolian standards body accredits Kabul laboratory to test Afghan raisins",
     "Mongolia's National Accreditation Centre has accredited a food-testing laboratory in Kabul, the trade ministry "
     "said on Monday."),
    ("", "Bangladesh's foreign office said on Monday that recognising the Taliban government remained 'a complex "
         "question' tied to the rights of women."),
    ("", "A Taliban official said on Monday that Nepal was 'close' to formally recognising the Islamic Emirate."),
    ("Kyrgyz border posts to recognise Afghan polio cards under health officials' deal", ""),
    ("Nepal's president says recognising Taliban is 'not on Kathmandu's agenda'", ""),
])
def test_a_denied_claim_an_institution_a_question_nearness_cards_and_an_agenda_take_no_step(tagger, title, summary):
    assert not {level for _, level in news(tagger, summary, title)} & {"recognition", "ambassadors", "accreditation"}
