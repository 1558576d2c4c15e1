"""Every JSONPath conformance case recorded against AWS Step Functions, run locally.

The cases are read in place from ``<repo>/../shared/conformance/cases`` (see
its README for the format and the comparison rules); the module skips when
that folder is absent. Cases with recorded task ``mocks`` (``with_tasks/``)
replay AWS's recorded task results, in order per state, through the public
``mock_config=``/``test_case=`` options: :func:`_mock_config` writes them as a
MockConfigFile. Cases that cannot pass yet are listed in
:data:`XFAIL` with the reason. Outputs (or error and cause) and history event
types are compared separately; the session summary prints both pass rates.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from statewise import StateMachine
from statewise.testing import FakeClock

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "cases"

XFAIL: dict[str, str] = {}
"""case id -> why it cannot pass yet."""

MACHINE = "ConformanceMachine"
TEST_CASE = "Recorded"


def _mock_config(mocks: list[dict[str, Any]]) -> dict[str, Any]:
    """A MockConfigFile whose one test case answers each state with its recorded results, in order."""
    responses: dict[str, dict[str, Any]] = defaultdict(dict)
    for mock in mocks:
        answers = responses[mock["state"]]
        answers[str(len(answers))] = _answer(mock)
    return {
        "StateMachines": {MACHINE: {"TestCases": {TEST_CASE: {state: state for state in responses}}}},
        "MockedResponses": responses,
    }


def _answer(mock: dict[str, Any]) -> dict[str, Any]:
    """One recorded task result as a mocked response's ``Return`` or ``Throw``."""
    if mock["kind"] == "succeeded":
        return {"Return": mock.get("output")}
    cause = mock.get("cause")
    if cause is not None and not isinstance(cause, str):
        # recorded parsed: a Lambda function's own text has ", " separators, an integration's is compact
        compact = not mock["event"].startswith("LambdaFunction")
        cause = json.dumps(cause, separators=(",", ":") if compact else None)
    if mock["kind"] == "timed_out":
        return {"Throw": {"Error": mock.get("error") or "States.Timeout", "Cause": cause or ""}}
    throw = {"Error": mock.get("error") or "States.TaskFailed"}
    if cause is not None:
        throw["Cause"] = cause
    return {"Throw": throw}


def _params() -> list[Any]:
    if not CASES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"conformance cases not found at {CASES}"))]
    params = []
    for path in sorted(CASES.glob("*/*.json")):
        case_id = f"{path.parent.name}/{path.stem}"
        marks = []
        if case_id in XFAIL:
            marks.append(pytest.mark.xfail(reason=XFAIL[case_id], strict=True))
        params.append(pytest.param(path, id=case_id, marks=marks))
    return params


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def _normalise(value: Any, key: str = "") -> Any:
    """Actual values as the recordings were normalised (timestamps become placeholders)."""
    if isinstance(value, dict):
        return {k: _normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        if _ISO.fullmatch(value) is None and "timestamp" in key.lower():
            return "timestamp"
        return _ISO.sub("date", value)
    return value


def _pattern(expected: str, wildcards: list[str]) -> re.Pattern[str]:
    tokens = re.split(r"(<[^<>]+>|" + "|".join(map(re.escape, wildcards or ["\0"])) + ")", expected)
    parts = [".*" if (t.startswith("<") and t.endswith(">")) or t in wildcards else re.escape(t) for t in tokens]
    return re.compile("".join(parts), re.DOTALL)


def _matches(expected: Any, actual: Any, wildcards: list[str]) -> bool:
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and expected.keys() == actual.keys()
            and all(_matches(v, actual[k], wildcards) for k, v in expected.items())
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(_matches(e, a, wildcards) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, str) and expected in wildcards:
        return True  # a value AWS generated (a random number, an ARN): any value stands
    if isinstance(expected, str) and isinstance(actual, str):
        return _pattern(_normalise(expected), wildcards).fullmatch(actual) is not None
    return type(expected) is type(actual) and expected == actual


def _cause(case: dict[str, Any], actual: str | None) -> Any:
    if case["expected"].get("cause_is_parsed_json") and isinstance(actual, str):  # recordings hold it parsed
        return json.loads(actual)
    return actual


def _history_matches(expected: list[str], actual: list[str], definition: dict[str, Any]) -> bool:
    """Exact order, or, where branches run concurrently, the same events and the same ends."""
    if expected == actual:
        return True
    concurrent = '"Parallel"' in json.dumps(definition) or re.search(
        r'"Type": "Map"(?![^{}]*"MaxConcurrency": 1)', json.dumps(definition)
    )
    return bool(concurrent) and Counter(expected) == Counter(actual) and expected[:3] == actual[:3]


@pytest.mark.parametrize("path", _params())
def test_case(path: Path, conformance_results: dict[str, dict[str, bool]]) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    expected = case["expected"]
    wildcards = case.get("expected_wildcards", [])
    machine = StateMachine(case["definition"], name=MACHINE, type=case["state_machine_type"])
    mock_config = _mock_config(case["mocks"]) if "mocks" in case else None
    # the input as StartExecution takes it: JSON text (a recorded input may be a JSON string value)
    text = None if case["input"] is None else json.dumps(case["input"])
    execution = machine.run(
        text,
        clock=FakeClock(),
        seed=0,
        mock_config=mock_config,
        test_case=None if mock_config is None else TEST_CASE,
    )
    actual_error = {"error": execution.error, "cause": _cause(case, execution.cause)}
    wanted_error = {"error": expected.get("error"), "cause": _cause(case, expected.get("cause"))}
    output_ok = execution.status == expected["status"] and (
        _matches(expected.get("output"), _normalise(execution.output), wildcards)
        if expected["status"] == "SUCCEEDED"
        else _matches(wanted_error, _normalise(actual_error), wildcards)
    )
    text = json.dumps(case["definition"])
    record = {"output": output_ok, "jsonata_or_assign": '"JSONata"' in text or '"Assign"' in text}
    history = [event["type"] for event in execution.history]
    if "history" in expected:
        if path.stem.endswith("_reversed"):
            history.reverse()
        record["history"] = _history_matches(expected["history"], history, case["definition"])
    conformance_results[f"{path.parent.name}/{path.stem}"] = record
    assert execution.status == expected["status"], (execution.error, execution.cause)
    if expected["status"] == "SUCCEEDED":
        assert _matches(expected["output"], _normalise(execution.output), wildcards), execution.output
    else:
        assert _matches(wanted_error, _normalise(actual_error), wildcards), actual_error
    if "history" in expected:
        assert record["history"], history
