"""Which history events a Task state records, by the kind of resource it calls.

AWS names a Task's events after what the resource ARN points at:

* a service integration (``arn:aws:states:::lambda:invoke``,
  ``arn:aws:states:::aws-sdk:s3:listObjectsV2``): ``TaskScheduled``,
  ``TaskStarted``, ``TaskSucceeded``/``TaskFailed``/``TaskTimedOut``, with
  ``resourceType``/``resource`` in every detail;
* a Lambda function ARN (``arn:aws:lambda:...:function:f``): the
  ``LambdaFunction*`` family, ``input`` instead of ``parameters``, and a
  ``LambdaFunctionStarted`` with no details;
* an activity ARN (``arn:aws:states:...:activity:a``): the ``Activity*`` family.

:func:`task_events` returns the family for a Task's
:class:`~statewise.integrations.targets.Target` (read once, when the definition
is parsed); its methods build each event's details in that family's shape
(botocore's ``...EventDetails``), in the run's region.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from statewise.integrations.targets import Target, TargetKind

__all__ = ["TaskEvents", "task_events"]

_NOT_TRUNCATED = {"truncated": False}


@dataclass(frozen=True, slots=True)
class TaskEvents:
    """The event types of one family and the resource fields every detail of it carries."""

    prefix: str  # "Task", "LambdaFunction", "Activity"
    resource: dict[str, str]  # fields repeated in each detail (service integrations only)
    arn: str
    region: str

    def type(self, outcome: str) -> str:
        """``Scheduled``, ``Started``, ``Succeeded``, ``Failed`` or ``TimedOut``, in this family."""
        return self.prefix + outcome

    def scheduled(self, parameters: str, timeout: int | None, heartbeat: int | None) -> dict[str, Any]:
        if self.prefix == "Task":
            details: dict[str, Any] = {**self.resource, "region": self.region, "parameters": parameters}
        else:
            details = {"resource": self.arn, "input": parameters, "inputDetails": _NOT_TRUNCATED}
        if timeout is not None:
            details["timeoutInSeconds"] = timeout
        if heartbeat is not None and self.prefix != "LambdaFunction":
            details["heartbeatInSeconds"] = heartbeat
        return details

    def started(self) -> dict[str, Any] | None:
        if self.prefix == "Task":
            return dict(self.resource)
        return {"workerName": "statewise"} if self.prefix == "Activity" else None

    def submitted(self, output: str) -> dict[str, Any]:
        """A callback's hand-over went out (``.waitForTaskToken``): what it returned."""
        return {**self.resource, "output": output, "outputDetails": _NOT_TRUNCATED}

    def succeeded(self, output: str) -> dict[str, Any]:
        return {**self.resource, "output": output, "outputDetails": _NOT_TRUNCATED}

    def failed(self, error: str, cause: str | None) -> dict[str, Any]:
        details = {**self.resource, "error": error}
        if cause is not None:
            details["cause"] = cause
        return details


_PREFIX: Final = {
    TargetKind.SERVICE: "Task",
    TargetKind.LOCAL: "Task",  # a local name bound with resources= records as a generic Task
    TargetKind.LAMBDA_FUNCTION: "LambdaFunction",
    TargetKind.ACTIVITY: "Activity",
}


@lru_cache(maxsize=256)
def task_events(target: Target, region: str) -> TaskEvents:
    """The event family of a Task calling ``target``, in ``region``."""
    prefix = _PREFIX[target.kind]
    resource = {"resourceType": target.resource_type, "resource": target.resource} if prefix == "Task" else {}
    return TaskEvents(prefix, resource, target.arn, region)
