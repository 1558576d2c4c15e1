"""One definition, served over HTTP: aws-sdk and optimized Tasks against moto's server on 127.0.0.1."""

from __future__ import annotations

import boto3
import pytest

from statewise import AwsClients, StateMachine
from statewise.testing import FakeClock


def test_tasks_reach_the_endpoint_they_are_given(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    session = boto3.Session(region_name="us-east-1")
    session.client("s3", endpoint_url=endpoint).create_bucket(Bucket="photos")
    definition = {
        "StartAt": "Put",
        "States": {
            "Put": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket": "photos", "Key": "a.txt", "Body.$": "$.text"},
                "ResultPath": None,
                "Next": "List",
            },
            "List": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                "Parameters": {"Bucket": "photos"},
                "ResultSelector": {"keys.$": "$.Contents[*].Key"},
                "Next": "Missing",
            },
            "Missing": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"Bucket": "photos", "Key": "nope"},
                "Catch": [{"ErrorEquals": ["S3.NoSuchKeyException"], "ResultPath": "$.error", "Next": "Done"}],
                "ResultPath": "$.object",
                "Next": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    clients = AwsClients(session=session, endpoint_url=endpoint)
    execution = StateMachine(definition).run({"text": "hello"}, clock=FakeClock(), aws=clients)
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output["keys"] == ["a.txt"]
    assert execution.output["error"]["Error"] == "S3.NoSuchKeyException"
    assert (
        session.client("s3", endpoint_url=endpoint).get_object(Bucket="photos", Key="a.txt")["Body"].read() == b"hello"
    )
