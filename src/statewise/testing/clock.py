"""A fake clock for tests: time moves only when something sleeps on it, and never for real.

Theory of operation: the clock keeps one timeline, ``elapsed`` seconds after
``start``, shared by every thread and task that holds it.

* ``sleep(s)`` (threads) records ``s`` in ``sleeps`` and moves the timeline
  forward by ``s`` at once.
* ``asleep(s)`` (tasks) records ``s`` and parks the task until the timeline
  reaches its wake-up time. Time jumps -- to the earliest wake-up, waking
  every task due then -- only when the event loop has nothing else to run
  and no work is in flight outside the clock (see :meth:`FakeClock.hold`),
  as trio's autojump clock does. So concurrent sleepers overlap: three Map
  iterations that each wait 100 s finish at t=100, not t=300, and a task
  that is cancelled while parked (a failed Parallel branch's sibling) never
  moves time.
* ``timer(s)`` parks like ``asleep`` but records nothing: the engine races
  time limits against work with it.
* ``hold()`` marks work the clock cannot see (a call running in a worker
  thread): while it is held, time stands still.
* ``advance(s)`` moves time by hand.

Parked tasks wake in wake-up order, ties in the order they slept, so runs
that make the same calls see the same times.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

__all__ = ["DEFAULT_START", "FakeClock"]

DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)
_SPINS = 20  # loops without a visible ready queue: passes to let runnable tasks go first


class FakeClock:
    """A :class:`statewise.Clock` whose time moves only when slept on or advanced."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock start must be an aware datetime, e.g. datetime(..., tzinfo=UTC)")
        self.start = start
        self.sleeps: list[float] = []
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self._parked: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._held = 0
        self._jump_pending: asyncio.AbstractEventLoop | None = None  # the loop a jump is queued on

    @property
    def elapsed(self) -> float:
        """Seconds since ``start``."""
        return self._elapsed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        return self._elapsed

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` without recording a sleep."""
        if seconds < 0:
            raise ValueError("time cannot go back: advance() takes seconds >= 0")
        with self._lock:
            self._elapsed += seconds

    def sleep(self, seconds: float) -> None:
        seconds = max(float(seconds), 0.0)
        with self._lock:
            self.sleeps.append(seconds)
            self._elapsed += seconds

    async def asleep(self, seconds: float) -> None:
        seconds = max(float(seconds), 0.0)
        with self._lock:
            self.sleeps.append(seconds)
        await self.timer(seconds)

    async def timer(self, seconds: float) -> None:
        """Park until ``seconds`` from now without recording a sleep: a time limit raced against work."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            heapq.heappush(self._parked, (self._elapsed + max(float(seconds), 0.0), next(self._order), future))
        self._schedule_jump(loop)
        await future

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Keep time still while work the clock cannot see is in flight (e.g. a worker-thread call)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and self._parked:
                self._schedule_jump(asyncio.get_running_loop())

    def _schedule_jump(self, loop: asyncio.AbstractEventLoop, spins: int = 0) -> None:
        if spins == 0:
            pending = self._jump_pending
            if pending is loop or (pending is not None and not pending.is_closed()):
                return  # a jump is queued already (a closed loop's queued jump will never run)
            self._jump_pending = loop
        loop.call_soon(self._jump, loop, spins)

    def _jump(self, loop: asyncio.AbstractEventLoop, spins: int) -> None:
        if self._held:
            self._jump_pending = None  # hold() schedules the next jump when it ends
            return
        ready = getattr(loop, "_ready", None)  # CPython's queue of runnable callbacks
        if ready if ready is not None else spins < _SPINS:
            loop.call_soon(self._jump, loop, spins + 1)  # let everything runnable run first
            return
        self._jump_pending = None
        with self._lock:
            while self._parked and self._parked[0][2].done():  # cancelled while parked
                heapq.heappop(self._parked)
            if not self._parked:
                return
            wake = self._parked[0][0]
            self._elapsed = max(self._elapsed, wake)
            due = []
            while self._parked and self._parked[0][0] <= wake:
                due.append(heapq.heappop(self._parked)[2])
        for future in due:
            if not future.done():
                future.set_result(None)
        if self._parked:
            self._schedule_jump(loop)

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now().isoformat()}, sleeps={len(self.sleeps)})"
