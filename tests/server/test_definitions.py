"""ValidateStateMachineDefinition, TestState and tags, through boto3."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.server.helpers import ROLE


def test_validate_says_ok_or_lists_diagnostics_with_locations(sfn: Any) -> None:
    good = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert sfn.validate_state_machine_definition(definition=good) | {"ResponseMetadata": None} == {
        "result": "OK",
        "diagnostics": [],
        "truncated": False,
        "ResponseMetadata": None,
    }
    bad = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "Q"}, "R": {"Type": "Fly"}}})
    found = sfn.validate_state_machine_definition(definition=bad)
    assert found["result"] == "FAIL"
    assert {d["location"] for d in found["diagnostics"]} >= {"/States/P/Next", "/States/R/Type"}
    assert all(d["severity"] == "ERROR" and d["code"].isupper() for d in found["diagnostics"])
    one = sfn.validate_state_machine_definition(definition=bad, maxResults=1)
    assert len(one["diagnostics"]) == 1
    assert one["truncated"] is True
    assert sfn.validate_state_machine_definition(definition="{")["result"] == "FAIL"


def test_test_state_runs_one_state_with_inspection_data(sfn: Any) -> None:
    state = {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "Next": "After"}
    result = sfn.test_state(definition=json.dumps(state), input='{"n": 4}', inspectionLevel="DEBUG")
    assert (result["status"], json.loads(result["output"]), result["nextState"]) == (
        "SUCCEEDED",
        {"doubled": 8},
        "After",
    )
    assert json.loads(result["inspectionData"]["afterParameters"]) == {"doubled": 8}


def test_test_state_with_a_mocked_task_and_a_named_state(sfn: Any) -> None:
    machine = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f"},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                "End": True,
            },
            "Handled": {"Type": "Succeed"},
        },
    }
    result = sfn.test_state(
        definition=json.dumps(machine),
        stateName="Call",
        roleArn=ROLE,
        mock={"errorOutput": {"error": "Boom", "cause": "mocked"}},
    )
    assert (result["status"], result["error"], result["nextState"]) == ("CAUGHT_ERROR", "Boom", "Handled")


def test_test_state_refuses_what_it_cannot_run(sfn: Any) -> None:
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.test_state(definition=json.dumps({"Type": "Teleport"}))
    with pytest.raises(sfn.exceptions.InvalidExecutionInput):
        sfn.test_state(definition=json.dumps({"Type": "Pass", "End": True}), input="{nope")
    machine = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    with pytest.raises(sfn.exceptions.ValidationException, match="Missing"):
        sfn.test_state(definition=machine, stateName="Missing")


def test_tags_on_machines_and_activities(sfn: Any) -> None:
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    machine = sfn.create_state_machine(
        name="Tagged", definition=definition, roleArn=ROLE, tags=[{"key": "team", "value": "a"}]
    )["stateMachineArn"]
    sfn.tag_resource(resourceArn=machine, tags=[{"key": "env", "value": "dev"}])
    tags = sfn.list_tags_for_resource(resourceArn=machine)["tags"]
    assert sorted((t["key"], t["value"]) for t in tags) == [("env", "dev"), ("team", "a")]
    sfn.untag_resource(resourceArn=machine, tagKeys=["team"])
    assert sfn.list_tags_for_resource(resourceArn=machine)["tags"] == [{"key": "env", "value": "dev"}]
    activity = sfn.create_activity(name="tagged", tags=[{"key": "k", "value": "v"}])["activityArn"]
    assert sfn.list_tags_for_resource(resourceArn=activity)["tags"] == [{"key": "k", "value": "v"}]
    with pytest.raises(sfn.exceptions.TooManyTags):
        sfn.tag_resource(resourceArn=machine, tags=[{"key": f"k{i}", "value": ""} for i in range(50)])
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.list_tags_for_resource(resourceArn=machine.replace("Tagged", "Untagged"))
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.tag_resource(resourceArn="arn:aws:s3:::bucket", tags=[])


def test_validate_reports_the_linters_warnings_when_asked(sfn: Any) -> None:
    dropped = {
        "StartAt": "Page",
        "States": {
            "Page": {"Type": "Pass", "Result": {"NextToken": "t"}, "OutputPath": None, "Next": "More"},
            "More": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.NextToken", "IsPresent": True, "Next": "Page"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    errors_only = sfn.validate_state_machine_definition(definition=json.dumps(dropped))
    assert errors_only["result"] == "OK"
    assert errors_only["diagnostics"] == []
    warned = sfn.validate_state_machine_definition(definition=json.dumps(dropped), severity="WARNING")
    assert warned["result"] == "OK"
    assert [(d["severity"], d["code"]) for d in warned["diagnostics"]][:1] == [("WARNING", "FIELD_DISCARDED")]
    assert "fix: use ResultPath: null" in warned["diagnostics"][0]["message"]
