"""Test one state, as AWS's TestState API does.

Theory of operation: :func:`run_state` builds an execution context for the
machine, runs exactly one state through the engine's own ``Run.state`` (so the
behaviour is the engine's, not a copy) and reports what TestState reports:
the status, the output or the error and cause, the next state, and, at
inspection level DEBUG or TRACE, the intermediate data (``input``,
``afterInputPath``, ``afterParameters``, ``result``, ``afterResultSelector``,
``afterResultPath``) as JSON strings, as the API returns them.

The status follows botocore's ``TestExecutionStatus``. Retry and Catch of the
tested state go through :class:`_TestRun`, a :class:`~statewise.asl.engine.Run`
whose ``handle`` sees what the engine decides: when a retrier takes the error
the test stops there, without sleeping or running the state again, and reports
``RETRIABLE``; when the engine's ``handle`` returns an output, a catcher took
the error and the test reports ``CAUGHT_ERROR`` with that output, the
catcher's ``Next``, and the error and cause. Otherwise the state ``SUCCEEDED``
or ``FAILED``. At DEBUG and TRACE, ``inspection_data["errorDetails"]`` names
the retrier (``retryIndex``, ``retryBackoffIntervalSeconds``) or the catcher
(``catchIndex``), as the API's ``InspectionErrorDetails`` does.

Like :meth:`~statewise.asl.machine.StateMachine.run`, :func:`run_state` works
with or without a running event loop (in a worker thread when there is one).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Final

from statewise.asl.engine import ExecutionTimedOut, Frame, Run, execution_input
from statewise.asl.history import History
from statewise.asl.machine import _run_sync
from statewise.asl.retry import first_match, retry_delay
from statewise.base_errors import StatesError, UnknownStateError
from statewise.clients import close_matches

if TYPE_CHECKING:
    from pathlib import Path

    from statewise.asl.env import Env
    from statewise.asl.machine import StateMachine
    from statewise.asl.model import GuardedState
    from statewise.clock import Clock

__all__ = ["INSPECTION_LEVELS", "STATUSES", "StateTestResult", "run_state"]

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
class _TestRun(Run):
    """A Run that stops at the tested state's first retry and notes which catcher took an error."""

    tested: str = ""  # the pointer of the tested state; nested states retry and catch as usual
    caught: tuple[int, StatesError] | None = None

    @classmethod
    def of(cls, run: Run, tested: str) -> _TestRun:
        return cls(**{f.name: getattr(run, f.name) for f in fields(run)}, tested=tested)

    async def handle(
        self, state: GuardedState, data: Any, env: Env, frame: Frame, error: StatesError, attempts: list[int]
    ) -> tuple[Any, str | None] | None:
        if state.pointer != self.tested:
            return await Run.handle(self, state, data, env, frame, error, attempts)
        retrier = first_match(state.retry, error.error)
        if retrier is not None:
            delay = retry_delay(retrier[1], attempts[retrier[0]], self.rng)
            if delay is not None:
                raise _Retriable(error, retrier[0], delay)
        handled = await Run.handle(self, state, data, env, frame, error, attempts)
        # The engine returns an output only when a catcher took the error (a retry returns None).
        catcher = first_match(state.catch, error.error)
        if handled is not None and catcher is not None:
            self.caught = (catcher[0], error)
        return handled


def run_state(
    machine: StateMachine,
    state_name: str,
    data: Any,
    *,
    inspection_level: str = "INFO",
    clock: Clock | None = None,
    seed: int | None = None,
    resources: dict[str, Any] | None = None,
    data_dir: str | Path | None = None,
) -> StateTestResult:
    """Run ``state_name`` of ``machine`` once on ``data``."""
    if inspection_level not in INSPECTION_LEVELS:
        raise ValueError(f"inspection_level must be one of {', '.join(INSPECTION_LEVELS)}, got {inspection_level!r}")
    state = machine.program.states.get(state_name)
    if state is None:
        names = machine.program.states
        raise UnknownStateError(
            f"{machine.name} has no top-level state named {state_name!r}; its states: {', '.join(names)}",
            name=state_name,
            suggestions=close_matches(state_name, names),
        )
    options = machine._options(clock, seed, resources, data_dir)
    history = History(options.clock.now)
    data = execution_input(data)  # refused as StartExecution refuses it; Decimals become plain numbers
    base = machine.make_run(options, history, machine._identity(None, options.rng), data, None)
    run = _TestRun.of(base, state.pointer)
    run.inspection = {} if inspection_level != "INFO" else None

    def result(
        status: str, output: Any = None, error: StatesError | None = None, nxt: str | None = None
    ) -> StateTestResult:
        error_name = None if error is None else error.error or None
        cause = None if error is None else error.cause
        return StateTestResult(status, output, error_name, cause, nxt, run.inspection or {}, history.events)

    try:
        output, nxt = _run_sync(run.state(state, data, Frame(0)))
    except _Retriable as retry:
        details = {"retryIndex": retry.index, "retryBackoffIntervalSeconds": round(retry.delay)}
        _details(run, details)
        return result("RETRIABLE", error=retry.error)
    except ExecutionTimedOut:
        return result("FAILED", error=StatesError("States.Timeout"))
    except StatesError as error:
        return result("FAILED", error=error)
    if run.caught is not None:
        index, caught = run.caught
        _details(run, {"catchIndex": index})
        return result("CAUGHT_ERROR", output, caught, nxt)
    return result("SUCCEEDED", output, None, nxt)


def _details(run: Run, details: dict[str, Any]) -> None:
    """``errorDetails`` of the inspection data (DEBUG and TRACE only)."""
    if run.inspection is not None:
        run.inspection["errorDetails"] = details
