"""Shared fixtures for the ASL tests, and the conformance pass-rate summary line."""

from __future__ import annotations

from typing import Any

import pytest

_RESULTS_KEY = pytest.StashKey[dict[str, dict[str, bool]]]()


@pytest.fixture(scope="session")
def conformance_results(request: pytest.FixtureRequest) -> dict[str, dict[str, bool]]:
    """case id -> {"output": passed?, "history": passed? (absent when not recorded)}."""
    return request.config.stash.setdefault(_RESULTS_KEY, {})


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    results = config.stash.get(_RESULTS_KEY, {})
    if not results:
        return
    outputs = sum(r["output"] for r in results.values())
    with_history = [r["history"] for r in results.values() if "history" in r]
    terminalreporter.write_line(
        f"ASL conformance (JSONPath): outputs {outputs}/{len(results)} "
        f"({100 * outputs / len(results):.1f}%), history event types "
        f"{sum(with_history)}/{len(with_history)}"
    )
