"""Engagement events: who does what with the Taliban side, at which level, when.

Per sentence that names a foreign actor and the Taliban side, each trigger (a regular
expression of the taxonomy with its level) that is not negated or hedged in its
clause gives an event to the actors who perform it: everyone in the clause for mutual
acts ("met", "signed"), else the clause's subject, the agent of a passive, or the name
an apposition is about. Places never act. A story keeps every distinct level per
actor (airstrikes and then ceasefire talks are two events); a restated fact is
background: dated when the text dates it, else dropped.

Speed: a keyword pass tells which trigger alternatives can match each sentence (see
triggers.py), so most sentences run no expression at all.
"""
from __future__ import annotations

import re
from datetime import date

from ingest.tagging.clauses import Sentences, aside_spans, clause_span, relative_asides
from ingest.tagging.combine import (aid_routes, as_technical, is_ceremony, without_ceremonies_of_other_acts,
                                     without_contact_inside_other_acts)
from ingest.tagging.cues import Cued
from ingest.tagging.dates import BACKGROUND_BEFORE, LAGGED_BEFORE, OTHER_EVENT, may_hold_date, past_date, weekday_owning
from ingest.tagging.matching import Match, caseless
from ingest.tagging.modality import Modality
from ingest.tagging.results import EngagementTag
from ingest.tagging.hosts import announced_by_host, dateline_host, host_announces, scene_hosts
from ingest.tagging.subjects import (SAID_COMMA, acting_actors, blamed_subjects, by_sentence, carried_subjects, sole_actor,
                                     taliban_side_acts)
from ingest.tagging.triggers import TriggerIndex
from ingest.taxonomy import AID_CHANNELS, FORMAL_LEVELS, LEVEL_SCORES, Taxonomy, Trigger

# A restated first: "Moscow became the first capital to grant recognition".
_RESTATED = re.compile(r"\b(?:became|becoming|become|was|is|remains|remained)\s+(?:the\s+)?(?:first|only|sole)\b[^,;]*$",
                       re.IGNORECASE)
# A first told after the act: "recognised the Taliban before any other Arab government did".
_AHEAD_OF_OTHERS = re.compile(r"[^,;.]{0,80}?\b(?:before|ahead of) (?:any|all|every) (?:other|of the)\b", re.IGNORECASE)
_SO_FAR = re.compile(r"\b(?:so far|to date|thus far|until now)\b[^,;]*$", re.IGNORECASE)  # where things stand
# A formal step in force "since" a time before the news is where things stand, not news:
# "has let a Taliban appointee run the embassy since September 2025".
_SINCE_AFTER = re.compile(r"[^,;.]{0,100}?\bsince (?:early |late |mid-?)?(?:last (?:year|month|spring|summer|autumn|winter)|"
                          r"\d{4}|(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\b)", re.IGNORECASE)
# "after a week of shelling", "after Quetta bombing": another act, before the news (not "hours
# after its jets struck": the subject's own act, the same day).
_AFTER_JUST_BEFORE = re.compile(r"(?<!hours )(?<!minutes )\b(?:after|following)\s+(?:(?:a|an|the|last|this)\s+)?"
                                r"(?:(?!(?:its|their|his|her)\b)[\w'’-]+\s+){0,5}$", re.IGNORECASE)
# What talks covered ("held talks ..., focusing on deliveries of wheat") is their subject, not an act besides.
_TALKS_SUBJECT_BEFORE = re.compile(r"\b(?:focus(?:ed|ing|es)? on|discuss(?:ed|ing|es)?|covered|covering|on the agenda:?)\s+"
                                   r"(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
_SUBJECT_OF_TALKS_LEVELS = ("humanitarian", "technical")
_AFTER_WHICH = re.compile(r"\s*(?:after|following) which\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_FIRST = re.compile(r"\bfirst\b", re.IGNORECASE)  # "its first ambassador since 2021" is news, not a step in force since
# A formal step only promised: agreed "in principle", or a deal a third party brokers for others
# ("a deal for Pakistan and the Taliban to restore ambassadors"). A state that agrees to exchange or
# to accept ambassadors has taken the step (every blind labeller read it so).
_AGREED_TO = re.compile(r"\b(?:(?:agree[sd]?|agreeing|decided|decides) in principle|deal)\b(?: [\w'’-]+){0,5}? to $",
                        re.IGNORECASE)
_PERFECT_BEFORE = re.compile(r"\b(?:have|has)\s+(?:(?:already|also|since|so far|now|each|all|both|\w+ly)\s+)*$", re.IGNORECASE)
_NEWS_TIME = re.compile(r"\b(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|today|yesterday|tonight|"
                        r"overnight|this (?:week|morning|afternoon|evening)|earlier (?:on|in the day))\b", re.IGNORECASE)
_NEWS_TIME_CUED, _OTHER_EVENT_CUED = Cued(_NEWS_TIME), Cued(OTHER_EVENT)  # run only where their words occur
_CHANNEL_BEFORE = re.compile(r"\b(?:through|via|by|with)\s+(?:the\s+)?(?:[\w'’.-]+\s+)?$", re.IGNORECASE)
_PARTIES_BEFORE = re.compile(r"\b(?:(?:both|the two|the three|all) (?:sides|countries|neighbours|neighbors|delegations|"
                             r"governments)|Afghan\w*|Kabul|Islamic Emirate)\b", re.IGNORECASE)
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
# "... was agreed on Tuesday by Pakistan's commerce minister and his Taliban counterpart": both agents
_BY_AND_BEFORE = re.compile(r"^\s+(?:[\w'’-]+\s+){0,3}?by\s[^;]*\band\s+(?:his|her|their|the)?\s*$", re.IGNORECASE)
_WITH_AFGHAN_SIDE = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+with\s+(?:the\s+)?(?:Afghan\w*|Kabul|Islamic Emirate)\b",
                               re.IGNORECASE)
_TWO_SIDES = re.compile(r"\b(?:the two sides|both sides|the two (?:men|leaders|ministers|delegations))\b[^,;]*$",
                        re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_PRONOUNS = {"it", "its", "their", "they", "he", "his", "she", "her", "the", "but", "yet", "and", "while", "on",
             "in", "last", "this", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "hours", "days", "later", "earlier", "meanwhile", "separately", "also", "during", "after", "before", "at",
             "for", "with"}  # and words opening a sentence
_COUNTERPART_WORDS = r"Afghan\w*|Kabul|the regime|the group|the movement|the government|de facto"


def _words_cued(alternatives: list[str]) -> Cued | None:
    """One case-insensitive expression of whole-word alternatives (regular expressions),
    run only where its words occur (cues.py); None for none."""
    return Cued(re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.IGNORECASE)) if alternatives else None


class EventFinder:
    """Finds a story's engagement events; built once per taxonomy."""

    def __init__(self, taxonomy: Taxonomy, modality: Modality):
        self.index = TriggerIndex(taxonomy.triggers)
        self.modality = modality
        places = taxonomy.settings.get("afghan_places", [])
        self._afghan_side = _words_cued([_COUNTERPART_WORDS] + [re.escape(place) for place in places])  # its words and places
        # Who meets: working-level people, whose agreements are technical, and people of rank (the taxonomy's words)
        self._working_level = _words_cued(taxonomy.settings.get("working_level", []))
        self._high_level = _words_cued(taxonomy.settings.get("high_level", []))
        self._technical_matter = _words_cued(taxonomy.settings.get("technical_matters", []))
        self._unarmed = frozenset(taxonomy.settings.get("unarmed_organisations", []))
        ranks = taxonomy.settings.get("envoy_ranks", [])
        self._envoy_after = re.compile(rf"(?:['’]s)?\s+(?:(?:new|special|chief|top|senior|deputy|acting)\s+)*"
                                       rf"(?:(?-i:[a-z]+)\s+)?(?:{'|'.join(ranks)})\b",
                                       re.IGNORECASE) if ranks else None  # "Pakistan's commerce minister"

    def events(self, matches: list[Match], sentences: Sentences, spaced: str, published: date,
               dateline: tuple[int, int] = (0, 0)) -> tuple[list[EngagementTag], list[tuple[int, int]], set[int]]:
        """Every distinct (actor, level, date) event of a story, strongest first per actor;
        the spans of the formal steps it restates as background (boilerplate on where a
        country stands, "Russia, which recognised the Taliban in July", in a trade story, is
        no topic of the story, where a restated clash is the context of a truce story); and
        the starts of the sentences whose act the rules read and set aside (negated, hedged,
        planned, restated without a date), which no later guess may read again."""
        foreign_by_sentence, counterpart_by_sentence = by_sentence(matches, sentences.starts)
        lowered = caseless(sentences.text) or ""  # "": only re.IGNORECASE reads the text as is
        carried = carried_subjects(foreign_by_sentence, sentences, lowered or None)
        blamed = blamed_subjects(foreign_by_sentence, sentences)  # "... drones struck a house. X blamed Pakistan."
        sole = sole_actor(foreign_by_sentence)
        implied = set()  # "The flight was arranged with the Taliban": the story's one actor's doing
        if sole is not None:
            implied = {index for index in range(1, len(sentences.spans))
                       if index not in foreign_by_sentence and index not in carried}
            carried.update(dict.fromkeys(implied, sole))
        host = dateline_host(matches, dateline)
        hosts = scene_hosts(matches, sentences)  # "In Islamabad, the Foreign Office spokesman warned ..."
        hosted = host_announces(sentences, foreign_by_sentence) if host is not None or hosts else set()
        found: dict[tuple[str, str, date | None], EngagementTag] = {}
        restated: list[tuple[int, int]] = []
        declined: set[int] = set()
        modal = rank_in_story = None
        from_afghanistan = dateline[1] > dateline[0] and bool(self._afghan_side.search(sentences.text, dateline[0], dateline[1], lowered=lowered or None))
        for index in sorted(set(foreign_by_sentence) | set(carried) | hosted | set(blamed)):
            if index < 0:
                continue
            start, end = sentences.spans[index]
            sentence = sentences.text[start:end]
            sentence_lowered = lowered[start:end] or None  # None: the text is read with re.IGNORECASE
            counterpart = counterpart_by_sentence.get(index, [])
            if not (counterpart or from_afghanistan or self._afghan_side.search(sentence, lowered=sentence_lowered)
                    or self._follows_counterpart(index, sentences, counterpart_by_sentence, lowered)):
                continue
            following = sentences.starts[index + 1] if index + 1 < len(sentences.starts) else len(spaced)
            alternatives, openings = self.index.scan(spaced, start, following)
            if not alternatives and (index in implied or not self.index.always_on):
                continue  # an implied actor only for a sentence with a trigger's own words
            triggered = self.index.matches(sentence_lowered or sentence, start, alternatives, openings, lowered != "")
            if not triggered:
                continue
            if modal is None:
                modal = self.modality.words_in(spaced)
            nearby = [(position - start, kinds) for position, kinds in modal if start <= position < end]
            context = _Sentence(sentence, start, foreign_by_sentence.get(index, []), counterpart, published,
                                carried.get(index), sentence_lowered, hosts.get(index, host), blamed.get(index))
            if rank_in_story is None:
                rank_in_story = self._high_level is not None and bool(self._high_level.search(sentences.text, lowered=lowered or None))
            for tag in self._sentence_events(context, triggered, nearby, restated, declined, rank_in_story):
                kept = found.setdefault((tag.actor, tag.level, tag.when), tag)
                if is_ceremony(kept) and not is_ceremony(tag):
                    found[tag.actor, tag.level, tag.when] = tag  # the act itself is better evidence
        for tag in aid_routes(found.values(), matches, sentences):
            found.setdefault((tag.actor, tag.level, tag.when), tag)
        events = without_ceremonies_of_other_acts(found.values())
        return sorted(events, key=lambda t: (t.actor, -abs(t.score), -t.score)), restated, declined

    def _follows_counterpart(self, index: int, sentences: Sentences, counterpart_by_sentence: dict, lowered: str) -> bool:
        """A sentence right after one naming the Taliban side goes on about it ("Talks
        with the Taliban ended. Turkish and Qatari mediators failed to bridge the gap")."""
        if index < 1:
            return False
        start, end = sentences.spans[index - 1]
        return bool(counterpart_by_sentence.get(index - 1)
                    or self._afghan_side.search(sentences.text, start, end, lowered=lowered or None))

    def _sentence_events(self, context: _Sentence, triggered: list[re.Match], nearby,
                         restated: list[tuple[int, int]], declined: set[int], rank_in_story: bool = True) -> list[EngagementTag]:
        """The sentence's events from the triggers found in it. The spans of triggers it
        restates as background go to `restated`; the sentence's start goes to `declined`
        when a trigger in it is cancelled or restated without a date. `rank_in_story`: does
        the story name anyone of rank (a minister, an envoy) anywhere?"""
        tags = []
        sentence = context.text
        for found in triggered:
            trigger = self.index.triggers[int(found.lastgroup[1:])]
            if nearby and self.modality.cancels(context.main, found, trigger, nearby):
                declined.add(context.offset)
                continue
            if trigger.with_counterpart and not context.counterpart_is_party(found):
                continue
            if trigger.level in _SUBJECT_OF_TALKS_LEVELS and _TALKS_SUBJECT_BEFORE.search(
                    context.main, max(0, found.start() - 40), found.start()):
                continue
            actors, background = context.acting(trigger, found)
            if background and trigger.level in FORMAL_LEVELS:
                restated.append((context.offset + found.start(), context.offset + found.end()))
            if not actors:
                if taliban_side_acts(trigger, found, context.counterpart, context.offset, context.main):
                    declined.add(context.offset)  # Kabul's own protest: no guess may give it to the other side
                continue
            when = context.when(found, trigger, background)
            if background and when is None:
                declined.add(context.offset)
                continue  # a restated fact without a date: no news, no event
            rule = f"trigger:{trigger.level}:{found.group(0).strip().lower()}"
            evidence = sentence.strip()[:600]
            tags += [EngagementTag(a, trigger.level, LEVEL_SCORES[trigger.level], evidence, rule, when, when is not None,
                                   trigger.status_to) for a in actors]
        working = self._working_arrangement(context, rank_in_story)
        if working:
            tags = [as_technical(t) if t.level == "high_level_contact" and not t.rule.startswith("trigger:high_level_contact:sign")
                    and not (working == "matter" and is_ceremony(t)) else t for t in tags]
        tags = [t for t in tags if not (t.level == "hostile" and t.actor in self._unarmed)]
        return without_contact_inside_other_acts(tags, self._envoy_named(context))

    def _working_arrangement(self, context: _Sentence, rank_in_story: bool) -> str | None:
        """Is the sentence's contact working-level cooperation? "people" when working-level
        people meet with nobody of rank in the sentence; "matter" when it settles a working
        matter (a timetable for returns) in a story that names nobody of rank (LABELLING.md:
        deportation arrangements agreed with Kabul are technical); else None."""
        sentence, lowered = context.text, context.lowered
        if self._high_level is not None and self._high_level.search(sentence, lowered=lowered):
            return None
        if self._working_level is not None and self._working_level.search(sentence, lowered=lowered):
            return "people"
        if not rank_in_story and self._technical_matter is not None and self._technical_matter.search(sentence, lowered=lowered):
            return "matter"
        return None

    def _envoy_named(self, context: _Sentence) -> bool:
        """Does the sentence name a foreign state's envoy of rank ("South Korea's ambassador")?"""
        return self._envoy_after is not None and any(
            self._envoy_after.match(context.text, m.end - context.offset) for m in context.foreign)



# An aside telling what its name is doing or will do ("Austria, which is giving 2.5 million
# euros to ...", "Qatar, which will host the talks,") reports news, not a known fact.
_CURRENT_ASIDE = re.compile(r"\s*(?:,|—|–|\()\s*(?:which|who)\s+(?:(?:is|are)\s+(?:now\s+|also\s+)?\w+ing|will|plans to|intends to|is to"
                            r"|also\s+(?:agreed|signed|approved|announced|decided|pledged))\b")  # "..., which also agreed to": today's second act

class _Sentence:
    """One sentence with its actors: who performs a trigger, and whether it is background."""

    def __init__(self, text: str, offset: int, foreign: list[Match], counterpart: list[Match], published: date,
                 carried: Match | None = None, lowered: str | None = None, host: Match | None = None,
                 blamed: Match | None = None):
        self.text, self.offset, self.foreign, self.counterpart, self.published = text, offset, foreign, counterpart, published
        self.host = host  # the dateline's state: whose a ministry or an official named without a country is
        self.lowered = lowered  # the text lower-cased (matching.caseless), for Cued expressions; None: not at hand
        self.carried = carried  # the previous sentence's subject, for a sentence that names none
        self.blamed = blamed  # whom the next sentence blames for this one's violence, when this names nobody
        self.asides = self._asides()  # made for a sentence a trigger is found in (most have none)
        self.main = self._blanked()
        self._clauses: dict[tuple[int, int], tuple[int, int]] = {}
        self._dates = None

    def _asides(self) -> list[tuple[int, int, Match]]:
        """(start, end, the name it is about) of each apposition or relative clause."""
        names = sorted(self.foreign + self.counterpart, key=lambda m: m.start)  # apart, so each ends elsewhere
        after = dict(aside_spans(self.text, [match.end - self.offset for match in names]))
        asides = [(match.end - self.offset, after[match.end - self.offset], match) for match in names
                  if match.end - self.offset in after]
        asides += [(low, high, None) for low, high in relative_asides(self.text)
                   if not any(a <= low < b for a, b, _ in asides)]
        return asides

    def _blanked(self) -> str:
        """The sentence with its asides blanked: "Russia, which recognised X, hosted Y" reads
        "Russia ... , hosted Y", so the main clause finds its subject across the aside."""
        if not self.asides:
            return self.text
        main = list(self.text)
        for low, high, _ in self.asides:
            main[low:high] = " " * (high - low)
        return "".join(main)

    def _clause(self, found: re.Match) -> tuple[int, int]:
        span = found.span()
        if span not in self._clauses:
            self._clauses[span] = clause_span(self.main, *span)
        return self._clauses[span]

    def acting(self, trigger: Trigger, found: re.Match) -> tuple[list[str], bool]:
        """The actors performing the trigger, and whether it is restated background."""
        for low, high, owner in self.asides:
            if low <= found.start() < high:
                if owner is not None and owner in self.foreign:
                    return [owner.target], not _CURRENT_ASIDE.match(self.text, low)
                # about the Taliban side: "the Taliban, whose government Russia recognised last year"
                return sorted({m.target for m in self.foreign if low <= m.start - self.offset < high}), True
        low, high = self._clause(found)
        if trigger.level in FORMAL_LEVELS and _AGREED_TO.search(self.main, low, found.start()):
            return [], False  # "agreed in principle to exchange ambassadors": a step promised, not the status yet
        actors = self._acting_in_clause(trigger, found, low, high)
        if not actors and self.host is not None and announced_by_host(trigger, found, self.main):
            actors = [self.host.target]
        if trigger.level in FORMAL_LEVELS and (_RESTATED.search(self.main, low, found.start())  # "became the first to"
                                               or _SO_FAR.search(self.main, low, found.start())  # "has so far been"
                                               or _AHEAD_OF_OTHERS.match(self.main, found.end(), high)  # "before any other"
                                               or (_SINCE_AFTER.match(self.main, found.end(), high)  # "... since 2024"
                                                   and not _FIRST.search(self.main, max(low, found.start() - 20), found.end()))
                                               or self._sums_up(actors, found, low)):
            return actors, True
        return actors, self._background(trigger, found, low)

    def counterpart_is_party(self, found: re.Match) -> bool:
        """Is the Taliban side a party to the act: named before it in its clause ("Tajikistan
        and the Taliban agreed", "Pakistani and Afghan delegations agreed"), spoken of as one
        of "the two sides", or its partner ("agreed with Kabul")?"""
        low, high = self._clause(found)
        if _PARTIES_BEFORE.search(self.main, low, found.start()) or _WITH_AFGHAN_SIDE.match(self.main, found.end(), high):
            return True
        for match in self.counterpart:
            position = match.start - self.offset
            if low <= position < found.start() or (
                    found.end() <= position < high and (_WITH_BEFORE.search(self.main, found.end(), position)
                                                        or _BY_AND_BEFORE.match(self.main[found.end():position]))):
                return True
        return False

    def _sums_up(self, actors: list[str], found: re.Match, low: int) -> bool:
        """A list of countries that "have accepted" a formal step, with nothing dating it
        to the news ("..., though China, Kazakhstan and the UAE have accepted Taliban
        envoys"), sums up where things stand: background, not news of the day."""
        return (len(actors) >= 2 and _PERFECT_BEFORE.search(self.main, max(low, found.start() - 40), found.start()) is not None
                and _NEWS_TIME_CUED.search(self.text) is None)

    def _background(self, trigger: Trigger, found: re.Match, low: int) -> bool:
        """Is the act restated from before the news ("since it recognised ...", "days after
        talks in Beijing")? Any act days or more before is; "since" only backdates a formal step."""
        if LAGGED_BEFORE.search(self.main, low, found.start()):
            return True
        if _AFTER_WHICH.match(self.main, low) and _SINCE.search(self.main, 0, low):
            return True  # "the first visit since the forces fought in October, after which Islamabad sealed ..."
        if trigger.level == "hostile":
            after = _AFTER_JUST_BEFORE.search(self.main, max(low, found.start() - 60), found.start())
            if after and not any(after.start() <= m.start - self.offset < found.start() for m in self.foreign):
                return True  # "summons envoy after Quetta bombing": another's act, before the news
        return trigger.level in FORMAL_LEVELS and bool(BACKGROUND_BEFORE.search(self.main, low, found.start()))

    def _acting_in_clause(self, trigger: Trigger, found: re.Match, low: int, high: int) -> list[str]:
        if trigger.mode == "mutual" and _TWO_SIDES.search(self.main, low, found.start()):
            subject = self._sentence_subject(found.start())  # "X received Baradar, ... and the two sides signed"
            if subject is not None:
                return [subject.target]
        inside = [m for m in self.foreign if low <= m.start - self.offset < high and not self._in_aside(m)]
        actors = acting_actors(trigger, found, self.offset, inside, self.counterpart, self.main)
        opener = not any(m.start - self.offset < found.start() for m in inside)
        if opener and (low > 0 or self.carried is not None) and self._carries_subject(low, found.start()):
            subject = self._sentence_subject(low) or self.carried
            if subject is not None and (trigger.mode == "mutual" or not actors):
                actors = sorted(set(actors) | {subject.target})
        if actors and trigger.level == "humanitarian":
            actors = sorted(set(actors) | self._aid_channels(found.start(), high))
        if not actors and trigger.level == "hostile" and self.blamed is not None:
            actors = [self.blamed.target]
        return actors

    def _aid_channels(self, start: int, end: int) -> set[str]:
        """Organisations that carry the aid ("... for WFP operations", "schools run by
        UNICEF"): named in the aid's clause after the trigger, or later in its sentence
        as the way it goes (", to be spent through UN agencies"), they deliver it too."""
        found = set()
        for match in self.foreign:
            position = match.start - self.offset
            if match.target in AID_CHANNELS and start <= position and (
                    position < end or _CHANNEL_BEFORE.search(self.text, max(start, position - 40), position)):
                found.add(match.target)
        return found

    def _carries_subject(self, low: int, start: int) -> bool:
        """Does the clause go on with the sentence's subject ("Tokyo has not recognised
        the Taliban, but its envoy met Muttaqi"; "... yet it handed the embassy over")?
        Yes when nobody else is named before the trigger: no Taliban side, no other name."""
        if any(low <= c.start - self.offset < start for c in self.counterpart):
            return False
        names = [w for w in _CAPITALISED.findall(self.main, low, start) if w.lower() not in _PRONOUNS]
        return not names

    def _sentence_subject(self, low: int) -> Match | None:
        """The first foreign actor of the sentence's main text, if it opens a clause before `low`."""
        for match in self.foreign:
            position = match.start - self.offset
            if position < low and not self._in_aside(match):
                return match
        return None

    def when(self, found: re.Match, trigger: Trigger, background: bool) -> date | None:
        """The date a restated act happened, from its clause ("in July", "last October"), or
        from the weekday that owns it ("killed in Sunday's air strikes" in a Tuesday story)."""
        owned = weekday_owning(self.main, found.start(), self.published)
        if owned is not None:
            return owned
        if self._dates is None:
            self._dates = may_hold_date(self.text)
        if not self._dates:
            return None  # no digit, month or "last year" anywhere in the sentence
        for low, high, _ in self.asides:
            if low <= found.start() < high:
                return past_date(self.text[low:high], self.published)
        low, high = self._clause(found)
        for said in SAID_COMMA.finditer(self.main, low, found.start()):
            low = said.end()  # "... held since 2024 was freed, Qatar said, crediting months of mediation": not its date
        joined = self.main.rfind(" and ", low, found.start())  # "... in January and has since approved": not its date
        other = _OTHER_EVENT_CUED.search(self.main, found.end(), high)
        if _NEWS_TIME_CUED.search(self.main, found.start(), min(high, found.end() + 80)):
            return None  # "appealed on Tuesday for ..., less than last year's": this week's news
        dated = past_date(self.main[max(low, joined):other.start() if other else high], self.published)
        if (dated is None and (after := self.main.rfind(" after ", max(0, low - 8), found.start())) >= 0
                and not _NEWS_TIME_CUED.search(self.main, 0, after)):
            # "The truce was first agreed in Doha in October, after a week of clashes and air
            # strikes": what came before a past step (no news told before it) is background of its date
            dated = past_date(self.main[:after], self.published)
        return dated

    def _in_aside(self, match: Match) -> bool:
        position = match.start - self.offset
        return any(low <= position < high for low, high, _ in self.asides)
