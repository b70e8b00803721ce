"""The hand-off between a poll's producers and its one writer: finished polls gathered
into groups (a group commit), and the cycle collector paused while a poll runs.

Fetch threads and parse workers put finished polls here; the orchestrator's writer
takes them a group at a time (ingest/orchestrator.py).
"""
from __future__ import annotations

import gc
import threading
import time
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Python's cycle collector off for the length of a poll.

    A poll makes and keeps hundreds of thousands of small objects (parsed items
    unpickled from the workers, rows on their way to the database) and makes almost no
    cyclic garbage; the collector, triggered by the allocations, would walk the whole
    heap again and again for nothing: 0.3 s of a 200-feed first poll, measured. It
    runs again, as usual, once the poll is over; what a poll leaves is bounded by it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class FinishedPolls:
    """Finished polls, handed by fetch threads and parse workers to the one writer.

    The writer is woken when a group is ready, not once per feed: on a round of
    unchanged feeds, waking per feed would cost more than the writing.
    """

    def __init__(self, expected: int, group_size: int):
        self.expected = expected  # polls not yet taken by the writer
        self._group_size = group_size
        self._polls: list[tuple] = []  # (a FetchJob or None, PollResult or a parse worker's Future, when it finished)
        self._oldest_at = 0.0  # when the oldest poll waiting came in
        self._ready = threading.Condition()

    def put(self, job, outcome) -> None:
        """A finished poll: its job (None when the fetch failed before there was one) and
        its result, or the future of the parse worker that made it."""
        done_at = time.monotonic()
        with self._ready:
            if not self._polls:
                self._oldest_at = done_at
            self._polls.append((job, outcome, done_at))
            if self._full():
                self._ready.notify()

    def wait(self, timeout: float) -> None:
        """Until a group is full (or every poll is in), or `timeout` passed."""
        with self._ready:
            self._ready.wait_for(self._full, timeout)

    def due(self, max_wait: float) -> bool:
        """A group is full, or the oldest poll waiting has waited `max_wait`."""
        with self._ready:
            return self._full() or bool(self._polls) and time.monotonic() - self._oldest_at >= max_wait

    def take(self) -> list[tuple]:
        with self._ready:
            polls, self._polls = self._polls, []
            self.expected -= len(polls)
            return polls

    def _full(self) -> bool:
        return len(self._polls) >= min(self._group_size, self.expected)
