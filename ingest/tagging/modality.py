"""Negation and modality: is a trigger reported as something that happened?

"has not recognised", "remains reluctant to recognise", "wants to negotiate a deal",
"could accept an envoy", "would recognise if...": none of these is an event. The words
live in the taxonomy's [negation] table; this module looks for them in the clause that
holds the trigger, just before it (negations, refusals, hedges, intentions) or just
after it ("recognition remains unlikely", "... if the Taliban reopen schools").
"""
from __future__ import annotations

import re

from ingest.tagging.clauses import clause_after, clause_before
from ingest.tagging.matching import PhraseSet, find_words, near, word_finder, words
from ingest.taxonomy import Taxonomy, Trigger

# Characters around a trigger within which its modal words count, with a margin:
# clause_before/clause_after look 80 characters either side of a trigger.
CLAUSE_WINDOW = 84
# A trigger inside a condition's clause, however many names it lists before the verb ("will
# only seek loans once the Taliban and Pakistan have agreed how ..."); not "once again".
_CONDITIONAL_CLAUSE = re.compile(r"\b(?:if|unless|(?:only after|once(?! again| more))(?![^,;.:()]*\b(?:had|was|were)\b)|provided that|as soon as)"
                                 r"\s(?:[^,;.:()]|(?<=\b[A-Z])\.)*$",  # "if the U.N. agency agreed": its dots end nothing
                                 re.IGNORECASE)  # "once their identities had been confirmed": when, not if


# "... or to accept": an infinitive coordinated with one before it shares its negation
_COORDINATED_INFINITIVE = re.compile(r"\b(?:or|nor|and)\s+to\s+(?:[\w'’-]+\s+)?$", re.IGNORECASE)
# "urged X to do A and recognise ...": the call's second infinitive, a bare verb after "and"
_TO_THEN_AND = re.compile(r"\bto\b[^.;:]{1,80}?\b(?:and|or)\s+$", re.IGNORECASE)
_TO_JUST_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
_MAY_THE_MONTH = re.compile(r"\bMay\s+\d")  # a dateline's "May 28" is no hedge
_TO_FOLLOW_IN = re.compile(r"\bto\s+(?:follow|join)\s+[^.;:]{1,80}?\bin\s+$", re.IGNORECASE)
_MODAL_THEN_AND = re.compile(r"\b(?:will|would|shall|should|could|may|might|must)\s+[^.;:,]{1,80}?\b(?:and|or)\s+$",
                             re.IGNORECASE)  # "will follow Russia and recognise": the bare verb shares the modal
_FUTURE_TIME_AFTER = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:next (?:week|month|year)|later this (?:week|month|year)"
                                r"|in the coming (?:days|weeks|months))\b", re.IGNORECASE)
# A step named and then put in a modal passive: "a larger consular team could be sent 'in due course'"
# (blind113): the step is a possibility or a plan, not taken. "Could", "might", "may" hedge any step;
# "will" and "would" plan one, unless the step is a pledge ("aid will be delivered": the promise is the act).
_MODAL_PASSIVE_AFTER = re.compile(r"\s+(could|might|may|would|will|should)\s+(?:\w+ly\s+)?be\s+\w+(?:ed|en|nt|wn)\b",
                                  re.IGNORECASE)
# A step others press someone to take, named as the object of the infinitive: "lawmakers press Jakarta to
# name a full ambassador to Kabul" (blind118's title): asked for, not taken.
_PRESSED_TO_BEFORE = re.compile(r"\b(?:press(?:es|ed|ing)?|push(?:es|ed|ing)?|lobb(?:y|ies|ied|ying)|nudg(?:e|es|ed|ing))\s+"
                                r"(?:[\w'’.-]+\s+){1,4}?to\s+[a-z]+\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w-]+\s+)?$",
                                re.IGNORECASE)
# A visit that someone was expected (due, set) to make, its noun far down the infinitive's clause: "Muttaqi
# was expected to lead a delegation to Pakistan on Monday for a three-day visit" (a real lede): planned.
_PLANNED_FOR_A_VISIT_BEFORE = re.compile(r"\b(?:expected|due|scheduled|set|planned|planning|plans|hoped|hoping|invited)\s+to\s+"
                                         r"[^.;,]{0,80}?\bfor\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}$",
                                         re.IGNORECASE)
# A step promised if the other side does not act ("told them Washington would impose sanctions if the
# Americans were not freed"): a threat, which is pressure now.
_THREAT = re.compile(r"\b(?:would|will)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_IF_NOT = re.compile(r"[^.;]{0,120}?\b(?:if\b[^.;]{0,80}?\b(?:not|no longer|failed|fail|kept|keep|continued|continue)\b|unless\b)",
                     re.IGNORECASE)
_GERUND = re.compile(r"\b[a-z]+ing\b", re.IGNORECASE)
_AND_THEN = re.compile(r"[^.;:,]{1,80}?\b(?:and|or)\s+", re.IGNORECASE)  # "raising its mission ... and "
_BASE_FORM = re.compile(r"[a-z]+(?<!ed)(?<!ing)(?<!es)\b", re.IGNORECASE)  # "recognise", not "recognised"
# "only after Kabul signs" is a condition; "reopened only after Kabul signed" tells the order of two acts.
_PAST_VERB = re.compile(r"(?:\w+ed|met|held|sent|gave|paid|made|took|struck|set up|won)\b", re.IGNORECASE)

# "Neither India nor Pakistan, South Asia's two largest states, has recognised ...": the pair
# negates its verb across whatever the subject carries with it (not past a "but").
_NEITHER_NOR = re.compile(r"\bneither\b(?:(?!\bbut\b)[^.;])*?\bnor\b(?:(?!\bbut\b)[^.;])*$", re.IGNORECASE)

# "The State Department denied on Thursday a report that U.S. and Taliban officials had met":
# what a denied report says did not happen, however long the report's clause; so too what
# a denial answers ("denied that its officials had met Taliban representatives, a day after
# the Taliban said they had held talks with a Ukrainian delegation").
_DENIED_REPORT = re.compile(r"\b(?:den(?:ied|ies|y|ying)|dismiss(?:ed|es|ing)|reject(?:ed|s|ing)|refut(?:ed|es|ing)"
                            r"|contradict(?:ed|s|ing))\b"
                            r"(?:(?:\s+\w+){0,3}?\s+(?:an?\s+|the\s+|media\s+|press\s+|news\s+)*(?:reports?|statements?|claims?)"
                            r"(?:\s+(?:on|by|in|from)\s+[^,;.]{1,50}?)?\s+(?:that|of)"
                            r"|(?<=\bdenied)\s+(?:on\s+\w+day\s+)?that|(?<=\bdenies)\s+that)\b[^;]*$",
                            re.IGNORECASE)  # "denied a report on state television that", "contradicting a statement that"

# A claim answered by a denial after it: "said Belarus had recognised their government, a
# claim the Belarusian foreign ministry denied"; "Taliban say X recognised them; X denies it".
_CLAIM_DENIED_AFTER = re.compile(r"[^;.]{0,80}?(?:,\s+(?:a\s+claim|an\s+assertion|which|something)\b[^;.]{0,60}?"
                                 r"|;\s+[^;.]{0,40}?)\bden(?:ied|ies|y|ying)\b(?!\s+(?:entry|access|visas?)\b)",
                                 re.IGNORECASE)

_ASKED_AFTER = re.compile(r"[^.;!?\n]*\?")  # the clause of the trigger ends on a question mark

# "The report, aired by an opposition channel, had said Georgian officials met a Taliban
# delegation": a report's claim retold in the pluperfect is what the story sets against the
# facts (a denial, a correction), not an event the story reports.
_RETOLD_REPORT = re.compile(r"\b(?:the|that|this|an?)\s+(?:[\w-]+\s+){0,2}?(?:report|claim|account|broadcast|article)s?"
                            r"(?:\s*,[^,;]{0,100},)?\s+had\s+(?:said|claimed|alleged|reported|suggested)\b[^;]*$",
                            re.IGNORECASE)

# A trigger that opens on its passive's auxiliary: the words before it are its subject.
_PASSIVE_OPENING = re.compile(r"(?:was|were|has been|have been|had been)\s", re.IGNORECASE)


def retells_a_report(sentence: str, found: re.Match) -> bool:
    """Does the trigger sit in a report's claim retold in the pluperfect ("The report
    ... had said Georgian officials met ..."), or in a claim a denial answers after it
    ("..., a claim Minsk denied"), or in a question ("Taliban envoy accepted in Abu Dhabi?")?
    Such a sentence holds no modal word, so this is asked of every trigger, not only of
    those with one near."""
    return ((" had " in sentence and _RETOLD_REPORT.search(sentence, 0, found.start()) is not None)
            or ("den" in sentence and _CLAIM_DENIED_AFTER.match(sentence, found.end()) is not None)
            or ("?" in sentence and _ASKED_AFTER.match(sentence, found.end()) is not None))  # "UAE accepts envoy?"


# A step told as a gerund that a verb after it weighs: "letting the Taliban send staff to the embassy
# raised 'legal and practical difficulties'" (blind114): a step discussed, not taken.
_WEIGHED_AFTER = re.compile(r"[^.;]{0,80}?\b(?:raised|raises|raise|would raise|posed|poses|pose|would pose|created|creates|"
                            r"would create|was|is|would be|remained|remains)\s+(?:[\w'‘’-]+\s+){0,3}?['‘\"“]?(?:difficult\w*|"
                            r"problem\w*|obstacles?|premature|impossible|unacceptable|out of the question|complicated)\b",
                            re.IGNORECASE)


# A step a state ties to a condition: "Qatar ties embassy status for Taliban office to progress on girls'
# schooling" (blind116's trap): promised on terms, not taken.
_TIES_BEFORE = re.compile(r"\b(?:ties|tied|tying|links|linked|linking|conditions|conditioned)\s+(?:[\w'’-]+\s+){0,2}$",
                          re.IGNORECASE)
_TO_A_CONDITION = re.compile(r"[^.;]{0,60}?\bto\s+(?:(?:real|more|further|the|any)\s+)?(?:progress|reforms?|improvements?|"
                             r"changes?|reopening|concessions|guarantees|steps)\b", re.IGNORECASE)


def discussed_not_taken(sentence: str, found: re.Match) -> bool:
    """Is the step only discussed: named as a gerund that a verb after it weighs ("letting them send
    staff would raise difficulties"), or tied to a condition ("ties embassy status ... to progress on
    girls' schooling")? Asked of every trigger, as retells_a_report is."""
    if (found.group(0)[:12].split(" ", 1)[0].lower().endswith("ing")
            and _WEIGHED_AFTER.match(sentence, found.end()) is not None):
        return True
    return (_TIES_BEFORE.search(sentence, max(0, found.start() - 30), found.start()) is not None
            and _TO_A_CONDITION.match(sentence, found.end()) is not None)

_AUXILIARY_JUST_BEFORE = re.compile(r"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _without_subjects_own_lack(preceding: list[str], sentence: str, start: int) -> list[str]:
    """A passive's subject may hold a "without" of its own ("a rule barring women from travel
    without a guardian's permit was condemned"): it negates the permit, not the verb. Dropped
    when two words or more stand between it and the auxiliary."""
    if "without" not in preceding or not _AUXILIARY_JUST_BEFORE.search(sentence, max(0, start - 30), start):
        return preceding
    last = len(preceding) - 1 - preceding[::-1].index("without")
    return preceding[:last] + preceding[last + 1:] if len(preceding) - last - 1 >= 3 else preceding


class Modality:
    """The taxonomy's negation, hedge and condition words, and the checks that use them."""

    def __init__(self, taxonomy: Taxonomy):
        negation = taxonomy.negation
        self.before = PhraseSet(negation.get("before", []))
        self.after = PhraseSet(negation.get("after", []))
        self.hedges = PhraseSet(negation.get("hedges", []))
        self.conditions = PhraseSet(negation.get("conditions", []))
        self.future = PhraseSet(negation.get("future", []))
        # phrases whose negation word negates nothing around them ("held without charge ... were
        # designated": the designation happened), taken out of a trigger's preceding words
        self.idioms = PhraseSet(negation.get("idioms", []))
        self.finder = word_finder({"before": self.before, "hedge": self.hedges, "after": self.after,
                                   "condition": self.conditions, "future": self.future})

    def words_in(self, spaced: str) -> list[tuple[int, frozenset]]:
        """Where the story holds any modal word (one pass; usually a handful)."""
        return find_words(self.finder, spaced)

    def cancels(self, sentence: str, found: re.Match, trigger: Trigger, hits: list[tuple[int, frozenset]]) -> bool:
        """Is the trigger negated ("did not recognise") or, if it can be, hedged ("may
        recognise"), planned ("will visit next week") or conditional ("would recognise
        if...")? For a pledge ("will provide aid") the future is the act itself.
        `hits` holds where the sentence has a modal word: with none near the trigger
        the answer is no without looking at the words. What the future happens "under"
        ("trains will run under terms settled by ...", "guards will be posted under a plan
        agreed with ...") was settled already: not planned. A step "next month" is planned; a
        pressure step promised if the other side does not act ("would impose sanctions if the
        Americans were not freed") is a threat, pressure already. Not taken either: a step put in
        a modal passive after it ("a consular team could be sent"), one others press a government
        to take ("press Jakarta to name a full ambassador"), a visit someone was expected to make
        ("expected to lead a delegation ... for a three-day visit")."""
        if (("report" in sentence or "denie" in sentence or "claim" in sentence or "statement" in sentence)
                and _DENIED_REPORT.search(sentence, 0, found.start())):
            return True
        if trigger.level == "pressure" and _THREAT.search(sentence, max(0, found.start() - 30), found.start()) \
                and _IF_NOT.search(sentence, found.end()):
            return False  # "would impose new sanctions ... if two detained Americans were not freed": a threat
        if trigger.hedged and not trigger.pledge and _FUTURE_TIME_AFTER.match(sentence, found.end()):
            return True  # "travel to Tashkent for a rail summit next month": planned
        modal_passive = trigger.hedged and _MODAL_PASSIVE_AFTER.match(sentence, found.end())
        if modal_passive and (modal_passive.group(1).lower() in ("could", "might", "may") or not trigger.pledge):
            return True  # "a larger consular team could be sent": not yet sent
        if trigger.hedged and not trigger.pledge and _PRESSED_TO_BEFORE.search(sentence, max(0, found.start() - 80),
                                                                               found.start()):
            return True  # "press Jakarta to name a full ambassador": asked for
        if (found.group(0)[:5].lower() in ("visit", "trip", "tour") and not trigger.pledge
                and _PLANNED_FOR_A_VISIT_BEFORE.search(sentence, max(0, found.start() - 140), found.start())):
            return True  # "was expected to lead a delegation to Pakistan for a three-day visit": planned
        before, after = near(hits, found.start(), found.end(), CLAUSE_WINDOW)
        hedges = trigger.hedged and ("hedge" in before or "condition" in after
                                     or ("future" in before and not trigger.pledge))
        if not ("before" in before or "after" in after or hedges):
            return False
        preceding = clause_before(sentence, found.start(), limit=10)
        preceding = _without_subjects_own_lack(self.idioms.without(preceding), sentence, found.start())
        following = words(clause_after(sentence, found.end()))
        if self.before.within(preceding) or self.after.within(following):
            return True
        joined = _COORDINATED_INFINITIVE.search(sentence, max(0, found.start() - 24), found.start())
        if joined is not None and self.before.within(clause_before(sentence, joined.start(), limit=14)):
            return True  # "had no plans to turn its office into an embassy or to accept an ambassador"
        if trigger.hedged and self._governed_by_an_earlier_hedge(sentence, found, not trigger.pledge):
            return True
        if "before" in before and _NEITHER_NOR.search(sentence, 0, found.start()):
            return True
        if not trigger.hedged or _PASSIVE_OPENING.match(found.group(0)):
            return False  # "A plan to double cargo was discussed": the plan is what was discussed
        condition = ("condition" in before or "hedge" in before) and _CONDITIONAL_CLAUSE.search(
            sentence, max(0, found.start() - CLAUSE_WINDOW), found.start())
        if condition and not (condition.group(0)[:4].lower() == "only" and _PAST_VERB.match(found.group(0))):
            return True  # "... once the Taliban and Pakistan have agreed": the clause is a condition
        return (self.hedges.within(preceding) or self.conditions.within(following[:8])
                or (not trigger.pledge and self.future.within(preceding) and "under" not in preceding[-3:]))

    def _governed_by_an_earlier_hedge(self, sentence: str, found: re.Match, future_counts: bool) -> bool:
        """Is the act an infinitive or gerund that a hedge earlier in the sentence governs, across
        the words between? "urged its partners to 'draw the logical conclusion' and recognise the
        Taliban"; "called on members of the OIC on Wednesday to recognise his administration";
        "called on Uzbekistan ... to follow Russia and Kyrgyzstan in formally recognising"; "is
        considering raising its mission to ambassador level and accepting an ambassador"."""
        start, verb = found.start(), found.group(0)
        if _BASE_FORM.match(verb) and (self._hedged_call_before(sentence, start, future_counts)
                                       or self._called_on_to(sentence, start)):
            return True
        return self._hedged_follow_in(sentence, start) or bool(
            _GERUND.match(verb) and self._hedged_gerund_before(sentence, start))

    def _hedged_call_before(self, sentence: str, start: int, future_counts: bool = True) -> bool:
        """Does a hedge ("urged", "wants", "plans") govern an earlier infinitive the bare verb at
        `start` is coordinated with ("urged its partners to draw the conclusion and recognise"),
        or a modal or future ("will", "is expected to") an earlier bare verb ("will follow Russia
        and recognise")? `future_counts`: not for a pledge, where announcing is the act."""
        if future_counts and _MODAL_THEN_AND.search(sentence, max(0, start - 90), start):
            return True  # "hopes Mongolia will follow Russia and recognise it"
        joined = _TO_THEN_AND.search(sentence, max(0, start - 90), start)
        if joined is None:
            return False
        told = words(sentence[max(0, joined.start() - 120):joined.start()])
        return self.hedges.within(told) or (future_counts and self.future.within(words(
            sentence[max(0, joined.start() - 40):joined.start() + 3])))  # "is expected to follow Russia and recognise"

    def _called_on_to(self, sentence: str, start: int) -> bool:
        """Is the bare verb at `start` an infinitive ("to recognise") that a hedge earlier in its
        clause governs, however many words stand between ("called on members of the OIC on
        Wednesday to recognise")? The clause ends at a comma or semicolon."""
        if not _TO_JUST_BEFORE.search(sentence, max(0, start - 4), start):
            return False
        clause = max(sentence.rfind(",", 0, start), sentence.rfind(";", 0, start)) + 1
        return self.hedges.within(words(_MAY_THE_MONTH.sub(" ", sentence[max(clause, start - 140):start])))

    def _hedged_follow_in(self, sentence: str, start: int) -> bool:
        """Does a hedge govern "to follow (join) X in" right before the act ("urged them to
        follow Russia in recognising")? Those urged have not done it."""
        joined = _TO_FOLLOW_IN.search(sentence, max(0, start - 100), start)
        return joined is not None and self.hedges.within(words(sentence[max(0, joined.start() - 120):joined.start()]))

    def _hedged_gerund_before(self, sentence: str, start: int) -> bool:
        """Does a hedge ("considering", "weighing") govern an earlier gerund the one at `start`
        is coordinated with ("is considering raising its mission ... and accepting an envoy")?"""
        for gerund in _GERUND.finditer(sentence, max(0, start - 90), start):
            if (_AND_THEN.fullmatch(sentence, gerund.end(), start)
                    and self.hedges.within(words(sentence[max(0, gerund.start() - 40):gerund.start()])[-3:])):
                return True
        return False


# Headlinese for what is to come: "Taliban foreign minister to visit India". A headline that opens with its
# subject and "to" before a visit or talks tells a plan, not the act; "... agrees to ..." (a verb before "to")
# tells it done, and other rules read hedges ("plans to", "wants to"). A formal step so told ("Kyrgyzstan and
# Taliban to exchange ambassadors") is a decision taken, as LABELLING.md reads an agreement to exchange them,
# and an aid pledge is the act (events.py asks neither). News-search feeds carry only such headlines.
_HEADLINE_FUTURE = re.compile(r"\W*(?:[\w.'’-]+,?\s+){1,6}?(?<!\bagrees\s)(?<!\bagreed\s)(?<!\bdecides\s)"
                              r"(?<!\bdecided\s)(?<!\bvotes\s)(?<!\bvoted\s)(?<!\bmoves\s)(?<!\bmoved\s)(?<!\bopts\s)"
                              r"(?<!\bbegins\s)(?<!\bstarts\s)(?<!\bcontinues\s)to\s+$", re.IGNORECASE)


def headline_future(headline: str, start: int) -> bool:
    """Is the act at `start` of a headline (no full stop at its end) told as to come? Read from the
    headline's last part before it ("Kabul welcomes upgrade, Muttaqi to visit soon")."""
    part = max(headline.rfind(mark, 0, start) for mark in (",", ";", ":", " - ", " – ")) + 1
    return not headline.rstrip().endswith(".") and _HEADLINE_FUTURE.match(headline, part, start) is not None
