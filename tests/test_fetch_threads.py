"""Fetch threads: one while answers come fast, more while a request waits, never too many (#6:
extra threads on a fast host only cost CPU; #5: a silent host must not hold up the others)."""
import threading
import time

from ingest.fetch_threads import GrowingThreads


def run_until_done(pool: GrowingThreads, done: threading.Event, checks_every: float = 0.01) -> None:
    """What the poll's writer does while it waits: look in on the threads now and then
    (until the work is done; pytest-timeout ends a test that hangs)."""
    while not done.wait(checks_every):
        pool.grow_if_slow()
    pool.join()


def test_fast_work_stays_on_one_thread():
    seen, done = [], threading.Event()

    def work(item):
        time.sleep(0.001)  # the poll's writer looks in several times meanwhile
        seen.append((item, threading.current_thread().name))
        if len(seen) == 500:
            done.set()

    # no request ever waits an hour: whatever the machine's load, nothing is slow, so one thread
    # (issue #14, point 6: the exact count no longer rests on a 0.5 s threshold a busy machine can pass)
    pool = GrowingThreads(work, range(500), max_threads=4, slow_seconds=3600)
    run_until_done(pool, done)
    assert sorted(item for item, _ in seen) == list(range(500))
    assert pool.started == 1 and {name for _, name in seen} == {"fetch-0"}


def test_a_hanging_item_gets_company_and_the_rest_finish_meanwhile():
    release, done, finished = threading.Event(), threading.Event(), []

    def work(item):
        if item == 0:
            release.wait(10)  # a host that does not answer
        finished.append(item)
        if len(finished) == 19:
            done.set()

    pool = GrowingThreads(work, range(20), max_threads=4, slow_seconds=0.05)
    while not done.wait(0.01):  # only company can finish the others: item 0 holds its thread
        pool.grow_if_slow()
    assert sorted(finished) == list(range(1, 20))  # all but the hanging one, while it still hangs
    assert 2 <= pool.started <= 4  # company came (a loaded machine may pause a thread past 50 ms: more is fine)
    release.set()
    pool.join()
    assert sorted(finished) == list(range(20))


def test_threads_never_exceed_the_maximum():
    release, started = threading.Event(), []

    def work(item):
        started.append(item)
        release.wait(10)

    pool = GrowingThreads(work, range(10), max_threads=3, slow_seconds=0.0)
    while len(started) < 3:  # every thread busy on a held item: each check asks for more
        pool.grow_if_slow()
        time.sleep(0.005)
    for _ in range(20):
        pool.grow_if_slow()
    assert pool.started == 3 and len(started) == 3
    pool.cancel()
    release.set()
    pool.join()
    assert len(started) == 3  # cancelled: nothing queued was started afterwards
