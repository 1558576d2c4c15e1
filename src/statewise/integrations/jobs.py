"""Run a Job (``.sync``): what a job's resource hands the engine, and the shapes its end is read in.

Theory of operation: a ``.sync`` Task starts a job and waits until it ends.
Its resource returns :class:`Submitted` once the job has started: what
starting it returned, which the history records as ``TaskSubmitted``, and
the wait for its end, which the engine races against the Task's
``TimeoutSeconds`` and the execution's deadline. Jobs are served through AWS
clients (:mod:`statewise.integrations.sync_jobs`) or, for child state
machines bound locally, by the run itself (:mod:`statewise.integrations.nested`).

Either way Step Functions returns the job's description as its Java 1.x SDK
shapes it: PascalCase members in alphabetical order (:func:`java_shaped`),
dates in epoch milliseconds. A job that ends any other way than succeeding
fails the Task with ``States.TaskFailed`` and that description as JSON text
in the cause (:func:`job_failed`). ``states:startExecution.sync:2`` reads the
child's ``Input`` and ``Output`` back as JSON (:func:`json_payloads`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from statewise.base_errors import StatesError
from statewise.clock import EngineClock

__all__ = ["Submitted", "epoch_millis", "held", "java_shaped", "job_failed", "json_payloads"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Submitted:
    """A ``.sync`` Task's job has started: ``output`` is what starting it returned (``TaskSubmitted``);
    ``outcome()`` waits for the job's end and returns the Task's result, or raises its failure."""

    output: Any
    outcome: Callable[[], Awaitable[Any]]


async def held(clock: EngineClock, work: Awaitable[_T]) -> _T:
    """``work`` (a call in a worker thread, which a fake clock cannot see) awaited with a fake ``clock`` held
    still meanwhile; real time runs on."""
    hold = clock.hold()
    with hold if hold is not None else contextlib.nullcontext():
        return await work


def epoch_millis(moment: datetime) -> int:
    """A date as the Java 1.x SDK writes it: milliseconds since 1970."""
    return round(moment.timestamp() * 1000)


def java_shaped(description: Mapping[str, Any]) -> dict[str, Any]:
    """A job's description as Step Functions returns it: members in alphabetical order."""
    return dict(sorted(description.items()))


def job_failed(description: Any) -> StatesError:
    """The Task's failure for a job that ended badly: ``States.TaskFailed``, its description as the cause."""
    return StatesError("States.TaskFailed", json.dumps(description, separators=(",", ":")))


def json_payloads(description: Mapping[str, Any]) -> dict[str, Any]:
    """``.sync:2``: an execution's ``Input`` and ``Output`` read back as JSON."""
    out = dict(description)
    for key in ("Input", "Output"):
        if isinstance(out.get(key), str):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(out[key])
    return out
