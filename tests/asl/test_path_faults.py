"""Property: a path that selects nothing, or a value of the wrong type, wherever a path can stand,
ends the execution as AWS would (FAILED with a ``States.*`` error, or SUCCEEDED where AWS defines
success), and never raises out of ``run()``."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from statewise import StateMachine, validate
from statewise.testing import FakeClock

SCALARS = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2) | st.text("ab", max_size=3)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner, max_size=3),
    max_leaves=6,
)
# every JSON type at the top, and objects whose "a" holds every JSON type (for paths like $.a[0])
INPUTS = JSON | st.builds(lambda value: {"a": value}, JSON)

# paths that select nothing on any input above: no key "nope", no array longer than 3, no token outside a callback
MISSING = ["$.nope", "$.a.nope", "$.a[7]", "$[7]", "$$.Task.Token", "$$.Execution.Input.nope", "$v.nope"]
# paths that may select anything, of any type (or nothing)
ANY = ["$", "$.a", "$.a[0]", "$.a.b", "$[0]", "$v", "$v.a", "$$.Execution.Input.a", "$$.State.Name"]

INTRINSICS = [
    "States.Format('{{}}', {})",
    "States.StringToJson({})",
    "States.JsonToString({})",
    "States.Array(1, {})",
    "States.ArrayPartition({}, 1)",
    "States.ArrayContains({}, 1)",
    "States.ArrayRange({}, 3, 1)",
    "States.ArrayGetItem({}, 0)",
    "States.ArrayLength({})",
    "States.ArrayUnique({})",
    "States.Base64Encode({})",
    "States.Base64Decode({})",
    "States.Hash({}, 'MD5')",
    "States.JsonMerge({}, {}, false)",
    "States.MathRandom({}, 10)",
    "States.MathAdd({}, 1)",
    "States.StringSplit({}, ',')",
    "States.Format('{{}}', States.ArrayLength({}))",
]

RESOURCE = "arn:aws:lambda:us-east-1:111111111111:function:echo"
END = {"End": True}
_ITEMS = {
    "ItemsPath": "$items",
    "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": True}}},
}


def _task(**fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": RESOURCE, **fields, **END}


def _map(**fields: Any) -> dict[str, Any]:
    return {"Type": "Map", **_ITEMS, **fields, **END}


def _distributed(**fields: Any) -> dict[str, Any]:
    processor = {**_ITEMS["ItemProcessor"], "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}}
    return {"Type": "Map", **_ITEMS, "ItemProcessor": processor, **fields, **END}


def _choice(rule: dict[str, Any]) -> dict[str, Any]:
    return {"Type": "Choice", "Choices": [{**rule, "Next": "Yes"}], "Default": "No"}


# site -> the state that puts the path there; each reads the path where AWS evaluates it
SITES: dict[str, Callable[[str], dict[str, Any]]] = {
    "InputPath": lambda p: {"Type": "Pass", "InputPath": p, **END},
    "OutputPath": lambda p: {"Type": "Pass", "OutputPath": p, **END},
    "Parameters": lambda p: {"Type": "Pass", "Parameters": {"x.$": p, "fixed": 1}, **END},
    "Parameters nested": lambda p: {"Type": "Pass", "Parameters": {"x": [{"y.$": p}]}, **END},
    "Assign": lambda p: {"Type": "Pass", "Assign": {"w.$": p}, **END},
    "ResultSelector": lambda p: _task(ResultSelector={"x.$": p}),
    "TimeoutSecondsPath": lambda p: _task(TimeoutSecondsPath=p),
    "HeartbeatSecondsPath": lambda p: _task(TimeoutSeconds=99999999, HeartbeatSecondsPath=p),
    "ItemsPath": lambda p: _map(ItemsPath=p),
    "ItemSelector": lambda p: _map(ItemSelector={"x.$": p}),
    "MaxConcurrencyPath": lambda p: _map(MaxConcurrencyPath=p),
    "ToleratedFailureCountPath": lambda p: _distributed(ToleratedFailureCountPath=p),
    "ToleratedFailurePercentagePath": lambda p: _distributed(ToleratedFailurePercentagePath=p),
    "SecondsPath": lambda p: {"Type": "Wait", "SecondsPath": p, **END},
    "TimestampPath": lambda p: {"Type": "Wait", "TimestampPath": p, **END},
    "ErrorPath": lambda p: {"Type": "Fail", "ErrorPath": p, "Cause": "c"},
    "CausePath": lambda p: {"Type": "Fail", "Error": "E", "CausePath": p},
    "Variable": lambda p: _choice({"Variable": p, "NumericEquals": 1}),
    "Variable StringEquals": lambda p: _choice({"Variable": p, "StringEquals": "a"}),
    "Variable IsString": lambda p: _choice({"Variable": p, "IsString": True}),
    "Variable IsPresent": lambda p: _choice({"Variable": p, "IsPresent": True}),
    "Variable in Not": lambda p: _choice({"Not": {"Variable": p, "BooleanEquals": True}}),
    "NumericLessThanPath": lambda p: _choice({"Variable": "$", "NumericLessThanPath": p}),
    "StringEqualsPath": lambda p: _choice({"Variable": "$", "StringEqualsPath": p}),
    "TimestampEqualsPath": lambda p: _choice({"Variable": "$", "TimestampEqualsPath": p}),
}
# where a missing path is not a failure: IsPresent tests for it
ALLOWS_MISSING = {"Variable IsPresent"}
# a Fail state's own error: "E", or the string ErrorPath selects
FAIL_SITES = {"ErrorPath", "CausePath"}


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str, bool, dict[str, Any]]:
    site = draw(st.sampled_from(sorted(SITES)))
    missing = draw(st.booleans())
    path = draw(st.sampled_from(MISSING if missing else ANY))
    text = path
    if site in ("Parameters", "Assign", "ResultSelector", "ItemSelector") and draw(st.booleans()):
        template = draw(st.sampled_from(INTRINSICS))  # the path as an intrinsic's argument
        text = template.format(*[path] * template.count("{}"))
    state = SITES[site](text)
    if state["Type"] in ("Task", "Map") and draw(st.booleans()):  # States.ALL must not catch States.Runtime
        state["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]
    targets = [state.get("Default"), *[c["Next"] for c in state.get("Choices", []) + state.get("Catch", [])]]
    states = {
        # $v (the input) and $items for the paths and Maps above
        "Setup": {"Type": "Pass", "Assign": {"v.$": "$", "items": [1, 2]}, "Next": "Site"},
        "Site": state,
        **{target: {"Type": "Succeed"} for target in targets if target is not None},
    }
    definition = {"StartAt": "Setup", "States": states, "TimeoutSeconds": 3600}
    return site, path, missing, definition


@settings(max_examples=300, deadline=None)
@given(cases(), INPUTS)
def test_a_path_that_selects_nothing_or_the_wrong_type_fails_as_aws_does(
    case: tuple[str, str, bool, dict[str, Any]], data: Any
) -> None:
    site, path, missing, definition = case
    assert validate(definition) == [], (site, path)
    machine = StateMachine(definition)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an internal error of the engine is a RuntimeWarning: fail on it
        execution = machine.run(
            json.dumps(data), clock=FakeClock(), seed=0, resources={RESOURCE: lambda payload: payload}
        )
    if execution.status == "SUCCEEDED":
        assert not (missing and site not in ALLOWS_MISSING), (site, path, execution.output)
        return
    assert execution.status in ("FAILED", "TIMED_OUT"), execution.status
    assert execution.history[-1]["type"] == f"Execution{execution.status.title().replace('_', '')}"
    if execution.status == "TIMED_OUT":  # a SecondsPath or TimestampPath that waits past TimeoutSeconds
        assert site in ("SecondsPath", "TimestampPath"), (site, path)
        assert not missing
        return
    if missing and site not in ALLOWS_MISSING:
        # a path that selects nothing is States.Runtime, which no Catch takes; the cause names the path
        assert execution.error == "States.Runtime", (site, path, execution.error, execution.cause)
        assert execution.cause is not None
        assert execution.cause.startswith("An error occurred while executing the state 'Site' (entered at")
        assert f"'{path}'" in execution.cause, (path, execution.cause)
    elif site not in FAIL_SITES:
        assert execution.error is not None
        assert execution.error.startswith("States."), (site, path, execution.error)
