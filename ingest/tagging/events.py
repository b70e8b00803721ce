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
from dataclasses import dataclass
from datetime import date

from ingest.tagging.agents import (between_others, credentials_elsewhere, mediated_parties, taliban_side_acts,
                                  unnamed_doers, unnamed_partners)
from ingest.tagging.carried import (blamed_subjects, by_sentence, carried_subjects, organisation_in_a_states_sentence,
                                     sole_actor)
from ingest.tagging.clauses import Sentences
from ingest.tagging.combine import (aid_routes, as_technical, is_ceremony, without_accreditation_of_an_ambassador,
                                    without_ceremonies_of_other_acts, without_contact_inside_other_acts)
from ingest.tagging.cues import Cued, words_cued
from ingest.tagging.hosts import dateline_host, host_announces, scene_hosts
from ingest.tagging.matching import Match, caseless
from ingest.tagging.modality import Modality, discussed_not_taken, headline_future, retells_a_report
from ingest.tagging.results import EngagementTag
from ingest.tagging.senses import accredits_otherwise, press_accredited, recognised_something_else, referred_back
from ingest.tagging.sentence import SentenceReading, working_sides
from ingest.tagging.triggers import TriggerIndex
from ingest.taxonomy import AID_CHANNELS, FORMAL_LEVELS, LEVEL_SCORES, Taxonomy

# Beside a formal step, the agreement it is taken under or the work it is for is no technical act of
# its own ("ambassadors are to be exchanged under an agreement reached ...", "accepted ... to help identify").
_FRAME_OR_PURPOSE_BEFORE = re.compile(r"\b(?:under|to(?:\s+help|\s+assist)?)\s+$", re.IGNORECASE)
# What talks covered ("held talks ..., focusing on deliveries of wheat") is their subject, not an act besides.
_TALKS_SUBJECT_BEFORE = re.compile(r"\b(?:focus(?:ed|ing|es)? on|discuss(?:ed|ing|es)?|covered|covering|on the agenda:?)\s+"
                                   r"(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
# A story's deal told as reached at a working meeting ("The deal was reached at a technical meeting at the port")
_AT_A_WORKING_MEETING = Cued(re.compile(r"\b(?:reached|agreed|struck|settled|worked out)\b[^.;]{0,40}?\bat an? "
                                        r"(?:technical|working[- ]level|expert[- ]level) (?:meeting|session|round|talks)\b",
                                        re.IGNORECASE))  # (one look a story: run only where "meeting" etc. stand)
# A Taliban statement the story says the other side denied, and a step told as the Taliban's word
_TALIBAN_CLAIM_DENIED = Cued(re.compile(r"\b(?:den(?:ied|ies|ying)|reject(?:ed|s|ing)|dismiss(?:ed|es|ing)"
                                        r"|contradict(?:ed|s|ing)|disput(?:ed|es|ing))\b[^.;]{0,40}?\bTaliban(?:['’]s)? "
                                        r"(?:[\w-]+ )?(?:statement|claim|account|announcement|report)s?\b"
                                        r"|\bhas no plans? to\b|\bnothing has changed\b"  # "Jakarta has no plan to send an ambassador"
                                        r"|\ba claim (?:[\w'’-]+ ){1,4}?(?:disputed|denied|rejected|dismissed)\b", re.IGNORECASE))
# A story that leaves what the Taliban side tells unconfirmed by the other side: an agreement the
# Taliban say a state made is no agreement of that state's ("Minsk had agreed to accept one", a
# Taliban spokesman told state television; Belarus "has taken no decision")
_OTHER_SIDE_SILENT = Cued(re.compile(r"\b(?:did not|declined to|could not) (?:respond to requests for comment|confirm)\b"
                                     r"|\b(?:has|had) taken no decision\b|\bcarried no report\b", re.IGNORECASE))
# A meeting the Taliban stayed away from ("the Taliban declined to attend the special envoys' meeting"): its
# hosts and guests met about Afghanistan, not with Kabul.
_TALIBAN_STAYED_AWAY = Cued(re.compile(r"\bTaliban\b[^.;]{0,60}?\b(?:declined|refused|did not|would not|will not|chose not)"
                                       r" (?:to )?(?:attend|participate|join|take part)|\bTaliban\b[^.;]{0,40}?\b(?:were|was|"
                                       r"had been|have been) not invited\b", re.IGNORECASE))
_GATHERING = re.compile(r"(?:convened?|hosted|hosts?|hosting|meeting|conference|gathering|met|meets?|talks)\b", re.IGNORECASE)
_TALIBAN_SAID = re.compile(r"\bTaliban(?:['’]s)?(?: [\w-]+){0,3}? (?:said|says|say|claimed|claims|announced|stated|told)\b[^.;]*$")
_SUBJECT_OF_TALKS_LEVELS = ("humanitarian", "technical", "recognition", "ambassadors", "accreditation")  # "discussed upgrading ties"
# "an exemption from the travel ban granted by the committee for the three-day visit": the visit a
# permit is for is the traveller's, not an act of whoever grants it.
_PERMIT_FOR_BEFORE = re.compile(r"\b(?:exemptions?|waivers?|permission|visas?|clearance|permits?)\b[^;]{0,90}?\bfor\s+"
                                r"(?:the|a|an|his|her|their)\s+(?:[\w'’-]+\s+){0,2}$|\b(?:exemptions?|waivers?|permission|"
                                r"clearance)\b[^;.]{0,90}?\bto\s+$|\b(?:clears|cleared|clearing|approves|"
                                r"approved|authori[sz]es|authori[sz]ed|allows|allowed)\s+(?:[\w'’-]+\s+){0,4}?[\w-]+['’]s\s+"
                                r"(?:[\w'’-]+\s+)?$", re.IGNORECASE)  # "UN clears Taliban minister's trip to ..."
# ("... approved travel ban exemptions for Amir Khan Muttaqi, the Foreign Minister, to visit India": his visit)
# A recognition named as a noun is a step only in a sentence that takes or tells it ("the cabinet
# approves recognition of", "recognition of ... was conveyed in a note"); else it is what is talked
# of: "Jaishankar: formal recognition of Taliban government 'not before us'".
_NOUN_STEP_TAKEN = re.compile(r"\b(?:approv|announc|convey|confirm|decree|sign(?!if|al)|deliver|hand|grant|extend|formali[sz]|declar"
                              r"|decid(?:es|ed|ing)\b|adopt|endors|complet|mov(?:es|ed|ing) to\b|notifi|communicat)\w*",
                              re.IGNORECASE)
# "Islamic State claims Kabul ministry bombing; Pakistan and the UN condemn it": the attack condemned, not Kabul
_CONDEMNED_PRONOUN = re.compile(r"\s+(?:it|them)\b")
_ATTACK_BEFORE = re.compile(r"\b(?:bomb\w*|attacks?|blasts?|explosions?|killings?|assassinations?|shootings?)\b",
                            re.IGNORECASE)
# Victims fleeing an attack no one is named for: "families who fled shelling in Kunar" (blind113's title)
# tells of their flight, not of an attack by the story's one actor (India, which sent them tents).
_FLED_BEFORE = re.compile(r"\b(?:fled|flee|flees|fleeing|escaped|escaping|displaced by|driven out by|uprooted by)\s+"
                          r"(?:the\s+)?(?:(?:heavy|cross-border|artillery|days of|weeks of|months of)\s+)?$", re.IGNORECASE)
_COUNTERPART_WORDS = r"Afghan\w*|Kabul|the regime|the group|the movement|the government|de facto"
# Afghanistan as what others talk about, not a side at their table: "the EU's special envoy for
# Afghanistan visited Islamabad for talks with Pakistani officials on the situation in Afghanistan".
_AFGHANISTAN_AS_SUBJECT = re.compile(
    r"\b(?:(?:(?:envoy|representative|coordinator|adviser)s?|(?:talks|consultations|discussions)|dealing|"
    r"engag\w*)\s+(?:for|on|to|with)|(?:situation|developments|stability|security|peace|mission|forces|troops)\s+in|"
    r"discuss(?:ed|es|ing)?(?:\s+[\w'’-]+){0,4}?|about|regarding|concerning)\s+(?:the\s+)?Afghan(?:istan\b|\s+affairs\b)"
    r"|\b(?:intra-)?Afghan\s+(?:security|situation|issue|question|peace(?:\s+process)?|crisis|conflict|affairs|file)\b"
    r"|\bintra-Afghan\b", re.IGNORECASE)
_CONTACT_LEVELS = frozenset({"high_level_contact", "technical"})
# The closing attribution names who tells of an arrangement, not who made it: "..., Asylum and
# Migration Minister Anneleen Van Bossuyt said on Wednesday." is no person of rank at the table.
_CLOSING_ATTRIBUTION = re.compile(r",\s+[^,;]{3,90}?\s(?:said|says|told \w+|announced)(?:\s+on\s+\w+day)?\.?\s*$")


@dataclass(frozen=True, slots=True)
class StoryLooks:
    """What the whole story says that bears on each of its sentences, read once a story
    (the first sentence with a trigger): `rank`, does it name anyone of rank (a minister,
    an envoy) anywhere; `working_meeting`, does it say its deal was reached at a technical
    or working-level meeting; `claim_denied`, does it tell of a Taliban statement or claim
    that the other side denied; `other_side_silent`, does it say the other side has not
    answered or decided (_OTHER_SIDE_SILENT); `headline_only`, is it a headline with no
    summary (a news-search feed's item), whose "X to recognise" is all it says;
    `taliban_stayed_away`, does it say the Taliban declined a meeting (_TALIBAN_STAYED_AWAY);
    `accredits_otherwise`, does it accredit someone other than a mission's people (a press crew:
    senses.accredits_otherwise), so that "the accreditation" it refers back to is that one."""

    rank: bool
    working_meeting: bool
    claim_denied: bool
    other_side_silent: bool
    headline_only: bool = False
    taliban_stayed_away: bool = False
    accredits_otherwise: bool = False


# The gathering an act told before it took place at: "met his counterpart ... during a trilateral meeting"
_DURING_BEFORE = re.compile(r"\b(?:during|at|on the sidelines of)\s+(?:an?|the|their|its|this|that)\s+(?:[\w'’-]+\s+){0,2}$",
                            re.IGNORECASE)


class EventFinder:
    """Finds a story's engagement events; built once per taxonomy."""

    def __init__(self, taxonomy: Taxonomy, modality: Modality):
        self.index = TriggerIndex(taxonomy.triggers)
        self.modality = modality
        places = taxonomy.settings.get("afghan_places", [])
        self._afghan_side = words_cued([_COUNTERPART_WORDS] + [re.escape(place) for place in places])  # its words and places
        # Who meets: working-level people, whose agreements are technical, and people of rank (the taxonomy's words)
        self._working_level = words_cued(taxonomy.settings.get("working_level", []))
        self._high_level = words_cued(taxonomy.settings.get("high_level", []))
        self._technical_matter = words_cued(taxonomy.settings.get("technical_matters", []))
        self._unarmed = frozenset(taxonomy.settings.get("unarmed_organisations", []))
        ranks = taxonomy.settings.get("envoy_ranks", [])
        self._envoy_after = re.compile(rf"(?:['’]s)?\s+(?:(?:new|special|chief|top|senior|deputy|acting)\s+)*"
                                       rf"(?:(?-i:[A-Za-z][a-z]+)\s+)?(?:{'|'.join(ranks)})\b",
                                       re.IGNORECASE) if ranks else None  # "Pakistan's commerce minister", "Interior Minister"

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
        sole = sole_actor(foreign_by_sentence, sentences)
        implied = set()  # "The flight was arranged with the Taliban": the story's one actor's doing
        if sole is not None:
            implied = {index for index in range(1, len(sentences.spans))
                       if index not in foreign_by_sentence and index not in carried
                       and not organisation_in_a_states_sentence(sole, sentences, index)}
            carried.update(dict.fromkeys(implied, sole))
        host = dateline_host(matches, dateline)
        hosts = scene_hosts(matches, sentences)  # "In Islamabad, the Foreign Office spokesman warned ..."
        hosted = host_announces(sentences, foreign_by_sentence) if host is not None or hosts else set()
        found: dict[tuple[str, str, date | None], EngagementTag] = {}
        giving: set[int] = set()  # the sentences that tell aid given as news: a donor roundup may go on after one
        restated: list[tuple[int, int]] = []
        declined: set[int] = set()
        modal = looks = None
        from_afghanistan = dateline[1] > dateline[0] and bool(self._afghan_side.search(sentences.text, dateline[0], dateline[1], lowered=lowered or None))
        for index in sorted(set(foreign_by_sentence) | set(carried) | hosted | set(blamed)):
            if index < 0:
                continue
            start, end = sentences.spans[index]
            sentence = sentences.text[start:end]
            sentence_lowered = lowered[start:end] or None  # None: the text is read with re.IGNORECASE
            counterpart = counterpart_by_sentence.get(index, [])
            aid_only = False
            taliban_side = counterpart or from_afghanistan or counterpart_by_sentence.get(index - 1)  # here or just before
            afghan_side = (taliban_side or self._afghan_side.search(sentence, lowered=sentence_lowered)
                           or self._follows_counterpart(index, sentences, counterpart_by_sentence, lowered))
            if not afghan_side:
                if index - 1 not in giving:
                    continue
                aid_only = True  # "Qatar flew in field hospitals. Russia delivered 20 tons of food aid": the roundup goes on
            following = sentences.starts[index + 1] if index + 1 < len(sentences.starts) else len(spaced)
            alternatives, openings = self.index.scan(spaced, start, following)
            if not alternatives and (index in implied or not self.index.always_on):
                continue  # an implied actor only for a sentence with a trigger's own words
            triggered = self.index.matches(sentence_lowered or sentence, start, alternatives, openings, lowered != "")
            if aid_only:
                triggered = [f for f in triggered if self.index.triggers[int(f.lastgroup[1:])].level == "humanitarian"]
            elif triggered and not taliban_side and self._only_talked_about(sentence):  # others' talks about Afghanistan: no contact
                # with the Taliban side, nor a guess of one (read only for a sentence with triggers: most have none)
                kept = [f for f in triggered if self.index.triggers[int(f.lastgroup[1:])].level not in _CONTACT_LEVELS]
                if len(kept) < len(triggered):
                    declined.add(start)
                triggered = kept
            if not triggered:
                continue
            if modal is None:
                modal = self.modality.words_in(spaced)
            nearby = [(position - start, kinds) for position, kinds in modal if start <= position < end]
            context = SentenceReading(sentence, start, foreign_by_sentence.get(index, []), counterpart, published,
                                carried.get(index), sentence_lowered, hosts.get(index, host), blamed.get(index))
            if looks is None:
                looks = self._story_looks(sentences.text, lowered or None)
            sentence_events = self._sentence_events(context, triggered, nearby, restated, declined, looks)
            if any(tag.level == "humanitarian" and not tag.background for tag in sentence_events):
                giving.add(index)
            for tag in sentence_events:
                kept = found.setdefault((tag.actor, tag.level, tag.when), tag)
                if is_ceremony(kept) and not is_ceremony(tag):
                    found[tag.actor, tag.level, tag.when] = tag  # the act itself is better evidence
        for tag in aid_routes(found.values(), matches, sentences):
            found.setdefault((tag.actor, tag.level, tag.when), tag)
        events = without_accreditation_of_an_ambassador(without_ceremonies_of_other_acts(found.values()))
        return sorted(events, key=lambda t: (t.actor, -abs(t.score), -t.score)), restated, declined

    def _only_talked_about(self, sentence: str) -> bool:
        """Is Afghanistan, in a sentence that names no one of the Taliban side, only what others
        talk about (_AFGHANISTAN_AS_SUBJECT)? Then its talks and visits are with each other."""
        if _AFGHANISTAN_AS_SUBJECT.search(sentence) is None:
            return False
        return self._afghan_side.search(_AFGHANISTAN_AS_SUBJECT.sub(" ", sentence)) is None

    def _follows_counterpart(self, index: int, sentences: Sentences, counterpart_by_sentence: dict, lowered: str) -> bool:
        """A sentence right after one naming the Taliban side goes on about it ("Talks
        with the Taliban ended. Turkish and Qatari mediators failed to bridge the gap")."""
        if index < 1:
            return False
        start, end = sentences.spans[index - 1]
        return bool(counterpart_by_sentence.get(index - 1)
                    or self._afghan_side.search(sentences.text, start, end, lowered=lowered or None))

    def _sentence_events(self, context: SentenceReading, triggered: list[re.Match], nearby,
                         restated: list[tuple[int, int]], declined: set[int], looks: StoryLooks) -> list[EngagementTag]:
        """The sentence's events from the triggers found in it. The spans of triggers it
        restates as background go to `restated`; the sentence's start goes to `declined`
        when a trigger in it is cancelled or restated without a date. `looks`: what the
        whole story says that bears on each sentence (StoryLooks)."""
        tags = []
        with_channel: set[str] = set()  # contact rules whose other party, named next, is an aid channel
        sentence = context.text
        formal_step = any(self.index.triggers[int(f.lastgroup[1:])].level in FORMAL_LEVELS for f in triggered)
        told: set[str] = set()  # the levels of the acts, someone's, the sentence tells before the trigger at hand
        for found in triggered:
            trigger = self.index.triggers[int(found.lastgroup[1:])]
            if trigger.level == "technical" and formal_step and _FRAME_OR_PURPOSE_BEFORE.search(
                    context.main, max(0, found.start() - 12), found.start()):
                continue  # the step's frame or purpose
            if ((nearby and self.modality.cancels(context.main, found, trigger, nearby)) or retells_a_report(context.main, found)
                    or discussed_not_taken(context.main, found)
                    or ((looks.headline_only or context.offset == 0) and trigger.hedged and not trigger.pledge
                        and trigger.level not in FORMAL_LEVELS and headline_future(context.main, found.start()))):
                declined.add(context.offset)
                continue
            if trigger.level == "high_level_contact" and looks.taliban_stayed_away and _GATHERING.match(found.group(0)):
                continue  # the envoys met in Doha, but "the Taliban declined to attend"
            if trigger.with_counterpart and not context.counterpart_is_party(found):
                continue
            if (trigger.level == "pressure" and found.group(0)[:7].lower() == "condemn"
                    and _CONDEMNED_PRONOUN.match(context.main, found.end())
                    and _ATTACK_BEFORE.search(context.main, 0, found.start())):
                continue
            if trigger.level == "hostile" and _FLED_BEFORE.search(context.main, max(0, found.start() - 30), found.start()):
                continue  # "families who fled shelling": their flight, no one's attack named
            if found.group(0)[:14].lower() == "recognition of" and not _NOUN_STEP_TAKEN.search(context.main):
                continue
            if found.group(0).lower().startswith(("visit", "trip")) and _PERMIT_FOR_BEFORE.search(
                    context.main, max(0, found.start() - 140), found.start()):
                continue
            if trigger.level in _SUBJECT_OF_TALKS_LEVELS and _TALKS_SUBJECT_BEFORE.search(
                    context.main, max(0, found.start() - 40), found.start()):
                continue
            if trigger.level in told and _DURING_BEFORE.search(context.main, max(0, found.start() - 30), found.start()):
                continue  # "... a week after he met X during a trilateral meeting": where that act was, not another
            actors, background = context.acting(trigger, found)
            if actors:
                told.add(trigger.level)
            if trigger.level == "ambassadors" and credentials_elsewhere(found, actors, context.foreign, context.offset,
                                                                        context.text, context.counterpart):  # (asides told)
                continue  # a state's envoy to a third country, or credentials handed to another head of state
            if between_others(found, trigger.level in FORMAL_LEVELS, context.foreign, context.counterpart,
                              context.offset, context.text):
                continue  # "welcomed an agreement between Azerbaijan and Armenia to exchange ambassadors"
            if (actors and unnamed_partners(found, context.text)
                    and not any(m.target in actors for m in context.foreign)):
                continue  # "talks are at an advanced stage with several countries": no one named, no one carried
            if actors and unnamed_doers(found, context.text):
                continue  # "citing the number of countries that have recognised his government"
            if not background and _an_unconfirmed_taliban_claim(looks, trigger, found, context.main):
                declined.add(context.offset)
                continue  # "Baku denied a Taliban statement ... The Taliban foreign ministry said that ... had agreed"
            if (press_accredited(found, context.text) or (looks.accredits_otherwise and referred_back(found, context.text))
                    or (trigger.level == "recognition" and recognised_something_else(found, context.text))):
                continue  # "19 foreign journalists had been accredited": press passes; "recognised the 'steps taken'"
            if actors and trigger.level == "high_level_contact":
                actors = sorted({*actors, *mediated_parties(found, context.foreign, context.counterpart, context.offset,
                                                             context.main)})
            aside = context.aside_around(found.start()) if background else None
            if aside is not None:  # "Qatar, which has hosted their office since 2013, brokered ...": none of it is news
                restated.append((context.offset + aside[0], context.offset + aside[1]))
            elif background and trigger.level in FORMAL_LEVELS:
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
            if trigger.level == "high_level_contact" and _channel_next(context, found):
                with_channel.add(rule)
            evidence = sentence.strip()[:600]
            tags += [EngagementTag(a, trigger.level, LEVEL_SCORES[trigger.level], evidence, rule, when, when is not None,
                                   trigger.status_to) for a in actors]
        tags = _without_donor_deals(tags, with_channel)
        working = self._working_arrangement(context, looks.rank) or (
            "matter" if looks.working_meeting and not looks.rank else None)  # "The deal was reached at a technical meeting"
        if working:
            tags = [as_technical(t) if t.level == "high_level_contact" and not t.rule.startswith("trigger:high_level_contact:sign")
                    and not (working == "matter" and is_ceremony(t)) and not _mediation(t) else t for t in tags]
        tags = [t for t in tags if not (t.level == "hostile" and t.actor in self._unarmed)]
        return without_contact_inside_other_acts(tags, self._envoy_named(context))

    def _story_looks(self, text: str, lowered: str | None) -> StoryLooks:
        return StoryLooks(rank=self._high_level is not None and bool(self._high_level.search(text, lowered=lowered)),
                          working_meeting=_AT_A_WORKING_MEETING.search(text, lowered=lowered) is not None,
                          claim_denied=_TALIBAN_CLAIM_DENIED.search(text, lowered=lowered) is not None,
                          other_side_silent=_OTHER_SIDE_SILENT.search(text, lowered=lowered) is not None,
                          headline_only="\n" not in text.strip(),
                          taliban_stayed_away=_TALIBAN_STAYED_AWAY.search(text, lowered=lowered) is not None,
                          accredits_otherwise=accredits_otherwise(text))

    def _working_arrangement(self, context: SentenceReading, rank_in_story: bool) -> str | None:
        """Is the sentence's contact working-level cooperation? "people" when working-level
        people meet with nobody of rank in the sentence; "matter" when it settles a working
        matter (a timetable for returns) in a story that names nobody of rank (LABELLING.md:
        deportation arrangements agreed with Kabul are technical); else None."""
        sentence, lowered = context.text, context.lowered
        told = _CLOSING_ATTRIBUTION.search(sentence)
        table, table_lowered = (sentence[:told.start()], lowered and lowered[:told.start()]) if told else (sentence, lowered)
        if self._high_level is not None and self._high_level.search(table, lowered=table_lowered):
            return None
        if self._working_level is not None and self._working_level.search(sentence, lowered=lowered):
            return "people"
        if not context.foreign and working_sides(sentence):
            return "people"  # "Officials from both sides met at the crossing": nobody of rank, no state named
        if not rank_in_story and self._technical_matter is not None and self._technical_matter.search(sentence, lowered=lowered):
            return "matter"
        return None

    def _envoy_named(self, context: SentenceReading) -> bool:
        """Does the sentence name a foreign state's envoy of rank ("South Korea's ambassador")?"""
        return self._envoy_after is not None and any(
            self._envoy_after.match(context.text, m.end - context.offset) for m in context.foreign)


def _mediation(tag: EngagementTag) -> bool:
    """Is the contact a state's mediation? Mediating between parties is its envoys' work,
    whoever tells of it ("through mediation by Qatar, according to the department")."""
    return "mediat" in tag.rule


def _an_unconfirmed_taliban_claim(looks: StoryLooks, trigger, found: re.Match, sentence: str) -> bool:
    """Is the act told as what the Taliban side says (_TALIBAN_SAID) a state did, in a story
    where the other side denies a Taliban claim (a formal step, or an agreement), or leaves
    it unanswered (an agreement)? "The Taliban's refugees ministry said British officials
    had agreed to monthly returns, a claim the Home Office disputed": no agreement."""
    agreed = found.group(0)[:5].lower() == "agree"
    if not ((looks.claim_denied and (trigger.level in FORMAL_LEVELS or agreed)) or (looks.other_side_silent and agreed)):
        return False
    return _TALIBAN_SAID.search(sentence, max(0, found.start() - 160), found.start()) is not None


def _channel_next(context: SentenceReading, found: re.Match) -> bool:
    """Is the name right after a contact trigger an aid channel ("signed on Tuesday with UNICEF")?"""
    for match in context.foreign:
        gap = match.start - context.offset - found.end()
        if 0 <= gap <= 5:
            return match.target in AID_CHANNELS
    return False


def _without_donor_deals(tags: list[EngagementTag], with_channel: set[str]) -> list[EngagementTag]:
    """A donor's agreement with a UN agency or another aid channel ("classes will be paid
    for by the Qatar Fund under an agreement signed with UNICEF") is how its aid is
    given, not contact with Kabul: that contact goes when the donor and the channel are
    the sentence's givers of aid."""
    givers = {tag.actor for tag in tags if tag.level == "humanitarian"}
    if not givers or not with_channel:
        return tags
    parties: dict[str, set[str]] = {}
    for tag in tags:
        if tag.rule in with_channel:
            parties.setdefault(tag.rule, set()).add(tag.actor)
    donor_deals = {rule for rule, actors in parties.items() if actors <= givers}
    return [tag for tag in tags if tag.rule not in donor_deals]
