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
