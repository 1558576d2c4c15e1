"""Every error the API names, raised by boto3 as its modelled exception class."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.server.helpers import ROLE, wait_done

PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
MISSING = "arn:aws:states:us-east-1:123456789012:stateMachine:Missing"


@pytest.fixture(scope="module")
def simple(sfn: Any) -> str:
    arn: str = sfn.create_state_machine(name="Simple", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    return arn


def test_unknown_machines_and_executions(sfn: Any) -> None:
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist, match="Missing"):
        sfn.describe_state_machine(stateMachineArn=MISSING)
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.start_execution(stateMachineArn=MISSING)
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.list_executions(stateMachineArn=MISSING)
    ghost = "arn:aws:states:us-east-1:123456789012:execution:Simple:ghost"
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.describe_execution(executionArn=ghost)
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.get_execution_history(executionArn=ghost)
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.stop_execution(executionArn=ghost)


@pytest.mark.parametrize(
    "arn",
    ["not-an-arn", "arn:aws:states:us-east-1:123456789012:activity:a", "arn:aws:states:us-east-1:12:stateMachine:x"],
)
def test_malformed_arns_are_invalid_arn(sfn: Any, arn: str) -> None:
    with pytest.raises(sfn.exceptions.InvalidArn, match="Invalid Arn"):
        sfn.describe_state_machine(stateMachineArn=arn)


def test_bad_definitions_names_and_roles(sfn: Any) -> None:
    broken = json.dumps({"StartAt": "Nowhere", "States": {"P": {"Type": "Pass", "Next": "Gone"}}})
    with pytest.raises(sfn.exceptions.InvalidDefinition) as info:
        sfn.create_state_machine(name="Broken", definition=broken, roleArn=ROLE)
    assert "/States/P/Next" in info.value.response["Error"]["Message"]
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.create_state_machine(name="NotJson", definition="{", roleArn=ROLE)
    with pytest.raises(sfn.exceptions.InvalidName):
        sfn.create_state_machine(name="has space", definition=PASS, roleArn=ROLE)
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.create_state_machine(name="NoRole", definition=PASS, roleArn="admin")
    with pytest.raises(sfn.exceptions.StateMachineTypeNotSupported):
        sfn.create_state_machine(name="Odd", definition=PASS, roleArn=ROLE, type="BATCH")


def test_bad_updates(sfn: Any, simple: str) -> None:
    with pytest.raises(sfn.exceptions.MissingRequiredParameter):
        sfn.update_state_machine(stateMachineArn=simple)
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.update_state_machine(stateMachineArn=simple, definition='{"StartAt": "X", "States": {}}')


def test_bad_starts(sfn: Any, simple: str) -> None:
    with pytest.raises(sfn.exceptions.InvalidExecutionInput):
        sfn.start_execution(stateMachineArn=simple, input="{oops")
    with pytest.raises(sfn.exceptions.InvalidName):
        sfn.start_execution(stateMachineArn=simple, name="a/b")
    with pytest.raises(sfn.exceptions.ValidationException, match="no state machine named 'Simple'"):
        sfn.start_execution(stateMachineArn=f"{simple}#NoSuchCase")


def test_page_tokens_are_checked(sfn: Any, simple: str) -> None:
    for _ in range(3):
        wait_done(sfn, sfn.start_execution(stateMachineArn=simple)["executionArn"])
    page = sfn.list_executions(stateMachineArn=simple, maxResults=1)
    token = page["nextToken"]
    assert len(page["executions"]) == 1
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.list_executions(stateMachineArn=simple, maxResults=1, nextToken=token[:-2] + "xx")
    with pytest.raises(sfn.exceptions.InvalidToken):  # a token of another listing
        sfn.get_execution_history(executionArn=page["executions"][0]["executionArn"], nextToken=token)
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.list_state_machines(nextToken="garbage")
    with pytest.raises(sfn.exceptions.ValidationException, match="maxResults"):
        sfn.list_executions(stateMachineArn=simple, maxResults=1001)


def test_redrive_is_not_supported_as_aws_answers_for_a_non_redrivable_execution(sfn: Any, simple: str) -> None:
    arn = sfn.start_execution(stateMachineArn=simple)["executionArn"]
    wait_done(sfn, arn)
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable):
        sfn.redrive_execution(executionArn=arn)
    assert sfn.describe_execution(executionArn=arn)["redriveStatus"] == "NOT_REDRIVABLE"


def test_an_operation_the_server_lacks_is_a_clear_error(sfn: Any) -> None:
    with pytest.raises(sfn.exceptions.ClientError, match="UnknownOperationException"):
        sfn.describe_map_run(mapRunArn="arn:aws:states:us-east-1:123456789012:mapRun:a/b:c")
