"""Dates in the text: when a restated fact happened, resolved against the story's date.

Coverage restates old facts in passing ("Russia, which recognised the Taliban in July,
..."). Such a fact is no news on the story's date; where the text dates it, it is an
event on that date, flagged as reported in background.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ingest.tagging.cues import Cued
from ingest.tagging.matching import caseless, lowercase_pattern

_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH_NAMES = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
                r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec")
_MONTH = r"(?P<month>" + _MONTH_NAMES + r")\.?"
_DATE_PATTERN = (
    r"\b(?:(?P<last>last|early|late|mid-?)\s+)?" + _MONTH + r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
    r"|\b(?P<day2>\d{1,2})\s+(?P<month2>" + _MONTH_NAMES + r")\.?"  # "15 Sept 2025", as "Sept 15" is read above
    r"(?:\s+(?P<year2>(?:19|20)\d\d))?\b"
    r"|\b(?:in|since|during|of|from|before|between)\s+(?:(?:early|late|mid-?)\s*)?(?P<year3>(?:19|20)\d\d)\b"
    r"|\b(?P<relative>last (?:month|year)|(?:the )?(?:last|previous) (?:fiscal|financial) year|a year ago|two years ago|the previous year|the year before"
    r"|earlier this (?:month|year))\b"
    r"|\b(?:in|during|over|last) (?:the )?(?P<season>spring|summer|autumn|fall|winter)\b"
)
_DATE = re.compile(_DATE_PATTERN, re.IGNORECASE)
_DATE_LOWERED = re.compile(lowercase_pattern(_DATE_PATTERN))  # for text lower-cased (matching.caseless)
# A cheap first look: text holding none of the strings one of which every date _DATE reads
# contains (a month's name, the "19" or "20" of a year, a relative expression's words;
# cues.py reads them from the expression) holds no date. One automaton pass, not the
# case-insensitive alternation (~30 us a sentence).
_DATE_CUED = Cued(_DATE)


def may_hold_date(text: str) -> bool:
    return _DATE_CUED.may_match(text)
# "since" dates what came before the news, unless it is a perfect's ("has since met") or the
# length of a state the news ends ("held in Kabul since March was freed on Tuesday").
_SINCE_ACT = (r"(?<!has )(?<!have )(?<!had )since"
              r"(?! (?:early |late |mid-?)?(?:[\w'’-]+ ){1,5}?(?:was|were|has been|have been|had been) )")
# Restated, not reported: an act inside such a clause is background when it is a formal step.
BACKGROUND_BEFORE = re.compile(r"\b(?:" + _SINCE_ACT + r"|ever since|(?:has|have|had) already|(?:days|weeks|months|years|a day|"
                               r"a week|a month|a year|two years|shortly|soon|long|three years|four years) after)\b[^,;]*$",
                               re.IGNORECASE)  # "Germany has already accredited staff ...": a step told as done before
# A first told after the act: "recognised the Taliban before any other Arab government did".
AHEAD_OF_OTHERS = re.compile(r"[^,;.]{0,80}?\b(?:before|ahead of) (?:any|all|every) (?:other|of the)\b", re.IGNORECASE)
SO_FAR = re.compile(r"\b(?:so far|to date|thus far|until now)\b[^,;]*$", re.IGNORECASE)  # where things stand
# A formal step in force "since" a time before the news is where things stand, not news:
# "has let a Taliban appointee run the embassy since September 2025".
SINCE_AFTER = re.compile(r"[^,;.]{0,100}?\bsince (?:early |late |mid-?)?(?:last (?:year|month|spring|summer|autumn|winter)|"
                         r"\d{4}|(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b)", re.IGNORECASE)
# "the first anniversary of Russia's recognition of ...": a step a year or more before the news
ANNIVERSARY_BEFORE = re.compile(r"\banniversary of\s+(?:[\w'’.-]+\s+){0,3}$", re.IGNORECASE)
# An act the text calls earlier than the news ("during a recent visit to Kabul by ...").
# A standing practice, not news: "already deport convicted Afghans with the help of ..." (a present tense after it)
ALREADY_PRESENT = re.compile(r"\balready\s+(?:[a-z]+(?<!ed)(?<!ing)\s)", re.IGNORECASE)
EARLIER_JUST_BEFORE = re.compile(r"(?:\b(?:a|an|his|her|their|its|the)|[\w-]['’]s)\s+(?:recent|earlier|previous|prior)\s+$",
                                 re.IGNORECASE)
# An act this long before the news is restated, whatever its level ("days after airstrikes on
# Kabul", "years before recognising their government", "years of trade cooperation with", "the
# first call since the airstrikes", "has long hosted the movement's office").
LAGGED_BEFORE = re.compile(r"\b(?:(?:days|weeks|months|years|a week|a month|a year|two years|three years|four years|"
                           r"(?:a |one )?week[- ]and[- ]a[- ]half|(?:a |one )?month[- ]and[- ]a[- ]half) "
                           r"(?:after|following|before)|(?:years|decades) of|(?:after|following) (?:more than |nearly |almost |"
                           r"over )?(?:a week|days|weeks|a month|months) of|" + _SINCE_ACT + r"|"
                           r"(?:has|have|had) (?:long|for years))\b[^,;]*$",
                           re.IGNORECASE)
# ... and a participle after its comma goes on with that act: "came a week after Trump urged the
# Taliban to give back Bagram, threatening 'bad things'" (the threat is the week-old act's).
LAGGED_THEN_PARTICIPLE = re.compile(r"\b(?:days|weeks|months|years|a week|a month|a year) (?:after|following|before)\b"
                                    r"(?:[^.;]|(?<=\b[A-Z])\.)*,\s*$", re.IGNORECASE)  # ("U.S." ends nothing)
# What follows these is another event, whose date is not the trigger's ("... after last year's
# attack", "a warrant ... over the torture of protesters in 2022").
OTHER_EVENT = re.compile(r"\b(?:after|following|since|because of|in response to|before|(?:that|which) (?:began|started)|"
                         r"to (?:replace|succeed)|"  # "accepted a new ambassador to replace the envoy recalled in August"
                         r"first (?:reached|agreed|signed|struck|brokered)|"
                         r"(?<!take )(?<!took )(?<!taken )(?<!takes )(?<!taking )(?<!hand )(?<!hands )(?<!handed )"
                         r"(?<!handing )(?<!turn )(?<!turns )(?<!turned )(?<!passed )over)\b", re.IGNORECASE)  # not "took over"
# An act told in the pluperfect ("The OIC's statement, issued on Monday, had called on Kabul to
# reverse the measure") happened before the news ...
_PLUPERFECT_JUST_BEFORE = re.compile(r"\bhad\s+(?:(?:already|also|earlier|at first|once|\w+ly)\s+)?$", re.IGNORECASE)
# The verbs that attribute what a sentence tells to a speaker ("..., the ministry said").
_REPORTING = r"said|says|told|tells|according to|added|reported|announced|stated|quoted"
ATTRIBUTED = re.compile(rf"\b(?:{_REPORTING})\b", re.IGNORECASE)
# ... unless a reporting verb backshifts it ("said it had sent") or it is hours before ("Hours earlier, X had warned")
_REPORTED_OR_SAME_DAY = re.compile(rf"\b(?:{_REPORTING}|(?:hours|minutes) (?:earlier|before)|earlier (?:in|on) the day|"
                                   r"(?:earlier )?that day|the same day)\b", re.IGNORECASE)
# A date after these is a deadline or an end, not the day of a restated act.
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till|before|to|through|no later than|deadline of|expires? on|runs? to|ends? on)\s+"
                              r"(?:the (?:end|middle|start) of\s+)?$",
                              re.IGNORECASE)
# How far before the story's date a dated act counts as background rather than news.
NEWS_WINDOW = timedelta(days=14)
# ... and when the text names the day ("on July 3"): an outlet a day late still reports news.
DAY_NEWS_WINDOW = timedelta(days=3)


def _starts_ahead(found: re.Match, text: str, published: date) -> bool:
    """Is it a start still ahead ("from Oct 1" in an August story, no year given)?"""
    groups = found.groupdict()
    month_name = groups["month"] or groups["month2"]
    if not month_name or groups["year"] or groups["year2"] or groups["last"]:
        return False
    if not _FROM_BEFORE.search(text, max(0, found.start() - 16), found.start()):
        return False
    day = int(groups["day"] or groups["day2"] or 1)
    month = _MONTHS[month_name.lower().rstrip(".")]
    if (month, day) > (published.month, published.day):
        return True
    # "from January" in a December story is the coming one, unless it opens a range ("from January to March")
    return 0 < month + 12 - published.month <= _WRAP_MONTHS and not _RANGE_AFTER.match(text, found.end())


_WRAP_MONTHS = 3
_RANGE_AFTER = re.compile(r"\s+(?:to|until|till|through|and)\b", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?:from|starting|beginning|effective|as of)\s+$", re.IGNORECASE)


def resolve(found: re.Match, published: date) -> date | None:
    """The first day the expression points to, on or before `published` (None if unsure)."""
    groups = found.groupdict()
    if groups["season"]:
        return _season(groups["season"].lower(), published)
    if groups["relative"]:
        return _relative(groups["relative"].lower(), published)
    if groups["year3"]:
        return date(int(groups["year3"]), 1, 1)
    month_name = groups["month"] or groups["month2"]
    month = _MONTHS[month_name.lower().rstrip(".")]
    year_text = groups["year"] or groups["year2"]
    day = int(groups["day"] or groups["day2"] or 1)
    if not 1 <= day <= 31:
        return None
    if year_text:
        year = int(year_text)
    else:
        year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
        if groups["last"] and groups["last"].lower() == "last" and month == published.month:
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 1)


_SEASON_STARTS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season(season: str, published: date) -> date | None:
    """The first day of the latest such season begun by the story's date ("in the spring",
    in a November story: March 1 of that year); None while that season lasts ("in the
    winter" in December may be this one, to come)."""
    month = _SEASON_STARTS[season]
    start = date(published.year if month <= published.month else published.year - 1, month, 1)
    return None if (published.year - start.year) * 12 + published.month - start.month < 3 else start


def _relative(expression: str, published: date) -> date:
    if expression == "earlier this month":
        return published.replace(day=1)
    if expression == "earlier this year":
        return published.replace(month=1, day=1)
    if expression == "last month":
        first = published.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1)
    years = 2 if expression.startswith("two") else 1
    return date(published.year - years, 1, 1)


# A date naming another happening ("homes for those who lost theirs in the August 31 earthquake").
_EVENT_NAMED_BY_DATE = re.compile(r"\s+(?:earthquakes?|quakes?|floods?|flooding|attacks?|bombings?|blasts?|clashes|fighting|"
                                  r"war|air ?strikes?|avalanches?|landslides?|tremors?|storms?)\b",
                                  re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\b(?:in|since|until|during|from|of|by|early|late|mid)\s+$", re.IGNORECASE)  # "in May": the month


def past_date(text: str, published: date) -> date | None:
    """The first date in `text` that lies clearly before the story's date, or None.
    "May" is a month only with a day, a year or a preposition ("in May"); else it is the modal verb."""
    if not may_hold_date(text):
        return None
    lowered = caseless(text)
    for found in _DATE.finditer(text) if lowered is None else _DATE_LOWERED.finditer(lowered):
        month = found.group("month")
        if month and month.lower() == "may" and not (found.group("day") or found.group("year") or found.group("last")
                                                     or _MONTH_AFTER.search(text, max(0, found.start() - 8), found.start())):
            continue
        if _DEADLINE_BEFORE.search(text, max(0, found.start() - 24), found.start()) or _starts_ahead(found, text, published):
            continue  # "leave by March 31", "will expel them from Oct 1": a deadline, not when anything happened
        if text.startswith(("'s", "’s"), found.end()) or _EVENT_NAMED_BY_DATE.match(text, found.end()):
            continue  # "last year's earthquake", "the August 31 earthquake": the date of something the act is about
        when = resolve(found, published)
        window = DAY_NEWS_WINDOW if found.group("day") or found.group("day2") else NEWS_WINDOW
        if (found.group("relative") or "").lower().startswith("earlier this"):
            window = timedelta(days=1)  # "earlier this month": before the news, however few days before
        if when is not None and when <= published - window:
            return when
    return None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A weekday that owns the act, a few words before it ("Sunday's Pakistani air strikes").
_WEEKDAY_OWNER = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s\s+(?:[\w'’-]+\s+){0,3}$",
                            re.IGNORECASE)


# A past week or month that owns the act ("last week's exchange of fire").
_PERIOD_OWNER = re.compile(r"\blast (week|month)['’]s\s+(?:(?:[\w'’-]+\s+){0,3}|(?:decision|move|agreement|pledge|plan|offer)"
                           r"\s+by\s+(?:[\w'’-]+\s+){1,4}to\s+)$", re.IGNORECASE)  # "last month's decision by X to raise"


# A period counted from a date told earlier ("accepted its credentials the following January").
_FOLLOWING_PERIOD = re.compile(r"[^,;.]{0,80}?\bthe (?:following|next) (year|January|February|March|April|May|June|July"
                               r"|August|September|October|November|December)\b")
# ... or told before the act in its clause ("and the following year the two sides raised their ties")
_FOLLOWING_PERIOD_BEFORE = re.compile(r"\b[Tt]he (?:following|next) (year|January|February|March|April|May|June|July"
                                      r"|August|September|October|November|December),?\s+(?:[^,;.\s]+\s+){0,8}$")

def date_owning(text: str, start: int, published: date, unblanked: str = "") -> date | None:
    """The date that owns the act starting at `start`, told around it rather than in its
    clause: a weekday ("killed in Sunday's air strikes", in a Tuesday story: that Sunday), when it lies two days or more before the
    story's date; a day before is still the news ("Monday's talks" on Tuesday). "Last
    week's clash" is a week back, "last month's" the first of last month. An act done "the
    following January" (or "the following year" before it) after a date told before it in
    the sentence (`unblanked`: asides included, "who in September 2023 presented ...") took
    place then."""
    told = unblanked or text
    following = _FOLLOWING_PERIOD.match(told, start)
    if following is not None:
        return _after_the_date_before(told[:start], following.group(1).lower(), published)
    following = _FOLLOWING_PERIOD_BEFORE.search(told, max(0, start - 90), start)
    if following is not None:
        return _after_the_date_before(told[:following.start()], following.group(1).lower(), published)
    period = _PERIOD_OWNER.search(text, max(0, start - 80), start)
    if period is not None:
        if period.group(1).lower() == "week":
            return published - timedelta(days=7)
        return (published.replace(day=1) - timedelta(days=1)).replace(day=1)
    owned = _WEEKDAY_OWNER.search(text, max(0, start - 50), start)
    if owned is None:
        return None
    days_back = (published.weekday() - _WEEKDAYS.index(owned.group(1).lower())) % 7
    return published - timedelta(days=days_back) if days_back >= 2 else None


def told_in_pluperfect(text: str, clause_start: int, act_start: int) -> bool:
    """Is the act at `act_start` told in the pluperfect, by no one reporting it and not hours
    before: an earlier happening the news recalls, not the news?"""
    return (_PLUPERFECT_JUST_BEFORE.search(text, max(clause_start, act_start - 20), act_start) is not None
            and _REPORTED_OR_SAME_DAY.search(text) is None)


def _after_the_date_before(before: str, period: str, published: date) -> date | None:
    """The first day of the month (or the year) after the last date with a year in `before`."""
    told = [found for found in _DATE.finditer(before) if found.group("year") or found.group("year2")]
    when = resolve(told[-1], published) if told else None
    if when is None:
        return None
    if period == "year":
        return date(when.year + 1, 1, 1)
    month = _MONTHS[period]
    return date(when.year + (month <= when.month), month, 1)
