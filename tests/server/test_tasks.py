"""Activities with a worker thread, answers by token, StopExecution, StartSyncExecution, through boto3."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from statewise.server import LocalStepFunctions
from tests.server.helpers import ROLE, make_client, wait_done


@pytest.fixture(scope="module")
def server() -> Iterator[LocalStepFunctions]:
    """Activity polls wait up to 10 s of real time here: a worker's poll returns as soon as a task is queued."""
    with LocalStepFunctions(clock="fake", env={}, activity_poll_seconds=10) as running:
        yield running


def _activity_machine(sfn: Any, name: str, activity: str) -> str:
    definition = {
        "StartAt": "Work",
        "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}},
    }
    arn: str = sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    return arn


def test_an_activity_worker_takes_the_task_and_answers_from_its_thread(sfn: Any, server: LocalStepFunctions) -> None:
    activity = sfn.create_activity(name="resize")["activityArn"]
    assert sfn.describe_activity(activityArn=activity)["name"] == "resize"
    assert activity in [a["activityArn"] for a in sfn.list_activities()["activities"]]
    machine = _activity_machine(sfn, "Resize", activity)
    seen: list[Any] = []

    def worker() -> None:
        client = make_client(server.endpoint_url)
        task = client.get_activity_task(activityArn=activity, workerName="w1")
        seen.append(json.loads(task["input"]))
        client.send_task_heartbeat(taskToken=task["taskToken"])
        client.send_task_success(taskToken=task["taskToken"], output=json.dumps({"resized": True}))

    thread = threading.Thread(target=worker)
    thread.start()
    arn = sfn.start_execution(stateMachineArn=machine, input='{"image": "a.png"}')["executionArn"]
    thread.join(10)
    described = wait_done(sfn, arn)
    assert (described["status"], json.loads(described["output"])) == ("SUCCEEDED", {"resized": True})
    assert seen == [{"image": "a.png"}]
    types = [e["type"] for e in sfn.get_execution_history(executionArn=arn)["events"]]
    assert "ActivityScheduled" in types or "TaskScheduled" in types


def test_a_failure_sent_by_token_fails_the_execution(sfn: Any, server: LocalStepFunctions) -> None:
    activity = sfn.create_activity(name="fragile")["activityArn"]
    machine = _activity_machine(sfn, "Fragile", activity)
    arn = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    sfn.send_task_failure(taskToken=task["taskToken"], error="Broken", cause="the disk is full")
    described = wait_done(sfn, arn)
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "Broken", "the disk is full")
    with pytest.raises(sfn.exceptions.TaskDoesNotExist):  # answered already
        sfn.send_task_success(taskToken=task["taskToken"], output="{}")


def test_stop_execution_aborts_a_waiting_execution(sfn: Any) -> None:
    activity = sfn.create_activity(name="never")["activityArn"]
    arn = sfn.start_execution(stateMachineArn=_activity_machine(sfn, "Never", activity))["executionArn"]
    assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    stopped = sfn.stop_execution(executionArn=arn, error="Manual", cause="no worker")
    described = sfn.describe_execution(executionArn=arn)
    assert (described["status"], described["error"], described["cause"]) == ("ABORTED", "Manual", "no worker")
    assert described["stopDate"] == stopped["stopDate"]
    assert sfn.get_execution_history(executionArn=arn, reverseOrder=True)["events"][0]["type"] == "ExecutionAborted"


def test_bad_answers_are_the_apis_errors(sfn: Any) -> None:
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.send_task_success(taskToken="not a token!", output="{}")
    with pytest.raises(sfn.exceptions.TaskDoesNotExist):
        sfn.send_task_heartbeat(taskToken="AAAA" * 32)
    with pytest.raises(sfn.exceptions.InvalidOutput):
        sfn.send_task_success(taskToken="AAAA" * 32, output="{not json")
    with pytest.raises(sfn.exceptions.ActivityDoesNotExist):
        sfn.get_activity_task(activityArn="arn:aws:states:us-east-1:123456789012:activity:ghost")
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.describe_activity(activityArn="arn:aws:states:us-east-1:123456789012:stateMachine:x")


def test_a_poll_with_nothing_queued_answers_without_a_token() -> None:
    with LocalStepFunctions(env={}, activity_poll_seconds=0) as quick:
        client = make_client(quick.endpoint_url)
        activity = client.create_activity(name="idle")["activityArn"]
        response = client.get_activity_task(activityArn=activity)
        assert "taskToken" not in response
        client.delete_activity(activityArn=activity)
        assert client.list_activities()["activities"] == []


def test_start_sync_execution_returns_the_outcome_of_an_express_machine(sfn: Any) -> None:
    definition = {
        "StartAt": "Wait",
        "States": {
            "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
            "Done": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True},
        },
    }
    machine = sfn.create_state_machine(name="Adder", definition=json.dumps(definition), roleArn=ROLE, type="EXPRESS")
    result = sfn.start_sync_execution(stateMachineArn=machine["stateMachineArn"], input='{"a": 2, "b": 3}')
    assert (result["status"], json.loads(result["output"])) == ("SUCCEEDED", {"sum": 5})
    assert ":express:Adder:" in result["executionArn"]
    assert (result["stopDate"] - result["startDate"]).total_seconds() == pytest.approx(60, abs=1)


def test_start_sync_execution_refuses_a_standard_machine(sfn: Any) -> None:
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    machine = sfn.create_state_machine(name="Standard", definition=definition, roleArn=ROLE)["stateMachineArn"]
    with pytest.raises(sfn.exceptions.StateMachineTypeNotSupported):
        sfn.start_sync_execution(stateMachineArn=machine)


def test_an_express_machine_past_five_minutes_times_out(sfn: Any) -> None:
    definition = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3600, "End": True}}}
    machine = sfn.create_state_machine(name="Slow", definition=json.dumps(definition), roleArn=ROLE, type="EXPRESS")
    result = sfn.start_sync_execution(stateMachineArn=machine["stateMachineArn"])
    assert result["status"] == "TIMED_OUT"
    assert "output" not in result


def test_executions_run_concurrently_and_answers_find_their_own(sfn: Any) -> None:
    activity = sfn.create_activity(name="parallel")["activityArn"]
    machine = _activity_machine(sfn, "Parallel", activity)
    arns = [sfn.start_execution(stateMachineArn=machine, input=json.dumps({"n": n}))["executionArn"] for n in (1, 2)]
    tasks = [sfn.get_activity_task(activityArn=activity) for _ in arns]
    assert [sfn.describe_execution(executionArn=arn)["status"] for arn in arns] == ["RUNNING", "RUNNING"]
    for task in reversed(tasks):  # answered last first: each answer reaches the execution its token came from
        sfn.send_task_success(taskToken=task["taskToken"], output=task["input"])
    assert [json.loads(wait_done(sfn, arn)["output"]) for arn in arns] == [{"n": 1}, {"n": 2}]


def test_the_endpoint_exists_only_while_the_server_runs() -> None:
    server = LocalStepFunctions(env={})
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.endpoint_url
    with server:
        assert server.endpoint_url.startswith("http://127.0.0.1:")
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.endpoint_url


def test_a_failed_execution_is_redriven_from_the_task_that_failed(sfn: Any, server: LocalStepFunctions) -> None:
    activity = sfn.create_activity(name="flaky")["activityArn"]
    machine = _activity_machine(sfn, "Flaky", activity)
    answers = iter(("fail", "succeed"))

    def worker() -> None:
        client = make_client(server.endpoint_url)
        for answer in answers:
            task = client.get_activity_task(activityArn=activity, workerName="w1")
            if answer == "fail":
                client.send_task_failure(taskToken=task["taskToken"], error="Busy", cause="try later")
            else:
                client.send_task_success(taskToken=task["taskToken"], output=json.dumps({"done": True}))

    thread = threading.Thread(target=worker)
    thread.start()
    arn = sfn.start_execution(stateMachineArn=machine, input="{}")["executionArn"]
    failed = wait_done(sfn, arn)
    assert (failed["status"], failed["redriveStatus"], failed["redriveCount"]) == ("FAILED", "REDRIVABLE", 0)
    assert "redriveDate" in sfn.redrive_execution(executionArn=arn)
    described = wait_done(sfn, arn)
    thread.join(10)
    assert (described["status"], described["redriveCount"]) == ("SUCCEEDED", 1)
    assert described["redriveStatus"] == "NOT_REDRIVABLE"
    types = [event["type"] for event in sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]]
    assert types.count("ExecutionRedriven") == 1
    assert types.index("ExecutionFailed") < types.index("ExecutionRedriven") < types.index("ExecutionSucceeded")
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable):
        sfn.redrive_execution(executionArn=arn)
