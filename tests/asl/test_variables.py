"""Workflow variables: Assign in each state type and language, scopes, order, quotas, history, validation."""

from __future__ import annotations

from typing import Any

import pytest

import statewise
from statewise import StateMachine, validate
from statewise.asl.variables import MAX_ASSIGN_BYTES, MAX_TOTAL_BYTES, MAX_VARIABLE_BYTES, Variables
from statewise.errors import StatesError
from statewise.testing import FakeClock

FN = "arn:aws:lambda:us-east-1:111111111111:function:f"


def run(states: dict[str, Any], data: Any = None, *, jsonata: bool = False, **options: Any) -> statewise.Execution:
    definition: dict[str, Any] = {"StartAt": next(iter(states)), "States": states}
    if jsonata:
        definition["QueryLanguage"] = "JSONata"
    return StateMachine(definition).run(data, clock=FakeClock(), seed=0, **options)


def exited(execution: statewise.Execution, name: str) -> dict[str, Any]:
    event = next(
        e
        for e in execution.history
        if e["type"].endswith("StateExited") and e["stateExitedEventDetails"]["name"] == name
    )
    details: dict[str, Any] = event["stateExitedEventDetails"]
    return details


def codes(definition: dict[str, Any]) -> list[tuple[str, str]]:
    return [(problem.pointer, problem.code) for problem in validate(definition)]


# -- JSONPath Assign -------------------------------------------------------------------------------------


def test_jsonpath_assign_reads_the_result_and_paths_read_variables() -> None:
    states = {
        "A": {
            "Type": "Pass",
            "Result": {"r": 1},
            "Assign": {"x.$": "$.r", "lit": "$.r", "ctx.$": "$$.State.Name"},
            "Next": "B",
        },
        "B": {
            "Type": "Pass",
            "Parameters": {"x.$": "$x", "lit.$": "$lit", "ctx.$": "$ctx", "f.$": "States.Format('{}!', $x)"},
            "End": True,
        },
    }
    assert run(states).output == {"x": 1, "lit": "$.r", "ctx": "A", "f": "1!"}


def test_jsonpath_task_assign_sees_the_selected_result() -> None:
    states = {
        "T": {
            "Type": "Task",
            "Resource": FN,
            "ResultSelector": {"v.$": "$.value"},
            "Assign": {"got.$": "$.v"},
            "ResultPath": "$.ignored",
            "Next": "B",
        },
        "B": {"Type": "Pass", "OutputPath": "$got", "End": True},
    }
    assert run(states, {}, resources={FN: lambda e: {"value": 9}}).output == 9


def test_jsonpath_choice_rule_and_default_assign() -> None:
    states = {
        "C": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Assign": {"which": "rule"}, "Next": "D"}],
            "Default": "D",
            "Assign": {"which": "default"},
        },
        "D": {"Type": "Pass", "InputPath": "$which", "End": True},
    }
    assert run(states, {"n": 1}).output == "rule"
    assert run(states, {"n": 2}).output == "default"


def test_jsonpath_catch_assign_reads_the_error_output() -> None:
    def fail(event: Any) -> Any:
        raise statewise.TaskFailed(error="Boom", cause="c")

    states = {
        "T": {
            "Type": "Task",
            "Resource": FN,
            "Assign": {"never": 1},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Error"}, "ResultPath": None, "Next": "D"}],
            "End": True,
        },
        "D": {"Type": "Pass", "Parameters": {"err.$": "$err"}, "End": True},
    }
    execution = run(states, {}, resources={FN: fail})
    assert execution.output == {"err": "Boom"}
    assert exited(execution, "T")["assignedVariables"] == {"err": '"Boom"'}


def test_wait_assign_and_variable_seconds_path() -> None:
    states = {
        "A": {"Type": "Pass", "Assign": {"s": 5}, "Next": "W"},
        "W": {"Type": "Wait", "SecondsPath": "$s", "Assign": {"waited": True}, "Next": "D"},
        "D": {"Type": "Pass", "OutputPath": "$waited", "End": True},
    }
    assert run(states).output is True


# -- order and history -----------------------------------------------------------------------------------


def test_all_assign_expressions_and_output_see_the_old_values() -> None:
    states = {
        "A": {"Type": "Pass", "Assign": {"a": 1, "b": 2}, "Next": "B"},
        "B": {
            "Type": "Pass",
            "Assign": {"a": "{% $b %}", "b": "{% $a %}"},
            "Output": {"a": "{% $a %}", "b": "{% $b %}"},
            "Next": "C",
        },
        "C": {"Type": "Pass", "Output": {"a": "{% $a %}", "b": "{% $b %}"}, "End": True},
    }
    execution = run(states, jsonata=True)
    assert exited(execution, "B")["output"] == '{"a":1,"b":2}'
    assert execution.output == {"a": 2, "b": 1}


def test_assigned_variables_are_recorded_as_json_text() -> None:
    execution = run({"A": {"Type": "Pass", "Assign": {"s": "x", "n": [1, {"k": None}]}, "End": True}})
    details = exited(execution, "A")
    assert details["assignedVariables"] == {"s": '"x"', "n": '[1,{"k":null}]'}
    assert details["assignedVariablesDetails"] == {"truncated": False}


def test_states_without_assign_record_no_variables() -> None:
    assert "assignedVariables" not in exited(run({"A": {"Type": "Pass", "End": True}}), "A")


def test_variables_cross_query_languages() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"v": 42}, "Next": "B"},
            "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"w": "{% $v + 1 %}"}, "Next": "C"},
            "C": {"Type": "Pass", "Parameters": {"w.$": "$w"}, "End": True},
        },
    }
    assert StateMachine(definition).run({}, clock=FakeClock()).output == {"w": 43}


# -- scopes ----------------------------------------------------------------------------------------------


def test_map_iterations_read_outer_variables_and_keep_their_own() -> None:
    states = {
        "A": {"Type": "Pass", "Assign": {"base": 10}, "Next": "M"},
        "M": {
            "Type": "Map",
            "Items": [1, 2],
            "ItemProcessor": {
                "StartAt": "I",
                "States": {
                    "I": {"Type": "Pass", "Assign": {"mine": "{% $states.input + $base %}"}, "Next": "J"},
                    "J": {"Type": "Pass", "Output": "{% $mine %}", "End": True},
                },
            },
            "Next": "After",
        },
        "After": {"Type": "Pass", "Output": {"r": "{% $states.input %}", "base": "{% $base %}"}, "End": True},
    }
    assert run(states, jsonata=True).output == {"r": [11, 12], "base": 10}


def test_inner_variables_do_not_leak_out_of_a_parallel() -> None:
    states = {
        "P": {
            "Type": "Parallel",
            "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"inner": 1}, "End": True}}}],
            "Next": "After",
        },
        "After": {"Type": "Pass", "Output": "{% $inner %}", "End": True},
    }
    execution = run(states, jsonata=True)
    assert execution.error == "States.QueryEvaluationError"
    assert "returned nothing (undefined)" in (execution.cause or "")


def test_assigning_an_outer_variable_inside_a_map_is_a_problem() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
            "M": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Assign": {"x": 2}, "End": True}}},
                "End": True,
            },
        },
    }
    assert codes(definition) == [("/States/M/ItemProcessor/States/I/Assign", "outer-variable-assigned")]


# -- static validation ------------------------------------------------------------------------------------


def test_a_jsonpath_reference_nothing_assigns_is_a_problem() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"y.$": "$y", "x.$": "$x"}, "End": True},
        },
    }
    problems = validate(definition)
    assert [(p.pointer, p.code) for p in problems] == [("/States/B/Parameters", "undefined-variable")]
    assert problems[0].message.startswith("'$y' is read here, but no state on any path to 'B' assigns it")


def test_a_variable_assigned_on_some_path_is_accepted() -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.a", "IsPresent": True, "Next": "Set"}],
                "Default": "Use",
            },
            "Set": {"Type": "Pass", "Assign": {"v": 1}, "Next": "Use"},
            "Use": {"Type": "Pass", "InputPath": "$v", "End": True},
        },
    }
    assert validate(definition) == []


def test_a_variable_assigned_later_in_a_loop_is_accepted() -> None:
    definition = {
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$n", "NumericGreaterThan": 2, "Next": "Done"}],
                "Default": "Inc",
            },
            "Inc": {"Type": "Pass", "Assign": {"n": 3}, "Next": "Check"},
            "Done": {"Type": "Succeed"},
        },
    }
    assert validate(definition) == []


def test_catch_and_choice_edges_carry_their_own_assignments() -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": FN,
                "Assign": {"ok": 1},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err": 1}, "Next": "Bad"}],
                "Next": "Good",
            },
            "Good": {"Type": "Pass", "InputPath": "$ok", "End": True},
            "Bad": {"Type": "Pass", "InputPath": "$ok", "End": True},
        },
    }
    assert codes(definition) == [("/States/Bad", "undefined-variable")]


def test_is_present_on_an_unassigned_variable_is_accepted() -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$v", "IsPresent": True, "Next": "D"}], "Default": "D"},
            "D": {"Type": "Succeed"},
        },
    }
    assert validate(definition) == []


def test_jsonata_references_are_checked_at_run_time_as_aws_does() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "S",
        "States": {"S": {"Type": "Pass", "Output": "{% $nope %}", "End": True}},
    }
    assert validate(definition) == []


@pytest.mark.parametrize(
    ("name", "code"), [("states", "reserved-variable"), ("1x", "bad-variable-name"), ("a-b", "bad-variable-name")]
)
def test_variable_names(name: str, code: str) -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {name: 1}, "End": True}}}
    assert codes(definition) == [(f"/States/A/Assign/{name}", code)]


def test_assign_must_be_an_object() -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": [1], "End": True}}}
    assert codes(definition) == [("/States/A/Assign", "bad-type")]


def test_succeed_and_fail_take_no_assign() -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Succeed", "Assign": {"x": 1}}}}
    assert codes(definition) == [("/States/A/Assign", "unknown-field")]


# -- quotas ----------------------------------------------------------------------------------------------


def test_a_variable_over_256_kib_fails_the_state() -> None:
    assign = {"big.$": "States.Array($.s, $.s)"}
    execution = run({"A": {"Type": "Pass", "Assign": assign, "End": True}}, {"s": "x" * (MAX_VARIABLE_BYTES // 2)})
    assert execution.error == "States.DataLimitExceeded"
    assert "'big'" in (execution.cause or "")


def test_an_assign_over_256_kib_in_all_fails() -> None:
    half = "x" * (MAX_ASSIGN_BYTES // 2)
    with pytest.raises(StatesError, match="per Assign"):
        Variables().assign({"a": half, "b": half}, "S")


def test_the_execution_total_is_10_mib() -> None:
    variables = Variables()
    chunk = "x" * (MAX_VARIABLE_BYTES - 10)
    for i in range(MAX_TOTAL_BYTES // MAX_VARIABLE_BYTES):
        variables.assign({f"v{i}": chunk}, "S")
    variables.assign({"v0": "small"}, "S")  # replacing a value frees its bytes
    variables.assign({"extra": chunk}, "S")
    with pytest.raises(StatesError, match="per execution"):
        variables.assign({"more": chunk}, "S")


def test_a_child_scope_reads_but_does_not_write_its_parent() -> None:
    parent = Variables()
    parent.assign({"a": 1}, "S")
    child = parent.child()
    child.assign({"b": 2}, "I")
    assert child.values == {"a": 1, "b": 2}
    assert parent.values == {"a": 1}
