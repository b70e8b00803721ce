"""Same place, same kind: two reports of one quake, bombing, air strike, border clash or
deportation flight share few words (one leads with the toll, the other with the aid
reaching a district) but they share the kind of happening and a rare name of where
(or whom): "Giyan", "Chaman", "Zinda Jan". Outlets word the kind differently, so it is
read from a short list of words per kind; the place is any rare word (rarity.py) or
figure the two share. What keeps such reports apart (a retaliation, a repeat, "another
tremor", told after the happening before it) is in followups.py. Pure: no database.

Only physical happenings are kinds here: a quake or a flight happens once in a place,
where the same two ministers meet again and again.
"""
from __future__ import annotations

import re
import zlib
from functools import lru_cache

from ingest.clustering.features import FIGURE_SLOT, _stem, act_stems, content_stems, figures
from ingest.clustering.rarity import is_rare

# The words that tell each kind, as outlets write them ("tremor" for "quake"; "shelling"
# for "clash"). Not the words any violent or sad story uses ("killed", "wounded",
# "survivors", "attack"): with those, a quake and the aftershock days later, or a
# strike and the retaliation, became one; nor words with a second sense in this news
# ("flash" of "flashpoint", "expelled" diplomats, the "suicide" of women under the ban);
# a blizzard or snowfall, not "snow" (a road or a border post story says when snow shuts it).
KIND_WORDS = {
    "quake": "quake quakes earthquake earthquakes tremor tremors magnitude",
    "flood": "flood floods flooding mudslide mudslides avalanche avalanches landslide landslides blizzard blizzards "
             "snowstorm snowstorms snowfall snowfalls snowslide snowslides",
    "blast": "bomb bombing bomber bombs blast blasts explosion explosions explosive explosives grenade grenades gunmen "
             "shooting sniper khawarij",
    "strike": "airstrike airstrikes drone drones bombardment",
    "clash": "clash clashes clashed shelling shells mortar mortars artillery gunfight firefight flare",
    "deport": "deport deports deported deporting deportation deportations deportee deportees",
    "expo": "exhibition exhibitions expo expos",  # not "fair": a fair trial, a fair vote
    "release": "freed frees freeing released releasing",
    "crash": "accident accidents crash crashes crashed collided collision overturned",
}
# Kinds that are an incident of their own: a report of one is no report of a crossing's traffic.
INCIDENTS = frozenset({"crash", "blast", "strike", "clash", "quake", "flood"})
_KIND_OF_STEM = {_stem(word): kind for kind, words in KIND_WORDS.items() for word in words.split()}
# Kinds within kinds, told by a word of each: a bombing at an embassy, a deportation
# flight (not "mission" nor "diplomats": the UN mission and diplomats condemn every
# bombing). These happen once a day at most with one foreign party, wherever each report
# says it happened (the attack told from Moscow and from Kabul; the flight told at
# departure and at arrival), where bombings in Pakistan or Pakistan's deportations by
# road are told every day with Pakistan a party to them; and not strikes and clashes:
# the strikes and the other side's retaliation come within a day, between the same sides.
NARROW_KINDS = {
    "mission attack": ("blast", frozenset(_stem(w) for w in "embassy embassies consulate".split())),
    "deportation flight": ("deport", frozenset(_stem(w) for w in "flight flights charter aircraft airport".split())),
    "deportation train": ("deport", frozenset(_stem(w) for w in "train trains rail railway wagons".split())),
    # one person's release, told by the captors' ministry and the captive's government (not a report "released")
    "detainee release": ("release", frozenset(_stem(w) for w in "detained detainee detention custody hostage captivity "
                                                                 "imprisoned".split())),
}
ONCE_A_DAY_WITH_A_PARTY = frozenset(NARROW_KINDS)
# How deportees were sent: a charter flight and a train on the same days are two happenings.
CONVEYANCES = frozenset({"deportation flight", "deportation train"})
# Kinds told only through a narrower one: goods, a report or a homecoming are "released" or
# "freed" too, so a release is a happening only as a captive's (a detainee release).
ONLY_NARROWED = frozenset({"release"})
# Kinds that happen many times in one province within days (two bombings in Nangarhar,
# strikes on Paktika two nights running): for these, a shared province or big city is
# not enough of a place; a district, a town, a border post, a person or a figure is.
OFTEN_IN_ONE_PROVINCE = frozenset({"blast", "strike", "clash"})
WIDE_PLACES = frozenset(_stem(name) for name in """
badakhshan badghis baghlan balkh bamyan bamiyan daykundi daikundi farah faryab ghazni ghor helmand herat
jowzjan jawzjan kandahar kapisa khost kunar kunduz laghman logar nangarhar nimroz nimruz nuristan paktia
paktiya paktika panjshir parwan samangan takhar uruzgan oruzgan wardak zabul
jalalabad mazar peshawar quetta karachi lahore mashhad
balochistan baluchistan khyber pakhtunkhwa punjab sindh waziristan sistan baluchestan khorasan
""".split())
# Names rare in English that this news repeats every day, whatever happened: the
# Taliban's spokesmen and leaders. Sharing one is no evidence of sharing a happening.
EVERYDAY_NAMES = frozenset(_stem(name) for name in """
zabihullah mujahid muttaqi hibatullah akhundzada akhund haqqani sirajuddin baradar hanafi fitrat balkhi
khwarazmi yaqoob kabir qani takal mawlawi mullah
""".split())
_NO_ANCHOR = frozenset(_KIND_OF_STEM) | EVERYDAY_NAMES
# News agencies and broadcasters that reports quote ("Kyodo said", "told IRNA"): a report
# of any happening names them.
NEWS_AGENCIES = frozenset(_stem(name) for name in """
kyodo anp ntb stt irna bakhtar tolo tolonews pajhwok ariana khaama ani pti ispr isna mehr fars tasnim anadolu
yonhap efe ansa dpa bernama antara kabar akipress interfax ria novosti wam qna kuna netblocks
""".split())
# Words any report of any attack uses, whatever was hit and wherever: the toll, the
# attacker, who spoke, when and in which direction. What two reports of one bombing share
# beyond these is what was hit and who was there ("madrassa", "school"; "bank", "salary",
# "queue"; "exam", "centre", "students"), which a bombing elsewhere that day does not.
ATTACK_WORDS = frozenset(_stem(word) for word in """
kill killed killing killings dead death deaths died die dying toll wounded wounding wounds injured injuring injuries
injury hurt attack attacks attacked attacker attackers assault suicide bomber bombers blast blasts explosion
explosions exploded explode explosive explosives bomb bombing bombings bombed gunmen gunman gunfire fire fired firing
shot shots shooting casualties casualty victims victim civilians civilian people person persons man men police
policeman policemen security forces force guards guard claimed claim claims claiming responsibility condemned condemn
condemns condemning condemnation spokesman hospital hospitals rescue rescuers ambulance ambulances near outside inside
area district city town province central northern southern eastern western north south east west morning afternoon
evening night overnight local residents witnesses sources least several dozens scores rose rise rises rising raised
number group militant militants terrorist terrorists terror act acts deadly killer carried target targeted
detonated detonating detonation staff members employees went gone leave leaves left leaving blew blow blown himself
themselves vest device devices arrested arrest arrests suspect suspects investigation sealed cordoned interior figure
among including children child women woman men boys girls family families relatives wife son sons daughter
one two three four five six seven eight nine ten eleven twelve fifteen twenty dozen hundred hundreds
""".split()) | frozenset(_KIND_OF_STEM)
# Words that tell a toll: a report with none of them and no kind of incident tells no
# incident, whatever figure of one it restates (match._reacts_to_an_incident).
TOLL_WORDS = frozenset(_stem(word) for word in """
kill killed killing killings dead death deaths died toll wounded injured injuries casualties fatalities
""".split())
SHARED_TARGET_WORDS = 2  # words of what was hit in common that make two bombing reports one (match.py)
# Figures this small come up by chance (a date, a count of ministers): no specific name.
SMALL_FIGURE = 100
PLACE_SLOT = FIGURE_SLOT - 1  # the band number of same-place-same-kind keys (see place_kind_keys)


@lru_cache(maxsize=8192)
def kinds(stems: frozenset[str]) -> frozenset[str]:
    """The kinds of happening a story's stems tell (NARROW_KINDS among them). Kept per
    stem set, as anchors are: assign._worth_reading asks it of candidates."""
    told = {_KIND_OF_STEM[stem] for stem in stems if stem in _KIND_OF_STEM}
    if told:
        told.update(narrow for narrow, (kind, words) in NARROW_KINDS.items() if kind in told and stems & words)
    return frozenset(told - ONLY_NARROWED)


@lru_cache(maxsize=8192)
def anchors(stems: frozenset[str]) -> frozenset[str]:
    """The stems that can pin a happening down: rare words (places, people) and figures;
    not the kind's own words, nor the names this news repeats every day. Kept per stem
    set: a candidate is weighed against each new story that shares a key with it."""
    return frozenset(stem for stem in stems if is_rare(stem) and stem not in _NO_ANCHOR) | figures(stems)


def specific_names(anchors_: frozenset[str]) -> frozenset[str]:
    """The anchors that name something of one happening only: not the names by which the
    tagger knows an actor (a capital, a minister, an agency: "Tashkent", "Saidov", "WFP";
    the participants compare those already, and the same minister's call and visit a
    week apart share them), nor a news agency, a province or big city, or a small figure.
    "Frerichs" and "Noorzai" of a prisoner swap, "Sasuli" of a border post."""
    return frozenset(anchor for anchor in anchors_ - actor_names() - NEWS_AGENCIES - WIDE_PLACES
                     if not anchor.isdecimal() or int(anchor) >= SMALL_FIGURE)


@lru_cache(maxsize=1)
def actor_names() -> frozenset[str]:
    """The stems of the words of every actor's aliases, capitals and people in the
    taxonomy file (the default one: the clustering stage is given tags, not the tagger)."""
    actors = _taxonomy_file().get("actors", {})
    return frozenset(_stem(word.lower()) for entry in actors.values()
                     for key in ("aliases", "capitals", "people") for name in entry.get(key, ())
                     for word in re.findall(r"[^\W_]+", name))


# Happenings at one spot: two bombings, or two avalanches, on one day whose reports' leads
# place them in different provinces are two happenings, however alike their words
# ("suicide bomber", "police", "14 killed"; "avalanche", "buried", "road blocked").
# Not quakes, floods or strikes, whose reports name whichever province they lead with.
_SPOT_STEMS = frozenset(_stem(word) for word in "avalanche avalanches landslide landslides".split())
_LEAD_END = re.compile(r"[.!?]\s+(?=[A-Z\"“‘'])")


def at_one_spot(stems: frozenset[str]) -> bool:
    """Does the story tell a happening at one spot: a bombing or shooting, an avalanche?"""
    return "blast" in kinds(stems) or not _SPOT_STEMS.isdisjoint(stems)


def lead_provinces(title: str, summary: str) -> frozenset[str]:
    """The Afghan provinces a report's title and first sentence name, by a province's name
    or a place in it (taxonomy `afghan_provinces`), leaving out a place named for an earlier
    happening ("hours after a bombing in Helmand"); empty when they name none."""
    end = _LEAD_END.search(summary)
    return _provinces_in(_REFERRING_BACK.sub(" ", f"{title}\n{summary[:end.start()] if end else summary}"))


@lru_cache(maxsize=1)
def _province_finder() -> tuple[re.Pattern, dict[str, str]]:
    """One expression for every place name and its spellings (hyphens and spaces alike, the longest first), and
    each name's province by its _place_key."""
    settings = _taxonomy_file().get("settings", {})
    provinces = settings.get("afghan_provinces", {})
    province_by_name = {name: province for province, places in provinces.items() for name in [province, *places]}
    for first, variants in settings.get("spelling_variants", {}).items():  # "Nooristan" is Nuristan here too
        if first in province_by_name:
            province_by_name.update(dict.fromkeys(variants, province_by_name[first]))
    spelled = [r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", name)))
               for name in sorted(province_by_name, key=len, reverse=True)]
    return (re.compile(r"\b(?:" + "|".join(spelled) + r")\b"),
            {_place_key(name): province for name, province in province_by_name.items()})


@lru_cache(maxsize=1)
def spelling_variants() -> dict[str, str]:
    """Each variant spelling of a place or person, lower case -> the first spelling, lower
    case (taxonomy `spelling_variants`): "daikundi" -> "daykundi"."""
    table = _taxonomy_file().get("settings", {}).get("spelling_variants", {})
    return {variant.lower(): first.lower() for first, variants in table.items() for variant in variants}


@lru_cache(maxsize=1)
def _taxonomy_file() -> dict:
    """The default taxonomy file, parsed once (the clustering stage is given tags, not the tagger)."""
    import tomllib

    from ingest.config import DEFAULT_TAXONOMY_PATH

    return tomllib.loads(DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8"))


def _place_key(name: str) -> str:
    return " ".join(re.split(r"[\s-]+", name.lower()))


# "a day after a market bombing in Jalalabad": a place named for an earlier happening
# is not where this one happened.
_REFERRING_BACK = re.compile(r"\b(?:days?|hours?|weeks?)\s+after\b[^.;,]*"
                             # "... the fighters behind the assault on a post in Zhob hours earlier": that one's place
                             r"|\b(?:behind|after|following|over|for|who)\b[^.;,]{0,80}?\b(?:(?:hours|days|a day|weeks)\s+"
                             r"(?:earlier|before)|earlier (?:that|the same) day)\b", re.IGNORECASE)


def own_anchors(title: str, summary: str, stems: frozenset[str]) -> frozenset[str]:
    """The anchors of a story (its `stems`) that are names, outside the phrases that
    refer back to an earlier happening. A rare word the story also writes in lower case
    describes ("unhurt", "oilfield") where a name places: two bombings a day apart both
    leave someone "unhurt"."""
    if _REFERRING_BACK.search(title) or _REFERRING_BACK.search(summary):
        stems = content_stems(_REFERRING_BACK.sub(" ", title), _REFERRING_BACK.sub(" ", summary))
    return anchors(stems) - act_stems(title, summary)


def place_kind_keys(stems: frozenset[str]) -> list[int]:
    """A key per (kind, rare word) of the story, one per kind that is one happening
    with a party in common (ONCE_A_DAY_WITH_A_PARTY), and one per name of one happening
    only (`specific_names`: the freed man's surname in the wire's report and in his
    family's statement the next morning, which names no party), so that reports of one
    happening that share no other word still meet as candidates (figures have keys of their own).
    A kind's key shared by more than assign.MAX_STORIES_PER_KEY stories is skipped, as
    any key is: on a day of many bombings it finds nothing, and costs nothing."""
    told = kinds(stems)
    labels = [f"crossing {name}" for name in sorted(crossings(stems))]  # see crossings
    if told:
        rare = sorted(anchor for anchor in anchors(stems) if not anchor[0].isdecimal())
        labels += [f"{kind} {anchor}" for kind in sorted(told) for anchor in rare]
        labels += sorted(told & ONCE_A_DAY_WITH_A_PARTY)
    labels += [f"name {name}" for name in sorted(specific_names(anchors(stems))) if not name[0].isdecimal()]
    return [(PLACE_SLOT << 58) | zlib.crc32(label.encode()) for label in labels]


# Border crossings by every name the news gives them, stem by stem: Pakistan's reports of a
# reopening name Chaman and its Friendship Gate, the Afghan side's port Spin Boldak; Iran's
# side of Islam Qala is Dogharoun.
_CROSSINGS = {name: tuple(content_stems(spelling, "") for spelling in spellings)
              for name, spellings in {
                  "chaman": ("Chaman", "Spin Boldak", "Spin Buldak", "Friendship Gate"),
                  "torkham": ("Torkham", "Turkham", "Torkhum"), "islam qala": ("Islam Qala", "Dogharoun"), "hairatan": ("Hairatan",),
                  "ghulam khan": ("Ghulam Khan",), "angoor adda": ("Angoor Adda",), "kharlachi": ("Kharlachi",),
                  "torghundi": ("Torghundi",), "aqina": ("Aqina",)}.items()}


def crossings(stems: frozenset[str]) -> frozenset[str]:
    """The border crossings a story names, by any of their names."""
    return frozenset(name for name, spellings in _CROSSINGS.items() if any(stems >= words for words in spellings))


def crossing_titled_elsewhere(title: str, stems: frozenset[str]) -> bool:
    """Whether a report's title names a border crossing ("returns through Chaman hit
    5,600") that another report, naming a crossing, never names: two crossings' days,
    whatever other crossing the first compares itself with ("after Torkham's record week")."""
    titled = crossings(content_stems(title, ""))
    named = crossings(stems)
    return bool(titled and named) and titled.isdisjoint(named)


def province_titled_elsewhere(a_text: tuple[str, str], b_text: tuple[str, str]) -> bool:
    """Whether one of two disaster reports is titled by a province (or a place in it) that
    the other, titled by another, never names: a flood in Badakhshan's Keshem two days after
    Takhar's is its own happening, though its report names Takhar's road and relief convoys."""
    titled_a, titled_b = _provinces_in(a_text[0]), _provinces_in(b_text[0])
    if not titled_a or not titled_b or not titled_a.isdisjoint(titled_b):
        return False
    return titled_a.isdisjoint(_provinces_in(" ".join(b_text))) or titled_b.isdisjoint(_provinces_in(" ".join(a_text)))


def _provinces_in(text: str) -> frozenset[str]:
    """The provinces `text` names, by a province's name or a place in it."""
    finder, province_of = _province_finder()
    return frozenset(province_of[_place_key(found.group(0))] for found in finder.finditer(text))
