"""Across a story's sentences: each sentence's actors, and whom a sentence that names nobody
goes on about (the previous subject a pronoun carries, the story's one foreign actor, the
state the next sentence blames). Used by events.py; who acts inside one clause is subjects.py.
"""
from __future__ import annotations

import bisect
import re

from ingest.tagging.clauses import Sentences, inside, origin_spans
from ingest.tagging.cues import Cued
from ingest.tagging.matching import Match
from ingest.taxonomy import COUNTERPART, NON_ENGAGING, ORGANISATION_IDS

# "It also pledged 12 million francs to the ICRC"; "The ministry also announced 5 million francs for ..."
_OPENING_PRONOUN = re.compile(r"\s*(?:It|They|He|She|The (?:foreign )?ministry|The government)\s")
_PRONOUN_SUBJECT = re.compile(r"\b(?:it|its|they|their|he|his|she|her)\b", re.IGNORECASE)
_PRONOUN_SUBJECT_CUED = Cued(_PRONOUN_SUBJECT)  # looked for lower-cased where the text is
# A state's own organ: what "the foreign ministry said it had accredited" goes on about is a state,
# not the U.N. agency the sentence before named ("... resettlement through the U.N. refugee agency")
_STATE_ORGAN = re.compile(r"\bthe (?:foreign |interior |home |defence |defense )?(?:ministry|government|cabinet)\b",
                          re.IGNORECASE)


def by_sentence(matches: list[Match], starts: list[int]) -> tuple[dict[int, list[Match]], dict[int, list[Match]]]:
    """Per sentence, its foreign actors that can act (no places, no non-state groups) and
    its mentions of the Taliban side."""
    foreign: dict[int, list[Match]] = {}
    counterpart: dict[int, list[Match]] = {}
    for match in matches:
        index = bisect.bisect_right(starts, match.start) - 1
        if match.target == COUNTERPART:
            counterpart.setdefault(index, []).append(match)
        elif match.target not in NON_ENGAGING and not match.place:
            foreign.setdefault(index, []).append(match)
    return foreign, counterpart


def sole_actor(foreign_by_sentence: dict[int, list[Match]], sentences: Sentences) -> Match | None:
    """The one foreign actor a story names, if it names just one: a sentence naming no
    actor and no pronoun for one ("The flight was arranged with the Taliban's ministry")
    goes on about it; not when it is named only as where people come from ("73 Afghans
    returned from Germany ... The returnees were given a medical check": Kabul's care)."""
    found = {match.target: match for matches in foreign_by_sentence.values() for match in matches}
    if len(found) != 1:
        return None
    named = [m for matches in foreign_by_sentence.values() for m in matches]
    return None if named_only_as_an_origin(named, sentences.text) else next(iter(found.values()))


def named_only_as_an_origin(named: list[Match], text: str) -> bool:
    """Is every one of these mentions where people come from ("returning from Iran") in `text`?"""
    origins = origin_spans(text)
    return bool(origins) and bool(named) and all(inside(origins, m.start) for m in named)


def carried_subjects(foreign_by_sentence: dict[int, list[Match]], sentences: Sentences,
                     lowered: str | None = None) -> dict[int, Match]:
    """A sentence may go on with the previous one's subject when a pronoun carries it: one
    naming no foreign actor ("Canada turned down the request. The same day it announced
    ..."), or one opening with the pronoun ("It also pledged 12 million francs to the ICRC").
    `lowered`: the text lower-cased (matching.caseless), when the caller has it."""
    return {index + 1: foreign[0] for index, foreign in foreign_by_sentence.items()
            if index + 1 < len(sentences.spans)
            and (_OPENING_PRONOUN.match(sentences.text, *sentences.spans[index + 1]) or (
                index + 1 not in foreign_by_sentence
                and _PRONOUN_SUBJECT_CUED.search(sentences.text, *sentences.spans[index + 1], lowered=lowered)))
            and not named_only_as_an_origin(foreign[:1], sentences.text)  # "73 Afghans returned from Germany. Their ...": not Germany
            and not organisation_in_a_states_sentence(foreign[0], sentences, index + 1)}


def organisation_in_a_states_sentence(carried: Match, sentences: Sentences, index: int) -> bool:
    """Is `carried` an organisation (the UN, the EU) and the sentence `index` about a state's own
    organ ("the foreign ministry said it had accredited ...")? Then it goes on about no organisation."""
    return carried.target in ORGANISATION_IDS and _STATE_ORGAN.search(sentences.text, *sentences.spans[index]) is not None


_BLAMED_JUST_BEFORE = re.compile(r"\b(?:blamed|blames|blaming|accused|accuses|accusing)\s+(?:the\s+)?$", re.IGNORECASE)


def blamed_subjects(foreign_by_sentence: dict[int, list[Match]], sentences: Sentences) -> dict[int, Match]:
    """A sentence naming nobody whose act the next one blames on someone ("Five people were
    killed when drones struck a house in Paktika. The Taliban's spokesman blamed Pakistan's
    military."): that someone is the previous sentence's subject."""
    blamed = {}
    for index, foreign in foreign_by_sentence.items():
        if index - 1 < 1 or index - 1 in foreign_by_sentence:
            continue
        start = sentences.spans[index][0]
        if _BLAMED_JUST_BEFORE.search(sentences.text, max(start, foreign[0].start - 20), foreign[0].start):
            blamed[index - 1] = foreign[0]
    return blamed
