"""statewise.lint.rules_flow (over statewise.lint.dataflow): what the data flow finds."""

from __future__ import annotations

from typing import Any

import pytest

from statewise import lint
from tests.lint.definitions import SDK, buggy_seed, cdk_seed, machine, seed

NULL_FIX = "use ResultPath: null instead of OutputPath: null"


def found(definition: Any) -> list[tuple[str, str]]:
    return [(d.pointer, d.code) for d in lint(definition)]


def only(definition: Any, code: str) -> Any:
    matches = [d for d in lint(definition) if d.code == code]
    assert len(matches) == 1, lint(definition)
    return matches[0]


# -- the seed's bug -------------------------------------------------------------------------------------


def test_the_fixed_seed_is_clean():
    assert lint(seed()) == []


def test_the_seeds_bug_is_found_at_the_choice_with_the_fix():
    first, second = lint(buggy_seed())
    assert (first.pointer, first.code, first.severity) == (
        "/States/MorePages/Choices/0/Variable",
        "field-discarded",
        "warning",
    )
    assert "'$.Result.NextToken' is never there" in first.message
    assert "/States/RebuildWorkspaces/OutputPath" in first.message
    assert first.fix == NULL_FIX
    assert (second.pointer, second.code) == ("/States/DescribeNextPage", "state-never-reached")


def test_the_seed_as_cdk_emits_it():
    assert found(cdk_seed()) == [
        ("/States/MorePages/Choices/0/Variable", "field-discarded"),
        ("/States/DescribeNextPage", "state-never-reached"),
        ("/States/RebuildWorkspaces/ItemProcessor", "map-passes-items-through"),
    ]
    assert lint(cdk_seed())[0].fix == NULL_FIX


def test_the_cdk_seed_fixed_keeps_only_the_pass_through_map():
    assert found(cdk_seed(discard="ResultPath")) == [
        ("/States/RebuildWorkspaces/ItemProcessor", "map-passes-items-through")
    ]


# -- what discards a field ---------------------------------------------------------------------------------


WORK = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:::function:f", "End": True}}}


def _reader(first: dict[str, Any], path: str = "$.id") -> dict[str, Any]:
    return machine(
        {"First": {**first, "Next": "Read"}, "Read": {"Type": "Pass", "Parameters": {"x.$": path}, "End": True}}
    )


@pytest.mark.parametrize(
    ("first", "cause", "fix"),
    [
        ({"Type": "Pass", "OutputPath": None}, "/States/First/OutputPath", NULL_FIX),
        ({"Type": "Pass", "InputPath": None}, "/States/First/InputPath", None),
        ({"Type": "Pass", "Parameters": {"other": 1}}, "/States/First/Parameters", None),
        ({"Type": "Pass", "Result": {"other": 1}}, "/States/First", "set 'ResultPath'"),
        ({"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.r", "OutputPath": "$.r"}, "/States/First/Result", None),
        ({"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": WORK}, "/States/First", "set 'ResultPath'"),
        ({"Type": "Parallel", "Branches": [WORK]}, "/States/First", "set 'ResultPath'"),
    ],
)
def test_a_field_a_later_state_reads_is_discarded(first: dict[str, Any], cause: str, fix: str | None):
    item = only(_reader(first), "field-discarded")
    assert item.pointer == "/States/Read/Parameters/x.$"
    assert f"({cause})" in item.message
    assert (item.fix or "").startswith(fix or "")
    assert (fix is not None) == (item.fix is not None)


def test_result_path_null_and_a_result_path_beside_the_input_keep_it():
    assert lint(_reader({"Type": "Pass", "Result": {"a": 1}, "ResultPath": None})) == []
    assert lint(_reader({"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.r"})) == []
    assert lint(_reader({"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.r"}, "$.r.a")) == []


def test_a_catch_without_result_path_replaces_the_input_with_the_error():
    definition = machine(
        {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Report"}],
                "End": True,
            },
            "Report": {"Type": "Pass", "Parameters": {"order.$": "$.orderId", "cause.$": "$.Cause"}, "End": True},
        }
    )
    item = only(definition, "field-discarded")
    assert item.pointer == "/States/Report/Parameters/order.$"
    assert item.fix == "set the Catch's 'ResultPath' to a field (such as \"$.error\") to keep the state's input"


def test_a_field_missing_on_one_path_only_is_a_warning_at_the_read():
    definition = machine(
        {
            "Start": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.fast", "BooleanEquals": True, "Next": "Drop"}],
                "Default": "Read",
            },
            "Drop": {"Type": "Pass", "OutputPath": None, "Next": "Read"},
            "Read": {"Type": "Wait", "SecondsPath": "$.delay", "End": True},
        }
    )
    item = only(definition, "field-missing-on-some-path")
    assert (item.pointer, item.severity, item.fix) == ("/States/Read/SecondsPath", "warning", NULL_FIX)


def test_a_presence_test_on_a_field_gone_on_some_path_is_what_tests_are_for():
    definition = machine(
        {
            "Start": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.fast", "BooleanEquals": True, "Next": "Drop"}],
                "Default": "Test",
            },
            "Drop": {"Type": "Pass", "OutputPath": None, "Next": "Test"},
            "Test": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.delay", "IsPresent": True, "Next": "Use"}],
                "Default": "Done",
            },
            "Use": {"Type": "Wait", "SecondsPath": "$.delay", "End": True},
            "Done": {"Type": "Succeed"},
        }
    )
    assert lint(definition) == []


# -- responses the API never gives ---------------------------------------------------------------------------


def test_a_member_the_response_never_has_is_named_with_what_was_meant():
    definition = machine(
        {
            "Get": {
                "Type": "Task",
                "Resource": SDK + "polly:getSpeechSynthesisTask",
                "Parameters": {"TaskId": "t"},
                "Next": "Status",
            },
            "Status": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.TaskStatus", "StringEquals": "completed", "Next": "Done"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        }
    )
    item = only(definition, "field-never-produced")
    assert item.pointer == "/States/Status/Choices/0/Variable"
    assert "the response of polly:getSpeechSynthesisTask has no such member" in item.message
    assert item.message.endswith("did you mean '$.SynthesisTask.TaskStatus'?")


def test_a_pagination_loop_reading_another_apis_token_is_told_the_right_one():
    definition = machine(
        {
            "List": {
                "Type": "Task",
                "Resource": SDK + "s3:listObjectsV2",
                "Parameters": {"Bucket": "b"},
                "ResultPath": "$.page",
                "Next": "More",
            },
            "More": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.page.NextToken", "IsPresent": True, "Next": "List"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        }
    )
    item = only(definition, "field-never-produced")
    assert "its page token is 'NextContinuationToken'" in item.message


def test_members_are_read_in_either_spelling_step_functions_returns():
    definition = machine(
        {
            "Describe": {
                "Type": "Task",
                "Resource": SDK + "rds:describeDBInstances",
                "ResultSelector": {"a.$": "$.DbInstances[0].DbInstanceStatus", "b.$": "$.DBInstances[0].Engine"},
                "End": True,
            }
        }
    )
    assert lint(definition) == []


# -- Choices the facts decide, dead states, endless loops ------------------------------------------------------


def test_a_rule_on_a_field_always_present_makes_default_dead():
    definition = machine(
        {
            "Set": {"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.r", "Next": "Test"},
            "Test": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.r", "IsPresent": True, "Next": "Done"}],
                "Default": "Never",
            },
            "Never": {"Type": "Fail"},
            "Done": {"Type": "Succeed"},
        }
    )
    assert found(definition) == [
        ("/States/Test/Choices/0", "choice-default-never-taken"),
        ("/States/Never", "state-never-reached"),
    ]


def test_a_rule_a_previous_choice_ruled_out_never_matches():
    definition = machine(
        {
            "First": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.token", "IsPresent": True, "Next": "Done"}],
                "Default": "Second",
            },
            "Second": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.token", "IsPresent": True, "Next": "Unused"}],
                "Default": "Done",
            },
            "Unused": {"Type": "Pass", "End": True},
            "Done": {"Type": "Succeed"},
        }
    )
    assert found(definition) == [
        ("/States/Second/Choices/0", "choice-rule-never-matches"),
        ("/States/Unused", "state-never-reached"),
    ]


def test_states_that_never_reach_an_end_loop_for_ever():
    definition = machine(
        {
            "Poll": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Next": "Wait"},
            "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
        }
    )
    item = only(definition, "loop-without-exit")
    assert item.pointer == "/States/Poll"
    assert "'Poll', 'Wait' never reach a state that ends the run" in item.message


def test_a_loop_whose_only_exit_is_dead_has_no_exit():
    definition = machine(
        {
            "Set": {"Type": "Pass", "Result": {"more": True}, "Next": "Again"},
            "Again": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.more", "IsPresent": True, "Next": "Set"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        }
    )
    assert [code for _, code in found(definition)] == [
        "choice-default-never-taken",
        "state-never-reached",
        "loop-without-exit",
    ]


# -- nested programs and JSONata ------------------------------------------------------------------------------


def test_a_map_processor_sees_only_what_item_selector_gives():
    definition = machine(
        {
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemSelector": {"item.$": "$$.Map.Item.Value"},
                "ItemProcessor": {
                    "StartAt": "Use",
                    "States": {"Use": {"Type": "Pass", "Parameters": {"x.$": "$.config"}, "End": True}},
                },
                "End": True,
            }
        }
    )
    item = only(definition, "field-discarded")
    assert item.pointer == "/States/Each/ItemProcessor/States/Use/Parameters/x.$"
    assert "(/States/Each/ItemSelector)" in item.message


def test_a_parallel_branch_starts_from_the_states_input():
    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "End": True}}}
    definition = machine(
        {
            "Drop": {"Type": "Pass", "Parameters": {"b": 1}, "Next": "Both"},
            "Both": {"Type": "Parallel", "Branches": [branch], "End": True},
        }
    )
    assert only(definition, "field-discarded").pointer == "/States/Both/Branches/0/States/B/Parameters/x.$"


def test_a_jsonata_output_keeps_only_its_fields():
    definition = machine(
        {
            "Shape": {
                "Type": "Pass",
                "QueryLanguage": "JSONata",
                "Output": {"a": "{% $states.input.a %}"},
                "Next": "Read",
            },
            "Read": {"Type": "Pass", "Parameters": {"x.$": "$.b", "y.$": "$.a"}, "End": True},
        }
    )
    item = only(definition, "field-discarded")
    assert "(/States/Shape/Output)" in item.message
