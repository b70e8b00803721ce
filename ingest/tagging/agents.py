"""Whose act a passive tells: the agent after "by" ("was summoned by the Taliban's foreign
ministry"), whether a pressure or hostile act is the Taliban side's own, which no
foreign actor in the sentence may be given, the state a passive ban keeps people out of,
the givers of aid someone received and the state a strike is blamed on; for sentence.py, a
passive's agent that is people, not a state, and the state a subject follows "in recognising";
and, for events.py, the states a mediation went between, credentials that are another
state's business, acts two other states take with each other, partners or doers left
unnamed ("with several countries", "countries that have recognised") and reporters
accredited. Used by subjects.py, sentence.py and events.py.
"""
from __future__ import annotations

import re

from ingest.tagging.clauses import LIST_GAP
from ingest.tagging.dates import ATTRIBUTED
from ingest.tagging.matching import Match
from ingest.taxonomy import Trigger

AGENT_GAP = re.compile(r"^\W*(?:(?:\w+\W+){0,3}?by\W+(?:\w+\W+){0,5}|\s+on\s+the\s+orders?\s+of\s+(?:the\s+)?"
                       r"|\s+(?:from|with)\s+(?:the\s+|an?\s+)?"
                       r"(?:(?:government|governments|people) of\s+(?:the\s+)?)?|\s+between\s+(?:\w+\W+){0,3})$",
                       re.IGNORECASE)  # "... settled between engineers of X and ...": X is a party
PASSIVE_JUST_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
BY_AGENT = re.compile(r"[\"'”’]?\s+by\s")  # (a closing quote may come first: 'over "cross-border shelling" by ...')


def taliban_side_acts(trigger: Trigger, found: re.Match, counterpart: list[Match], offset: int, sentence: str) -> bool:
    """Is a pressure or hostile act the Taliban side's, in the passive it is the agent of
    ("Iran's envoy was summoned by the Taliban's foreign ministry and handed a protest note")?"""
    if trigger.level not in ("pressure", "hostile"):
        return False
    passive = (PASSIVE_JUST_BEFORE.search(sentence, max(0, found.start() - 60), found.start())
               or BY_AGENT.match(sentence, found.end()))
    return bool((passive and _taliban_agent(found, counterpart, offset, sentence))
                or _after_taliban_passive(found, counterpart, offset, sentence)
                or _participle_of_taliban_subject(found, counterpart, offset, sentence))


# ", condemning the attack": a participle after a comma, whose subject is the sentence's
_PARTICIPLE_AFTER_COMMA = re.compile(r",\s*$")
_SUBJECT_REACH = 40  # a subject opens its sentence: within this many characters of its start


def _participle_of_taliban_subject(found: re.Match, counterpart: list[Match], offset: int, sentence: str) -> bool:
    """Does a participle after a comma go on a sentence the Taliban side opens ("Afghanistan's
    foreign office summoned Pakistan's envoy to deliver a protest, condemning the attack")?
    Its act is theirs, not that of the state named last before it."""
    if not found.group(0).lower().endswith("ing") or not _PARTICIPLE_AFTER_COMMA.search(
            sentence, max(0, found.start() - 3), found.start()):
        return False
    if ATTRIBUTED.search(sentence, 0, found.start()):
        return False  # "..., the U.N. rapporteur told the council, condemning ...": the speaker's
    return any(0 <= c.start - offset < _SUBJECT_REACH for c in counterpart)


def _taliban_agent(found: re.Match, counterpart: list[Match], offset: int, sentence: str) -> bool:
    """Is the Taliban side the agent after "by" ("was summoned by the Taliban's foreign ministry")?"""
    following = [c for c in counterpart if c.start - offset >= found.end()]
    return bool(following) and BY_AGENT.match(sentence, found.end()) is not None and bool(
        AGENT_GAP.match(sentence[found.end():following[0].start - offset]))


def _after_taliban_passive(found: re.Match, counterpart: list[Match], offset: int, sentence: str) -> bool:
    """Does the trigger go on a passive the Taliban side is the agent of ("was summoned by the
    Taliban's foreign ministry on Friday and handed a protest note")?"""
    joined = _AND_JUST_BEFORE.search(sentence, max(0, found.start() - 40), found.start())
    return joined is not None and any(_taliban_agent(verb, counterpart, offset, sentence)
                                      for verb in _PASSIVE_VERB.finditer(sentence, 0, joined.start()))


_AND_JUST_BEFORE = re.compile(r"\band (?:was |were )?(?:\w+ed |given |told )?(?:\w+ )?$", re.IGNORECASE)
_PASSIVE_VERB = re.compile(r"\b(?:was|were)\s+\w+ed\b", re.IGNORECASE)


# "... were barred from entering Australia": the state kept out keeps them out
_FROM_ENTERING = re.compile(r"\b(?:from|of)\s+(?:entering|entry\s+(?:in)?to|travell?ing\s+to|visiting)\s+(?:the\s+)?$",
                            re.IGNORECASE)


def barring_state(trigger: Trigger, found: re.Match, after: list[Match], offset: int, sentence: str) -> str | None:
    """The state a passive ban keeps people out of, named right after the ban ("six
    Taliban officials will be barred from entering the United States"): it bars them."""
    if trigger.level != "pressure":
        return None
    for match in after:
        position = match.start - offset
        if position - found.end() > 40:
            return None
        if _FROM_ENTERING.search(sentence, max(0, position - 30), position):
            return match.target
    return None


RECEIVED = re.compile(r"(?:receiv|took delivery|takes delivery|taking delivery)", re.IGNORECASE)
# what stands between a receipt and its giver: "received Kazakh aid", "took delivery of 42 tonnes of relief from Kazakhstan"
_GIFT_THEN_GIVER = re.compile(r"\s+(?:(?:[\w'’-]+\s+){0,8}?from\s+(?:the\s+)?(?:government\s+of\s+)?|(?:[\w'’-]+\s+){0,2})$",
                              re.IGNORECASE)


def giver(found: re.Match, foreign: list[Match], offset: int, sentence: str) -> list[str]:
    """The foreign actors aid received comes from: named right after the receipt ("Kazakh
    aid") or after "from" in its clause, with those listed with the first ("from Azerbaijan,
    Iran and Qatar"); none when the clause names no giver."""
    for index, match in enumerate(foreign):
        position = match.start - offset
        if position >= found.end() and _GIFT_THEN_GIVER.fullmatch(sentence, found.end(), position):
            givers, end = {match.target}, match.end - offset
            for listed in foreign[index + 1:]:
                if not LIST_GAP.fullmatch(sentence, end, listed.start - offset):
                    break
                givers.add(listed.target)
                end = listed.end - offset
            return sorted(givers)
    return []


# The attribution that names a strike's author: "..., a Taliban spokesman said, blaming Pakistan's military"
# (not "the Taliban condemned the strike and blamed X": their charge, not the report's).
_BLAMING = re.compile(r"\b(?:said|says|reported|told \w+)(?: on \w+day)?,?\s+(?:blaming|accusing)\s+(?:the\s+)?$", re.IGNORECASE)


def blamed(found: re.Match, after: list[Match], offset: int, sentence: str) -> Match | None:
    """Who a strike with no named author is blamed on by whoever reports it ("six were killed
    when drones struck two houses, a Taliban spokesman said, blaming Pakistan's military")."""
    for match in after:
        if ";" in sentence[found.end():match.start - offset]:
            return None
        if _BLAMING.search(sentence, max(found.end(), match.start - offset - 45), match.start - offset):
            return match
    return None


# "Water officials from Uzbekistan and the Taliban met": the officials' state, named inside the trigger
_FROM_JUST_BEFORE = re.compile(r"\b(?:from|of)\s+(?:the\s+)?$", re.IGNORECASE)
_WORKING_LEVELS = ("technical", "high_level_contact")
_LISTED_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", re.IGNORECASE)


def senders_inside(trigger: Trigger, found: re.Match, inside: list[Match], offset: int, sentence: str) -> list[str]:
    """The states whose people a working-level trigger names ("water officials from Uzbekistan
    and the Taliban agreed"): named inside the trigger after "from" or "of", or listed with
    such a state ("customs officials from Azerbaijan and Georgia agreed"), they act."""
    if trigger.level not in _WORKING_LEVELS:
        return []
    senders, previous = set(), None
    for match in sorted(inside, key=lambda m: m.start):
        if (_FROM_JUST_BEFORE.search(sentence, max(0, match.start - offset - 12), match.start - offset)
                or (previous is not None and _LISTED_NEXT.fullmatch(sentence, previous.end - offset, match.start - offset))):
            senders.add(match.target)
            previous = match
    return sorted(senders)


# "mediation between Washington and Kabul": the parties the mediator went between.
_BETWEEN_PARTIES = re.compile(r"\s+between\s+([^,;.]{1,60}?)\s+and\s+((?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)", re.IGNORECASE)
_MEDIATING = ("mediat", "brokered", "brokering", "facilitat")


def mediated_parties(found: re.Match, foreign: list[Match], counterpart: list[Match], offset: int,
                     sentence: str) -> list[str]:
    """The foreign states a mediation went between with the Taliban side ("months of mediation
    between Washington and Kabul"): a party to talks someone mediates is in contact with Kabul."""
    if not found.group(0).lower().startswith(_MEDIATING):
        return []
    between = _BETWEEN_PARTIES.match(sentence, found.end())
    if between is None:
        return []
    low, high = offset + between.start(1), offset + between.end(2)
    if not any(low <= c.start < high for c in counterpart):
        return []
    return sorted({m.target for m in foreign if low <= m.start < high})


# "Qatar's new ambassador to Tajikistan presented his letters of credence": an envoy posted elsewhere
_AMBASSADOR_ELSEWHERE = re.compile(r"\b(?:ambassador|envoy)\s+(?:to|in)\s+(?!(?:the\s+)?(?:Afghanistan|Kabul|Taliban)\b)(?:the\s+)?[A-Z]")
# The envoy's own side: the Taliban's, or "Afghanistan's" (no Taliban-side name of itself, so words here)
_AFGHAN_OWNER = re.compile(r"\b(?:Taliban|Afghan|Afghanistan|Kabul|Islamic Emirate)\w*", re.IGNORECASE)
# Credentials handed to the Taliban side, in Kabul, or as an envoy to Afghanistan, right after the act
_TO_THE_TALIBAN_SIDE = re.compile(r"(?:\s+as\s+(?:a\s+)?(?:non-resident\s+)?(?:ambassador|envoy)\s+to\s+(?:Afghanistan|Kabul)\b)?"
                                  r"(?:\s+to\s+(?:the\s+)?(?:Taliban|Islamic Emirate|Afghan)\w*(?:['’]s)?\s|[^.;]{0,100}?\bin\s+Kabul\b)")
_TO_JUST_AFTER = re.compile(r"\s+to\s+(?:the\s+)?$")
_OF_AN_ENVOY_GAP = re.compile(r"\s+of\s+(?:the\s+|a\s+)?(?:new\s+)?")
_ENVOY_NEXT = re.compile(r"(?:['’]s)?\s+(?:new\s+)?(?:envoy|ambassador|ambassador-designate)\b")
_TO_A_HEAD_OF_STATE = re.compile(r"\s+to\s+(?:the\s+)?(?:[A-Z][\w.'’-]+\s+)?(?:President|King|Queen|Emir|Sultan"
                                 r"|Governor-General|Grand Duke)\b(?!\s+of\s+(?:the\s+)?(?:Taliban|Islamic Emirate))")
_IN_A_CAPITAL = re.compile(r"(?:\s+[\w'’-]+){0,2}?\s+in\s+(?!(?:the\s+)?(?:Kabul|Afghan))[A-Z]")


_A_STATES_ENVOY_TO_KABUL = re.compile(r"['’]s\s+(?:(?:former|outgoing|previous|last|new)\s+)?(?:Kabul|Afghanistan)$")
_TO_A_NAME = re.compile(r"\s+to\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")  # "hands credentials to Xi"
_IN_KABUL = re.compile(r"\s+in\s+(?:Kabul|Afghanistan)\b")


def credentials_elsewhere(found: re.Match, actors: list[str], foreign: list[Match], offset: int, sentence: str,
                          counterpart: list[Match] = ()) -> bool:
    """Are the credentials another state's business: presented by an ambassador posted to a
    third country ("the new U.S. ambassador to Qatar presented his credentials"), to the
    head of a state that is not the one acting ("hands credentials to Rahmon"; to anyone named
    who is not of the Taliban side, "to Xi"), those of
    another state's envoy ("receives credentials of UK envoy"), or presented by an envoy
    not the Taliban's to a president, king or emir or in a capital not Kabul? Only the
    Taliban side's envoys and the envoys received in Kabul make the ambassadors step."""
    said = found.group(0).lower()
    if "credence" not in said and "credentials" not in said:
        return "ambassador" in said and _to_another_state(found, actors, foreign, offset, sentence, right_after=True)
    if _posted_elsewhere(found, sentence) or _to_another_state(found, actors, foreign, offset, sentence):
        return True
    follows = next((m for m in foreign if m.start - offset >= found.end()), None)
    if (follows is not None and follows.target not in actors
            and _OF_AN_ENVOY_GAP.fullmatch(sentence, found.end(), follows.start - offset)
            and _ENVOY_NEXT.match(sentence, follows.end - offset)):
        return True  # "receives credentials of UK envoy": Britain's envoy to the host, not the Taliban's
    clause = sentence.rfind(",", 0, found.start()) + 1
    owner = _AFGHAN_OWNER.search(sentence, clause, found.end())
    if owner and not _A_STATES_ENVOY_TO_KABUL.search(sentence, max(0, owner.start() - 30), owner.end()):
        return False  # the Taliban's own envoy, presenting his papers abroad: the host takes the step
        # (not "Pakistan's former Kabul envoy presents credentials in Dushanbe": Pakistan's, posted on)
    named = _TO_A_NAME.match(sentence, found.end())
    if (named is not None and not _AFGHAN_OWNER.search(named.group(0)) and not _IN_KABUL.match(sentence, named.end())
            and not any(found.end() <= c.start - offset < named.end() for c in counterpart)
            and not any(found.end() <= m.start - offset < named.end() and m.target in actors for m in foreign)):
        return True  # handed to someone named who is no one of the Taliban side ("hands credentials to Xi")
    # "presented his credentials to President Erdogan" (the Taliban have no president, king or emir), or
    # "whose envoys presented credentials in Manama": another state's envoy, not Kabul's
    return bool(_TO_A_HEAD_OF_STATE.match(sentence, found.end()) or _IN_A_CAPITAL.match(sentence, found.end()))


_ENVOY_TO_GAP = re.compile(r"(?:['’]s?)?\s+(?:(?:new|permanent|special|deputy|chief)\s+)*(?:ambassador|envoy|representative|"
                           r"delegate|delegation|mission)\s+to\s+(?:the\s+)?", re.IGNORECASE)


def envoys_state(posted: Match, names: list[Match], sentence: str, offset: int) -> Match:
    """The state whose envoy is posted where `posted` names ("Niger's ambassador to Iran": Niger),
    from `names` (the sentence's, in order); else `posted` itself."""
    earlier = [m for m in names if m.end <= posted.start]
    if earlier and _ENVOY_TO_GAP.fullmatch(sentence, earlier[-1].end - offset, posted.start - offset):
        return earlier[-1]
    return posted


_TALIBAN_ENVOY_TO = re.compile(_AFGHAN_OWNER.pattern + r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?"
                               r"(?:ambassador|envoy|representative)\s+(?:to|in)\s+(?:the\s+)?$", re.IGNORECASE)


def taliban_envoy_posted_to(posted: Match, sentence: str, offset: int) -> bool:
    """Is `posted` where a Taliban envoy serves ("the Taliban's ambassador to Pakistan")?"""
    return _TALIBAN_ENVOY_TO.search(sentence, max(0, posted.start - offset - 60), posted.start - offset) is not None


def _posted_elsewhere(found: re.Match, sentence: str) -> bool:
    """Are the credentials those of an envoy posted to a third country ("the new U.S.
    ambassador to Qatar presented his credentials")? Not the Taliban's own envoy (the host
    takes the step), whose side a KABUL dateline does not tell, nor a non-resident envoy
    who hands them to the Taliban side ("the ambassador in Islamabad presented his
    credentials to the Taliban's prime minister")."""
    if _TO_THE_TALIBAN_SIDE.match(sentence, found.end()):
        return False
    for posted in _AMBASSADOR_ELSEWHERE.finditer(sentence, 0, found.start()):
        told_from = max(posted.start() - 80, sentence.rfind(" - ", 0, posted.start()) + 3, 0)  # not "KABUL, Dec 1 -"
        if not _AFGHAN_OWNER.search(sentence, told_from, posted.start()):
            return True
    return False


def _to_another_state(found: re.Match, actors: list[str], foreign: list[Match], offset: int, sentence: str,
                      right_after: bool = False) -> bool:
    """Is the first state named after "to" past the act one that does not act ("hands
    credentials to Rahmon")? `right_after`: only a name right after the act ("named
    ambassador to Baghdad", not a route named later in the sentence)."""
    to_before = _TO_JUST_AFTER.fullmatch if right_after else _TO_JUST_AFTER.search
    recipient = next((m for m in foreign if m.start - offset >= found.end()
                      and to_before(sentence, found.end(), m.start - offset)), None)
    return recipient is not None and recipient.target not in actors


# The agent of a passive named as people who are no state ("tickets paid for by relatives",
# "a clinic run by volunteers"): a common noun right after "by", no government word.
_PEOPLE_AGENT = re.compile(r"\s+by\s+(?!(?:the\s+)?(?:government|ministry|embassy|authorities|state|agency|country|kingdom"
                           r"|republic|foreign|federal|royal|crown|two|both)\b)(?:(?:the|their|his|her|local|private)\s+)?"
                           r"[a-z][\w'’-]*(?=[\s,.;]|$)(?!\s+(?:of|from)\s)")


def agent_is_people(found: re.Match, sentence: str) -> bool:
    """Does the passive the trigger tells name its agent, and is that agent people who
    are no state ("the tickets were paid for by relatives")? Then no actor of an earlier
    sentence performs it."""
    start = found.end() - 3 if found.group(0).lower().endswith(" by") else found.end()
    return _PEOPLE_AGENT.match(sentence, start) is not None


# "to follow Russia in", "following Sahel neighbours in", "joins Mali in": those named did it before
_FOLLOWED_IN = re.compile(r"\b(?:(?:follow|join)(?:s|ed|ing)?\s+(?:the\s+(?:lead|example)\s+of\s+)?(?:[\w'’.-]+\s+){1,4}?in"
                          r"|follow(?:s|ed|ing)?\s+(?:[\w'’.-]+\s+){1,3}?and)\s+$", re.IGNORECASE)  # "follow Russia and recognise"


def followed_in(found: re.Match, match: Match, offset: int, sentence: str) -> bool:
    """Is the actor one the act's subject follows in doing it ("urged the government to follow
    Russia in recognising the Taliban")? Its own step is an earlier one, not this act."""
    followed = _FOLLOWED_IN.search(sentence, max(0, found.start() - 60), found.start())
    return followed is not None and followed.start() <= match.start - offset < followed.end()


# A pair of other states as an act's parties: "an agreement between Azerbaijan and Armenia to
# exchange ambassadors", "Iran and Egypt's return to ambassador-level ties", "talks between
# Pakistan and India"
_PAIR_GAP = re.compile(r"\s+and\s+(?:the\s+)?")
_PAIR_TO_STEP = re.compile(r"(?:['’]s)?(?:\s+[\w'’-]+){0,6}?\s+")
_THE_PARTIES = re.compile(r"[^,;.]{1,60}?\s+and\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?(?:\s+[A-Z][\w'’-]*)*")  # after "between"
_UNNAMED_GOVERNMENT = re.compile(r"\bthe (?:ministry|government|authorities|administration)\b")  # no name: Kabul's
_RECIPROCAL_STEP = re.compile(r"exchang|swap|ambassador[- ]level|embassies", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;.]|,\s+(?:while|but|as|which|who)\b")


def between_others(found: re.Match, formal: bool, foreign: list[Match], counterpart: list[Match], offset: int,
                   sentence: str) -> bool:
    """Is the act one two other states do with each other: talks or an agreement "between"
    two of them, or a reciprocal formal step (ambassadors exchanged, ties raised to
    ambassador level) with a pair of them joined by "and" right before it as its parties,
    and no Taliban-side name among the parties (for a step: up to its clause's end)?
    Kabul welcoming it, or the pair named in a story about Kabul, makes it no act with Kabul."""
    if found.group(0).lower().endswith("between"):
        parties = _THE_PARTIES.match(sentence, found.end())
        if parties is None:
            return False
        low, high = offset + found.start(), offset + parties.end()
        return (any(low <= m.start < high for m in foreign) and not _UNNAMED_GOVERNMENT.search(parties.group(0))
                and not _AFGHAN_OWNER.search(parties.group(0))
                and not any(low <= c.start < high for c in counterpart))
    if not formal or not _RECIPROCAL_STEP.search(found.group(0)):
        return False
    before = [m for m in foreign if m.end - offset <= found.start()]
    if len(before) < 2:
        return False
    first, second = before[-2], before[-1]
    if first.target == second.target or not _PAIR_GAP.fullmatch(sentence, first.end - offset, second.start - offset):
        return False
    if not _PAIR_TO_STEP.fullmatch(sentence, second.end - offset, found.start()):
        return False
    end = _CLAUSE_END.search(sentence, found.end())
    high = offset + (end.start() if end else len(sentence))
    return not any(first.start <= c.start < high for c in counterpart)


# Partners the sentence leaves unnamed: "talks with several countries in the region"
_UNNAMED_PARTNERS = re.compile(r"\s*(?:several|many|some|various|other|a number of|a few|a dozen|\d+|two|three|four|five"
                               r"|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+)?(?:countries|states|governments|nations|capitals)\b",
                               re.IGNORECASE)


# Doers the sentence leaves unnamed: "citing the number of countries that have recognised his government"
_UNNAMED_DOERS_BEFORE = re.compile(r"\b(?:countries|states|governments|nations|capitals)\s+(?:that|which|who)\s+"
                                   r"(?:(?:have|has|had|already|formally|officially|so far|now)\s+)*$", re.IGNORECASE)


def unnamed_partners(found: re.Match, sentence: str) -> bool:
    """Does the act's "with" name its partners only as a number of countries ("talks are at
    an advanced stage with several countries")? Then no state an earlier sentence named is one."""
    return found.group(0).lower().endswith("with") and _UNNAMED_PARTNERS.match(sentence, found.end()) is not None


def unnamed_doers(found: re.Match, sentence: str) -> bool:
    """Is the act told of countries a relative clause leaves unnamed ("citing the growing
    number of countries that have recognised his government")? No state named around it did it."""
    return _UNNAMED_DOERS_BEFORE.search(sentence, max(0, found.start() - 60), found.start()) is not None
