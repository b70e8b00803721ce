"""`python -m ingest`: serve the dashboard with ingestion, run the scheduler, poll once,
inspect feeds, seed, retag, export.

One function per command; its docstring is its help text. Every failure a user can
fix (bad config, unusable database, bad arguments, unwritable output) ends with a
one-line message and exit code 2, and nothing is written.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from db.models import Story
from db.queries import QueryError, StoryFilter
from db.records import iter_story_records
from db.session import DatabaseError, session_scope
from ingest.config import ConfigError
from ingest.taxonomy import LEVEL_SCORES, TaxonomyError

EXIT_USAGE = 2
EXIT_BUSY = 1


class CliError(Exception):
    """A problem with the user's input; printed as one line, exit code 2."""


def cmd_run(args) -> int:
    """Run the scheduler in the foreground: poll due feeds until Ctrl-C or SIGTERM.

    On SQLite only one scheduler may poll a database; a second one says who holds it and
    exits 1 (or waits for it with --wait). A holder that died is replaced once its lease
    expires. On PostgreSQL several workers may run at once; they share the due feeds.
    """
    from ingest.orchestrator import Pipeline
    from ingest.scheduler import IngestScheduler, current_holder

    runtime = _prepare(args)
    pipeline = Pipeline(runtime.config, runtime.engine)
    scheduler = IngestScheduler(pipeline, tick_seconds=args.tick)
    while scheduler.exclusive and not scheduler.lease.acquire():
        holder = current_holder(runtime.engine)
        who = f"{holder[0]}, lease until {holder[1]:%Y-%m-%d %H:%M:%S} UTC" if holder else "another process"
        if not args.wait:
            print(f"error: a scheduler already runs for this database ({who}); "
                  "stop it, or pass --wait to take over when it ends", file=sys.stderr)
            return EXIT_BUSY
        print(f"waiting: a scheduler already runs ({who})", file=sys.stderr)
        time.sleep(min(10, runtime.config.scheduler.lease_seconds))
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    scheduler.start()
    print(f"scheduler running for {len(runtime.config.feeds)} configured feeds "
          f"(database {runtime.engine.url.render_as_string(hide_password=True)}); Ctrl-C stops it")
    stop.wait()
    print("stopping scheduler...")
    scheduler.shutdown()
    return 0


def cmd_serve(args) -> int:
    """Run the service: the dashboard with background ingestion, until Ctrl-C or SIGTERM.

    Migrates and seeds the database and starts the feed scheduler at once (whether or not
    a browser ever connects), then serves the dashboard from the same process. Options
    after `--` go to `streamlit run` (e.g. `-- --server.address 0.0.0.0`). With
    `start_in_dashboard = false` only the dashboard runs.
    """
    from ingest.service import serve

    extra = args.streamlit_args[1:] if args.streamlit_args[:1] == ["--"] else args.streamlit_args
    port = ["--server.port", str(args.port)] if args.port else []
    return serve(args.config, port + extra)


def cmd_once(args) -> int:
    """Poll every enabled feed now and print a summary per feed.

    Exits 0 when the poll ran, even if some feeds failed (their errors are in the table
    and in `feeds`); 2 only for a bad config or an unusable database.
    """
    from tqdm import tqdm

    from ingest.orchestrator import Pipeline, enabled_feed_ids

    runtime = _prepare(args)
    feed_ids = enabled_feed_ids(runtime.engine)
    with (Pipeline(runtime.config, runtime.engine) as pipeline,
          tqdm(total=len(feed_ids), desc="polling feeds", unit="feed", file=sys.stderr, disable=None) as bar):
        results = pipeline.poll_feeds(feed_ids, workers=args.workers, progress=lambda _: bar.update(),
                                      parse_processes=runtime.config.scheduler.parse_workers)
    rows = [[r.feed, r.outcome, r.http_status or "", r.seen, r.counts.new, r.counts.updated, r.counts.duplicate,
             r.not_relevant, r.duration_ms, r.error or ""] for r in sorted(results, key=lambda r: r.feed)]
    _print_table(["feed", "outcome", "http", "seen", "new", "updated", "dup", "not_relevant", "ms", "error"], rows)
    failed = sum(1 for r in results if r.outcome == "error")
    print(f"\n{len(results)} feeds polled, {failed} failed, "
          f"{sum(r.counts.new for r in results)} new stories, {sum(r.counts.updated for r in results)} updated")
    return 0


def cmd_feeds(args) -> int:
    """Show each feed's health: status, last success, next check, errors, last error."""
    import pandas as pd

    from db.queries import feeds_frame

    runtime = _prepare(args)
    with session_scope(runtime.engine) as session:
        frame = feeds_frame(session)
    rows = [[r.name, r.status, _time(r.last_success), _time(r.next_check), "" if pd.isna(r.http_status) else int(r.http_status),
             r.errors, (r.last_error or "")[:90]] for r in frame.itertuples()]
    _print_table(["feed", "status", "last_success", "next_check", "http", "errors", "last_error"], rows)
    return 0


def cmd_seed(args) -> int:
    """Insert the founding article, its summary, tags and dated engagement events (idempotent)."""
    from ingest.seed import seed_database

    runtime = _prepare(args, seed=False)
    added = seed_database(runtime.engine)
    print("seed story added" if added else "seed story already present; nothing changed")
    return 0


def cmd_retag(args) -> int:
    """Re-apply the current taxonomy to every stored story, in batches.

    Analyst corrections are kept and re-applied; the seed story keeps its curated tags.
    """
    from tqdm import tqdm

    from ingest.store import write_tags

    runtime = _prepare(args)
    tagger = _load_tagger(runtime.config.taxonomy_path)
    with session_scope(runtime.engine) as session:
        ids = list(session.scalars(select(Story.id).where(Story.is_seed.is_(False)).order_by(Story.id)))
    with tqdm(total=len(ids), desc="retagging", unit="story", file=sys.stderr, disable=None) as bar:
        for start in range(0, len(ids), args.batch):
            with session_scope(runtime.engine, write=True) as session:
                for story in session.scalars(select(Story).where(Story.id.in_(ids[start:start + args.batch]))):
                    write_tags(session, story, tagger.tag(story.title, story.summary, story.published_at.date()))
            bar.update(len(ids[start:start + args.batch]))
    print(f"retagged {len(ids)} stories with taxonomy {tagger.version}")
    return 0


def cmd_export(args) -> int:
    """Export the stories matching the filter as csv, jsonl, xlsx or atom.

    The same filter as the dashboard: --since/--until (dates, inclusive), repeatable
    --actor, --topic, --level, --source, and --query (full text: AND, OR, NOT, "phrases").
    """
    from ingest.export import export_filename, export_to_file

    flt = _filter_from(args)
    out = Path(args.out) if args.out else Path(export_filename(flt, args.format))
    if out.is_dir():
        out = out / export_filename(flt, args.format)
    if not out.parent.exists() if str(out.parent) else False:
        raise CliError(f"cannot write {out}: folder {out.parent} does not exist")
    runtime = _prepare(args)
    _check_known_ids(runtime, flt.actors, flt.topics, labels=("--actor", "--topic"))
    with session_scope(runtime.engine) as session:
        try:
            count = export_to_file(iter_story_records(session, flt), args.format, out, title=flt.describe())
        except QueryError as error:
            raise CliError(f"--query: {error}") from None
        except PermissionError:
            raise CliError(f"cannot write {out}: permission denied") from None
        except OSError as error:
            if "fts5: syntax error" in str(error):
                raise CliError(f"--query: cannot parse {args.query!r}") from None
            raise CliError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"wrote {count} stories to {out}")
    return 0


def cmd_correct(args) -> int:
    """Record an analyst's correction to one story's tags; it survives every retag."""
    from ingest.store import add_correction

    runtime = _prepare(args)
    kind, action, value, level = _correction_from(args)
    _check_known_ids(runtime, actors=[value] if kind != "topic" else [], topics=[value] if kind == "topic" else [])
    with session_scope(runtime.engine, write=True) as session:
        try:
            add_correction(session, args.story_id, kind, value, action, level=level, note=args.note, author=args.author)
        except ValueError as error:
            raise CliError(str(error)) from None
    print(f"story {args.story_id}: {kind} {value} {action}{' ' + level if level else ''} recorded")
    return 0


STATUS_FIELDS = ["actor", "status", "since", "evidence_url", "evidence", "stories", "outlets", "contested"]


def cmd_status(args) -> int:
    """Each actor's formal status with the Taliban government as of a day (default today):
    status, since, the evidence, how many stories and outlets support it, and whether
    stories in force disagree. With --set, record an analyst's status from a date on.

    Statuses: none, accreditation, ambassadors, recognition. Output as a table, CSV or
    JSON (a list of objects with the fields above)."""
    from db.status import set_status, status_as_of

    runtime = _prepare(args)
    if args.set:
        return _set_status(runtime, args, set_status)
    day = args.as_of or date.today()
    with session_scope(runtime.engine) as session:
        rows = status_as_of(session, day)
    _print_status(rows, args.format, day)
    return 0


def _set_status(runtime, args, set_status) -> int:
    actor, status = args.set
    if args.effective is None:
        raise CliError("--set needs --from YYYY-MM-DD: the day the status takes effect")
    _check_known_ids(runtime, actors=[actor], topics=[])
    with session_scope(runtime.engine, write=True) as session:
        try:
            set_status(session, actor, status, args.effective, note=args.note, author=args.author)
        except ValueError as error:
            raise CliError(str(error)) from None
    print(f"{actor}: status {status} from {args.effective} recorded (analyst)")
    return 0


def _print_status(rows: list[dict], fmt: str, day: date) -> None:
    import csv
    import json

    records = [{key: row[key] for key in STATUS_FIELDS} for row in rows]
    if fmt == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=STATUS_FIELDS)
        writer.writeheader()
        writer.writerows(records)
    else:
        print(f"formal status as of {day}")
        _print_table(["actor", "status", "since", "stories", "outlets", "contested", "evidence"],
                     [[r["actor"], r["status"], r["since"], r["stories"], r["outlets"], "yes" if r["contested"] else "",
                       r["evidence"][:70]] for r in records])


def cmd_evaluate(args) -> int:
    """Measure the tagger on a labelled set of stories and list every miss.

    Prints precision, recall and F1 for foreign actors and topics, and accuracy for
    engagement levels and relevance.
    """
    from ingest.evaluate import evaluate, format_report, load_labelled
    from ingest.config import load_config

    config = load_config(args.config)
    tagger = _load_tagger(config.taxonomy_path)
    from ingest.process import RelevanceFilter

    relevance = RelevanceFilter(config.relevance_terms, config.relevance_ignore, tagger.taxonomy.relevance)
    report = evaluate(load_labelled(Path(args.file)), tagger, relevance)
    print(format_report(report, show_misses=not args.quiet))
    return 0


def cmd_copy_db(args) -> int:
    """Copy this config's database into another one, e.g. SQLite into PostgreSQL.

    The target (--to URL) is created by migrations and must hold no stories yet; then
    point [database] url (or DATABASE_URL) at it.
    """
    from db.copy import CopyError, copy_database
    from db.session import open_database
    from ingest.config import load_config

    config = load_config(args.config)
    source = open_database(config.database_url)
    target = open_database(args.to)
    try:
        copied = copy_database(source, target)
    except CopyError as error:
        raise CliError(str(error)) from None
    print("copied " + ", ".join(f"{count} {table}" for table, count in copied.items() if count))
    return 0


# ---- helpers ----------------------------------------------------------------------------------

def _prepare(args, seed: bool = True):
    from ingest.runtime import prepare

    return prepare(args.config, seed=seed)


def _load_tagger(path):
    from ingest.tagging import Tagger

    return Tagger.from_file(path)


def _filter_from(args) -> StoryFilter:
    if args.since and args.until and args.since > args.until:
        raise CliError(f"--since {args.since} is after --until {args.until}")
    unknown_levels = [level for level in args.level or [] if level not in LEVEL_SCORES]
    if unknown_levels:
        raise CliError(f"unknown --level {unknown_levels[0]!r} (known: {', '.join(LEVEL_SCORES)})")
    return StoryFilter(since=args.since, until=args.until, actors=tuple(args.actor or ()),
                       topics=tuple(args.topic or ()), levels=tuple(args.level or ()),
                       sources=tuple(args.source or ()), query=args.query or "")


def _check_known_ids(runtime, actors, topics, labels=("actor id", "topic id")) -> None:
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


def _correction_from(args) -> tuple[str, str, str, str | None]:
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


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _time(value) -> str:
    if value is None or value != value:  # None or NaT
        return "never"
    return f"{value:%Y-%m-%d %H:%M}"


def _print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for number, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Monitor how the world engages with Afghanistan's Taliban government: "
                    "poll feeds, tag stories, export them.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, function, **extra):
        sub = commands.add_parser(name, help=function.__doc__.splitlines()[0], description=function.__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter, **extra)
        sub.add_argument("--config", metavar="PATH", default=None,
                         help="configuration file (default: config.toml in the project folder)")
        sub.set_defaults(handler=function)
        return sub

    run = command("run", cmd_run)
    run.add_argument("--wait", action="store_true", help="wait for a running scheduler to stop, then take over")
    run.add_argument("--tick", type=int, default=30, metavar="SECONDS", help="how often to look for due feeds (30)")
    serve = command("serve", cmd_serve)
    serve.add_argument("--port", type=int, metavar="N", help="the dashboard's port (Streamlit's default: 8501)")
    serve.add_argument("streamlit_args", nargs=argparse.REMAINDER, metavar="-- STREAMLIT_OPTIONS",
                       help="options for `streamlit run`, after --")
    once = command("once", cmd_once)
    once.add_argument("--workers", type=int, default=4,
                      help="at most this many feeds fetched at once; more than one only while requests wait (4)")
    command("feeds", cmd_feeds)
    command("seed", cmd_seed)
    retag = command("retag", cmd_retag)
    retag.add_argument("--batch", type=int, default=500, help="stories per transaction (500)")
    export = command("export", cmd_export)
    export.add_argument("--format", choices=("csv", "jsonl", "xlsx", "atom"), default="csv")
    export.add_argument("--out", metavar="FILE", help="output file (default: a name that says the filter and date)")
    export.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD")
    export.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD")
    export.add_argument("--actor", action="append", metavar="ID", help="actor id, e.g. RUS (repeatable)")
    export.add_argument("--topic", action="append", metavar="ID", help="topic id, e.g. recognition (repeatable)")
    export.add_argument("--level", action="append", metavar="ID", help="engagement level id (repeatable)")
    export.add_argument("--source", action="append", metavar="NAME", help="feed name (repeatable)")
    export.add_argument("--query", metavar="TEXT", help='full text: words, "phrases", AND, OR, NOT')
    correct = command("correct", cmd_correct)
    correct.add_argument("story_id", type=int, help="the story's id (shown in the dashboard and exports)")
    correct.add_argument("--add-actor", metavar="ID")
    correct.add_argument("--remove-actor", metavar="ID")
    correct.add_argument("--add-topic", metavar="ID")
    correct.add_argument("--remove-topic", metavar="ID")
    correct.add_argument("--set-level", nargs=2, metavar=("ACTOR", "LEVEL"))
    correct.add_argument("--clear-level", metavar="ACTOR")
    correct.add_argument("--note", default="", help="why (shown as the evidence)")
    correct.add_argument("--author", default="analyst")
    status = command("status", cmd_status)
    status.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD", help="the day (default: today)")
    status.add_argument("--format", choices=("table", "csv", "json"), default="table")
    status.add_argument("--set", nargs=2, metavar=("ACTOR", "STATUS"),
                        help="record an analyst's status for ACTOR (none, accreditation, ambassadors, recognition)")
    status.add_argument("--from", dest="effective", type=_iso_date, metavar="YYYY-MM-DD",
                        help="with --set: the day the status takes effect")
    status.add_argument("--note", default="", help="with --set: why (shown as the evidence)")
    status.add_argument("--author", default="analyst")
    copy = command("copy-db", cmd_copy_db)
    copy.add_argument("--to", required=True, metavar="URL", help="target database URL, e.g. postgresql+psycopg://user@host/db")
    evaluate = command("evaluate", cmd_evaluate)
    evaluate.add_argument("--file", default=str(Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled_stories.toml"),
                          help="labelled stories (default: tests/data/labelled_stories.toml)")
    evaluate.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ConfigError, DatabaseError, TaxonomyError, CliError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stderr.close()
        return 0
