"""Same place, same kind: two reports of one quake, bombing, air strike, border clash or
deportation flight share few words (one leads with the toll, the other with the aid
reaching a district) but they share the kind of happening and a rare name of where
(or whom): "Giyan", "Chaman", "Zinda Jan". Outlets word the kind differently, so it is
read from a short list of words per kind; the place is any rare word (rarity.py) or
figure the two share. And what keeps such reports apart: a report that tells a
retaliation, or a repeat ("another tremor"), tells a happening after the one before
it. Pure: no database.

Only physical happenings are kinds here: a quake or a flight happens once in a place,
where the same two ministers meet again and again.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

from ingest.clustering.features import FIGURE_SLOT, _stem, act_stems, content_stems, figures
from ingest.clustering.rarity import is_rare

# The words that tell each kind, as outlets write them ("tremor" for "quake"; "shelling"
# for "clash"). Not the words any violent or sad story uses ("killed", "wounded",
# "survivors", "attack"): with those, a quake and the aftershock days later, or a
# strike and the retaliation, became one; nor words with a second sense in this news
# ("flash" of "flashpoint", "expelled" diplomats, the "suicide" of women under the ban).
KIND_WORDS = {
    "quake": "quake quakes earthquake earthquakes tremor tremors magnitude",
    "flood": "flood floods flooding mudslide mudslides avalanche avalanches landslide landslides",
    "blast": "bomb bombing bomber bombs blast blasts explosion explosions explosive explosives gunmen shooting sniper",
    "strike": "airstrike airstrikes drone drones bombardment",
    "clash": "clash clashes clashed shelling shells mortar mortars artillery gunfight",
    "deport": "deport deports deported deporting deportation deportations deportee deportees",
}
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
}
ONCE_A_DAY_WITH_A_PARTY = frozenset(NARROW_KINDS)
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
    return frozenset(told)


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
    lead = _REFERRING_BACK.sub(" ", f"{title}\n{summary[:end.start()] if end else summary}")
    finder, province_of = _province_finder()
    return frozenset(province_of[_place_key(found.group(0))] for found in finder.finditer(lead))


@lru_cache(maxsize=1)
def _province_finder() -> tuple[re.Pattern, dict[str, str]]:
    """One expression for every place name (hyphens and spaces alike, the longest first), and
    each name's province by its _place_key."""
    provinces = _taxonomy_file().get("settings", {}).get("afghan_provinces", {})
    province_by_name = {name: province for province, places in provinces.items() for name in [province, *places]}
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


# A report of a repeat ("another 6.3 quake", "fresh airstrikes", "a new deportation
# flight") or of a retaliation tells a happening after the one it refers back to. Not
# "second" or "third": "the third such flight since 2021" counts all time. A threat of
# retaliation ("vowed revenge") is no retaliation: reports of the strikes carry it.
_REPEAT = re.compile(r"\b(?:another|new|fresh|renewed)((?:[ -]+[^\W_]+(?:[.,]\d+)?){1,3})", re.IGNORECASE)
_RETALIATION = re.compile(r"\b(?:retaliat\w*|reveng\w*|hit(?:s|ting)? back|counter-?attack\w*|in response to)",
                          re.IGNORECASE)
_THREAT = re.compile(r"\b(?:vow\w*|threat\w*|warn\w*|promis\w*|would|will|could|may|might|of)\W+(?:\w+\W+)?$",
                     re.IGNORECASE)
# A headline telling a summons or a protest note ("Kabul summons Pakistani envoy over Khost
# raid"): the protest is a happening of its own, after the one it protests.
_PROTEST = re.compile(r"\b(?:summons|summoned|summoning|protest notes?|d[ée]marche|lodges? (?:a )?(?:strong )?protest|"
                      r"calls? in (?:[\w'’-]+ ){0,2}(?:envoy|ambassador|diplomat|charg[ée]))\b", re.IGNORECASE)
_TOLL = re.compile(r"\b(?:toll|dead|killed|kills|casualt\w*|wounded|injured)\b|\bkilling (?:at least |up to )?\d",
                   re.IGNORECASE)  # "over killing of migrants" is the reason, not a toll
# "a day after a market bombing in Jalalabad": a place named for an earlier happening
# is not where this one happened.
_REFERRING_BACK = re.compile(r"\b(?:days?|hours?|weeks?)\s+after\b[^.;,]*"
                             # "... the fighters behind the assault on a post in Zhob hours earlier": that one's place
                             r"|\b(?:behind|after|following|over|for|who)\b[^.;,]{0,80}?\b(?:(?:hours|days|a day|weeks)\s+"
                             r"(?:earlier|before)|earlier (?:that|the same) day)\b", re.IGNORECASE)
# A bombing at the funeral or memorial of someone killed days before (the slain governor's
# memorial service, the fatiha for him): its reports name the dead and the first attack.
# Told in the clause that tells the violence ("a bomber struck mourners"), not in one of
# its own: reports of the first attack tell its funerals too ("Thousands attended funeral
# prayers"; "Seminaries in Qom held mourning ceremonies"), and "slain" is any dead man.
_MOURNING = re.compile(r"\b(?:funeral|memorial|mourners|mourning|burial|fatiha)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[.;:!?]\s")
FOLLOW_UP_AFTER = 6  # hours: reports this far apart, one of them a follow-up, are two happenings
# Words in lower case without one of which a pattern above cannot match ("renewed" holds
# "new"): most stories have none, and looking for them costs a fraction of a regular
# expression's scan (follow_up's three scans were a quarter of placing a first poll's
# stories). Case is folded as IGNORECASE folds it: besides A-Z, only these four
# characters match a-z ("mournerſ" is "mourners" to the patterns).
_REPEAT_NEEDS = ("another", "new", "fresh")
_VIOLENCE = r"(?:fighting|clash\w*|attacks?|strikes?|incidents?|firing|shelling|bombings?|blasts?|explosions?|raids?)"
_SETS_APART = re.compile(r"\b(?:(?:separate|distinct) from|unrelated to|not (?:linked|related|connected) to) "
                         r"(?:the |an? |last )?(?:[\w'’-]+ ){0,3}?" + _VIOLENCE + r"\b"
                         r"|\ba (?:separate|different|unrelated) " + _VIOLENCE + r"\b", re.IGNORECASE)
_SETS_APART_NEEDS = ("separate", "unrelated", "distinct", "linked", "related", "connected", "different")
_RETALIATION_NEEDS = ("retaliat", "reveng", "hit", "counter", "response")
_MOURNING_NEEDS = ("funeral", "memorial", "mourn", "burial", "fatiha")
_AS_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@dataclass(frozen=True)
class FollowUp:
    """The kinds of happening a story tells as a repeat of an earlier one, and whether it
    tells a retaliation (see match._follows_up)."""

    repeats: frozenset[str]
    retaliates: bool
    mourns: bool = False  # it tells of a funeral or memorial: of the dead of an earlier happening
    sets_apart: bool = False  # it tells its happening apart from another ("separate from the overnight fighting")
    pursues: bool = False  # its headline tells a raid on those behind an attack it refers back to
    refers_to: frozenset[str] = frozenset()  # the kinds its headline tells its happening after ("a day after floods")


def follow_up(title: str, summary: str) -> FollowUp:
    """What a story's `title` and `summary` tell as a follow-up: read from the text, not
    the stems, since "another tremor" and "a tremor" have the same ones."""
    text = f"{title}. {summary}"
    folded = (text if text.isascii() else text.translate(_AS_ASCII)).lower()
    repeats = {_KIND_OF_STEM.get(_stem(word.lower())) for after in _REPEAT.findall(text)
               for word in re.findall(r"[^\W_]+", after)} - {None} if _holds(folded, _REPEAT_NEEDS) else ()
    retaliates = _holds(folded, _RETALIATION_NEEDS) and any(
        not _THREAT.search(text[:found.start()]) for found in _RETALIATION.finditer(text))
    if _holds(folded, ("aftershock",)) and _DEADLY_AFTERSHOCK.search(title):
        repeats = {*repeats, "quake"}  # "Dawn aftershock kills five in Dawlat Shah": the next tremor, not the first
    return FollowUp(frozenset(repeats), retaliates, _holds(folded, _MOURNING_NEEDS) and _violence_at_mourning(text),
                    _holds(folded, _SETS_APART_NEEDS) and bool(_SETS_APART.search(text)),
                    _holds(folded, ("raid", "operation", "manhunt")) and _pursues(title, text),
                    _told_after(title) if " after " in title else frozenset())


# A headline that tells its happening "a day after" or "four days after" another ("Drone hits
# vehicle in Nari, four days after Paktika strike"; "Hundreds march in Helsinki a day after
# deportation flight") is the next happening, unless it updates a toll.
_AFTER_IN_TITLE = re.compile(r"\b(?:a|one|two|three|four|five|six|seven|\d+)\s+(?:days?|weeks?)\s+after\s+"
                             r"((?:[\w'’-]+\s*){1,4})", re.IGNORECASE)
_TOLL_UPDATE = re.compile(r"\b(?:toll|rises|rise|climbs|mounts)\b", re.IGNORECASE)


def _told_after(title: str) -> frozenset[str]:
    """The kinds of the happening a headline tells its own as coming days after."""
    found = _AFTER_IN_TITLE.search(title)
    if found is None or _TOLL_UPDATE.search(title):
        return frozenset()
    words = re.findall(r"[^\W_]+", found.group(1).lower())
    told = {_KIND_OF_STEM.get(_stem(word)) for word in words} - {None}
    return frozenset(told | ({"strike"} if {"strike", "strikes"} & set(words) else set()))


# An aftershock that kills or destroys is a happening of its own, told with the first quake's
# places and names; "aftershocks hamper rescue" is still the first quake's story.
_DEADLY_AFTERSHOCK = re.compile(r"\baftershocks?\b[^.;,:]{0,40}?\b(?:kill\w*|injur\w*|wound\w*|destroy\w*|flatten\w*|"
                                r"collaps\w*|toppl\w*)", re.IGNORECASE)
# Security forces' raid on the people behind an attack, a day after it ("Three Khawarij killed,
# two detained in Sar-e-Pul operation"; "... cell behind Tuesday's attack"): the attack's reports
# share its place, victims and words, but the raid is the next happening.
_RAID = re.compile(r"\b(?:raids?|operations?|manhunt)\b", re.IGNORECASE)
_PURSUED = re.compile(r"\b(?:kill\w*|detain\w*|arrest\w*|captur\w*)\b[^.;:]{0,50}?\b(?:suspects?|militants|attackers|"
                      r"gunmen|cell|members|Khawarij|kidnappers|perpetrators)\b|\b(?:suspects?|militants|attackers|gunmen|"
                      r"Khawarij|kidnappers|perpetrators)\b[^.;:]{0,30}?\b(?:killed|detained|arrested|captured)\b",
                      re.IGNORECASE)
_ATTACK_BEFORE = re.compile(r"\b(?:behind|after|for|carried out|blamed (?:it |the cell )?for)\b[^.;]{0,60}?"
                            r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:'s|’s)|the day before|a day after|last week(?:'s|’s)?)"
                            r"|\b(?:a|one) day after\b|\bthe day before\b", re.IGNORECASE)


def _pursues(title: str, text: str) -> bool:
    """Does the headline tell a raid killing or holding suspects, and the story an attack
    before it ("a day after an ambush", "behind Tuesday's attack")?"""
    return bool(_RAID.search(title) and _PURSUED.search(title) and _ATTACK_BEFORE.search(text))


def repeats_aid(title: str) -> bool:
    """Does the headline tell a donor's next delivery of aid ("Second Qatari relief flight
    lands in Kabul")? A donor's second flight days after its first is another happening,
    told in the same words, places and names."""
    lowered = title.lower()  # asked of many candidate pairs: the words it needs first
    return ("aid" in lowered or "relief" in lowered or "humanitarian" in lowered) and _AID_REPEAT.search(title) is not None


def delivers_aid(title: str, summary: str) -> bool:
    """Does the story tell a delivery of aid (aid words and a flight, convoy or tonnes)?"""
    text = f"{title} {summary}"
    return _AID_WORDS.search(text) is not None and _DELIVERY_WORDS.search(text) is not None


_AID_REPEAT = re.compile(r"\b(?:second|third|fourth|fifth|another|new|fresh)\s+(?:[\w'’-]+\s+){0,2}?(?:relief|aid|humanitarian)\s+"
                         r"(?:flight|plane|aircraft|airlift|convoy|shipment|consignment|delivery)\b", re.IGNORECASE)
_AID_WORDS = re.compile(r"\b(?:relief|aid|humanitarian|food|tents|medicines?|blankets)\b", re.IGNORECASE)
_DELIVERY_WORDS = re.compile(r"\b(?:flights?|planes?|aircraft|landed|flies|flew|airlift\w*|convoys?|shipments?|"
                             r"consignments?|tonnes|trucks)\b", re.IGNORECASE)


_RALLY = re.compile(r"\b(?:rall(?:y|ies|ied)|marched|marches|marchers|(?-i:march)|demonstrat(?:ion|ions|ors|ed)|protesters|"
                    r"sit-ins?|protests? against)\b", re.IGNORECASE)  # "march" in lower case: not the month


def rallies(title: str) -> bool:
    """Does the headline tell a street protest ("Hundreds rally in Cologne against Afghan
    deportations a day after charter")? The rally is a happening of its own, told with the
    names, figures and words of what it protests."""
    return _RALLY.search(title) is not None


def protests(title: str) -> bool:
    """Whether a headline tells a summons or protest note and no toll of its own ("Foreign
    ministry summons Pakistani envoy after Lalpur strike; toll rises to nine" still
    reports the strike)."""
    lowered = title.lower()  # asked of many candidate pairs: the words it needs first
    if not ("summon" in lowered or "protest" in lowered or "marche" in lowered or "call" in lowered):
        return False
    return bool(_PROTEST.search(title)) and not _TOLL.search(title)


def _violence_at_mourning(text: str) -> bool:
    """Whether a clause of `text` tells a funeral or memorial and a bombing, strike or
    clash together (see _MOURNING)."""
    return any(_MOURNING.search(clause) and OFTEN_IN_ONE_PROVINCE & {
        _KIND_OF_STEM.get(_stem(word.lower())) for word in re.findall(r"[^\W_]+", clause)}
        for clause in _CLAUSE.split(text))


def _holds(folded: str, words: tuple[str, ...]) -> bool:
    return any(word in folded for word in words)


def own_anchors(title: str, summary: str, stems: frozenset[str]) -> frozenset[str]:
    """The anchors of a story (its `stems`) that are names, outside the phrases that
    refer back to an earlier happening. A rare word the story also writes in lower case
    describes ("unhurt", "oilfield") where a name places: two bombings a day apart both
    leave someone "unhurt"."""
    if _REFERRING_BACK.search(title) or _REFERRING_BACK.search(summary):
        stems = content_stems(_REFERRING_BACK.sub(" ", title), _REFERRING_BACK.sub(" ", summary))
    return anchors(stems) - act_stems(title, summary)


def place_kind_keys(stems: frozenset[str]) -> list[int]:
    """A key per (kind, rare word) of the story, and one per kind that is one happening
    with a party in common (ONCE_A_DAY_WITH_A_PARTY), so that reports of one happening
    that share no other word still meet as candidates (figures have keys of their own).
    A kind's key shared by more than assign.MAX_STORIES_PER_KEY stories is skipped, as
    any key is: on a day of many bombings it finds nothing, and costs nothing."""
    told = kinds(stems)
    labels = [f"crossing {name}" for name in sorted(crossings(stems))]  # see crossings
    if told:
        rare = sorted(anchor for anchor in anchors(stems) if not anchor[0].isdecimal())
        labels += [f"{kind} {anchor}" for kind in sorted(told) for anchor in rare]
        labels += sorted(told & ONCE_A_DAY_WITH_A_PARTY)
    return [(PLACE_SLOT << 58) | zlib.crc32(label.encode()) for label in labels]


# Border crossings by every name the news gives them, stem by stem: Pakistan's reports of a
# reopening name Chaman and its Friendship Gate, the Afghan side's port Spin Boldak; Iran's
# side of Islam Qala is Dogharoun.
_CROSSINGS = {name: tuple(content_stems(spelling, "") for spelling in spellings)
              for name, spellings in {
                  "chaman": ("Chaman", "Spin Boldak", "Spin Buldak", "Friendship Gate"),
                  "torkham": ("Torkham",), "islam qala": ("Islam Qala", "Dogharoun"), "hairatan": ("Hairatan",),
                  "ghulam khan": ("Ghulam Khan",), "angoor adda": ("Angoor Adda",), "kharlachi": ("Kharlachi",),
                  "torghundi": ("Torghundi",), "aqina": ("Aqina",)}.items()}


def crossings(stems: frozenset[str]) -> frozenset[str]:
    """The border crossings a story names, by any of their names."""
    return frozenset(name for name, spellings in _CROSSINGS.items() if any(stems >= words for words in spellings))
