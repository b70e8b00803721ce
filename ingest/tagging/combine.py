"""How one story's events combine: contact that is only the way another act was done, the
ceremony that is a formal step, talks at working level, and the organisations aid goes through.

events.py finds each trigger's events; these rules look at them together (a sentence's, or
the whole story's)."""
from __future__ import annotations

import re

from ingest.tagging.clauses import Sentences
from ingest.tagging.matching import Match
from ingest.tagging.results import EngagementTag
from ingest.taxonomy import AID_CHANNELS, FORMAL_LEVELS, LEVEL_SCORES

# The way a story's aid goes, in any of its sentences: "The money will be spent through UN agencies".
_AID_ROUTE_BEFORE = re.compile(r"\b(?:through|via|(?:carried out|delivered|distributed|handed out|implemented|run|"
                               r"administered|spent) by|(?:handed|given|passed) (?:over )?to)\s+(?:the\s+)?(?:[\w'’.-]+\s+)?$",
                               re.IGNORECASE)  # "the consignment will be handed to the World Health Organization"
_ARRIVAL = re.compile(r":(?:arrived|flew|travell?ed)\b")  # rule text
_MEETING = re.compile(r":.*\b(?:received|receives|met|meets|meeting|talks|visit|visits|visited|visiting)\b")  # rule text
_PROTEST_NOTE = re.compile(r"protest note|note of protest|d[ée]marche")  # rule text
_TALKS_OR_VISIT = re.compile(r":(?:held|hold|holds|holding)\b.*\btalks\b|:.*\b(?:visit|visits|visited|visiting|host|hosts|hosted|hosting)\b"
                             r"|:(?:later |also )?called on\b")  # rule text ("later called on Deputy Prime Minister ...": a call of its own)


def without_contact_inside_other_acts(tags: list[EngagementTag], envoy_named: bool = False) -> list[EngagementTag]:
    """One sentence's tags without the contact that is only the way another act was done:
    "talks with Taliban officials on deportations" is technical work, credentials accepted
    "at a ceremony" a formal step. An agreement signed is an act of its own (unless signed to
    take the formal step: "signed a protocol to exchange ambassadors"), and so are talks
    held or a visit beside a formal step reported as news; beside a step restated as
    background, any meeting is news of its own ("received by Belousov on Tuesday, the first
    meeting since Russia recognised ..."), but not "already hosts a Taliban ambassador". Aid
    "arrived in Kabul" is the aid, not a visit; a protest note "handed to the Afghan
    ambassador" is the protest, not a meeting.
    `envoy_named`: the sentence names a foreign state's envoy of rank ("South Korea's
    ambassador"); then the technical matter is what they met about ("met ... to discuss
    consular services"), and the meeting is the act."""
    if envoy_named:
        contact = {t.actor for t in tags if t.level == "high_level_contact"}
        tags = [t for t in tags if not (t.level == "technical" and t.actor in contact)]
    formal = {t.actor for t in tags if t.level in FORMAL_LEVELS}
    formal_news = formal - {t.actor for t in tags if t.level in FORMAL_LEVELS and t.background}
    technical = {t.actor for t in tags if t.level == "technical"}
    giving = {t.actor for t in tags if t.level == "humanitarian" and not t.background}
    protesting = {t.actor for t in tags if t.level == "pressure" and _PROTEST_NOTE.search(t.rule)}

    def inside_another(tag: EngagementTag) -> bool:
        if tag.level != "high_level_contact":
            return False
        if tag.rule.startswith("trigger:high_level_contact:sign"):
            # "signed a protocol on Tuesday to exchange ambassadors": the signing is that step
            return tag.actor in formal_news and _signed_for_a_formal_step(tag)
        if tag.actor in giving and _ARRIVAL.search(tag.rule):
            return True  # "containers of medicines shipped by India have arrived in Kabul": the aid arrived
        if tag.actor in protesting and "handed" in tag.rule:
            return True  # "a protest note was handed to the Afghan ambassador": the protest
        if tag.actor in technical or (tag.actor in formal_news and not _TALKS_OR_VISIT.search(tag.rule)):
            return True
        # beside a step restated as background, only a meeting is news of its own ("Yaqoob was received
        # by Belousov on Tuesday, the first meeting since Russia recognised ..."), not "already hosts an envoy"
        return tag.actor in formal and tag.actor not in formal_news and not _MEETING.search(tag.rule)

    return [t for t in tags if not inside_another(t)]


# what a signed text is for, when that is a formal step: "signed a protocol on Tuesday to exchange ambassadors"
_FOR_A_FORMAL_STEP = r"(?: [\w'’-]+){0,3}? to (?:exchange|open|reopen|upgrade|accredit|recogni[sz]e|establish)\b"


def _signed_for_a_formal_step(tag: EngagementTag) -> bool:
    """Is the text the contact tag's rule says was signed there to take a formal step
    ("signed a protocol on Tuesday to exchange ambassadors")? Then the signing is the step."""
    signed = tag.rule.split(":", 2)[2]
    return re.search(re.escape(signed) + _FOR_A_FORMAL_STEP, tag.evidence, re.IGNORECASE) is not None


def as_technical(tag: EngagementTag) -> EngagementTag:
    """Talks or an agreement between officials, experts or specialists, with nobody of
    rank named, are working-level cooperation (LABELLING.md: technical), not contact."""
    return EngagementTag(tag.actor, "technical", LEVEL_SCORES["technical"], tag.evidence,
                         tag.rule.replace("trigger:high_level_contact:", "working-level:technical:", 1), tag.when,
                         tag.background, tag.status_to)


def without_ceremonies_of_other_acts(events) -> list[EngagementTag]:
    """A ceremony is how a formal step is taken ("handed the decision to the ambassador at a
    short ceremony"): where the story reports a formal step as news, the ceremony in another
    sentence is that step, not high-level contact besides, for the actor that took it and
    for the other envoys at the same ceremony. So is a ceremony at which aid is handed over
    ("handing the consignment to the ministry at a ceremony in Herat"): the aid, not talks."""
    events = list(events)
    formal = any(e.level in FORMAL_LEVELS and not e.background for e in events)
    giving = {e.actor for e in events if e.level == "humanitarian" and not e.background}
    if not (formal or giving):
        return events
    return [e for e in events if not (is_ceremony(e) and (formal or (e.actor in giving and _HANDING.search(e.evidence))))]


def without_accreditation_of_an_ambassador(events) -> list[EngagementTag]:
    """An actor's ambassador accepted is one step: the story's word for it elsewhere ("the
    ministry confirmed the accreditation, the first of an ambassador since 2021") is that
    step, not accreditation besides (LABELLING.md: accreditation is of diplomats below one); so is
    "the accreditation" referred back to with no one else's named."""
    events = list(events)
    ambassadors = {e.actor for e in events if e.level == "ambassadors" and not e.background}
    return [e for e in events if not (e.actor in ambassadors and e.level == "accreditation" and not e.background
                                      and (_AMBASSADOR.search(e.evidence) or _THAT_ACCREDITATION.search(e.evidence)))]


_AMBASSADOR = re.compile(r"\bambassador", re.IGNORECASE)
# The step told before, referred back to: "A Maldivian spokeswoman confirmed the accreditation" (blind118)
_THAT_ACCREDITATION = re.compile(r"\b(?:the|his|her|this|that)\s+accreditation\b(?!\s+of\b)", re.IGNORECASE)
_HANDING = re.compile(r"\b(?:hand(?:ed|ing|s)?|deliver\w*|donat\w*|open(?:ed|ing|s)?|inaugurat\w*)\b", re.IGNORECASE)


def is_ceremony(event: EngagementTag) -> bool:
    return event.rule.startswith("trigger:high_level_contact:ceremon")


def aid_routes(events, matches: list[Match], sentences: Sentences) -> list[EngagementTag]:
    """The organisations a story's aid goes through, named in a sentence of their own
    ("Britain will provide £47 million. The money will be spent through UN agencies"):
    they deliver it, so they take part at the humanitarian level too (LABELLING.md)."""
    if not any(e.level == "humanitarian" and not e.background for e in events):
        return []
    routes = []
    for match in matches:
        if (match.target in AID_CHANNELS and not match.place
                and _AID_ROUTE_BEFORE.search(sentences.text, max(0, match.start - 40), match.start)):
            rule = f"route:humanitarian:{sentences.text[match.start:match.end].lower()}"
            routes.append(EngagementTag(match.target, "humanitarian", LEVEL_SCORES["humanitarian"],
                                        sentences.around(match.start), rule))
    return routes
