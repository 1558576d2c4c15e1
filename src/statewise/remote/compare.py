"""``statewise.remote.compare``: run one input on the laptop and on AWS, and say where the two disagree.

Theory of operation: :func:`compare` runs the definition on the local
engine (its AWS SDK Tasks calling the same account, region and endpoint as
the remote run, unless ``aws=`` says otherwise) and starts the deployed state
machine on the same input with :func:`statewise.remote.run`. The two
:class:`~statewise.Execution` values are compared field by field in the order
of :data:`_FIELDS` -- status, output, error, cause, and the sequence of
history event types (ids and timestamps differ by nature; what happened, and
in which order, should not). :meth:`Comparison.report` prints each
difference as a unified diff of the two sides.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from statewise.asl.machine import Execution, StateMachine
from statewise.clock import Clock
from statewise.integrations.aws_sdk import AwsClients
from statewise.remote.aws import stepfunctions_client
from statewise.remote.run import run

__all__ = ["Comparison", "Difference", "compare"]


def _event_types(execution: Execution) -> list[str]:
    return [event["type"] for event in execution.history]


# field -> how to read it from an execution, in the order differences are reported
_FIELDS: Final[dict[str, Callable[[Execution], Any]]] = {
    "status": lambda execution: str(execution.status),
    "output": lambda execution: execution.output,
    "error": lambda execution: execution.error,
    "cause": lambda execution: execution.cause,
    "events": _event_types,
}


@dataclass(frozen=True, slots=True)
class Difference:
    """One field on which the local and the remote execution disagree, with both values."""

    field: str
    local: Any
    remote: Any

    def diff(self) -> str:
        """The two values as a unified diff, local first (event types one a line, other values as JSON)."""
        mine, theirs = _lines(self.local), _lines(self.remote)
        lines = difflib.unified_diff(mine, theirs, f"local {self.field}", f"remote {self.field}", lineterm="")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A local and a remote execution of the same input, and where they differ."""

    local: Execution
    remote: Execution
    differences: tuple[Difference, ...]

    @property
    def equal(self) -> bool:
        return not self.differences

    def report(self) -> str:
        """A readable account: one line when they agree, else a diff per field that differs."""
        if self.equal:
            return (f"local and remote agree: {self.local.status}, the same output, error and cause, "
                    f"and the same {len(self.local.history)} history event types")  # fmt: skip
        parts = [f"local and remote differ in {', '.join(d.field for d in self.differences)}"]
        return "\n".join([*parts, *(d.diff() for d in self.differences)])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: whether they agree, both executions' ARNs and each difference's two values."""
        return {
            "equal": self.equal,
            "local": self.local.arn,
            "remote": self.remote.arn,
            "differences": [{"field": d.field, "local": d.local, "remote": d.remote} for d in self.differences],
        }


def compare(
    definition: Any,
    input: Any = None,
    *,
    remote: str,
    substitutions: Mapping[str, Any] | None = None,
    session: Any = None,
    client: Any = None,
    endpoint_url: str | None = None,
    region: str | None = None,
    aws: Any = None,
    resources: dict[str, Any] | None = None,
    clock: Clock | None = None,
    timeout: float | None = None,
) -> Comparison:
    """Run ``definition`` locally and the state machine ``remote`` (name or ARN) on AWS with the same ``input``.

    ``aws`` is where the local run's AWS calls go (default: ``session`` with ``endpoint_url`` and ``region``,
    as the remote run's); ``resources`` binds local Tasks; ``clock`` paces both (a FakeClock in tests).
    """
    if session is None and aws is None:
        import boto3  # noqa: PLC0415 - only code that calls AWS loads boto3

        session = boto3.Session(region_name=region)
    local_aws = aws if aws is not None else AwsClients(session=session, endpoint_url=endpoint_url, region=region)
    sfn = client or stepfunctions_client(session=session, endpoint_url=endpoint_url, region=region)
    local = StateMachine(definition, substitutions=substitutions).run(
        input, clock=clock, aws=local_aws, resources=resources
    )
    remote_execution = run(remote, input, client=sfn, clock=clock, timeout=timeout)
    return Comparison(local, remote_execution, differences(local, remote_execution))


def differences(local: Execution, remote: Execution) -> tuple[Difference, ...]:
    """The fields of :data:`_FIELDS` on which ``local`` and ``remote`` differ, in that order."""
    read = ((name, get(local), get(remote)) for name, get in _FIELDS.items())
    return tuple(Difference(name, mine, theirs) for name, mine, theirs in read if mine != theirs)


def _lines(value: Any) -> list[str]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return json.dumps(value, indent=2, sort_keys=True, default=str).splitlines()
