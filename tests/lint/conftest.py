"""Shared fixtures for the linter tests, and the real-world summary line."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

_KEY = pytest.StashKey[Counter[str]]()


@pytest.fixture(scope="session")
def lint_counts(request: pytest.FixtureRequest) -> Counter[str]:
    """ "severity code" -> how many diagnostics of it the real-world definitions got."""
    return request.config.stash.setdefault(_KEY, Counter())


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counts = config.stash.get(_KEY, Counter())
    if counts:
        line = ", ".join(f"{key} {count}" for key, count in sorted(counts.items()))
        terminalreporter.write_line(f"Lint over real-world definitions: {line}")
