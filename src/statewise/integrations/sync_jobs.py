"""``.sync`` jobs served through AWS clients: ECS runTask, Batch submitJob, Glue startJobRun, Step Functions
startExecution.

Theory of operation: a ``.sync`` Task makes the optimized integration's call
(:class:`~statewise.integrations.optimized.OptimizedCall`, with its error
names) and returns :class:`~statewise.integrations.jobs.Submitted`: what the
call returned, which the history records as ``TaskSubmitted``, and the wait
for the job's end, which the engine races against the Task's
``TimeoutSeconds`` and the execution's deadline. One table, :data:`SYNC_JOBS`,
says per job which waiter (in the specs format, from
:mod:`statewise.specs.registry`) polls it, with which parameters taken from
the start call, where the job is in the poll's response, which of its final
statuses succeed, and what else fails it; :class:`SyncJobs` is the generic
resolver link over it. The wait is :func:`statewise.async_wait` on the run's
clock with exponential backoff (2 s, doubling up to the waiter's delay) and
no budget of its own: the Task's limits end it. Calls are made off the loop
(:func:`~statewise.integrations.resources.off_loop`) with a fake clock held
still, so polls see only the time the waits took.
The job's description comes back shaped as :mod:`statewise.integrations.jobs`
says.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from statewise.clock import EngineClock
from statewise.integrations.aws_sdk import AwsClients, shape_response
from statewise.integrations.jobs import Submitted, held, java_shaped, job_failed, json_payloads
from statewise.integrations.optimized import SERVICES, OptimizedCall
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource, off_loop
from statewise.integrations.sdk_names import python_method
from statewise.integrations.shapes import from_api
from statewise.integrations.targets import Pattern, TargetKind
from statewise.specs.expressions import Expr, compile_expr

__all__ = ["SYNC_JOBS", "SyncJob", "SyncJobs"]


@dataclass(frozen=True, slots=True)
class SyncJob:
    """How Step Functions runs one service's job and reads its end.

    ``waiter`` names the waiter spec that polls the job until it is over;
    ``poll`` maps each parameter of its operation to a JMESPath expression
    over ``{"request": ..., "response": ...}`` of the start call (the API's own
    member names); ``job`` finds the job in the poll's response and ``status``
    its status in it (Step Functions' PascalCase names); ``failed_if`` fails a
    job whatever its status; ``added`` copies start parameters into the result;
    ``stop`` is the action, and its parameters over the same document plus
    ``reason``, that stops the job when the Task ends before it (a timeout, an
    abort), as Step Functions does.
    """

    waiter: str
    poll: Mapping[str, str]
    job: str
    status: str
    succeeded: frozenset[str]
    stop: tuple[str, Mapping[str, str]]
    failed_if: str | None = None
    added: Mapping[str, str] | None = None
    patterns: tuple[Pattern, ...] = (Pattern.SYNC,)


SYNC_JOBS: Final[Mapping[tuple[str, str], SyncJob]] = {
    ("states", "startExecution"): SyncJob(
        "ExecutionFinished",
        {"executionArn": "response.executionArn"},
        job="@",
        status="Status",
        succeeded=frozenset({"SUCCEEDED"}),
        stop=("stopExecution", {"executionArn": "response.executionArn", "cause": "reason"}),
        patterns=(Pattern.SYNC, Pattern.SYNC2),
    ),
    ("ecs", "runTask"): SyncJob(
        "TasksStopped",
        {"cluster": "response.tasks[0].clusterArn", "tasks": "[response.tasks[0].taskArn]"},
        job="Tasks[0]",
        status="LastStatus",
        succeeded=frozenset({"STOPPED"}),
        stop=(
            "stopTask",
            {"cluster": "response.tasks[0].clusterArn", "task": "response.tasks[0].taskArn", "reason": "reason"},
        ),
        # decided here (AWS documents no rule): a container that exited non-zero fails the task
        failed_if="length(Containers[?ExitCode != null && ExitCode != `0`] || `[]`) > `0`",
    ),
    ("batch", "submitJob"): SyncJob(
        "JobFinished",
        {"jobs": "[response.jobId]"},
        job="Jobs[0]",
        status="Status",
        succeeded=frozenset({"SUCCEEDED"}),
        stop=("terminateJob", {"jobId": "response.jobId", "reason": "reason"}),
    ),
    ("glue", "startJobRun"): SyncJob(
        "JobRunFinished",
        {"JobName": "request.JobName", "RunId": "response.JobRunId"},
        job="JobRun",
        status="JobRunState",
        succeeded=frozenset({"SUCCEEDED", "STOPPED"}),
        stop=("batchStopJobRun", {"JobName": "request.JobName", "JobRunIds": "[response.JobRunId]"}),
        added={"JobName": "request.JobName"},  # Step Functions adds the job's name to the run
    ),
}
"""(Step Functions' service, action) -> how its ``.sync`` job is watched and read."""

_MIN_DELAY: Final = 2.0  # seconds: the first poll's delay, doubling up to the waiter's


@cache
def _expr(source: str) -> Expr:
    return compile_expr(source, spec="statewise.integrations.sync_jobs.SYNC_JOBS")


@dataclass(frozen=True, slots=True)
class SyncJobs:
    """Serves the ``.sync`` Tasks of :data:`SYNC_JOBS` through ``clients``, waiting on ``clock``."""

    clients: AwsClients
    clock: EngineClock

    def resolve(self, task: TaskRef) -> Resource | None:
        target = task.target
        job = SYNC_JOBS.get((target.service, target.action)) if target.kind is TargetKind.SERVICE else None
        if job is None or target.pattern not in job.patterns:
            return None
        service = SERVICES[target.service]
        if not self.clients.reaches(service.boto3, target.service):
            return None
        start = OptimizedCall(self.clients, service, target.service, target.action, target.pattern)
        return _SyncCall(start, job, self.clock)


@dataclass(frozen=True, slots=True)
class _SyncCall:
    start: OptimizedCall
    job: SyncJob
    clock: EngineClock
    blocking = False  # its calls hold the clock themselves, so the Task's limits race the wait

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        request, response = await held(self.clock, off_loop(self.start.send, payload))
        submitted = self.start.result(response)
        execution = context.get("Execution", {}).get("Id", "")
        reason = (
            f"The Task state in AWS Step Functions execution [{execution}] which was managing this resource was aborted"
        )
        seen = {"request": request, "response": response, "reason": reason}
        params = {name: _expr(source).search(seen) for name, source in self.job.poll.items()}
        added = {name: _expr(source).search(seen) for name, source in (self.job.added or {}).items()}
        stop = {name: _expr(source).search(seen) for name, source in self.job.stop[1].items()}
        return Submitted(submitted, lambda: self.finish(params, added, stop))

    async def finish(self, params: dict[str, Any], added: dict[str, Any], stop: dict[str, Any]) -> Any:
        """Poll until the job is over; its description, or its failure. Cancelled (the Task timed out, the
        execution stopped), it stops the job first."""
        from statewise.specs.registry import find_waiter  # noqa: PLC0415 - with the waiter layer, below
        from statewise.waiting.aio import async_wait  # noqa: PLC0415 - loads botocore: only runs that poll

        boto3 = self.start.service.boto3
        spec = find_waiter(boto3, self.job.waiter)
        assert spec is not None, f"{boto3} has no {self.job.waiter} waiter"  # pinned by the table's tests
        action = spec.operation[:1].lower() + spec.operation[1:]
        method = getattr(self.start.clients.client(boto3, self.start.name), python_method(action))

        def call(kwargs: dict[str, Any]) -> Any:
            try:
                return method(**kwargs)
            except Exception as exc:  # named as the start call's errors are, never read by the waiter
                raise self.start.failure(exc) from exc

        async def poll(**kwargs: Any) -> Any:
            return await held(self.clock, off_loop(call, kwargs))

        try:
            ended = await async_wait(
                poll,
                spec=spec,
                clock=self.clock,
                backoff="exponential",
                min_delay=_MIN_DELAY,
                timeout=math.inf,
                **params,
            )
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):  # best effort, as Step Functions' own
                client = self.start.clients.client(boto3, self.start.name)
                getattr(client, python_method(self.job.stop[0]))(**stop)
            raise
        shaped = shape_response(from_api(boto3, action, ended), epoch_millis=True)
        description = java_shaped({**(_expr(self.job.job).search(shaped) or {}), **added})
        if self.start.pattern is Pattern.SYNC2:
            description = json_payloads(description)
        failed = self.job.failed_if is not None and _expr(self.job.failed_if).search(description)
        if description.get(self.job.status) not in self.job.succeeded or failed:
            raise job_failed(description)
        return description
