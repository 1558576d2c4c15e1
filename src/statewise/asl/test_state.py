"""Test one state, as AWS's TestState API does.

Theory of operation: :func:`run_state` builds an execution context for the
machine, runs exactly one state through the engine's own ``Run.state`` (so the
behaviour is the engine's, not a copy) and reports what TestState reports:
the status (``SUCCEEDED``, ``FAILED``, or ``CAUGHT_ERROR`` when a Catch took
the error), the output or the error and cause, the next state, and, at
inspection level DEBUG or TRACE, the intermediate data (``input``,
``afterInputPath``, ``afterParameters``, ``result``, ``afterResultSelector``,
``afterResultPath``) as JSON strings, as the API returns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from statewise.asl.engine import ExecutionTimedOut, Frame
from statewise.asl.history import History
from statewise.asl.machine import _drive
from statewise.asl.model import GuardedState
from statewise.errors import StatesError

if TYPE_CHECKING:
    from pathlib import Path

    from statewise.asl.machine import StateMachine
    from statewise.clock import Clock

__all__ = ["INSPECTION_LEVELS", "StateTestResult", "run_state"]

INSPECTION_LEVELS: Final = ("INFO", "DEBUG", "TRACE")


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
        raise KeyError(f"no top-level state named {state_name!r}; states: {', '.join(machine.program.states)}")
    options = machine._options(clock, seed, resources, data_dir)
    history = History(options.clock.now)
    data = {} if data is None else data
    run = machine.make_run(options, history, machine._identity(None, options.rng), data, None)
    run.inspection = {} if inspection_level != "INFO" else None
    try:
        output, nxt = _drive(run.state(state, data, Frame(0)))
    except (StatesError, ExecutionTimedOut) as exc:
        error = exc if isinstance(exc, StatesError) else StatesError("States.Timeout")
        return StateTestResult(
            "FAILED", None, error.error or None, error.cause, None, run.inspection or {}, history.events
        )
    caught = isinstance(state, GuardedState) and nxt in {c.next for c in state.catch} and nxt != state.next
    if caught:
        return StateTestResult("CAUGHT_ERROR", output, None, None, nxt, run.inspection or {}, history.events)
    return StateTestResult("SUCCEEDED", output, None, None, nxt, run.inspection or {}, history.events)
