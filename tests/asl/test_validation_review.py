"""Validation found missing in review: duplicate names, numeric ranges, ProcessorConfig, one parse core."""

from __future__ import annotations

from typing import Any

import pytest

from statewise import DefinitionError, StateMachine, validate
from statewise.asl import parse as parse_module
from statewise.asl.parse import parse
from statewise.testing import FakeClock


def problems(definition: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(p.pointer, p.code, p.message) for p in validate(definition)]


def codes(definition: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.pointer, p.code) for p in validate(definition)]


def one(state: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": "S", "States": {"S": state}}


def processor(name: str = "I", **config: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}}
    if config:
        doc["ProcessorConfig"] = config
    return doc


def map_state(proc: dict[str, Any]) -> dict[str, Any]:
    return {"Type": "Map", "ItemProcessor": proc, "End": True}


# -- duplicate state names ---------------------------------------------------------------------------------


def test_a_map_state_named_like_an_outer_state_is_a_duplicate() -> None:
    definition = one(map_state(processor("S")))
    assert problems(definition) == [
        (
            "/States/S/ItemProcessor/States/S",
            "duplicate-state-name",
            "duplicate state name 'S' (first defined at /States/S): state names must be unique in the whole state "
            "machine, including Parallel branches and Map processors; rename one of them",
        )
    ]


def test_parallel_branches_may_not_reuse_a_name() -> None:
    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}
    definition = one({"Type": "Parallel", "Branches": [branch, branch], "End": True})
    assert codes(definition) == [("/States/S/Branches/1/States/B", "duplicate-state-name")]


def test_duplicates_are_found_across_sibling_scopes_and_later_top_level_states() -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {**map_state(processor("X")), "End": False, "Next": "X"},
            "X": {"Type": "Pass", "End": True},
        },
    }
    assert codes(definition) == [("/States/X", "duplicate-state-name")]


def test_unique_names_in_nested_scopes_are_fine() -> None:
    inner = {"Type": "Parallel", "Branches": [processor("A"), processor("B")], "End": True}
    definition = one(map_state({"StartAt": "P", "States": {"P": inner}}))
    assert validate(definition) == []


# -- numeric fields: type, range, JSON type names -----------------------------------------------------------


def retry(**fields: Any) -> dict[str, Any]:
    return one({"Type": "Task", "Resource": "r", "End": True, "Retry": [{"ErrorEquals": ["E"], **fields}]})


def test_a_value_out_of_range_is_a_bad_value_that_shows_the_value() -> None:
    assert problems(retry(IntervalSeconds=0)) == [
        (
            "/States/S/Retry/0/IntervalSeconds",
            "bad-value",
            "'IntervalSeconds' must be an integer from 1 to 99999999, got 0",
        )
    ]


def test_a_wrong_type_is_named_with_its_json_type() -> None:
    assert problems(retry(MaxAttempts="3")) == [
        ("/States/S/Retry/0/MaxAttempts", "bad-type", "'MaxAttempts' must be an integer from 0 to 99999999, got string")
    ]
    assert problems(one({"Type": "Fail", "Error": 5})) == [
        ("/States/S/Error", "bad-type", "'Error' must be a string, got number")
    ]
    assert problems(one({"Type": "Pass", "End": True, "Assign": [1]})) == [
        ("/States/S/Assign", "bad-type", "'Assign' must be an object, got array")
    ]


def test_a_fraction_where_an_integer_belongs_is_a_bad_value() -> None:
    assert codes(retry(IntervalSeconds=1.5)) == [("/States/S/Retry/0/IntervalSeconds", "bad-value")]


@pytest.mark.parametrize(
    ("field", "largest"),
    [("IntervalSeconds", 99999999), ("MaxAttempts", 99999999), ("MaxDelaySeconds", 31622400)],
)
def test_retrier_upper_bounds(field: str, largest: int) -> None:
    assert validate(retry(**{field: largest})) == []
    assert codes(retry(**{field: largest + 1})) == [(f"/States/S/Retry/0/{field}", "bad-value")]


@pytest.mark.parametrize("field", ["TimeoutSeconds", "HeartbeatSeconds"])
def test_task_timeouts_are_bounded(field: str) -> None:
    task = {"Type": "Task", "Resource": "r", "End": True, field: 100_000_000}
    assert problems(one(task)) == [
        (f"/States/S/{field}", "bad-value", f"'{field}' must be an integer from 1 to 99999999, got 100000000")
    ]


def test_wait_seconds_and_machine_timeout_are_bounded() -> None:
    assert validate(one({"Type": "Wait", "Seconds": 99999999, "End": True})) == []
    assert codes(one({"Type": "Wait", "Seconds": 100_000_000, "End": True})) == [("/States/S/Seconds", "bad-value")]
    assert codes(one({"Type": "Wait", "Seconds": -1, "End": True})) == [("/States/S/Seconds", "bad-value")]
    assert codes({**one({"Type": "Succeed"}), "TimeoutSeconds": 0}) == [("/TimeoutSeconds", "bad-value")]


def test_backoff_rate_and_tolerated_percentage_ranges() -> None:
    assert problems(retry(BackoffRate=0.5)) == [
        ("/States/S/Retry/0/BackoffRate", "bad-value", "'BackoffRate' must be a number >= 1.0, got 0.5")
    ]
    doc = {**map_state(processor(Mode="DISTRIBUTED", ExecutionType="STANDARD")), "ToleratedFailurePercentage": 101}
    assert problems(one(doc)) == [
        (
            "/States/S/ToleratedFailurePercentage",
            "bad-value",
            "'ToleratedFailurePercentage' must be a number from 0 to 100, got 101",
        )
    ]


def test_parse_has_no_private_type_helpers_left() -> None:
    assert not hasattr(parse_module, "_kind")
    assert not hasattr(parse_module, "_number")


# -- Parallel branches and Map processors -------------------------------------------------------------------


def test_a_parallel_branch_cannot_have_a_processor_config() -> None:
    branch = {**processor("A"), "ProcessorConfig": {"Mode": "INLINE"}}
    definition = one({"Type": "Parallel", "Branches": [branch], "End": True})
    assert codes(definition) == [("/States/S/Branches/0/ProcessorConfig", "unknown-field")]


def test_a_distributed_map_needs_an_execution_type() -> None:
    assert problems(one(map_state(processor(Mode="DISTRIBUTED")))) == [
        (
            "/States/S/ItemProcessor/ProcessorConfig",
            "missing-field",
            "a DISTRIBUTED Map needs 'ExecutionType' in 'ProcessorConfig': STANDARD or EXPRESS",
        )
    ]


def test_execution_type_must_be_standard_or_express() -> None:
    assert problems(one(map_state(processor(Mode="DISTRIBUTED", ExecutionType="FOO")))) == [
        (
            "/States/S/ItemProcessor/ProcessorConfig/ExecutionType",
            "bad-value",
            "'ExecutionType' must be STANDARD or EXPRESS, got \"FOO\"",
        )
    ]
    for kind in ("STANDARD", "EXPRESS"):
        assert validate(one(map_state(processor(Mode="DISTRIBUTED", ExecutionType=kind)))) == []


def test_processor_config_shape() -> None:
    assert codes(one(map_state({**processor(), "ProcessorConfig": []}))) == [
        ("/States/S/ItemProcessor/ProcessorConfig", "bad-type")
    ]
    assert codes(one(map_state(processor(Mode="INLINE", Extra=1)))) == [
        ("/States/S/ItemProcessor/ProcessorConfig/Extra", "unknown-field")
    ]
    assert codes(one(map_state(processor(Mode="LOCAL")))) == [
        ("/States/S/ItemProcessor/ProcessorConfig/Mode", "bad-value")
    ]


def test_the_execution_type_reaches_the_model() -> None:
    program = parse(one(map_state(processor(Mode="DISTRIBUTED", ExecutionType="EXPRESS"))))
    state = program.states["S"]
    assert getattr(state, "child_execution_type", None) == "EXPRESS"


# -- one core for parse and validate ------------------------------------------------------------------------


def test_parse_raises_exactly_what_validate_returns() -> None:
    definition = retry(IntervalSeconds=0, MaxDelaySeconds=0)
    with pytest.raises(DefinitionError) as raised:
        parse(definition)
    assert list(raised.value.problems) == validate(definition)
    with pytest.raises(DefinitionError) as bad_json:
        parse("{")
    assert [p.code for p in bad_json.value.problems] == [p.code for p in validate("{")] == ["bad-json"]


# -- distributed Map: EXPRESS child executions --------------------------------------------------------------

def distributed(execution_type: str, seconds: int) -> StateMachine:
    proc = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Seconds": seconds, "End": True}},
    }
    return StateMachine(one({"Type": "Map", "ItemProcessor": proc, "ToleratedFailureCount": 5, "End": True}))


def test_express_children_get_express_arns_and_the_five_minute_limit() -> None:
    execution = distributed("EXPRESS", 400).run([1, 2], clock=FakeClock(), seed=0)
    assert [child.status for child in execution.children] == ["TIMED_OUT", "TIMED_OUT"]
    assert all(":express:" in child.arn for child in execution.children)


@pytest.mark.parametrize(
    ("execution_type", "redrive"), [("STANDARD", True), ("EXPRESS", False)]
)
def test_only_standard_children_have_a_redrive_count(execution_type: str, redrive: bool) -> None:
    proc = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": {"e.$": "$$.Execution"}, "End": True}},
    }
    execution = StateMachine(one({"Type": "Map", "ItemProcessor": proc, "End": True})).run([1], clock=FakeClock())
    assert ("RedriveCount" in execution.output[0]["e"]) is redrive


def test_standard_children_keep_execution_arns_and_no_time_limit() -> None:
    execution = distributed("STANDARD", 400).run([1], clock=FakeClock(), seed=0)
    assert [child.status for child in execution.children] == ["SUCCEEDED"]
    assert ":execution:" in execution.children[0].arn
