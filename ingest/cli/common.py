"""What every command shares: start-up, argument checks, dates, tables, the one-line error."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `--help` should not wait for the database libraries
    from db.queries import StoryFilter


EXIT_USAGE = 2
EXIT_BUSY = 1


class CliError(Exception):
    """A problem with the user's input; printed as one line, exit code 2."""


def open_runtime(args, seed: bool = True):
    from ingest.runtime import prepare

    return prepare(args.config, seed=seed)


def end_quickly(runtime) -> None:
    """At the end of a command that built a large heap (a poll): close the database's
    connections (an SQLite file is checkpointed and closed, as at any exit), then put
    every object out of the cycle collector's sight. Python collects the whole heap
    again and again while it shuts down: 0.15 s after `once`, for memory the exit frees
    anyway (issue #13, point 7). Nothing left needs collecting to be finished: the parse
    workers are stopped, the output flushed at exit as ever."""
    import gc

    runtime.engine.dispose()
    gc.freeze()


def next_alert_id(runtime) -> int:
    """The id the next alert will have (0 without alert rules): what a command raised is
    counted from it."""
    if not runtime.config.alerts:
        return 0
    from ingest.alerts.reading import last_alert_id

    return last_alert_id(runtime.engine) + 1


def deliver_alerts(runtime, first_alert: int) -> None:
    """After a command that may raise alerts (a poll, a status setting, a retag, a
    correction): say how many it raised, then send every pending delivery, those waiting
    for their backoff included (a person is at the keyboard)."""
    if not runtime.config.alerts:
        return
    from ingest.alerts.delivery import run_outbox
    from ingest.alerts.reading import alerts_since
    from ingest.scheduler import holder_id

    raised = alerts_since(runtime.engine, first_alert)
    report = run_outbox(runtime.engine, runtime.config.alerts, holder_id(), runtime.config.scheduler.lease_seconds,
                        retry_now=True)
    print(f"alerts: {raised} raised, {report.sent} deliveries sent, {len(report.failed)} failed")
    for channel, error in report.failed:
        print(f"  {channel}: {error} (retried with backoff)")


def load_tagger(path):
    from ingest.tagging import Tagger

    return Tagger.from_file(path)


def filter_from(args) -> StoryFilter:
    from db.queries import StoryFilter
    from ingest.taxonomy import LEVEL_SCORES

    if args.since and args.until and args.since > args.until:
        raise CliError(f"--since {args.since} is after --until {args.until}")
    unknown_levels = [level for level in args.level or [] if level not in LEVEL_SCORES]
    if unknown_levels:
        raise CliError(f"unknown --level {unknown_levels[0]!r} (known: {', '.join(LEVEL_SCORES)})")
    return StoryFilter(since=args.since, until=args.until, actors=tuple(args.actor or ()),
                       topics=tuple(args.topic or ()), levels=tuple(args.level or ()),
                       sources=tuple(args.source or ()), query=args.query or "")


def check_known_ids(runtime, actors, topics, labels=("actor id", "topic id")) -> None:
    """CliError naming the first actor or topic id the taxonomy does not know (a typo
    would otherwise match nothing, silently)."""
    from ingest.taxonomy import TOPIC_IDS, load_taxonomy

    if actors:
        known = load_taxonomy(runtime.config.taxonomy_path).actor_labels
        for actor in actors:
            if actor not in known:
                raise CliError(f"unknown {labels[0]} {actor!r}")
    for topic in topics:
        if topic not in TOPIC_IDS:
            raise CliError(f"unknown {labels[1]} {topic!r} (known: {', '.join(TOPIC_IDS)})")


def correction_from(args) -> tuple[str, str, str, str | None]:
    chosen = [(k, a, v) for k, a, v in (
        ("actor", "add", args.add_actor), ("actor", "remove", args.remove_actor),
        ("topic", "add", args.add_topic), ("topic", "remove", args.remove_topic),
        ("engagement", "remove", args.clear_level)) if v]
    if args.set_level:
        chosen.append(("engagement", "set", args.set_level[0]))
    if len(chosen) != 1:
        raise CliError("give exactly one of --add-actor, --remove-actor, --add-topic, --remove-topic, "
                       "--set-level ACTOR LEVEL, --clear-level ACTOR")
    kind, action, value = chosen[0]
    level = args.set_level[1] if action == "set" else None
    return kind, action, value, level


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def when_text(value) -> str:
    if value is None or value != value:  # None or NaT
        return "never"
    return f"{value:%Y-%m-%d %H:%M}"


class _NoBar:
    def update(self, count: int = 1) -> None:
        return None


def progress_bar(total: int, desc: str, unit: str):
    """A tqdm progress bar on standard error when that is a terminal; else one that draws
    nothing and costs nothing (tqdm takes 30 ms to import, a tenth of `once` on a quiet poll)."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext(_NoBar())
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr)


def print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for number, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


