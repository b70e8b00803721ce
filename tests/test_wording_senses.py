"""Other senses of the formal steps' words, as blind112's first run showed them (session 36,
issue #15), in sentences of our own: "accredit" with traders or firms for its object, and an
accreditation the story calls commercial. Each case failed on the rules before its change; the
guards beside them held before and must still hold."""
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
