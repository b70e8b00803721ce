"""Actors and their roles: who takes part in what a story reports, who is only named.

Matches of actor names go through trap checks (commentators, names inside other
names, surnames of other people, organisations named after a country) and get a
role: a place (a dateline, a venue: "met in Dubai"), a participant (acts or is acted
on: it has an engagement event, is named in the title, or opens a sentence), or
mentioned (background: "Russia, the only country to have recognised...").
"""
from __future__ import annotations

import re

from ingest.tagging.clauses import LIST_GAP, RANKED_AFTER, Sentences, aside_spans, inside, origin_spans
from ingest.tagging.datelines import dateline_span
from ingest.tagging.matching import Match, PhraseSet, find_words, near, word_finder, words
from ingest.tagging.results import ActorTag
from ingest.taxonomy import AID_CHANNELS, COUNTERPART, NON_ENGAGING, ORGANISATION_IDS, Taxonomy

_WHERE_AFTER = re.compile(r",? where\b")
# "the Danish envoy's Doha talks": a city between someone's possessive and the meeting held there
_OWNED_MEETING_PLACE = re.compile(r"['’]s\s+$")
_LISTED_BEFORE = re.compile(r"[A-Z][\w'’.-]*,\s+$")  # a name listed after another: "Azerbaijan, Turkey, Georgia"
_MEETING_AFTER = re.compile(r"\s+(?:talks|meetings?|conference|summit|forum|visit|trip|office)\b", re.IGNORECASE)
_MEMBERS = {"judges", "judge", "prosecutors", "prosecutor", "officials", "official", "diplomats", "staff", "experts",
            "members", "envoys", "lawyers"}
# A name that leads a compound acts in it: "at a UN-hosted meeting", "in Qatar-brokered talks".
# "Qatar-hosted talks", "at Saudi Arabia's invitation": the state is the host, not the venue.
_COMPOUND_ACTOR = re.compile(r"-(?:hosted|led|brokered|mediated|sponsored|convened|organi[sz]ed|backed|funded)\b"
                             r"|(?:['’]s)? (?:invitation|behest|initiative|mediation|mediators?|good offices)\b"
                             r"|(?:['’]s)? (?:foreign |interior |defen[cs]e )?ministry\b", re.IGNORECASE)  # "at Norway's foreign ministry": its host; "through Qatari mediation": the mediator
_AFGHAN_SIDE = {"taliban", "taliban's", "afghan", "afghanistan's"}
_VISITING_SIDE = _AFGHAN_SIDE | {"emirate"}  # "an Islamic Emirate delegation has landed in Russia"
_CLAUSE_ENDS = re.compile(r"(?:\s+on\s+\w+day)?\s*(?:[,.;]|$)")
# What a visit is for, right after the capital a delegation arrives in ("... in Moscow on Monday for talks").
_FOR_TALKS_AFTER = re.compile(r"(?:\s+on\s+\w+day)?\s+(?:for\s+(?:talks|consultations|meetings|a\s+(?:[\w-]+\s+)?visit)|"
                              r"on\s+a\s+(?:[\w-]+\s+)?visit)\b", re.IGNORECASE)
# "the Brussels embassy", "after a Doha fuel stop", "on Tashkent sidelines", "the Taliban's Beijing-based envoy",
# "met at a Doha hotel":
# a capital that is where something is, not who acts
_SITE_AFTER = re.compile(r"(?:\s+(?:embassy|consulate|mission|sidelines|hotels?|airport|guesthouse|villa|restaurant"
                         r"|(?:fuel |refuelling |refueling )?(?:stop|stopover|layover))|-based)\b",
                         re.IGNORECASE)
# "Tallinn Zoo", "the Vienna Philharmonic", "a Brussels institute": a city's institution, named for the city, not its state
_CITY_INSTITUTION_AFTER = re.compile(r"\s+(?:Zoo|Marathon|Philharmonic|Opera|Museum|Film Festival|Book Fair|Symphony|Ballet"
                                     r"|Circus|Botanical Gardens?|Aquarium"
                                     r"|(?i:institute|university|college|academy|conservatory|hospital|clinic|club))\b")
# "the Ankara rectors' meeting", "a Tehran health conference": a gathering of others held in the city
_GATHERING_AFTER = re.compile(r"\s+(?:[\w'’-]+\s+){1,2}(?:meeting|conference|forum|summit|exhibition|expo|fair|congress)\b")
# "told a Security Council meeting", "addressed an OIC session": the forum where a state speaks
_FORUM_BEFORE = re.compile(r"\b(?:told|tells|addressed|addresses|briefed|briefs|at|before|to)\s+(?:a\s+|an\s+|the\s+)?$")
_FORUM_AFTER = re.compile(r"\s+(?:meeting|session|debate|briefing)\b")
# "the joint secretary for Pakistan, Afghanistan and Iran": the countries an office covers, not parties
_PORTFOLIO_BEFORE = re.compile(r"\b(?:secretary|division|desk|bureau|directorate|department)\s+for\s+"
                               r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?(?:,\s+|,?\s+and\s+))*$")
# A route or project named for the countries it crosses ("the Turkmenistan-Afghanistan-Pakistan-India
# pipeline"), or an office for those it covers ("its Pakistan-Afghanistan-Iran division"): three
# names or more joined by hyphens before the thing they name (its acronym may stand between: "(TAPI) pipeline").
_NAMED_ROUTE = re.compile(r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*){2,}\s+(?:\([A-Z-]{3,}\)\s+)?(?:gas\s+|power\s+|rail(?:way)?\s+|transmission\s+)?"
                         r"(?:pipeline|railway|rail|line|corridor|highway|road|project|route|link"
                         r"|division|desk|bureau|department|directorate|section|unit)s?\b")
# "China's U.N. ambassador", "Hungary's EU envoy": where another state's envoy serves, not a party
_ENVOY_AFTER = re.compile(r"\s+(?:ambassador|envoy|representative|delegate|mission)\b", re.IGNORECASE)
_OWNER_BEFORE = re.compile(r"[A-Z][\w.-]*['’]s $")
_POSSESSIVE_GAP = re.compile(r"(?:['’]s)? (?:(?:new|own|top|then) )?")
# Within its own sentence, what may stand before the name of a sentence's subject.
_SUBJECT_OPENING = re.compile(r"^\W*(?:(?:the|a|an|both|officials? from|leaders? of|delegations? from)\s+)?$",
                              re.IGNORECASE)
_CONTEXT_WINDOW = 44
# A name listed before another one that an organisation's word follows: "Norwegian and Danish charities".
_LISTED_NAME = re.compile(r"\s+(?:and|or)\s+[A-Z][a-z]+\b(?!['’]s)")


_CHANNEL_WORDS = {"through", "via"}
_AGENCY_ACRONYM = re.compile(r"[A-Z]{4,}")  # JICA, KOICA, TIKA, USAID: a state's agency, not a nationality
_TRAPS_BEFORE = frozenset({"commentator_before", "institution_before"})  # the lists _is_trap reads
_TRAPS_AFTER = frozenset({"commentator_after", "organisation_after"})


class ActorRoles:
    """Trap checks and roles for actor matches; built once per taxonomy."""

    def __init__(self, taxonomy: Taxonomy):
        settings = taxonomy.settings
        self.commentator_before = PhraseSet(settings.get("commentator_before", []))
        self.commentator_after = PhraseSet(settings.get("commentator_after", []))
        self.institution_before = PhraseSet(settings.get("institution_before", []))
        self.organisation_after = PhraseSet(settings.get("organisation_after", []))
        self.place_before = PhraseSet(settings.get("place_before", []))
        self.seat_before = PhraseSet(settings.get("seat_before", []))
        self.host_before = PhraseSet(settings.get("host_before", []))
        self.other_meaning = {actor: re.compile(r"\b(?:" + "|".join(map(re.escape, found)) + r")\b", re.IGNORECASE)
                              for actor, found in settings.get("other_meaning_in", {}).items() if found}
        self.titles = {" ".join(words(t)) for t in settings.get("person_titles", [])}
        self.first_names = set(settings.get("first_name_countries", []))
        states = settings.get("us_states", [])
        self.us_state_after = re.compile(r",\s+(?:" + "|".join(map(re.escape, states)) + r")\b") if states else None
        self.context_words = word_finder({"commentator_before": self.commentator_before,
                                          "commentator_after": self.commentator_after,
                                          "institution_before": self.institution_before,
                                          "organisation_after": self.organisation_after,
                                          "place_before": self.place_before})

    def screen(self, text: str, spaced: str, matches: list[Match],
               dateline: tuple[int, int] | None = None) -> list[Match]:
        """The matches that name an actor, with places marked; blockers, commentators,
        other people's surnames and names inside institutions' names dropped.
        `dateline`: dateline_span(text), where the caller has it.

        A check runs only when one of its words occurs near the match, which is rare.
        """
        context = find_words(self.context_words, spaced)
        if dateline is None:
            dateline = dateline_span(text)
        kept: list[Match] = []
        previous: Match | None = None
        named_in_full: set[str] = set()  # the surnames of the people named in full so far
        meant_otherwise = self._meant_otherwise(text, matches)
        abbreviations = {text[m.start:m.end] for m in matches if m.target and _abbreviates_the_name_before(text, m)}
        for match in matches:
            if not match.target:  # a blocker: it only shields what it covers
                previous = None
                continue
            if match.target in meant_otherwise and " " not in text[match.start:match.end]:
                continue  # "the ICC" in a cricket story (the International Criminal Court, in full, is still the court)
            if abbreviations and text[match.start:match.end] in abbreviations:
                continue  # "the Danish Refugee Council (DRC)", then "DRC shelters": no Congo (a name's own match stands for it)
            if match.kind == "person":
                named_in_full.add(match.pattern.text.split()[-1])
            elif match.kind == "surname":
                if match.pattern.text not in named_in_full:
                    continue  # "Wong" alone is anybody; after "Penny Wong" it is her
                match.kind = "person"
            elif match.kind == "after":
                if not any(k.target == match.target for k in kept):
                    continue  # "the Commission" alone is any commission; after "the European Union" it is its
                match.kind = "alias"
            owned_by_previous = (match.institution and previous is not None and previous.target != match.target
                                 and _POSSESSIVE_GAP.fullmatch(text[previous.end:match.start]))
            previous = match
            if owned_by_previous:
                continue  # "Pakistan's foreign office" is Pakistan's, not the UK Foreign Office
            in_compound = text[match.start - 1:match.start] == "-"  # "Mazar-i-Sharif" is no Sharif
            if match.target != COUNTERPART and text.startswith(("-born", "-based"), match.end):
                match.place = True  # "an Azerbaijani-born singer", "a Doha-based analyst": an origin or a seat, no act
                kept.append(match)
                continue
            if (match.target != COUNTERPART and (in_compound or text[match.end:match.end + 1] == "-")
                    and _on_named_route(text, match)):
                continue  # "the Turkmenistan-Afghanistan-Pakistan-India pipeline" is no act of India's
            if match.kind == "person" and (in_compound or self._other_persons_name(text, match)):
                continue  # "Abdul Ghani Baradar" is not Ashraf Ghani
            if text[match.start:match.end] in self.first_names and _in_a_persons_name(text, match, dateline[1]):
                continue  # "Jordan Ellery", "Michael Jordan" are people
            if (match.kind in ("name", "alias", "capital") and self.us_state_after is not None and text[match.end:match.end + 1] == ","
                    and self.us_state_after.match(text, match.end) and not _LISTED_BEFORE.search(text, max(0, match.start - 40), match.start)):
                continue  # "a teacher from Jordan, Minnesota": an American town ("Azerbaijan, Turkey, Georgia": a list)
            if (match.target != COUNTERPART and "for" in text[max(0, match.start - 80):match.start]
                    and _PORTFOLIO_BEFORE.search(text, max(0, match.start - 80), match.start)):
                continue  # "the joint secretary for Pakistan, Afghanistan and Iran" covers them, they do nothing
            if dateline[0] <= match.start < dateline[1]:
                if match.target != COUNTERPART:
                    match.place = True
                    kept.append(match)
                continue
            if match.target != COUNTERPART and kept and _serves_another_state_there(text, kept[-1], match):
                match.place = True  # "China's U.N. ambassador demanded": China demanded, at the UN
                kept.append(match)
                continue
            if match.kind == "capital" and match.target != COUNTERPART and _SITE_AFTER.match(text, match.end):
                match.place = True  # "the Brussels embassy": where the mission is, not the state acting
                kept.append(match)
                continue
            if (match.kind == "capital" and match.target != COUNTERPART and _MEETING_AFTER.match(text, match.end)
                    and _OWNED_MEETING_PLACE.search(text, max(0, match.start - 3), match.start)):
                match.place = True  # "the Danish envoy's Doha talks", "the Taliban's Doha office": where, not who
                kept.append(match)
                continue
            if (match.target != COUNTERPART and (_FORUM_AFTER.match(text, match.end)
                                                 or text.startswith("Security Council", match.start))
                    and _FORUM_BEFORE.search(text, max(0, match.start - 16), match.start)):
                match.place = True  # "told a Security Council meeting": where Britain spoke, not a party
                kept.append(match)
                continue
            if match.kind == "capital" and (_WHERE_AFTER.match(text, match.end)
                                            or _CITY_INSTITUTION_AFTER.match(text, match.end)
                                            or _GATHERING_AFTER.match(text, match.end)):
                match.place = True  # "arrived from Jakarta, where he met scholars", "Tallinn Zoo", "Ankara rectors' meeting"
                kept.append(match)
                continue
            before_near, after_near = near(context, match.start, match.end, _CONTEXT_WINDOW) if context else ((), ())
            if not (before_near or after_near):
                kept.append(match)
                continue
            if self._is_trap(text, match, before_near, after_near):
                continue
            if ("place_before" in before_near and match.kind != "person" and match.target != COUNTERPART
                    and not _COMPOUND_ACTOR.match(text, match.end)
                    and self._names_a_place(words(text[max(0, match.start - 40):match.start]), match)
                    and not self._hosts_a_visit(text, match)):
                match.place = True  # "met in Dubai", "talks in Doha": the venue, not a party
            kept.append(match)
        return kept

    def _meant_otherwise(self, text: str, matches: list[Match]) -> set[str]:
        """The actors whose names mean something else in this story (taxonomy `other_meaning_in`)."""
        named = {m.target for m in matches}
        return {actor for actor, words in self.other_meaning.items() if actor in named and words.search(text)}

    def _names_a_place(self, preceding: list[str], match: Match) -> bool:
        """After "in", "at", "via"...: a venue ("talks in Doha"); but aid "through UN
        agencies" or "via the Red Cross" goes by a channel, which is a party to it."""
        bare = preceding[:-1] if preceding and preceding[-1] == "the" else preceding
        if match.target in AID_CHANNELS and bare and bare[-1] in _CHANNEL_WORDS:
            return False
        if len(bare) >= 2 and bare[-1] == "at" and bare[-2] in _MEMBERS:
            return False  # "judges at the International Criminal Court" belong to it
        if match.kind == "capital" and self.seat_before.ends(preceding) and not _AFGHAN_SIDE.intersection(preceding):
            return False  # "the interior ministry in Islamabad": the government, not a venue
        return self.place_before.ends(preceding)

    def _hosts_a_visit(self, text: str, match: Match) -> bool:
        """A state the Taliban side arrives in ("A Taliban delegation arrived in Moscow for
        talks", "an Islamic Emirate delegation has landed in Russia, a report said"): the host of
        the visit, a party, not its venue. A capital needs the visit's purpose after it (a
        delegation arriving in Doha for a UN meeting: Qatar is the venue); a country, named as
        a whole, is where the delegation went."""
        preceding = words(text[max(0, match.start - 90):match.start])
        return (self.host_before.ends(preceding) and bool(_VISITING_SIDE.intersection(preceding))
                and (_FOR_TALKS_AFTER.match(text, match.end) is not None
                     or (match.kind in ("name", "alias") and _CLAUSE_ENDS.match(text, match.end) is not None)))

    def _is_trap(self, text: str, match: Match, before_near, after_near) -> bool:
        if _TRAPS_BEFORE.isdisjoint(before_near) and _TRAPS_AFTER.isdisjoint(after_near):
            return False  # only a venue's words near ("in", "at"): no trap to read the words for
        before = words(text[max(0, match.start - 40):match.start])
        after = words(text[match.end:match.end + 40])
        if match.kind in ("alias", "name") and (
            ("commentator_before" in before_near and self.commentator_before.ends(before))
            or ("commentator_after" in after_near and self.commentator_after.starts(after, skip=1)
                and not _AGENCY_ACRONYM.fullmatch(text, match.start, match.end))
        ):
            return True  # "Pakistani analysts say"; but "JICA experts" are the agency's own staff
        if ("institution_before" in before_near and match.target not in ORGANISATION_IDS
                and self.institution_before.ends(before)):
            return True  # "University of Canada", "Kennel Club of America"; "the council of the SCO" is the SCO's
        return ("organisation_after" in after_near and match.kind != "person"
                and (self.organisation_after.starts(after)  # "Turkish Airlines", "Qatar Airways"
                     or (_LISTED_NAME.match(text, match.end) is not None and self.organisation_after.starts(after[2:]))))

    def _other_persons_name(self, text: str, match: Match) -> bool:
        """A one-word surname alias inside another person's name: a capitalised word
        right before it that is no title ("Abdul Ghani"), or right after it ("Ghani
        Baradar"). In a title-case headline the rest of the story decides (_elsewhere_only_others)."""
        if " " in match.pattern.text:
            return False
        line_start = text.rfind("\n", 0, match.start) + 1
        line_end = text.find("\n", match.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if _title_case(line):
            return self._elsewhere_only_others(text, match, line_start, line_start + len(line))
        return self._inside_other_name(text, match.start, match.end, line_start)

    def _elsewhere_only_others(self, text: str, match: Match, line_start: int, line_end: int) -> bool:
        """In a title-case headline capitals say nothing, so the rest of the story decides:
        "... signed by Johari Abdul Ghani and Baradar" is another Ghani when every "Ghani"
        of the summary is inside another person's name."""
        others = [m for m in re.finditer(rf"\b{re.escape(match.pattern.text)}\b", text)
                  if not line_start <= m.start() < line_end]
        if not others:
            return False
        for other in others:
            if not self._inside_other_name(text, other.start(), other.end(), text.rfind("\n", 0, other.start()) + 1):
                return False
        return True

    def _inside_other_name(self, text: str, start: int, end: int, line_start: int) -> bool:
        """Is the word at `start`..`end` inside another person's name (see _other_persons_name)?"""
        before = text[max(line_start, start - 30):start]
        previous = re.search(r"([A-Z][\w'’.-]*)\s+$", before)
        # (A word ending in a full stop ends the sentence before: "... in December. Wong also announced";
        # a lone capital is the person's own initial: "minister S Jaishankar".)
        if (previous and len(previous.group(1)) > 1 and not previous.group(1).endswith(("'s", "’s", "."))
                and " ".join(words(previous.group(1))) not in self.titles):
            sentence_start = re.search(r"(?:^|[.!?:\"“]\s+)$", before[:previous.start()])
            if not (sentence_start and " ".join(words(previous.group(1))) in self.titles):
                return True
        following = re.match(r"\s([A-Z][a-z][\w'’-]*)", text[end:end + 30])
        return bool(following)


_NAME_BEFORE_BRACKET = re.compile(r"(?:[A-Z][\w'’-]*(?: (?:of|for|and|the|on|de))* )*[A-Z][\w'’-]* ?$")


def _in_a_persons_name(text: str, match: Match, dateline_end: int) -> bool:
    """Is a country name that is also a first name next to another capitalised name? Not
    in a title-case headline, where every word is capitalised; the dateline ("DOHA, Feb 5
    (Reuters) -") is not part of the line judged."""
    after = re.match(r" [A-Z][a-z][\w'’-]*(?![\w'’-]| [A-Z])", text[match.end:match.end + 30])  # "India Ports Global": a firm
    before = re.search(r"\b[A-Z][a-z][\w'’-]* $", text[max(0, match.start - 30):match.start])
    line_start = max(text.rfind("\n", 0, match.start) + 1, dateline_end if dateline_end <= match.start else 0)
    return bool(after or before) and not _title_case(text[line_start:match.start + 60])


def _serves_another_state_there(text: str, owner: Match, match: Match) -> bool:
    """Is the match the body where another actor's envoy serves ("China's U.N. ambassador")?"""
    gap = match.start - owner.end  # 3 after "China", 1 after a name matched with its "'s" ("Pakistan's")
    return (owner.target != match.target and (gap == 3 or gap == 1 and text[owner.end - 2:owner.end] in ("'s", "’s"))
            and _OWNER_BEFORE.search(text, owner.start, match.start) is not None and _ENVOY_AFTER.match(text, match.end) is not None)


def _abbreviates_the_name_before(text: str, match: Match) -> bool:
    """Is the match an acronym in brackets made of the initials of the capitalised words
    just before it ("Danish Refugee Council (DRC)")? It names what they name, there and
    wherever the story uses it again."""
    letters = text[match.start:match.end]
    if text[match.start - 1:match.start] != "(" or text[match.end:match.end + 1] != ")" or not letters.isupper():
        return False
    name = _NAME_BEFORE_BRACKET.search(text, max(0, match.start - 100), match.start - 1)
    return name is not None and "".join(re.findall(r"\b[A-Z]", name.group())).endswith(letters)


def _on_named_route(text: str, match: Match) -> bool:
    """Is the name one of the countries a route or project is named for (_NAMED_ROUTE)?"""
    start = max(text.rfind(" ", 0, match.start), text.rfind("\n", 0, match.start)) + 1
    return _NAMED_ROUTE.match(text, start) is not None


def _title_case(line: str) -> bool:
    found = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return len(found) >= 3 and sum(w[0].isupper() for w in found) / len(found) > 0.7


def with_roles(matches: list[Match], sentences: Sentences, title_end: int, engaged: set[str],
               dateline_end: int) -> list[ActorTag]:
    """One tag per actor, with its strongest role over all its mentions."""
    best: dict[str, ActorTag] = {}
    asides = _LazyAsides(matches, sentences)
    origins = origin_spans(sentences.text)
    opening: Match | None = None  # the last name of a list that opens its sentence
    for match in matches:
        current = best.get(match.target)
        if current is not None and current.role == "participant" and opening is None:
            continue  # nothing this mention could change
        opens = _opens_sentence(match, sentences, dateline_end)
        role = _role(match, title_end, engaged, asides, opens, origins)
        listed = opening is not None and LIST_GAP.fullmatch(sentences.text[opening.end:match.start])
        if role == "mentioned" and listed:
            role = "participant"  # "Germany, Australia, Canada and the Netherlands said ..."
        opening = match if role == "participant" and (listed or opens) else None
        if current is None or _RANK[role] < _RANK[current.role]:
            best[match.target] = ActorTag(match.target, sentences.around(match.start), match.pattern.rule, role)
    return sorted(best.values(), key=lambda a: a.actor)


_RANK = {"participant": 0, "mentioned": 1, "place": 2}


def _role(match: Match, title_end: int, engaged: set[str], asides: _LazyAsides, opens: bool,
          origins: list[tuple[int, int]]) -> str:
    if match.place:  # a place, unless its state acts: "BERLIN - ... has been accredited, the Foreign Office said"
        return "participant" if match.target in engaged else "place"
    if match.target in engaged or match.target == COUNTERPART:
        return "participant"
    if inside(asides.spans(), match.start) or inside(origins, match.start):
        return "mentioned"  # an aside, or where people come from: "returnees from Iran"
    if match.start < title_end and inside(asides.earlier_happenings(), match.start):
        return "mentioned"  # "Emirati plane lands in Herat a day after Turkish aid": Turkey's act came before
    if (match.start < title_end or opens) and match.target not in NON_ENGAGING:
        return "participant"  # named in the title, or opens the lead: "Kazakhstan said on Monday ..."
    return "mentioned"  # (an armed group or the former republic takes part only as a claimant: tagger.py)


# A headline's happening before its news ("a day after Turkish aid"), or the states it follows
# or ranks after in a formal step ("no plans to follow Russia and China in recognising", "the
# largest power after Russia"): named, they take no part.
_EARLIER_HAPPENING = re.compile(r"\b(?:a day|days|a week|weeks|a month|months|(?:two|three|four|five|six) days) "
                                r"(?:after|following)\b[^.;,:]*"
                                r"|\bfollow(?:s|ed|ing)?\s+[^.;:]{0,40}?\b(?:in|on)\s+(?:recogni|accredit)\w*"
                                r"|" + RANKED_AFTER + r"[A-Z][\w'’.-]*",
                                re.IGNORECASE)


def _opens_sentence(match: Match, sentences: Sentences, dateline_end: int) -> bool:
    """Does the match open the lead (the summary's first sentence)? Later sentences
    open with reactions and background ("Russia, the only country to ..., said")."""
    index = sentences.index_of(match.start)
    if index != 1:
        return False
    sentence_start = max(sentences.spans[index][0], dateline_end)
    return bool(_SUBJECT_OPENING.match(sentences.text[sentence_start:match.start]))


class _LazyAsides:
    """Appositions and relative clauses after any actor's name, in text positions;
    worked out only when a role depends on them."""

    def __init__(self, matches: list[Match], sentences: Sentences):
        self.matches, self.sentences, self._spans, self._earlier = matches, sentences, None, None

    def earlier_happenings(self) -> list[tuple[int, int]]:
        """The spans of "a day after ...", "days after ...", "follow Russia in recognising",
        "the largest power after Russia": what the story sets its news after."""
        if self._earlier is None:
            self._earlier = [found.span() for found in _EARLIER_HAPPENING.finditer(self.sentences.text)]
        return self._earlier

    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = aside_spans(self.sentences.text, [match.end for match in self.matches])
        return self._spans
