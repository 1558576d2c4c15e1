"""statewise.clock: the engine's clock protocol, SystemClock's part of it, and the adapter for other clocks."""

from __future__ import annotations

import asyncio

from statewise.clock import SYSTEM_CLOCK, Clock, EngineClock, SystemClock, engine_clock
from statewise.testing import FakeClock


def plain_clock(fake: FakeClock) -> Clock:
    """Only what :class:`statewise.Clock` asks for (no ``timer``, no ``hold``), on ``fake``'s timeline."""

    class PlainClock:
        now, monotonic, sleep, asleep = fake.now, fake.monotonic, fake.sleep, fake.asleep

    return PlainClock()


def test_system_and_fake_clocks_are_engine_clocks_as_they_are() -> None:
    fake = FakeClock()
    assert isinstance(SYSTEM_CLOCK, EngineClock)
    assert isinstance(fake, EngineClock)
    assert engine_clock(SYSTEM_CLOCK) is SYSTEM_CLOCK
    assert engine_clock(fake) is fake


def test_system_clock_cannot_hold_time_and_its_timer_sleeps() -> None:
    clock = SystemClock()
    assert clock.hold() is None
    asyncio.run(clock.timer(0))


def test_a_plain_clock_gets_the_engine_defaults() -> None:
    fake = FakeClock()
    plain = plain_clock(fake)
    assert isinstance(plain, Clock)
    assert not isinstance(plain, EngineClock)
    clock = engine_clock(plain)
    assert isinstance(clock, EngineClock)
    assert clock.hold() is None  # time cannot be held: the engine races limits instead
    clock.sleep(2)
    asyncio.run(clock.asleep(3))
    asyncio.run(clock.timer(5))  # timer is the clock's own asleep
    assert fake.sleeps == [2, 3, 5]
    assert (clock.monotonic(), clock.now()) == (10, fake.now())
