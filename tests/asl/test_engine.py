"""Engine behaviour per state type, per path rule, per error-handling rule."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

import statewise
from statewise import DefinitionError, StateMachine, TaskFailed
from statewise.testing import FakeClock


def machine(states: dict[str, Any], start: str | None = None, **top: Any) -> StateMachine:
    return StateMachine({"StartAt": start or next(iter(states)), "States": states, **top})


def run(states: dict[str, Any], data: Any = None, **options: Any) -> statewise.Execution:
    return machine(states).run(data, clock=options.pop("clock", FakeClock()), seed=0, **options)


def types(execution: statewise.Execution) -> list[str]:
    return [event["type"] for event in execution.history]


# -- input and output processing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, {"a": 1, "b": {"c": 2}}),
        ({"InputPath": "$.b"}, {"c": 2}),
        ({"InputPath": None}, {}),
        ({"OutputPath": None}, {}),
        ({"OutputPath": "$.b.c"}, 2),
        ({"Result": {"r": 1}}, {"r": 1}),
        ({"Result": {"r": 1}, "ResultPath": "$.out"}, {"a": 1, "b": {"c": 2}, "out": {"r": 1}}),
        ({"Result": {"r": 1}, "ResultPath": None}, {"a": 1, "b": {"c": 2}}),
        ({"Result": 5, "ResultPath": "$.b.new"}, {"a": 1, "b": {"c": 2, "new": 5}}),
        ({"Parameters": {"x.$": "$.a", "lit": [1, {"y.$": "$.b.c"}]}}, {"x": 1, "lit": [1, {"y": 2}]}),
        ({"Parameters": {"n.$": "$$.State.Name"}}, {"n": "S"}),
        (
            {"InputPath": "$.b", "Parameters": {"v.$": "$.c"}, "ResultPath": "$.p"},
            {"a": 1, "b": {"c": 2}, "p": {"v": 2}},
        ),
        ({"Parameters": {"s.$": "States.Format('{}-{}', $.a, $.b.c)"}}, {"s": "1-2"}),
    ],
)
def test_pass_state_paths(fields: dict[str, Any], expected: Any) -> None:
    execution = run({"S": {"Type": "Pass", "End": True, **fields}}, {"a": 1, "b": {"c": 2}})
    assert execution.status == "SUCCEEDED"
    assert execution.output == expected


def test_missing_input_path_is_a_runtime_error_with_aws_wording() -> None:
    execution = run({"S": {"Type": "Pass", "InputPath": "$.nope", "End": True}}, {})
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"
    assert execution.cause == (
        "An error occurred while executing the state 'S' (entered at the event id #2). "
        "Invalid path '$.nope' : No results for path: $['nope']"
    )


def test_result_selector_and_result_path_on_a_task() -> None:
    states = {
        "T": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f",
            "Parameters": {"v.$": "$.v"},
            "ResultSelector": {"doubled.$": "$.out"},
            "ResultPath": "$.r",
            "End": True,
        }
    }
    execution = run(
        states, {"v": 3}, resources={"arn:aws:lambda:us-east-1:111111111111:function:f": lambda e: {"out": e["v"] * 2}}
    )
    assert execution.output == {"v": 3, "r": {"doubled": 6}}
    assert types(execution) == [  # a Lambda function ARN records the LambdaFunction* family, as AWS does
        "ExecutionStarted",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]
    scheduled = execution.history[2]["lambdaFunctionScheduledEventDetails"]
    assert scheduled == {
        "resource": "arn:aws:lambda:us-east-1:111111111111:function:f",
        "input": '{"v":3}',
        "inputDetails": {"truncated": False},
    }
    assert "lambdaFunctionStartedEventDetails" not in execution.history[3]


def test_payload_limit_fails_with_data_limit_exceeded() -> None:
    execution = run({"S": {"Type": "Pass", "Result": "x" * 300_000, "End": True}})
    assert (execution.status, execution.error) == ("FAILED", "States.DataLimitExceeded")


# -- state types --------------------------------------------------------------------------------------


def test_choice_default_and_no_match() -> None:
    states = {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}]},
        "Big": {"Type": "Succeed"},
    }
    assert run(states, {"n": 5}).status == "SUCCEEDED"
    failed = run(states, {"n": 0})
    assert (failed.error, failed.cause) == ("States.NoChoiceMatched", "No Matches!")


@pytest.mark.parametrize(
    ("rule", "data", "matches"),
    [
        ({"Variable": "$.s", "StringMatches": "log-*.txt"}, {"s": "log-1.txt"}, True),
        ({"Variable": "$.s", "StringMatches": "a\\*b"}, {"s": "a*b"}, True),
        ({"Variable": "$.s", "StringMatches": "a\\*b"}, {"s": "axb"}, False),
        ({"Variable": "$.t", "TimestampLessThan": "2020-01-01T00:00:00Z"}, {"t": "2019-12-31T23:00:00-02:00"}, False),
        ({"Variable": "$.t", "IsTimestamp": True}, {"t": "2019-12-31T23:00:00.123456789Z"}, True),
        ({"Not": {"Variable": "$.x", "IsPresent": True}}, {}, True),
        (
            {"And": [{"Variable": "$.a", "IsNumeric": True}, {"Variable": "$.a", "NumericEqualsPath": "$.b"}]},
            {"a": 1, "b": 1},
            True,
        ),
        ({"Or": [{"Variable": "$.a", "IsNull": True}, {"Variable": "$.a", "BooleanEquals": True}]}, {"a": True}, True),
        ({"Variable": "$.a", "NumericEquals": 1}, {"a": True}, False),
    ],
)
def test_choice_rules(rule: dict[str, Any], data: Any, matches: bool) -> None:
    states = {
        "C": {"Type": "Choice", "Choices": [{**rule, "Next": "Yes"}], "Default": "No"},
        "Yes": {"Type": "Pass", "Result": "yes", "End": True},
        "No": {"Type": "Pass", "Result": "no", "End": True},
    }
    assert run(states, data).output == ("yes" if matches else "no")


def test_choice_on_missing_variable_is_a_runtime_error() -> None:
    states = {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "StringEquals": "a", "Next": "D"}], "Default": "D"},
        "D": {"Type": "Succeed"},
    }
    assert run(states, {}).error == "States.Runtime"


def test_wait_uses_the_injected_clock() -> None:
    clock = FakeClock()
    states = {"W": {"Type": "Wait", "Seconds": 3600, "Next": "P"}, "P": {"Type": "Pass", "End": True}}
    execution = run(states, {}, clock=clock)
    assert execution.status == "SUCCEEDED"
    assert clock.sleeps == [3600]
    assert (execution.history[-1]["timestamp"] - execution.history[0]["timestamp"]).total_seconds() == 3600


def test_wait_timestamp_path_in_the_past_does_not_sleep() -> None:
    clock = FakeClock()
    run({"W": {"Type": "Wait", "TimestampPath": "$.t", "End": True}}, {"t": "2000-01-01T00:00:00Z"}, clock=clock)
    assert clock.sleeps == []


def test_state_machine_timeout_times_out() -> None:
    m = StateMachine(
        {"StartAt": "W", "TimeoutSeconds": 5, "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}}
    )
    execution = m.run({}, clock=FakeClock())
    assert execution.status == "TIMED_OUT"
    assert types(execution)[-1] == "ExecutionTimedOut"


def test_fail_with_paths() -> None:
    execution = run({"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}, {"e": "Oops", "c": "because"})
    assert (execution.status, execution.error, execution.cause, execution.output) == ("FAILED", "Oops", "because", None)


def test_parallel_outputs_in_branch_order() -> None:
    branch = lambda n: {"StartAt": f"B{n}", "States": {f"B{n}": {"Type": "Pass", "Result": n, "End": True}}}  # noqa: E731
    execution = run({"P": {"Type": "Parallel", "Branches": [branch(1), branch(2)], "End": True}})
    assert execution.output == [1, 2]


@pytest.mark.parametrize("concurrency", [0, 1, 3])
def test_inline_map_with_context_item(concurrency: int) -> None:
    states = {
        "M": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": concurrency,
            "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True,
        }
    }
    execution = run(states, {"items": ["a", "b", "c"], "k": 0})
    assert execution.output == [{"i": i, "v": v, "k": 0} for i, v in enumerate("abc")]
    assert types(execution).count("MapIterationSucceeded") == 3


def test_distributed_map_children_have_their_own_history() -> None:
    states = {
        "M": {
            "Type": "Map",
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "P",
                "States": {"P": {"Type": "Pass", "End": True}},
            },
            "ItemBatcher": {"MaxItemsPerBatch": 2},
            "End": True,
        }
    }
    execution = run(states, [1, 2, 3])
    assert execution.output == [{"Items": [1, 2]}, {"Items": [3]}]
    assert "MapRunStarted" in types(execution)
    assert [types(child) for child in execution.children] == [
        ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    ] * 2


def test_item_reader_and_result_writer_use_a_local_folder(tmp_path: Any) -> None:
    (tmp_path / "bucket").mkdir()
    (tmp_path / "bucket" / "rows.csv").write_text("id,name\n1,a\n2,b\n")
    states = {
        "M": {
            "Type": "Map",
            "ItemReader": {
                "Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "CSV"},
                "Parameters": {"Bucket": "bucket", "Key": "rows.csv"},
            },
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P",
                "States": {"P": {"Type": "Pass", "End": True}},
            },
            "ResultWriter": {
                "Resource": "arn:aws:states:::s3:putObject",
                "Parameters": {"Bucket": "bucket", "Prefix": "out"},
            },
            "End": True,
        }
    }
    execution = run(states, {}, data_dir=tmp_path)
    assert execution.status == "SUCCEEDED"
    assert execution.output["ResultWriterDetails"]["Key"].endswith("/manifest.json")
    assert [c.output for c in execution.children] == [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]


# -- errors, retry, catch --------------------------------------------------------------------------------

ARN = "arn:aws:states:::lambda:invoke"


def test_exception_becomes_task_failure_named_like_lambda() -> None:
    def boom(event: Any) -> Any:
        raise KeyError("missing")

    execution = run({"T": {"Type": "Task", "Resource": ARN, "End": True}}, {}, resources={ARN: boom})
    assert (execution.error, execution.cause) == ("KeyError", "'missing'")


def test_retry_with_backoff_sleeps_on_the_clock_then_catch() -> None:
    calls: list[Any] = []

    def flaky(event: Any, context: Any) -> Any:
        calls.append(context["State"]["Name"])
        raise TaskFailed(error="Custom.Error", cause="nope")

    clock = FakeClock()
    states = {
        "T": {
            "Type": "Task",
            "Resource": ARN,
            "Retry": [
                {
                    "ErrorEquals": ["Custom.Error"],
                    "IntervalSeconds": 2,
                    "MaxAttempts": 3,
                    "BackoffRate": 3,
                    "MaxDelaySeconds": 10,
                }
            ],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Done"}],
            "End": True,
        },
        "Done": {"Type": "Succeed"},
    }
    execution = run(states, {"x": 1}, resources={ARN: flaky}, clock=clock)
    assert calls == ["T"] * 4
    assert clock.sleeps == [2, 6, 10]
    assert execution.output == {"x": 1, "err": {"Error": "Custom.Error", "Cause": "nope"}}


def test_async_resources_are_awaited() -> None:
    async def double(event: Any) -> Any:
        await asyncio.sleep(0)
        return event * 2

    assert run({"T": {"Type": "Task", "Resource": ARN, "End": True}}, 21, resources={ARN: double}).output == 42


def test_states_all_does_not_catch_runtime_errors() -> None:
    states = {
        "P": {
            "Type": "Parallel",
            "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "InputPath": "$.x", "End": True}}}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}],
            "End": True,
        },
        "Done": {"Type": "Succeed"},
    }
    assert run(states, {}).error == "States.Runtime"


def test_task_timeout_measured_on_the_clock() -> None:
    clock = FakeClock()

    async def slow(event: Any) -> Any:
        await clock.asleep(30)
        return event

    states = {"T": {"Type": "Task", "Resource": ARN, "TimeoutSeconds": 10, "End": True}}
    execution = machine(states).run({}, clock=clock, resources={ARN: slow})
    assert execution.error == "States.Timeout"
    assert "TaskTimedOut" in types(execution)
    assert clock.monotonic() == 10  # the call was stopped at its limit, not judged after 30 s
    assert clock.sleeps == [30]  # the limit itself is not a sleep


def test_task_timeout_on_a_clock_without_timer_or_hold() -> None:
    fake = FakeClock()

    class PlainClock:  # only what statewise.Clock asks for
        now, monotonic, sleep, asleep = fake.now, fake.monotonic, fake.sleep, fake.asleep

    async def slow(event: Any) -> Any:
        await fake.asleep(30)
        return event

    states = {"T": {"Type": "Task", "Resource": ARN, "TimeoutSeconds": 10, "End": True}}
    execution = machine(states).run({}, clock=PlainClock(), resources={ARN: slow})
    assert execution.error == "States.Timeout"
    assert fake.monotonic() == 10  # raced, as on a clock with timer()
    assert sorted(fake.sleeps) == [10, 30]  # the limit was waited on with its asleep()


# -- API ------------------------------------------------------------------------------------------------


def test_definition_errors_list_every_problem_with_pointers() -> None:
    with pytest.raises(DefinitionError) as info:
        StateMachine(
            {
                "StartAt": "A",
                "States": {"A": {"Type": "Pass", "Next": "Nowhere", "ResultPath": "$[*]"}, "B": {"Type": "Bogus"}},
            }
        )
    pointers = {(p.pointer, p.code) for p in info.value.problems}
    assert ("/States/A/Next", "unknown-state") in pointers
    assert ("/States/A/ResultPath", "bad-path") in pointers
    assert ("/States/B/Type", "bad-type") in pointers
    assert statewise.validate({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}) == []


def test_seed_makes_uuid_reproducible() -> None:
    states = {"S": {"Type": "Pass", "Parameters": {"u.$": "States.UUID()"}, "End": True}}
    m = machine(states)
    assert m.run(seed=7).output == m.run(seed=7).output


def test_history_reversed_and_aware_timestamps() -> None:
    execution = run({"S": {"Type": "Pass", "End": True}})
    assert execution.history_reversed()[0]["type"] == "ExecutionSucceeded"
    assert all(event["timestamp"].tzinfo is not None for event in execution.history)
    assert execution.history[1]["stateEnteredEventDetails"] == {
        "name": "S",
        "input": "{}",
        "inputDetails": {"truncated": False},
    }


def test_start_and_abort() -> None:
    gate = asyncio.Event()

    async def wait_forever(event: Any) -> Any:
        await gate.wait()

    handle = machine({"T": {"Type": "Task", "Resource": ARN, "End": True}}).start({}, resources={ARN: wait_forever})
    handle.abort(error="Stop", cause="by test")
    execution = handle.result(timeout=5)
    assert (execution.status, execution.error) == ("ABORTED", "Stop")
    assert types(execution)[-1] == "ExecutionAborted"


def test_arun_inside_a_loop() -> None:
    m = machine({"S": {"Type": "Pass", "Result": 1, "End": True}})

    async def main() -> tuple[Any, Any]:
        # run() from inside a running loop hands the work to a worker thread
        return (await m.arun()).output, m.run().output

    assert asyncio.run(main()) == (1, 1)


def test_test_state_with_inspection_data() -> None:
    m = machine(
        {
            "S": {"Type": "Pass", "InputPath": "$.a", "Parameters": {"v.$": "$.b"}, "ResultPath": "$.r", "Next": "N"},
            "N": {"Type": "Succeed"},
        }
    )
    result = m.test_state("S", {"a": {"b": 1}}, inspection_level="DEBUG")
    assert (result.status, result.next_state, result.output) == ("SUCCEEDED", "N", {"a": {"b": 1}, "r": {"v": 1}})
    assert result.inspection_data["afterInputPath"] == '{"b":1}'
    assert result.inspection_data["afterParameters"] == '{"v":1}'
    standalone = StateMachine.from_state({"Type": "Fail", "Error": "E", "Cause": "C"})
    assert (standalone.test_state("State", {}).error, standalone.test_state("State", {}).status) == ("E", "FAILED")


def test_map_items_path_that_selects_nothing_fails_with_states_runtime():
    # found by the property test: the path error escaped as a bare PathNotFoundError
    machine = StateMachine(
        {
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.a",
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                    "End": True,
                }
            },
        }
    )
    execution = machine.run({}, clock=FakeClock())
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"
    assert "$.a" in execution.cause


def test_validation_reports_bad_transitions_even_when_start_at_is_wrong_and_each_problem_once():
    problems = statewise.validate(
        {"StartAt": "X", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Map", "End": True}}}
    )
    assert [(p.pointer, p.code) for p in problems] == [
        ("/States/C", "missing-field"),
        ("/States/A/Next", "unknown-state"),
        ("/StartAt", "unknown-state"),
    ]
    assert [(p.pointer, p.code) for p in statewise.validate({"States": {"A": {"Type": "Pass", "End": True}}})] == [
        ("", "missing-field")
    ]


@pytest.mark.parametrize(
    ("thresholds", "status"),
    [
        ({"ToleratedFailureCount": 1, "ToleratedFailurePercentage": 50}, "FAILED"),  # count exceeded
        ({"ToleratedFailureCount": 5, "ToleratedFailurePercentage": 10}, "FAILED"),  # percentage exceeded
        ({"ToleratedFailureCount": 3, "ToleratedFailurePercentage": 30}, "SUCCEEDED"),
        ({"ToleratedFailureCount": 3}, "SUCCEEDED"),
        ({"ToleratedFailurePercentage": 29}, "FAILED"),
        ({}, "FAILED"),
    ],
)
def test_distributed_map_fails_when_any_given_threshold_is_exceeded(thresholds, status):
    def work(item):
        if item % 4 == 0:
            raise ValueError("bad item")
        return item

    machine = StateMachine(
        {
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    **thresholds,
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "W",
                        "States": {"W": {"Type": "Task", "Resource": "work", "End": True}},
                    },
                    "End": True,
                }
            },
        }
    )
    items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12]  # 4, 8 and 12 fail: 3 of 10
    execution = machine.run({"items": items}, clock=FakeClock(), resources={"work": work})
    assert execution.status == status
    if status == "FAILED":
        assert execution.error == "States.ExceedToleratedFailureThreshold"


def test_retry_count_in_the_context_object_of_task_states():
    seen = []

    def flaky(payload):
        seen.append(payload["n"])
        if len(seen) < 3:
            raise ValueError("not yet")
        return {}

    machine = StateMachine(
        {
            "StartAt": "T",
            "States": {
                "T": {
                    "Type": "Task",
                    "Resource": "flaky",
                    "Parameters": {"n.$": "$$.State.RetryCount"},
                    "ResultSelector": {"final.$": "$$.State.RetryCount"},
                    "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3}],
                    "End": True,
                }
            },
        }
    )
    execution = machine.run({}, clock=FakeClock(), resources={"flaky": flaky})
    assert seen == [0, 1, 2]
    assert execution.output == {"final": 2}


def test_results_and_inputs_that_are_not_json_give_typed_errors():
    from datetime import datetime

    machine = StateMachine({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "now", "End": True}}})
    execution = machine.run({}, clock=FakeClock(), resources={"now": lambda payload: {"when": datetime.now()}})
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"
    assert "not JSON" in execution.cause
    with pytest.raises(statewise.InvalidExecutionInput, match="must be JSON"):
        machine.run({"x": {1, 2}}, clock=FakeClock(), resources={"now": dict})
    handle = machine.start({}, clock=FakeClock(), resources={"now": lambda payload: {"when": datetime.now()}})
    assert handle.result(timeout=30).error == "States.Runtime"


@pytest.mark.parametrize(
    ("definition", "machine_type", "takes", "status", "error"),
    [
        ({"TimeoutSeconds": 10}, "STANDARD", 30, "TIMED_OUT", None),  # the last state is the slow Task
        ({}, "EXPRESS", 400, "TIMED_OUT", None),  # Express: 5 minutes
        ({"TimeoutSeconds": 100}, "STANDARD", 30, "SUCCEEDED", None),
    ],
)
def test_execution_time_limits_apply_to_tasks(definition, machine_type, takes, status, error):
    clock = FakeClock()
    machine = StateMachine(
        {**definition, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "slow", "End": True}}},
        type=machine_type,
    )
    execution = machine.run({}, clock=clock, resources={"slow": lambda payload: clock.advance(takes) or {}})
    assert execution.status == status
    types = [event["type"] for event in execution.history]
    assert ("TaskSucceeded" in types) == (status == "SUCCEEDED")


def test_task_timeout_that_comes_first_is_a_catchable_states_timeout():
    clock = FakeClock()
    machine = StateMachine(
        {
            "TimeoutSeconds": 100,
            "StartAt": "T",
            "States": {
                "T": {
                    "Type": "Task",
                    "Resource": "slow",
                    "TimeoutSeconds": 5,
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Caught"}],
                    "End": True,
                },
                "Caught": {"Type": "Pass", "End": True},
            },
        }
    )
    execution = machine.run({}, clock=clock, resources={"slow": lambda payload: clock.advance(30) or {}})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"Error": "States.Timeout", "Cause": "Task timed out."}


def test_distributed_map_children_share_the_parents_deadline():
    machine = StateMachine(
        {
            "TimeoutSeconds": 10,
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "W",
                        "States": {"W": {"Type": "Wait", "Seconds": 100, "End": True}},
                    },
                    "End": True,
                }
            },
        }
    )
    execution = machine.run([1, 2, 3], clock=FakeClock())
    assert execution.status == "TIMED_OUT"


def test_standard_executions_end_after_a_year():
    two_years = 2 * 365 * 24 * 3600
    machine = StateMachine({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": two_years, "End": True}}})
    assert machine.run({}, clock=FakeClock()).status == "TIMED_OUT"


def test_task_scheduled_records_timeout_and_heartbeat():
    states = {"T": {"Type": "Task", "Resource": ARN, "TimeoutSeconds": 60, "HeartbeatSeconds": 10, "End": True}}
    execution = machine(states).run({}, clock=FakeClock(), resources={ARN: lambda event: {}})
    scheduled = next(e for e in execution.history if e["type"] == "TaskScheduled")["taskScheduledEventDetails"]
    assert (scheduled["timeoutInSeconds"], scheduled["heartbeatInSeconds"]) == (60, 10)


def test_lambda_task_history_matches_a_recorded_aws_execution():
    """Replays conformance case with_tasks/test_lambda_invoke_with_retry_base: 4 failures, retried, caught."""
    import json
    from pathlib import Path

    case_file = (
        Path(__file__).resolve().parents[2].parent
        / "shared/conformance/cases/with_tasks/test_lambda_invoke_with_retry_base.json"
    )
    if not case_file.is_file():
        pytest.skip(f"conformance case not at {case_file}")
    case = json.loads(case_file.read_text())
    answers = iter(case["mocks"])
    inputs = []

    def lambda_fn(event):
        inputs.append(event)
        mock = next(answers)
        raise TaskFailed(error=mock["error"], cause=json.dumps(mock["cause"]))

    arn = case["definition"]["States"]["InvokeLambdaWithRetry"]["Resource"]
    execution = StateMachine(case["definition"]).run(case["input"], clock=FakeClock(), resources={arn: lambda_fn})
    assert execution.status == case["expected"]["status"]
    assert types(execution) == case["expected"]["history"]
    assert execution.output["Error"] == case["expected"]["output"]["Error"]
    assert inputs == [case["input"]] * 4


# -- no runtime error escapes run() ------------------------------------------------------------------

PASS_PROCESSOR = {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}


@pytest.mark.parametrize(
    ("state", "data", "cause"),
    [
        (  # an intrinsic's path argument that selects nothing: worded as for the field that holds the call
            {"Type": "Pass", "Parameters": {"x.$": "States.Format('{}', $.prompt)"}, "End": True},
            {},
            "The JSONPath '$.prompt' specified for the field 'x.$' could not be found in the input '{}'",
        ),
        (
            {"Type": "Pass", "Parameters": {"x.$": "States.ArrayLength($.detail.ids)"}, "End": True},
            {"detail": {}},
            "The JSONPath '$.detail.ids' specified for the field 'x.$' could not be found in the input "
            "'{\"detail\":{}}'",
        ),
        (  # no callback here, so the context object has no Task.Token
            {"Type": "Pass", "Parameters": {"token.$": "States.Format('{}', $$.Task.Token)"}, "End": True},
            {},
            "The JSONPath '$$.Task.Token' specified for the field 'token.$' could not be found in the input",
        ),
        (  # an intrinsic's bad argument: States.Runtime, reported in the state
            {"Type": "Pass", "Parameters": {"x.$": "States.ArrayGetItem($.a, 5)"}, "End": True},
            {"a": [1]},
            "Invalid arguments in States.ArrayGetItem: the index 5 is out of range for an array of 1",
        ),
        (
            {"Type": "Pass", "Assign": {"x.$": "$.nope"}, "End": True},
            {},
            "The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{}'",
        ),
        (  # AWS's wording for a missing Choice variable
            {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "S"}], "Default": "S"},
            {},
            "Invalid path '$.x': The choice state's condition path references an invalid value.",
        ),
        (
            {"Type": "Map", "MaxConcurrencyPath": "$.n", "ItemProcessor": PASS_PROCESSOR, "End": True},
            {"n": -1},
            "MaxConcurrency cannot be negative.",
        ),
    ],
)
def test_runtime_faults_fail_the_execution_in_the_state(state: dict[str, Any], data: Any, cause: str) -> None:
    execution = run({"X": state, "S": {"Type": "Succeed"}} if "Choices" in state else {"X": state}, data)
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert execution.cause is not None
    assert execution.cause.startswith("An error occurred while executing the state 'X' (entered at the event id #2). ")
    assert cause in execution.cause
    assert types(execution)[-1] == "ExecutionFailed"
    assert execution.history[-1]["executionFailedEventDetails"]["cause"] == execution.cause


def test_a_path_fault_in_a_task_is_neither_retried_nor_caught_even_by_states_all() -> None:
    calls: list[Any] = []
    states = {
        "T": {
            "Type": "Task",
            "Resource": "r",
            "Parameters": {"x.$": "States.Format('{}', $.missing)"},
            "Retry": [{"ErrorEquals": ["States.ALL"]}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
            "End": True,
        },
        "Caught": {"Type": "Succeed"},
    }
    execution = run(states, {}, resources={"r": calls.append})
    assert (execution.status, execution.error, calls) == ("FAILED", "States.Runtime", [])
    assert types(execution) == ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]


def test_a_resource_that_raises_fails_its_task_as_a_callable_does() -> None:
    class Broken:
        async def invoke(self, payload: Any, context: Any) -> Any:
            raise KeyError("missing")

    states = {
        "T": {"Type": "Task", "Resource": "r", "Catch": [{"ErrorEquals": ["KeyError"], "Next": "C"}], "End": True},
        "C": {"Type": "Pass", "End": True},
    }
    execution = run(states, {}, resources={"r": Broken()})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"Error": "KeyError", "Cause": "'missing'"}
    assert "TaskFailed" in types(execution)


def test_an_internal_error_fails_the_execution_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    from statewise.asl import engine
    from statewise.asl.state_types import StateType

    async def broken(*args: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(engine._HANDLERS, StateType.PASS, broken)
    with pytest.warns(RuntimeWarning, match="statewise internal error, reported as States.Runtime"):
        execution = run({"P": {"Type": "Pass", "End": True}}, {})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert execution.cause == (
        "An error occurred while executing the state 'P' (entered at the event id #2). "
        "Internal error in statewise: ZeroDivisionError: a bug. Please report it."
    )
    assert types(execution) == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"]


def test_an_internal_error_is_an_exception_where_warnings_are_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from statewise.asl import engine
    from statewise.asl.state_types import StateType

    async def broken(*args: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(engine._HANDLERS, StateType.PASS, broken)
    branches = [{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}]
    with pytest.raises(RuntimeWarning, match="ZeroDivisionError"):  # filterwarnings = error: the bug surfaces
        run({"Par": {"Type": "Parallel", "Branches": branches, "End": True}}, {})


def test_the_history_quota_reached_by_the_closing_event_fails_the_execution(monkeypatch: pytest.MonkeyPatch) -> None:
    from statewise.asl import history

    monkeypatch.setattr(history, "MAX_EVENTS", 2)
    execution = run({"F": {"Type": "Fail", "Error": "E"}}, {})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert execution.cause == "The execution reached the maximum number of history events (25000)."
    assert types(execution) == ["ExecutionStarted", "FailStateEntered"]


# -- JSON values ---------------------------------------------------------------------------------------


def test_decimals_from_a_task_and_in_the_input_are_json_numbers() -> None:
    from decimal import Decimal

    item = {"Item": {"id": Decimal("7"), "price": Decimal("19.99"), "tags": ()}}  # boto3's DynamoDB resource
    states = {
        "Get": {"Type": "Task", "Resource": "ddb", "ResultPath": "$.got", "Next": "Check"},
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.got.Item.price", "NumericGreaterThanPath": "$.min", "Next": "Done"}],
            "Default": "Done",
        },
        "Done": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.got.Item.id, $.min)"}, "End": True},
    }
    execution = run(states, {"min": Decimal("3")}, resources={"ddb": lambda payload: item})
    assert (execution.status, execution.output) == ("SUCCEEDED", {"sum": 10})
    assert execution.input == {"min": 3}
    assert type(execution.input["min"]) is int
    succeeded = next(e for e in execution.history if e["type"] == "TaskSucceeded")
    assert succeeded["taskSucceededEventDetails"]["output"] == '{"Item":{"id":7,"price":19.99,"tags":[]}}'


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_infinities_are_not_json(bad: float) -> None:
    machine = StateMachine({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r", "End": True}}})
    with pytest.raises(statewise.InvalidExecutionInput, match="must be JSON: Out of range float"):
        machine.run({"x": [bad]}, clock=FakeClock(), resources={"r": dict})
    with pytest.raises(statewise.InvalidExecutionInput):
        machine.start({"x": bad}, clock=FakeClock(), resources={"r": dict})
    execution = machine.run({}, clock=FakeClock(), resources={"r": lambda payload: {"score": bad}})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert execution.cause is not None
    assert "returned a result that is not JSON" in execution.cause


def test_an_input_over_256_kib_is_refused_before_the_execution_starts() -> None:
    machine = StateMachine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    limit = 256 * 1024
    exact = "x" * (limit - 2)  # with its quotes: 262,144 bytes, the most StartExecution takes
    assert machine.run(json.dumps(exact), clock=FakeClock()).output == exact
    with pytest.raises(statewise.ExecutionInputTooLarge) as info:
        machine.run({"é": "é" * (limit // 2)}, clock=FakeClock())  # 2 bytes each in UTF-8
    assert (info.value.size, info.value.limit) == (limit + 9, limit)
    assert isinstance(info.value, statewise.InvalidExecutionInput)
    assert "more than the 262144 bytes (256 KiB) StartExecution accepts" in str(info.value)
    with pytest.raises(statewise.ExecutionInputTooLarge):
        machine.start(json.dumps(exact + "x"), clock=FakeClock())
    with pytest.raises(statewise.ExecutionInputTooLarge):  # text is measured as given
        machine.run("[" + " " * limit + "1]", clock=FakeClock())
    with pytest.raises(statewise.ExecutionInputTooLarge):
        asyncio.run(machine.arun([exact], clock=FakeClock()))


def test_a_wait_for_task_token_task_sees_its_token_in_the_context() -> None:
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    machine = StateMachine(
        {
            "StartAt": "Ask",
            "States": {
                "Ask": {
                    "Type": "Task",
                    "Resource": resource,
                    "Parameters": {"MessageBody": {"token.$": "$$.Task.Token"}},
                    "End": True,
                }
            },
        }
    )
    tokens = []

    def answer(payload: Any) -> Any:
        tokens.append(payload["MessageBody"]["token"])
        return {"approved": True}

    execution = machine.run({}, clock=FakeClock(), seed=1, resources={resource: answer})
    assert execution.output == {"approved": True}
    assert len(tokens[0]) == 128
    assert machine.run({}, clock=FakeClock(), seed=1, resources={resource: answer}).output == {"approved": True}
    assert tokens[0] == tokens[1]  # seeded
