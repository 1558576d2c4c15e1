"""Helpers for testing code that uses statewise: a fake clock and a simulated WorkSpaces service."""

from statewise.testing.clock import DEFAULT_START, FakeClock

__all__ = ["DEFAULT_START", "FakeClock"]
