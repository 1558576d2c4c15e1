"""statewise.builder: CDK-style programs render the ASL CDK renders, each state type, chaining, errors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import statewise
from statewise import DefinitionError, StateMachine
from statewise.builder import (
    CallAwsService,
    Chain,
    Choice,
    Condition,
    Duration,
    Errors,
    Fail,
    JsonPath,
    LambdaInvoke,
    Map,
    Parallel,
    Pass,
    Result,
    StateMachineDefinition,
    Succeed,
    Task,
    TaskInput,
    Wait,
    WaitTime,
)
from statewise.testing import FakeClock
from statewise.testing.workspaces import SimulatedWorkspaces


def _lint_definitions() -> Any:
    """tests/lint/definitions.py, which holds the seed as CDK emits it (loaded by path: its module name is shared)."""
    path = Path(__file__).resolve().parents[1] / "lint" / "definitions.py"
    spec = importlib.util.spec_from_file_location("lint_definitions", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_program(discard: str = "output_path") -> StateMachineDefinition:
    """The seed's CDK program (Python CDK, ``self`` scopes dropped), written with the builder."""
    result = "$.DescribeWorkspacesResult"
    describe = CallAwsService(
        "DescribeWorkspaces",
        service="workspaces",
        action="describeWorkspaces",
        parameters={"Limit": 25},
        iam_resources=["*"],
        result_path=result,
    )
    describe_next = CallAwsService(
        "DescribeNextPage",
        service="workspaces",
        action="describeWorkspaces",
        parameters={"Limit": 25, "NextToken": JsonPath.string_at(f"{result}.NextToken")},
        iam_resources=["*"],
        result_path=result,
    )
    rebuild = Map(
        "RebuildWorkspaces",
        items_path=f"{result}.Workspaces",
        max_concurrency=5,
        **{discard: JsonPath.DISCARD},  # type: ignore[arg-type]
    )
    rebuild.item_processor(Pass("RebuildWorkspace"))
    more_pages = (
        Choice("MorePages").when(Condition.is_present(f"{result}.NextToken"), describe_next).otherwise(Succeed("Done"))
    )
    describe_next.next(rebuild)
    return StateMachineDefinition(describe.next(rebuild).next(more_pages))


def test_the_seeds_cdk_program_emits_what_cdk_emits() -> None:
    cdk = _lint_definitions()
    assert seed_program().to_dict() == cdk.cdk_seed()
    assert seed_program("result_path").to_dict() == cdk.cdk_seed(discard="ResultPath")


def test_the_seed_built_here_shows_the_seeds_bug_and_its_fix_when_run() -> None:
    for discard, pages in (("output_path", 1), ("result_path", 12)):
        service = SimulatedWorkspaces(300)
        execution = StateMachine(seed_program(discard).to_dict()).run(
            {}, clock=FakeClock(), aws={"workspaces": service.service}
        )
        assert execution.status == "SUCCEEDED"
        describes = [c for c in service.service.calls if c.operation == "DescribeWorkspaces"]
        assert len(describes) == pages  # OutputPath: null drops the token after the first page


# -- each state type -----------------------------------------------------------------------------------------------


def _states(chain: Any, **options: Any) -> dict[str, Any]:
    states: dict[str, Any] = StateMachineDefinition(chain, **options).to_dict()["States"]
    return states


def test_pass_wait_succeed_and_fail_render_their_fields() -> None:
    chain = (
        Pass("Seed", result=Result.from_object({"n": 1}), result_path="$.seed", comment="start")
        .next(Wait("Pause", time=WaitTime.duration(Duration.minutes(2))))
        .next(Wait("PauseFor", time=WaitTime.seconds_path("$.seed.n")))
        .next(Wait("Until", time=WaitTime.timestamp("2030-01-01T00:00:00Z")))
        .next(
            Choice("Ok")
            .when(Condition.number_equals("$.seed.n", 1), Succeed("Yes"))
            .otherwise(Fail("No", error="E", cause="c"))
        )
    )
    assert _states(chain) == {
        "Seed": {"Type": "Pass", "Comment": "start", "ResultPath": "$.seed", "Result": {"n": 1}, "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 120, "Next": "PauseFor"},
        "PauseFor": {"Type": "Wait", "SecondsPath": "$.seed.n", "Next": "Until"},
        "Until": {"Type": "Wait", "Timestamp": "2030-01-01T00:00:00Z", "Next": "Ok"},
        "Ok": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.seed.n", "NumericEquals": 1, "Next": "Yes"}],
            "Default": "No",
        },
        "Yes": {"Type": "Succeed"},
        "No": {"Type": "Fail", "Error": "E", "Cause": "c"},
    }


def test_conditions_render_every_operator_family() -> None:
    v = "$.v"
    cases = {
        Condition.string_equals(v, "a"): {"Variable": v, "StringEquals": "a"},
        Condition.string_equals_json_path(v, "$.w"): {"Variable": v, "StringEqualsPath": "$.w"},
        Condition.string_matches(v, "a*"): {"Variable": v, "StringMatches": "a*"},
        Condition.number_greater_than_equals(v, 3): {"Variable": v, "NumericGreaterThanEquals": 3},
        Condition.number_less_than_json_path(v, "$.w"): {"Variable": v, "NumericLessThanPath": "$.w"},
        Condition.boolean_equals(v, True): {"Variable": v, "BooleanEquals": True},
        Condition.timestamp_less_than(v, "2030-01-01T00:00:00Z"): {
            "Variable": v,
            "TimestampLessThan": "2030-01-01T00:00:00Z",
        },
        Condition.is_present(v): {"Variable": v, "IsPresent": True},
        Condition.is_not_present(v): {"Variable": v, "IsPresent": False},
        Condition.is_not_null(v): {"Variable": v, "IsNull": False},
        Condition.is_timestamp(v): {"Variable": v, "IsTimestamp": True},
        Condition.and_(Condition.is_string(v), Condition.not_(Condition.string_equals(v, ""))): {
            "And": [{"Variable": v, "IsString": True}, {"Not": {"Variable": v, "StringEquals": ""}}]
        },
        Condition.or_(Condition.is_numeric(v), Condition.is_boolean(v)): {
            "Or": [{"Variable": v, "IsNumeric": True}, {"Variable": v, "IsBoolean": True}]
        },
        Condition.jsonata("{% $states.input.v > 1 %}"): {"Condition": "{% $states.input.v > 1 %}"},
    }
    for condition, expected in cases.items():
        assert condition.to_dict() == expected


def test_tasks_retry_catch_and_their_handlers() -> None:
    recover = Pass("Recover")
    task = Task("Work", resource="arn:aws:lambda:us-east-1:123456789012:function:work", timeout=Duration.seconds(30))
    task.add_retry(errors=[Errors.TIMEOUT], interval=Duration.seconds(1), max_attempts=2, backoff_rate=2.0)
    task.add_retry(max_delay=Duration.seconds(10), jitter_strategy="FULL")
    task.add_catch(recover, errors=[Errors.ALL], result_path="$.error")
    states = _states(task)
    assert states["Work"] == {
        "Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
        "TimeoutSeconds": 30,
        "Retry": [
            {"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0},
            {"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 10, "JitterStrategy": "FULL"},
        ],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}],
        "End": True,
    }
    assert states["Recover"] == {"Type": "Pass", "End": True}


def test_lambda_invoke_is_cdks_optimized_integration_with_its_default_retry() -> None:
    states = _states(
        LambdaInvoke(
            "Resize", lambda_function="resize", payload=TaskInput.from_object({"key": JsonPath.string_at("$.key")})
        )
    )
    assert states["Resize"] == {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "resize", "Payload": {"key.$": "$.key"}},
        "Retry": [
            {
                "ErrorEquals": [
                    "Lambda.ClientExecutionTimeoutException",
                    "Lambda.ServiceException",
                    "Lambda.AWSLambdaException",
                    "Lambda.SdkClientException",
                ],
                "IntervalSeconds": 2,
                "MaxAttempts": 6,
                "BackoffRate": 2,
            }
        ],
        "End": True,
    }
    plain = _states(
        LambdaInvoke(
            "R",
            lambda_function="arn:aws:lambda:us-east-1:1:function:r",
            payload_response_only=True,
            retry_on_service_exceptions=False,
        )
    )
    assert plain["R"] == {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:r", "End": True}


def test_a_lambda_invoke_runs_on_a_python_function() -> None:
    definition = StateMachineDefinition(
        LambdaInvoke("Double", lambda_function="double", result_selector={"n.$": "$.Payload"})
    ).to_dict()
    execution = StateMachine(definition).run(3, clock=FakeClock(), resources={"double": lambda n: n * 2})
    assert execution.output == {"n": 6}


def test_map_and_parallel_render_their_programs() -> None:
    each = Map(
        "Each",
        items_path="$.items",
        max_concurrency=2,
        item_selector={"v.$": "$$.Map.Item.Value"},
        result_path="$.done",
    )
    each.item_processor(Pass("Item").next(Pass("After")))
    both = Parallel("Both", result_path=JsonPath.DISCARD).branch(Pass("Left"), Chain.start(Pass("Right")))
    states = _states(each.next(both))
    assert states["Each"] == {
        "Type": "Map",
        "ResultPath": "$.done",
        "ItemsPath": "$.items",
        "MaxConcurrency": 2,
        "ItemSelector": {"v.$": "$$.Map.Item.Value"},
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": "Item",
            "States": {"Item": {"Type": "Pass", "Next": "After"}, "After": {"Type": "Pass", "End": True}},
        },
        "Next": "Both",
    }
    assert states["Both"] == {
        "Type": "Parallel",
        "ResultPath": None,
        "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}},
        ],
        "End": True,
    }
    execution = StateMachine(StateMachineDefinition(each.next(both)).to_dict()).run(
        {"items": [1, 2]}, clock=FakeClock()
    )
    assert execution.output == {"items": [1, 2], "done": [{"v": 1}, {"v": 2}]}


def test_choice_afterwards_continues_from_every_branch() -> None:
    choice = Choice("Which").when(Condition.boolean_equals("$.a", True), Pass("A")).otherwise(Pass("B"))
    states = _states(choice.afterwards().next(Succeed("Join")))
    assert states["A"]["Next"] == states["B"]["Next"] == "Join"


def test_json_path_intrinsics_render_as_references() -> None:
    states = _states(
        Pass(
            "P",
            parameters={
                "greeting": JsonPath.format("Hello, {}!", JsonPath.string_at("$.name")),
                "pair": JsonPath.array(1, "two", True),
                "parsed": JsonPath.string_to_json(JsonPath.string_at("$.text")),
                "token": JsonPath.task_token,
                "all": JsonPath.entire_payload,
            },
        )
    )
    assert states["P"]["Parameters"] == {
        "greeting.$": "States.Format('Hello, {}!', $.name)",
        "pair.$": "States.Array(1, 'two', true)",
        "parsed.$": "States.StringToJson($.text)",
        "token.$": "$$.Task.Token",
        "all.$": "$",
    }


def test_jsonata_mode_writes_arguments_outputs_and_assign() -> None:
    call = CallAwsService.jsonata(
        "Describe",
        service="workspaces",
        action="describeWorkspaces",
        parameters={"Limit": "{% $states.input.limit %}"},
        assign={"page": "{% $states.result %}"},
        outputs="{% $states.input %}",
    )
    done = (
        Choice.jsonata("More")
        .when(Condition.jsonata("{% $exists($page.NextToken) %}"), Pass.jsonata("Again"))
        .otherwise(Succeed("Done"))
    )
    definition = StateMachineDefinition(
        call.next(done), query_language="JSONata", comment="c", timeout=Duration.hours(1)
    )
    rendered = definition.to_dict()
    assert rendered["QueryLanguage"] == "JSONata"
    assert rendered["TimeoutSeconds"] == 3600
    assert rendered["States"]["Describe"] == {
        "Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:workspaces:describeWorkspaces",
        "QueryLanguage": "JSONata",
        "Assign": {"page": "{% $states.result %}"},
        "Output": "{% $states.input %}",
        "Arguments": {"Limit": "{% $states.input.limit %}"},
        "Next": "More",
    }
    assert rendered["States"]["More"]["Choices"] == [{"Condition": "{% $exists($page.NextToken) %}", "Next": "Again"}]
    assert json.loads(definition.to_json()) == rendered
    service = SimulatedWorkspaces(30)
    execution = StateMachine(rendered).run({"limit": 10}, clock=FakeClock(), aws={"workspaces": service.service})
    assert execution.status == "SUCCEEDED"


# -- mistakes --------------------------------------------------------------------------------------------------------


def test_mistakes_are_definition_errors_pointing_at_the_state() -> None:
    with pytest.raises(DefinitionError, match="/States/Done: a Succeed state cannot be followed by 'After'"):
        Succeed("Done").next(Pass("After"))
    first = Pass("A")
    first.next(Pass("B"))
    with pytest.raises(DefinitionError, match="/States/A: already goes on to 'B', not also to 'C'"):
        first.next(Pass("C"))
    with pytest.raises(
        DefinitionError,
        match="/States/Before: the chain from here ends in a Choice, Succeed or Fail, so it cannot go on to 'After'",
    ):
        Pass("Before").next(Choice("Which")).next(Pass("After"))  # a Choice goes on by .afterwards()
    with pytest.raises(DefinitionError, match="/States/A: two different states have this name"):
        StateMachineDefinition(Pass("A").next(Pass("A"))).to_dict()
    with pytest.raises(DefinitionError, match="/States/Which: a Choice needs at least one"):
        StateMachineDefinition(Choice("Which")).to_dict()
    with pytest.raises(DefinitionError, match=r"/States/Each: a Map needs \.item_processor"):
        StateMachineDefinition(Map("Each")).to_dict()
    with pytest.raises(DefinitionError) as caught:  # ASL's own rules, from the validator
        StateMachineDefinition(Wait("W", time=WaitTime.seconds(1), result_path="$.x")).to_dict()
    assert caught.value.problems[0].pointer == "/States/W/ResultPath"
    assert statewise.validate(seed_program().to_dict()) == []
