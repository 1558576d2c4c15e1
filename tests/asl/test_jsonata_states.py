"""JSONata states: each field, ``$states``, the JSONata-only and JSONPath-only field rules, errors."""

from __future__ import annotations

from typing import Any

import pytest

import statewise
from statewise import StateMachine, validate
from statewise.testing import FakeClock

FN = "arn:aws:lambda:us-east-1:111111111111:function:f"


def run(states: dict[str, Any], data: Any = None, **options: Any) -> statewise.Execution:
    definition = {"QueryLanguage": "JSONata", "StartAt": next(iter(states)), "States": states}
    return StateMachine(definition).run(data, clock=options.pop("clock", FakeClock()), seed=0, **options)


def codes(definition: dict[str, Any]) -> list[tuple[str, str]]:
    return [(problem.pointer, problem.code) for problem in validate(definition)]


def types(execution: statewise.Execution) -> list[str]:
    return [event["type"] for event in execution.history]


# -- fields --------------------------------------------------------------------------------------------


def test_pass_output_nests_expressions_and_keeps_other_strings() -> None:
    output = {"a": "{% $states.input.x + 1 %}", "b": ["$.x", " {% 1 %}", {"c": "{% $states.context.State.Name %}"}]}
    execution = run({"S": {"Type": "Pass", "Output": output, "End": True}}, {"x": 1})
    assert execution.output == {"a": 2, "b": ["$.x", " {% 1 %}", {"c": "S"}]}


def test_pass_without_output_passes_its_input() -> None:
    assert run({"S": {"Type": "Pass", "End": True}}, {"x": 1}).output == {"x": 1}


def test_task_arguments_result_and_output() -> None:
    states = {
        "T": {
            "Type": "Task",
            "Resource": FN,
            "Arguments": {"v": "{% $states.input.v %}"},
            "Output": {"in": "{% $states.input %}", "out": "{% $states.result.doubled %}"},
            "End": True,
        }
    }
    execution = run(states, {"v": 4}, resources={FN: lambda event: {"doubled": event["v"] * 2}})
    assert execution.output == {"in": {"v": 4}, "out": 8}
    scheduled = next(e for e in execution.history if e["type"] == "LambdaFunctionScheduled")
    assert scheduled["lambdaFunctionScheduledEventDetails"]["input"] == '{"v":4}'


def test_task_without_output_returns_the_result() -> None:
    states = {"T": {"Type": "Task", "Resource": FN, "End": True}}
    assert run(states, {"v": 1}, resources={FN: lambda event: [event]}).output == [{"v": 1}]


def test_task_timeout_seconds_expression() -> None:
    states = {"T": {"Type": "Task", "Resource": FN, "TimeoutSeconds": "{% $states.input.t %}", "End": True}}
    execution = run(states, {"t": 7}, resources={FN: lambda event: 1})
    scheduled = next(e for e in execution.history if e["type"] == "LambdaFunctionScheduled")
    assert scheduled["lambdaFunctionScheduledEventDetails"]["timeoutInSeconds"] == 7


def test_catch_output_and_assign_see_the_error_output() -> None:
    def fail(event: Any) -> Any:
        raise statewise.TaskFailed(error="Boom", cause="bad")

    states = {
        "T": {
            "Type": "Task",
            "Resource": FN,
            "Catch": [
                {
                    "ErrorEquals": ["States.ALL"],
                    "Output": {"e": "{% $states.errorOutput %}", "in": "{% $states.input %}"},
                    "Assign": {"error": "{% $states.errorOutput.Error %}"},
                    "Next": "After",
                }
            ],
            "End": True,
        },
        "After": {"Type": "Pass", "Output": {"seen": "{% $error %}", "data": "{% $states.input %}"}, "End": True},
    }
    execution = run(states, {"k": 1}, resources={FN: fail})
    assert execution.output == {"seen": "Boom", "data": {"e": {"Error": "Boom", "Cause": "bad"}, "in": {"k": 1}}}


def test_choice_condition_rule_output_and_default() -> None:
    states = {
        "C": {
            "Type": "Choice",
            "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Output": "big", "Next": "Done"}],
            "Default": "Done",
            "Output": "small",
        },
        "Done": {"Type": "Succeed"},
    }
    assert run(states, {"n": 2}).output == "big"
    assert run(states, {"n": 0}).output == "small"


def test_choice_condition_must_be_boolean() -> None:
    states = {
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "D"}], "Default": "D"},
        "D": {"Type": "Succeed"},
    }
    execution = run(states, {"n": 2})
    assert execution.error == "States.QueryEvaluationError"
    assert execution.cause == (
        "An error occurred while executing the state 'C' (entered at the event id #2). The JSONata expression "
        "'$states.input.n' specified for the field 'Condition' returned an unexpected result type. "
        "Expected 'boolean', but was 'number' for value: 2"
    )
    assert types(execution) == ["ExecutionStarted", "ChoiceStateEntered", "EvaluationFailed", "ExecutionFailed"]


def test_wait_seconds_and_timestamp_expressions() -> None:
    clock = FakeClock()
    execution = run({"W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "End": True}}, {"s": 30}, clock=clock)
    assert execution.status == "SUCCEEDED"
    assert clock.monotonic() == pytest.approx(30)
    later = "2026-06-01T00:00:00Z"  # within the year a Standard execution may run (FakeClock starts 2026-01-01)
    execution = run({"W": {"Type": "Wait", "Timestamp": "{% $states.input.t %}", "End": True}}, {"t": later})
    assert execution.status == "SUCCEEDED"


def test_fail_error_and_cause_expressions() -> None:
    states = {"F": {"Type": "Fail", "Error": "{% $states.input.e %}", "Cause": "{% 'because ' & $states.input.e %}"}}
    execution = run(states, {"e": "Oops"})
    assert (execution.error, execution.cause) == ("Oops", "because Oops")


def test_parallel_arguments_feed_the_branches() -> None:
    states = {
        "P": {
            "Type": "Parallel",
            "Arguments": {"v": "{% $states.input.v * 10 %}"},
            "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}],
            "Output": "{% $states.result[0].v %}",
            "End": True,
        }
    }
    assert run(states, {"v": 2}).output == 20


def test_map_items_selector_and_numeric_expressions() -> None:
    states = {
        "M": {
            "Type": "Map",
            "Items": "{% $states.input.xs %}",
            "ItemSelector": {"i": "{% $states.context.Map.Item.Index %}", "v": "{% $states.context.Map.Item.Value %}"},
            "MaxConcurrency": "{% 1 %}",
            "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
            "Output": {"n": "{% $count($states.result) %}", "all": "{% $states.result %}"},
            "End": True,
        }
    }
    assert run(states, {"xs": ["a", "b"]}).output == {"n": 2, "all": [{"i": 0, "v": "a"}, {"i": 1, "v": "b"}]}


def test_map_items_must_be_an_array() -> None:
    execution = run({"M": {"Type": "Map", "Items": "{% 'x' %}", "ItemProcessor": _PROCESSOR, "End": True}})
    assert execution.error == "States.QueryEvaluationError"
    assert execution.cause.endswith("Expected 'array', but was 'string' for value: \"x\"")
    assert types(execution)[-3:] == ["EvaluationFailed", "MapStateFailed", "ExecutionFailed"]


_PROCESSOR = {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}


def test_query_evaluation_error_can_be_caught() -> None:
    states = {
        "M": {
            "Type": "Map",
            "Items": "{% 1 %}",
            "ItemProcessor": _PROCESSOR,
            "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "D"}],
            "End": True,
        },
        "D": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": True},
    }
    assert run(states).output == "States.QueryEvaluationError"


def test_undefined_result_names_the_field() -> None:
    execution = run({"S": {"Type": "Pass", "Output": {"a": ["{% $states.input.nope %}"]}, "End": True}}, {})
    assert execution.cause == (
        "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression "
        "'$states.input.nope' specified for the field 'Output/a/0' returned nothing (undefined)."
    )
    failed = next(e for e in execution.history if e["type"] == "EvaluationFailed")
    assert failed["evaluationFailedEventDetails"] == {
        "error": "States.QueryEvaluationError",
        "cause": execution.cause,
        "location": "Output/a/0",
        "state": "S",
    }


def test_evaluation_error_names_the_code() -> None:
    execution = run({"S": {"Type": "Pass", "Output": "{% 'a' + 1 %}", "End": True}})
    assert execution.error == "States.QueryEvaluationError"
    assert "specified for the field 'Output' threw an error during evaluation. T2001" in (execution.cause or "")


def test_random_functions_use_the_seeded_generator() -> None:
    states = {"S": {"Type": "Pass", "Output": {"r": "{% $random() %}", "u": "{% $uuid() %}"}, "End": True}}
    assert run(states).output == run(states).output


# -- query language per state ---------------------------------------------------------------------------


def test_a_jsonata_state_in_a_jsonpath_machine() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Parameters": {"x.$": "$.v"}, "Next": "B"},
            "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.x %}", "End": True},
        },
    }
    assert StateMachine(definition).run({"v": 5}, clock=FakeClock()).output == 5


def test_a_jsonpath_state_in_a_jsonata_machine_is_rejected() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}},
    }
    assert codes(definition) == [("/States/A/QueryLanguage", "jsonpath-in-jsonata")]


def test_map_processor_inherits_jsonata() -> None:
    processor = {"StartAt": "I", "States": {"I": {"Type": "Pass", "Output": "{% $states.input * 2 %}", "End": True}}}
    execution = run({"M": {"Type": "Map", "Items": [1, 2], "ItemProcessor": processor, "End": True}})
    assert execution.output == [2, 4]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("InputPath", "$"),
        ("OutputPath", "$"),
        ("Parameters", {}),
        ("ResultPath", "$.r"),
        ("ResultSelector", {}),
        ("TimeoutSecondsPath", "$.t"),
    ],
)
def test_jsonpath_fields_are_rejected_in_jsonata_states(field: str, value: Any) -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": FN, field: value, "End": True}},
    }
    problems = validate(definition)
    assert [(p.pointer, p.code) for p in problems] == [(f"/States/T/{field}", "jsonpath-only-field")]
    assert "uses JSONata; use '" in problems[0].message


@pytest.mark.parametrize(
    ("state", "field"),
    [
        ({"Type": "Map", "ItemsPath": "$.a", "ItemProcessor": _PROCESSOR, "End": True}, "ItemsPath"),
        ({"Type": "Wait", "SecondsPath": "$.a", "End": True}, "SecondsPath"),
        ({"Type": "Fail", "ErrorPath": "$.a"}, "ErrorPath"),
        ({"Type": "Pass", "Result": 1, "End": True}, "Result"),
    ],
)
def test_more_jsonpath_fields_are_rejected(state: dict[str, Any], field: str) -> None:
    definition = {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": state}}
    assert (f"/States/S/{field}", "jsonpath-only-field") in codes(definition)


def test_variable_rules_are_rejected_in_jsonata_choice() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": True, "Next": "D"}], "Default": "D"},
            "D": {"Type": "Succeed"},
        },
    }
    assert codes(definition) == [
        ("/States/C/Choices/0/Variable", "jsonpath-only-field"),
        ("/States/C/Choices/0/IsPresent", "unknown-field"),
        ("/States/C/Choices/0", "missing-field"),
    ]


@pytest.mark.parametrize("field", ["Arguments", "Output"])
def test_jsonata_fields_are_rejected_in_jsonpath_states(field: str) -> None:
    definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": FN, field: {}, "End": True}}}
    assert codes(definition) == [(f"/States/T/{field}", "jsonata-only-field")]


def test_condition_is_rejected_in_jsonpath_choice() -> None:
    definition = {
        "StartAt": "C",
        "States": {"C": {"Type": "Choice", "Choices": [{"Condition": True, "Next": "D"}]}, "D": {"Type": "Succeed"}},
    }
    assert ("/States/C/Choices/0/Condition", "jsonata-only-field") in codes(definition)


def test_syntax_errors_are_problems_with_pointers() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "S",
        "States": {"S": {"Type": "Pass", "Output": {"a": ["{% 1 + %}"]}, "Assign": {"v": "{% ( %}"}, "End": True}},
    }
    problems = validate(definition)
    assert [(p.pointer, p.code) for p in problems] == [
        ("/States/S/Assign/v", "bad-jsonata"),
        ("/States/S/Output/a/0", "bad-jsonata"),
    ]
    assert problems[1].message.startswith("'Output/a/0' holds an invalid JSONata expression at position")


def test_condition_must_be_boolean_or_expression() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Condition": "yes", "Next": "D"}], "Default": "D"},
            "D": {"Type": "Succeed"},
        },
    }
    assert codes(definition) == [("/States/C/Choices/0/Condition", "bad-type")]


def test_expressions_are_compiled_once_at_parse_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from statewise.asl.jsonata import adapter

    state = {"Type": "Pass", "Output": "{% 41 + 1 %}", "End": True}
    machine = StateMachine({"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": state}})
    monkeypatch.setattr(adapter.JsonataExpression, "_program", lambda *a: pytest.fail("compiled again"))
    assert machine.run(None, clock=FakeClock()).output == 42
