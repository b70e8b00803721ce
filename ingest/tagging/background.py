"""Is an act a sentence tells restated from before the news? The checks on the words around a
trigger ("since it recognised ...", "days after talks in Beijing", "Weeks earlier, ...",
"refusal to recognise the Taliban was unchanged") that sentence.py runs once it knows who
acts: an act days or more before the news is background; "since" only backdates a formal step.
"""
from __future__ import annotations

import re

from ingest.tagging.dates import (ALREADY_PRESENT, ANNIVERSARY_BEFORE, BACKGROUND_BEFORE, EARLIER_JUST_BEFORE,
                                  LAGGED_BEFORE, LAGGED_THEN_PARTICIPLE, told_in_pluperfect)
from ingest.tagging.matching import Match
from ingest.tagging.restated import (AFTER_JUST_BEFORE, AFTER_WHICH, CONCEDED_PERFECT_BEFORE, DAYS_BEFORE_AFTER,
                                     EARLIER_IN_THE_SEASON_AFTER, EARLIER_INSTANCE_AFTER, EARLIER_OPENING,
                                     FOLLOWS_EARLIER, FOR_A_WHILE_AFTER, FOR_HAVING, LAST_WEEK_INSIDE, NAMED_BY_ITS_MONTH,
                                     NEXT_TO_A_DATED_PAST, OVER_JUST_BEFORE, PERFECT_JUST_BEFORE, RESULT_OF, SINCE,
                                     SINCE_A_YEAR_AFTER, SINCE_THEN, STEP_THAT_HAS_DONE, UNCHANGED_AFTER)
from ingest.taxonomy import FORMAL_LEVELS, Trigger

_BLAMED_LATER = re.compile(r",\s+(?:blaming|accusing)\b", re.IGNORECASE)
_NIGHT_NEWS = re.compile(r"\b(?:overnight|last night|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) night|"
                         r"before dawn|early (?:on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b", re.IGNORECASE)


def told_as_before(trigger: Trigger, found: re.Match, main: str, text: str, low: int, foreign: list[Match],
                   offset: int) -> bool:
    """Is the act `found` restated from before the news? `main`: the sentence as its clauses are
    read (sentence.SentenceReading.main), `text`: as written; `low`: where the act's clause
    starts; `foreign`: the foreign names found in the sentence, placed from `offset`."""
    if (LAGGED_BEFORE.search(main, low, found.start()) or EARLIER_OPENING.match(main)
            or ANNIVERSARY_BEFORE.search(main, max(low, found.start() - 50), found.start())
            or EARLIER_JUST_BEFORE.search(main, max(low, found.start() - 20), found.start())
            or ALREADY_PRESENT.match(main, max(low, found.start() - 8)) is not None
            or FOR_HAVING.search(main, max(low, found.start() - 60), found.start())
            or NAMED_BY_ITS_MONTH.search(main, max(low, found.start() - 30), found.start())
            or trigger.level in FORMAL_LEVELS and CONCEDED_PERFECT_BEFORE.search(main, max(0, found.start() - 60), found.start())):
        return True
    if trigger.level == "pressure" and FOLLOWS_EARLIER.search(main, low, found.start()):
        return True  # "The listings follow British sanctions": another's earlier measure ("the release followed
        # talks facilitated by Qatar": the talks are the news's own)
    if trigger.level in FORMAL_LEVELS and STEP_THAT_HAS_DONE.match(main, found.start()):
        return True  # "Russia's recognition of the Taliban government had 'opened doors'": a step known, not news
    if trigger.level not in FORMAL_LEVELS and EARLIER_INSTANCE_AFTER.match(main, found.end()):
        return True  # "Qatar and Turkey hosted the earlier rounds": not this news's round
    if found.group(0).split(" ", 1)[0].lower().endswith("ing") and LAGGED_THEN_PARTICIPLE.search(
            main, 0, found.start()):
        return True  # "came a week after Trump urged ..., threatening 'bad things'": the week-old act goes on
    if trigger.level not in FORMAL_LEVELS and LAST_WEEK_INSIDE.search(found.group(0)):
        return True  # "the UN mission appealed last week for $139 million": the appeal came before the news
    if trigger.level == "hostile" and DAYS_BEFORE_AFTER.match(text, found.end()):
        return True  # "the shelling of homes, which killed five earlier this week, must stop": not the news
    if trigger.level == "pressure" and UNCHANGED_AFTER.match(main, found.end()):
        return True  # "Germany's refusal to recognise the Taliban was unchanged": where it stands
    if trigger.level not in FORMAL_LEVELS and EARLIER_IN_THE_SEASON_AFTER.match(main, found.end()):
        return True  # "Qatar also sent winter aid to the provinces earlier in the season": before the news
    if PERFECT_JUST_BEFORE.search(main, max(low, found.start() - 12), found.start()) and FOR_A_WHILE_AFTER.match(
            main, found.end()):
        return True  # "Tehran has allowed Taliban appointees to run the embassy for some time": how things stand
    if trigger.level not in FORMAL_LEVELS and SINCE_THEN.match(main, found.end()):
        return True  # "ties have been strained by border clashes since": since that step, before the news
    if (trigger.level not in FORMAL_LEVELS and PERFECT_JUST_BEFORE.search(main, max(low, found.start() - 12),
                                                                         found.start())
            and SINCE_A_YEAR_AFTER.match(main, found.end())):
        return True  # "KSrelief has paid for food aid and clinics since 2022": a record, not the news
    if told_in_pluperfect(main, low, found.start()):
        return True  # "The OIC's statement, issued on Monday, had called on Kabul to ...": told as before the news
    if NEXT_TO_A_DATED_PAST.search(main, 0, found.start()):
        return True  # "Jets hit Kabul in October 2025, before a truce mediated by Qatar": the truce is past too
    if AFTER_WHICH.match(main, low) and SINCE.search(main, 0, low):
        return True  # "the first visit since the forces fought in October, after which Islamabad sealed ..."
    if found.group(0)[:5].lower() in ("visit", "trip", "tour") and RESULT_OF.search(
            main, max(low, found.start() - 60), found.start()):
        return True  # "calling it a result of the minister's successful visit to Delhi": the visit came before
    if trigger.level == "hostile":
        after = (AFTER_JUST_BEFORE.search(main, max(low, found.start() - 60), found.start())
                 or OVER_JUST_BEFORE.search(main, max(low, found.start() - 60), found.start()))
        if (after and not any(after.start() <= m.start - offset < found.start() for m in foreign)
                and not (_NIGHT_NEWS.search(main, found.end(), min(len(main), found.end() + 40))
                         and _BLAMED_LATER.search(main, found.end()))):
            # "summons envoy after Quetta bombing": another's act, before the news; but "buried on Tuesday
            # after drones struck overnight, a spokesman said, blaming Pakistan": the strike is the news
            return True
    return trigger.level in FORMAL_LEVELS and bool(BACKGROUND_BEFORE.search(main, low, found.start()))
