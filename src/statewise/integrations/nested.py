"""Child state machines run locally: ``states:startExecution.sync`` and ``.sync:2`` without AWS.

Theory of operation: bind a child :class:`~statewise.StateMachine` under the
ARN the parent's Task names in ``StateMachineArn``
(``resources={child_arn: StateMachine(...)}``) and :class:`NestedMachines`
serves the parent's ``startExecution.sync`` Tasks, picking the child per call
by that parameter, as :mod:`statewise.integrations.lambdas` picks functions
by ``FunctionName``. Its resource cannot start an execution itself: it
returns a :class:`NestedExecution` request, which the engine hands to the
run (``Run.start_nested``), so the child runs through the same engine, on
the same clock, with the same options (the same resolver chain serves its
Tasks) and seeded generator, and appears in the parent's
``Execution.children``. ``Input`` is the child's input as given (JSON text
is read as JSON), with ``AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`` in it
when the parent passes ``$$.Execution.Id`` under that name, as AWS's docs
ask. The run answers with :class:`~statewise.integrations.jobs.Submitted`:
StartExecution's response (``TaskSubmitted``), then the child's
DescribeExecution as Step Functions returns it (:meth:`NestedExecution.result`).
Bound child machines serve every ``startExecution.sync`` Task of the run: an
ARN none is bound under fails as ``StepFunctions.StateMachineDoesNotExistException``
rather than reaching ``aws=``. Child executions share the parent's mocks
(``mock_config=`` answers by state name) and are not checked for duplicate
names across retries, as AWS would with ``ExecutionAlreadyExists``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol, runtime_checkable

from statewise.base_errors import StatesError
from statewise.integrations.jobs import epoch_millis, java_shaped, job_failed, json_payloads
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource
from statewise.integrations.targets import Pattern, TargetKind

__all__ = ["FinishedExecution", "LocalMachine", "NestedExecution", "NestedMachines"]

_PATTERNS: Final = (Pattern.SYNC, Pattern.SYNC2)
_NOT_REDRIVABLE: Final = "Execution is SUCCEEDED and cannot be redriven"


@runtime_checkable
class LocalMachine(Protocol):
    """What ``resources=`` may bind as a child state machine: a :class:`~statewise.StateMachine`."""

    @property
    def arn(self) -> str: ...

    @property
    def task_resources(self) -> frozenset[str]: ...


class FinishedExecution(Protocol):
    """What the result is read from: a finished :class:`~statewise.Execution`."""

    @property
    def arn(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def input(self) -> Any: ...

    @property
    def output(self) -> Any: ...

    @property
    def error(self) -> str | None: ...

    @property
    def cause(self) -> str | None: ...

    @property
    def start_date(self) -> datetime: ...

    @property
    def stop_date(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class NestedExecution:
    """A Task asks its run to start ``machine`` (bound as ``machine_arn``) with ``input`` and wait for it."""

    machine: Any
    machine_arn: str
    input: Any
    name: str | None
    pattern: Pattern

    @staticmethod
    def submitted(arn: str, started: datetime) -> dict[str, Any]:
        """StartExecution's response, as the history's ``TaskSubmitted`` records it."""
        return {"ExecutionArn": arn, "StartDate": epoch_millis(started)}

    def result(self, execution: FinishedExecution) -> dict[str, Any]:
        """The child's DescribeExecution as the Task returns it; raises ``States.TaskFailed`` unless it
        succeeded."""
        status = str(execution.status)
        described: dict[str, Any] = {
            "ExecutionArn": execution.arn,
            "Input": _text(execution.input),
            "InputDetails": {"Included": True},
            "Name": execution.name,
            "RedriveCount": 0,
            "RedriveStatus": "NOT_REDRIVABLE" if status == "SUCCEEDED" else "REDRIVABLE",
            "StartDate": epoch_millis(execution.start_date),
            "StateMachineArn": self.machine_arn,
            "Status": status,
            "StopDate": epoch_millis(execution.stop_date),
        }
        if status == "SUCCEEDED":
            described |= {
                "Output": _text(execution.output),
                "OutputDetails": {"Included": True},
                "RedriveStatusReason": _NOT_REDRIVABLE,
            }
        described |= {key: value for key, value in (("Error", execution.error), ("Cause", execution.cause)) if value}
        shaped = java_shaped(described)
        if self.pattern is Pattern.SYNC2:
            shaped = json_payloads(shaped)
        if status != "SUCCEEDED":
            raise job_failed(shaped)
        return shaped


def _text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class NestedMachines:
    """Serves ``states:startExecution.sync`` (and ``.sync:2``) from the child state machines bound by ARN."""

    machines: Mapping[str, Any]

    @classmethod
    def of(cls, resources: Any) -> tuple[NestedMachines, Any]:
        """The state machines among ``resources``, and the other bindings (anything but a mapping is passed
        on whole, for :func:`~statewise.integrations.resources.bind_all` to refuse)."""
        if not isinstance(resources, Mapping):
            return cls({}), resources
        machines = {arn: value for arn, value in resources.items() if isinstance(value, LocalMachine)}
        return cls(machines), {arn: value for arn, value in resources.items() if arn not in machines}

    def resolve(self, task: TaskRef) -> Resource | None:
        target = task.target
        if not self.machines or target.kind is not TargetKind.SERVICE or target.pattern not in _PATTERNS:
            return None
        if (target.service, target.action) != ("states", "startExecution"):
            return None
        return _Start(self.machines, target.pattern)


@dataclass(frozen=True, slots=True)
class _Start:
    machines: Mapping[str, Any]
    pattern: Pattern
    blocking = False

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        params = payload if isinstance(payload, dict) else {}
        arn = str(params.get("StateMachineArn", ""))
        machine = self.machines.get(arn)
        if machine is None:
            raise StatesError(
                "StepFunctions.StateMachineDoesNotExistException",
                f"State Machine Does Not Exist: '{arn}' (Service: AWSStepFunctions; Status Code: 400; "
                "Error Code: StateMachineDoesNotExist; Request ID: statewise; Proxy: null); "
                f"bound state machines: {', '.join(sorted(self.machines))}",
            )
        name = params.get("Name")
        if name is not None and (not isinstance(name, str) or not name):
            raise StatesError(
                "StepFunctions.InvalidNameException",
                f"Invalid Name: '{name}' (Service: AWSStepFunctions; Status Code: 400; Error Code: InvalidName; "
                "Request ID: statewise; Proxy: null)",
            )
        return NestedExecution(machine, arn, params.get("Input", {}), name, self.pattern)
