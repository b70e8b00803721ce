"""Tagging speed: the tagger against feedparser's own parse time for the same feeds,
and against a bare Aho-Corasick scan of the same text.

Two measures of what tagging adds to parsing a feed: the tagger run on every item
(decoys included), and tagging as ingestion applies it (the relevance filter on every
item, then the tagger on the items kept; ingest/process.py). Timings are the best of
three runs, taken in turn in one process, so the ratios compare like with like.

    .venv/bin/python bench/tagging.py
"""
import random
import time
from datetime import datetime

import ahocorasick
import feedparser

from common import make_rss, write_results

from ingest.config import DEFAULT_CONFIG_PATH, DEFAULT_TAXONOMY_PATH, load_config
from ingest.parse import parse_feed
from ingest.process import RelevanceFilter
from ingest.tagging import IMPLEMENTATION, PurePythonTagger, Tagger

ROUNDS = 3


def main() -> None:
    rng = random.Random(7)
    feeds = [make_rss(n, 100, rng) for n in range(40)]
    tagger = Tagger.from_file(DEFAULT_TAXONOMY_PATH)
    config = load_config(DEFAULT_CONFIG_PATH)
    relevance = RelevanceFilter(config.relevance_terms, config.relevance_ignore, tagger.taxonomy.relevance)
    entries = [e for body in feeds for e in parse_feed(body, "https://bench.example.org/", datetime(2026, 1, 1)).entries]
    texts = [(e.title, e.summary, e.published_at.date()) for e in entries]  # the date, as ingestion passes it
    kept = sum(relevance.is_relevant(title, summary) for title, summary, _ in texts)
    megabytes = sum(len(t) + len(s) for t, s, _ in texts) / 1e6
    automaton = _bare_automaton(tagger)

    def parse_all():
        for body in feeds:
            feedparser.parse(body)

    def tag_every_item():
        for title, summary, published in texts:
            tagger.tag(title, summary, published)

    def tag_as_ingestion_does():
        for title, summary, published in texts:
            if relevance.is_relevant(title, summary):
                tagger.tag(title, summary, published)

    pure = PurePythonTagger(tagger.taxonomy)

    def tag_as_ingestion_does_in_pure_python():
        for title, summary, published in texts:
            if relevance.is_relevant(title, summary):
                pure.tag(title, summary, published)

    def bare_scan():
        for title, summary, _ in texts:
            for _ in automaton.iter(f"{title}\n{summary}".lower()):
                pass

    runs = {"parse": parse_all, "every": tag_every_item, "ingestion": tag_as_ingestion_does, "scan": bare_scan}
    if Tagger is not PurePythonTagger:
        runs["pure"] = tag_as_ingestion_does_in_pure_python
    best = {name: float("inf") for name in runs}
    for _ in range(ROUNDS):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)

    parse, every, ingestion, scan = best["parse"], best["every"], best["ingestion"], best["scan"]
    report = "\n".join([
        f"{len(texts):,} items ({megabytes:.2f} MB of title and summary text) from 40 feeds of 100 items; "
        f"{kept:,} of them concern Afghanistan, the rest are decoys naming the same countries. Best of {ROUNDS} runs.",
        "",
        "| measure | seconds | MB/s | items/s | vs feedparser.parse |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| feedparser.parse of the same feeds | {parse:.3f} | | {len(texts) / parse:,.0f} | 1.00 |",
        f"| tagging as ingestion applies it (relevance filter on every item, tagger on the {kept:,} kept) "
        f"| {ingestion:.3f} | {megabytes / ingestion:.1f} | {len(texts) / ingestion:,.0f} | {ingestion / parse:.2f} |",
        f"| tagger on every item, decoys included (actors, topics, engagement, evidence) "
        f"| {every:.3f} | {megabytes / every:.1f} | {len(texts) / every:,.0f} | {every / parse:.2f} |",
        f"| bare Aho-Corasick scan (the same {len(tagger.taxonomy.patterns):,} patterns, no rules) "
        f"| {scan:.3f} | {megabytes / scan:.1f} | {len(texts) / scan:,.0f} | {scan / parse:.2f} |",
    ] + ([
        f"| tagging as ingestion applies it, the tagger in pure Python (no compiled build) "
        f"| {best['pure']:.3f} | {megabytes / best['pure']:.1f} | {len(texts) / best['pure']:,.0f} | {best['pure'] / parse:.2f} |",
    ] if "pure" in best else []) + [
        "",
        f"Tagger: {IMPLEMENTATION} (scripts/build_tagger.py compiles ingest/tagging with Cython at setup).",
        f"Tagging as ingestion applies it adds {ingestion / parse:.0%} to feedparser's parse time "
        f"(target < 25%: {'met' if ingestion / parse < 0.25 else 'NOT met'}); run on every item it would add "
        f"{every / parse:.0%}. The tagger runs at {scan / every:.0%} of the bare scan's speed.",
    ])
    print(report)
    write_results("Tagging", report)


def _bare_automaton(tagger: Tagger) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for index, pattern in enumerate({p.text.lower() for p in tagger.taxonomy.patterns}):
        automaton.add_word(pattern, index)
    automaton.make_automaton()
    return automaton


if __name__ == "__main__":
    main()
