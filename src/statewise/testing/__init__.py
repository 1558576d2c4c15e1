"""Helpers for testing code that uses statewise: a fake clock, simulated services (``statewise.testing.simulated``)."""

from statewise.testing.clock import DEFAULT_START, FakeClock

__all__ = ["DEFAULT_START", "FakeClock"]
