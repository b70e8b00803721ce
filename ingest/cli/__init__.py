"""`python -m ingest`: serve the dashboard with ingestion, run the scheduler, poll once,
inspect feeds, seed, retag, export, formal status, alerts.

One function per command; its docstring is its help text. Every failure a user can
fix (bad config, unusable database, bad arguments, unwritable output) ends with a
one-line message and exit code 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from db.errors import DatabaseError
from ingest.cli.alerts import cmd_alerts
from ingest.cli.common import EXIT_USAGE, CliError, iso_date
from ingest.cli.data import cmd_backup, cmd_cluster, cmd_copy_db, cmd_correct, cmd_evaluate, cmd_export, cmd_retag
from ingest.cli.service import cmd_feeds, cmd_once, cmd_run, cmd_seed, cmd_serve
from ingest.cli.status import cmd_status


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
    feeds = command("feeds", cmd_feeds)
    feeds.add_argument("--import", dest="import_file", metavar="FILE.opml", help="register the feeds of an OPML file")
    feeds.add_argument("--export", dest="export_file", metavar="FILE.opml", help="write every feed as OPML")
    command("seed", cmd_seed)
    retag = command("retag", cmd_retag)
    retag.add_argument("--batch", type=int, default=500, help="stories per transaction (500)")
    export = command("export", cmd_export)
    export.add_argument("--format", choices=("csv", "jsonl", "xlsx", "atom"), default="csv")
    export.add_argument("--out", metavar="FILE", help="output file (default: a name that says the filter and date)")
    export.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD")
    export.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD")
    export.add_argument("--actor", action="append", metavar="ID", help="actor id, e.g. RUS (repeatable)")
    export.add_argument("--topic", action="append", metavar="ID", help="topic id, e.g. recognition (repeatable)")
    export.add_argument("--level", action="append", metavar="ID", help="engagement level id (repeatable)")
    export.add_argument("--source", action="append", metavar="NAME", help="feed name (repeatable)")
    export.add_argument("--query", metavar="TEXT", help='full text: words, "phrases", AND, OR, NOT')
    export.add_argument("--by-event", action="store_true",
                        help="one row per event (its stories' clusters), not per story")
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
    status.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="the day (default: today)")
    status.add_argument("--format", choices=("table", "csv", "json"), default="table")
    status.add_argument("--set", nargs=2, metavar=("ACTOR", "STATUS"),
                        help="record an analyst's status for ACTOR (none, accreditation, ambassadors, recognition)")
    status.add_argument("--from", dest="effective", type=iso_date, metavar="YYYY-MM-DD",
                        help="with --set: the day the status takes effect")
    status.add_argument("--note", default="", help="with --set: why (shown as the evidence)")
    status.add_argument("--author", default="analyst")
    backup = command("backup", cmd_backup)
    backup.add_argument("--out", required=True, metavar="FILE", help="the copy to write (replaced if it exists)")
    copy = command("copy-db", cmd_copy_db)
    copy.add_argument("--to", required=True, metavar="URL", help="target database URL, e.g. postgresql+psycopg://user@host/db")
    alerts = command("alerts", cmd_alerts)
    alerts.add_argument("action", choices=("list", "test", "history"))
    alerts.add_argument("name", nargs="?", help="with test: the rule's name")
    alerts.add_argument("--limit", type=int, default=30, help="with history: how many alerts (30)")
    alerts.add_argument("--rule", metavar="NAME", help="with history: only this rule's alerts")
    evaluate = command("evaluate", cmd_evaluate)
    evaluate.add_argument("--file", default=str(Path(__file__).resolve().parents[2] / "tests" / "data" / "labelled_stories.toml"),
                          help="labelled stories (default: tests/data/labelled_stories.toml)")
    evaluate.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    data = Path(__file__).resolve().parents[2] / "tests" / "data"
    evaluate.add_argument("--cluster-file", default=str(data / "cluster_events.toml"), metavar="F",
                          help="labelled events for the clustering report (default: tests/data/cluster_events.toml)")
    evaluate.add_argument("--cluster-heldout", nargs="*", metavar="F",
                          default=[str(data / "cluster_events_heldout.toml"), str(data / "cluster_events_heldout2.toml")],
                          help="held-out labelled events, each reported apart (none given: skip)")
    cluster = command("cluster", cmd_cluster)
    cluster.add_argument("--split", type=int, metavar="STORY_ID", help="make this story an event of its own")
    cluster.add_argument("--join", type=int, nargs=2, metavar=("STORY_A", "STORY_B"),
                         help="put the events of two stories together")
    cluster.add_argument("--note", default="", help="why")
    cluster.add_argument("--author", default="analyst")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly (caught
        _quiet_stdout()     # before the handler below, which would take this OSError for a bug)
        return 0
    except Exception as error:
        if not isinstance(error, _user_errors()):
            raise
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush of what is still
    buffered for the closed pipe neither fails nor prints a warning at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors a user can fix: one line and exit code 2. Imported here, not at the top,
    because a command that raised one has loaded its module already."""
    from ingest.config import ConfigError
    from ingest.taxonomy import TaxonomyError

    return ConfigError, DatabaseError, TaxonomyError, CliError
