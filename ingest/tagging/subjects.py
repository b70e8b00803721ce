"""Who acts in a sentence: the subject of a trigger, the agent of a passive, a list of
actors named together, the Taliban side's guests. Used by sentence.py and events.py;
whom a sentence naming nobody goes on about is carried.py.
"""
from __future__ import annotations

import re

from ingest.tagging.agents import (AGENT_GAP, BY_AGENT, PASSIVE_JUST_BEFORE, RECEIVED, barring_state, blamed, envoys_state,
                                   giver, senders_inside, taliban_side_acts)
from ingest.tagging.clauses import LIST_GAP, RANKED_AFTER, inside, objects_of_an_earlier_verb, origin_spans
from ingest.tagging.hosts import STATE_STEPS
from ingest.tagging.matching import Match
from ingest.taxonomy import COUNTERPART, Trigger

# A passive verb inside a trigger ("the embassy ... was handed over to ..."), or a few words before
# it ("were flown to Kabul under a procedure worked out ..."), for a step's source.
_PASSIVE_VERB_TEXT = r"\b(?:was|were|been|be)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn)\b"
_PASSIVE_IN_TRIGGER = re.compile(_PASSIVE_VERB_TEXT, re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(_PASSIVE_VERB_TEXT + r"(?:\s+[\w'’-]+){0,4}\s+$", re.IGNORECASE)
_INTRODUCTORY = re.compile(r"\s*(?:Despite|After|Before|While|Having|Following|Unlike|Since|Although|Besides|"
                           r"Along with|In addition to|Apart from|Days after|Weeks after|Months after)\b")
_IMMEDIATE_SUBJECT = re.compile(r"\s+(?:(?:had|have|has|will|would|also|then|later|quickly|swiftly)\s+)?",
                                re.IGNORECASE)
# ... or before a Taliban office named by its owner: "Switzerland and the Taliban's ministry of refugees"
_LISTED_OWNER_GAP = re.compile(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?(?:(?:Taliban|Afghan)(?:['’]s)?\s+)?", re.IGNORECASE)
_UNNAMED_PARTIES = re.compile(r"\s*(?:the\s+)?(?:several|other|more|some|many|various|a number of|a dozen|dozens of|\d+)\s+"
                              r"(?:more\s+|other\s+)?(?:governments|countries|states|capitals|nations)\b", re.IGNORECASE)
_GUEST_REACH = 30  # characters after a contact trigger within which its other side is named
# What talks are about ends who takes part ("talks with X on a railway to China"); "on Monday" is their day.
# "a clash since a truce brokered by X": X's past; "met ... after signing a grant with X": X's other act;
# "agreed to meet again before a gathering of SCO officials": a later one.
_TALKS_TOPIC = re.compile(r"\s(?:on(?!\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:January|February|"
                          r"March|April|May|June|July|August|September|October|November|December)\s+\d))|about|over|"
                          r"regarding|concerning|to discuss|discussing|focusing on|for|since|after(?=\s+\w+ing\b)|"
                          r"before(?=\s+(?:a|an|the)\s))\s")
_WITH_JUST_BEFORE = re.compile(r"\bwith\s+$", re.IGNORECASE)  # "built with Indian money"
_POSSESSIVE_END = re.compile(r"['’]s\b|s['’](?=\s)")  # a name's possessive ending ("Britain's", "the Emirates'")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)
# Verbs whose object is what someone else did: "Iran condemned the airstrikes" (anywhere between the
# subject and a hostile act), "Kyiv protests Taliban delegation's visit" (just before any other act).
_CONDEMN_STEMS = r"condemn|denounc|deplor"
_CONDEMNING = re.compile(rf"\b(?:{_CONDEMN_STEMS}|decri|decry|mourn)\w*", re.IGNORECASE)
_PROTESTED_JUST_BEFORE = re.compile(rf"\b(?:{_CONDEMN_STEMS}|protest)\w*\s+(?:[\w'’-]+\s+){{0,4}}$", re.IGNORECASE)


# Who else condemns right before the word: "a move critics decry", "which rights groups condemned".
CRITICS_JUST_BEFORE = re.compile(r"\b(?:critics|opponents|activists|campaigners|(?:human )?rights (?:groups|organi[sz]ations|"
                                  r"activists|advocates|defenders)|advocacy groups|advocates|NGOs|aid groups|refugee groups)"
                                  r"\s+(?:(?:have|has|had|also|quickly|swiftly|strongly|sharply|roundly|widely)\s+)*$", re.IGNORECASE)
_TO_JUST_BEFORE = re.compile(r"\bto (?:the )?$")
_TO_GAP = re.compile(r"\s+to\s+(?:the\s+)?$")
# a mutual act's sides are named before it, or before the subject's next verb ("held talks ... and asked Kabul to ...")
_NEXT_CLAUSE = re.compile(r"[,;]\s+(?:and|but|while|whereas)\s|\s+and\s+(?:also\s+)?(?:asked|urged|called|pressed|told|"
                          r"demanded|raised|warned)\b")
_PRESENTED_TO = re.compile(r"\bpresent\w*\b.*\bto\b", re.IGNORECASE)  # credentials presented to a host


def _posted_to(sentence: str, position: int) -> bool:
    """Is the name at `position` where an envoy is posted ("Syria's ambassador to the Taliban
    administration presented ...") or where a mission sits ("India's embassy in Kabul handed
    ..."), not who acts? Only the few words before it are read."""
    return (_TO_JUST_BEFORE.search(sentence, max(0, position - 8), position) is not None
            or _MISSION_IN_JUST_BEFORE.search(sentence, max(0, position - 40), position) is not None)


# "India's embassy in Kabul handed ...": where the mission sits, not the Taliban acting
_MISSION_IN_JUST_BEFORE = re.compile(r"\b(?:embassy|consulate|mission|office|ambassador|envoy|charg[eé] d'affaires)"
                                     r"\s+in\s+(?:the\s+)?$", re.IGNORECASE)

# The one told, whom a pronoun after it does not name: "Chad tells General Assembly it now recognises ..." (blind114)
_TOLD_BEFORE = re.compile(r"\b(?:tells?|told|telling|assures?|assured|informs?|informed)\s+(?:the\s+)?$", re.IGNORECASE)
_PRONOUN_AFTER = re.compile(r"(?:\s+(?:on\s+\w+day|that))*\s+(?:it|they)\b")


def _told_it(match: Match, offset: int, sentence: str) -> bool:
    """Is `match` the one told something about itself by another ("tells General Assembly it ...")?"""
    return (_TOLD_BEFORE.search(sentence, max(0, match.start - offset - 30), match.start - offset) is not None
            and _PRONOUN_AFTER.match(sentence, match.end - offset) is not None)


def acting_actors(trigger: Trigger, found: re.Match, offset: int, foreign: list[Match], counterpart: list[Match],
                   sentence: str) -> list[str]:
    """Who performs the act a trigger names: everyone in its clause for mutual acts,
    else its subject: the foreign actor just before the trigger (with any actors listed
    with it: "Germany, Canada and the Netherlands said..."), the agent after "by",
    "from" or "with" in the passive, or the actor opening the main clause after an
    introductory one ("Despite accepting an ambassador, Beijing...")."""
    if trigger.mode == "mutual":
        if _UNNAMED_PARTIES.match(sentence, found.end()):
            return []  # "talks with several more governments were under way": none of those named
        topic = _TALKS_TOPIC.search(sentence, found.end())
        reach = offset + topic.start() if topic else offset + len(sentence)
        joined = _NEXT_CLAUSE.search(sentence, found.end())
        if joined is not None:  # "... exchanged fire, officials said, and within hours ... a call set up by Qatar"
            reach = min(reach, offset + joined.start())
        origins = origin_spans(sentence)
        contact = trigger.level == "high_level_contact"  # "X signs a grant, meets Y": not the grant's channel
        objects = objects_of_an_earlier_verb(found, offset, foreign, sentence) if contact else []
        # "talks with X on a railway to China": not China; "Afghans returning from Iran": not Iran
        return sorted({m.target for m in foreign if m.start < reach and m not in objects
                       and not any(low <= m.start - offset < high for low, high in origins)
                       and not _ENVOY_POSTED_BEFORE.search(sentence, max(0, m.start - offset - 40), m.start - offset)})
    speaker = _speaker_of_participle(found, foreign + counterpart, offset, sentence)
    if speaker is not None:  # "..., the Taliban's defence ministry said, condemning ...": the speaker's act
        return [] if speaker.target == COUNTERPART else [speaker.target]
    start, end = offset + found.start(), offset + found.end()
    origins = origin_spans(sentence)  # "for families expelled from Iran": where they come from does nothing
    if origins:
        foreign = [m for m in foreign if not inside(origins, m.start - offset)]
    if trigger.level == "humanitarian":
        funders = {m.target for m in foreign if start <= m.start and m.end <= end
                   and _WITH_JUST_BEFORE.search(sentence, found.start(), m.start - offset)}
        if funders:
            return sorted(funders)  # "a ward built with Indian money": the money's owner gives it
    if trigger.level == "humanitarian" and RECEIVED.match(found.group(0)):
        return giver(found, foreign, offset, sentence)  # "the governor received Kazakh aid": Kazakhstan gives
    if trigger.level == "ambassadors":
        senders = {m.target for m in foreign if start <= m.start and m.end <= end
                   and _POSSESSIVE_END.search(sentence, m.end - offset - 2, m.end - offset + 3)}
        if senders:
            return sorted(senders)  # "a decree naming X as Kyrgyzstan's ambassador to Afghanistan": Kyrgyzstan names him
    before = [m for m in foreign if m.end <= start and not _told_it(m, offset, sentence)]  # "X tells the Assembly it ...": X
    after = [m for m in foreign if m.start >= end]
    if not before and (senders := senders_inside(trigger, found, [m for m in foreign if start <= m.start and m.end <= end],
                                                 offset, sentence)):
        return senders  # "Water officials from Uzbekistan and the Taliban administration agreed"
    agent = _agent_named_next(found, after, offset, sentence)
    if agent is None and not before and (barred := barring_state(trigger, found, after, offset, sentence)):
        return [barred]
    passive_before = PASSIVE_JUST_BEFORE.search(sentence, max(0, found.start() - 60), found.start())  # "was (swiftly) deported"
    passive_inside = _PASSIVE_IN_TRIGGER.search(found.group(0))  # "... has been cleared"
    if agent is None and not before:
        agent = _agent_of_the_clause(found, after, offset, sentence, bool(passive_before or passive_inside))
    passive = passive_before or BY_AGENT.match(sentence, found.end())
    if agent is not None and (passive or not before):
        return _listed_after(agent, after, sentence, offset)  # "mediated by Qatar and Turkey": both
    if trigger.level == "hostile" and passive_before and before:
        author = blamed(found, after, offset, sentence)  # "a Kyrgyz trader was shot dead by gunmen": the victim's
        return [author.target] if author is not None else []  # state did no violence
    if taliban_side_acts(trigger, found, counterpart, offset, sentence):
        return []  # "Pakistan's ambassador was summoned by the Taliban's foreign ministry": Kabul's protest
    if trigger.level == "pressure" and _OBLIGED.search(sentence, max(0, found.start() - 14), found.start()):
        speaker = _speaker(found, after, offset, sentence)
        if speaker is not None:
            return [speaker.target]  # "The Taliban must give Bagram back, Pete Hegseth said": his demand
    if before:
        subject = _follower(before, sentence, offset, found.start())
        between = [c for c in counterpart if subject.end <= c.start < start]
        if (trigger.level == "hostile" and between
                and not _POSSESSIVE_BEFORE.search(sentence, between[-1].end - offset, found.start())):
            return []  # "...guards after gunmen from Afghanistan fired on them": not their act
        if trigger.level == "hostile" and _CONDEMNING.search(sentence, subject.end - offset, found.start()):
            return []  # "Iran condemned the airstrikes": whoever condemns a strike did not carry it out
        if trigger.level != "pressure" and _PROTESTED_JUST_BEFORE.search(sentence, subject.end - offset, found.start()):
            return []  # "Kyiv protests Taliban delegation's visit": the visit is what it protests
        if not passive and any(subject.end <= c.start and _IMMEDIATE_SUBJECT.fullmatch(sentence[c.end - offset:found.start()])
                               and not _LISTED_OWNER_GAP.fullmatch(sentence[subject.end - offset:c.start - offset])
                               and not _posted_to(sentence, c.start - offset)
                               for c in counterpart):
            return []  # "..., and Taliban officials welcomed it": the Taliban act here ("Pakistan and the Taliban agreed": both)
        return _listed_with(subject, before, sentence, offset)
    guests = _received_by_the_taliban(trigger, start, end, [m for m in foreign if m.start > start], counterpart,
                                      _PRESENTED_TO.search(sentence, found.start(), found.end() + 40) is not None)
    if guests:
        return _listed_after(guests[0], guests, sentence, offset)
    told_passive = (passive or passive_inside  # (it holds told_in_passive's "has been agreed")
                    or _PASSIVE_BEFORE.search(sentence, max(0, found.start() - 60), found.start())
                    or found.group(0).startswith(("passed ", "passes "))  # "Control of the embassy passed to ..."
                    or _UNNAMED_MINISTRY_JUST_BEFORE.search(sentence, max(0, found.start() - 40), found.start()))
    source = _announcing_state(trigger, found, after, offset, sentence) if told_passive else None
    if source is not None:
        return [source.target]
    receiving = _receiving_state(trigger, found, foreign, offset, sentence)
    if receiving is not None:
        return [receiving.target]
    if trigger.level == "hostile":
        author = blamed(found, after, offset, sentence)
        if author is not None:
            return [author.target]
    if not _INTRODUCTORY.match(sentence):
        return []
    comma = sentence.find(",", found.end())
    following = [m for m in after if m.start > offset + comma] if comma >= 0 else []
    if following and following[0].start - (offset + comma) < 12:
        return [following[0].target]
    return []


def _agent_named_next(found: re.Match, after: list[Match], offset: int, sentence: str) -> Match | None:
    """The actor named right after the trigger that performs it: after "by" ("was received
    by Georgia's minister"), or after the preposition some triggers end on: "was summoned to
    Uzbekistan's foreign ministry" (the summoning state), "was received at Norway's foreign
    ministry" (the host), "a drone launched from Pakistan" (whence it came), "pumps paid for by
    Japan" (a trigger that ends on "by")."""
    if not after:
        return None
    gap_end, said = after[0].start - offset, found.group(0).lower()
    if (AGENT_GAP.match(sentence[found.end():gap_end])
            or said[:6] == "summon" and _TO_GAP.match(sentence, found.end(), gap_end)
            or said.endswith("received") and _AT_GAP.fullmatch(sentence, found.end(), gap_end)
            or said.endswith((" from", " by")) and _THE_GAP.fullmatch(sentence, found.end(), gap_end)):
        return after[0]
    return None


# An attribution that closes a clause ("..., the ministry said,"): what follows is the
# speaker's ("condemning ..."), and is not dated by the clause before it (events.py).
SAID_COMMA = re.compile(r"\b(?:said|says|stated|announced|told \w+)(?: on \w+day)?,\s*", re.IGNORECASE)


def _speaker_of_participle(found: re.Match, named: list[Match], offset: int, sentence: str) -> Match | None:
    """The speaker of the attribution the trigger follows ("..., the Taliban's defence ministry
    said, condemning a violation of Afghan airspace"): the last actor named in that
    attribution, after the clause's last comma. The act is the speaker's, whoever the
    sentence's first half names."""
    said = next((m for m in SAID_COMMA.finditer(sentence, max(0, found.start() - 30), found.start())
                 if m.end() == found.start()), None)
    if said is None:
        return None
    clause_start = sentence.rfind(",", 0, said.start()) + 1
    inside_attribution = [m for m in named if clause_start <= m.start - offset < said.start()]
    return max(inside_attribution, key=lambda m: m.start) if inside_attribution else None


_SAID_AFTER = re.compile(r"[^,;.]{0,60}?\b(?:said|says|announced|confirmed|stated|told)\b")


def _announcing_state(trigger: Trigger, found: re.Match, after: list[Match], offset: int, sentence: str) -> Match | None:
    """The state whose own source announces a formal or technical step reported in the
    passive with no agent: the first actor after the clause's comma, in the attribution
    that closes the sentence. Not for contact, aid, pressure or violence, whose victim or
    witness reports them as often as their author, but for sanctions, bans and measures
    held until Kabul acts, and for a grant announced in the passive."""
    if trigger.level in STATE_STEPS or (trigger.level == "pressure" and (
            _LISTING.search(found.group(0)) or _UNTIL_KABUL_ACTS.match(sentence, found.end()))) or (
            trigger.level == "humanitarian" and _GIFT_ANNOUNCED.search(found.group(0))):
        return _speaker(found, after, offset, sentence)
    return None


# A grant "was announced" by its donor: the recipient would say it received it.
_GIFT_ANNOUNCED = re.compile(r"\b(?:announced|pledged|approved|allocated)$", re.IGNORECASE)


# Sanctions and bans only the state imposing them announces ("... were placed under sanctions,
# Foreign Minister Penny Wong said"), as it does its refusal of a Taliban request ("A Taliban
# request to take over the embassy has been turned down, Wong told a hearing"): a victim
# names who sanctioned or refused it ("a diplomat the Taliban named will not be accepted, the ministry said").
_LISTING = re.compile(r"sanction|travel ban|designat|blacklist|days to|expel|withdr|persona non grata|"
                      r"not be (?:accepted|accredited|admitted|received)|"
                      r"(?:request|bid|application|nomination)s? .*(?:turned down|rejected|refused|declined)", re.IGNORECASE)
# A measure held "until the Taliban act" is the announcing state's own lever.
_UNTIL_KABUL_ACTS = re.compile(r"[^.;]{0,80}?\buntil (?:the Taliban|Kabul)\b")


_AT_GAP = re.compile(r"\s+at\s+(?:the\s+)?")
_THE_GAP = re.compile(r"\s+(?:the\s+)?")


# "... after the Foreign Office accepted the accreditation ..., a British government source said":
# a ministry named without its state takes the step; the closing attribution names the state.
_UNNAMED_MINISTRY_JUST_BEFORE = re.compile(r"\b(?:the|its)\s+(?:foreign|interior|home)\s+(?:ministry|office)\s+"
                                           r"(?:has\s+|had\s+)?(?:\w+ed\s+(?:the\s+|his\s+|her\s+|their\s+)?)?$", re.IGNORECASE)


_OBLIGED = re.compile(r"\b(?:must|should)\s+$", re.IGNORECASE)


def _speaker(found: re.Match, after: list[Match], offset: int, sentence: str) -> Match | None:
    """The actor of the attribution that closes the sentence ("..., Belgium's ministry said"):
    the first actor after the clause's last comma, with "said" or the like after it."""
    for match in after:
        between = sentence[found.end():match.start - offset]
        if ";" in between:
            return None
        comma = between.rfind(",")
        if comma >= 0 and len(between) - comma <= 40 and _SAID_AFTER.match(sentence, match.end - offset):
            return match
    return None


def _receiving_state(trigger: Trigger, found: re.Match, foreign: list[Match], offset: int, sentence: str) -> Match | None:
    """The state an envoy is sent to, named inside the step itself ("Letters of credence of the
    first ambassador sent to India ... were accepted by President Droupadi Murmu")."""
    if trigger.level not in ("ambassadors", "accreditation"):
        return None
    return next((m for m in foreign if found.start() <= m.start - offset < found.end() and _posted_to(sentence, m.start - offset)),
                None)


# "Humanitarian funding of 161 million euros ... was announced by the European Commission":
# the verb of a clause that opens with the act names who did it, however far on.
_CLAUSE_PASSIVE = re.compile(r"\b(?:was|were|has been|have been|had been|is|are|being)\s+(?:\w+ly\s+)?"
                             r"(?:\w+(?:ed|en|t)|held|made|paid)(?:\s+\w+){0,7}?\s+by\s+(?:(?:the\s+)?(?-i:[A-Z][\w.'’-]*\s+){0,2}"
                             r"|(?:the\s+)?(?-i:[a-z]+)\s+(?:at|of|from)\s+(?:the\s+)?(?-i:[A-Z][\w.'’-]*\s+){0,2})$",
                             re.IGNORECASE)  # "was signed by President Ilham Aliyev", "requested by prosecutors at the ICC"


def _agent_of_the_clause(found: re.Match, after: list[Match], offset: int, sentence: str,
                         passive: bool = False) -> Match | None:
    """The agent of the passive verb of the clause a trigger opens, when no actor precedes
    it: the first actor after "was announced by", with no clause break before it. For a
    trigger in the passive itself, the agent of its clause however far ("have been
    accredited at the embassy in Baku and issued cards by Azerbaijan's foreign ministry")."""
    for match in after:
        between = sentence[found.end():match.start - offset]
        if ";" in between or " which " in between or " who " in between:
            return None
        if _CLAUSE_PASSIVE.search(between):
            return match
        if passive and "," not in between and _BY_NAME_END.search(between) and not _SUBORDINATE.search(between):
            return match  # no clause of another verb between ("under a plan agreed by ...", "after mediation by")
    return None


_SUBORDINATE = re.compile(r"\b(?:under|after|before|following|when|while|as|because|since|until|unless|if|that)\b",
                          re.IGNORECASE)
# "by X", or the sender of a note ("was conveyed to Kabul in a note verbale from Cameroon's ministry")
_BY_NAME_END = re.compile(r"\s(?:by|(?:note|letter|message|verbale|cable|decree) from)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,2}$")


def _received_by_the_taliban(trigger: Trigger, start: int, end: int, after: list[Match],
                             counterpart: list[Match], presented: bool = False) -> list[Match]:
    # `after`: the foreign actors named from the trigger on; the first opens the result.
    """When the Taliban side hosts, receives or visits ("Baradar received a Kazakh trade
    delegation", "Muttaqi visited Moscow"), the country named right after the act is the
    one engaged with it: a contact has two sides. So is the one a Taliban envoy `presented`
    his credentials to ("... presented his credentials to President Ilham Aliyev"), with or
    without the Taliban side named before (the envoy is Kabul's: "... as Afghanistan's
    ambassador to President Zardari", hence the longer reach)."""
    if not after or not (presented or any(c.start < start for c in counterpart)):  # ("a Taliban delegation visited")
        return []
    if trigger.level != "high_level_contact" and not presented:
        return []
    reach = _GUEST_REACH * 2 if presented else _GUEST_REACH
    return after if after[0].start <= end + reach else []


def _listed_after(first: Match, after: list[Match], sentence: str, offset: int) -> list[str]:
    actors, current = [first.target], first
    for candidate in after[after.index(first) + 1:]:
        if not LIST_GAP.fullmatch(sentence[current.end - offset:candidate.start - offset]):
            break
        actors.append(candidate.target)
        current = candidate
    return sorted(set(actors))


def _follower(before: list[Match], sentence: str, offset: int, trigger_start: int) -> Match:
    """The subject of an act among the actors before it: the last one, unless the headline's
    subject does both acts, the last is where an envoy serves, or the step is ranked after
    another state's. (A state "followed in recognising" never gets here: agents.followed_in.)"""
    subject = before[-1]
    if (len(before) > 1 and _OPENS_SENTENCE.fullmatch(sentence, 0, before[0].start - offset)
            and _NEXT_VERB_GAP.fullmatch(sentence, subject.end - offset, trigger_start)):
        return before[0]  # "France funds UNICEF work in Herat, condemns ...": the headline's subject does both
    if len(before) > 1 and envoys_state(subject, before, sentence, offset) is before[-2]:
        return before[-2]  # "The Netherlands' ambassador to the Human Rights Council condemned": the Netherlands
    if len(before) > 1 and _GROUP_OWNED.match(sentence, subject.end - offset):
        return before[-2]  # "Kyrgyzstan became the first of Russia's partners to recognise": not Russia
    if (len(before) > 1 and _RANKED_AFTER.search(sentence, before[-2].end - offset, subject.start - offset)
            and _TO_STEP_GAP.fullmatch(sentence, subject.end - offset, trigger_start)):
        return before[-2]  # "China becomes the largest state after Russia to extend recognition": not Russia
    return subject


_GROUP_OWNED = re.compile(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}?(?:partners|allies|neighbou?rs|members|friends)\b", re.IGNORECASE)
_RANKED_AFTER = re.compile(RANKED_AFTER + r"(?:the\s+)?$", re.IGNORECASE)
_TO_STEP_GAP = re.compile(r"\s+to\s+(?:[\w'’-]+\s+){0,2}", re.IGNORECASE)


_OPENS_SENTENCE = re.compile(r"(?:[^-–—:()]{0,50}(?:\([^)]{0,40}\))?\s*[-–—:]\s+)?\W*(?:the\s+)?",
                             re.IGNORECASE)  # a dateline may stand before it: "DUBLIN, Jan 27 (Reuters) - Ireland"
# An object's phrase ending at a comma before the next verb of the same subject ("..., condemns").
_NEXT_VERB_GAP = re.compile(r"[^,;:()]*,\s+(?:also\s+)?"
                            r"|(?:(?!\b(?:which|who|whose|while|whereas|but|after|before|when)\b)[^;:()])*?"
                            r"(?:\s+and|\bstatement (?:that|which))\s+(?:also\s+)?",
                            re.IGNORECASE)  # "... to WFP's work, the ministry said, and condemned ..."
# "met by Italy's ambassador to Qatar": where an envoy is posted takes no part in the meeting
# "Syria's ambassador to the Taliban", "Germany's special envoy for Afghanistan and Pakistan":
# where the envoy is posted, or the envoy's brief, not who acts.
_ENVOY_POSTED_BEFORE = re.compile(r"\b(?:ambassador|envoy|representative|delegate)\s+(?:to|for)\s+(?:the\s+)?"
                                  r"(?:Afghanistan(?:,\s*|\s+and\s+))?$", re.IGNORECASE)


def _listed_with(subject: Match, before: list[Match], sentence: str, offset: int) -> list[str]:
    actors = [subject.target]
    current = subject
    for candidate in reversed(before[:before.index(subject)]):  # the subject need not be the last ("X and Y joined Z in ...")
        gap = sentence[candidate.end - offset:current.start - offset]
        if not LIST_GAP.fullmatch(gap):
            break
        actors.append(candidate.target)
        current = candidate
    return sorted(set(actors))
