"""The words that tell a step restated from before the news rather than the news: a first
("became the first to"), an apposition or aside about its name ("Russia, a member that
recognised ..."), the perfect, "since" and "after", a lapse of time opening the sentence,
the model a step follows, a step only promised ("agreed in principle to"). sentence.py
reads a trigger's clause with them; the dates such text gives are dates.py's.
"""
from __future__ import annotations

import re

# A restated first: "Moscow became the first capital to grant recognition"; or the only one so far: "only
# Beijing has formally accepted the credentials of an ambassador" (a real lede, session 36).
RESTATED = re.compile(r"\b(?:became|becoming|become|was|is|remains|remained)\s+(?:the\s+)?(?:first|only|sole)\b[^,;]*$"
                      r"|\bonly\s+(?-i:[A-Z][\w'’.-]+\s+){1,3}(?:has|have|had)\s+(?:(?:so far|yet|ever|\w+ly)\s+)*$",
                       re.IGNORECASE)
# An apposition describing its name by a step it took ("Russia, a committee member that recognised
# the Taliban, has said ..."): where things stand, not news.
APPOSITION_BEFORE = re.compile(r",\s+(?:a|an|the|one)\s+(?:[\w'’-]+\s+){0,4}?(?:that|which|who)\s+(?:has\s+|had\s+)?"
                                r"(?:\w+ly\s+)?$", re.IGNORECASE)
# "after a week of shelling", "after Quetta bombing": another act, before the news (not "hours
# after its jets struck": the subject's own act, the same day).
AFTER_JUST_BEFORE = re.compile(r"(?<!hours )(?<!minutes )\b(?:after|following)\s+(?:(?:a|an|the|last|this)\s+)?"
                                r"(?:(?!(?:its|their|his|her)\b)[\w'’-]+\s+){0,5}$", re.IGNORECASE)
# "summons envoy over cross-border fire": the fire is what the step answers ("over the weekend" is a time)
OVER_JUST_BEFORE = re.compile(r"\bover\s+(?!(?:the\s+)?(?:weekend|past|last|next|night|border|frontier|line)\b)"
                               r"(?:(?:a|an|the|what\s+it\s+called|what\s+they\s+called)\s+)?(?:[\w'’-]+\s+){0,3}$",
                               re.IGNORECASE)
NEXT_TO_A_DATED_PAST = re.compile(r"\b(?:19|20)\d\d,?\s+(?:before|after|until|ahead of)\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,2}$",
                                   re.IGNORECASE)
# The act's object is an earlier instance of it: "Qatar and Turkey hosted the earlier rounds".
EARLIER_INSTANCE_AFTER = re.compile(r"\s+(?:the|its|their|an?)\s+(?:(?:two|three|four|five|several)\s+)?"
                                    r"(?:earlier|previous|prior|preceding|past)\s+(?:[\w'’-]+\s+){0,2}?"
                                    r"(?:rounds?|sessions?|meetings?|talks|negotiations|visits?)\b", re.IGNORECASE)
SINCE_THEN = re.compile(r"\s+(?:ever\s+)?since(?:\s+then)?\s*(?:[.,;]|$)", re.IGNORECASE)
PERFECT_JUST_BEFORE = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
SINCE_A_YEAR_AFTER = re.compile(r"[^.;]{0,80}?\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:19|20)\d\d\b", re.IGNORECASE)
# An act dated by a date the sentence gave before ("Russia, which recognised the Taliban in July
# 2025, accepted their ambassador's credentials the same month"): that date is the act's.
SAME_PERIOD_AFTER = re.compile(r"[^.;]{0,100}?\b(?:the same|that|later that|earlier that) (?:day|week|month|year|spring|"
                                r"summer|autumn|winter)\b", re.IGNORECASE)
AFTER_WHICH = re.compile(r"\s*(?:after|following) which\b", re.IGNORECASE)
SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
FIRST = re.compile(r"\bfirst\b", re.IGNORECASE)  # "its first ambassador since 2021" is news, not a step in force since
# A formal step only promised: agreed "in principle", or a deal a third party brokers for others
# ("a deal for Pakistan and the Taliban to restore ambassadors"). A state that agrees to exchange or
# to accept ambassadors has taken the step (every blind labeller read it so).
AGREED_TO = re.compile(r"\b(?:(?:agree[sd]?|agreeing|decided|decides) in principle|deal)\b(?: [\w'’-]+){0,5}? to $",
                        re.IGNORECASE)
PERFECT_BEFORE = re.compile(r"\b(?:have|has)\s+(?:(?:already|also|since|so far|now|each|all|both|\w+ly)\s+)*$", re.IGNORECASE)
# A sentence opening on a lapse of time ("Three weeks earlier, officials had agreed ..."): background
# "last week", "earlier this month", "the previous week": a time before the news, however told
_LATELY = r"(?:last|earlier this|the previous)\s+(?:week|month)"
EARLIER_OPENING = re.compile(r"\W*(?:(?:(?:a|one|two|three|four|five|six|several|some|\d+)\s+)?(?:days?|weeks?|months?|years?)\s+"
                              r"(?:earlier|before)|" + _LATELY + r"|earlier\s+(?:that|this|in\s+the)\s+(?:week|month|year))\b",
                              re.IGNORECASE)  # "Earlier that year, it also accepted a Taliban diplomat" (a real lede)
# Recognition named as a noun that has since done something ("recognition of the Taliban has opened
# doors"): a step known before the news. (Accreditation "had ended" is news: not read so.)
STEP_THAT_HAS_DONE = re.compile(r"recognition\b[^,;.:]{0,60}?\b(?:had|has|have)\s+(?:already\s+|since\s+)?"
                                 r"['‘\"“]?(?!been\b)\w+(?:ed|en|wn|ne)\b", re.IGNORECASE)
# "The listings follow British sanctions on ...": the measure the news follows came before it.
# ("Guinea follows Mali in recognising ..." is Guinea's news act, following a model.)
FOLLOWS_EARLIER = re.compile(r"\b(?:follows?|followed|comes? after|came after|cites|cited|citing|in line with)"
                              r"(?: (?!in\b)[\w'’.-]+){0,3} $", re.IGNORECASE)  # "the decree cites U.N. sanctions on"
FOR_HAVING = re.compile(r"\b(?:for|after|since) having\s+(?:already\s+)?$|\balready\s+(?:return|send|deport|host|accept|"
                         r"receive|run|cooperate|work)\b", re.IGNORECASE)  # "for having held talks"; "already return convicts"
# An aside telling what its name is doing or will do ("Austria, which is giving 2.5 million
# euros to ...", "Qatar, which will host the talks,") reports news, not a known fact.
CURRENT_ASIDE = re.compile(r"\s*(?:,|—|–|\()\s*(?:which|who)\s+(?:(?:is|are)\s+(?:now\s+|also\s+)?\w+ing|will|plans to|intends to|is to"
                            r"|also\s+(?:agreed|signed|approved|announced|decided|pledged))\b")  # "..., which also agreed to": today's second act
# ", shut since clashes in May,": an aside dating another happening, not the act after it
OTHER_EVENT_ASIDE = re.compile(r",[^,;]*?\b(?:since|after|following)\b[^,;]*,", re.IGNORECASE)
# "calling it a result of the minister's successful visit to Delhi": what the news came of, before it
RESULT_OF = re.compile(r"\b(?:result|outcome|fruit|product)s?\s+of\s+(?:(?:a|an|the|last|this|his|her|its|their)\s+)?"
                       r"(?:[\w'’-]+\s+){0,5}$", re.IGNORECASE)
# A happening named by its month, "detained during the October clashes", "since the March talks": one
# the reader already knows, from before the news (blind107).
NAMED_BY_ITS_MONTH = re.compile(r"\bthe\s+(?:January|February|March|April|May|June|July|August|September|October|November|"
                                r"December)(?:\s+(?:19|20)\d\d)?\s+(?:[\w'’-]+\s+)?$")
# The act's own clause places it days before the news: "the shelling of homes, which killed five civilians
# earlier this week, must not be repeated" (heldout69's flag meeting).
DAYS_BEFORE_AFTER = re.compile(r"[^.;]{0,60}?\b(?:earlier this (?:week|month)|last (?:week|month)|(?:\w+ )?(?:days|weeks) "
                               r"(?:ago|earlier))\b", re.IGNORECASE)
# The act's own clause places it earlier in a season or year than the news: "Qatar and Saudi Arabia also
# sent winter aid to the eastern provinces earlier in the season" (blind115): what came before, not the news.
EARLIER_IN_THE_SEASON_AFTER = re.compile(r"[^.;,]{0,60}?\bearlier\s+(?:in\s+the|this)\s+(?:season|winter|summer|spring|"
                                         r"autumn|year)\b", re.IGNORECASE)
# A stance said to stand as before: "Germany's refusal to recognise the Taliban was unchanged" (blind118):
# where things stand, not a new measure.
UNCHANGED_AFTER = re.compile(r"[^.;,]{0,50}?\b(?:was|is|remains|remained|stays|stayed)\s+(?:unchanged|unaltered|the same|in place)\b",
                             re.IGNORECASE)
# A state of things the perfect says has lasted, or steps it sums up: "Tehran has allowed Taliban appointees
# to run the embassy for some time" (blind109), "five states have accredited its diplomats in recent months".
FOR_A_WHILE_AFTER = re.compile(r"[^.;]{0,80}?\b(?:for (?:some time|a while|years|months|(?:more than |over |nearly |almost )?"
                               r"(?:a|one|two|three|several) (?:years?|months))|in recent (?:weeks|months|years)|over the "
                               r"(?:past|last) (?:few |several )?(?:weeks|months|years?))\b", re.IGNORECASE)
# A trigger whose own words date it before the news: "appealed last week for $139 million".
LAST_WEEK_INSIDE = re.compile(r"\b" + _LATELY + r"\b(?!['’]s)", re.IGNORECASE)
# A formal step conceded in the perfect after what a state has not done: "Tehran has not recognised the
# Taliban, although it has handed the Afghan embassy to their appointees" (blind114): where things stand.
CONCEDED_PERFECT_BEFORE = re.compile(r"\b(?:although|though|even though|whereas|while)\s+(?:it|they|[A-Z][\w'’.-]+"
                                     r"(?:\s+[A-Z][\w'’.-]+){0,2})\s+(?:has|have|had)\s+(?:(?:already|long|also|\w+ly)\s+)*$")
