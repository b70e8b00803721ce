"""Fetch threads that grow with the network's latency.

Threads pay for themselves only while requests wait on the network. An answer from a
fast host (a 304 from a nearby server) is back before another thread would have
started, and then extra threads only take turns at the interpreter lock: on a round of
200 unchanged feeds served locally, four threads cost twice the CPU of one and are no
faster. So a poll starts with one thread and adds one, up to its maximum, whenever work
is queued and a request in flight has waited longer than `slow_seconds`: a slow or
hanging host never holds up the other feeds, and a poll over real networks, where every
request waits tens of milliseconds, reaches its maximum within a few checks.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable, Iterable


class GrowingThreads:
    """Run `work(item)` for every item on one to `max_threads` threads.

    `work` must not raise: what it produces it hands on itself. Whoever waits for the
    results calls `grow_if_slow()` now and then (the poll's writer, as it waits).
    """

    def __init__(self, work: Callable, items: Iterable, max_threads: int, slow_seconds: float):
        self._work = work
        self._queue = deque(items)
        self._max_threads = max(1, max_threads)
        self._slow_seconds = slow_seconds
        self._lock = threading.Lock()
        self._busy_since: dict[int, float] = {}  # thread number -> when its current item started
        self._threads: list[threading.Thread] = []
        self._add_thread()

    @property
    def started(self) -> int:
        """Threads started so far (for reports: how much concurrency the poll needed)."""
        return len(self._threads)

    def grow_if_slow(self) -> None:
        """Add a thread when work is queued and a request in flight has waited too long."""
        now = time.monotonic()
        with self._lock:
            slow = any(now - since >= self._slow_seconds for since in self._busy_since.values())
            wanted = slow and bool(self._queue) and len(self._threads) < self._max_threads
        if wanted:
            self._add_thread()

    def cancel(self) -> None:
        """Start no more items (those in flight finish)."""
        with self._lock:
            self._queue.clear()

    def join(self) -> None:
        for thread in list(self._threads):
            thread.join()

    def _add_thread(self) -> None:
        number = len(self._threads)
        thread = threading.Thread(target=self._run, args=(number,), name=f"fetch-{number}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _run(self, number: int) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    return
                item = self._queue.popleft()
                self._busy_since[number] = time.monotonic()
            try:
                self._work(item)
            finally:
                with self._lock:
                    del self._busy_since[number]
