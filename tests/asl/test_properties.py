"""Property: any definition and input give a result or a typed statewise error, never a crash."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statewise import DefinitionError, StateMachine, validate
from statewise.testing import FakeClock

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner, max_size=3),
    max_leaves=8,
)
paths = st.sampled_from(["$", "$.a", "$.b.c", "$.a[0]", "$[*]", "$$.State.Name", "$..a", "nope", "$.a[", None])
names = st.sampled_from(["S0", "S1", "S2"])


def _state(kind: str, name: str, nxt: str, path: Any, extra: Any) -> dict[str, Any]:
    flow = {"Next": nxt} if nxt != "END" else {"End": True}
    inner = f"{name}.I"  # state names are unique across the whole machine
    return {
        "Pass": {"Type": "Pass", "InputPath": path, "ResultPath": path, "Result": extra, **flow},
        "Params": {"Type": "Pass", "Parameters": {"x.$": path, "y": extra}, **flow},
        "Choice": {
            "Type": "Choice",
            "Choices": [{"Variable": path, "NumericLessThan": 1, "Next": nxt}],
            "Default": nxt,
        },
        "Fail": {"Type": "Fail", "ErrorPath": path},
        "Wait": {"Type": "Wait", "SecondsPath": path, **flow},
        "Map": {
            "Type": "Map",
            "ItemsPath": path,
            "ItemProcessor": {"StartAt": inner, "States": {inner: {"Type": "Pass", "End": True}}},
            **flow,
        },
    }[kind]


kinds = st.sampled_from(["Pass", "Params", "Choice", "Fail", "Wait", "Map"])


@st.composite
def definitions(draw: st.DrawFn) -> dict[str, Any]:
    """Up to three states; each goes forward only (no endless loops), or to an unknown state."""
    count = draw(st.integers(1, 3))
    states = {}
    for i in range(count):
        nxt = draw(st.sampled_from([f"S{j}" for j in range(i + 1, count + 1)] + ["END"]))
        states[f"S{i}"] = _state(draw(kinds), f"S{i}", nxt, draw(paths), draw(json_values))
    return states


@settings(max_examples=100, deadline=None)
@given(definitions(), names, json_values)
def test_any_definition_gives_a_result_or_a_typed_error(definition: dict[str, Any], start: str, data: Any) -> None:
    doc = {"StartAt": start, "States": definition, "TimeoutSeconds": 100}
    problems = validate(doc)
    if problems:
        with pytest.raises(DefinitionError):
            StateMachine(doc)
        assert all(p.pointer.startswith("/") or p.pointer == "" for p in problems)
        return
    machine = StateMachine(doc)
    execution = machine.run(json.dumps(data), clock=FakeClock())  # as StartExecution takes it
    assert execution.status in ("SUCCEEDED", "FAILED", "TIMED_OUT")
    if execution.status == "SUCCEEDED":
        assert execution.error is None
    else:
        assert execution.output is None
