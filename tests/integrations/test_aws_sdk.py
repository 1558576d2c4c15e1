"""AWS SDK integrations (aws-sdk:<service>:<action>) against moto in-process and a simulated service."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import boto3
import pytest
from definitions import catching

from statewise import StateMachine, UnservedTasksError
from statewise.integrations.aws_sdk import AwsClients
from statewise.integrations.sdk_names import boto3_service, error_name, error_prefix, python_method
from statewise.testing import FakeClock
from statewise.testing.workspaces import SimulatedWorkspaces

# -- names --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "code", "name"),
    [  # the names AWS recorded (../shared/conformance/cases/with_tasks)
        ("dynamodb", "ResourceNotFoundException", "DynamoDb.ResourceNotFoundException"),
        ("s3", "NoSuchBucket", "S3.NoSuchBucketException"),
        ("stepfunctions", "InvalidToken", "Sfn.InvalidTokenException"),
        ("secretsmanager", "ValidationException", "SecretsManager.SecretsManagerException"),  # not modelled
        ("lambda", "ResourceNotFoundException", "Lambda.ResourceNotFoundException"),
    ],
)
def test_error_names_follow_the_java_sdk(service: str, code: str, name: str) -> None:
    assert error_name(service, code) == name


def test_service_and_action_names() -> None:
    assert [boto3_service(name) for name in ("s3", "sfn", "cloudwatchlogs", "elasticloadbalancingv2")] == [
        "s3",
        "stepfunctions",
        "logs",
        "elbv2",
    ]
    assert (python_method("listObjectsV2"), python_method("putItem")) == ("list_objects_v2", "put_item")
    assert (error_prefix("elbv2"), error_prefix("sqs"), error_prefix("ec2")) == ("ElasticLoadBalancingV2", "Sqs", "Ec2")


# -- moto ---------------------------------------------------------------------------------------------------------


def test_dynamodb_put_and_get_item_and_a_caught_service_error(session: boto3.Session) -> None:
    session.client("dynamodb").create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    put = "arn:aws:states:::aws-sdk:dynamodb:putItem"
    get = "arn:aws:states:::aws-sdk:dynamodb:getItem"
    machine = StateMachine(
        {
            "StartAt": "Put",
            "States": {
                "Put": {
                    "Type": "Task",
                    "Resource": put,
                    "Parameters": {"TableName": "orders", "Item": {"pk": {"S.$": "$.id"}, "total": {"N": "42"}}},
                    "ResultPath": None,
                    "Next": "Get",
                },
                "Get": {
                    "Type": "Task",
                    "Resource": get,
                    "Parameters": {"TableName": "orders", "Key": {"pk": {"S.$": "$.id"}}},
                    "ResultSelector": {"total.$": "$.Item.total.N"},
                    "End": True,
                },
            },
        }
    )
    execution = machine.run({"id": "o-1"}, clock=FakeClock(), aws=session)
    assert execution.output == {"total": "42"}, execution.cause
    missing = StateMachine(catching(put, {"TableName": "nope", "Item": {"pk": {"S": "x"}}}))
    error = missing.run({}, clock=FakeClock(), aws=session).output["error"]
    assert error["Error"] == "DynamoDb.ResourceNotFoundException"
    assert "(Service: DynamoDb, Status Code: 400, Request ID: " in error["Cause"]


def test_s3_results_are_shaped_as_step_functions_returns_them(session: boto3.Session) -> None:
    s3 = session.client("s3")
    s3.create_bucket(Bucket="photos")
    s3.put_object(Bucket="photos", Key="a.txt", Body=b"hello")
    listing = StateMachine(
        {
            "StartAt": "L",
            "States": {
                "L": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                    "Parameters": {"Bucket": "photos"},
                    "End": True,
                }
            },
        }
    ).run({}, clock=FakeClock(), aws=session)
    assert "ResponseMetadata" not in listing.output
    (entry,) = listing.output["Contents"]
    assert entry["Key"] == "a.txt"
    assert entry["LastModified"].endswith("Z")  # a timestamp as text, not a datetime
    body = StateMachine(
        {
            "StartAt": "G",
            "States": {
                "G": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                    "Parameters": {"Bucket": "photos", "Key": "a.txt"},
                    "End": True,
                }
            },
        }
    ).run({}, clock=FakeClock(), aws=session)
    assert body.output["Body"] == "hello"
    missing = StateMachine(catching("arn:aws:states:::aws-sdk:s3:listObjects", {"Bucket": "nope"}))
    assert missing.run({}, clock=FakeClock(), aws=session).output["error"]["Error"] == "S3.NoSuchBucketException"


def test_an_endpoint_url_and_region_reach_the_clients_made() -> None:
    made: list[tuple[str, dict[str, Any]]] = []

    class Session:
        def client(self, service: str, **options: Any) -> Any:
            made.append((service, options))
            return SimulatedWorkspaces(3)

    clients = AwsClients(session=Session(), endpoint_url="http://127.0.0.1:5000", region="eu-west-1")
    definition = catching("arn:aws:states:::aws-sdk:workspaces:describeWorkspaces", {})
    assert len(StateMachine(definition).run({}, clock=FakeClock(), aws=clients).output["Workspaces"]) == 3
    assert made == [("workspaces", {"endpoint_url": "http://127.0.0.1:5000", "region_name": "eu-west-1"})]


# -- a simulated service where a client would be --------------------------------------------------------------------


def _seed_definition(output_path_null: bool = False) -> dict[str, Any]:
    text = resources.files("statewise.cli").joinpath("data/workspaces_rebuild.asl.json").read_text()
    definition: dict[str, Any] = json.loads(text)
    if output_path_null:
        rebuild = definition["States"]["RebuildWorkspaces"]
        del rebuild["ResultPath"]
        rebuild["OutputPath"] = None
    return definition


def test_the_seed_workflow_runs_its_aws_sdk_tasks_on_the_simulated_service() -> None:
    service = SimulatedWorkspaces(300)
    machine = StateMachine(_seed_definition())
    execution = machine.run({}, clock=FakeClock(), aws={"workspaces": service})
    assert execution.status == "SUCCEEDED", execution.cause
    assert sorted(service.rebuilt) == sorted(ws["WorkspaceId"] for ws in service.workspaces)
    assert len(set(service.rebuilt)) == 300  # each once
    buggy = SimulatedWorkspaces(300)
    assert (
        StateMachine(_seed_definition(output_path_null=True))
        .run({}, clock=FakeClock(), aws={"workspaces": buggy})
        .status
        == "SUCCEEDED"
    )
    assert len(buggy.rebuilt) == 25


def test_a_simulated_services_error_is_named_as_step_functions_names_it() -> None:
    definition = catching("arn:aws:states:::aws-sdk:workspaces:describeWorkspaces", {"NextToken": "garbage"})
    error = (
        StateMachine(definition).run({}, clock=FakeClock(), aws={"workspaces": SimulatedWorkspaces(3)}).output["error"]
    )
    assert error["Error"].startswith("WorkSpaces.")


def test_sdk_tasks_without_aws_are_refused_before_anything_runs() -> None:
    with pytest.raises(UnservedTasksError, match="aws=") as caught:
        StateMachine(_seed_definition()).run({}, clock=FakeClock())
    assert {target.arn for target in caught.value.targets} == {
        "arn:aws:states:::aws-sdk:workspaces:describeWorkspaces",
        "arn:aws:states:::aws-sdk:workspaces:rebuildWorkspaces",
    }


def test_an_sdk_wait_for_task_token_task_waits_for_the_answer() -> None:
    from statewise import TaskTokens

    tokens = TaskTokens()

    class Queue:  # a stand-in client: the message it gets is answered at once
        def send_message(self, **params: Any) -> dict[str, Any]:
            tokens.send_task_success(json.loads(params["MessageBody"])["Token"], {"ok": True})
            return {"MessageId": "m-1"}

    resource = "arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken"
    definition = {
        "StartAt": "Send",
        "States": {
            "Send": {
                "Type": "Task",
                "Resource": resource,
                "Parameters": {"QueueUrl": "q", "MessageBody.$": "States.JsonToString($$.Task)"},
                "End": True,
            }
        },
    }
    execution = StateMachine(definition).run({}, clock=FakeClock(), aws={"sqs": Queue()}, callbacks=tokens)
    assert execution.output == {"ok": True}, execution.cause


def test_sdk_integrations_have_no_sync_pattern() -> None:
    definition = catching("arn:aws:states:::aws-sdk:workspaces:describeWorkspaces.sync", {})
    with pytest.raises(UnservedTasksError):
        StateMachine(definition).run({}, clock=FakeClock(), aws={"workspaces": SimulatedWorkspaces(3)})
