"""Other senses of the formal steps' words: "accredit" and "recognise" said of something other
than a state's ties with the Taliban. Reporters accredited to a conference, six freight forwarders
accredited by a railway, an accreditation called commercial or renewed; Tehran "recognised 'the
steps taken'" on water, Japan "'recognises' drought's toll". The trigger words alone cannot tell
these from the formal steps; what the word takes for its object can (events.py asks both).
"""
from __future__ import annotations

import re

# Press accredited: "19 foreign journalists had been accredited" (accreditation of reporters, not diplomats)
_PRESS_BEFORE = re.compile(r"\b(?:journalists|reporters|correspondents|media|crews|photographers|bloggers)\s+"
                           r"(?:[\w'’-]+\s+){0,2}?(?:had|have|has|were|was|are|is|be)\s+(?:been\s+|being\s+)?$",
                           re.IGNORECASE)


# The object "accredit" takes, up to the word that ends its noun phrase (group 1: that last word)
_ACCREDITED_OBJECT = re.compile(r"\s+(?!(?:to|for|at|in|after|under|as|who|which|that|from|on|with|of|and|by|last|this|since|"
                                r"earlier|before|until|during|when|while|because|but|or|so|also|only|not|[a-z]+ly)\b)"
                                r"(?:(?:an?|the|its|their|two|three|four|five|six|\d+|more|new|further)\s+)*"
                                r"(?:[\w'’-]+\s+){0,4}?([\w'’-]+)(?=\s*(?:[,.;:()|]|$)|\s+(?:to|for|at|in|after|under|as|who|"
                                r"which|that|from|on|with|of|and|sent|appointed|named|nominated|picked|chosen|put)\b)")
_MISSION_PEOPLE = frozenset("official officer attache attaché consul diplomat envoy ambassador d'affaire d’affaire charge chargé "
                            "counsellor counselor secretarie secretary head deputy representative staff staffer appointee nominee "
                            "delegate emissary personnel member general pair team group him her them".split())
_COMMERCIAL_AFTER = re.compile(r"\s+(?:is|was|were|are)\s+(?:purely\s+|strictly\s+|only\s+|entirely\s+)?(?:commercial|a business)\b",
                               re.IGNORECASE)  # "The accreditation is commercial and covers no Afghan government body"
_RENEWED_BEFORE = re.compile(r"\brenew(?:s|ed|ing)?\s+(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)  # a diplomat in post, not a step
_THE_VERB = ("", "s", "ed", "ing")  # "accredit"'s endings ("accreditation" takes no object)


def press_accredited(found: re.Match, sentence: str) -> bool:
    """Is the accreditation told in the passive of reporters ("19 foreign journalists had been
    accredited"), said to be commercial or renewed, or does "accredit" take an object that is no mission's
    person ("accredits six Afghan freight forwarders", "accredited a testing laboratory")? Press
    passes and trade licences, not a mission's diplomats."""
    if found.group(0)[:8].lower() != "accredit":
        return False
    if (_PRESS_BEFORE.search(sentence, max(0, found.start() - 60), found.start()) is not None
            or _COMMERCIAL_AFTER.match(sentence, found.end()) is not None
            or _RENEWED_BEFORE.search(sentence, max(0, found.start() - 60), found.start()) is not None):
        return True
    accredited = _ACCREDITED_OBJECT.match(sentence, found.end()) if found.group(0)[8:].lower() in _THE_VERB else None
    if accredited is None or accredited.group(1)[:1].isupper():  # no object, or a name
        return False
    return not any(word.lower().split("-")[-1].rstrip("s") in _MISSION_PEOPLE  # "minister-counsellor": a counsellor
                   for word in accredited.group(0).split())


_ACCREDIT_VERB = re.compile(r"\baccredit(?:s|ed|ing)?\b", re.IGNORECASE)
_REFERRED_BACK = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)


def accredits_otherwise(text: str) -> bool:
    """Does the story accredit someone other than a mission's people ("the media ministry has
    accredited a six-member crew ... to cover the hajj")? Then "the accreditation" it goes on
    to tell of is that one (referred_back)."""
    return "ccredit" in text and any(press_accredited(found, text) for found in _ACCREDIT_VERB.finditer(text))


def referred_back(found: re.Match, sentence: str) -> bool:
    """Is the trigger the bare noun "accreditation" referring back ("The accreditation was
    arranged by the Saudi embassy")? Read with accredits_otherwise."""
    return (found.group(0).lower() == "accreditation"
            and _REFERRED_BACK.search(sentence, max(0, found.start() - 6), found.start()) is not None)


# "recognise" as a verb, and the noun phrase it takes for its object (up to the words that end it)
_RECOGNISE_VERB = re.compile(r"recogni[sz](?:e|es|ed|ing)\b", re.IGNORECASE)
_RECOGNISED_OBJECT = re.compile(r"[\'’\"”]?\s+(?!(?:to|for|at|in|after|under|as|who|which|that|from|on|with|of|and|by|last|"
                                r"this|since|earlier|before|until|during|when|while|because|but|or|so|also|only|not|formally|"
                                r"officially|[a-z]+ly)\b)([^,.;:()|]{1,80}?)(?=\s*(?:[,.;:()|]|$)|\s+(?:to|for|at|in|after|"
                                r"under|as|who|which|that|from|on|with|and|but|when|while|since|until|because)\b)")
# Words of an object that is the government or the state (a pronoun stands for one: "recognised them in July")
_POLITICAL = frozenset("taliban government governments administration authorities authority emirate regime rulers leadership "
                       "leaders leader movement group state cabinet caretaker kabul afghanistan interim facto them it him her "
                       "its their".split())
_QUOTED = "'‘’\"“”"


def recognised_something_else(found: re.Match, sentence: str) -> bool:
    """Does "recognise" say something other than recognising the government: set in scare quotes
    ("Japan 'recognises' drought's toll"), or taking an object that names no government, state or
    pronoun ("Tehran recognised the 'steps taken'", "recognises the pressure that returns put on")?
    Not when it takes no object ("became the first to recognise, ...")."""
    verb = _RECOGNISE_VERB.search(found.group(0))
    if verb is None:
        return False
    start, end = found.start() + verb.start(), found.start() + verb.end()
    if start > 0 and sentence[start - 1] in _QUOTED and end < len(sentence) and sentence[end] in _QUOTED:
        return True
    taken = _RECOGNISED_OBJECT.match(sentence, end)
    if taken is None:
        return False
    words = re.findall(r"[^\W_]+", taken.group(1).lower())
    return bool(words) and not any(word in _POLITICAL for word in words)
