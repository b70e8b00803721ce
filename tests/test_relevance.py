"""The relevance filter keeps Afghanistan's foreign relations and drops look-alikes
(issue #15, point 7)."""
import pytest

from ingest.config import DEFAULT_RELEVANCE_IGNORE, DEFAULT_RELEVANCE_TERMS
from ingest.process import RelevanceFilter


@pytest.fixture
def relevance(tagger):
    """The shipped filter: config.toml's terms and ignore list, the taxonomy's decoys. Built
    for each test (cheap), so mutation testing sees every test that exercises it."""
    return RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance)


@pytest.mark.parametrize("title, summary", [
    ("Taliban gunmen kill four police in Swat", "Militants attacked a checkpoint near Mingora in Khyber Pakhtunkhwa."),
    ("Army clears Taliban from Swat valley", "Troops retook Mingora after weeks of fighting, the army said in 2009."),
    ("Review: Kabul Kitchen", "The restaurant's dumplings and palaw are worth the trip across town."),
    ("Afghan hound wins at Crufts", "The sighthound took best in show on Sunday evening."),
    ("Kabul Dreams announce tour", "The indie band will play 14 dates across Europe to promote a new album."),
    ("Afghanistan beat Bangladesh", "Rashid Khan took four wickets in the one-day international in Sharjah."),
    ("Cricket: Lahore side wins final in Karachi", "The home side chased 180 with two overs to spare."),  # no term
    ("Tehrik-e-Taliban claims bombing in Lahore", "Police said the blast killed six."),  # an ignored phrase only
    ("Isis K. Smith wins poetry prize", "The judges praised her second collection."),  # "isis-k" needs its hyphen
    ("Veterans mark Soviet withdrawal from Afghanistan", "Old soldiers laid wreaths where army choirs sang."),
    ("Museum show on the 1842 retreat from Kabul", "Army medals and letters from the Anglo-Afghan War."),
    ("'Kandahar' tops streaming chart", "The thriller about a CIA officer found viewers at home."),
    # built on sport or art, politics only in the background (blind set 3's decoys, our own words)
    ("Afghan refugee wins regional chess championship",
     "The 14-year-old, who fled Kabul with his parents, went unbeaten through the tournament."),
    ("Photographer's retrospective opens in Berlin",
     "Portraits of Kabul traders taken before and after the Taliban returned fill the gallery."),
    # crafts, wildlife and antiquity (blind set 4's decoys, our own words)
    ("Church group knits 200 afghans for the winter", "The crochet circle used donated yarn for the blankets."),
    ("Snow leopards caught on camera in Wakhan", "Camera traps set by a conservation group counted nine cats."),
    ("Ancient ivories from Begram restored", "Archaeologists found the Kushan-era plaques north of Kabul in 1937."),
    # an auction of a Herat rug (blind set 68's decoy, our own words)
    ("Emirati buyer sets record for antique Herat carpet", "A collector from Dubai paid 3 million pounds at auction in "
     "London on Wednesday for a 16th-century rug woven in Herat."),
    # the Taliban as a comparison in another country's politics (blind set 12's decoy, our own words)
    ("Opposition decries 'Taliban-style' curbs", "Lawmakers in Dhaka said a ban on satire sites was Taliban-like censorship."),
    # ... or as a quoted jibe at a rival at home (blind sets 13 and 18's decoys, our own words)
    ("Senator's 'Taliban rules' jibe at school dress code", "A state senator in Ohio said the new dress code "
     "amounted to 'Taliban rules' before the board voted it through."),
    # a life abroad (blind sets 4, 10 and 13's decoys, our own words)
    ("Afghan-born councillor sworn in as mayor of Belgian town", "The 39-year-old, who fled Kabul with his parents "
     "as a refugee in 1999, promised more cycle lanes."),
    # wildlife named for the country or seen on its border (blind54's decoys, our own words)
    ("Rare storks nest on the Afghan-Uzbek border", "Ornithologists counted four pairs of the endangered species "
     "in wetlands by the Amu Darya; the birds winter in India."),
    ("Afghan fat-tailed geckos sell out at Dortmund fair", "Breeders said the reptiles, first described from "
     "eastern Afghanistan, were the fair's best sellers."),
    # falcons tracked across the country, letters of the monarchy era (blind56 and blind57's decoys, our own words)
    ("Tagged falcons from Qatar cross Afghanistan to reach Kazakh steppe", "Twelve saker falcons fitted with satellite "
     "tags crossed Iran and western Afghanistan and reached Kazakhstan, the agency tracking them said; one rested by "
     "the Helmand river."),
    ("Archive shows Zahir Shah's gifts to a Danish king", "A Copenhagen archive has put online a 1961 letter in "
     "which the Afghan monarch thanked the Danish embassy in Kabul for a porcelain set."),
    # a disaster in Pakistan told with the border as its place (blind17's decoy, our own words)
    ("Landslide blocks Chitral road near Afghan border", "Khyber Pakhtunkhwa's disaster authority said torrents "
     "of mud buried the road near Drosh; no one was hurt."),
    # Pakistan's insurgency, Afghanistan only as the neighbour of the place
    ("Peshawar court jails militant commander",
     "The Pakistani Taliban commander attacked police in Khyber district, which borders Afghanistan, prosecutors said."),
    # a football friendly (blind86's decoy, our own words)
    ("Tajikistan beat Afghanistan 2-1 in Dushanbe", "The hosts won the international friendly with a late penalty "
     "after Afghanistan's striker had levelled early in the second half."),
    # a code name, a locator (blind84's decoys, our own words)
    ("Dutch police end 'Operation Kabul' with 9 arrests", "Detectives in Rotterdam said the inquiry, code-named "
     "\"Kabul\" after a street in the port, had uncovered a cigarette smuggling ring."),
    ("Slovenian climbers open new route on Noshaq's east face", "The pair reached the 7,492-metre summit on "
     "Friday after 9 days on the face, a short distance from the Afghan border, their club said."),
    # Pakistan's insurgency, Afghanistan only where the story sets the TTP apart (blind115's decoy, our own words)
    ("Bajaur families told to leave before army sweep", "District officials gave families in Mamund a week to move "
     "to camps before an operation against Pakistani Taliban fighters. The TTP is a separate group from the Afghan "
     "Taliban but follows the same creed."),
    ("Police post attacked in Lakki Marwat", "The Tehrik-e-Taliban Pakistan, separate from but allied with the "
     "Afghan Taliban, said its men stormed the post on Monday."),
])
def test_look_alikes_are_dropped(relevance, title, summary):
    assert not relevance.is_relevant(title, summary)


@pytest.mark.parametrize("title, summary", [
    ("Pakistan accuses Taliban of sheltering TTP", "Islamabad said militants who attacked Bannu came from Afghanistan."),
    # the Taliban as a government, with the TTP named too (blind set 27's dropped story, our own words)
    ("Defence chiefs back at the table", "Pakistan's defence minister and his Taliban counterpart resumed talks in "
     "Doha on Tuesday. Islamabad wants written guarantees on the TTP."),
    ("Taliban ban women from cricket", "The Afghanistan Cricket Board said the Taliban government had ordered it."),
    # the UN's sanctions on the Taliban, with the TTP named too (heldout30's unstored reports, our own words)
    ("Council keeps Taliban sanctions experts for another year", "The Security Council voted 12-0 on Monday; "
     "Pakistan asked for more on the TTP in the experts' next report."),
    # a province in another spelling (heldout30's unstored report, our own words)
    ("Nangrahar flood toll reaches 23", "The governor's spokesman said Sherzad and Khogyani were worst hit."),
    ("Afghan hounds and the Taliban", "A breeder said the Taliban ban on dog shows had ended a Kabul club."),
    ("Taliban and Pakistan talk", "The Taliban government said talks with Islamabad went well."),
    # a headline alone, as news-search feeds carry it: a Taliban consul in Pakistan is Kabul's (blind40's, our words)
    ("New Taliban consul general takes up post in Peshawar", ""),
    ("Tehrik-e-Taliban claims bombing in Lahore", "Kabul denied sheltering the attackers."),  # a term outside it
    # the TTP set apart from the Afghan Taliban, and Kabul's own answer outside that aside
    ("TTP claims Bannu raid", "The group, a separate group from the Afghan Taliban, struck a checkpoint; Islamabad "
     "summoned Afghanistan's charge d'affaires."),
    ("Islamic Emirate sends delegation to Tashkent", "The visit follows rail talks."),  # a phrase of two words
    ("ISIS-K claims attack on Shia mosque", "The group said it sent the bomber."),
    ("Russia's Afghan veterans urge ties with Taliban", "Men who fought in the Soviet war lobbied Moscow."),
    ("Taliban censor foreign films", "Cinemas in Kabul may show only films the ministry approves."),
    ("IOC says Afghan Olympic team will include women",
     "Two women athletes will compete at the Olympics despite a ban on women's sport, the committee said after "
     "talks with sports officials in Kabul."),
    ("Pakistan shells villages across the border", "Shells fell on homes bordering Afghanistan's Kunar province, "
     "Kabul said, accusing Islamabad of killing civilians."),
    ("Red Cross flies medicines to flood-hit Baghlan", "Twenty tonnes of supplies reached hospitals in the province."),
    # a town or district alone sets the story (blind set 19's dropped follow-up, our own words)
    ("Relief tents go up in Qadis after floods", "QALA-I-NAW (AA) - Tents sent by a Gulf charity housed 300 families."),
    ("Mortar rounds hit Spin Boldak market", "Three traders were killed when shells fell on Thursday, officials said."),
    ("Afghan-born interpreter faces deportation", "The man, who fled Kabul in 2021, lost his asylum appeal in Vienna."),
    # a crop that is also a food, in a story of poppy growers and their donors (blind set 34's dropped story, our words)
    ("Saffron bulbs for ex-poppy farmers in Jurm", "FAIZABAD (Pajhwok) - Farmers in Badakhshan who gave up poppy "
     "received saffron bulbs under a UNODC project, provincial officials said."),
    # a city's other spelling, a Kabul district, the Chaman crossing (heldout17's unstored reports, our own words)
    ("Gulf relief plane lands at Hirat airport", "Tents and flour for families hit by the floods, officials said."),
    ("Paghman raid: intelligence service says bomb workshop destroyed", "Three men were arrested, a statement said."),
    ("Containers roll through Bab-e-Dosti again", "Transit cargo held at the gate for a week crossed on Tuesday."),
    # a trade fair is trade, not culture; a province's other spelling (heldout18's unstored reports, our own words)
    ("Herat merchants sign $30 million of deals at Uzbek exhibition", "Most contracts were for flour and fuel, the "
     "chamber of commerce said, and customs would be faster."),
    ("UN: avalanche toll in Daikundi rises to 31", "Assessment teams reached the villages on foot on Tuesday."),
    # an airport deal names a runway, which is no catwalk (heldout26's unstored report, our own words)
    ("Kazakh operator takes over Kandahar terminal", "The concession runs for ten years and includes repairs to "
     "the runway and the fuel depot, the company said."),
    # a board's answer to a boycott over the Taliban's rule is its politics (heldout26's unstored report, our words)
    ("Afghan cricket board: politics should stay out of sport", "The Afghanistan Cricket Board said on Tuesday it "
     "regretted New Zealand's decision to call off the series over restrictions in Kabul."),
    # a statement about the Taliban quoted at length is news, not an epithet
    ("Minister: 'the Taliban must reopen girls' schools'", "The foreign minister said on Monday that 'the Taliban "
     "must let girls back into classrooms before any talks on aid'."),
    # refugee villages "dating from the 1980s" are news of today (blind86's dropped story, our own words)
    ("Balochistan closes 20 Afghan refugee villages", "QUETTA - Provincial authorities ordered 20 Afghan refugee "
     "villages, some dating from the 1980s, closed by June and their residents to leave for Afghanistan."),
    # the border as a locator, the Taliban outside it (blind84's decoys' counterpart, our own words)
    ("Iranian guards and Taliban forces exchange fire", "Two guards were wounded a short distance from the Afghan "
     "border on Sunday in a clash with Taliban forces, Iranian media said."),
    # a quoted name that is no code name
    ("UN envoy: 'Kabul must act' on schools", "The envoy told the Security Council the Taliban had ignored appeals."),
])
def test_the_real_story_is_kept(relevance, title, summary):
    assert relevance.is_relevant(title, summary)


def test_an_ignored_phrase_that_starts_with_a_term_hides_it():
    relevance = RelevanceFilter(("afghan", "kabul"), ("afghan hound",))
    assert not relevance.is_relevant("Afghan hound wins at Crufts", "")
    assert relevance.is_relevant("Afghan hound owners in Kabul", "")


def test_a_term_configured_in_two_spellings_is_found_in_either():
    relevance = RelevanceFilter(("ISIS-K", "ISIS K"))
    assert relevance.is_relevant("ISIS-K claims attack", "") and relevance.is_relevant("ISIS K claims attack", "")
    assert not relevance.is_relevant("ISIS claims attack", "")


@pytest.mark.parametrize("decoys", [None, {"weak_terms": ["taliban"]}], ids=["no decoys", "only weak terms"])
def test_a_taxonomy_without_some_decoy_lists_still_filters(decoys):
    relevance = RelevanceFilter(("taliban", "kabul"), ("pakistani taliban",), decoys)
    assert relevance.is_relevant("Taliban envoy in Doha", "")
    assert not relevance.is_relevant("Pakistani Taliban claim attack", "")
    assert not relevance.is_relevant("Markets close higher", "")


@pytest.mark.parametrize("shipped", [False, True], ids=["nothing else", "shipped ignore list and decoys"])
def test_with_no_terms_configured_nothing_is_kept(tagger, shipped):
    relevance = (RelevanceFilter((), tuple(DEFAULT_RELEVANCE_IGNORE), tagger.taxonomy.relevance) if shipped
                 else RelevanceFilter(()))
    assert not relevance.is_relevant("Taliban government in Kabul", "Afghanistan")


def test_a_refugees_sports_club_is_a_look_alike(relevance):
    """blind88's kept decoy, in our own words: a sport named beside the Taliban's takeover in the background."""
    assert not relevance.is_relevant("Afghan refugee basketball team wins Victorian league title", "MELBOURNE: A team "
                                     "of Afghan refugees who left after the Taliban took Kabul in 2021 won the league "
                                     "title on Saturday in a packed Dandenong hall.")
