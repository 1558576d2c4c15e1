"""Definitions as users hand them over: dicts, JSON text, files, ${Placeholder} substitutions, odd shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statewise import DefinitionError, Problem, StateMachine, validate
from statewise.asl.source import MAX_DEPTH
from statewise.testing import FakeClock

WAIT = {
    "StartAt": "Remind",
    "States": {
        "Remind": {"Type": "Wait", "Seconds": "${ReminderTimeout}", "Next": "Notify"},
        "Notify": {"Type": "Task", "Resource": "arn:aws:lambda:${AWS::Region}:${Account}:function:${Fn}", "End": True},
    },
}


def codes(definition: Any, **options: Any) -> list[tuple[str, str]]:
    return [(p.pointer, p.code) for p in validate(definition, **options)]


# -- substitutions --------------------------------------------------------------------------------------------


def test_a_whole_placeholder_takes_the_values_json_type() -> None:
    machine = StateMachine(WAIT, substitutions={"ReminderTimeout": 3600, "Fn": "notify", "Account": "123"})
    assert machine.definition["States"]["Remind"]["Seconds"] == 3600
    # inside a longer string: replaced as text; one without a value stays as written
    resource = machine.definition["States"]["Notify"]["Resource"]
    assert resource == "arn:aws:lambda:${AWS::Region}:123:function:notify"
    clock = FakeClock()
    execution = machine.run({"a": 1}, clock=clock, resources={resource: lambda payload: payload})
    assert execution.output == {"a": 1}
    assert clock.sleeps == [3600]


def test_an_unsubstituted_placeholder_where_a_number_is_required_is_its_own_problem() -> None:
    problems = validate(WAIT)
    assert [(p.pointer, p.code) for p in problems] == [("/States/Remind/Seconds", "unsubstituted-placeholder")]
    assert "${ReminderTimeout}" in problems[0].message
    assert "substitutions={'ReminderTimeout': ...}" in problems[0].message
    # a placeholder inside strings (the ARN) is fine either way
    assert validate(WAIT, substitutions={"ReminderTimeout": 5}) == []


@pytest.mark.parametrize(
    ("state", "pointer"),
    [
        ({"Type": "Pass", "End": "${Done}"}, "/States/S/End"),
        ({"Type": "Pass", "InputPath": "${Path}", "End": True}, "/States/S/InputPath"),
        ({"Type": "Task", "Resource": "r", "TimeoutSeconds": "${T}", "End": True}, "/States/S/TimeoutSeconds"),
        (
            {"Type": "Task", "Resource": "r", "End": True, "Retry": [{"ErrorEquals": ["X"], "MaxAttempts": "${N}"}]},
            "/States/S/Retry/0/MaxAttempts",
        ),
        (
            {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": "${N}", "Next": "S"}], "Default": "S"},
            "/States/S/Choices/0/NumericEquals",
        ),
        (
            {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": "${B}", "Next": "S"}], "Default": "S"},
            "/States/S/Choices/0/IsPresent",
        ),
    ],
)
def test_placeholders_are_named_wherever_a_typed_value_is_required(state: dict[str, Any], pointer: str) -> None:
    assert (pointer, "unsubstituted-placeholder") in codes({"StartAt": "S", "States": {"S": state}})


def test_substitutions_reach_keys_and_strings_in_templates() -> None:
    definition = {
        "StartAt": "S",
        "States": {"S": {"Type": "Pass", "Parameters": {"${Key}": "table-${Env}", "n": "${N}"}, "End": True}},
    }
    machine = StateMachine(definition, substitutions={"Key": "table", "Env": "prod", "N": [1, 2]})
    assert machine.run({}).output == {"table": "table-prod", "n": [1, 2]}


def test_substitution_values_are_copied_and_must_be_json() -> None:
    values: dict[str, Any] = {"N": {"deep": [1]}}
    machine = StateMachine(
        {"StartAt": "S", "States": {"S": {"Type": "Pass", "Result": "${N}", "End": True}}}, substitutions=values
    )
    values["N"]["deep"].append(2)
    assert machine.run({}).output == {"deep": [1]}
    assert codes(WAIT, substitutions={"ReminderTimeout": {1, 2}}) == [("", "bad-substitution")]
    assert codes(WAIT, substitutions={"ReminderTimeout": float("nan")}) == [("", "bad-substitution")]


# -- text and files -------------------------------------------------------------------------------------------


def test_json_text_and_bytes_are_definitions() -> None:
    text = json.dumps({"StartAt": "S", "States": {"S": {"Type": "Pass", "End": True}}})
    assert StateMachine(text).run({"a": 1}).output == {"a": 1}
    assert StateMachine(text.encode()).run({"a": 2}).output == {"a": 2}


def test_malformed_json_is_a_bad_json_problem_with_line_and_column() -> None:
    with pytest.raises(DefinitionError) as caught:
        StateMachine('{"StartAt": "S",\n "States": }')
    (problem,) = caught.value.problems
    assert problem.code == "bad-json"
    assert "at line 2, column 12" in problem.message


def test_a_file_name_given_as_text_says_how_to_load_it() -> None:
    (problem,) = validate("machine.asl.json")
    assert problem.code == "bad-json"
    assert "pass a pathlib.Path" in problem.message


def test_definitions_load_from_json_and_yaml_files(tmp_path: Path) -> None:
    yaml_file = tmp_path / "machine.asl.yaml"
    yaml_file.write_text(
        "StartAt: Yes\nStates:\n  Yes:\n    Type: Pass\n    Next: No\n  No:\n    Type: Wait\n"
        "    Seconds: ${Delay}\n    End: true\n"
    )
    assert codes(yaml_file) == [("/States/No/Seconds", "unsubstituted-placeholder")]
    machine = StateMachine(yaml_file, substitutions={"Delay": 2})
    assert machine.program.start_at == "Yes"  # YAML 1.2: Yes is a name, not true
    assert machine.run({"x": 1}, clock=FakeClock()).output == {"x": 1}
    json_file = tmp_path / "machine.asl.json"
    json_file.write_text(json.dumps(machine.definition))
    assert StateMachine(json_file, substitutions={"Delay": 2}).definition == machine.definition


def test_unreadable_and_broken_files_are_problems(tmp_path: Path) -> None:
    assert codes(tmp_path / "missing.asl.json") == [("", "unreadable-file")]
    broken = tmp_path / "broken.asl.yaml"
    broken.write_text("StartAt: [A\n")
    (problem,) = validate(broken)
    assert problem.code == "bad-yaml"
    assert "broken.asl.yaml" in problem.message
    assert "line" in problem.message


# -- shapes a fuzzer can produce -------------------------------------------------------------------------------


def test_an_empty_start_at_is_a_problem() -> None:
    assert codes({"StartAt": "", "States": {"A": {"Type": "Pass", "End": True}}}) == [("/StartAt", "unknown-state")]


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ({"StartAt": "A", "States": {1: {"Type": "Pass", "End": True}}}, ("/States/1", "not-json")),
        (
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True, "Result": {1}}}},
            ("/States/A/Result", "not-json"),
        ),
        (
            {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": float("nan"), "End": True}}},
            ("/States/A/Seconds", "not-json"),
        ),
    ],
)
def test_python_values_json_cannot_hold_are_problems(definition: dict[Any, Any], expected: tuple[str, str]) -> None:
    assert expected in codes(definition)


def test_tuples_are_arrays_and_the_callers_dict_is_copied() -> None:
    definition: dict[str, Any] = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": (1, 2), "End": True}}}
    machine = StateMachine(definition)
    definition["States"]["A"]["Result"] = "changed"
    assert machine.run({}).output == [1, 2]


def test_nesting_beyond_the_limit_is_one_problem() -> None:
    state: dict[str, Any] = {"Type": "Pass", "End": True}
    for i in range(MAX_DEPTH // 4 + 5):
        state = {"Type": "Parallel", "End": True, "Branches": [{"StartAt": f"S{i}", "States": {f"S{i}": state}}]}
    assert [code for _, code in codes({"StartAt": "Top", "States": {"Top": state}})] == ["too-deep"]


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["$", "$.a", "$$.Execution", "Pass", "Task", "Map", "${X}", "{% $x %}", "States.Array($)"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Type",
                    "Next",
                    "End",
                    "StartAt",
                    "States",
                    "Choices",
                    "Branches",
                    "ItemProcessor",
                    "Parameters",
                    "ResultPath",
                    "Retry",
                    "Catch",
                    "QueryLanguage",
                    "Seconds",
                    "Variable",
                    "ErrorEquals",
                    "Assign",
                    "Output",
                    "ProcessorConfig",
                    "Mode",
                    "A",
                    "B",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(states=st.dictionaries(st.sampled_from(["A", "B", ""]), _JSON, min_size=1, max_size=3), start=_JSON)
def test_validate_only_ever_returns_problems(states: dict[str, Any], start: Any) -> None:
    """Nothing but a problem list from validate(), nothing but DefinitionError from StateMachine()."""
    definition = {"StartAt": start, "States": states}
    found = validate(definition)
    assert all(isinstance(problem, Problem) for problem in found)
    if found:
        with pytest.raises(DefinitionError) as caught:
            StateMachine(definition)
        assert list(caught.value.problems) == found
    else:
        StateMachine(definition)
