"""JSONPath against the recorded AWS cases that select with Parameters paths (read in place)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from statewise.asl.paths import compile_path

CASES = Path(__file__).resolve().parents[3].parent / "shared" / "conformance" / "cases"
NAMES = [
    *(f"base/{path.name}" for path in sorted((CASES / "base").glob("test_json_path_*.json"))),
    "base/test_state_pass_regex_json_path_base.json",
    "scenarios/test_escape_sequence_parsing_ESCAPE_SEQUENCES_JSONPATH.json",
]


@pytest.mark.skipif(not CASES.is_dir(), reason=f"conformance cases not found at {CASES}")
@pytest.mark.parametrize("name", NAMES)
def test_recorded_case(name: str) -> None:
    case = json.loads((CASES / name).read_text())
    (state,) = case["definition"]["States"].values()
    data: Any = case["input"] if case["input"] is not None else {}
    output = {key[:-2]: compile_path(text).evaluate(data) for key, text in state["Parameters"].items()}
    assert output == case["expected"]["output"]
