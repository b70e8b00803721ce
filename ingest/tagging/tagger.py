"""The tagger: small passes over a story's text, each in its own module.

find (matching) -> screen actor names and mark places (actors) -> events with their
modality and dates (events, modality, dates) -> roles (actors) -> topics (topics).
Every tag keeps the text and the rule that produced it, so the dashboard can say why.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from ingest.clock import utc_now
from ingest.tagging.actors import ActorRoles, with_roles
from ingest.tagging.carried import named_only_as_an_origin
from ingest.tagging.clauses import Sentences, inside, split_sentences, without_outlet
from ingest.tagging.datelines import dateline_span
from ingest.tagging.cues import Cued, words_cued
from ingest.tagging.events import EventFinder
from ingest.tagging.levelmodel import LevelModel, actor_features, unread_actors
from ingest.tagging.matching import build_pattern_automaton, find_patterns, word_spaced
from ingest.tagging.modality import Modality
from ingest.tagging.results import EngagementTag, TagResult, TopicTag
from ingest.tagging.storymodel import (RELEVANCE_MODEL_PATH, RELEVANT, TOPIC_MODEL_PATH, LabelModels, afghan_scene,
                                      joined, revised_topics, story_features)
from ingest.tagging.topics import SourceFilter, implied_topics, score_topics
from ingest.taxonomy import COUNTERPART, GUESS_RULE_PREFIX, LEVEL_SCORES, NON_ENGAGING, Taxonomy, load_taxonomy


# The taxonomy settings that turn the learned models on (a tagger without them reads by the rules alone).
MODEL_SETTINGS = ("level_model_threshold", "topic_model_add", "topic_model_drop", "relevance_model_drop")


class Tagger:
    """Applies one taxonomy; build once (the automata take ~50 ms), tag many stories."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.version = taxonomy.version
        self._automaton = build_pattern_automaton(taxonomy.patterns)
        settings = taxonomy.settings
        self._threshold = float(settings.get("topic_threshold", 2.0))
        self._title_weight = float(settings.get("title_weight", 1.5))
        self._level_topics = dict(settings.get("level_topics", {}))
        self._sources = SourceFilter(settings.get("source_phrases", []), settings.get("speech_verbs", []))
        self._roles = ActorRoles(taxonomy)
        self._events = EventFinder(taxonomy, Modality(taxonomy))
        # The learned models (levelmodel.py, storymodel.py), each used when its setting is given.
        self._model_threshold = _optional_float(settings, "level_model_threshold")
        self._model = LevelModel.load() if self._model_threshold is not None else None
        self._topic_add = _optional_float(settings, "topic_model_add")
        self._topic_drop = float(settings.get("topic_model_drop", 0.0))
        self._topic_models = LabelModels.load(TOPIC_MODEL_PATH) if self._topic_add is not None else None
        self._relevance_floor = _optional_float(settings, "relevance_model_drop")
        self._home_floor = float(settings.get("relevance_model_drop_home", self._relevance_floor or 0.0))
        self._home_floor_in_scene = float(settings.get("relevance_model_drop_home_in_scene", 0.0))
        self._relevance_model = LabelModels.load(RELEVANCE_MODEL_PATH) if self._relevance_floor is not None else None
        self._afghan_scene = afghan_scene(settings.get("afghan_places", []))
        self._past_service = _cue_next_to(settings.get("afghan_scene_not_after", []), before=True)
        self._past_war = _cue_next_to(settings.get("afghan_scene_not_before", []), before=False)
        self._claiming_groups = frozenset(settings.get("claiming_groups", []))
        self._claimed = words_cued(settings.get("claim_words", []))
        self._exempt_topics = frozenset(settings.get("home_affairs_exempt_topics", []))
        self._own_money = words_cued(settings.get("home_affairs_own_money", []))
        self._unharmed = words_cued(settings.get("home_affairs_unharmed", []))
        self._undamaged = words_cued(settings.get("nothing_follows_undamaged", []))
        self._aid_cut = words_cued(settings.get("aid_cut", []))
        self._deportation = words_cued(settings.get("deportation_words", []))
        self._no_relations = words_cued(settings.get("no_relations_with_kabul", []))
        self._kabul_coordination = words_cued(settings.get("kabul_coordination", []))
        conceded = "|".join(settings.get("aid_cut_conceded", [])) or "(?!)"
        self._aid_cut_conceded = re.compile(rf"\b(?:{conceded})\b[^.;]{{0,60}}$", re.IGNORECASE)
        self._boilerplate = words_cued(settings.get("boilerplate_aside_words", []))
        if self._topic_models is not None or self._relevance_model is not None:
            self._story_models()  # joined once, before the workers fork

    @classmethod
    def from_file(cls, path: Path) -> Tagger:
        return cls(load_taxonomy(path))

    def tag(self, title: str, summary: str, published: date | None = None) -> TagResult:
        """Actors (with roles), topics and engagement events for a story's title and
        summary (plain text); `published` dates what the text restates ("in July")."""
        reading = self._read(title, summary, published)
        scored = score_topics(reading.topic, reading.sentences, reading.title_end, self._threshold,
                              self._title_weight, reading.restated, self._sources)
        result = self._result(reading, scored, self._unlikely_ours(reading, scored))
        if not result.on_subject:
            return result  # a guess never makes an off-subject story on-subject
        guessed = self._guessed_events(reading, result.actors) if self._model is not None else []
        if guessed:
            reading.events = reading.events + guessed
            result = self._result(reading, scored, result.unlikely_ours)
        if self._topic_models is None:
            return result
        return replace(result, topics=self._revised_topics(reading, result.topics))

    def actor_words(self, title: str, summary: str, published: date | None = None) -> list[tuple[str, set[str]]]:
        """(actor, features) of each foreign actor the story names, other than as a place: what
        scripts/train_models.py learns from (the model reads those the rules give no level)."""
        reading = self._read(title, summary, published)
        return [(a.actor, _features(reading, a)) for a in unread_actors(self._roles_of(reading), [])]

    def _read(self, title: str, summary: str, published: date | None) -> _Reading:
        """The rules' reading: names found and screened, events with their modality and dates."""
        title, summary = without_outlet(title.strip()), summary.strip()
        text = f"{title}\n{summary}" if summary else title
        spaced = word_spaced(text)
        sentences = Sentences(text, split_sentences(text))
        entity, topic = find_patterns(self._automaton, text, spaced)
        if self._boilerplate is not None and "(" in text:
            entity, topic = self._outside_boilerplate(text, entity, topic)
        dateline = dateline_span(text)  # read once: screening and roles both need it
        entity = self._roles.screen(text, spaced, entity, dateline)
        events, restated, declined = self._events.events(entity, sentences, spaced, published or utc_now().date(), dateline)
        return _Reading(sentences, len(title), entity, topic, dateline[1], events, restated, declined)

    def _outside_boilerplate(self, text: str, entity: list, topic: list) -> tuple[list, list]:
        """The names and phrases outside the stock asides agencies attach to a group's name
        (taxonomy `boilerplate_aside_words`): "the Taliban (banned in Russia)" makes Russia no
        party to the story, "(an organization under UN sanctions over terrorist activities)"
        tells neither sanctions nor terrorism of it."""
        spans = [(found.start(), found.end()) for found in _BRACKETED.finditer(text)
                 if self._boilerplate.search(text, found.start(), found.end())]
        if not spans:
            return entity, topic
        return ([m for m in entity if not inside(spans, m.start)], [m for m in topic if not inside(spans, m.start)])

    def _roles_of(self, reading: _Reading) -> list:
        engaged = {event.actor for event in reading.events if not event.background} | self._claimants(reading)
        return with_roles(reading.entity, reading.sentences, reading.title_end, engaged, reading.dateline_end)

    def _claimants(self, reading: _Reading) -> set[str]:
        """The armed groups (taxonomy `claiming_groups`) named in a sentence that says an
        attack was claimed or that men were killed: the story's perpetrator or target, a
        participant, where a group named as a threat in talks is only mentioned."""
        found = set()
        for match in reading.entity:
            if match.target in self._claiming_groups and match.target not in found:
                start, end = reading.sentences.spans[reading.sentences.index_of(match.start)]
                if self._claimed is not None and self._claimed.search(reading.sentences.text, start, end):
                    found.add(match.target)
        return found

    def _result(self, reading: _Reading, scored: list[TopicTag], unlikely: bool) -> TagResult:
        """Tags from the rules' reading (and any guessed events in it); `scored`, the topics
        the phrases give, to which the events' levels add theirs."""
        topics = implied_topics(scored, reading.events, self._level_topics, self._threshold)
        return TagResult(version=self.version, actors=self._roles_of(reading), topics=topics,
                         engagement=reading.events, unlikely_ours=unlikely)

    def _revised_topics(self, reading: _Reading, topics: list[TopicTag]) -> list[TopicTag]:
        """The phrases' topics with the topic models' sure additions and near-certain
        removals (ingest/tagging/storymodel.py). A topic is added only where one of its
        phrases stands, too weak alone ("trade fire" holds no trade phrase, so no trade
        topic, whatever the word "trade" weighs); its evidence is that phrase's sentence,
        its rule "model:<topic>:p=..."."""
        phrase_at = {}
        for match in reading.topic:
            phrase_at.setdefault(match.target, match.start)
        if len(topics) < 2 and phrase_at.keys() <= {t.topic for t in topics}:
            return topics  # nothing to drop (never the last topic) and nothing hinted to add
        beliefs = self._story_beliefs(reading)
        belief = {label: beliefs[label] for label in self._topic_models.labels}
        added, dropped = revised_topics([t.topic for t in topics], belief, self._topic_add, self._topic_drop,
                                        hinted=phrase_at)
        guessed = [TopicTag(topic, round(belief[topic], 2), reading.sentences.around(phrase_at[topic]),
                            f"{GUESS_RULE_PREFIX}{topic}:p={belief[topic]:.2f}") for topic in added]
        return sorted([t for t in topics + guessed if t.topic not in dropped], key=lambda t: -t.score)

    def _unlikely_ours(self, reading: _Reading, scored: list[TopicTag]) -> bool:
        if self._relevance_model is None:
            return False
        if self._nothing_follows(reading):
            return True
        home_affairs = self._home_affairs(reading, scored) and _long_enough_to_judge(reading)
        if self._set_in_afghanistan(reading):
            # news from Afghanistan itself (a quake in Paktika, a shutdown in Kandahar) stays, unless it
            # is home affairs the model finds unlikely ("Taliban order Kandahar shops to close")
            return home_affairs and self._story_beliefs(reading)[RELEVANT] < self._home_floor_in_scene
        floor = self._home_floor if home_affairs else self._relevance_floor
        return self._story_beliefs(reading)[RELEVANT] < floor

    def _set_in_afghanistan(self, reading: _Reading) -> bool:
        """Does the title place its news in Afghanistan? Not where a place is where someone
        once served or fought (taxonomy `afghan_scene_not_after`, `afghan_scene_not_before`):
        "a former captain who served in Uruzgan" wins a Dutch election, "Helmand veterans"
        gather in Copenhagen, drones "that flew over Afghanistan and Iraq" are retired."""
        text = reading.sentences.text
        for found in self._afghan_scene.finditer(text, 0, reading.title_end):
            served = self._past_service is not None and self._past_service.search(text, max(0, found.start() - 30),
                                                                                   found.start())
            if not served and not (self._past_war is not None and self._past_war.match(text, found.end())):
                return True
        return False

    def _home_affairs(self, reading: _Reading, scored: list[TopicTag]) -> bool:
        """Does the story name no one abroad, read no act and tell no bombing, clash or
        disaster (taxonomy `home_affairs_exempt_topics`)? Then it is the Taliban's home
        affairs at most (wedding halls told to close early, a census of livestock), which a
        monitor of Kabul's foreign relations leaves out unless the relevance model is sure.
        A blast in Shibirghan or a flood in Sar-e Pul, in a district the afghan_places do not
        list, is news from Afghanistan that help and condemnations follow: it stays; a
        hospital opened "paid for from the national budget" (`home_affairs_own_money`) is
        home affairs all the same, and so is a tremor that "caused no damage or casualties"
        (`home_affairs_unharmed`): no help follows either."""
        if reading.events or self._names_someone_abroad(reading):
            return False
        return (not any(tag.topic in self._exempt_topics for tag in scored)
                or _says(self._own_money, reading) or _says(self._unharmed, reading))

    def _nothing_follows(self, reading: _Reading) -> bool:
        """Does the story tell of something no one abroad takes up, whatever the model
        believes? A tremor that "caused no damage" (`nothing_follows_undamaged`), even one
        felt in Dushanbe and Islamabad, or a road "paid for from the national budget"
        (`home_affairs_own_money`) naming no one abroad: no help or protest follows, and the
        rules read no act. ("No deaths were reported" after a tremor among families still
        in tents is not enough: damage may need help.)"""
        if reading.events:
            return False
        return _says(self._undamaged, reading) or (_says(self._own_money, reading)
                                                   and not self._names_someone_abroad(reading))

    @staticmethod
    def _names_someone_abroad(reading: _Reading) -> bool:
        return any(m.target not in (COUNTERPART, "") for m in reading.entity)

    def _story_beliefs(self, reading: _Reading) -> dict[str, float]:
        """The story models' beliefs (relevance, topics), read once a story: the models joined
        into one table (storymodel.joined), so the story's words are looked up once for both."""
        if reading.beliefs is None:
            reading.beliefs = self._story_models().probabilities(_story_words(reading))
        return reading.beliefs

    def _story_models(self) -> LabelModels:
        """The story models in use as one (storymodel.joined; tests swap a model in)."""
        return joined(tuple(m for m in (self._relevance_model, self._topic_models) if m is not None))

    def _guessed_events(self, reading: _Reading, actors: list) -> list[EngagementTag]:
        """The level model's events for the actors (with the roles the rules gave them) that
        no rule gave a level (ingest/tagging/levelmodel.py)."""
        guessed = []
        for actor in unread_actors(actors, reading.events):
            if actor.actor in self._claiming_groups or actor.actor in NON_ENGAGING:
                continue  # an armed group (ISKP, the TTP) or the former republic engages with no one in Kabul
            if _named_where_declined(reading, actor.actor):
                continue  # the rules read an act there and set it aside: "Tashkent plans to send flour"
            if _named_only_as_an_origin(reading, actor.actor):
                continue  # "aid for Afghans returning from Iran": Iran does nothing in it
            if _named_only_as_a_nationality(reading, actor.actor):
                continue  # "a freed U.S. citizen", "several other Americans": people, not their state
            if _named_only_on_a_route(reading, actor.actor):
                continue  # "by sea to Iran's Chabahar port": the way aid came, not a giver
            found = self._model.guess(_features(reading, actor), self._model_threshold)
            if found is not None:
                level, probability = found
                if _named_only_where(_AHEAD, reading, actor.actor):
                    continue  # "a forum is expected to take place in Kazan in May": nothing has happened yet
                if level == "humanitarian" and self._tells_aid_cut(reading, actor.actor):
                    continue  # "a budget draft trims the Afghan aid line": aid reduced is no aid given
                if level == "pressure" and _named_only_where(_EXEMPTION_GRANTED, reading, actor.actor):
                    continue  # "UN committee grants travel ban exemption to Taliban minister": a relief, not a sanction
                if level == "technical" and self._deports_on_its_own(reading):
                    continue  # a deportation flight by a state with no relations with Kabul, no word of Kabul's part
                guessed.append(EngagementTag(actor.actor, level, LEVEL_SCORES[level], actor.evidence,
                                             f"{GUESS_RULE_PREFIX}{level}:p={probability:.2f}"))
        return guessed

    def _deports_on_its_own(self, reading: _Reading) -> bool:
        """Does the story tell deportations by a state it says has no relations with the Taliban,
        and no part the Taliban side took in them (taxonomy `no_relations_with_kabul`)?"""
        return (_says(self._deportation, reading) and _says(self._no_relations, reading)
                and not _says(self._kabul_coordination, reading))

    def _tells_aid_cut(self, reading: _Reading, actor: str) -> bool:
        """Does a sentence naming the actor tell aid cut, not as a concession ("keeps paying
        despite a budget cut")?"""
        if self._aid_cut is None:
            return False
        for sentence in {reading.sentences.around(m.start) for m in reading.entity if m.target == actor}:
            cut = self._aid_cut.search(sentence)
            if cut is not None and not self._aid_cut_conceded.search(sentence, 0, cut.start()):
                return True
        return False


class _Reading:
    """What the rules read in one story, kept for the passes after them."""

    __slots__ = ("sentences", "title_end", "entity", "topic", "dateline_end", "events", "restated", "declined", "words",
                 "beliefs")

    def __init__(self, sentences: Sentences, title_end: int, entity: list, topic: list, dateline_end: int,
                 events: list, restated, declined: set[int]):
        self.sentences, self.title_end, self.entity, self.topic = sentences, title_end, entity, topic
        self.dateline_end, self.events, self.restated, self.declined = dateline_end, events, restated, declined
        self.words = self.beliefs = None


def _cue_next_to(cues: list[str], before: bool) -> re.Pattern | None:
    """One expression of the cues, to run just before a name (ending there) or just after it."""
    if not cues:
        return None
    either = "|".join(cues)
    return re.compile(rf"\b(?:{either})\s+$" if before else rf"\s+(?:{either})\b", re.IGNORECASE)


def _optional_float(settings: dict, key: str) -> float | None:
    value = settings.get(key)
    return None if value is None else float(value)


def _story_words(reading: _Reading) -> set[str]:
    """The story's words for the story models, read once a story."""
    if reading.words is None:
        text, title_end = reading.sentences.text, reading.title_end
        reading.words = story_features(text[:title_end], text[title_end + 1:])
    return reading.words


def _named_where_declined(reading: _Reading, actor: str) -> bool:
    if not reading.declined:
        return False  # most stories: no act read and set aside
    spans = reading.sentences.spans
    return any(spans[reading.sentences.index_of(m.start)][0] in reading.declined
               for m in reading.entity if m.target == actor)


def _named_only_as_an_origin(reading: _Reading, actor: str) -> bool:
    """Is every mention of the actor where people come from ("returning from Iran")?"""
    return named_only_as_an_origin([m for m in reading.entity if m.target == actor], reading.sentences.text)


# People of a country, named by it: "U.S. citizen", "Chinese nationals", "British aid worker".
# A story must say this much beyond its headline before naming no one abroad marks it as home
# affairs: a news-search item or a feed without descriptions ("Taliban délégation") says too little.
HOME_AFFAIRS_MIN_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+")


def _says(cue: Cued | None, reading: _Reading) -> bool:
    """Does the story hold one of the cue's phrases (taxonomy words_cued; None: none configured)?"""
    return cue is not None and cue.search(reading.sentences.text) is not None


def _long_enough_to_judge(reading: _Reading) -> bool:
    return len(_WORD.findall(reading.sentences.text, reading.title_end)) >= HOME_AFFAIRS_MIN_WORDS


_PERSON_AFTER = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+)?(?:citizens?|nationals?|hostages?|detainees?|prisoners?|tourists?|"
                           r"workers?|engineers?|contractors?|journalists?|students?|man|woman|men|women|passport holders?|"
                           r"staff|staffers|employees|personnel|actress|actor|singer|writer|novelist|artist|athlete|"
                           r"footballer|cricketer|mountaineers?|climbers?|photographers?|filmmakers?|volunteers?|"
                           r"business(?:man|men|woman|women)|doctors?|nurses?)\b",
                           re.IGNORECASE)
_PEOPLE_NAME = re.compile(r"(?:ans|ons|nis)$")  # "Americans", "Britons", "Pakistanis"
_EMPLOYER_BEFORE = re.compile(r"\b(?:employed|hired) by\s+(?:the\s+)?$")  # "women employed by United Nations agencies"


def _named_only_as_a_nationality(reading: _Reading, actor: str) -> bool:
    """Is every mention of the actor a nationality of people ("a freed U.S. citizen",
    "several other Americans")? Their state takes no part by it."""
    text = reading.sentences.text
    mentions = [m for m in reading.entity if m.target == actor]
    return bool(mentions) and all(_PEOPLE_NAME.search(text[m.start:m.end]) or _PERSON_AFTER.match(text, m.end)
                                  or _EMPLOYER_BEFORE.search(text, max(0, m.start - 20), m.start) for m in mentions)


# A sentence telling what is to come: "a business forum is expected to take place in May",
# "talks are scheduled to be held next week", "the delegation would be led by". Its act has not happened; no guess reads it.
_AHEAD = re.compile(r"\b(?:is|are|was|were) (?:expected|scheduled|due|set|slated|planned) to (?:take place|be held|"
                    r"open|begin|start|convene|meet|resume)\b|\b(?:will|would) (?:take place|be held|convene|be (?:led|headed|represented) by)\b"
                    r"|\b(?:planned|scheduled|slated) for\b",
                    re.IGNORECASE)


# An exemption from a sanction granted, extended or renewed: "grants travel ban exemption to".
_EXEMPTION_GRANTED = re.compile(r"\b(?:grant|extend|renew|approv|issu)\w* (?:[\w'’-]+ ){0,5}?(?:exemptions?|waivers?)\b"
                                r"|\bexempt(?:s|ed|ing)?\b|\bspared from\b", re.IGNORECASE)


def _named_only_where(wording: re.Pattern, reading: _Reading, actor: str) -> bool:
    """Does every sentence naming the actor hold the wording?"""
    sentences = {reading.sentences.around(m.start) for m in reading.entity if m.target == actor}
    return bool(sentences) and all(wording.search(sentence) for sentence in sentences)


# The way goods or people travel: "by sea to Iran's Chabahar port", "via Uzbekistan", "through Termez".
_ROUTE_BEFORE = re.compile(r"\b(?:via|through|by way of|transiting|in transit through|by (?:sea|road|rail|air|ship|truck|"
                           r"train)s? (?:to|through|via)|overland (?:to|through|via))\s+(?:the\s+)?$", re.IGNORECASE)


def _named_only_on_a_route(reading: _Reading, actor: str) -> bool:
    """Is every mention of the actor on the way something travelled ("after travelling by sea
    to Iran's Chabahar port")? The state on the route gives nothing by it."""
    text = reading.sentences.text
    mentions = [m for m in reading.entity if m.target == actor]
    return bool(mentions) and all(_ROUTE_BEFORE.search(text, max(0, m.start - 30), m.start) for m in mentions)


def _features(reading: _Reading, actor) -> set[str]:
    spans = [(m.start, m.end) for m in reading.entity if m.target == actor.actor and not m.place]
    in_title = any(start < reading.title_end for start, _ in spans)
    others = [(m.start, m.end) for m in reading.entity
              if m.target not in (actor.actor, COUNTERPART, "") and not m.place]
    return actor_features(reading.sentences.text, spans, reading.sentences.spans, actor.role, in_title, others)


_BRACKETED = re.compile(r"\([^()\n]{3,160}\)")
