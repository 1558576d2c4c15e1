"""Time, injected.

Everything in statewise that waits or stamps time (waiters, Wait states,
retries, timeouts, history timestamps) goes through a :class:`Clock`, so tests
run on ``statewise.testing.FakeClock`` and never sleep. Code that only needs
intervals uses ``monotonic()`` and ``sleep()``/``asleep()``; ``now()`` is wall
time for timestamps.

The ASL engine needs two things more, :class:`EngineClock`: ``timer()``, a
wait that is a time limit rather than a sleep the execution took, and
``hold()``, which keeps a fake clock still while work it cannot see runs.
``SystemClock`` and ``FakeClock`` have both; :func:`engine_clock` gives any
other :class:`Clock` the defaults (``timer`` is ``asleep``, time is never
held) once, when a run starts.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

__all__ = ["SYSTEM_CLOCK", "Clock", "EngineClock", "SystemClock", "engine_clock"]


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


@runtime_checkable
class EngineClock(Clock, Protocol):
    """A :class:`Clock` as the ASL engine uses it."""

    async def timer(self, seconds: float) -> None:
        """Suspend the calling task for ``seconds``: a time limit raced against work, not a sleep the caller took."""
        ...

    def hold(self) -> AbstractContextManager[None] | None:
        """A context that keeps time still while work the clock cannot see runs (a call in a worker thread),
        or None when this clock's time cannot stand still (real time): the engine then races time limits."""
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
        import asyncio  # noqa: PLC0415 - only async callers pay for it

        await asyncio.sleep(max(seconds, 0))

    async def timer(self, seconds: float) -> None:
        await self.asleep(seconds)

    def hold(self) -> None:
        """Real time runs on while a worker thread works."""

    def __repr__(self) -> str:
        return "SystemClock()"


SYSTEM_CLOCK = SystemClock()


@dataclass(frozen=True, slots=True)
class _Defaults:
    """A user's :class:`Clock` with the engine's defaults: its ``asleep`` as timer, time never held."""

    clock: Clock

    def now(self) -> datetime:
        return self.clock.now()

    def monotonic(self) -> float:
        return self.clock.monotonic()

    def sleep(self, seconds: float) -> None:
        self.clock.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await self.clock.asleep(seconds)

    async def timer(self, seconds: float) -> None:
        await self.clock.asleep(seconds)

    def hold(self) -> None:
        """Its time cannot be held: the engine races time limits against calls."""


def engine_clock(clock: Clock) -> EngineClock:
    """``clock`` as the engine uses it: itself when it has ``timer`` and ``hold``, else with their defaults."""
    return clock if isinstance(clock, EngineClock) else _Defaults(clock)
