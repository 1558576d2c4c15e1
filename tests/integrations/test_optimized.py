"""Optimized integrations through boto3 on moto: results with SDK metadata, errors named the Java 1.x way."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from definitions import catching

from statewise import StateMachine
from statewise.testing import FakeClock


def _run(session: boto3.Session, resource: str, parameters: dict[str, Any]) -> Any:
    execution = StateMachine(catching(resource, parameters)).run({}, clock=FakeClock(), aws=session)
    assert execution.status == "SUCCEEDED", execution.cause
    return execution.output


def test_dynamodb_items_and_the_recorded_error_name(session: boto3.Session) -> None:
    session.client("dynamodb").create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    put = _run(session, "arn:aws:states:::dynamodb:putItem", {"TableName": "orders", "Item": {"pk": {"S": "a"}}})
    assert put["SdkHttpMetadata"]["HttpStatusCode"] == 200
    got = _run(session, "arn:aws:states:::dynamodb:getItem", {"TableName": "orders", "Key": {"pk": {"S": "a"}}})
    assert got["Item"] == {"pk": {"S": "a"}}
    assert "ResponseMetadata" not in got
    error = _run(session, "arn:aws:states:::dynamodb:putItem", {"TableName": "nope", "Item": {"pk": {"S": "a"}}})[
        "error"
    ]
    assert error["Error"] == "DynamoDB.ResourceNotFoundException"  # DynamoDb.* from aws-sdk:dynamodb
    assert "(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException;" in error["Cause"]


def test_sqs_sns_and_eventbridge_send_json_bodies_as_text(session: boto3.Session) -> None:
    queue = session.client("sqs").create_queue(QueueName="jobs")["QueueUrl"]
    sent = _run(session, "arn:aws:states:::sqs:sendMessage", {"QueueUrl": queue, "MessageBody": {"job": 1}})
    assert "MessageId" in sent
    (message,) = session.client("sqs").receive_message(QueueUrl=queue)["Messages"]
    assert json.loads(message["Body"]) == {"job": 1}
    topic = session.client("sns").create_topic(Name="alerts")["TopicArn"]
    assert "MessageId" in _run(session, "arn:aws:states:::sns:publish", {"TopicArn": topic, "Message": {"a": 1}})
    events = _run(
        session,
        "arn:aws:states:::events:putEvents",
        {"Entries": [{"Source": "app", "DetailType": "done", "Detail": {"ok": True}}]},
    )
    assert events["FailedEntryCount"] == 0


def test_start_execution_and_a_missing_state_machine(session: boto3.Session) -> None:
    sfn = session.client("stepfunctions")
    target = sfn.create_state_machine(
        name="child",
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
        roleArn="arn:aws:iam::123456789012:role/r",
    )["stateMachineArn"]
    started = _run(session, "arn:aws:states:::states:startExecution", {"StateMachineArn": target, "Input": {"a": 1}})
    assert started["ExecutionArn"].startswith("arn:aws:states:")
    assert isinstance(started["StartDate"], int)  # epoch milliseconds, as the Java 1.x SDK writes dates
    missing = target.replace("child", "absent")
    error = _run(session, "arn:aws:states:::states:startExecution", {"StateMachineArn": missing})["error"]
    assert error["Error"] == "StepFunctions.StateMachineDoesNotExistException"


def test_an_item_reader_lists_more_than_a_page_of_s3_objects_and_the_writer_puts_results(
    session: boto3.Session,
) -> None:
    s3 = session.client("s3")
    s3.create_bucket(Bucket="photos")
    s3.create_bucket(Bucket="results")
    for i in range(1_100):  # more than ListObjectsV2's 1,000 a page
        s3.put_object(Bucket="photos", Key=f"img/{i:05d}.jpg", Body=b"x")
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        "StartAt": "Key",
        "States": {"Key": {"Type": "Pass", "Parameters": {"k.$": "$.Key"}, "End": True}},
    }
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:listObjectsV2",
                    "Parameters": {"Bucket": "photos", "Prefix": "img/"},
                },
                "ItemProcessor": processor,
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results"}},
                "End": True,
            }
        },
    }
    execution = StateMachine(definition).run({}, clock=FakeClock(), aws=session)
    assert execution.status == "SUCCEEDED", execution.cause
    manifest_key = execution.output["ResultWriterDetails"]["Key"]
    manifest = json.loads(s3.get_object(Bucket="results", Key=manifest_key)["Body"].read())
    (succeeded,) = manifest["ResultFiles"]["SUCCEEDED"]
    results = json.loads(s3.get_object(Bucket="results", Key=succeeded["Key"])["Body"].read())
    assert sorted(json.loads(entry["Output"])["k"] for entry in results) == [f"img/{i:05d}.jpg" for i in range(1_100)]


def test_send_message_wait_for_task_token_is_answered_by_a_worker_reading_the_queue(session: boto3.Session) -> None:
    import threading

    from statewise import TaskTokens

    sqs = session.client("sqs")
    queue = sqs.create_queue(QueueName="approvals")["QueueUrl"]
    tokens = TaskTokens()

    def worker() -> None:  # a service elsewhere: reads the message, answers by its token
        while True:
            messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages", [])
            if messages:
                body = json.loads(messages[0]["Body"])
                tokens.send_task_success(body["token"], {"approved": body["order"]})
                return
            threading.Event().wait(0.01)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    machine = StateMachine(
        catching(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            {"QueueUrl": queue, "MessageBody": {"order.$": "$.order", "token.$": "$$.Task.Token"}},
        )
    )
    execution = machine.run({"order": "o-7"}, clock=FakeClock(), aws=session, callbacks=tokens)
    thread.join(timeout=10)
    assert execution.output == {"approved": "o-7"}, execution.cause
    submitted = next(e for e in execution.history if e["type"] == "TaskSubmitted")
    assert "MessageId" in json.loads(submitted["taskSubmittedEventDetails"]["output"])


def test_dynamodb_has_no_callback_pattern(session: boto3.Session) -> None:
    from statewise import UnservedTasksError

    definition = catching("arn:aws:states:::dynamodb:putItem.waitForTaskToken", {"TableName": "t", "Item": {}})
    with pytest.raises(UnservedTasksError):
        StateMachine(definition).run({}, clock=FakeClock(), aws=session)
