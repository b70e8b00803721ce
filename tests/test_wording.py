"""Tags as real copy words them (ingest/tagging: triggers, modality, combine, sentence, actors,
the relevance screen): the cases blind72's first run missed, in sentences of our own (issue #15). Each case failed
on the rules before its change; the guards beside them held before and must still hold."""
from datetime import date

import pytest

PUBLISHED = date(2026, 3, 12)


def events(tagger, summary: str, title: str = "") -> set[tuple[str, str, bool]]:
    return {(e.actor, e.level, e.background) for e in tagger.tag(title, summary, PUBLISHED).engagement}


def news(tagger, summary: str, title: str = "") -> set[tuple[str, str]]:
    return {(actor, level) for actor, level, background in events(tagger, summary, title) if not background}


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
