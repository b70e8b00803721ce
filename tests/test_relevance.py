"""The relevance filter keeps Afghanistan's foreign relations and drops look-alikes
(issue #15, point 7)."""
import pytest

from ingest.config import DEFAULT_RELEVANCE_IGNORE, DEFAULT_RELEVANCE_TERMS
from ingest.process import RelevanceFilter


@pytest.fixture(scope="module")
def relevance(tagger):
    return RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)


@pytest.mark.parametrize("title, summary", [
    ("Taliban gunmen kill four police in Swat", "Militants attacked a checkpoint near Mingora in Khyber Pakhtunkhwa."),
    ("Army clears Taliban from Swat valley", "Troops retook Mingora after weeks of fighting, the army said in 2009."),
    ("Review: Kabul Kitchen", "The restaurant's dumplings and palaw are worth the trip across town."),
    ("Afghan hound wins at Crufts", "The sighthound took best in show on Sunday evening."),
    ("Kabul Dreams announce tour", "The indie band will play 14 dates across Europe to promote a new album."),
    ("Afghanistan beat Bangladesh", "Rashid Khan took four wickets in the one-day international in Sharjah."),
])
def test_look_alikes_are_dropped(relevance, title, summary):
    assert not relevance.is_relevant(title, summary)


@pytest.mark.parametrize("title, summary", [
    ("Pakistan accuses Taliban of sheltering TTP", "Islamabad said militants who attacked Bannu came from Afghanistan."),
    ("Taliban ban women from cricket", "The Afghanistan Cricket Board said the Taliban government had ordered it."),
    ("Afghan hounds and the Taliban", "A breeder said the Taliban ban on dog shows had ended a Kabul club."),
    ("Taliban and Pakistan talk", "The Taliban government said talks with Islamabad went well."),
])
def test_the_real_story_is_kept(relevance, title, summary):
    assert relevance.is_relevant(title, summary)
