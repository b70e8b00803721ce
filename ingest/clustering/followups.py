"""Follow-ups: what a report tells as coming after another happening, so that the two stay
two events however much they share (follows_up, below, asked by match.verdict): a repeat
("another tremor", a deadly aftershock) or a retaliation, an attack on mourners, a raid on
the cell behind an attack, a happening told "a day after" another, a summons over
violence, a donor's next delivery, a street rally. Read from the text (title and summary), not the stems: "another tremor" and "a
tremor" have the same ones. Pure: no database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from ingest.clustering.features import StoryFeatures, _stem, content_stems
from ingest.clustering.happenings import _KIND_OF_STEM, OFTEN_IN_ONE_PROVINCE, kinds


# A report of a repeat ("another 6.3 quake", "fresh airstrikes", "a new deportation
# flight") or of a retaliation tells a happening after the one it refers back to. Not
# "second" or "third": "the third such flight since 2021" counts all time. A threat of
# retaliation ("vowed revenge") is no retaliation: reports of the strikes carry it.
# (Not a new report, study or rules on a kind: "the UN's new report on deportations" tells no new deportation.)
_REPEAT = re.compile(r"\b(?:another|new|fresh|renewed)(?![ -]+(?:reports?|study|studies|surveys?|update|figures|data|"
                     r"rules?|polic(?:y|ies)|laws?)\b)((?:[ -]+[^\W_]+(?:[.,]\d+)?){1,3})", re.IGNORECASE)
# ... but "second" or "third" within a week or a month is a repeat ("Second Panj flare-up in a week").
_REPEAT_WITHIN = re.compile(r"\b(?:second|third|fourth)((?:[ -]+[^\W_]+){1,4}) in (?:a|one|the same) (?:week|fortnight|month)\b",
                            re.IGNORECASE)
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
_REPEAT_WITHIN_NEEDS = ("second", "third", "fourth")
# What a report says its own happening is not: some violence, or another aid delivery ("the convoy is
# separate from the Qatari relief flight that landed on Monday")
_ANOTHER_HAPPENING = (r"(?:fighting|clash\w*|attacks?|strikes?|incidents?|firing|shelling|bombings?|blasts?|explosions?|raids?"
                      r"|flights?|convoys?|shipments?|consignments?|deliver(?:y|ies)|airlifts?)")
_SETS_APART = re.compile(r"\b(?:(?:separate|distinct) from|unrelated to|not (?:linked|related|connected) to) "
                         r"(?:the |an? |last )?(?:[\w'’-]+ ){0,3}?" + _ANOTHER_HAPPENING + r"\b"
                         r"|\ba (?:separate|different|unrelated) " + _ANOTHER_HAPPENING + r"\b", re.IGNORECASE)
_SETS_APART_NEEDS = ("separate", "unrelated", "distinct", "linked", "related", "connected", "different")
_RETALIATION_NEEDS = ("retaliat", "reveng", "hit", "counter", "response")
_MOURNING_NEEDS = ("funeral", "memorial", "mourn", "burial", "fatiha")
_AS_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@dataclass(frozen=True)
class FollowUp:
    """The kinds of happening a story tells as a repeat of an earlier one, and whether it
    tells a retaliation (see match.verdict and follows_up below)."""

    repeats: frozenset[str]
    retaliates: bool
    mourns: bool = False  # it tells of a funeral or memorial: of the dead of an earlier happening
    sets_apart: bool = False  # it tells its happening apart from another ("separate from the overnight fighting")
    pursues: bool = False  # its headline tells a raid on those behind an attack it refers back to
    refers_to: frozenset[str] = frozenset()  # the kinds its headline tells its happening after ("a day after floods")
    closes_after: bool = False  # its headline tells a closure after something ("crossing closed after firefight")
    tells_closure: bool = False  # it tells a crossing or road closed (its own news, or what followed its fight)


def follow_up(title: str, summary: str) -> FollowUp:
    """What a story's `title` and `summary` tell as a follow-up: read from the text, not
    the stems, since "another tremor" and "a tremor" have the same ones."""
    text = f"{title}. {summary}"
    folded = (text if text.isascii() else text.translate(_AS_ASCII)).lower()
    told_again = (_REPEAT.findall(text) if _holds(folded, _REPEAT_NEEDS) else []) + (
        _REPEAT_WITHIN.findall(title) if _holds(title.lower(), _REPEAT_WITHIN_NEEDS) else [])
    repeats = set().union(*map(_kinds_in, told_again))
    retaliates = _holds(folded, _RETALIATION_NEEDS) and any(
        not _THREAT.search(text[:found.start()]) for found in _RETALIATION.finditer(text))
    if _holds(folded, ("aftershock",)) and _DEADLY_AFTERSHOCK.search(title):
        repeats = {*repeats, "quake"}  # "Dawn aftershock kills five in Dawlat Shah": the next tremor, not the first
    if _holds(folded, ("weakened by", "cracked by", "damaged by")) and _WEAKENED_BY_EARLIER.search(text):
        repeats = {*repeats, "quake"}  # "houses weakened by Wednesday's earthquake fell": a later tremor's toll
    return FollowUp(frozenset(repeats), retaliates, _holds(folded, _MOURNING_NEEDS) and _violence_at_mourning(text),
                    _holds(folded, _SETS_APART_NEEDS) and bool(_SETS_APART.search(text)),
                    _holds(folded, ("raid", "operation", "manhunt")) and _pursues(title, text),
                    _told_after(title) if " after " in title else frozenset(),
                    " after " in title and _CLOSED_AFTER.search(title) is not None,
                    _CLOSURE.search(text) is not None)


# A headline that tells its happening "a day after", "a night after", "days after" or "four days after" another ("Drone hits
# vehicle in Nari, four days after Paktika strike"; "Hundreds march in Helsinki a day after
# deportation flight") is the next happening, unless it updates a toll.
_AFTER_IN_TITLE = re.compile(r"\b(?:(?:a|one|two|three|four|five|six|seven|\d+)\s+(?:days?|nights?|weeks?)|days|weeks)\s+after\s+"
                             r"((?:[\w'’-]+\s*){1,4})", re.IGNORECASE)
_TOLL_UPDATE = re.compile(r"\b(?:toll|rises|rise|climbs|mounts)\b", re.IGNORECASE)


# "Ghulam Khan crossing closed after border firefight": the closure is the news, the fight its cause
_CLOSED_AFTER = re.compile(r"\b(?:closed|closes|shut|shuts|sealed|seals|suspended|suspends|halted|halts)\b[^.;:]{0,40}?"
                           r"\bafter\b", re.IGNORECASE)


_CLOSURE = re.compile(r"\b(?:closed|closes|closure|shut|shuts|sealed|seals|suspended|halted)\b", re.IGNORECASE)


def _told_after(title: str) -> frozenset[str]:
    """The kinds of the happening a headline tells its own as coming days after."""
    found = _AFTER_IN_TITLE.search(title)
    if found is None or _TOLL_UPDATE.search(title):
        return frozenset()
    words = set(re.findall(r"[^\W_]+", found.group(1).lower()))
    return (_kinds_in(found.group(1)) | ({"strike"} if words & {"strike", "strikes"} else frozenset())  # "Paktika strike"
            | ({"blast"} if words & {"attack", "attacks"} else frozenset()))  # "days after bank attack"


# An aftershock that kills or destroys is a happening of its own, told with the first quake's
# places and names; "aftershocks hamper rescue" is still the first quake's story.
_DEADLY_AFTERSHOCK = re.compile(r"\baftershocks?\b[^.;,:]{0,40}?\b(?:kill\w*|injur\w*|wound\w*|destroy\w*|flatten\w*|"
                                r"collaps\w*|toppl\w*)", re.IGNORECASE)
# What an earlier quake left for a later tremor to bring down ("walls already cracked by Wednesday's
# stronger quake gave way"): the report is of that later tremor.
_WEAKENED_BY_EARLIER = re.compile(r"\b(?:weakened|cracked|damaged)\s+by\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                                  r"Saturday|Sunday|last week)['’]s|the (?:earlier|previous|first))\s+(?:[\w-]+\s+){0,2}?"
                                  r"(?:quake|earthquake|tremor)\b", re.IGNORECASE)
# Security forces' raid on the people behind an attack, a day after it ("Three Khawarij killed,
# two detained in Sar-e-Pul operation"; "... cell behind Tuesday's attack"): the attack's reports
# share its place, victims and words, but the raid is the next happening.
_RAID = re.compile(r"\b(?:raids?|operations?|manhunt)\b", re.IGNORECASE)
_PURSUED = re.compile(r"\b(?:kill\w*|detain\w*|arrest\w*|captur\w*)\b[^.;:]{0,50}?\b(?:suspects?|militants|attackers|"
                      r"gunmen|cell|members|Khawarij|kidnappers|perpetrators)\b|\b(?:suspects?|militants|attackers|gunmen|"
                      r"Khawarij|kidnappers|perpetrators|members)\b[^.;:]{0,30}?\b(?:killed|detained|arrested|captured)\b",
                      re.IGNORECASE)
_ATTACK_BEFORE = re.compile(r"\b(?:behind|after|for|carried out|blamed (?:it |the cell )?for|planning|plotting)\b[^.;]{0,60}?"
                            r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:'s|’s)|the day before|a day after|last week(?:'s|’s)?)"
                            r"|\b(?:a|one) day after\b|\bthe day before\b", re.IGNORECASE)


def _pursues(title: str, text: str) -> bool:
    """Does the headline tell a raid killing or holding suspects, and the story an attack
    before it ("a day after an ambush", "behind Tuesday's attack")?"""
    return bool(_RAID.search(title) and _PURSUED.search(title) and _ATTACK_BEFORE.search(text))


def repeats_aid(title: str, summary: str | None = None) -> bool:
    """Does the headline tell a donor's next delivery of aid ("Second Qatari relief flight
    lands in Kabul")? A donor's second flight days after its first is another happening,
    told in the same words, places and names."""
    lowered = title.lower()  # asked of many candidate pairs: the words it needs first
    if ("aid" in lowered or "relief" in lowered or "humanitarian" in lowered) and _AID_REPEAT.search(title) is not None:
        return True
    return summary is not None and _NEXT_CARRIER.search(title) is not None and delivers_aid(title, summary)


# "Second Qatari aircraft brings water purifiers ...": the aid is in the lead, the count in the headline
_NEXT_CARRIER = re.compile(r"\b(?:second|third|fourth|fifth|another)\s+(?:[\w'’-]+\s+){0,2}?"
                           r"(?:flight|plane|aircraft|airlift|convoy|shipment|consignment|cargo)\b", re.IGNORECASE)


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
                    r"sit-ins?|protests? against|protest(?:s|ed)? (?:in|outside|across))\b", re.IGNORECASE)  # "march" in lower case: not the month


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
    return any(_MOURNING.search(clause) and OFTEN_IN_ONE_PROVINCE & _kinds_in(clause) and not _TIME_AGO.search(clause)
               for clause in _CLAUSE.split(text))


# "The claim follows the group's bombing of Shiite mourners in Herat a week ago": a past attack the
# report recalls, not an attack on mourners it tells.
_TIME_AGO = re.compile(r"\b(?:(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?)\s+ago|last\s+(?:week|month)|"
                       r"earlier\s+this\s+(?:week|month))\b", re.IGNORECASE)


def _kinds_in(text: str) -> frozenset[str]:
    """The kinds of happening (happenings.KIND_WORDS) that the words of `text` name."""
    return frozenset({_KIND_OF_STEM.get(_stem(word.lower())) for word in re.findall(r"[^\W_]+", text)} - {None})


def _holds(folded: str, words: tuple[str, ...]) -> bool:
    return any(word in folded for word in words)


def _headline_then_lead(title: str, summary: str) -> tuple[str, str]:
    """Where a report names who met: its headline, else its lead's first sentence."""
    return title, summary.split(". ", 1)[0]


# The rank of the people a meeting's report names: envoys meet on the eve of their ministers with the
# same countries round the table ("special representatives ... meet in Moscow", then "foreign ministers
# adopt a declaration"); their reports share the parties, the city and the agenda, and are two happenings.
_ENVOYS = re.compile(r"\b(?:special (?:envoys?|representatives?)|envoys|representatives)\b", re.IGNORECASE)
_MINISTERS = re.compile(r"\b(?:foreign ministers|ministers|ministerial)\b", re.IGNORECASE)


def meeting_rank(title: str, summary: str) -> str | None:
    """"envoys" or "ministers" when the headline names the one rank and not the other (a
    headline naming neither: the lead's first sentence); else None."""
    for text in _headline_then_lead(title, summary):
        envoys, ministers = _ENVOYS.search(text) is not None, _MINISTERS.search(text) is not None
        if envoys != ministers:
            return "envoys" if envoys else "ministers"
        if envoys:
            return None  # both ranks named: no telling
    return None


# The Taliban office-holders who receive delegations, by the name reports give them (spokesmen left
# out: they announce meetings, they do not hold them). A visiting team meets the foreign minister one
# day and the commerce minister the next: the same guests, city and agenda, two happenings.
_HOSTS = {"muttaqi": "Muttaqi|Motaqi|Mottaki|Muttaki", "azizi": "Azizi", "baradar": "Baradar",
          "haqqani": "Haqqani", "yaqoob": "Yaqoob|Yaqub", "akhund": "Hassan Akhund", "kabir": "Abdul Kabir",
          "shaheen": "Suhail Shaheen", "akhundzada": "Akhundzada|Haibatullah|Hibatullah",
          "governor": "[Gg]overnor"}  # a provincial governor: "Kandahar governor receives EU envoy" the next day
_HOST = re.compile(r"\b(?:" + "|".join(f"(?P<{key}>{names})" for key, names in _HOSTS.items()) + r")\b")
# What a headline tells after these came before its happening ("..., a day after Muttaqi talks").
_BEFORE_ITS_HAPPENING = re.compile(r"\b(?:after|before|following|since|ahead of)\b", re.IGNORECASE)
# ... unless the report tells the visit as one happening over days ("on the second day of his visit").
_VISIT_GOES_ON = re.compile(r"\b(?:second|third|final|last|closing) day of\b", re.IGNORECASE)


def taliban_host(title: str, summary: str) -> str | None:
    """The Taliban office-holder the headline names first as the one met (a headline naming
    none: the lead's first sentence), or None; what follows "after" in a headline is another
    happening. None too when the report tells a visit's later day: the visit is its event."""
    if _VISIT_GOES_ON.search(title) or _VISIT_GOES_ON.search(summary):
        return None
    for text in _headline_then_lead(title, summary):
        earlier = _BEFORE_ITS_HAPPENING.search(text)
        found = _HOST.search(text, 0, earlier.start() if earlier else len(text))
        if found is not None:
            return found.lastgroup
    return None


def other_donors(a, b) -> bool:
    """Are two reports of aid delivered (a flight, a convoy, tonnes) deliveries of different
    givers: Russia's consignment and Azerbaijan's the next day, however alike their words,
    and though the second names the first ("the second relief flight, after Russia's")?"""
    mine = {actor for actor, levels in a.levels.items() if "humanitarian" in levels}
    theirs = {actor for actor, levels in b.levels.items() if "humanitarian" in levels}
    return bool(mine and theirs and mine.isdisjoint(theirs)) and delivers_aid(*a.text) and delivers_aid(*b.text)


# What follows what: the rules match.verdict asks of two reports before their wording.
VIOLENCE_AFTER = timedelta(hours=24)  # see _violence_after
RALLY_AFTER = timedelta(hours=24)  # see _follows_up
QUIET_AFTER = timedelta(hours=36)  # a story of no violence this long after a violent one tells what followed
_FOLLOW_UP_GAP = timedelta(hours=FOLLOW_UP_AFTER)  # built once: _follows_up is asked of most candidate pairs


def follows_up(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether the later story tells a retaliation, a repeat ("another quake") of a
    kind of happening that the earlier one reports, or an attack on mourners after an
    attack, hours after it, or a summons over the earlier one's violence, or a donor's next
    aid delivery after its first (at any interval: each is a step of its own), or a street
    protest a day or more later against what the earlier one tells (protesters outside the
    talks that day are part of their story): two happenings (the
    strikes and the retaliation; a quake and the next), which share the sides, places
    and kind and, in single link, would chain into one event."""
    earlier, later = _in_order(a, b)
    if later.protests and not earlier.protests and _violent(earlier):
        return True  # the strike, and the summons over it: two happenings however soon after
    if later.repeats_aid and not earlier.repeats_aid and delivers_aid(*earlier.text):
        return True  # "Second Qatari relief flight lands": not the first flight's report
    gap = later.published_at - earlier.published_at
    if gap < _FOLLOW_UP_GAP:
        return False
    if later.rallies != earlier.rallies and (gap >= RALLY_AFTER or _violent(later if earlier.rallies else earlier)):
        # "Hundreds rally against the deportation flight" the next day (or the flight the day after a rally);
        # a rally against a strike, and a strike: two happenings, whichever is told first
        return True
    told = later.follow_up
    if told.retaliates and not earlier.follow_up.retaliates:
        return True
    if told.mourns and not earlier.follow_up.mourns and later.kinds & earlier.kinds & OFTEN_IN_ONE_PROVINCE:
        return True  # an attack on the mourners of an earlier attack's dead
    if told.pursues and not earlier.follow_up.pursues and _violent(earlier):
        return True  # the raid on the cell behind the attack, the next night: not the attack
    if (told.refers_to and told.refers_to & _headline_kinds(earlier) and not earlier.follow_up.refers_to & later.kinds
            and not (later.rallies and earlier.rallies)):  # (two reports of one rally both refer to what it protests)
        return True  # "Drone hits Nari four days after Paktika strike": not the Paktika strike
    if told.closes_after and _violent(earlier) and not earlier.follow_up.tells_closure:
        return True  # "Crossing closed after border firefight", the day after the fight's reports
    if gap >= QUIET_AFTER and earlier.kinds & OFTEN_IN_ONE_PROVINCE:
        return not later.kinds & OFTEN_IN_ONE_PROVINCE  # what followed a clash days later: a closure, a protest
    repeats = told.repeats
    return bool(repeats and (repeats & earlier.kinds) - earlier.follow_up.repeats)


def _headline_kinds(story: StoryFeatures) -> frozenset[str]:
    """The kinds of happening a story's headline tells: its own happening, not one its
    summary recalls ("The meeting followed Monday's shooting" tells talks, not a shooting)."""
    return kinds(content_stems(story.text[0], ""))


def _violent(story: StoryFeatures) -> bool:
    """Does the story tell a bombing, strike or clash, by its words or by a hostile act the
    tagger read ("accused Pakistan of carrying out air strikes")?"""
    return bool(story.kinds & OFTEN_IN_ONE_PROVINCE) or any("hostile" in found for found in story.levels.values())


def told_apart(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether one of two reports says its happening is not some violence it names ("a
    local quarrel, separate from the overnight fighting to the north"): it names that
    other happening's place and day, which would otherwise join them; only wording close
    enough to be one report rewritten overrules that."""
    return a.follow_up.sets_apart or b.follow_up.sets_apart


def violence_after(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether the later story tells a bombing, strike or clash and the earlier one, a day
    or more before, tells none: the earlier cannot be a report of it (a minister's visit
    to the embassy, then gunmen firing on it three days later, share the envoy, the
    embassy and the talk of security)."""
    earlier, later = _in_order(a, b)
    if later.published_at - earlier.published_at < VIOLENCE_AFTER:
        return False
    return bool(later.kinds & OFTEN_IN_ONE_PROVINCE) and not earlier.kinds & OFTEN_IN_ONE_PROVINCE


def _in_order(a: StoryFeatures, b: StoryFeatures) -> tuple[StoryFeatures, StoryFeatures]:
    """The earlier story first (`a` first on the same date): asked of most candidate
    pairs, where sorting them cost a tenth of placing the stories."""
    return (a, b) if a.published_at <= b.published_at else (b, a)
