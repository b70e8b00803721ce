"""Property test: parse + process never raise on generated feed documents, and every
story they yield has a URL, a UTC date and a title."""
from datetime import datetime
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.parse import ParseError, parse_feed
from ingest.process import RelevanceFilter, process_entries
from ingest.config import DEFAULT_RELEVANCE_TERMS

FETCHED = datetime(2026, 1, 1, 12, 0)
RELEVANCE = RelevanceFilter(tuple(DEFAULT_RELEVANCE_TERMS))
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
date = st.one_of(st.just(""), st.sampled_from(["Mon, 01 Jan 2024 10:00:00 GMT", "2025-13-45", "yesterday",
                                               "Sat, 01 Jan 2250 00:00:00 GMT", "1970-01-01T00:00:00Z"]), text)
link = st.one_of(st.just(""), st.sampled_from(["https://x.org/a", "/relative/b", "javascript:alert(1)",
                                               "data:text/plain,hi", "mailto:a@b.c", "http://"]), text)
item = st.fixed_dictionaries({"title": text, "link": link, "date": date, "summary": text,
                              "raw": st.booleans(), "afghan": st.booleans()})


def render(items, atom: bool) -> bytes:
    parts = []
    for it in items:
        title = (it["title"] + (" Taliban" if it["afghan"] else ""))
        title, summary = (title, it["summary"]) if it["raw"] else (escape(title), escape(it["summary"]))
        if atom:
            parts.append(f"<entry><title>{title}</title><link href=\"{escape(it['link'])}\"/>"
                         f"<updated>{escape(it['date'])}</updated><summary>{summary}</summary></entry>")
        else:
            parts.append(f"<item><title>{title}</title><link>{escape(it['link'])}</link>"
                         f"<pubDate>{escape(it['date'])}</pubDate><description>{summary}</description></item>")
    if atom:
        return ('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>' + "".join(parts) + "</feed>").encode("utf-8", "replace")
    return ('<rss version="2.0"><channel><title>t</title><link>https://x.org/</link>' + "".join(parts)
            + "</channel></rss>").encode("utf-8", "replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(item, max_size=6), atom=st.booleans())
def test_parse_and_process_never_raise_and_yield_complete_stories(tagger, items, atom):
    try:
        parsed = parse_feed(render(items, atom), "https://feed.example.org/rss", FETCHED)
    except ParseError:
        return
    processed = process_entries(parsed.entries, RELEVANCE, tagger)
    for story in processed.items:
        assert story.canonical_url and story.entry.title
        assert story.canonical_url.startswith(("http://", "https://", "urn:sha256:"))
        assert story.entry.published_at.tzinfo is None  # naive UTC, as stored
        assert datetime(1990, 1, 1) <= story.entry.published_at <= datetime(2026, 1, 2, 12, 0)
