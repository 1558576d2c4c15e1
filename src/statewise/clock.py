"""Time, injected.

Everything in statewise that waits or stamps time (waiters, Wait states,
retries, timeouts, history timestamps) goes through a :class:`Clock`, so tests
run on ``statewise.testing.FakeClock`` and never sleep. Code that only needs
intervals uses ``monotonic()`` and ``sleep()``/``asleep()``; ``now()`` is wall
time for timestamps.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

__all__ = ["SYSTEM_CLOCK", "Clock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """The time source statewise reads and sleeps on."""

    def now(self) -> datetime:
        """Wall time as an aware UTC datetime."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back, for intervals."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block the calling thread for ``seconds``."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Suspend the calling task for ``seconds``."""
        ...


class SystemClock:
    """The real clock: ``datetime.now(UTC)``, ``time.monotonic``, ``time.sleep``."""

    __slots__ = ()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # only async callers pay for it

        await asyncio.sleep(max(seconds, 0))

    def __repr__(self) -> str:
        return "SystemClock()"


SYSTEM_CLOCK = SystemClock()
