"""Shared helpers for the CLI tests: a private store per test, and main() with its exit code and output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from statewise.cli import main
from tests.remote.conftest import moto, server  # noqa: F401 - the remote commands' fixtures: a moto server, a clean account

Cli = Callable[..., tuple[int, str, str]]

MAP_CHOICE = {
    "StartAt": "Fan",
    "States": {
        "Fan": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "StartAt": "Twice",
                "States": {"Twice": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": True}},
            },
            "Next": "Check",
        },
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$[0].v", "NumericGreaterThan": 100, "Next": "Big"}],
            "Default": "Small",
        },
        "Big": {"Type": "Succeed"},
        "Small": {"Type": "Fail", "Error": "TooSmall", "Cause": "first value under 100"},
    },
}


@pytest.fixture(autouse=True)
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("STATEWISE_STORE", str(path))
    return path


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def call(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return code, captured.out, captured.err

    return call


@pytest.fixture
def definition(tmp_path: Path) -> Path:
    path = tmp_path / "fan.asl.json"
    path.write_text(json.dumps(MAP_CHOICE))
    return path
