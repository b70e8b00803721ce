"""Who acts in a sentence and whether it is news (ingest/tagging/sentence.py, subjects.py):
the cases blind37's first run missed, in sentences of our own (issue #15)."""
from datetime import date

import pytest
from tagged import PUBLISHED, events, news


def test_an_agreement_that_is_the_formal_step_is_not_technical_work_besides(tagger):
    found = events(tagger, "Ambassadors will be exchanged between Kyrgyzstan and the Taliban administration under an "
                           "agreement reached in Bishkek on Monday, Kyrgyz officials said.")
    assert found == {("KGZ", "ambassadors", False)}


def test_an_agreement_on_another_matter_beside_a_formal_step_stays_technical(tagger):
    found = events(tagger, "Denmark has accepted a consular officer sent by the Taliban, the ministry said on Monday, and "
                           "officials of the two sides have agreed a procedure for identifying Afghans facing removal.")
    assert {("DNK", "accreditation", False), ("DNK", "technical", False)} <= found


def test_a_host_receiving_a_minister_beside_a_formal_step_is_contact_too(tagger):
    found = events(tagger, "", title="Kyrgyzstan and Taliban to exchange ambassadors as Kulubaev hosts Muttaqi")
    assert found == {("KGZ", "ambassadors", False), ("KGZ", "high_level_contact", False)}


@pytest.mark.parametrize("when, news", [("on Monday", True), ("in March", False)])
def test_an_aside_dated_to_the_news_reports_news(tagger, when, news):
    found = events(tagger, "Control of the Afghan consulate in Osh has passed to a consul sent by the Taliban, whose "
                           f"accreditation was approved by Kyrgyzstan's foreign ministry {when}.")
    assert found == {("KGZ", "accreditation", not news)}


def test_the_agent_of_a_passive_step_is_found_after_a_second_verb(tagger):
    found = events(tagger, "Three consular officers sent by the Taliban have been accredited at the Afghan embassy in "
                           "Astana and given residence permits by Kazakhstan's foreign ministry, state media reported.")
    assert found == {("KAZ", "accreditation", False)}


def test_the_by_of_another_clause_is_not_the_agent(tagger):
    found = events(tagger, "Children sent back from Iran will be vaccinated before they board buses for the border under "
                           "a plan agreed on Saturday by Iranian and Afghan health officials, the ministry said.")
    assert ("IRN", "humanitarian", False) not in found


def test_an_envoy_receiving_a_freed_detainee_is_contact(tagger):
    found = events(tagger, "An American teacher held for a year was released by the Taliban on Friday, Qatar said. He was "
                           "received at Doha airport by U.S. special envoy Adam Boehler.")
    assert ("USA", "high_level_contact", False) in found


def test_a_matter_taken_up_with_a_taliban_minister_is_contact(tagger):
    found = events(tagger, "The closure of girls' schools was taken up with Taliban Education Minister Habibullah Agha by "
                           "the head of UNICEF on Monday, the agency said.")
    assert found == {("UN", "high_level_contact", False)}


def test_demanding_a_ban_be_lifted_is_pressure_but_calling_for_sanctions_to_go_is_not(tagger):
    assert events(tagger, "The Taliban's edict is unacceptable, the U.N. mission said on Monday, demanding that the ban "
                          "be lifted.") == {("UN", "pressure", False)}
    assert events(tagger, "Russia called for U.N. sanctions on the Taliban to be lifted.") == set()


def test_visas_refused_to_taliban_officials_are_pressure_by_the_refusing_state(tagger):
    found = events(tagger, "Visas for three Taliban officials who were to attend a conference in Seoul have been refused by "
                           "South Korea's foreign ministry, organisers said on Monday.")
    assert found == {("KOR", "pressure", False)}


def test_an_envoy_acts_for_the_state_that_sent_them_not_where_they_are_posted(tagger):
    assert events(tagger, "Canada's ambassador to the Human Rights Council condemned the Taliban's edict on "
                          "Tuesday.") == {("CAN", "pressure", False)}
    assert events(tagger, "The engineer, held by the Taliban since March for taking photographs near an airbase, was met "
                          "at Doha airport by Italy's ambassador to Qatar on Sunday.") == {("ITA", "high_level_contact", False)}


def test_where_returnees_came_back_from_takes_no_part_in_their_aid(tagger):
    found = events(tagger, "About 3,000 Afghan families who came back from Iran this year received cash aid funded by "
                           "Germany, the charity said.")
    assert found == {("DEU", "humanitarian", False)}


def test_working_level_people_of_both_sides_meet_at_working_level(tagger):
    found = events(tagger, "Clashes broke out at Chaman on Monday between Pakistani and Taliban forces. Border officers "
                           "from the two sides met at the crossing in the evening and agreed to reopen it.")
    assert found == {("PAK", "hostile", False), ("PAK", "technical", False)}


def test_a_sentence_opening_weeks_earlier_is_background(tagger):
    found = events(tagger, "Pakistani and Taliban forces traded fire at Chaman on Monday. Three weeks earlier, officials "
                           "from both sides had agreed at a flag meeting to reopen the gate.")
    assert found == {("PAK", "hostile", False)}


def test_both_sides_agreeing_after_ministers_talk_adds_no_working_level_act(tagger):
    found = events(tagger, "Uzbek Foreign Minister Bakhtiyor Saidov spoke with Amir Khan Muttaqi by phone on Tuesday. Both "
                           "sides agreed to keep working groups meeting.")
    assert found == {("UZB", "high_level_contact", False)}


# blind38's first run, read after it: the cases it missed, in sentences of our own.

def test_a_meeting_beside_a_step_restated_as_background_is_news(tagger):
    assert news(tagger, "Taliban Interior Minister Sirajuddin Haqqani was received by Uzbek Foreign Minister Bakhtiyor "
                        "Saidov in Tashkent on Monday, the first such meeting since Uzbekistan accepted a Taliban "
                        "ambassador in 2024.") == {("UZB", "high_level_contact")}


def test_hosting_an_envoy_beside_a_restated_recognition_is_no_contact(tagger):
    assert news(tagger, "Moscow, which recognised the Taliban government in July 2025, already hosts a Taliban "
                        "ambassador.") == set()


def test_a_state_since_a_month_does_not_date_an_act_told_as_news(tagger):
    assert news(tagger, "Two Canadian nurses held in Afghanistan since March were handed to Canada's ambassador at Kabul "
                        "airport on Friday after talks mediated by Qatar, Doha said.") == \
        {("CAN", "high_level_contact"), ("QAT", "high_level_contact")}
    assert events(tagger, "Qatar said on Tuesday it had mediated talks between the Taliban and Washington in March.") == \
        {("QAT", "high_level_contact", True), ("USA", "high_level_contact", True)}


def test_accepting_an_official_the_taliban_sent_is_accreditation(tagger):
    assert news(tagger, "Sweden has accepted a Taliban-sent official at the Afghan embassy in Stockholm to issue "
                        "passports, the foreign ministry said on Monday.") == {("SWE", "accreditation")}


def test_the_ministers_at_a_trilateral_meeting_take_part_in_it(tagger):
    assert news(tagger, "The corridor plan was endorsed on Thursday by Wang Yi, Ishaq Dar and Amir Khan Muttaqi at a "
                        "trilateral meeting in Kabul.") == {("CHN", "high_level_contact"), ("PAK", "high_level_contact")}


def test_a_consular_officer_talks_at_working_level(tagger):
    assert news(tagger, "A consular officer from Austria's embassy in Islamabad was in Kabul on Monday for talks with the "
                        "Taliban foreign ministry on access to a detained Austrian.") == {("AUT", "technical")}


def test_an_arrangement_a_ministry_worked_out_with_the_taliban_is_technical(tagger):
    assert news(tagger, "A charter flight carrying 190 Afghans deported from Germany landed in Kabul on Tuesday under an "
                        "arrangement Germany's interior ministry has worked out with the Taliban's refugees "
                        "ministry.") == {("DEU", "technical")}


def test_talks_with_unnamed_governments_give_the_named_capitals_nothing(tagger):
    assert events(tagger, "The Taliban said their envoys now serve in Beijing, Moscow and Tashkent, and that talks with "
                          "several more governments were under way.") == set()


def test_meeting_deportees_is_not_meeting_the_taliban(tagger):
    assert events(tagger, "The Turkish Red Crescent meets deportees at Kabul airport with hot meals and cash cards.") == set()


def test_urging_kabuls_rulers_is_pressure(tagger):
    assert news(tagger, "The OIC's secretary-general said the ban on girls' schooling had no basis in Islam, urging "
                        "Kabul's rulers to reverse it.") == {("OIC", "pressure")}


def test_a_strike_overnight_is_the_news_and_another_act_before_a_summons_is_not(tagger):
    assert news(tagger, "Six people were killed in Paktika after drones struck a house overnight, a Taliban spokesman "
                        "said, blaming Pakistan's military.") == {("PAK", "hostile")}
    assert news(tagger, "Pakistan summoned the Afghan charge d'affaires on Tuesday after a bombing in Quetta.") == \
        {("PAK", "pressure")}


def test_what_followed_a_dated_past_act_is_past_too(tagger):
    assert news(tagger, "Pakistani jets hit targets in Kabul in October 2025, before a truce mediated by Qatar and "
                        "Turkey.") == set()


def test_warning_of_strikes_is_no_strike(tagger):
    assert news(tagger, "Pakistan's defence minister warns of new strikes in Afghanistan.") == set()


# blind39's and blind40's first runs, read after them: the wordings they missed, in sentences of our
# own, each with the news events it must show.
@pytest.mark.parametrize("summary, expected", [
    pytest.param("Recognition of the Islamic Emirate was conveyed to Kabul in a note verbale from Gabon's foreign "
                 "ministry, the Taliban said on Monday.",
                 {("GAB", "recognition")}, id="recognition-conveyed"),
    pytest.param("Armenia's liaison office in Kabul is to become a full embassy under a decree signed by President "
                 "Vahagn Khachaturyan on Monday, state media said.",
                 {("ARM", "ambassadors")}, id="office-to-embassy"),
    pytest.param("A consul general named by the Taliban has been cleared to take up his post in the Turkish city of "
                 "Izmir by Turkey's foreign ministry, the embassy said on Monday.",
                 {("TUR", "accreditation")}, id="consul-cleared"),
    pytest.param("Iran's deputy foreign minister met Taliban refugees minister Abdul Kabir in Kabul on Monday, the "
                 "ministry said.",
                 {("IRN", "high_level_contact")}, id="refugees-minister-met"),
    pytest.param("The U.N. rights chief called the ban on Afghan women working for U.N. agencies 'indefensible' on "
                 "Monday.",
                 {("UN", "pressure")}, id="ban-indefensible"),
    pytest.param("Afghans leaving Iran will be allowed to take their cars through Islam Qala without paying duty "
                 "under rules agreed on Monday by officials of Iran's interior ministry and the Taliban's refugees "
                 "ministry.",
                 {("IRN", "technical")}, id="rules-agreed-under-a-future"),
    pytest.param("The remains were handed over at the Torkham crossing on Monday by Pakistani border officials, "
                 "under an arrangement agreed with the Taliban's border commission in March.",
                 {("PAK", "technical")}, id="arrangement-dated-before"),
    pytest.param("Uzbek police investigators began working alongside the Taliban's interior ministry on Monday on "
                 "the inquiry into the attack.",
                 {("UZB", "technical")}, id="working-alongside"),
    pytest.param("Turkey's Red Crescent set up two field kitchens at Islam Qala on Monday to feed Afghans deported "
                 "from Iran.",
                 {("TUR", "humanitarian")}, id="field-kitchens"),
    pytest.param("Turkmenistan's gas company has told the Afghan utility it will cut supplies to Herat unless $20 "
                 "million in arrears is paid, the ministry said on Monday.",
                 {("TKM", "pressure")}, id="told-it-will-cut-unless"),
    pytest.param("Pakistan will deport the remaining card-holders from Oct 1 unless the Taliban act against "
                 "militants, the interior minister said.",
                 {("PAK", "pressure")}, id="deport-from-a-date-ahead"),
    pytest.param("Germany has accepted the accreditation of a third official sent by the Taliban, a spokesman said "
                 "on Monday, to help identify Afghans due to be deported.",
                 {("DEU", "accreditation")}, id="purpose-of-a-step"),
    pytest.param("Crews from Iran's grid company Tavanir and Afghan technicians together repaired pylons near Zaranj "
                 "on Monday.",
                 {("IRN", "technical")}, id="repaired-together"),
    pytest.param("A Berlin court ordered visas for an Afghan prosecutor's family on Monday.",
                 set(), id="a-prosecutor-is-no-prosecution"),
    pytest.param("The credentials of the Emirates' new ambassador were received by the Taliban's prime minister in "
                 "Kabul on Monday.",
                 {("ARE", "ambassadors")}, id="credentials-of-the-emirates-envoy"),
    pytest.param("A labour attache sent by the Taliban to the Afghan consulate general in Jeddah has been approved "
                 "by Saudi Arabia's foreign ministry, the consulate said on Monday.",
                 {("SAU", "accreditation")}, id="attache-approved-far-from-its-verb"),
    pytest.param("The head of the Afghan embassy in Ashgabat was summoned to Turkmenistan's foreign ministry on "
                 "Monday and handed a protest note over the Taliban's canal.",
                 {("TKM", "pressure")}, id="summoned-to-a-ministry"),
    pytest.param("Thirty containers of medicines and blankets shipped by Kazakhstan have arrived in Kabul and been "
                 "handed to Taliban health officials, the ministry said on Monday.",
                 {("KAZ", "humanitarian")}, id="aid-containers-arrived"),
    pytest.param("Officials of the Turkish embassy in Kabul and the Taliban's customs department agreed on Monday "
                 "that medicine consignments would be cleared within two days.",
                 {("TUR", "technical")}, id="customs-department-agreed"),
    pytest.param("Uzbekistan and Kazakhstan condemned a suicide bombing claimed by Islamic State that killed a Taliban "
                 "provincial governor in Balkh on Monday.",
                 set(), id="condemning-an-attack-on-the-taliban"),
    pytest.param("Tajikistan condemned the airstrikes in Kunar on Monday, which killed nine Afghan villagers.",
                 set(), id="condemning-a-strike-is-not-carrying-it-out"),
    pytest.param("Uzbekistan condemned the attack on its border post by Taliban forces on Monday.",
                 {("UZB", "pressure")}, id="condemning-a-taliban-attack-stays-pressure"),
    pytest.param("A schedule for buses carrying Afghans from Mashhad to Islam Qala was agreed on Monday by officials "
                 "of Iran's interior ministry and the Taliban's refugees ministry.",
                 {("IRN", "technical")}, id="officials-of-ministries-agree-at-working-level"),
    pytest.param("The Netherlands' immigration office and the Taliban's interior ministry have agreed to check "
                 "returnees' papers by video call, Migration Minister Marjolein Faber said on Monday.",
                 {("NLD", "technical")}, id="a-minister-telling-of-it-was-not-at-the-table"),
    pytest.param("Norway's special envoy held talks with a Taliban deputy minister in Doha on Monday on a U.N.-convened "
                 "conference due next month.",
                 {("NOR", "high_level_contact")}, id="a-meeting-due-next-month-is-no-contact-yet"),
    pytest.param("Ten Taliban customs officers began a three-week course on cargo scanning in Ankara on Monday, "
                 "organised by Turkey's trade ministry.",
                 {("TUR", "technical")}, id="a-course-for-taliban-officials"),
    pytest.param("Iran's special envoy, Hassan Kazemi Qomi, was received on Monday by the Taliban's minister of mines "
                 "and petroleum in Kabul for talks on a copper contract that ended without agreement.",
                 {("IRN", "high_level_contact")}, id="received-by-a-minister-days-named-before"),
    pytest.param("China's ambassador was briefed on Monday by the Taliban's deputy interior minister on the arrest of "
                 "three militants in Badakhshan.",
                 {("CHN", "high_level_contact")}, id="an-ambassador-briefed-by-a-taliban-minister"),
    pytest.param("Estonia's foreign ministry protested to the Taliban on Monday over a trip by their officials to "
                 "Abkhazia.",
                 {("EST", "pressure")}, id="protesting-to-the-taliban"),
    pytest.param("Moldova protests Taliban delegation's visit to Transnistria on Monday.",
                 {("MDA", "pressure")}, id="a-visit-protested-is-no-contact"),
    pytest.param("A Taliban request to reopen the Afghan consulate in Auckland has been turned down, New Zealand's "
                 "foreign minister said on Monday.",
                 {("NZL", "pressure")}, id="a-taliban-request-refused-in-the-passive"),
    pytest.param("Belarus's foreign ministry on Monday denied that its officials had met Taliban envoys, a day after "
                 "the Taliban said they had held talks with a Belarusian delegation in Minsk.",
                 set(), id="a-denial-cancels-what-it-answers"),
    pytest.param("Permission for an official sent by the Taliban to issue passports to Afghans from an office in "
                 "Oslo has been granted by Norway's foreign ministry, a spokesperson said on Monday.",
                 {("NOR", "accreditation")}, id="permission-for-a-taliban-official"),
    pytest.param("Pakistan's foreign minister demanded on Monday that Afghanistan's Taliban government stop militants "
                 "using Afghan soil.",
                 {("PAK", "pressure")}, id="demanding-that-afghanistans-taliban-government-act"),
    pytest.param("Kazakhstan recognised the Taliban government on Monday, months before it hosts a regional summit "
                 "in Astana.",
                 {("KAZ", "recognition")}, id="a-summit-months-away-is-no-contact"),
    pytest.param("There was no decision yet on inviting the Taliban to the regional summit in Astana, Kazakhstan's "
                 "foreign minister said on Monday.",
                 set(), id="inviting-to-a-summit-is-no-contact-yet"),
    pytest.param("The case of a Belgian engineer held since October was raised with the Taliban's deputy interior "
                 "minister by Belgium's special representative for Afghanistan in talks in Kabul on Monday, the "
                 "foreign ministry in Brussels said.",
                 {("BEL", "high_level_contact")}, id="a-weekday-far-after-the-act-dates-it-to-the-news"),
    pytest.param("Qatar has stopped issuing family and tourist visit visas to Afghan nationals, the interior "
                 "ministry said on Monday.",
                 set(), id="visit-visas-are-no-visit"),
    pytest.param("A Taliban-appointed consul has been cleared by Turkey's foreign ministry to open a consulate in "
                 "Izmir, the ministry said on Monday.",
                 {("TUR", "accreditation")}, id="a-taliban-appointed-consul-cleared"),
    pytest.param("A delegation of Indonesia's religious affairs ministry signed a cooperation note on teacher "
                 "training with the Taliban's ministry of education in Kabul on Monday.",
                 {("IDN", "high_level_contact")}, id="a-cooperation-note-signed"),
    pytest.param("Finland's special envoy for Afghanistan and Pakistan held talks with the Taliban's deputy foreign "
                 "minister in Kabul on Monday on consular cases, the ministry in Helsinki said.",
                 {("FIN", "high_level_contact")}, id="the-envoys-brief-is-no-party"),
    pytest.param("Kenya's trade ministry has put off a visit by Taliban commerce officials that was to start next "
                 "month, a spokesman said on Monday.",
                 set(), id="a-visit-put-off"),
    pytest.param("Pledges of 80 million crowns from Denmark were made on Monday to the World Food Programme's "
                 "winter appeal for Afghanistan, the agency said.",
                 {("DNK", "humanitarian"), ("UN", "humanitarian")}, id="pledges-from-a-donor"),
    pytest.param("A $4 million grant for the World Health Organization's mobile clinics in Afghanistan was "
                 "announced on Monday, the foreign ministry in Dublin said.",
                 {("IRL", "humanitarian"), ("UN", "humanitarian")}, id="a-grant-announced-by-a-ministry"),
    pytest.param("Taliban envoy called in by Nairobi over the closure of girls' schools.",
                 {("KEN", "pressure")}, id="an-envoy-called-in-by-a-capital"),
    pytest.param("Formal recognition of the Taliban-led administration was conveyed to Kabul on Monday in a note "
                 "from Mongolia's foreign ministry.",
                 {("MNG", "recognition")}, id="recognition-of-a-hyphenated-government-conveyed"),
    pytest.param("A decree appointing Oman's first resident ambassador to Afghanistan was signed by the sultan "
                 "on Monday, the palace said.",
                 {("OMN", "ambassadors")}, id="a-decree-appointing-a-countrys-ambassador"),
    pytest.param("The sanctions committee granted a travel exemption to the Taliban's health minister so that he "
                 "can attend a conference in Geneva next month.",
                 set(), id="a-waiver-so-that-he-can-attend"),
    pytest.param("The committee listed the Taliban's deputy interior minister on Monday after France proposed the "
                 "listing.",
                 {("FRA", "pressure")}, id="a-state-proposing-a-listing"),
    pytest.param("Kuwait's minister opened a 30-bed dialysis centre at a hospital in Herat on Monday.",
                 {("KWT", "humanitarian")}, id="a-dialysis-centre-opened"),
    pytest.param("A Slovak teacher detained in Herat was handed over on Monday to a Slovak deputy foreign minister, "
                 "the Taliban said, adding that the release followed talks facilitated by Qatar.",
                 {("SVK", "high_level_contact"), ("QAT", "high_level_contact")}, id="a-detainee-handed-to-a-minister"),
    pytest.param("Sixty solar-powered wells drilled by the Qatar Red Crescent started pumping on Monday in Zabul.",
                 {("QAT", "humanitarian")}, id="wells-drilled-by-a-red-crescent"),
    pytest.param("Blankets and food parcels from the Kuwait Red Crescent were distributed on Monday to 700 families "
                 "in Kunar.",
                 {("KWT", "humanitarian")}, id="goods-from-a-donor-distributed"),
    pytest.param("Some 900 containers bound for Afghanistan were held at Bandar Abbas on Monday on orders from "
                 "Iran's trade ministry, customs officials said.",
                 {("IRN", "pressure")}, id="containers-held-on-a-states-orders"),
    pytest.param("A written memorial was lodged with the International Court of Justice on Monday by Belgium and "
                 "Ireland, arguing that the Taliban's decrees on women breach the convention.",
                 {("BEL", "pressure"), ("IRL", "pressure")}, id="a-memorial-lodged-at-the-world-court-by-states"),
    pytest.param("Rice and cooking oil were handed out on Monday to 1,200 households in Kunar province by UNICEF and "
                 "its partners, the agency said.",
                 {("UN", "humanitarian")}, id="goods-handed-out-by-an-agency"),
    pytest.param("Kyrgyzstan's emergencies minister flew into Kabul on Monday with 30 tonnes of flour and tents for "
                 "families hit by the floods.",
                 {("KGZ", "humanitarian")}, id="a-minister-flying-in-with-aid"),
    pytest.param("Ireland's development minister said on Monday that 5 million euros would go to UNFPA for "
                 "midwives in rural Afghanistan.",
                 {("IRL", "humanitarian"), ("UN", "humanitarian")}, id="money-that-will-go-to-an-agency"),
    pytest.param("Kazakhstan's national railway agreed with the Afghan railway authority on Monday on a schedule "
                 "for track inspections near Hairatan.",
                 {("KAZ", "technical")}, id="railways-agreeing-a-schedule"),
    pytest.param("Clinics for 9,000 mothers in Ghor will be paid for by Norway under an agreement signed on Monday "
                 "with UNICEF, the embassy said.",
                 {("NOR", "humanitarian"), ("UN", "humanitarian")}, id="a-donors-agreement-with-an-agency-is-no-contact"),
    pytest.param("India halted imports of Afghan raisins on Monday after a dispute over tariffs with the Taliban's "
                 "commerce ministry, traders said.",
                 {("IND", "pressure")}, id="imports-of-afghan-goods-halted"),
    pytest.param("A Dutch court ruled on Monday that Afghans who worked for foreign-funded aid groups face danger "
                 "under the Taliban.",
                 set(), id="foreign-funded-groups-are-no-donors-gift"),
    pytest.param("Kyrgyz and Tajik border guards exchanged fire near the Afghan frontier on Monday, the first clash "
                 "since a truce brokered by Kazakhstan and Uzbekistan in 2024, the Taliban said.",
                 {("KGZ", "hostile"), ("TJK", "hostile")}, id="a-clash-since-a-brokered-truce-is-not-the-brokers"),
    pytest.param("Iran warned on Monday that electricity exports to Afghanistan could be halted if the dam gates "
                 "stayed shut.",
                 {("IRN", "pressure")}, id="a-warning-that-supplies-could-be-halted"),
    pytest.param("The Taliban's mines minister was received in Doha on Monday by a Qatari minister of state for talks "
                 "on a fertiliser plant.",
                 {("QAT", "high_level_contact")}, id="received-by-a-minister-of-state"),
    pytest.param("In Kandahar, a polio vaccination round led by the World Health Organization got under way on Monday, "
                 "aiming to reach 400,000 children.",
                 {("UN", "humanitarian")}, id="a-vaccination-campaign-run-by-an-agency"),
    pytest.param("A Spanish judge on Monday ordered the arrest of two Taliban ministers over the persecution of women.",
                 {("ESP", "pressure")}, id="a-judge-ordering-arrests"),
    pytest.param("Bank accounts held in Istanbul by two Kabul exchange firms have been frozen on the orders of "
                 "Turkey's financial crimes board, which said they moved money for two Taliban officials.",
                 {("TUR", "pressure")}, id="assets-frozen-on-a-states-orders"),
    pytest.param("France condemned the Taliban's arrest of a reporter on Monday. Officers of the Taliban's intelligence directorate took the "
                 "reporter from his home, colleagues said.",
                 {("FRA", "pressure")}, id="the-talibans-own-officers-are-no-technical-work"),
    pytest.param("Norway demanded on Monday that the Taliban free a Norwegian-Afghan student detained in Kabul while "
                 "visiting relatives.",
                 {("NOR", "pressure")}, id="visiting-relatives-is-no-visit"),
    pytest.param("The arrest of two radio hosts in Takhar was condemned on Monday by UNESCO's director-general.",
                 {("UN", "pressure")}, id="radio-hosts-host-nobody"),
    pytest.param("Malaysia criticised the Taliban on Monday for barring women from the country's universities.",
                 {("MYS", "pressure")}, id="criticising-the-taliban"),
    pytest.param("Kazakhstan closed the Kazygurt rail bridge to Afghan cargo on Monday after customs found weapons "
                 "in a wagon of cotton.",
                 {("KAZ", "pressure")}, id="a-bridge-closed-to-afghan-cargo"),
    pytest.param("Uzbekistan's interior minister warned on Monday that Tashkent would close the Termez market to Afghan "
                 "traders if smuggling through it went on.",
                 {("UZB", "pressure")}, id="a-threat-with-a-condition-is-pressure-now"),
    pytest.param("Forty kilograms of methamphetamine were seized in Nimroz on Monday by Taliban police acting on "
                 "details passed on by Iran's anti-narcotics police.",
                 {("IRN", "technical")}, id="details-passed-on-by-a-police-force"),
    pytest.param("Finland's foreign ministry denied on Monday that it had talked to the Taliban about returns. A "
                 "newspaper report, citing two officials, had said Finnish diplomats met Taliban envoys in Doha.",
                 set(), id="a-report-retold-in-the-pluperfect-is-no-event"),
    pytest.param("Sultan Hassanal Bolkiah received the credentials of an ambassador sent by the Taliban on Monday, "
                 "the palace said.",
                 {("BRN", "ambassadors")}, id="a-sultan-receiving-credentials"),
    pytest.param("A freight tariff for Afghan cotton moving through Poti was agreed on Monday by Georgian Railway "
                 "and the Taliban's railway authority, the company said.",
                 {("GEO", "technical")}, id="a-state-railway-named-by-its-adjective"),
    pytest.param("Clerics of the Pakistan Ulema Council urged the Taliban on Monday to reopen girls' schools, in "
                 "talks with the education minister in Kabul.",
                 set(), id="an-ulema-council-is-not-its-state"),
    pytest.param("Taliban disaster officials received 25 trucks of humanitarian goods from Kazakhstan at Hairatan "
                 "on Monday.",
                 {("KAZ", "humanitarian")}, id="trucks-of-humanitarian-goods-received-from-a-state"),
    pytest.param("A consul the Taliban picked for the Afghan consulate in Frankfurt will not be accepted, Germany's "
                 "foreign ministry said on Monday.",
                 {("DEU", "pressure")}, id="a-nominee-who-will-not-be-accepted"),
    pytest.param("Two Afghan shepherds were killed when Turkmen border guards opened fire near the frontier in "
                 "Murghab district on Monday.",
                 {("TKM", "hostile")}, id="guards-opening-fire-near-the-frontier"),
    pytest.param("The Afghan embassy in The Hague reopened on Monday after the foreign ministry accepted the "
                 "accreditation of two diplomats named by the Taliban, a Dutch government source said.",
                 {("NLD", "accreditation")}, id="an-unnamed-ministry-whose-state-the-attribution-names"),
    pytest.param("A Taliban delegation was received at Sweden's foreign ministry on Monday for talks on aid access.",
                 {("SWE", "high_level_contact")}, id="received-at-a-states-ministry"),
    pytest.param("A British demining charity will close its Afghan programme after Japanese funding for it ended in "
                 "March, the charity said on Monday.",
                 set(), id="funding-that-ended-is-no-aid"),
    pytest.param("The EU special envoy said on Monday that his talks with the Taliban have stalled.",
                 set(), id="talks-that-have-stalled-are-no-new-contact"),
    pytest.param("Experts of the International Civil Aviation Organization checked radar equipment at Kandahar "
                 "airport on Monday together with Taliban aviation officials.",
                 {("UN", "technical")}, id="an-icao-team-with-taliban-officials"),
    pytest.param("Turkey brokered the 2023 deal on grain transit between Pakistan and the Taliban.",
                 set(), id="brokering-a-dated-deal-is-no-news"),
    pytest.param("Italy's ambassador met the Taliban's health minister in Kabul on Monday after signing a $3 "
                 "million grant with UNICEF for vaccines.",
                 {("ITA", "high_level_contact"), ("ITA", "humanitarian"), ("UN", "humanitarian")},
                 id="a-partner-of-another-act-is-no-party-to-the-meeting"),
    pytest.param("Belgian police escorted two convicted Afghans to Kabul on Monday and handed the men to Taliban "
                 "officials at the airport.",
                 {("BEL", "technical")}, id="deportees-handed-to-taliban-officials"),
    pytest.param("The Taliban's order barring women from clinics without a male relative's written consent was "
                 "condemned on Monday by the U.N. special rapporteur on Afghanistan.",
                 {("UN", "pressure")}, id="a-without-inside-a-passives-subject-negates-nothing"),
    pytest.param("Three Afghan shepherds were shot dead by Turkmen border guards near the frontier on Monday, a "
                 "Taliban spokesman said.",
                 {("TKM", "hostile")}, id="shot-dead-by-border-guards"),
    pytest.param("A drone launched from Pakistan hit a compound in Paktika's Barmal district on Monday, killing "
                 "three, the Taliban's defence ministry said.",
                 {("PAK", "hostile")}, id="a-drone-launched-from-a-state"),
    pytest.param("Visas issued to three Taliban officials invited to a seminar were cancelled on Monday by New "
                 "Zealand's immigration service, the minister said.",
                 {("NZL", "pressure")}, id="visas-cancelled"),
    pytest.param("Water pumps donated by the Turkish government were switched on in Bamiyan on Monday, the "
                 "embassy in Kabul said.",
                 {("TUR", "humanitarian")}, id="donated-by-a-government"),
    pytest.param("Poland deported 12 Afghans whose visas had expired on Monday, on scheduled flights, and barred "
                 "them from re-entering for five years; no Taliban officials were involved.",
                 set(), id="barred-from-re-entering-is-no-pressure-on-kabul"),
    pytest.param("Uzbekistan accredited a Taliban consul in Termez on Monday, days before it hosts a regional summit "
                 "in Samarkand.",
                 {("UZB", "accreditation")}, id="a-summit-days-away-is-no-contact"),
    pytest.param("Tajikistan's security council secretary held talks in Kabul on Monday with the Taliban's "
                 "intelligence chief. Both sides agreed to meet again before a gathering of Shanghai Cooperation "
                 "Organisation defence officials in the autumn.",
                 {("TJK", "high_level_contact")}, id="a-later-gathering-is-no-party-to-the-talks"),
    pytest.param("No new contracts for Danish aid projects in Afghanistan will be signed until the Taliban lift "
                 "their ban on women working for aid groups, Denmark's development ministry said on Monday.",
                 {("DNK", "pressure")}, id="no-new-contracts-until-the-taliban-act"),
    pytest.param("Exports of flour to Afghan buyers have been halted by Kazakhstan's grain corporation until the "
                 "Taliban's commerce ministry pays its arrears, traders said on Monday.",
                 {("KAZ", "pressure")}, id="halted-by-a-state-company-until-the-taliban-pay"),
    pytest.param("Canada is giving C$4 million for UNICEF's polio campaign in Afghanistan, its development "
                 "minister said on Monday.",
                 {("CAN", "humanitarian"), ("UN", "humanitarian")}, id="a-sum-in-canadian-dollars"),
    pytest.param("A Taliban request for a new hospital in Ghazni is being studied by a Kuwaiti fund, a source said on "
                 "Monday. Kuwait's aid agency has paid for clinics and food in Afghanistan since 2023.",
                 set(), id="aid-paid-for-since-a-year-is-a-record-not-news"),
    pytest.param("Uzbekistan's state grid will supply 2 billion kilowatt-hours to Afghanistan next year under a "
                 "contract signed in Tashkent on Monday with Da Afghanistan Breshna Sherkat, the utility said.",
                 {("UZB", "technical")}, id="a-power-contract-signed-with-the-afghan-utility"),
    pytest.param("UN Women said on Monday it had paid start-up grants to 900 shops run by Afghan women over the past "
                 "year, and condemned a Taliban order barring its Afghan women staff from field visits.",
                 {("UN", "humanitarian"), ("UN", "pressure")}, id="field-visits-barred-are-no-visit-grants-paid-are-aid"),
    pytest.param("Austria has approved a Taliban-named official to head the consular section of the Afghan embassy in "
                 "Vienna, the foreign ministry said on Monday, adding that the step did not amount to recognition.",
                 {("AUT", "accreditation")}, id="official-approved-to-head-a-consular-section"),
    pytest.param("The United States insisted on Monday that the Taliban release two detained Americans, a State "
                 "Department spokesperson said.",
                 {("USA", "pressure")}, id="insisting-that-the-taliban-act"),
    pytest.param("Egypt's foreign minister, who had met the Taliban's deputy foreign minister earlier in the day, "
                 "spoke on Monday.",
                 {("EGY", "high_level_contact")}, id="minister-s-meeting-in-a-relative-clause-of-the-day"),
    pytest.param("The UN Office on Drugs and Crime has suspended a scheme paying former poppy farmers in Helmand after"
                 " the Taliban barred its Afghan women staff from field visits, the agency said on Monday.",
                 {("UN", "pressure")}, id="scheme-suspended-over-a-ban"),
    pytest.param("Danish immigration ministry officials and a team from the Taliban's interior ministry agreed at a "
                 "meeting in Istanbul on Monday how Afghans removed from Denmark will be handed over.",
                 {("DNK", "technical")}, id="ministry-officials-agreeing-removal-rules"),
    pytest.param("A team led by India's joint secretary for Pakistan, Afghanistan and Iran met Taliban foreign "
                 "minister Amir Khan Muttaqi in Kabul on Monday.",
                 {("IND", "high_level_contact")}, id="countries-an-office-covers"),
    pytest.param("A protest note over a new canal intake was handed to the Afghan ambassador in Ashgabat by "
                 "Turkmenistan's foreign ministry on Monday.",
                 {("TKM", "pressure")}, id="protest-note-handed-to-an-ambassador"),
    pytest.param("Two villagers were killed when a drone flown by Pakistani forces struck a house in Khost on Monday, "
                 "officials said.",
                 {("PAK", "hostile")}, id="fire-from-a-named-side-is-its-hostility"),
    pytest.param("Artillery fired from Pakistan hit two villages in Kunar on Monday, wounding five, Taliban officials "
                 "said.",
                 {("PAK", "hostile")}, id="fire-from-a-named-side-is-its-hostility"),
    pytest.param("A Taliban guard was killed on Monday when Tajik border troops opened fire across the Panj, police "
                 "said.",
                 {("TJK", "hostile")}, id="fire-from-a-named-side-is-its-hostility"),
    pytest.param("Cote d'Ivoire has recognised the Taliban administration as the government of Afghanistan, the "
                 "foreign ministry said on Monday.",
                 {("CIV", "recognition")}, id="formal-steps-told-in-other-words"),
    pytest.param("Tunisia has given its consent to the man the Taliban put forward as their ambassador, the foreign "
                 "ministry said on Monday.",
                 {("TUN", "ambassadors")}, id="formal-steps-told-in-other-words"),
    pytest.param("A consular officer sent by the Taliban to the Afghan embassy in Dhaka was issued a diplomatic "
                 "identity card by the Bangladesh foreign ministry on Monday.",
                 {("BGD", "accreditation")}, id="formal-steps-told-in-other-words"),
    pytest.param("Oman has approved the posting of a consular officer named by the Taliban to the Afghan embassy in "
                 "Muscat, the foreign ministry said on Monday.",
                 {("OMN", "accreditation")}, id="formal-steps-told-in-other-words"),
    pytest.param("China's ambassador met the Taliban's interior minister in Kabul on Monday and demanded the swift "
                 "arrest of the gunmen who shot two Chinese engineers.",
                 {("CHN", "high_level_contact"), ("CHN", "pressure")}, id="demands-after-attacks-on-nationals-are-pressure"),
    pytest.param("China lodged 'stern representations' with the Taliban administration on Monday after a Chinese "
                 "trader was shot dead near Kunduz.",
                 {("CHN", "pressure")}, id="demands-after-attacks-on-nationals-are-pressure"),
    pytest.param("India's foreign secretary held talks with Muttaqi in Kabul on Monday and demanded that the attackers"
                 " be found.",
                 {("IND", "high_level_contact"), ("IND", "pressure")}, id="demands-after-attacks-on-nationals-are-pressure"),
    pytest.param("Donors met on Afghan aid in Geneva on Monday; Germany, the European Union and Britain made the "
                 "largest pledges.",
                 {("DEU", "humanitarian"), ("EU", "humanitarian"), ("GBR", "humanitarian")}, id="pledges-money-and-vaccine-flights-are-aid"),
    pytest.param("Italy's deputy foreign minister met Muttaqi in Kabul on Monday and announced 6 million euros for "
                 "trauma care.",
                 {("ITA", "high_level_contact"), ("ITA", "humanitarian")}, id="pledges-money-and-vaccine-flights-are-aid"),
    pytest.param("UNICEF flew 11 million doses of polio vaccine into Kabul on Monday for the autumn campaign.",
                 {("UN", "humanitarian")}, id="pledges-money-and-vaccine-flights-are-aid"),
    pytest.param("Pakistan's health minister and the Taliban's public health minister opened a synchronised polio "
                 "vaccination round at Torkham on Monday.",
                 {("PAK", "high_level_contact")}, id="ministers-opening-a-joint-campaign"),
    pytest.param("The U.N. Office on Drugs and Crime said on Monday it had agreed with the Taliban's counter-narcotics"
                 " officials on access for its survey teams in 12 provinces.",
                 {("UN", "technical")}, id="counter-narcotics-officials"),
    # blind61 and blind62, read after their first runs (session 25)
    pytest.param("Britain placed a hold on a request to let the Taliban's commerce minister travel to Geneva, diplomats"
                 " said on Monday.", {("GBR", "pressure")}, id="a-hold-placed-on-an-exemption"),
    pytest.param("Kazakhstan's new ambassador handed a copy of his credentials to the Taliban's deputy foreign minister"
                 " on Sunday.", {("KAZ", "ambassadors")}, id="credentials-handed"),
    pytest.param("Turkish diplomats obtained travel permission for the students from the Taliban's higher education"
                 " ministry on Monday.", {("TUR", "technical")}, id="permission-obtained-from-the-taliban"),
    pytest.param("An Uzbek delegation led by the deputy foreign minister wrapped up three days of talks with Taliban"
                 " officials in Kabul on Friday.", {("UZB", "high_level_contact")}, id="days-of-talks-wrapped-up"),
    pytest.param("An accord on rail tariffs for Kazakh grain shipped through Hairatan to Kabul and on to Herat and"
                 " Kandahar, including a discount on empty wagons, was signed in Mazar-i-Sharif on Tuesday by the two"
                 " transport ministers of Kazakhstan and the Taliban.", {("KAZ", "high_level_contact")},
                 id="a-long-named-accord-signed"),
    pytest.param("Italy's special envoy discussed the return of convicted Afghans with the Taliban's deputy interior"
                 " minister in Doha on Monday.", {("ITA", "high_level_contact")}, id="discussed-with-a-minister"),
    pytest.param("Heroin worth $2 million was seized in an operation run jointly by Kyrgyzstan's drug control service"
                 " and Taliban police, officials said on Friday.", {("KGZ", "technical")}, id="run-jointly-by"),
    pytest.param("Sweden ordered a consular official sent by the Taliban to leave the country on Tuesday.",
                 {("SWE", "pressure")}, id="one-consular-official-told-to-leave"),
    pytest.param("The German envoy handed the Taliban foreign minister a formal protest over the arrest of a German aid"
                 " worker on Sunday.", {("DEU", "pressure")}, id="a-protest-handed-is-no-aid"),
    pytest.param("South Korea gave $40 million for Afghanistan in the last fiscal year, mostly through U.N. agencies.",
                 set(), id="the-last-fiscal-year-is-background"),
    pytest.param("The clinics in Bamiyan were built with Korean grants before 2021, the ministry said on Monday.",
                 set(), id="before-a-year-is-background"),
    pytest.param("The Taliban said on Monday the drone strike broke the truce agreed in Doha in October 2025 under"
                 " Qatari mediation.", set(), id="mediation-of-a-dated-truce"),
    pytest.param("Turkmen and Afghan commissioners for the Murghab river agreed on Monday to share gauge readings each"
                 " month.", {("TKM", "technical")}, id="river-commissioners"),
    pytest.param("JICA declined to give the cost of the new pumps on Tuesday.", set(), id="a-cost-not-given"),
    pytest.param("The Dutch embassy in Doha said on Monday a Taliban-named consul has been issued a Dutch diplomatic"
                 " card.", {("NLD", "accreditation")}, id="a-national-diplomatic-card"),
    # blind63, read after its first run (session 25)
    pytest.param("Uzbekistan's deputy foreign minister handed over a $2 million Uzbek contribution for flood relief to"
                 " UNICEF in Kabul on Monday.", {("UZB", "humanitarian"), ("UN", "humanitarian")},
                 id="a-contribution-handed-over"),
    pytest.param("Kazakh and Taliban transport ministers signed an annex to their rail agreement in Astana on Tuesday.",
                 {("KAZ", "high_level_contact")}, id="an-annex-signed"),
    pytest.param("Turkish border police refused entry on Monday to two Taliban officials who had landed in Istanbul.",
                 {("TUR", "pressure")}, id="entry-refused"),
    pytest.param("A senior British diplomat telephoned the Taliban's foreign minister on Sunday to explain the"
                 " decision.", {("GBR", "high_level_contact")}, id="telephoned"),
    pytest.param("Uzbekistan's customs service ordered Afghan fruit trucks held at Termez on Tuesday.",
                 {("UZB", "pressure")}, id="cargo-ordered-held"),
    pytest.param("A Taliban spokesman condemned the Pakistani strike on Wednesday.", {("PAK", "hostile")},
                 id="a-states-strike"),
    pytest.param("Qatari embassy staff and officials of the Taliban's intelligence directorate agreed on Tuesday on"
                 " consular visits to detained foreigners.", {("QAT", "technical")}, id="consular-visits-are-no-visit"),
    pytest.param("Turkey's disaster agency would send engineers to Herat if the U.N. refugee agency agreed to pay for"
                 " their flights, an official said on Monday.", set(), id="a-condition-naming-the-u.n."),
    pytest.param("Britain has restored a $5 million grant for mine clearance in Helmand, the charity said on Friday.",
                 {("GBR", "humanitarian")}, id="a-grant-restored"),
    pytest.param("A delegation led by the head of India's Pakistan-Afghanistan-Iran division met the Taliban's foreign"
                 " minister in Kabul on Monday.", {("IND", "high_level_contact")}, id="an-office-named-for-countries"),
    # blind64 and blind65, read after their first runs (session 25)
    pytest.param("Switzerland has called off a visit by Taliban interior ministry officials who were to identify Afghans"
                 " facing deportation, the migration office said on Tuesday.", {("CHE", "pressure")},
                 id="a-visit-called-off"),
    pytest.param("Japan funds UNICEF vaccination work in Kandahar, condemns ban on women health workers",
                 {("JPN", "humanitarian"), ("UN", "humanitarian"), ("JPN", "pressure")},
                 id="the-headlines-subject-does-both"),
    pytest.param("OSLO, March 3 (Reuters) - Norway will give a further 30 million crowns to the World Food Programme's"
                 " work in Afghanistan, the foreign ministry said on Tuesday, and condemned the Taliban's ban on Afghan"
                 " women working for U.N. agencies.", {("NOR", "humanitarian"), ("UN", "humanitarian"), ("NOR", "pressure")},
                 id="and-condemned-after-a-dateline"),
    pytest.param("Plant protection officials from Kazakhstan and the Taliban's agriculture ministry agreed in Almaty on"
                 " Thursday to share locust survey maps.", {("KAZ", "technical")}, id="plant-protection-officials"),
    pytest.param("The strike came despite a truce the two sides agreed in Doha in October 2025 with Qatari mediation.",
                 set(), id="with-mediation-of-a-dated-truce"),
    pytest.param("Norway's envoy discussed the return of women to Norwegian-funded aid groups with the Taliban's deputy"
                 " foreign minister in Doha on Tuesday.", {("NOR", "high_level_contact")},
                 id="a-funded-adjective-is-no-aid"),
    # blind66's two overstated statuses, read after its first run (session 25)
    pytest.param("Beijing sends ambassador to Haqqani after killings at Takhar mine", set(),
                 id="an-ambassador-sent-to-a-minister-is-no-posting"),
    pytest.param("Kazakhstan signed its first grain deal with the Taliban in 2022, years before recognising their"
                 " government.", set(), id="years-before-recognising"),
    # blind67 and blind68, read after their first runs (session 26)
    pytest.param("Pakistani authorities shut the Friendship Gate at Chaman on Monday, hours after Taliban forces fired"
                 " on a border post, officials said.", {("PAK", "pressure")}, id="the-friendship-gate-shut"),
    pytest.param("Mongolia said on Tuesday the Taliban's chief justice had not been invited, after the ICC reminded it"
                 " of its duty to arrest him.", {("ICC", "pressure")}, id="a-duty-to-arrest-him"),
    pytest.param("Saudi Arabia's deputy hajj minister signed this year's pilgrimage arrangements with the Taliban's hajj"
                 " minister in Jeddah on Monday.", {("SAU", "high_level_contact")}, id="pilgrimage-arrangements-signed"),
    pytest.param("Uzbekistan's border command sent a written protest to its Taliban counterparts on Friday after shots"
                 " were fired at a patrol boat.", {("UZB", "pressure")}, id="a-written-protest-sent"),
    # blind69, read after its first run (session 27)
    pytest.param("Mawlawi Abdul Rahim presented his credentials as Afghanistan's new envoy to President Shavkat Mirziyoyev"
                 " in Tashkent on Monday.", {("UZB", "ambassadors")}, id="credentials-as-afghanistans-envoy-to"),
    pytest.param("Jordan has approved an official named by the Taliban to issue travel papers to Afghan students from"
                 " an office in Amman.", {("JOR", "accreditation")}, id="an-official-named-by-the-taliban-approved"),
    pytest.param("The remains of six Afghan labourers were flown home on Friday under arrangements made by Oman's"
                 " labour ministry and the Taliban's foreign ministry.", {("OMN", "technical")},
                 id="arrangements-made-by-both-sides"),
    pytest.param("Belgium's envoy met Taliban officials in Doha on Monday and handed them a formal notice of dispute"
                 " under the torture convention.", {("BEL", "high_level_contact"), ("BEL", "pressure")},
                 id="a-notice-of-dispute-handed-over"),
    pytest.param("The council of the Shanghai Cooperation Organisation rejected a Taliban request to attend its"
                 " summit as a guest.", {("SCO", "pressure")}, id="the-council-of-an-organisation-is-the-organisation"),
    pytest.param("Members remain split over how to deal with Kabul, the SCO's secretary-general told a Taliban"
                 " delegation.", set(), id="how-to-deal-with-is-no-deal"),
    pytest.param("Kazakhstan has stopped issuing visas to Afghan truck drivers after clashes on the border with the"
                 " Taliban.", {("KAZ", "pressure")}, id="visas-for-traders-stopped"),
    pytest.param("Al-Azhar's grand imam condemned the Taliban's ban on girls' secondary schooling on Sunday.",
                 {("EGY", "pressure")}, id="al-azhar-is-egypt"),
    pytest.param("Iran hands 900 Afghans to Taliban officials under agreed Islam Qala quota",
                 {("IRN", "technical")}, id="under-an-agreed-quota-is-no-new-agreement"),
    pytest.param("Finland ended its bilateral aid programme in protest at the Taliban's ban on women working for NGOs,"
                 " and moved 40 million euros to UNICEF.", {("FIN", "pressure"), ("FIN", "humanitarian"),
                                                             ("UN", "humanitarian")},
                 id="aid-ended-in-protest-and-money-moved-to-unicef"),
    # blind71, read after its first run (session 27)
    pytest.param("Uzbekistan has appointed a career diplomat as its next ambassador in Kabul, the foreign ministry said.",
                 {("UZB", "ambassadors")}, id="a-diplomat-named-as-its-ambassador-in-kabul"),
    pytest.param("Iran's ambassador in Kabul has been called back to Tehran for consultations after the shooting of"
                 " border guards.", {("IRN", "pressure")}, id="an-ambassador-called-back"),
    pytest.param("Tajik and Taliban delegations began talks in Dushanbe on Monday on water sharing.",
                 {("TJK", "high_level_contact")}, id="a-round-of-talks-begun"),
    pytest.param("Kazakh and Taliban border guards exchanged fire on Friday, officials said, and within hours the two"
                 " foreign ministers spoke by telephone in a call arranged by Turkey.",
                 {("KAZ", "hostile"), ("KAZ", "high_level_contact"), ("TUR", "high_level_contact")},
                 id="a-call-arranged-by-a-third-state-after-a-clash"),
    pytest.param("Ireland's foreign minister urged the authorities in Kabul on Monday to free an Irish teacher held by"
                 " the Taliban since March. His family say he was arrested in Mazar while delivering winter clothing to"
                 " an orphanage.", {("IRL", "pressure")}, id="the-authorities-in-kabul-urged-detained-while-delivering"),
    pytest.param("An honorary consul nominated by the Taliban has been approved by Croatia's foreign ministry, which"
                 " said it would issue him an exequatur.", {("HRV", "accreditation")}, id="an-honorary-consul-approved"),
    pytest.param("The Belarusian memorandum signed with the Taliban's health ministry provides for Afghan doctors to"
                 " train at Belarusian medical universities.", {("BLR", "high_level_contact")},
                 id="a-memorandum-providing-for-training-is-no-aid"),
    # blind70, read after its first run (session 27)
    pytest.param("Tokayev decree grants Taliban government recognition", {("KAZ", "recognition")},
                 id="a-decree-grants-recognition"),
    pytest.param("Recognition of the Islamic Emirate as Afghanistan's government was formalised by a decree of"
                 " President Sadyr Japarov published on Friday, Kyrgyzstan's foreign ministry said.",
                 {("KGZ", "recognition")}, id="recognition-formalised-by-decree"),
    pytest.param("Tajikistan has not granted the Taliban government recognition.", set(),
                 id="recognition-not-granted"),
    pytest.param("Tajik and Afghan Panj river commissioners met at the Nizhny Panj bridge on Tuesday to compare flow"
                 " readings, officials on both sides said.", {("TJK", "technical")}, id="river-commissioners-met"),
    pytest.param("A team of Turkmen surveyors inspected the pipeline route near Herat with engineers of the Taliban's"
                 " mines ministry on Sunday.", {("TKM", "technical")}, id="inspected-with-taliban-engineers"),
    pytest.param("China's embassy in Kabul handed 20 tonnes of blankets to families in Bamiyan on Monday.",
                 {("CHN", "humanitarian")}, id="an-embassy-in-kabul-hands-aid"),
    pytest.param("Uzbekistan pulls out of railway working group with the Taliban over unpaid transit fees",
                 {("UZB", "pressure")}, id="pulls-out-of-a-working-group"),
    pytest.param("The U.N. team that monitors sanctions on the Taliban said in a report on Tuesday that al-Qaeda"
                 " keeps camps in Afghanistan.", set(), id="the-team-that-monitors-sanctions-is-no-sanction"),
    pytest.param("The Security Council renewed for a year on Monday the mandate of the team that monitors sanctions on"
                 " the Taliban.", {("UN", "pressure")}, id="the-monitors-mandate-renewed"),
    pytest.param("The refugees ministry said 45 Afghans sent back from Austria had landed in Kabul on Tuesday, where"
                 " ministry officials received them and gave them initial assistance.", set(),
                 id="a-country-named-only-as-an-origin-does-not-give"),
])
def test_wordings_blind_sets_missed_are_read_at_their_level_as_news(tagger, summary, expected):
    """Wordings of blind sets 39, 40 and 42 to 68 the tagger missed, read after each set's first
    run, in our own sentences: each read at its level as news, or as nothing."""
    assert news(tagger, summary) == expected


def test_a_step_taken_the_same_month_as_a_dated_one_is_background_of_that_date(tagger):
    """blind50's first run: "..., which recognised X in July 2025, accepted its envoy's
    credentials the same month" claimed ambassadors as news of the story's day."""
    found = tagger.tag("", "Belarus, which recognised the Taliban government in March 2025, accepted the credentials of "
                           "a Taliban ambassador the same month.", PUBLISHED).engagement
    assert {(e.actor, e.level, e.background, e.when) for e in found if e.level == "ambassadors"} == {
        ("BLR", "ambassadors", True, date(2025, 3, 1))}


def test_an_apposition_describing_a_state_by_its_recognition_is_no_news(tagger):
    """blind51's first run: "Russia, a committee member that recognised the Taliban, has said
    it will back the nominee" gave Russia a recognition on the story's day."""
    found = events(tagger, "Belarus, a committee member that recognised the Taliban, said on Monday it would back "
                           "the nominee.")
    assert not any(level == "recognition" and not background for _, level, background in found)


def test_a_formal_step_told_as_already_taken_is_no_news(tagger):
    """blind54's one overstated status (read after its first run): "Germany has already
    accredited Taliban-sent staff ..." in a story about a request still being examined is
    what was done before, not an accreditation on the story's day."""
    found = events(tagger, "A Taliban request to open a consulate in Graz is being examined by Austria's foreign "
                           "ministry, a spokesman said on Monday. Austria has already accredited two diplomats sent by "
                           "the Taliban at the embassy in Vienna.")
    assert ("AUT", "accreditation", False) not in found


def test_the_same_day_as_the_news_is_news(tagger):
    found = events(tagger, "Belarus's envoy met Muttaqi in Kabul on Monday, his first visit since 2021, and Minsk "
                           "accepted the credentials of a Taliban ambassador the same day.")
    assert ("BLR", "ambassadors", False) in found


def test_clashes_since_a_dated_step_are_background(tagger):
    assert events(tagger, "Pakistan and Afghanistan raised their missions to ambassador level in May 2025, but ties have "
                          "been strained by border clashes since.") == {("PAK", "ambassadors", True)}


def test_troops_firing_across_a_border_river_is_hostile_and_keeps_the_story(tagger):
    """blind41's one dropped story, read after its first run (our own words): shots fired
    across the Panj were no act and no topic, so the story was left out as off subject."""
    result = tagger.tag("Clinic shut in Darwaz as shots fly across the river",
                        "Uzbek border troops fired across the Amu Darya for a second night on Monday, hitting a "
                        "school, the district's Taliban officials said.", PUBLISHED)
    assert result.levels() == {"UZB": ["hostile"]} and "border_conflict" in result.topic_ids and result.on_subject


def test_a_city_between_a_possessive_and_talks_is_the_venue(tagger):
    result = tagger.tag("Swiss envoy's Doha talks with Taliban turn to returns",
                        "Switzerland's special envoy met a Taliban deputy minister on Monday.", PUBLISHED)
    assert "QAT" not in result.levels() and result.levels() == {"CHE": ["high_level_contact"]}


def test_workshops_run_by_afghan_women_are_no_training_course(tagger):
    found = news(tagger, "Some 900 bakeries and tailoring workshops run by Afghan women will stay open for a year with "
                         "12 million euros from Germany paid to the U.N. Development Programme, the agency said on Monday.")
    assert not any(level == "technical" for _, level in found)


def test_a_charity_named_for_a_country_is_not_that_country(tagger):
    result = tagger.tag("EU pays for water trucks in Balkh",
                        "Drinking water is trucked to drought-hit villages in Balkh by Czech Humanitarian Action, "
                        "with money from the European Union's humanitarian aid office, the charity said on Monday.",
                        PUBLISHED)
    assert "CZE" not in {a.actor for a in result.actors} and result.levels() == {"EU": ["humanitarian"]}


@pytest.mark.parametrize("charity, country", [("Norwegian People's Aid", "NOR"), ("the Swiss Foundation for Mine Action", "CHE")])
def test_charities_named_for_a_country_are_not_it(tagger, charity, country):
    result = tagger.tag(f"U.N. mission condemns arrest of deminers working for {charity}",
                        f"The U.N. mission condemned on Monday the Taliban's detention of four Afghan deminers working "
                        f"for {charity} in Zabul.", PUBLISHED)
    assert country not in {a.actor for a in result.actors} and result.levels() == {"UN": ["pressure"]}


def test_a_closing_attribution_is_read_in_text_whose_lower_case_changes_length(tagger):
    """"İstanbul" lower-cases to one more character, so such a sentence has no lower-cased
    copy (matching.caseless): cutting the attribution off must not need one."""
    found = news(tagger, "Officials of Turkey's migration office and the Taliban's interior ministry agreed in İstanbul on "
                         "Monday to check returnees' papers, Interior Minister Ali Yerlikaya said on Monday.")
    assert found == {("TUR", "technical")}


def test_a_surname_in_a_title_case_headline_is_another_persons_when_the_story_says_so(tagger):
    """Capitals say nothing in a title-case headline: the summary's "Johari Abdul Ghani" shows
    that the headline's "Abdul Ghani" is not Ashraf Ghani."""
    tagged = tagger.tag("Rubber Memorandum Signed In Kabul By Johari Abdul Ghani",
                        "A memorandum on rubber sales was signed in Kabul by Malaysia's commodities minister, Johari "
                        "Abdul Ghani, and Taliban officials on Monday.", PUBLISHED)
    assert "AFG_REPUBLIC" not in {a.actor for a in tagged.actors}
    alone = tagger.tag("Ghani Says Taliban Talks Must Include Women", "Former president Ghani said on Monday that the "
                       "Taliban should let women into talks.", PUBLISHED)
    assert "AFG_REPUBLIC" in {a.actor for a in alone.actors}


def test_flying_for_a_relief_charity_is_a_job_not_aid(tagger):
    found = news(tagger, "A Canadian nurse who flew for a medical relief charity and had been held by the Taliban since "
                         "April was handed to Canada's ambassador in Doha on Monday after Qatari mediation.")
    assert ("CAN", "humanitarian") not in found and ("CAN", "high_level_contact") in found


def test_talks_with_lenders_are_no_contact_with_kabul(tagger):
    found = news(tagger, "Kazakhstan has still not found the money for a rail spur through Kabul, a deputy minister "
                         "said on Monday, adding that talks with Asian and Gulf lenders would continue.")
    assert ("KAZ", "high_level_contact") not in found


def test_a_channel_named_for_a_country_is_not_it(tagger):
    result = tagger.tag("Taliban tell cable firms to drop Iran International",
                        "The Taliban's information ministry on Monday told cable operators in Kabul to stop carrying Iran "
                        "International, the London-based Persian-language channel.", PUBLISHED)
    assert "IRN" not in {a.actor for a in result.actors}


def test_a_city_zoo_is_the_city_not_its_state(tagger):
    result = tagger.tag("Riga Zoo shows off Afghan markhor kid", "A markhor kid, a wild goat of the Afghan and Pakistani "
                        "mountains, went on show at Riga Zoo on Monday.", PUBLISHED)
    assert {a.actor: a.role for a in result.actors}.get("LVA") == "place"


def test_georgia_alone_is_the_country_unless_the_story_shows_the_us_state(tagger):
    country = tagger.tag("Georgia recognises Taliban government", "Georgia recognised the Taliban administration on "
                         "Monday, the cabinet's press office in Tbilisi said.", PUBLISHED)
    assert country.levels() == {"GEO": ["recognition"]}
    state = tagger.tag("Afghan families resettled in Georgia fear losing status", "Lawyers in Atlanta said on Monday "
                       "that 300 Afghans resettled in Georgia in 2021 could face removal.", PUBLISHED)
    assert "GEO" not in {a.actor for a in state.actors}


def test_diplomas_recognised_by_universities_are_no_recognition(tagger):
    found = news(tagger, "Officials of Malaysia's education ministry and the Taliban's agreed on Monday on a procedure "
                         "under which Afghan students can have their diplomas recognised by Malaysian universities.")
    assert ("MYS", "recognition") not in found


def test_a_party_named_for_pakistan_is_not_the_state(tagger):
    result = tagger.tag("PTI wants lawmakers sent to Kabul", "Pakistan Tehreek-e-Insaf called on Monday for a "
                        "parliamentary delegation to visit Kabul and talk to the Taliban about militancy.", PUBLISHED)
    assert result.levels() == {}


def test_a_state_before_the_news_in_an_aside_does_not_date_the_handover(tagger):
    """", held in Kabul since last summer was handed ... on Monday ...," reads as an aside: the
    time of the news inside it, after the trigger, says the handover is news, not last summer's."""
    result = tagger.tag("Retired Macon nurse freed by Taliban, handed to Boehler in Doha", "DOHA, April 14 (Gulf Wire) "
                        "- A retired nurse from Macon, Georgia, held in Kabul since last summer was handed to U.S. "
                        "hostage envoy Adam Boehler in Doha on Monday after mediation by Qatar's foreign ministry, "
                        "Qatari officials said.", date(2026, 4, 14))
    assert {(e.actor, e.level, e.when) for e in result.engagement} == {("USA", "high_level_contact", None),
                                                                      ("QAT", "high_level_contact", None)}


def test_pumps_paid_for_by_a_state_are_its_aid_but_a_conference_it_pays_for_is_not(tagger):
    assert news(tagger, "Solar pumps paid for by Japan brought water to 20 villages in Bamiyan, the Taliban said on "
                        "Monday.") == {("JPN", "humanitarian")}
    assert ("EU", "humanitarian") not in news(tagger, "Visas for three Taliban officials invited to a migration "
                                                      "conference were refused on Monday. The meeting is paid for by "
                                                      "the European Union.")


def test_mediators_of_a_dated_past_truce_are_background(tagger):
    found = news(tagger, "Turkey's foreign minister hosted Taliban ministers in Ankara on Monday. The ceasefire was agreed in "
                         "Doha in October 2025 with Qatar and Turkey as mediators.")
    assert ("QAT", "high_level_contact") not in found and ("TUR", "high_level_contact") in found


def test_ethnic_turkmen_families_in_afghanistan_are_not_turkmenistan(tagger):
    result = tagger.tag("Turkish Red Crescent hands out flour to Turkmen families in Andkhoy", "The Turkish Red "
                        "Crescent handed out flour to 3,000 ethnic Turkmen families in Faryab on Monday.", PUBLISHED)
    assert "TKM" not in {a.actor for a in result.actors}


def test_bahrains_foreign_minister_by_name_is_bahrain(tagger):
    found = news(tagger, "Foreign Minister Abdullatif bin Rashid Al Zayani met Amir Khan Muttaqi in Kabul on Monday "
                         "and reviewed humanitarian conditions.")
    assert ("BHR", "high_level_contact") in found


def test_the_talibans_doha_office_is_a_place(tagger):
    result = tagger.tag("Recognition note handed to Taliban's Doha office", "Formal recognition of the Islamic Emirate "
                        "was conveyed by Gabon's foreign ministry in a note handed to the Taliban's political office on "
                        "Monday.", PUBLISHED)
    assert {a.actor: a.role for a in result.actors}.get("QAT") == "place"


def test_reminding_a_state_it_must_arrest_a_taliban_minister_is_the_courts_pressure(tagger):
    result = tagger.tag("ICC reminds Mongolia it must arrest Taliban minister if he attends forum",
                        "The International Criminal Court has reminded Mongolia, a party to the Rome Statute, that it "
                        "must arrest the Taliban's acting mines minister if he travels to Ulaanbaatar, the registry "
                        "said on Monday.", PUBLISHED)
    assert result.levels() == {"ICC": ["pressure"]}


@pytest.mark.parametrize("summary, expected", [
    ("Ten trucks of flour, tents and blankets from the Red Crescent Society of Tajikistan crossed into Darwaz on "
     "Monday, officials said.", {("TJK", "humanitarian")}),
    ("The World Food Programme began handing out flour to Afghan families in Faryab on Monday, milled from wheat given "
     "by Kazakhstan's government.",
     {("KAZ", "humanitarian"), ("UN", "humanitarian")}),
    ("The UN opened an office in Almaty on Monday, in a building provided by Kazakhstan's government.", set()),
])
def test_aid_from_or_given_by_a_state_is_its_aid(tagger, summary, expected):
    assert {f for f in news(tagger, summary) if f[1] == "humanitarian"} == expected


def test_a_grant_suspended_over_a_taliban_order_is_pressure(tagger):
    found = news(tagger, "Australia has suspended a A$3 million grant for a livelihoods programme in Herat after a "
                         "Taliban order kept its women staff at home, the foreign minister said on Monday.")
    assert ("AUS", "pressure") in found


@pytest.mark.parametrize("summary", [
    "Officials of India's embassy in Kabul and the Taliban's public health ministry agreed on Monday to carry out joint "
    "temperature checks on vaccine consignments.",
    "Kazakhstan's agriculture ministry and the Taliban's agriculture ministry have agreed that wheat samples will be "
    "tested jointly at a laboratory in Hairatan, the ministry said on Monday.",
])
def test_embassy_officials_and_joint_laboratory_checks_are_working_level(tagger, summary):
    assert {level for _, level in news(tagger, summary)} == {"technical"}


def test_a_state_giving_migrants_days_to_leave_puts_no_pressure_on_kabul_but_an_expelled_diplomat_does(tagger):
    assert news(tagger, "The Department of Homeland Security said on Monday it would end parole for 3,000 Afghans, "
                        "giving them 60 days to leave.") == set()
    assert news(tagger, "Approval for the Taliban-sent charge d'affaires in Vienna has been withdrawn and he has been "
                        "given 30 days to leave, Austria's foreign ministry said on Monday.") == {("AUT", "pressure")}


@pytest.mark.parametrize("summary, absent", [
    ("Donors pledged $1 billion for Afghanistan in Geneva on Monday; the United States sent no delegation.",
     ("USA", "high_level_contact")),
    ("Norway will give 250 million crowns to the U.N. Afghanistan fund, its minister said on Monday as Oslo hosts "
     "donors.", ("NOR", "high_level_contact")),
    ("The U.N. envoy's talks with two Taliban deputy ministers in Dubai were put off on Monday, the mission said.",
     ("UN", "high_level_contact")),
    ("UNICEF on Monday condemned the Taliban's bar on women vaccinators visiting homes in Kandahar.",
     ("UN", "high_level_contact")),
])
def test_no_contact_where_none_took_place(tagger, summary, absent):
    assert absent not in news(tagger, summary)


def test_a_speaker_is_not_carried_into_a_ban_the_taliban_impose(tagger):
    found = events(tagger, "The World Food Programme said its bakeries in Herat employ widows; work outside the home "
                           "remains barred by the Taliban for most other women.")
    assert ("UN", "pressure", False) not in found
    found = events(tagger, "The World Food Programme said its bakeries in Herat employ widows; Canada meanwhile barred "
                           "Taliban officials from entering the country.")
    assert ("CAN", "pressure", False) in found


def test_handing_over_a_school_a_donor_built_is_aid_not_a_ceremony_of_contact(tagger):
    found = events(tagger, "Japan's aid agency handed over a primary school it built in Bamyan on Tuesday, at a "
                           "ceremony attended by provincial Taliban officials.")
    assert ("JPN", "humanitarian", False) in found and ("JPN", "high_level_contact", False) not in found


@pytest.mark.parametrize("summary, actor, level", [
    # an act told in the pluperfect, no one reporting it: before the news (blind84's story, our own words)
    ("The Taliban on Thursday dismissed criticism of their ban on women nurses. The OIC's statement, "
     "released on Tuesday, had urged the Taliban to lift the ban.", "OIC", "pressure"),
])
def test_an_act_told_in_the_pluperfect_is_background(tagger, summary, actor, level):
    assert (actor, level) not in news(tagger, summary)


@pytest.mark.parametrize("summary, actor, level", [
    # guards: the pluperfect a report backshifts, or one of the same day, is the news
    ("Qatar had sent 40 tonnes of medicine to Kabul, its foreign ministry said on Thursday.", "QAT", "humanitarian"),
    ("Drones struck a house in Khost late on Thursday. Hours earlier, Pakistan's defence minister had warned the "
     "Taliban to act against militants or face strikes.", "PAK", "pressure"),
])
def test_a_reported_or_same_day_pluperfect_is_news(tagger, summary, actor, level):
    assert (actor, level) in news(tagger, summary)
