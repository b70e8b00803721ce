"""Whether two stories report the same event: the one decision of the clustering.

Precision first. Text similarity alone joins the same two countries' meetings a week
apart, so it is combined with what the tagger knows: the time window, the foreign
actors that take part (different participants are different events) and their
engagement levels (talks and airstrikes between the same sides two days apart are two
events: conflicting levels need much closer wording). Reports of one quake or blast
that share few words are joined by what they do share: the kind of happening and a rare
place within two days (happenings.py); a report of a retaliation or of another quake
is not one of the happening before it, nor is a bombing one of a visit days before.
Weak evidence counts only within a day: the same actors' next step (the crossing
reopened, the waiver granted) is told with the same names and words a day or two later.
"""
from __future__ import annotations

from datetime import timedelta

from ingest.clustering.features import StoryFeatures, figures
from ingest.clustering.followups import follows_up, other_donors, told_apart, violence_after
from ingest.clustering.happenings import (
    ATTACK_WORDS, CONVEYANCES, INCIDENTS, OFTEN_IN_ONE_PROVINCE, ONCE_A_DAY_WITH_A_PARTY, SHARED_TARGET_WORDS, TOLL_WORDS,
    WIDE_PLACES, actor_names, crossing_titled_elsewhere, crossings, province_titled_elsewhere, specific_names,
)
from ingest.clustering.rarity import is_rare
from ingest.clustering.steps import one_tells_a_deal, other_steps, same_step_within_hours
from ingest.taxonomy import LEVEL_SCORES

# An event's stories fall within this span from its first one.
WINDOW = timedelta(days=4)
# Jaccard similarity of the content stems needed ...
SIMILAR_WITH_PARTICIPANTS = 0.25  # ... when the stories share a foreign participant
SIMILAR_WITHOUT = 0.35  # ... when they name no participants to compare
SIMILAR_CONFIRMED = 0.15  # ... when they share a participant and what happened (below)
SIMILAR_CONFIRMED_SAME_HOURS = 0.12  # ... within SAME_NAME_WITHIN, a participant both name, or one names and the other none
SHARED_ACT_WORDS = 3  # lower-case words in common that confirm what happened
MANY_ACT_WORDS = 5  # ... that confirm it without a participant (see _told_alike_without_parties)
SIMILAR_FIGURE_AND_PARTY = 0.10  # ... when they share a participant and a figure ("$310 million")
SIMILAR_NAMED_AND_CONFIRMED = 0.08  # ... within hours, confirmed (below) and sharing a name of one happening only
SIMILAR_DESPITE_LEVELS = 0.50  # ... when a shared participant's levels disagree
SIMILAR_DAYS_APART = 0.40  # ... when the stories are more than LATE_AFTER apart (see verdict)
LATE_AFTER = timedelta(hours=36)
CONFIRMED_WITHIN = timedelta(hours=24)  # see _confirmed
# Reports of one kind of happening with a rare word in common, whatever their similarity,
# within this span of each other: a second quake in the same province came four days
# after the first, and its reports named the same district.
SAME_PLACE_WITHIN = timedelta(hours=48)
SAME_PARTY_WITHIN = timedelta(hours=24)  # ... or a participant in common, for some kinds (happenings.py)
SAME_NAME_WITHIN = timedelta(hours=12)  # see _same_name_same_hours
SPECIFIC_NAME_WITHIN = timedelta(hours=24)  # ... for a name of one happening only
SAME_CROSSING_WITHIN = timedelta(hours=24)  # Kabul's media tell a day at a crossing next morning (36 h: wrong joins)
SEVERAL_NAMES = 2  # names of one happening only in common that join reports without a shared participant
# The UN's agencies and the Red Cross count the dead and the homes lost of every quake
# and flood where they work, and their teams' aid is how their reports tell it ("OCHA:
# Faryab quake toll passes 90"; "WFP trucks reach families in Giyan"): their step is a
# report of the happening, where a state's pledge is a response of its own. Every blind
# set that had one labelled such a report one event with the quake.
REPORTING_BODIES = frozenset({"UN", "ICRC"})
DISASTERS = frozenset({"quake", "flood"})  # happenings that foreign parties respond to with aid


def similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """Jaccard similarity of the two stories' content stems."""
    if not a.stems or not b.stems:
        return 0.0
    shared = len(a.stems & b.stems)
    return shared / (len(a.stems) + len(b.stems) - shared)  # the union's size, without building it


SAME, APART, CONFLICT = "same", "apart", "conflict"


def verdict(a: StoryFeatures, b: StoryFeatures) -> str:
    """SAME when `a` and `b` report one happening (see the module docstring); CONFLICT
    when they cannot be one event, so that `a` must not join an event holding `b`: a
    shared participant cooperates in one and confronts in the other, or one tells a
    repeat or retaliation of what the other reports, and the wording is not close enough
    to overrule that; else APART."""
    apart = abs(a.published_at - b.published_at)
    if apart > WINDOW:
        return APART
    shared = a.participants & b.participants
    both_name_parties = bool(a.participants and b.participants)
    party = shared or both_name_parties and apart <= LATE_AFTER and _named_by_the_other(a, b)
    if (both_name_parties and not party or violence_after(a, b) or _another_meeting_another_day(a, b, apart)
            or other_donors(a, b) or _other_conveyance(a, b)):
        return APART
    if a.scene and b.scene and a.scene.isdisjoint(b.scene):
        return CONFLICT  # a bombing in Lashkar Gah and one in Pul-e-Khumri that morning
    alike = similarity(a, b)
    if _levels_disagree(a, b, shared) or follows_up(a, b) or told_apart(a, b):
        return SAME if alike >= SIMILAR_DESPITE_LEVELS else CONFLICT
    if alike >= _similar_enough(party, apart):
        return SAME
    if alike >= SIMILAR_NAMED_AND_CONFIRMED and apart <= CONFIRMED_WITHIN and (
            alike >= SIMILAR_CONFIRMED or apart <= SAME_NAME_WITHIN and _alike_enough_within_hours(a, b, shared, alike)) \
            and _confirmed(a, b, party):
        return SAME
    if alike >= SIMILAR_FIGURE_AND_PARTY and party and apart <= LATE_AFTER and figures(a.stems & b.stems) \
            and not _relief_for_a_disaster(a, b) and not _a_reaction_to_an_incident(a, b):
        return SAME  # (days apart, the next step restates the first one's figure: "the $410 million forum")
    if _same_place_same_kind(a, b, shared) or same_step_within_hours(a, b, alike) or _told_alike_without_parties(a, b, alike) \
            or _same_target_same_day(a, b):
        return SAME
    return SAME if (_same_name_same_hours(a, b, shared) or _names_of_one_happening(a, b)
                    or _same_crossing_same_hours(a, b)) else APART


def _other_conveyance(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Deportees flown home and deportees sent by train (happenings.CONVEYANCES), the same
    days and to the same city, are two happenings, whoever each report names."""
    mine, theirs = a.kinds & CONVEYANCES, b.kinds & CONVEYANCES
    return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)


def _another_meeting_another_day(a: StoryFeatures, b: StoryFeatures, apart: timedelta) -> bool:
    """Envoys' meeting and ministers' meeting a day apart, the same countries round the table
    (followups.meeting_rank), or the same guests received by another Taliban minister the
    next day (followups.taliban_host): two happenings, however alike their reports."""
    if apart <= SAME_NAME_WITHIN:
        return False
    rank = a.meeting_rank
    if rank is not None and b.meeting_rank is not None and rank != b.meeting_rank:
        return True
    host = a.taliban_host
    return host is not None and b.taliban_host is not None and host != b.taliban_host


def _alike_enough_within_hours(a: StoryFeatures, b: StoryFeatures, shared: frozenset[str], alike: float) -> bool:
    """Below SIMILAR_CONFIRMED, reports hours apart (and confirmed by what happened) are one
    happening when they share a name of it only ("Zhob" of a post's attack), or when they
    name the same participant, or one names it and the other none: the host ministry's
    readout of a visit (its minister and "the guests") and the wire's report."""
    if specific_names(a.anchors & b.anchors):
        return True
    return bool(shared or _one_side_names_parties(a, b)) and alike >= SIMILAR_CONFIRMED_SAME_HOURS


def _one_side_names_parties(a: StoryFeatures, b: StoryFeatures) -> bool:
    return bool(a.participants) != bool(b.participants)


def worded_alike(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether two reports that `verdict` joins are worded alike enough to be one event
    by their words alone (assign.py merges two events only through such a report)."""
    shared = a.participants & b.participants
    party = shared or a.participants and b.participants and _named_by_the_other(a, b)
    return similarity(a, b) >= _similar_enough(party, abs(a.published_at - b.published_at))


def _similar_enough(party, apart: timedelta) -> float:
    """The word similarity that makes two reports one event by itself. Reports more than a
    day and a half apart share words as much when the same actors take their next step
    (a crossing shut, then reopened; the talks, then the ceasefire; a waiver asked for,
    then granted): those need wording close to a rewrite of one report."""
    needed = SIMILAR_WITH_PARTICIPANTS if party else SIMILAR_WITHOUT
    return max(needed, SIMILAR_DAYS_APART) if apart > LATE_AFTER else needed


def _told_alike_without_parties(a: StoryFeatures, b: StoryFeatures, alike: float) -> bool:
    """Two reports that name no foreign party, hours apart, worded near a rewrite of one
    wire (a quarter of their words) and sharing many words of what happened: "Turkish
    Airlines resumes scheduled flights to Kabul" and "Istanbul-Kabul route back on
    Turkish Airlines network" (flights, route, landed, crew, ceremony, transport). Days
    apart, a running subject (a blackout, then its end) shares as many."""
    if a.participants or b.participants or alike < SIMILAR_WITH_PARTICIPANTS:
        return False
    return abs(a.published_at - b.published_at) <= SAME_NAME_WITHIN and len(a.acts & b.acts) >= MANY_ACT_WORDS


def _same_target_same_day(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Two reports of a bombing within a day that share what was hit and who was there,
    beyond the words of any attack (happenings.ATTACK_WORDS): "Blast at Ghazni religious
    school kills seven" and "Islamic State claims Ghazni madrassa bombing". A bombing in
    the capital has no rare place to share ("Kabul" is in every story), and a condemnation
    from abroad names none. Not when each names a province or big city and none in common,
    nor when one tells a foreign party's cooperative step that the other does not name (aid
    for the victims is a response of its own)."""
    if "blast" not in a.kinds or "blast" not in b.kinds or abs(a.published_at - b.published_at) > CONFIRMED_WITHIN:
        return False
    targets = [stem for stem in (a.acts & b.acts) - ATTACK_WORDS if len(stem) > 3]  # not "off" nor "set" (off)
    if len(targets) < SHARED_TARGET_WORDS or _helps(a, b) or _helps(b, a):
        return False
    mine, theirs = a.stems & WIDE_PLACES, b.stems & WIDE_PLACES
    return not (mine and theirs and mine.isdisjoint(theirs))


def _helps(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether `a` tells a cooperative step of a foreign party that `b` does not name."""
    return any(actor not in b.named and any(LEVEL_SCORES[level] > 0 for level in a.levels.get(actor, ()))
               for actor in a.participants)


def _same_name_same_hours(a: StoryFeatures, b: StoryFeatures, shared: frozenset[str]) -> bool:
    """A participant in common and a rare place or name in common, within hours:
    "Pakistani jets strike Paktika" and "Islamabad confirms raids in Paktika" that
    night. The names that this news repeats every day (the spokesman, the foreign
    minister) are no anchors (happenings.EVERYDAY_NAMES), nor are the names by which the
    tagger knows an actor (a capital, a minister: "Dushanbe" is in every report of
    Tajikistan's, whose participant is compared already). Within a day, a name of one
    happening only (happenings.specific_names: not an actor's capital or minister, a
    province or a news agency): "Frerichs" and "Noorzai" in the report of the swap and
    in Washington's welcome of it that evening. Not when the two tell the participant
    taking different steps: Uzbekistan's minister touring Hairatan port and Uzbek flour
    crossing into Hairatan that day are two happenings of one party in one place."""
    apart = abs(a.published_at - b.published_at)
    if not shared or apart > SPECIFIC_NAME_WITHIN or other_steps(a, b, shared):
        return False
    common = a.anchors & b.anchors - actor_names()
    return bool(common) and (apart <= SAME_NAME_WITHIN or bool(specific_names(common)))


def _names_of_one_happening(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Several names of one happening only in common within a day (happenings.specific_names:
    "Bozai Gumbaz" and "Wakhjir" of a road opened to the Chinese border), whoever each
    report says took part (the parties were compared before: different participants that
    neither names are apart). One such name is a coincidence as often as not: a border
    post is in the news every week."""
    if abs(a.published_at - b.published_at) > SPECIFIC_NAME_WITHIN or _responds(a, b) or _responds(b, a):
        return False  # (Iran's relief plane lands in the quake's district: a response, not the quake)
    rare = [stem for stem in a.stems & b.stems if not stem[0].isdecimal() and is_rare(stem)]
    if len(rare) < SEVERAL_NAMES:  # most pairs: the stories' own anchors (read from their text) are not worked out
        return False
    return len([name for name in specific_names(a.anchors & b.anchors) if not name[0].isdecimal()]) >= SEVERAL_NAMES


def _same_crossing_same_hours(a: StoryFeatures, b: StoryFeatures) -> bool:
    """One border crossing, by whichever name each side gives it, within a day, and
    several words of what happened in common: Pakistan's "Chaman reopens after seven
    days" and the Afghan port director's "gate at Spin Boldak opened at 8 a.m.", which
    names no foreign party and shares no other name.
    Two days later, traders' protest at the same gate is a happening of its own."""
    if (abs(a.published_at - b.published_at) > SAME_CROSSING_WITHIN or (a.participants and b.participants)
            or len(a.acts & b.acts) < SHARED_ACT_WORDS or (a.kinds ^ b.kinds) & INCIDENTS):
        return False  # (reports that both name a party are weighed by the rules before; a crash on the road is not the traffic)
    crossing = crossings(a.stems)  # one and the same (a report naming two compares them: "unlike Torkham, ...")
    return len(crossing) == 1 and crossing == crossings(b.stems) and not (_responds(a, b) or _responds(b, a))


def _same_place_same_kind(a: StoryFeatures, b: StoryFeatures, shared: frozenset[str]) -> bool:
    """The same kind of happening (a quake, a blast, a deportation flight) and a rare
    place, person or figure in common, within two days: "Quake toll rises in Zinda Jan"
    and "aid reaches Zinda Jan villages after the quake"; or, for some kinds, a
    participant in common within a day. For bombings, strikes and clashes a shared
    province is not enough of a place. Different participants were ruled out before; a
    shared participant's conflicting levels and a repeat or retaliation too."""
    apart = abs(a.published_at - b.published_at)
    told = a.kinds & b.kinds
    if apart > SAME_PLACE_WITHIN or not told or _responds(a, b) or _responds(b, a) \
            or crossing_titled_elsewhere(a.text[0], b.stems) or crossing_titled_elsewhere(b.text[0], a.stems):
        return False
    if told & ONCE_A_DAY_WITH_A_PARTY and apart <= SAME_PARTY_WITHIN and (shared or _each_names_the_others_parties(a, b)):
        return True
    if apart > SAME_PARTY_WITHIN and one_tells_a_deal(a, b, shared):
        return False  # deportations at Milak, and two days on officials agree the crossing's hours: two steps
    places = a.anchors & b.anchors
    if told <= DISASTERS and province_titled_elsewhere(a.text, b.text):
        return False
    return bool(places - WIDE_PLACES if told <= OFTEN_IN_ONE_PROVINCE else places)


def _a_reaction_to_an_incident(a: StoryFeatures, b: StoryFeatures) -> bool:
    """One report tells an incident (a crash, a blast, a clash), the other a party's step
    over it: the figure they share is the toll the step restates ("summons Iran's envoy over
    the 13 killed in the Bam crash"), a happening of its own, as a donor's relief is one of a
    quake (_relief_for_a_disaster), not the next word on one happening."""
    return _reacts_to_an_incident(a, b) or _reacts_to_an_incident(b, a)


def _reacts_to_an_incident(a: StoryFeatures, b: StoryFeatures) -> bool:
    """`b` tells an incident; `a` tells none, nor anyone killed or hurt, and shows a step of
    a party `b` gives none. (A report of the toll rising and of a protest lodged is one of
    the fighting, whatever word it has for it.)"""
    return (bool(b.kinds & INCIDENTS) and not a.kinds & INCIDENTS and a.stems.isdisjoint(TOLL_WORDS)
            and any(a.levels.get(actor) and not b.levels.get(actor) for actor in a.participants))


def _relief_for_a_disaster(a: StoryFeatures, b: StoryFeatures) -> bool:
    """One of two reports of a quake or a flood tells a donor's response to it (a relief
    flight that restates the toll: "for survivors of the quake that killed 48")."""
    return bool((a.kinds | b.kinds) & DISASTERS) and (_responds(a, b) or _responds(b, a))


def _responds(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether `a` reports a foreign party's step (an aid pledge, a condolence call) that
    `b` does not name that party in: a response to the happening, an event of its own
    ("Britain pledges £1m for quake survivors in Kunar"), not a report of the quake. A
    quake's or flood's report that names the party only in passing ("relief flights from
    India were expected") does not tell its step either. Not a step of the UN's or the
    Red Cross's (REPORTING_BODIES)."""
    return any(a.levels.get(actor) and actor not in REPORTING_BODIES
               and (actor not in b.named or not b.levels.get(actor) and b.kinds & DISASTERS)
               for actor in a.participants)


def _named_by_the_other(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Outlets differ on who acted in one happening ("the UN committee cleared the
    trip to Moscow", "Moscow to host the minister"): a party to one story that the
    other names, in whatever role, is a party in common, not a different participant.
    Whether there is one, not which (asked of most candidate pairs: no sets built)."""
    return not (a.participants.isdisjoint(b.named) and b.participants.isdisjoint(a.named))


def _each_names_the_others_parties(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Stricter than _named_by_the_other: every participant of each story is named by the
    other. "Prague deports three Afghans ..., two days after Finland's charter" names
    Finland, but the Helsinki march against Finland's flight never names Prague: two
    deportation stories, not one."""
    return a.participants <= b.named and b.participants <= a.named


def _confirmed(a: StoryFeatures, b: StoryFeatures, party: frozenset[str]) -> bool:
    """Whether something beyond names says that two reports that share few words tell one
    happening (asked of reports within CONFIRMED_WITHIN: days apart, the same actors'
    next step is told in the same words): the same figure ("81 deportees", "more than
    300 dead"), or several words of what happened ("deadline", "undocumented",
    "crossing") with a shared participant.
    Two happenings of the same actors a day apart share names, places and titles just
    as much (the envoy Adam Boehler, talks in Doha): names alone never confirm. Where one
    report names a participant and the other none (a border shooting told from the
    province), the words of what happened confirm with a name in common (the province,
    the armed group); where neither names one, it is a running subject (an internet
    blackout, then its end) as often as one happening."""
    if _relief_for_a_disaster(a, b):
        return False  # a donor's relief for a quake shares the quake's words and toll, not its happening
    if figures(a.stems & b.stems):
        return True
    if len(a.acts & b.acts) < SHARED_ACT_WORDS:
        return False
    return bool(party) or _one_side_names_parties(a, b) and bool((a.stems - a.acts) & (b.stems - b.acts))


def same_event(a: StoryFeatures, b: StoryFeatures) -> bool:
    return verdict(a, b) == SAME


def _levels_disagree(a: StoryFeatures, b: StoryFeatures, shared: frozenset[str]) -> bool:
    """A shared participant that one story shows cooperating and the other confronting
    (talks against airstrikes or sanctions); outlets differ on finer steps of the
    ladder (an embassy upgrade is also a ministerial meeting), so those agree."""
    for actor in shared:
        mine, theirs = _tones(a.levels.get(actor)), _tones(b.levels.get(actor))
        if mine and theirs and not (mine & theirs):
            return True
    return False


def _tones(levels) -> set[bool]:
    return {LEVEL_SCORES[level] > 0 for level in levels or ()}
