"""Machines and executions through boto3: create, start with #TestCase, describe, list, history."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.server.helpers import ROLE, wait_done


def test_start_with_a_test_case_runs_the_mocked_happy_path(sfn: Any, orders: str) -> None:
    started = sfn.start_execution(stateMachineArn=f"{orders}#HappyPath", name="happy", input='{"order": 1}')
    assert started["executionArn"] == "arn:aws:states:us-east-1:123456789012:execution:Orders:happy"
    described = wait_done(sfn, started["executionArn"])
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"charged": True}
    assert described["input"] == '{"order": 1}'
    types = [e["type"] for e in sfn.get_execution_history(executionArn=started["executionArn"])["events"]]
    assert types[0] == "ExecutionStarted"
    assert types[-1] == "ExecutionSucceeded"
    assert "TaskSucceeded" in types


def test_the_retry_path_spends_numbered_and_ranged_throws(sfn: Any, orders: str) -> None:
    arn = sfn.start_execution(stateMachineArn=f"{orders}#RetryPath", name="retry")["executionArn"]
    assert wait_done(sfn, arn)["status"] == "SUCCEEDED"
    events = sfn.get_execution_history(executionArn=arn)["events"]
    failures = [e["taskFailedEventDetails"]["error"] for e in events if e["type"] == "TaskFailed"]
    assert failures == ["Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.TooManyRequestsException"]


def test_describe_list_and_describe_machine_for_execution(sfn: Any, orders: str) -> None:
    arn = sfn.start_execution(stateMachineArn=f"{orders}#HappyPath", name="listed")["executionArn"]
    wait_done(sfn, arn)
    listed = sfn.list_executions(stateMachineArn=orders, statusFilter="SUCCEEDED")["executions"]
    assert arn in [e["executionArn"] for e in listed]
    assert sfn.list_executions(stateMachineArn=orders, statusFilter="ABORTED")["executions"] == []
    machine = sfn.describe_state_machine_for_execution(executionArn=arn)
    assert machine["stateMachineArn"] == orders
    assert json.loads(machine["definition"])["StartAt"] == "Charge"
    described = sfn.describe_state_machine(stateMachineArn=orders)
    assert (described["name"], described["type"], described["status"]) == ("Orders", "STANDARD", "ACTIVE")
    assert any(m["stateMachineArn"] == orders for m in sfn.list_state_machines()["stateMachines"])


def test_history_pages_over_a_thousand_events_in_both_orders(sfn: Any) -> None:
    loop = {
        "StartAt": "Count",
        "States": {
            "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Again"},
            "Again": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericLessThan": 300, "Next": "Count"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    machine = sfn.create_state_machine(name="Loop", definition=json.dumps(loop), roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, input='{"n": 0}')["executionArn"]
    wait_done(sfn, arn)
    for reverse in (False, True):
        events: list[dict[str, Any]] = []
        pages = 0
        kwargs: dict[str, Any] = {"executionArn": arn, "maxResults": 1000, "reverseOrder": reverse}
        while True:
            page = sfn.get_execution_history(**kwargs)
            events += page["events"]
            pages += 1
            if "nextToken" not in page:
                break
            kwargs["nextToken"] = page["nextToken"]
        ids = [e["id"] for e in events]
        assert len(events) > 1000
        assert pages == 2
        assert ids == (sorted(ids, reverse=True) if reverse else sorted(ids))
    paginator = sfn.get_paginator("get_execution_history")
    assert sum(len(p["events"]) for p in paginator.paginate(executionArn=arn)) == len(events)


def test_history_without_execution_data_has_no_input_or_output(sfn: Any, orders: str) -> None:
    arn = sfn.start_execution(stateMachineArn=f"{orders}#HappyPath", input='{"secret": 1}')["executionArn"]
    wait_done(sfn, arn)
    events = sfn.get_execution_history(executionArn=arn, includeExecutionData=False)["events"]
    details = [v for e in events for k, v in e.items() if k.endswith("EventDetails")]
    assert details
    assert not any("input" in d or "output" in d for d in details)


def test_a_name_reused_is_execution_already_exists(sfn: Any, orders: str) -> None:
    arn = sfn.start_execution(stateMachineArn=f"{orders}#HappyPath", name="once")["executionArn"]
    wait_done(sfn, arn)
    with pytest.raises(sfn.exceptions.ExecutionAlreadyExists, match=arn):
        sfn.start_execution(stateMachineArn=f"{orders}#HappyPath", name="once")


def test_versions_run_the_definition_they_froze(sfn: Any) -> None:
    def passing(value: str) -> str:
        return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": value, "End": True}}})

    created = sfn.create_state_machine(name="Versioned", definition=passing("one"), roleArn=ROLE, publish=True)
    assert created["stateMachineVersionArn"] == created["stateMachineArn"] + ":1"
    updated = sfn.update_state_machine(stateMachineArn=created["stateMachineArn"], definition=passing("two"))
    assert "stateMachineVersionArn" not in updated
    first = sfn.start_execution(stateMachineArn=created["stateMachineVersionArn"])["executionArn"]
    latest = sfn.start_execution(stateMachineArn=created["stateMachineArn"])["executionArn"]
    assert json.loads(wait_done(sfn, first)["output"]) == "one"
    assert json.loads(wait_done(sfn, latest)["output"]) == "two"
    assert wait_done(sfn, first)["stateMachineVersionArn"] == created["stateMachineVersionArn"]
    versions = sfn.list_state_machine_versions(stateMachineArn=created["stateMachineArn"])["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [created["stateMachineVersionArn"]]


def test_create_is_idempotent_and_delete_removes(sfn: Any) -> None:
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    first = sfn.create_state_machine(name="Twice", definition=definition, roleArn=ROLE)
    again = sfn.create_state_machine(name="Twice", definition=definition, roleArn=ROLE)
    assert first["stateMachineArn"] == again["stateMachineArn"]
    with pytest.raises(sfn.exceptions.StateMachineAlreadyExists):
        sfn.create_state_machine(name="Twice", definition=definition.replace("P", "Q"), roleArn=ROLE)
    sfn.delete_state_machine(stateMachineArn=first["stateMachineArn"])
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.describe_state_machine(stateMachineArn=first["stateMachineArn"])
    sfn.delete_state_machine(stateMachineArn=first["stateMachineArn"])  # deleting again is no error


def test_aliases_route_executions_to_versions(sfn: Any) -> None:
    def passing(value: str) -> str:
        return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": value, "End": True}}})

    machine = sfn.create_state_machine(name="Aliased", definition=passing("one"), roleArn=ROLE, publish=True)
    one = machine["stateMachineVersionArn"]
    sfn.update_state_machine(stateMachineArn=machine["stateMachineArn"], definition=passing("two"))
    two = sfn.publish_state_machine_version(stateMachineArn=machine["stateMachineArn"])["stateMachineVersionArn"]
    assert two == machine["stateMachineArn"] + ":2"
    routing = [{"stateMachineVersionArn": two, "weight": 100}]
    alias = sfn.create_state_machine_alias(name="live", routingConfiguration=routing)["stateMachineAliasArn"]
    assert alias == machine["stateMachineArn"] + ":live"
    run = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    described = wait_done(sfn, run)
    assert json.loads(described["output"]) == "two"
    assert (described["stateMachineAliasArn"], described["stateMachineVersionArn"]) == (alias, two)
    assert [e["executionArn"] for e in sfn.list_executions(stateMachineArn=alias)["executions"]] == [run]
    sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[
        {"stateMachineVersionArn": one, "weight": 100}, {"stateMachineVersionArn": two, "weight": 0},
    ])  # fmt: skip
    assert json.loads(wait_done(sfn, sfn.start_execution(stateMachineArn=alias)["executionArn"])["output"]) == "one"
    assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"][0]["weight"] == 100
    listed = sfn.list_state_machine_aliases(stateMachineArn=machine["stateMachineArn"])["stateMachineAliases"]
    assert [a["stateMachineAliasArn"] for a in listed] == [alias]
    with pytest.raises(sfn.exceptions.ConflictException):
        sfn.delete_state_machine_version(stateMachineVersionArn=one)
    with pytest.raises(sfn.exceptions.ValidationException, match="sum to 100"):
        sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[
            {"stateMachineVersionArn": one, "weight": 50},
        ])  # fmt: skip
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    sfn.delete_state_machine_version(stateMachineVersionArn=one)
    versions = sfn.list_state_machine_versions(stateMachineArn=machine["stateMachineArn"])["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [two]


def test_metadata_only_leaves_input_and_output_out(sfn: Any, orders: str) -> None:
    arn = sfn.start_execution(stateMachineArn=f"{orders}#HappyPath", input='{"card": "4111"}')["executionArn"]
    wait_done(sfn, arn)
    described = sfn.describe_execution(executionArn=arn, includedData="METADATA_ONLY")
    assert "input" not in described
    assert "output" not in described
    assert described["inputDetails"] == described["outputDetails"] == {"included": False}
    assert sfn.describe_execution(executionArn=arn)["outputDetails"] == {"included": True}
