"""One sentence as events.py reads it: who performs each trigger found in it (the subject,
the agent of a passive, the name an apposition is about, a subject carried over from the
sentence before), whether the act is restated from before the news, and the date the text
gives a restated act. Built only for sentences a trigger is found in.
"""
from __future__ import annotations

import re
from datetime import date

from ingest.tagging.agents import agent_is_people, envoys_state, followed_in, taliban_envoy_posted_to, taliban_side_acts
from ingest.tagging.clauses import aside_spans, clause_span, inside, origin_spans, relative_asides
from ingest.tagging.cues import Cued
from ingest.tagging.background import told_as_before
from ingest.tagging.dates import AHEAD_OF_OTHERS, OTHER_EVENT, SINCE_AFTER, SO_FAR, date_owning, may_hold_date, past_date
from ingest.tagging.hosts import announced_by_host
from ingest.tagging.matching import Match
from ingest.tagging.restated import (AGREED_TO, APPOSITION_BEFORE, CURRENT_ASIDE, FIRST, OTHER_EVENT_ASIDE, PERFECT_BEFORE,
                                     RESTATED, SAME_PERIOD_AFTER)
from ingest.tagging.subjects import CRITICS_JUST_BEFORE, SAID_COMMA, acting_actors
from ingest.taxonomy import AID_CHANNELS, FORMAL_LEVELS, Trigger

# The Taliban's return to power, the past event a restated act follows ("after the Taliban seized
# power", "following the Taliban takeover"); the date after it, if the sentence gives one, is the act's.
_AFTER_THE_TAKEOVER = re.compile(r"(?:after|following)\s+(?:the\s+)?Taliban(?:['’]s)?\s+(?:(?:took|seized|returned\s+to|"
                                 r"came\s+to|swept\s+(?:back\s+)?(?:in)?to)\s+power|takeover|return\s+to\s+power|"
                                 r"seizure\s+of\s+power)\b", re.IGNORECASE)
_SINCE_A_YEAR = re.compile(r"since\s+(?:19|20)\d\d\b", re.IGNORECASE)  # "the first ambassador since 2021"
_UNDER_JUST_BEFORE = re.compile(r"\bunder\s+$", re.IGNORECASE)
_NEWS_TIME = re.compile(r"\b(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|today|yesterday|tonight|"
                        r"overnight|this (?:week|morning|afternoon|evening)|earlier (?:on|in the day))\b", re.IGNORECASE)
_POSSESSIVE_TITLE = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?:minister|envoy|ambassador|president|premier|secretary|"
                               r"representative|chief|head|spokesman|spokeswoman|spokesperson|government|cabinet|council)"
                               r"(?:\s+(?:to|in)\s+(?:Afghanistan|Kabul))?\s*", re.IGNORECASE)  # "Tajikistan's new ambassador to Afghanistan, whose ..."
# "... with Qatar and Turkey as mediators": the parties of the step the clause told before them
_AS_PARTIES_JUST_BEFORE = re.compile(r"\bwith\s+(?:[\w'’.-]+\s+){1,5}as\s+$|\b(?:under|with)\s+(?:[\w'’.-]+\s+){1,4}$",
                                     re.IGNORECASE)
_NEWS_TIME_CUED, _OTHER_EVENT_CUED = Cued(_NEWS_TIME), Cued(OTHER_EVENT)  # run only where their words occur
_CHANNEL_BEFORE = re.compile(r"\b(?:through|via|by|with)\s+(?:the\s+)?(?:[\w'’.-]+\s+)?$", re.IGNORECASE)
_PARTIES_BEFORE = re.compile(r"\b(?:(?:both|the two|the three|all) (?:sides|countries|neighbours|neighbors|delegations|"
                             r"governments)|Afghan\w*|Kabul|Islamic Emirate)\b", re.IGNORECASE)
# "agreed with Taliban officials", "agreed with officials of the Taliban's interior ministry"
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}(?:(?:of|from)\s+(?:the\s+)?)?$", re.IGNORECASE)
# "... was agreed on Tuesday by Pakistan's commerce minister and his Taliban counterpart": both agents
_BY_AND_BEFORE = re.compile(r"^\s+(?:[\w'’-]+\s+){0,3}?by\s[^;]*\band\s+(?:his|her|their|the)?\s*$", re.IGNORECASE)
_WITH_AFGHAN_SIDE = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+with\s+(?:the\s+)?(?:Afghan\w*|Kabul|Islamic Emirate)\b",
                               re.IGNORECASE)
_TWO_SIDES = re.compile(r"\b(?:the two sides|both sides|the two (?:men|leaders|ministers|delegations))\b[^,;]*$",
                        re.IGNORECASE)
# Working-level people of "both sides", with no name in the sentence: the story's foreign side
# and the Taliban's meet, at working level (events.py).
_SIDES_PEOPLE = re.compile(r"\b(?:officials|officers|staff|teams|representatives|experts|commanders)\s+(?:from|of)\s+"
                           r"(?:both|the two)\s+sides\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
# Where an envoy is posted, which names no one else: "said its ambassador in Kabul had met ..." (blind113)
_POSTED_IN_KABUL = re.compile(r"\b(?:ambassador|envoy|embassy|mission|charg[eé] d['’]affaires)\s+(?:in|to)\s+(?:Kabul|Afghanistan)\b")
# Someone's words quoted, which name no actor of the clause: "calling it 'discrimination against Afghan Shias', and"
_QUOTED_WORDS = re.compile(r"(?<!\w)['‘\"“][^'‘’\"“”]{1,160}['’\"”](?!\w)")
_PRONOUNS = {"it", "its", "their", "they", "he", "his", "she", "her", "the", "but", "yet", "and", "while", "on",
             "in", "last", "this", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "hours", "days", "later", "earlier", "meanwhile", "separately", "also", "during", "after", "before", "at",
             "for", "with"}  # and words opening a sentence


def _without_other_events(text: str) -> str:
    """`text` (what comes before an act) with its asides about other happenings blanked out,
    positions kept: their dates are not the act's."""
    return OTHER_EVENT_ASIDE.sub(lambda found: " " * len(found.group(0)), text)


class SentenceReading:
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
                today = _NEWS_TIME_CUED.search(self.text, low, high) is not None  # "..., whose accreditation X confirmed on Tuesday,"
                if owner is not None and owner in self.foreign and not taliban_envoy_posted_to(owner, self.text, self.offset):
                    owner = envoys_state(owner, self.foreign, self.text, self.offset)  # "X's ambassador to Iran, who ...": X
                    return [owner.target], not (today or CURRENT_ASIDE.match(self.text, low))
                # (the state a Taliban envoy is posted to takes no step by it: "The Taliban's ambassador to
                # Pakistan, whose credentials as non-resident ambassador to Nepal were accepted by ...")
                # about the Taliban side: "the Taliban, whose government Russia recognised last year"
                named = sorted({m.target for m in self.foreign if low <= m.start - self.offset < high})
                if not named and today and (titled := self._titled_owner(low)) is not None:
                    return [titled.target], False  # "Egypt's foreign minister, who had met X earlier in the day,"
                return named, not today
        low, high = self._clause(found)
        if trigger.level in FORMAL_LEVELS and AGREED_TO.search(self.main, low, found.start()):
            return [], False  # "agreed in principle to exchange ambassadors": a step promised, not the status yet
        actors = self._acting_in_clause(trigger, found, low, high)
        if not actors and self.host is not None and announced_by_host(trigger, found, self.main):
            actors = [self.host.target]
        if self._date_before_same_period(found, high) is not None:
            return actors, True  # "..., which recognised them in July 2025, accepted their envoy the same month"
        if trigger.level in FORMAL_LEVELS and ((RESTATED.search(self.main, low, found.start())  # "became the first to"
                                                and not _NEWS_TIME_CUED.search(self.main, low, found.start()))  # "on Thursday became"
                                               or APPOSITION_BEFORE.search(self.main, max(low, found.start() - 60),
                                                                            found.start())  # ", a member that recognised"
                                               or SO_FAR.search(self.main, low, found.start())  # "has so far been"
                                               or AHEAD_OF_OTHERS.match(self.main, found.end(), high)  # "before any other"
                                               or (SINCE_AFTER.match(self.main, found.end(), high)  # "... since 2024"
                                                   and not FIRST.search(self.main, max(low, found.start() - 20), found.end()))
                                               or self._sums_up(actors, found, low)):
            return actors, True
        return actors, told_as_before(trigger, found, self.main, self.text, low, self.foreign, self.offset)

    def _titled_owner(self, aside_start: int) -> Match | None:
        """The state whose office-holder a relative clause is about: "Egypt's foreign minister,
        who ..." (only the possessive and a title between the name and the clause)."""
        for match in self.foreign:
            end = match.end - self.offset
            if end <= aside_start and _POSSESSIVE_TITLE.fullmatch(self.text, end, aside_start):
                return match
        return None

    def _date_before_same_period(self, found: re.Match, high: int) -> date | None:
        """The past date told before an act dated "the same month" (or week, year) as it."""
        if (SAME_PERIOD_AFTER.match(self.main, found.end(), high) is None
                or _NEWS_TIME_CUED.search(self.text, 0, found.start()) is not None):  # "on Tuesday ..., the same day"
            return None
        return past_date(self.text[:found.start()], self.published)

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
        envoys"), sums up where things stand: background, not news of the day. Every state named just
        before the act counts ("Russia, China, and Pakistan have accepted": not Pakistan alone)."""
        listed = {m.target for m in self.foreign if found.start() - 80 <= m.start - self.offset < found.start()}
        return ((len(actors) >= 2 or len(listed) >= 2)
                and PERFECT_BEFORE.search(self.main, max(low, found.start() - 40), found.start()) is not None
                and _NEWS_TIME_CUED.search(self.text) is None)

    def _acting_in_clause(self, trigger: Trigger, found: re.Match, low: int, high: int) -> list[str]:
        if trigger.level == "pressure" and CRITICS_JUST_BEFORE.search(self.text, max(0, found.start() - 50), found.start()):
            return []  # "hosted Taliban officials, a move critics decry", "which activists denounced": not the host's words
        if trigger.mode == "mutual" and _TWO_SIDES.search(self.main, low, found.start()):
            subject = self._sentence_subject(found.start())  # "X received Baradar, ... and the two sides signed"
            if subject is None and working_sides(self.main, low, found.start()):
                subject = self.carried  # "Border officers from the two sides met": the story's foreign side is one
            if subject is not None:
                return [subject.target]
        inside = [m for m in self.foreign if low <= m.start - self.offset < high and not self._in_aside(m)
                  and not followed_in(found, m, self.offset, self.main)]  # "to follow Russia in recognising": not Russia's act
        actors = acting_actors(trigger, found, self.offset, inside, self.counterpart, self.main)
        opener = not any(m.start - self.offset < found.start() for m in inside)
        if (opener and (low > 0 or self.carried is not None) and self._carries_subject(low, found.start())
                and not taliban_side_acts(trigger, found, self.counterpart, self.offset, self.main)
                and not agent_is_people(found, self.main)):  # "paid for by relatives": theirs
            # (not into an act the Taliban are the agent of: "UNICEF said ...; schooling remains barred by the Taliban")
            subject = self._sentence_subject(low) or self.carried
            if (subject is not None and (trigger.mode == "mutual" or not actors)
                    and not self._only_an_origin(subject.target)):
                actors = sorted(set(actors) | {subject.target})
        if actors and trigger.level == "humanitarian":
            actors = sorted(set(actors) | self._aid_channels(found.start(), high))
        if not actors and trigger.level == "hostile" and self.blamed is not None:
            actors = [self.blamed.target]
        return actors

    def _only_an_origin(self, actor: str) -> bool:
        """Is `actor` named in this sentence only as where people come from ("60 Afghans sent
        back from Germany arrived ..., where ministry officials gave them assistance")? Then
        what the sentence tells is not its act."""
        named = [m for m in self.foreign if m.target == actor]
        if not named:
            return False
        origins = origin_spans(self.main)
        return all(inside(origins, m.start - self.offset) for m in named)

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
        Yes when nobody else is named before the trigger: no Taliban side, no other name
        (where its envoy is posted and words it quotes name no one: "calling it 'discrimination
        against Afghan Shias', and said its ambassador in Kabul had met")."""
        naming_no_one = [found.span() for expression in (_POSTED_IN_KABUL, _QUOTED_WORDS)
                         for found in expression.finditer(self.main, low, start)]
        if any(low <= c.start - self.offset < start and not inside(naming_no_one, c.start - self.offset)
               for c in self.counterpart):
            return False
        return not any(w.group(0).lower() not in _PRONOUNS and not inside(naming_no_one, w.start())
                       for w in _CAPITALISED.finditer(self.main, low, start))

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
        owned = date_owning(self.main, found.start(), self.published, self.text)  # (asides may date it)
        if owned is not None:
            return owned
        told_before = self._date_before_same_period(found, self._clause(found)[1]) if background else None
        if told_before is not None:
            return told_before  # the date told before "the same month"
        if self._dates is None:
            self._dates = may_hold_date(self.text)
        if not self._dates:
            return None  # no digit, month or "last year" anywhere in the sentence
        for low, high, _ in self.asides:
            if low <= found.start() < high:
                if _told_as_news(self.text, found, high, self.published):
                    return None  # "from Savannah, Georgia, held since last summer was handed over on Tuesday"
                told_today = _NEWS_TIME_CUED.search(self.text, low, found.start())  # "... on Tuesday after mediation"
                return past_date(self.text[told_today.end() if told_today else low:high], self.published)
        low, high = self._clause(found)
        if found.group(0)[:6].lower() == "under " or _UNDER_JUST_BEFORE.search(self.main, max(0, found.start() - 8), found.start()):
            # "handed over on Tuesday ... under an arrangement agreed with the Taliban in June": what is
            # done under it is the news; only a date before "under" dates it
            return past_date(self.main[low:found.start()], self.published)
        for said in SAID_COMMA.finditer(self.main, low, found.start()):
            low = said.end()  # "... held since 2024 was freed, Qatar said, crediting months of mediation": not its date
        joined = self.main.rfind(" and ", low, found.start())  # "... in January and has since approved": not its date
        other = _OTHER_EVENT_CUED.search(self.main, found.end(), high)
        if _told_as_news(self.main, found, high, self.published):
            return None  # "appealed on Tuesday for ..., less than last year's": this week's news
        told_today = _NEWS_TIME_CUED.search(self.main, max(low, joined), found.start())
        if told_today is not None and found.start() - told_today.end() <= 1 and trigger.level not in FORMAL_LEVELS:
            return None  # "the Federal Council on Wednesday froze ..., taking over listings the EU made in September"
        if told_today is not None:  # "held since February were handed over on Friday after talks mediated by Qatar"
            low, joined = told_today.end(), -1  # only a date after "on Friday" dates the act
        start = max(low, joined)
        before = _without_other_events(self.main[start:found.start()])  # only asides wholly before the act
        dated = past_date(before + self.main[found.start():other.start() if other else high], self.published)
        if (dated is None and other is not None and (takeover := _AFTER_THE_TAKEOVER.match(self.main, other.start()))
                and told_today is None):
            # "froze $7 billion of reserves after the Taliban took power in August 2021": the act followed the
            # takeover, dated there (background of that date), not this week's news
            return past_date(self.main[takeover.end():high], self.published)
        if dated is None and other is not None and (counted := _SINCE_A_YEAR.match(self.main, other.start())):
            # "accepted Kabul's first ambassador since 2021 last month": the year counts, "last month" dates it
            dated = past_date(self.main[counted.end():high], self.published)
        if (dated is None and (after := self.main.rfind(" after ", max(0, low - 8), found.start())) >= 0
                and not _NEWS_TIME_CUED.search(self.main, 0, after)):
            # "The truce was first agreed in Doha in October, after a week of clashes and air
            # strikes": what came before a past step (no news told before it) is background of its date
            dated = past_date(self.main[:after], self.published)
        if dated is None and _AS_PARTIES_JUST_BEFORE.search(self.main, max(0, found.start() - 40), found.start()):
            # "The ceasefire was agreed in Doha in October 2025 with Qatar and Turkey as mediators"
            # ("... under Qatari and Turkish mediation", "with Qatari mediation"): the parties of a
            # dated past step, named after it; a date told before the news time ("struck on
            # Thursday") is not its date
            news_told = self._last_news_time(found.start())
            dated = past_date(_without_other_events(self.main[news_told:found.start()]), self.published)
        return dated

    def _last_news_time(self, before: int) -> int:
        """Where the last news time ("on Thursday", "today") before `before` ends, or 0."""
        end = 0
        while (told := _NEWS_TIME_CUED.search(self.main, end, before)) is not None:
            end = told.end()
        return end

    def aside_around(self, position: int) -> tuple[int, int] | None:
        """The apposition or relative clause holding `position` of the sentence, if any."""
        return next(((low, high) for low, high, _ in self.asides if low <= position < high), None)

    def _in_aside(self, match: Match) -> bool:
        position = match.start - self.offset
        return any(low <= position < high for low, high, _ in self.asides)


def _told_as_news(text: str, found: re.Match, high: int, published: date) -> bool:
    """Does the news time ("on Tuesday") follow the trigger within its clause (or 110
    characters of it)? Then the act is the news, whatever date the clause told before it;
    unless the act's own past date comes first and the news time belongs to a next act
    ("recognised the Taliban in November 2025 and on Monday the two sides raised ...")."""
    news = _NEWS_TIME_CUED.search(text, found.start(), min(high, found.end() + 110))
    if news is None:
        return False
    joined = text.find(" and ", found.end(), news.start())
    return joined < 0 or past_date(text[found.end():joined], published) is None


def working_sides(text: str, start: int = 0, end: int | None = None) -> bool:
    """Does the text name working-level people of both sides ("officials from both sides")?"""
    return _SIDES_PEOPLE.search(text, start, len(text) if end is None else end) is not None
