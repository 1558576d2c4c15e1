"""What a newcomer trips on: text inputs, wiring mistakes in resources=, test_state names, reprs, Map fields."""

from __future__ import annotations

import json
from typing import Any

import pytest

from statewise import (
    InvalidExecutionInput,
    ResourceBindingError,
    StateMachine,
    UnknownStateError,
    UnservedTasksError,
    validate,
)
from statewise.asl.env import Env
from statewise.testing import FakeClock

ECHO = {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "fn", "End": True}}}
CAUGHT = {
    "StartAt": "Call",
    "States": {
        "Call": {
            "Type": "Task",
            "Resource": "fn",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Swallowed"}],
            "End": True,
        },
        "Swallowed": {"Type": "Succeed"},
    },
}


# -- inputs: text is JSON, as StartExecution's input is -------------------------------------------------------


def test_text_input_is_json_text() -> None:
    machine = StateMachine(ECHO)
    assert machine.run(json.dumps({"a": 1}), resources={"fn": lambda p: p}).output == {"a": 1}
    assert machine.run(b"[1, 2]", resources={"fn": lambda p: p}).output == [1, 2]
    assert machine.run(json.dumps("hello"), resources={"fn": lambda p: p}).output == "hello"


@pytest.mark.parametrize("text", ["hello", "{'a': 1}", '{"a": 1', ""])
def test_malformed_input_text_never_runs(text: str) -> None:
    calls: list[Any] = []
    with pytest.raises(InvalidExecutionInput, match=r"json\.dumps"):
        StateMachine(ECHO).run(text, resources={"fn": calls.append})
    with pytest.raises(InvalidExecutionInput):
        StateMachine(ECHO).start(text, resources={"fn": calls.append})
    assert calls == []


# -- resources= is checked before anything runs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("binding", "message"),
    [
        (42, "int 42 cannot serve a Task"),
        ("my_function", "str 'my_function' cannot serve a Task"),
        (lambda: None, "<lambda>() cannot serve a Task"),
        (lambda a, b, c: None, "<lambda>(a, b, c) cannot serve a Task"),
        (lambda *, payload: None, "<lambda>(*, payload) cannot serve a Task"),
    ],
)
def test_a_binding_that_cannot_serve_a_task_is_refused_before_the_run(binding: Any, message: str) -> None:
    # without the check, the Catch on States.ALL would swallow the mistake and the run would "succeed"
    with pytest.raises(ResourceBindingError, match=r"resources\['fn'\]: ") as caught:
        StateMachine(CAUGHT).run({}, resources={"fn": binding})
    assert message in str(caught.value)
    assert caught.value.arn == "fn"
    assert isinstance(caught.value, TypeError)


def test_resources_must_be_a_mapping() -> None:
    with pytest.raises(ResourceBindingError, match="must map Task resource ARNs to callables, got list"):
        StateMachine(ECHO).run({}, resources=[lambda p: p])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "binding",
    [
        lambda payload: payload,
        lambda payload, context: payload,
        lambda payload, context=None: payload,
        lambda *args: args[0],
        dict,  # a class: called with the payload
    ],
)
def test_bindings_that_take_the_input_are_accepted(binding: Any) -> None:
    assert StateMachine(ECHO).run({"a": 1}, resources={"fn": binding}).output == {"a": 1}


# -- test_state ------------------------------------------------------------------------------------------------


def test_test_state_on_an_unknown_state_is_a_typed_error_with_suggestions() -> None:
    machine = StateMachine(CAUGHT)
    with pytest.raises(UnknownStateError) as caught:
        machine.test_state("Swalowed")
    assert caught.value.suggestions == ("Swallowed",)
    assert str(caught.value) == (
        "StateMachine has no top-level state named 'Swalowed'; its states: Call, Swallowed; did you mean 'Swallowed'?"
    )
    assert isinstance(caught.value, KeyError)


def test_from_state_names_the_state_and_test_state_takes_text_input() -> None:
    machine = StateMachine.from_state({"Type": "Pass", "End": True})
    assert machine.test_state("State", '{"a": 1}').output == {"a": 1}
    named = StateMachine.from_state({"Type": "Pass", "End": True}, name="Mine")
    assert named.test_state("Mine", {"b": 2}).output == {"b": 2}


def test_choice_at_debug_reports_its_input_processing() -> None:
    machine = StateMachine.from_state(
        {
            "Type": "Choice",
            "InputPath": "$.order",
            "Choices": [{"Variable": "$.total", "NumericGreaterThan": 10, "Next": "Big"}],
            "Default": "Small",
        }
    )
    result = machine.test_state("State", {"order": {"total": 20}}, inspection_level="DEBUG")
    assert result.next_state == "Big"
    assert result.inspection_data == {"input": '{"order":{"total":20}}', "afterInputPath": '{"total":20}'}


# -- reprs ------------------------------------------------------------------------------------------------------


def test_execution_repr_is_short() -> None:
    machine = StateMachine({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "x" * 10_000, "End": True}}})
    text = repr(machine.run({}, clock=FakeClock(), name="run-1"))
    assert text.startswith("Execution(name='run-1', status=SUCCEEDED, output=\"xxx")
    assert text.endswith("..., events=4)")
    assert len(text) < 150
    failed = StateMachine({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}}).run({}, name="r")
    assert repr(failed) == "Execution(name='r', status=FAILED, error='Boom', events=3)"


# -- Map fields ---------------------------------------------------------------------------------------------------


def _map(processor_mode: str, **fields: Any) -> dict[str, Any]:
    config: dict[str, Any] = {"Mode": processor_mode}
    if processor_mode == "DISTRIBUTED":
        config["ExecutionType"] = "STANDARD"
    processor = {"ProcessorConfig": config, "StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}
    return {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}}}


def _codes(definition: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.pointer, p.code) for p in validate(definition)]


@pytest.mark.parametrize(
    "field",
    [
        {"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}}},
        {"ItemBatcher": {"MaxItemsPerBatch": 2}},
        {"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b"}}},
    ],
)
def test_inline_map_refuses_distributed_only_fields(field: dict[str, Any]) -> None:
    (key,) = field
    assert _codes(_map("INLINE", **field)) == [(f"/States/M/{key}", "distributed-only")]
    assert _codes(_map("DISTRIBUTED", **field)) == []


def test_inline_map_accepts_tolerated_failures_as_aws_does() -> None:
    # recorded against AWS: evaluate_jsonata/test_base_map_TOLERATED_FAILURE_COUNT and _PERCENTAGE
    assert _codes(_map("INLINE", ToleratedFailureCount=1, ToleratedFailurePercentage=50)) == []


@pytest.mark.parametrize(
    ("label", "ok"),
    [("orders-2024_v1", True), ("x" * 40, True), ("x" * 41, False), ("has space", False), ("what?", False)],
)
def test_label_length_and_characters(label: str, ok: bool) -> None:
    assert _codes(_map("DISTRIBUTED", Label=label)) == ([] if ok else [("/States/M/Label", "bad-value")])


@pytest.mark.parametrize(
    ("batcher", "expected"),
    [
        ({"MaxItemsPerBatch": 0}, [("/States/M/ItemBatcher/MaxItemsPerBatch", "bad-value")]),
        ({"MaxInputBytesPerBatch": 262_145}, [("/States/M/ItemBatcher/MaxInputBytesPerBatch", "bad-value")]),
        ({"MaxItemsPerBatch": 5, "MaxItemsPerBatchPath": "$.n"}, [("/States/M/ItemBatcher", "exclusive-fields")]),
        ({"MaxItems": 5}, [("/States/M/ItemBatcher/MaxItems", "unknown-field")]),
        ({"MaxItemsPerBatchPath": "$.n", "BatchInput": {"a": 1}}, []),
    ],
)
def test_item_batcher_fields(batcher: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _codes(_map("DISTRIBUTED", ItemBatcher=batcher)) == expected


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"}}, []),
        ({"Parameters": {"Bucket": "b"}}, [("/States/M/ItemReader", "missing-field")]),
        (
            {"Resource": "r", "ReaderConfig": {"InputType": "XML"}},
            [("/States/M/ItemReader/ReaderConfig/InputType", "bad-value")],
        ),
        ({"Resource": "r", "ReaderConfig": "CSV"}, [("/States/M/ItemReader/ReaderConfig", "bad-type")]),
        (
            {"Resource": "r", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}},
            [("/States/M/ItemReader/ReaderConfig", "missing-field")],
        ),
        (
            {"Resource": "r", "ReaderConfig": {"MaxItems": -1}},
            [("/States/M/ItemReader/ReaderConfig/MaxItems", "bad-value")],
        ),
        ({"Resource": "r", "Bucket": "b"}, [("/States/M/ItemReader/Bucket", "unknown-field")]),
    ],
)
def test_item_reader_fields(reader: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _codes(_map("DISTRIBUTED", ItemReader=reader)) == expected


def test_batch_input_must_be_an_object() -> None:
    batcher = {"MaxItemsPerBatch": 2, "BatchInput": [1]}
    assert _codes(_map("DISTRIBUTED", ItemBatcher=batcher)) == [("/States/M/ItemBatcher/BatchInput", "bad-type")]


def test_task_resources_lists_every_task_nested_ones_included() -> None:
    inner = {"StartAt": "T2", "States": {"T2": {"Type": "Task", "Resource": "inner", "End": True}}}
    machine = StateMachine(
        {
            "StartAt": "T1",
            "States": {
                "T1": {"Type": "Task", "Resource": "outer", "Next": "P"},
                "P": {"Type": "Parallel", "Branches": [inner], "Next": "M"},
                "M": {
                    "Type": "Map",
                    "ItemProcessor": {**inner, "States": {"T3": {**inner["States"]["T2"]}}, "StartAt": "T3"},
                    "End": True,
                },
            },
        }
    )
    assert machine.task_resources == {"outer", "inner"}


# -- every Task is served before anything runs -------------------------------------------------------------------


def test_a_task_nothing_serves_is_refused_before_the_run_even_under_catch_all() -> None:
    calls: list[Any] = []
    definition = {
        "StartAt": "First",
        "States": {
            "First": {"Type": "Task", "Resource": "first", "Next": "Call"},
            **CAUGHT["States"],
        },
    }
    with pytest.raises(UnservedTasksError) as caught:
        StateMachine(definition).run({}, resources={"first": calls.append})
    assert calls == []  # no side effect: the first Task never ran
    assert [target.arn for target in caught.value.targets] == ["fn"]
    assert "'Call' (fn)" in str(caught.value)
    assert isinstance(caught.value, ResourceBindingError)
    with pytest.raises(UnservedTasksError):
        StateMachine(definition).start({}, resources={"first": calls.append})


def test_test_state_needs_only_the_tested_states_tasks() -> None:
    definition = {
        "StartAt": "First",
        "States": {"First": {"Type": "Task", "Resource": "first", "Next": "Call"}, **CAUGHT["States"]},
    }
    result = StateMachine(definition).test_state("Call", {"a": 1}, resources={"fn": lambda payload: payload})
    assert result.output == {"a": 1}


# -- one identity for every ARN ------------------------------------------------------------------------------------


def test_identity_makes_every_arn_and_the_task_events_region() -> None:
    from statewise.integrations.identity import AwsIdentity

    identity = AwsIdentity(region="eu-west-1", account="123456789012")
    resource = "arn:aws:states:::states:startExecution.sync:2"
    definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "End": True}}}
    machine = StateMachine(definition, name="Orders", identity=identity)
    assert machine.arn == "arn:aws:states:eu-west-1:123456789012:stateMachine:Orders"
    assert machine.role_arn == "arn:aws:iam::123456789012:role/statewise-local"
    execution = machine.run({}, clock=FakeClock(), name="e1", resources={resource: lambda payload: {}})
    assert execution.arn == "arn:aws:states:eu-west-1:123456789012:execution:Orders:e1"
    scheduled = next(event for event in execution.history if event["type"] == "TaskScheduled")
    details = scheduled["taskScheduledEventDetails"]
    assert (details["region"], details["resourceType"], details["resource"]) == (
        "eu-west-1",
        "states",
        "startExecution.sync:2",
    )


def test_credentials_are_kept_in_the_model() -> None:
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Credentials": {"RoleArn.$": "$.role"},
        "End": True,
    }
    machine = StateMachine.from_state(state)
    task = machine.program.states["State"]
    assert task.credentials is not None  # type: ignore[attr-defined]
    assert task.credentials.evaluate({"role": "arn:aws:iam::1:role/r"}, Env()) == {"RoleArn": "arn:aws:iam::1:role/r"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("method", ["run", "start", "test_state"])
def test_a_misspelt_keyword_is_refused_with_the_one_meant(method: str) -> None:
    machine = StateMachine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    args: tuple[Any, ...] = ("P", {}) if method == "test_state" else ({},)
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'resource'; did you mean 'resources'\?"):
        getattr(machine, method)(*args, resource={})
