"""Shared fixtures for the ASL tests, and the conformance pass-rate summary line."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

_RESULTS_KEY = pytest.StashKey[dict[str, dict[str, bool]]]()
_REALWORLD_KEY = pytest.StashKey[Counter[str]]()


@pytest.fixture(scope="session")
def conformance_results(request: pytest.FixtureRequest) -> dict[str, dict[str, bool]]:
    """case id -> {"output": passed?, "history": passed? (absent when not recorded), "jsonata_or_assign": bool}."""
    return request.config.stash.setdefault(_RESULTS_KEY, {})


@pytest.fixture(scope="session")
def realworld_counts(request: pytest.FixtureRequest) -> Counter[str]:
    """outcome -> how many real-world definitions had it (tests/asl/test_realworld.py)."""
    return request.config.stash.setdefault(_REALWORLD_KEY, Counter())


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counts = config.stash.get(_REALWORLD_KEY, Counter())
    if counts:
        line = ", ".join(f"{outcome} {count}" for outcome, count in sorted(counts.items()))
        terminalreporter.write_line(f"Real-world definitions: {line}")
    results = config.stash.get(_RESULTS_KEY, {})
    groups = {
        "JSONPath": [r for r in results.values() if not r["jsonata_or_assign"]],
        "JSONata/Assign": [r for r in results.values() if r["jsonata_or_assign"]],
    }
    for label, group in groups.items():
        if not group:
            continue
        outputs = sum(r["output"] for r in group)
        with_history = [r["history"] for r in group if "history" in r]
        terminalreporter.write_line(
            f"ASL conformance ({label}): outputs {outputs}/{len(group)} "
            f"({100 * outputs / len(group):.1f}%), history event types "
            f"{sum(with_history)}/{len(with_history)}"
        )
