"""A fake clock for tests: sleeping advances time at once.

Theory of operation: the clock keeps one timeline, ``elapsed`` seconds after
``start``, shared by every thread and task that holds the clock. ``sleep(s)``
records ``s`` in ``sleeps`` and moves the timeline forward by ``s`` at once;
``asleep`` does the same and then yields to the event loop once, so other
tasks get to run. ``advance(s)`` moves time by hand. Sleeps are applied in the
order they are called, under one lock, so time never goes back and a run
that makes the same calls in the same order sees the same times.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

__all__ = ["DEFAULT_START", "FakeClock"]

DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)


class FakeClock:
    """A :class:`statewise.Clock` whose time moves only when slept on or advanced."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock start must be an aware datetime, e.g. datetime(..., tzinfo=UTC)")
        self.start = start
        self.sleeps: list[float] = []
        self._elapsed = 0.0
        self._lock = threading.Lock()

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
        self.sleep(seconds)
        await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now().isoformat()}, sleeps={len(self.sleeps)})"
