"""Commands on stored stories: retag, export, corrections, evaluation, copying the database."""

from __future__ import annotations

from pathlib import Path

from ingest.cli.common import (CliError, check_known_ids, correction_from, deliver_alerts, filter_from, load_tagger,
                               next_alert_id, open_runtime, progress_bar)


def cmd_retag(args) -> int:
    """Re-apply the current taxonomy to every stored story, in batches.

    Analyst corrections are kept and re-applied; the seed story keeps its curated tags.
    A formal status the new tags change raises its status_change alerts, sent at the end.
    """
    from db.models import Story
    from db.session import session_scope
    from sqlalchemy import select


    from ingest.store import write_tags

    runtime = open_runtime(args)
    tagger = load_tagger(runtime.config.taxonomy_path)
    first_alert = next_alert_id(runtime)
    with session_scope(runtime.engine) as session:
        ids = list(session.scalars(select(Story.id).where(Story.is_seed.is_(False)).order_by(Story.id)))
    with progress_bar(len(ids), "retagging", "story") as bar:
        for start in range(0, len(ids), args.batch):
            with session_scope(runtime.engine, write=True) as session:
                for story in session.scalars(select(Story).where(Story.id.in_(ids[start:start + args.batch]))):
                    write_tags(session, story, tagger.tag(story.title, story.summary, story.published_at.date()))
            bar.update(len(ids[start:start + args.batch]))
    _recluster(runtime.engine)
    print(f"retagged {len(ids)} stories with taxonomy {tagger.version}")
    deliver_alerts(runtime, first_alert)
    return 0


def atom_feed(runtime, flt):
    """The Atom file's title and id, with the actors' names from the taxonomy."""
    from ingest.atom import AtomFeed
    from ingest.taxonomy import load_taxonomy

    return AtomFeed.for_filter(flt, load_taxonomy(runtime.config.taxonomy_path).actor_labels)


def _recluster(engine) -> None:
    """Events again from the new tags, analysts' splits and joins re-applied."""
    from db.models import Story
    from db.session import session_scope
    from sqlalchemy import func, select

    from ingest.clustering import recluster_all

    with session_scope(engine, write=True) as session:
        total = session.scalar(select(func.count()).select_from(Story))
        with progress_bar(total, "clustering", "story") as bar:
            recluster_all(session, progress=bar.update)


def cmd_export(args) -> int:
    """Export the stories matching the filter as csv, jsonl, xlsx or atom.

    The same filter as the dashboard: --since/--until (dates, inclusive), repeatable
    --actor, --topic, --level, --source, and --query (full text: AND, OR, NOT, "phrases").
    """
    from db.queries import QueryError
    from db.records import iter_story_records
    from db.session import session_scope

    from ingest.export import export_filename, export_to_file

    flt = filter_from(args)
    if args.by_event and args.format not in ("csv", "jsonl"):
        raise CliError("--by-event writes csv or jsonl")
    out = Path(args.out) if args.out else Path(export_filename(flt, args.format))
    if out.is_dir():
        out = out / export_filename(flt, args.format)
    if not out.parent.exists() if str(out.parent) else False:
        raise CliError(f"cannot write {out}: folder {out.parent} does not exist")
    runtime = open_runtime(args)
    check_known_ids(runtime, flt.actors, flt.topics, labels=("--actor", "--topic"))
    with session_scope(runtime.engine) as session:
        try:
            count = export_to_file(iter_story_records(session, flt), args.format, out, atom=atom_feed(runtime, flt),
                                   by_event=args.by_event)
        except QueryError as error:
            raise CliError(f"--query: {error}") from None
        except PermissionError:
            raise CliError(f"cannot write {out}: permission denied") from None
        except OSError as error:
            if "fts5: syntax error" in str(error):
                raise CliError(f"--query: cannot parse {args.query!r}") from None
            raise CliError(f"cannot write {out}: {error.strerror or error}") from None
    noun = ("event" if count == 1 else "events") if args.by_event else ("story" if count == 1 else "stories")
    print(f"wrote {count} {noun} to {out}")
    return 0


def cmd_correct(args) -> int:
    """Record an analyst's correction to one story's tags; it survives every retag."""
    from db.session import session_scope

    from ingest.tag_corrections import add_correction

    runtime = open_runtime(args)
    kind, action, value, level = correction_from(args)
    check_known_ids(runtime, actors=[value] if kind != "topic" else [], topics=[value] if kind == "topic" else [])
    first_alert = next_alert_id(runtime)
    with session_scope(runtime.engine, write=True) as session:
        try:
            add_correction(session, args.story_id, kind, value, action, level=level, note=args.note, author=args.author)
        except ValueError as error:
            raise CliError(str(error)) from None
    print(f"story {args.story_id}: {kind} {value} {action}{' ' + level if level else ''} recorded")
    deliver_alerts(runtime, first_alert)
    return 0


def cmd_cluster(args) -> int:
    """An analyst's correction to events: --split STORY_ID makes a story an event of its
    own, --join A B puts the events of two stories together. Both survive every retag."""
    from db.session import session_scope

    from ingest.clustering import join_stories, split_story

    if (args.split is None) == (args.join is None):
        raise CliError("give one of --split STORY_ID or --join STORY_A STORY_B")
    runtime = open_runtime(args)
    with session_scope(runtime.engine, write=True) as session:
        try:
            if args.split is not None:
                split_story(session, args.split, note=args.note, author=args.author)
                message = f"story {args.split} is now an event of its own"
            else:
                joint = join_stories(session, *args.join, note=args.note, author=args.author)
                message = f"stories {args.join[0]} and {args.join[1]} are now one event ({joint})"
        except ValueError as error:
            raise CliError(str(error)) from None
    print(message)
    return 0


def cmd_evaluate(args) -> int:
    """Measure the tagger on a labelled set of stories and list every miss.

    Prints precision, recall and F1 for foreign actors and topics, and accuracy for
    engagement levels and relevance.
    """
    from ingest.evaluate import evaluate, format_report, load_labelled
    from ingest.config import load_config

    config = load_config(args.config)
    tagger = load_tagger(config.taxonomy_path)
    from ingest.process import RelevanceFilter

    relevance = RelevanceFilter(config.relevance_terms, config.relevance_ignore, tagger.taxonomy.relevance)
    try:
        stories = load_labelled(Path(args.file))
    except OSError as error:
        raise CliError(f"cannot read {args.file}: {error.strerror}") from None
    except ValueError as error:
        raise CliError(f"cannot evaluate: {error}") from None
    report = evaluate(stories, tagger, relevance)
    print(format_report(report, show_misses=not args.quiet))
    _evaluate_clusters(args, tagger)
    return 0


def _evaluate_clusters(args, tagger) -> None:
    """The clustering report: the tuning set and the held-out set, each on its own."""
    from ingest.evaluate_clusters import evaluate_clusters, format_cluster_report, load_events

    files = [("tuning set", args.cluster_file)] + [("held out", path) for path in args.cluster_heldout or []]
    for name, path in files:
        try:
            reports = load_events(Path(path))
        except OSError as error:
            raise CliError(f"cannot read {path}: {error.strerror}") from None
        except ValueError as error:
            raise CliError(f"cannot evaluate clusters: {error}") from None
        print()
        print(format_cluster_report(f"{name}, {Path(path).name}", evaluate_clusters(reports, tagger),
                                    show_misses=not args.quiet))


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


def cmd_backup(args) -> int:
    """Copy the SQLite database to a file, consistently, even while ingestion runs.

    The copy is checked (PRAGMA integrity_check) before it takes the file's name. To
    restore: stop the service, put the copy in place of the database file (config.toml's
    [database] url) and start again. On PostgreSQL, use pg_dump (the command says how)."""
    from db.backup import backup_sqlite

    runtime = open_runtime(args, seed=False)
    out = Path(args.out).resolve()
    size = backup_sqlite(runtime.engine, out)
    print(f"backup written to {out} ({size / 1e6:.1f} MB, integrity ok)")
    return 0
