"""Run a Job (.sync) through aws=: Step Functions, ECS and Glue on moto, Batch on a stand-in client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from statewise import StateMachine, wait
from statewise.asl.options import UnservedTasksError
from statewise.integrations.optimized import SERVICES
from statewise.integrations.sync_jobs import SYNC_JOBS
from statewise.specs.registry import find_waiter
from statewise.testing import FakeClock

ROLE = "arn:aws:iam::123456789012:role/r"


@pytest.fixture
def executing(monkeypatch: pytest.MonkeyPatch) -> Iterator[boto3.Session]:
    """moto with Step Functions executing the state machines it is given."""
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        yield boto3.Session(region_name="us-east-1")


def _task(resource: str, parameters: dict[str, Any]) -> StateMachine:
    state = {"Type": "Task", "Resource": resource, "Parameters": parameters, "End": True}
    state["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}]
    return StateMachine({"StartAt": "Job", "States": {"Job": state, "Caught": {"Type": "Succeed"}}})


def _types(history: list[dict[str, Any]]) -> list[str]:
    return [event["type"] for event in history]


@pytest.mark.parametrize("job", sorted(SYNC_JOBS))
def test_every_job_has_its_waiter_and_start_action(job: tuple[str, str]) -> None:
    service = SERVICES[job[0]]
    assert job[1] in service.actions
    assert find_waiter(service.boto3, SYNC_JOBS[job].waiter) is not None


@pytest.mark.parametrize("pattern", [".sync", ".sync:2"])
def test_start_execution_sync_waits_for_the_child_moto_runs(executing: boto3.Session, pattern: str) -> None:
    sfn = executing.client("stepfunctions")
    child = {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "Parameters": {"got.$": "$.n"}, "End": True}}}
    arn = sfn.create_state_machine(name="child", definition=json.dumps(child), roleArn=ROLE)["stateMachineArn"]
    parameters = {"StateMachineArn": arn, "Name": f"run{len(pattern)}", "Input": {"n": 5}}
    execution = _task(f"arn:aws:states:::states:startExecution{pattern}", parameters).run(
        {}, aws=executing, clock=FakeClock()
    )
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    assert out["Status"] == "SUCCEEDED"
    assert out["Output"] == ({"got": 5} if pattern == ".sync:2" else json.dumps({"got": 5}))
    assert isinstance(out["StartDate"], int)
    assert list(out) == sorted(out)
    assert _types(execution.history)[3:6] == ["TaskStarted", "TaskSubmitted", "TaskSucceeded"]
    submitted = json.loads(execution.history[4]["taskSubmittedEventDetails"]["output"])
    assert submitted["ExecutionArn"] == out["ExecutionArn"]
    assert "SdkHttpMetadata" in submitted  # the optimized StartExecution's own response


def test_a_failed_child_on_moto_is_states_task_failed(executing: boto3.Session) -> None:
    sfn = executing.client("stepfunctions")
    failing = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "why"}}}
    arn = sfn.create_state_machine(name="bad", definition=json.dumps(failing), roleArn=ROLE)["stateMachineArn"]
    execution = _task("arn:aws:states:::states:startExecution.sync", {"StateMachineArn": arn, "Name": "b"}).run(
        {}, aws=executing, clock=FakeClock()
    )
    error = execution.output["error"]
    assert error["Error"] == "States.TaskFailed"
    assert json.loads(error["Cause"])["Error"] == "Boom"
    missing = _task("arn:aws:states:::states:startExecution.sync", {"StateMachineArn": arn + "x"}).run(
        {}, aws=executing, clock=FakeClock()
    )
    assert missing.output["error"]["Error"] == "StepFunctions.StateMachineDoesNotExistException"


def test_ecs_run_task_sync_polls_until_the_task_stops(session: boto3.Session) -> None:
    ecs = session.client("ecs")
    ecs.create_cluster(clusterName="jobs")
    ecs.register_task_definition(
        family="job",
        containerDefinitions=[{"name": "main", "image": "busybox", "memory": 128}],
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
    )
    subnet = session.client("ec2").describe_subnets()["Subnets"][0]["SubnetId"]
    network = {"AwsvpcConfiguration": {"Subnets": [subnet], "SecurityGroups": ["sg-1"]}}
    parameters = {"Cluster": "jobs", "TaskDefinition": "job", "LaunchType": "FARGATE", "NetworkConfiguration": network}
    clock = FakeClock()
    execution = _task("arn:aws:states:::ecs:runTask.sync", parameters).run({}, aws=session, clock=clock)
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output["LastStatus"] == "STOPPED"
    assert execution.output["TaskArn"].startswith("arn:aws:ecs:")
    assert _types(execution.history)[4:6] == ["TaskSubmitted", "TaskSucceeded"]
    missing = _task("arn:aws:states:::ecs:runTask.sync", {**parameters, "Cluster": "absent"}).run({}, aws=session)
    assert missing.output["error"]["Error"].startswith("ECS.")


def test_glue_start_job_run_sync_returns_the_run_with_its_job_name(session: boto3.Session) -> None:
    glue = session.client("glue")
    glue.create_job(Name="etl", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://b/k"})
    execution = _task("arn:aws:states:::glue:startJobRun.sync", {"JobName": "etl"}).run(
        {}, aws=session, clock=FakeClock()
    )
    assert execution.status == "SUCCEEDED", execution.cause
    assert (execution.output["JobName"], execution.output["JobRunState"]) == ("etl", "SUCCEEDED")
    assert isinstance(execution.output["StartedOn"], int)
    missing = _task("arn:aws:states:::glue:startJobRun.sync", {"JobName": "absent"}).run({}, aws=session)
    assert missing.output["error"]["Error"] == "Glue.EntityNotFoundException"


class _Batch:
    """A stand-in Batch client: each job is RUNNABLE, then RUNNING, then ends as ``ending``."""

    def __init__(self, ending: str) -> None:
        self.statuses = ["RUNNABLE", "RUNNING", ending]
        self.submitted: list[dict[str, Any]] = []
        self.terminated: list[tuple[str, str]] = []
        self.polls = 0

    def submit_job(self, **params: Any) -> dict[str, Any]:
        self.submitted.append(params)
        return {"jobArn": "arn:aws:batch:us-east-1:1:job/j1", "jobName": params["jobName"], "jobId": "j1"}

    def terminate_job(self, jobId: str, reason: str) -> dict[str, Any]:
        self.terminated.append((jobId, reason))
        return {}

    def describe_jobs(self, jobs: list[str]) -> dict[str, Any]:
        status = self.statuses[min(self.polls, 2)]
        self.polls += 1
        return {"jobs": [{"jobId": jobs[0], "jobName": "nightly", "status": status, "statusReason": "done"}]}


@pytest.mark.parametrize(("ending", "error"), [("SUCCEEDED", None), ("FAILED", "States.TaskFailed")])
def test_batch_submit_job_sync_polls_with_exponential_backoff_on_the_clock(ending: str, error: str | None) -> None:
    batch = _Batch(ending)
    clock = FakeClock()
    parameters = {"JobName": "nightly", "JobQueue": "q", "JobDefinition": "d"}
    execution = _task("arn:aws:states:::batch:submitJob.sync", parameters).run({}, aws={"batch": batch}, clock=clock)
    assert batch.submitted == [{"jobName": "nightly", "jobQueue": "q", "jobDefinition": "d"}]
    assert batch.polls == 3
    assert clock.sleeps[0] == 2  # exponential: 2 s first ...
    assert 2 <= clock.sleeps[1] <= 4  # ... then up to twice that, capped by the waiter's 10 s
    if error is None:
        assert execution.output == {"JobId": "j1", "JobName": "nightly", "Status": "SUCCEEDED", "StatusReason": "done"}
    else:
        assert execution.output["error"]["Error"] == error
        assert json.loads(execution.output["error"]["Cause"])["Status"] == "FAILED"


def test_a_job_outliving_the_tasks_timeout_times_the_task_out() -> None:
    batch = _Batch("SUCCEEDED")
    batch.statuses = ["RUNNING"] * 3
    definition = _task("arn:aws:states:::batch:submitJob.sync", {"JobName": "n", "JobQueue": "q", "JobDefinition": "d"})
    state = {**definition.definition["States"]["Job"], "TimeoutSeconds": 60}
    machine = StateMachine({"StartAt": "Job", "States": {"Job": state, "Caught": {"Type": "Succeed"}}})
    clock = FakeClock()
    execution = machine.run({}, aws={"batch": batch}, clock=clock)
    assert execution.output["error"]["Error"] == "States.Timeout"
    assert clock.elapsed == 60
    # as Step Functions does, the job the Task was managing is stopped
    assert batch.terminated == [
        (
            "j1",
            f"The Task state in AWS Step Functions execution [{execution.arn}] which was managing this resource "
            "was aborted",
        )
    ]


def test_an_aborted_execution_stops_its_child_on_moto(executing: boto3.Session) -> None:
    sfn = executing.client("stepfunctions")
    waits = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}
    arn = sfn.create_state_machine(name="slow", definition=json.dumps(waits), roleArn=ROLE)["stateMachineArn"]
    machine = _task("arn:aws:states:::states:startExecution.sync", {"StateMachineArn": arn, "Name": "slow1"})
    state = {**machine.definition["States"]["Job"], "TimeoutSeconds": 30}
    machine = StateMachine({"StartAt": "Job", "States": {"Job": state, "Caught": {"Type": "Succeed"}}})
    execution = machine.run({}, aws=executing, clock=FakeClock())
    assert execution.output["error"]["Error"] == "States.Timeout"
    child = sfn.describe_execution(executionArn=arn.replace(":stateMachine:", ":execution:") + ":slow1")
    assert child["status"] == "ABORTED"


class _Ecs:
    """A stand-in ECS client: run_task answers ``failures``; the task stops with ``exit_code``."""

    def __init__(self, failures: list[dict[str, str]], exit_code: int) -> None:
        self.failures, self.exit_code = failures, exit_code

    def run_task(self, **params: Any) -> dict[str, Any]:
        task = {"taskArn": "arn:aws:ecs:us-east-1:1:task/c/t1", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c"}
        return {"tasks": [] if self.failures else [task], "failures": self.failures}

    def describe_tasks(self, cluster: str, tasks: list[str]) -> dict[str, Any]:
        container = {"name": "main", "exitCode": self.exit_code, "lastStatus": "STOPPED"}
        return {"tasks": [{"taskArn": tasks[0], "lastStatus": "STOPPED", "containers": [container]}]}


@pytest.mark.parametrize(
    ("failures", "exit_code", "error"),
    [
        ([], 0, None),
        ([], 2, "States.TaskFailed"),  # decided here: a container that exited non-zero fails the job
        ([{"arn": "arn:aws:ecs:::container-instance/i", "reason": "RESOURCE:CPU"}], 0, "AmazonECS.Unknown"),
    ],
)
def test_ecs_failures_and_exit_codes_decide_the_task(
    failures: list[dict[str, str]], exit_code: int, error: str | None
) -> None:
    machine = _task("arn:aws:states:::ecs:runTask.sync", {"Cluster": "c", "TaskDefinition": "job"})
    execution = machine.run({}, aws={"ecs": _Ecs(failures, exit_code)}, clock=FakeClock())
    if error is None:
        assert execution.output["Containers"][0]["ExitCode"] == 0
    else:
        assert execution.output["error"]["Error"] == error
    if failures:  # request-response returns the failures as they are
        plain = _task("arn:aws:states:::ecs:runTask", {"Cluster": "c", "TaskDefinition": "job"})
        assert plain.run({}, aws={"ecs": _Ecs(failures, exit_code)}).output["Failures"] == [
            {"Arn": failures[0]["arn"], "Reason": "RESOURCE:CPU"}
        ]


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:states:::ecs:runTask.sync",
        "arn:aws:states:::batch:submitJob.sync",
        "arn:aws:states:::glue:startJobRun.sync",
        "arn:aws:states:::states:startExecution.sync:2",
    ],
)
def test_sync_tasks_nothing_serves_are_named_with_how_to_serve_them(resource: str) -> None:
    with pytest.raises(UnservedTasksError, match=r"\.sync jobs") as raised:
        _task(resource, {}).run({})
    assert raised.value.targets[0].arn == resource
    with pytest.raises(UnservedTasksError):  # a service aws= does not reach
        _task(resource, {}).run({}, aws={"sqs": object()})


def test_the_shipped_glue_waiter_waits_on_a_client(session: boto3.Session) -> None:
    glue = session.client("glue")
    glue.create_job(Name="etl", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://b/k"})
    run_id = glue.start_job_run(JobName="etl")["JobRunId"]
    ended = wait(glue, "job_run_finished", JobName="etl", RunId=run_id, clock=FakeClock())
    assert ended["JobRun"]["JobRunState"] == "SUCCEEDED"
