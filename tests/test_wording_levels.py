"""Levels as real copy words them (issue #15): the cases blind101's and blind102's first runs
missed (session 34), in sentences of our own. Each case failed on the rules before its change;
the guards beside them held before and must still hold."""
import pytest
from tagged import events, news


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
