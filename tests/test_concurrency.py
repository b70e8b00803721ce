"""The dashboard reads while ingestion writes: no reader ever sees "database is locked",
and a dashboard write (a correction) waits its turn instead of failing."""
import threading
import time

from db import engagement, queries, records
from db.queries import StoryFilter
from db.session import session_scope
from ingest.cli import main
from ingest.store import add_correction


def test_reads_and_writes_while_retag_runs(populated):
    errors, reads, stop = [], [0], threading.Event()
    config = str(populated.config.path)

    def writer():
        try:
            while not stop.is_set():
                assert main(["retag", "--config", config, "--batch", "2"]) == 0
        except Exception as error:  # collected and asserted on below
            errors.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    deadline = time.monotonic() + 4
    try:
        while time.monotonic() < deadline:
            with session_scope(populated.engine) as session:
                records.stories_frame(session, StoryFilter(), 100)
                engagement.status_ladder(session, StoryFilter())
                queries.count_stories(session, StoryFilter(query="Taliban"))
            with session_scope(populated.engine, write=True) as session:
                add_correction(session, 1, "topic", "mediation", "add", note="concurrency test")
            reads[0] += 1
    except Exception as error:
        errors.append(error)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    assert reads[0] > 5
