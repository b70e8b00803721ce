"""The tagger: small passes over a story's text, each in its own module.

find (matching) -> screen actor names and mark places (actors) -> events with their
modality and dates (events, modality, dates) -> roles (actors) -> topics (topics).
Every tag keeps the text and the rule that produced it, so the dashboard can say why.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.clock import utc_now
from ingest.tagging.actors import ActorRoles, dateline_span, with_roles
from ingest.tagging.clauses import Sentences, split_sentences
from ingest.tagging.events import EventFinder
from ingest.tagging.matching import build_pattern_automaton, find_patterns, word_spaced
from ingest.tagging.modality import Modality
from ingest.tagging.results import TagResult
from ingest.tagging.topics import SourceFilter, implied_topics, score_topics
from ingest.taxonomy import Taxonomy, load_taxonomy


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

    @classmethod
    def from_file(cls, path: Path) -> Tagger:
        return cls(load_taxonomy(path))

    def tag(self, title: str, summary: str, published: date | None = None) -> TagResult:
        """Actors (with roles), topics and engagement events for a story's title and
        summary (plain text); `published` dates what the text restates ("in July")."""
        title, summary = title.strip(), summary.strip()
        text = f"{title}\n{summary}" if summary else title
        title_end = len(title)
        spaced = word_spaced(text)
        sentences = Sentences(text, split_sentences(text))
        entity, topic = find_patterns(self._automaton, text, spaced)
        dateline = dateline_span(text)  # read once: screening and roles both need it
        entity = self._roles.screen(text, spaced, entity, dateline)
        events, restated = self._events.events(entity, sentences, spaced, published or utc_now().date())
        engaged = {event.actor for event in events if not event.background}
        actors = with_roles(entity, sentences, title_end, engaged, dateline[1])
        topics = score_topics(topic, sentences, title_end, self._threshold, self._title_weight, restated,
                              self._sources)
        topics = implied_topics(topics, events, self._level_topics, self._threshold)
        return TagResult(version=self.version, actors=actors, topics=topics, engagement=events)
