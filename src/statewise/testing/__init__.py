"""Helpers for testing code that uses statewise: a fake clock, stub sources."""

from statewise.testing.clock import DEFAULT_START, FakeClock

__all__ = ["DEFAULT_START", "FakeClock"]
