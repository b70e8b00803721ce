"""Whose act it is when a sentence names no state: the state of the story's dateline
("BERLIN, Feb 10 (Reuters) -") or of the capital a sentence opens on ("In Islamabad, ..."),
when a ministry or an official named without a country speaks or acts there. Used by
events.py when the subject rules (subjects.py) find nobody.
"""
from __future__ import annotations

import bisect
import re

from ingest.tagging.agents import PASSIVE_JUST_BEFORE
from ingest.tagging.clauses import Sentences
from ingest.tagging.matching import Match
from ingest.taxonomy import COUNTERPART, NON_ENGAGING, Trigger

_PASSIVE_INSIDE = re.compile(r"\b(?:has|have|had) been \w+ed\b|\b(?:was|were) (?:\w+ly )?(?:received|accepted|accredited|"
                             r"approved)\b", re.IGNORECASE)  # "credentials of X ... were received by the minister"


def told_in_passive(found: re.Match, sentence: str) -> bool:
    """Is the trigger told in the passive: its auxiliary just before it ("was swiftly
    deported") or inside it ("A procedure ... has been agreed with the Taliban", "an
    officer ... has been cleared to work")?"""
    return (PASSIVE_JUST_BEFORE.search(sentence, max(0, found.start() - 60), found.start()) is not None
            or _PASSIVE_INSIDE.search(found.group(0)) is not None)


# Steps only the host state takes, announced in the passive with the state as the source:
# "A consular officer sent by the Taliban has been accredited ..., Belgium's ministry said".
STATE_STEPS = ("recognition", "ambassadors", "accreditation", "technical")


# A ministry named without its country: "a Foreign Office spokesperson said", "the foreign ministry said".
_UNNAMED_SOURCE = re.compile(r"\b(?:the|a|an)\s+(?:federal\s+)?(?:foreign|interior|home|migration)\s+(?:ministry|office|"
                             r"department)\b(?:\s+(?:spokes\w+|official|statement))?\s+(?:said|says|confirmed|announced|stated)\b",
                             re.IGNORECASE)
# A government or an official acting with no country named: "after the government approved his accreditation",
# "RIYADH (SPA) - Deputy Foreign Minister Waleed Elkhereiji received ...".
_UNNAMED_SUBJECT = re.compile(r"(?:^|[-—–:,;(]\s*|\b(?:after|when|as|and)\s+)(?:the\s+)?(?:(?:Deputy|Acting|First|State)\s+)?"
                              r"(?:(?:Foreign|Prime|Interior|Energy|Trade|Commerce|Economy|Defen[cs]e)\s+)?(?:government|cabinet|"
                              r"(?i:customs|port|border) authorities|"
                              r"(?i:foreign ministry|foreign office)(?:\s+spokes\w+)?|Minister|President|King|Emir|Crown Prince|Secretary)"
                              r"(?:\s+[A-Z][\w'’-]+){0,3}"
                              r"\s+(?:has\s+|have\s+|had\s+|also\s+)?$")
_HOST_VOICE = re.compile(r"\b(?:government|cabinet|ministry|Minister|President|King|Emir|Secretary|office)\b", re.IGNORECASE)


def dateline_host(matches: list[Match], dateline: tuple[int, int]) -> Match | None:
    """The state a story's dateline names ("BERLIN, Feb 10 (Reuters) -"), if any."""
    return next((m for m in matches if m.place and dateline[0] <= m.start < dateline[1]
                 and m.target != COUNTERPART and m.target not in NON_ENGAGING), None)


_SCENE = re.compile(r"\s*In\s+$")


def scene_hosts(matches: list[Match], sentences: Sentences) -> dict[int, Match]:
    """Per sentence that opens on a capital ("In Islamabad, the Foreign Office spokesman
    warned ..."), that capital's state: the scene of what its officials say there."""
    hosts = {}
    for match in matches:
        if match.place and match.target != COUNTERPART and match.target not in NON_ENGAGING:
            index = bisect.bisect_right(sentences.starts, match.start) - 1
            if index not in hosts and _SCENE.fullmatch(sentences.text, sentences.starts[index], match.start):
                hosts[index] = match
    return hosts


def host_announces(sentences: Sentences, foreign_by_sentence: dict[int, list[Match]]) -> set[int]:
    """The sentences naming no state in which a government, a ministry or an official speaks
    or acts: under a dateline, they may be the dateline state's."""
    return {index for index, (start, end) in enumerate(sentences.spans)
            if index not in foreign_by_sentence and _HOST_VOICE.search(sentences.text, start, end)}


def announced_by_host(trigger: Trigger, found: re.Match, sentence: str) -> bool:
    """Is a step the dateline state's, though no state is named with it? A step only a host
    state takes, told in the passive with no agent and announced by a ministry named without
    its country ("A third official sent by the Taliban has been accredited ..., a Foreign
    Office spokesperson said"); or such a step, talks or pressure whose subject is a government,
    a ministry or an official named without a country ("after the government approved his
    accreditation", "the Foreign Office spokesman warned the Taliban")."""
    if trigger.level not in STATE_STEPS and trigger.level not in ("high_level_contact", "pressure"):
        return False
    if _UNNAMED_SUBJECT.search(sentence, max(0, found.start() - 80), found.start()):
        return True
    return (trigger.level in STATE_STEPS and told_in_passive(found, sentence)
            and _UNNAMED_SOURCE.search(sentence, found.end()) is not None and ";" not in sentence[found.end():])
