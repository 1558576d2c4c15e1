"""Intrinsic functions against the cases recorded on AWS (read in place, never copied).

Each case is a one-state Pass machine whose ``Parameters`` hold intrinsic
calls; this test runs just that state's data flow (Parameters, ResultPath,
OutputPath) with the paths layer and compares with AWS's output. Cases with
no intrinsic (their JSONata twins) are left to the engine's conformance run.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from statewise.asl.intrinsics import compile_intrinsic, is_intrinsic
from statewise.asl.paths import compile_path

CASES = Path(__file__).resolve().parents[3].parent / "shared" / "conformance" / "cases"
INTRINSIC_CASES = CASES / "intrinsic_functions"
WILDCARD = "RandomNumberGenerated"

# What the recordings' placeholders stand for, so ``$$`` arguments print as AWS's did.
STATE_MACHINE = {
    "Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
    "Name": "<ArnPart_0idx>",
}


def _case_files() -> list[Path]:
    if not INTRINSIC_CASES.is_dir():
        return []
    return sorted(INTRINSIC_CASES.glob("*.json"))


def _only_state(case: dict[str, Any]) -> dict[str, Any]:
    states = case["definition"]["States"]
    assert len(states) == 1
    state: dict[str, Any] = next(iter(states.values()))
    return state


def _is_intrinsic_case(path: Path) -> bool:
    return "Parameters" in _only_state(json.loads(path.read_text()))


def _run_pass_state(case: dict[str, Any]) -> Any:
    state = _only_state(case)
    data = case["input"] if case["input"] is not None else {}
    context = {
        "Execution": {"Input": data, "Name": "<ExecArnPart_0idx>"},
        "StateMachine": STATE_MACHINE,
    }
    result = {}
    for key, value in state["Parameters"].items():
        assert key.endswith(".$")
        assert is_intrinsic(value)
        result[key[:-2]] = compile_intrinsic(value).evaluate(data, context=context, rng=random.Random(7))
    merged = compile_path(state.get("ResultPath", "$")).assign(data, result)
    return compile_path(state.get("OutputPath", "$")).evaluate(merged)


def _matches(actual: Any, expected: Any) -> bool:
    if expected == WILDCARD:
        return isinstance(actual, int) and not isinstance(actual, bool)
    if isinstance(expected, dict):
        same_keys = isinstance(actual, dict) and actual.keys() == expected.keys()
        return same_keys and all(_matches(actual[k], expected[k]) for k in expected)
    return type(actual) is type(expected) and bool(actual == expected)


FILES = [path for path in _case_files() if _is_intrinsic_case(path)]


@pytest.mark.skipif(not INTRINSIC_CASES.is_dir(), reason=f"conformance cases not found at {INTRINSIC_CASES}")
def test_the_recorded_cases_are_all_here() -> None:
    assert len(_case_files()) == 162
    assert len(FILES) == 131  # the other 31 are JSONata twins


@pytest.mark.skipif(not FILES, reason=f"conformance cases not found at {INTRINSIC_CASES}")
@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_recorded_case(path: Path) -> None:
    case = json.loads(path.read_text())
    assert case["expected"]["status"] == "SUCCEEDED"
    actual = _run_pass_state(case)
    assert _matches(actual, case["expected"]["output"]), (actual, case["expected"]["output"])
