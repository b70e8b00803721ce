"""Commands that run ingestion: the service, the scheduler, one poll, feed health, the seed."""

from __future__ import annotations

import signal
import sys
import threading
import time

from ingest.cli.common import (EXIT_BUSY, CliError, deliver_alerts, end_quickly, next_alert_id, open_runtime, print_table,
                               progress_bar, when_text)


def cmd_run(args) -> int:
    """Run the scheduler in the foreground: poll due feeds until Ctrl-C or SIGTERM.

    On SQLite only one scheduler may poll a database; a second one says who holds it and
    exits 1 (or waits for it with --wait). A holder that died is replaced once its lease
    expires. On PostgreSQL several workers may run at once; they share the due feeds.
    """
    from ingest.orchestrator import Pipeline
    from ingest.scheduler import IngestScheduler, current_holder

    runtime = open_runtime(args)
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
    from ingest.orchestrator import Pipeline, enabled_feed_ids

    runtime = open_runtime(args)
    feed_ids = enabled_feed_ids(runtime.engine)
    first_alert = next_alert_id(runtime)
    with (Pipeline(runtime.config, runtime.engine) as pipeline,
          progress_bar(len(feed_ids), "polling feeds", "feed") as bar):
        results = pipeline.poll_feeds(feed_ids, workers=args.workers, progress=lambda _: bar.update(),
                                      parse_processes=runtime.config.scheduler.parse_workers)
    rows = [[r.feed, r.outcome, r.http_status or "", r.seen, r.counts.new, r.counts.updated, r.counts.duplicate,
             r.not_relevant, r.duration_ms, r.error or ""] for r in sorted(results, key=lambda r: r.feed)]
    print_table(["feed", "outcome", "http", "seen", "new", "updated", "dup", "not_relevant", "ms", "error"], rows)
    failed = sum(1 for r in results if r.outcome == "error")
    print(f"\n{len(results)} feeds polled, {failed} failed, "
          f"{sum(r.counts.new for r in results)} new stories, {sum(r.counts.updated for r in results)} updated")
    deliver_alerts(runtime, first_alert)
    end_quickly(runtime)
    return 0


def cmd_feeds(args) -> int:
    """Show each feed's health: status, last success, next check, polling interval and
    why (posting rate, the feed's hint, fixed in config, error backoff), errors, last error.

    --import FILE registers the feeds of an OPML file (all or nothing; feeds already there
    are left alone); --export FILE writes every feed as OPML, for any feed reader."""
    from db.health import feed_rows, interval_text

    runtime = open_runtime(args, seed=False)
    if args.import_file or args.export_file:
        return _opml(runtime, args)
    with runtime.engine.connect() as connection:  # Core: the ORM would cost more than the query
        rows = feed_rows(connection)
    print_table(["feed", "status", "last_success", "next_check", "interval", "why", "http", "errors", "last_error"],
                [[r["name"], r["status"], when_text(r["last_success"]), when_text(r["next_check"]),
                  interval_text(r["interval"]), r["interval_reason"] or "",
                  "" if r["http_status"] is None else r["http_status"], r["errors"], (r["last_error"] or "")[:90]]
                 for r in rows])
    return 0


def _opml(runtime, args) -> int:
    from pathlib import Path

    from ingest.feeds import FeedError
    from ingest.opml import export_opml, import_opml

    if args.export_file:
        path = Path(args.export_file)
        try:
            path.write_bytes(export_opml(runtime.engine))
        except OSError as error:
            raise CliError(f"cannot write {path}: {error.strerror}") from None
        print(f"feeds written to {path} (OPML)")
        return 0
    try:
        data = Path(args.import_file).read_bytes()
        added, present = import_opml(runtime.engine, data, runtime.config.dashboard.allow_private_feed_urls)
    except OSError as error:
        raise CliError(f"cannot read {args.import_file}: {error.strerror}") from None
    except FeedError as error:
        raise CliError(f"{args.import_file}: {error}; nothing was imported") from None
    print(f"{added} feeds added from {args.import_file}, {present} already there")
    return 0


def cmd_seed(args) -> int:
    """Insert the founding article, its summary, tags and dated engagement events (idempotent)."""
    from ingest.seed import seed_database

    runtime = open_runtime(args, seed=False)
    added = seed_database(runtime.engine)
    print("seed story added" if added else "seed story already present; nothing changed")
    return 0


