"""The dashboard reads while ingestion writes: no reader ever sees "database is locked",
and a dashboard write (a correction) waits its turn instead of failing."""
import threading

from db import engagement, queries, records
from db.queries import StoryFilter
from db.session import session_scope
from ingest.cli import main
from ingest.tag_corrections import add_correction


def test_reads_and_writes_while_retag_runs(populated):
    """Twelve rounds of dashboard reads and a correction, each while a retag is under way
    (counted by retags, not by seconds: issue #14, point 6)."""
    errors, retags, stop = [], [0], threading.Event()
    config = str(populated.config.path)

    def writer():
        try:
            while not stop.is_set():
                assert main(["retag", "--config", config, "--batch", "2"]) == 0
                retags[0] += 1
        except Exception as error:  # collected and asserted on below
            errors.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    rounds = 0
    try:
        while rounds < 12 or retags[0] < 2:  # the reads span more than one whole retag
            with session_scope(populated.engine) as session:
                records.stories_frame(session, StoryFilter(), 100)
                engagement.status_ladder(session, StoryFilter())
                queries.count_stories(session, StoryFilter(query="Taliban"))
            with session_scope(populated.engine, write=True) as session:
                add_correction(session, 1, "topic", "mediation", "add", note="concurrency test")
            rounds += 1
            if errors:
                break
    except Exception as error:
        errors.append(error)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors


def test_a_reader_keeps_its_snapshot_while_a_writer_commits(runtime):
    """WAL, shown by what readers see (issue #14): a write transaction open in the middle of a
    read does not hold the reader up, and commits while the reader's transaction is still open
    (no busy wait allowed: with a rollback journal that commit would need the reader gone and
    fails at once with "database is locked"); the reader keeps its snapshot until it ends."""
    from sqlalchemy import select, update

    from db.models import Story

    engine = runtime.engine
    with session_scope(engine) as session:
        story_id, old_title = session.execute(select(Story.id, Story.title).order_by(Story.id)).first()
    with session_scope(engine) as reader:
        assert reader.scalar(select(Story.title).where(Story.id == story_id)) == old_title
        with engine.connect() as writer:
            writer.exec_driver_sql("PRAGMA busy_timeout=0")  # fail at once rather than wait for the reader
            writer.commit()
            try:
                with writer.begin():
                    writer.execute(update(Story).where(Story.id == story_id).values(title="Rewritten while read"))
                    assert reader.scalar(select(Story.title).where(Story.id == story_id)) == old_title  # not held up
                assert reader.scalar(select(Story.title).where(Story.id == story_id)) == old_title  # its snapshot
            finally:
                writer.rollback()
                writer.exec_driver_sql("PRAGMA busy_timeout=30000")
                writer.commit()
    with session_scope(engine) as session:
        assert session.scalar(select(Story.title).where(Story.id == story_id)) == "Rewritten while read"
