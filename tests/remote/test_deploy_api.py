"""statewise.deploy against moto's Step Functions server: create, idempotent update, versions and aliases,
refusals, bindings and dry runs."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import statewise
from statewise.remote import DeployError, DeployRefused, LocalBindingsRefused
from tests.remote.moto_sfn import PASS, ROLE, MotoServer, record_calls

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rebuild"
LOCAL = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.ids",
            "ItemProcessor": {
                "StartAt": "Rebuild",
                "States": {"Rebuild": {"Type": "Task", "Resource": "rebuild", "End": True}},
            },
            "Next": "Check",
        },
        "Check": {"Type": "Task", "Resource": "check-stock", "End": True},
    },
}


def _described(moto: MotoServer, arn: str) -> dict[str, Any]:
    described: dict[str, Any] = moto.client().describe_state_machine(stateMachineArn=arn)
    return described


def test_deploy_creates_the_state_machine(moto: MotoServer) -> None:
    client = moto.client()
    calls = record_calls(client)
    result = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client)
    assert result.action == "created"
    assert result.arn == "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
    assert calls == ["ListStateMachines", "CreateStateMachine"]
    assert [request.operation for request in result.requests] == ["CreateStateMachine"]
    described = _described(moto, result.arn)
    assert json.loads(described["definition"]) == PASS
    assert (described["roleArn"], described["type"]) == (ROLE, "STANDARD")


def test_an_unchanged_definition_makes_no_update_call(moto: MotoServer) -> None:
    statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client())
    client = moto.client()
    calls = record_calls(client)
    reordered = json.dumps({"States": PASS["States"], "StartAt": "P"}, indent=4)  # same JSON, other text
    result = statewise.deploy(reordered, name="orders", role_arn=ROLE, client=client)
    assert (result.action, result.requests) == ("unchanged", ())
    assert calls == ["ListStateMachines", "DescribeStateMachine"]


def test_a_changed_definition_or_role_is_updated_once(moto: MotoServer) -> None:
    created = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client())
    changed = json.loads(json.dumps(PASS))
    changed["States"]["P"]["Result"] = {"done": "yes"}
    client = moto.client()
    calls = record_calls(client)
    result = statewise.deploy(changed, name="orders", role_arn=ROLE, client=client)
    assert (result.action, result.arn) == ("updated", created.arn)
    assert calls.count("UpdateStateMachine") == 1
    assert json.loads(_described(moto, created.arn)["definition"]) == changed
    role = ROLE + "-2"
    assert statewise.deploy(changed, name="orders", role_arn=role, client=client).action == "updated"
    assert _described(moto, created.arn)["roleArn"] == role
    assert statewise.deploy(changed, name="orders", role_arn=role, client=client).action == "unchanged"


def test_logging_counts_only_when_asked_for(moto: MotoServer) -> None:
    group = "arn:aws:logs:us-east-1:123456789012:log-group:orders:*"
    logging = {"level": "ERROR", "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": group}}]}
    statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client())
    assert statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client()).action == "unchanged"
    result = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client(), logging=logging)
    assert result.action == "updated"
    assert result.requests[0].params["loggingConfiguration"] == logging
    same = {**logging, "includeExecutionData": False}  # AWS's default, written out
    assert statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client(), logging=same).action == (
        "unchanged"
    )


def test_publish_and_alias_point_the_alias_at_each_new_version(moto: MotoServer) -> None:
    client = moto.client()
    first = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client, alias="live")
    assert first.version_arn == first.arn + ":1"
    assert first.alias_arn == first.arn + ":live"
    routing = client.describe_state_machine_alias(stateMachineAliasArn=first.alias_arn)["routingConfiguration"]
    assert routing == [{"stateMachineVersionArn": first.arn + ":1", "weight": 100}]
    changed = {**PASS, "Comment": "second"}
    calls = record_calls(client)
    second = statewise.deploy(changed, name="orders", role_arn=ROLE, client=client, publish=True, alias="live")
    assert second.version_arn == first.arn + ":2"
    assert [r.operation for r in second.requests] == ["UpdateStateMachine", "UpdateStateMachineAlias"]
    assert second.requests[0].params["publish"] is True
    assert "UpdateStateMachineAlias" in calls
    routing = client.describe_state_machine_alias(stateMachineAliasArn=second.alias_arn)["routingConfiguration"]
    assert routing == [{"stateMachineVersionArn": first.arn + ":2", "weight": 100}]


def test_an_alias_added_to_a_deployed_machine_is_created(moto: MotoServer) -> None:
    client = moto.client()
    statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client)
    planned = statewise.deploy({**PASS, "Comment": "x"}, name="orders", role_arn=ROLE, client=client, dry_run=True)
    assert planned.version_arn is None  # no publish asked for: no version in the plan either
    result = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client, alias="live", dry_run=True)
    assert [r.operation for r in result.requests] == ["PublishStateMachineVersion", "CreateStateMachineAlias"]
    changed = statewise.deploy({**PASS, "Comment": "x"}, name="orders", role_arn=ROLE, client=client, alias="live")
    assert [r.operation for r in changed.requests] == ["UpdateStateMachine", "CreateStateMachineAlias"]
    assert changed.version_arn == changed.arn + ":1"
    routing = client.describe_state_machine_alias(stateMachineAliasArn=changed.alias_arn)["routingConfiguration"]
    assert routing == [{"stateMachineVersionArn": changed.version_arn, "weight": 100}]


def test_tags_are_added_only_when_missing_or_different(moto: MotoServer) -> None:
    client = moto.client()
    created = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client, tags={"team": "ops"})
    assert created.requests[0].params["tags"] == [{"key": "team", "value": "ops"}]
    calls = record_calls(client)
    again = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client, tags={"team": "ops"})
    assert again.requests == ()
    assert "TagResource" not in calls
    more = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client, tags={"team": "ops", "env": "prod"})
    assert [r.to_dict() for r in more.requests] == [
        {"operation": "TagResource", "params": {"resourceArn": created.arn, "tags": [{"key": "env", "value": "prod"}]}}
    ]
    held = {t["key"]: t["value"] for t in client.list_tags_for_resource(resourceArn=created.arn)["tags"]}
    assert held == {"team": "ops", "env": "prod"}


def test_lint_errors_refuse_the_deployment_before_any_call(moto: MotoServer) -> None:
    bad = {"StartAt": "D", "States": {"D": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:workspaces:"
                                                                       "describeWorkspacez", "End": True}}}  # fmt: skip
    client = moto.client()
    calls = record_calls(client)
    with pytest.raises(DeployRefused) as refused:
        statewise.deploy(bad, name="bad", role_arn=ROLE, client=client)
    assert [(d.code, d.pointer) for d in refused.value.diagnostics] == [("unknown-sdk-action", "/States/D/Resource")]
    assert "not deployed: 1 error in the definition (fix them, or pass force=True)" in str(refused.value)
    assert calls == []
    forced = statewise.deploy(bad, name="bad", role_arn=ROLE, client=client, force=True)
    assert forced.action == "created"
    assert [d.code for d in forced.diagnostics] == ["unknown-sdk-action"]


def test_invalid_definitions_are_refused_with_their_problems(moto: MotoServer) -> None:
    with pytest.raises(DeployRefused) as refused:
        statewise.deploy({"StartAt": "Nowhere", "States": {}}, name="x", role_arn=ROLE, client=moto.client())
    assert refused.value.diagnostics
    assert all(d.severity == "error" for d in refused.value.diagnostics)


def test_local_only_resources_are_refused_with_what_to_replace(moto: MotoServer) -> None:
    client = moto.client()
    calls = record_calls(client)
    with pytest.raises(LocalBindingsRefused) as refused:
        statewise.deploy(LOCAL, name="local", role_arn=ROLE, client=client)
    assert refused.value.unbound == ("check-stock", "rebuild")
    assert [(d.code, d.pointer) for d in refused.value.diagnostics] == [
        ("local-only-resource", "/States/Each/ItemProcessor/States/Rebuild/Resource"),
        ("local-only-resource", "/States/Check/Resource"),
    ]
    assert "--bind rebuild=ARN" in (refused.value.diagnostics[0].fix or "")
    assert calls == []
    with pytest.raises(LocalBindingsRefused) as partly:
        statewise.deploy(LOCAL, name="local", role_arn=ROLE, client=client, bindings={"rebuild": LAMBDA})
    assert partly.value.unbound == ("check-stock",)


def test_bindings_replace_each_local_resource_in_what_is_deployed(moto: MotoServer) -> None:
    stock = "arn:aws:states:::aws-sdk:dynamodb:getItem"
    bindings = {"rebuild": LAMBDA, "check-stock": stock}
    result = statewise.deploy(LOCAL, name="local", role_arn=ROLE, client=moto.client(), bindings=bindings, force=True)
    deployed = json.loads(_described(moto, result.arn)["definition"])
    assert deployed["States"]["Each"]["ItemProcessor"]["States"]["Rebuild"]["Resource"] == LAMBDA
    assert deployed["States"]["Check"]["Resource"] == stock
    assert LOCAL["States"]["Check"]["Resource"] == "check-stock"  # the caller's definition is left alone


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"rebuild": "my-function"}, "bindings['rebuild']: 'my-function' is no ARN Step Functions accepts"),
        ({"rebuild": LAMBDA, "check-stock": LAMBDA, "rebuld": LAMBDA}, "name no local-only Task resource"),
    ],
)
def test_bad_bindings_are_refused(moto: MotoServer, bindings: dict[str, str], message: str) -> None:
    with pytest.raises(DeployError, match=re.escape(message)):
        statewise.deploy(LOCAL, name="local", role_arn=ROLE, client=moto.client(), bindings=bindings)


def test_a_dry_run_sends_no_write_and_lists_what_it_would_send(moto: MotoServer) -> None:
    client = moto.client()
    calls = record_calls(client)
    result = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=client, alias="live", dry_run=True)
    assert calls == ["ListStateMachines"]
    assert client.list_state_machines()["stateMachines"] == []
    assert result.dry_run
    assert result.action == "created"
    assert [r.to_dict() for r in result.requests] == [
        {"operation": "CreateStateMachine", "params": {"name": "orders", "definition": json.dumps(PASS, separators=(
            ",", ":")), "roleArn": ROLE, "type": "STANDARD", "publish": True}},
        {"operation": "CreateStateMachineAlias", "params": {"name": "live", "routingConfiguration": [
            {"stateMachineVersionArn": "<CreateStateMachine.stateMachineVersionArn>", "weight": 100}]}},
    ]  # fmt: skip


def test_a_dry_run_of_an_unchanged_machine_publishes_its_current_revision(moto: MotoServer) -> None:
    created = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client())
    result = statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client(), publish=True, dry_run=True)
    assert result.action == "unchanged"
    assert [r.to_dict() for r in result.requests] == [
        {"operation": "PublishStateMachineVersion", "params": {"stateMachineArn": created.arn}}
    ]


def test_the_type_of_a_deployed_machine_cannot_change(moto: MotoServer) -> None:
    statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client())
    with pytest.raises(DeployError, match="'orders' is STANDARD and Step Functions cannot change a type"):
        statewise.deploy(PASS, name="orders", role_arn=ROLE, client=moto.client(), type="EXPRESS")


def test_substitutions_fill_placeholders_before_lint_and_deploy(moto: MotoServer) -> None:
    templated = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "${Stage}", "End": True}}}
    result = statewise.deploy(templated, name="t", role_arn=ROLE, client=moto.client(), substitutions={"Stage": "prod"})
    assert json.loads(_described(moto, result.arn)["definition"])["States"]["P"]["Result"] == "prod"


def test_a_session_and_endpoint_make_the_client(moto: MotoServer) -> None:
    result = statewise.deploy(PASS, name="orders", role_arn=ROLE, session=moto.session(), endpoint_url=moto.endpoint)
    assert result.action == "created"
    with pytest.raises(TypeError, match="give client= alone"):
        statewise.deploy(PASS, name="o", role_arn=ROLE, client=moto.client(), endpoint_url=moto.endpoint)
