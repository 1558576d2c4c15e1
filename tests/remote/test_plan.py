"""The deployment's decisions, without AWS: which write each step needs (statewise.remote.plan)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from statewise.remote.errors import DeployError
from statewise.remote.plan import Desired, Request, alias_request, machine_request, publish_request, tag_request

ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
ROLE = "arn:aws:iam::123456789012:role/sfn"
DEFINITION = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:orders:*"


def _described(**changes: Any) -> dict[str, Any]:
    described = {
        "stateMachineArn": ARN,
        "name": "orders",
        "definition": json.dumps(DEFINITION),
        "roleArn": ROLE,
        "type": "STANDARD",
        "loggingConfiguration": {"level": "OFF", "includeExecutionData": False},
    }
    return {**described, **changes}


def test_no_machine_means_create_with_everything_asked_for() -> None:
    desired = Desired("orders", DEFINITION, ROLE, "EXPRESS", {"level": "OFF"}, {"team": "ops"}, publish=True)
    assert machine_request(desired, None) == Request(
        "CreateStateMachine",
        {"name": "orders", "definition": '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}', "roleArn": ROLE,
         "type": "EXPRESS", "loggingConfiguration": {"level": "OFF"}, "tags": [{"key": "team", "value": "ops"}],
         "publish": True},
    )  # fmt: skip


@pytest.mark.parametrize(
    "described",
    [
        _described(definition=json.dumps(DEFINITION, indent=2, sort_keys=True)),  # other text, same JSON
        _described(loggingConfiguration={"level": "ERROR", "destinations": []}),  # logging not asked for
    ],
)
def test_the_same_machine_needs_no_call(described: dict[str, Any]) -> None:
    assert machine_request(Desired("orders", DEFINITION, ROLE), described) is None


@pytest.mark.parametrize(
    ("desired", "described"),
    [
        (Desired("orders", {**DEFINITION, "Comment": "new"}, ROLE), _described()),
        (Desired("orders", DEFINITION, ROLE + "2"), _described()),
        (Desired("orders", DEFINITION, ROLE, logging={"level": "ALL"}), _described()),
        (
            Desired(
                "orders",
                DEFINITION,
                ROLE,
                logging={"level": "ERROR", "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": GROUP + "2"}}]},
            ),
            _described(
                loggingConfiguration={
                    "level": "ERROR",
                    "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": GROUP}}],
                }
            ),
        ),
    ],
)
def test_a_changed_definition_role_or_logging_is_updated(desired: Desired, described: dict[str, Any]) -> None:
    request = machine_request(desired, described)
    assert request is not None
    assert request.operation == "UpdateStateMachine"
    assert request.params["stateMachineArn"] == ARN
    assert json.loads(request.params["definition"]) == desired.definition


def test_logging_defaults_count_as_written_out() -> None:
    desired = Desired("orders", DEFINITION, ROLE, logging={"level": "OFF"})
    assert machine_request(desired, _described(loggingConfiguration={})) is None


def test_an_update_publishes_when_asked() -> None:
    request = machine_request(Desired("orders", {**DEFINITION, "Comment": "x"}, ROLE, publish=True), _described())
    assert request is not None
    assert request.params["publish"] is True


def test_the_type_cannot_change() -> None:
    with pytest.raises(DeployError, match="'orders' is EXPRESS and Step Functions cannot change a type"):
        machine_request(Desired("orders", DEFINITION, ROLE, "STANDARD"), _described(type="EXPRESS"))


def test_publishing_an_unchanged_machine() -> None:
    assert publish_request(ARN).to_dict() == {
        "operation": "PublishStateMachineVersion",
        "params": {"stateMachineArn": ARN},
    }


def test_tags_add_only_what_is_missing_or_different() -> None:
    held = [{"key": "team", "value": "ops"}, {"key": "owner", "value": "someone"}]
    assert tag_request(ARN, {"team": "ops"}, held) is None
    request = tag_request(ARN, {"team": "dev", "env": "prod"}, held)
    wanted = [{"key": "team", "value": "dev"}, {"key": "env", "value": "prod"}]
    assert request == Request("TagResource", {"resourceArn": ARN, "tags": wanted})


def test_the_alias_is_created_moved_or_left() -> None:
    version = ARN + ":3"
    routing = [{"stateMachineVersionArn": version, "weight": 100}]
    created = alias_request(ARN, "live", version, None)
    assert created == Request("CreateStateMachineAlias", {"name": "live", "routingConfiguration": routing})
    assert alias_request(ARN, "live", version, {"routingConfiguration": routing}) is None
    split = [{"stateMachineVersionArn": version, "weight": 90}, {"stateMachineVersionArn": ARN + ":2", "weight": 10}]
    moved = alias_request(ARN, "live", version, {"routingConfiguration": split})
    assert moved == Request("UpdateStateMachineAlias", {"stateMachineAliasArn": ARN + ":live",
                                                        "routingConfiguration": routing})  # fmt: skip
