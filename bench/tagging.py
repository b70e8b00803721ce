"""Tagging speed: the tagger against a bare Aho-Corasick scan of the same text, and
against feedparser's own parse time for the same feeds.

    .venv/bin/python bench/tagging.py
"""
import random
import time

import ahocorasick
import feedparser

from common import make_rss, write_results

from ingest.config import DEFAULT_TAXONOMY_PATH
from ingest.parse import parse_feed
from ingest.tagger import Tagger


def main() -> None:
    rng = random.Random(7)
    feeds = [make_rss(n, 100, rng) for n in range(40)]
    tagger = Tagger.from_file(DEFAULT_TAXONOMY_PATH)
    from datetime import datetime

    entries = [e for body in feeds for e in parse_feed(body, "https://bench.example.org/", datetime(2026, 1, 1)).entries]
    texts = [(e.title, e.summary) for e in entries]
    megabytes = sum(len(t) + len(s) for t, s in texts) / 1e6

    started = time.perf_counter()
    for body in feeds:
        feedparser.parse(body)
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for title, summary in texts:
        tagger.tag(title, summary)
    tag_seconds = time.perf_counter() - started

    automaton = ahocorasick.Automaton()
    for index, pattern in enumerate({p.text.lower() for p in tagger.taxonomy.patterns}):
        automaton.add_word(pattern, index)
    automaton.make_automaton()
    started = time.perf_counter()
    found = 0
    for title, summary in texts:
        for _ in automaton.iter(f"{title}\n{summary}".lower()):
            found += 1
    scan_seconds = time.perf_counter() - started

    report = "\n".join([
        f"{len(texts):,} stories ({megabytes:.2f} MB of title and summary text) from 40 feeds of 100 items.",
        "",
        "| measure | seconds | MB/s | stories/s |",
        "| --- | ---: | ---: | ---: |",
        f"| bare Aho-Corasick scan (same patterns, {found:,} hits) | {scan_seconds:.3f} | {megabytes / scan_seconds:.1f} | {len(texts) / scan_seconds:,.0f} |",
        f"| tagger (actors, topics, engagement, evidence) | {tag_seconds:.3f} | {megabytes / tag_seconds:.1f} | {len(texts) / tag_seconds:,.0f} |",
        f"| feedparser.parse of the same feeds | {parse_seconds:.3f} | | {len(texts) / parse_seconds:,.0f} |",
        "",
        f"Tagging adds {tag_seconds / parse_seconds:.0%} to feedparser's parse time (target: < 25%: "
        f"{'met' if tag_seconds / parse_seconds < 0.25 else 'NOT met'}); the tagger runs at "
        f"{scan_seconds / tag_seconds:.0%} of the bare scan's speed.",
    ])
    print(report)
    write_results("Tagging", report)


if __name__ == "__main__":
    main()
