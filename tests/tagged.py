"""What the tagger reads in one sentence or headline: the helpers of the tests that check
wordings (test_sentence.py, test_wording.py), each case a story told on one date."""
from __future__ import annotations

from datetime import date

PUBLISHED = date(2026, 6, 3)


def events(tagger, summary: str, title: str = "") -> set[tuple[str, str, bool]]:
    """(actor, level, reported in background) of every event the tagger reads."""
    return {(e.actor, e.level, e.background) for e in tagger.tag(title, summary, PUBLISHED).engagement}


def news(tagger, summary: str, title: str = "") -> set[tuple[str, str]]:
    """(actor, level) of the events reported as news."""
    return {(actor, level) for actor, level, background in events(tagger, summary, title) if not background}


def kept(tagger, title: str, summary: str) -> bool:
    """Would ingestion keep the story: the default relevance filter lets it through, and the tagger
    finds it on the monitor's subject and not unlikely to be ours (ingest/process.py)."""
    from ingest.config import DEFAULT_RELEVANCE_IGNORE, DEFAULT_RELEVANCE_TERMS
    from ingest.process import RelevanceFilter

    relevance = RelevanceFilter(DEFAULT_RELEVANCE_TERMS, DEFAULT_RELEVANCE_IGNORE, tagger.taxonomy.relevance)
    result = tagger.tag(title, summary, PUBLISHED)
    return relevance.is_relevant(title, summary) and result.on_subject and not result.unlikely_ours
