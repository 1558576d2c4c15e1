"""Test one state, as AWS's TestState API does.

Theory of operation: ``StateMachine.test_state`` checks the request
(:func:`requested_state`), builds the execution context a run of the machine
would have and hands it to :func:`run_state`, which runs exactly one state
through the engine's own ``Run.state`` (so the behaviour is the engine's, not
a copy) and reports what TestState reports: the status, the output or the
error and cause, the next state, and, at inspection level DEBUG or TRACE, the
intermediate data (``input``, ``afterInputPath``, ``afterParameters``,
``result``, ``afterResultSelector``, ``afterResultPath``) as JSON strings, as
the API returns them.

The status follows botocore's ``TestExecutionStatus``. The engine tells
:class:`_Observer` (its ``on_decision``) what Retry and Catch decided for an
error (:func:`~statewise.asl.retry.decide`) before carrying it out; for the
tested state: when a retrier takes the error the test stops there, without
sleeping or running the state again, and reports ``RETRIABLE``; when a
catcher takes it and the state's output follows, the test reports
``CAUGHT_ERROR`` with that output, the catcher's ``Next``, and the error and
cause. Otherwise the state ``SUCCEEDED`` or ``FAILED``. Nested states retry
and catch as usual. At DEBUG and TRACE, ``inspection_data["errorDetails"]``
names the retrier (``retryIndex``, ``retryBackoffIntervalSeconds``) or the
catcher (``catchIndex``), as the API's ``InspectionErrorDetails`` does, and
``variables`` holds the variables after the state (those the request gave and
those the state assigned) when there are any. A Map adds ``maxConcurrency``,
its tolerated failure threshold where given, and the items after
``ItemsPath``, ``ItemSelector`` and ``ItemBatcher``. What the request puts in
place of parts of the run (a Map's or Parallel's mock, the context object,
retries spent, failed iterations, the ItemReader's data) is checked by
:mod:`statewise.asl.test_request`.

Like :meth:`~statewise.asl.machine.StateMachine.run`, :func:`run_state` works
with or without a running event loop (in a worker thread when there is one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from statewise.asl.driver import run_sync
from statewise.asl.engine import ExecutionTimedOut, Run
from statewise.asl.model import GuardedState, Program, State
from statewise.asl.retry import Catch, Decision, Retry
from statewise.asl.runtime import Frame
from statewise.asl.variables import Variables
from statewise.base_errors import StatesError, UnknownStateError
from statewise.clients import close_matches

__all__ = ["INSPECTION_LEVELS", "STATUSES", "StateTestResult", "requested_state", "run_state"]

INSPECTION_LEVELS: Final = ("INFO", "DEBUG", "TRACE")
STATUSES: Final = ("SUCCEEDED", "FAILED", "RETRIABLE", "CAUGHT_ERROR")
"""TestState's statuses (botocore ``TestExecutionStatus``)."""


@dataclass(frozen=True, slots=True)
class StateTestResult:
    """What TestState returns for one state."""

    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None
    next_state: str | None = None
    inspection_data: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)


class _Retriable(BaseException):
    """A retrier of the tested state took ``error``: the test ends RETRIABLE.

    Control flow, not a failure: a BaseException, so the engine's net for its own bugs
    (``except Exception`` in ``Run.state``) lets it through, as it does CancelledError.
    """

    def __init__(self, error: StatesError, index: int, delay: float) -> None:
        super().__init__(error.error)
        self.error, self.index, self.delay = error, index, delay


@dataclass(slots=True)
class _Observer:
    """Stops at the tested state's first retry and notes which catcher took its error."""

    tested: str  # the pointer of the tested state; nested states retry and catch as usual
    caught: tuple[int, StatesError] | None = None

    def decided(self, state: GuardedState, error: StatesError, decision: Decision) -> None:
        if state.pointer != self.tested:
            return
        if isinstance(decision, Retry):
            raise _Retriable(error, decision.index, decision.delay)
        if isinstance(decision, Catch):
            self.caught = (decision.index, error)


def requested_state(program: Program, machine_name: str, state_name: str, inspection_level: str) -> State:
    """The top-level state a test names; ValueError for an unknown level, UnknownStateError for an unknown state."""
    if inspection_level not in INSPECTION_LEVELS:
        raise ValueError(f"inspection_level must be one of {', '.join(INSPECTION_LEVELS)}, got {inspection_level!r}")
    state = program.states.get(state_name)
    if state is None:
        names = program.states
        raise UnknownStateError(
            f"{machine_name} has no top-level state named {state_name!r}; its states: {', '.join(names)}",
            name=state_name,
            suggestions=close_matches(state_name, names),
        )
    return state


def run_state(
    run: Run, state: State, data: Any, inspection_level: str, variables: Mapping[str, Any] | None = None
) -> StateTestResult:
    """Run ``state`` once on ``data`` (the execution input, already checked) in the context ``run`` gives,
    with ``variables`` set."""
    observer = _Observer(state.pointer)
    run.on_decision = observer.decided
    run.inspection = {} if inspection_level != "INFO" else None
    history = run.history
    frame = Frame(0, variables=Variables(variables))

    def result(
        status: str, output: Any = None, error: StatesError | None = None, nxt: str | None = None
    ) -> StateTestResult:
        error_name = None if error is None else error.error or None
        cause = None if error is None else error.cause
        if frame.variables.values:  # the variables after the state: those given and those it assigned
            run.inspect("variables", frame.variables.values)
        return StateTestResult(status, output, error_name, cause, nxt, run.inspection or {}, history.events)

    try:
        output, nxt = run_sync(run.state(state, data, frame))
    except _Retriable as retry:
        details = {"retryIndex": retry.index, "retryBackoffIntervalSeconds": round(retry.delay)}
        _details(run, details)
        return result("RETRIABLE", error=retry.error)
    except ExecutionTimedOut:
        return result("FAILED", error=StatesError("States.Timeout"))
    except StatesError as error:
        return result("FAILED", error=error)
    if observer.caught is not None:
        index, caught = observer.caught
        _details(run, {"catchIndex": index})
        return result("CAUGHT_ERROR", output, caught, nxt)
    return result("SUCCEEDED", output, None, nxt)


def _details(run: Run, details: dict[str, Any]) -> None:
    """``errorDetails`` of the inspection data (DEBUG and TRACE only)."""
    if run.inspection is not None:
        run.inspection["errorDetails"] = details
