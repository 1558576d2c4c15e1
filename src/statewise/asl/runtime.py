"""What the engine and the states it delegates to share while a run is in progress.

Theory of operation: :class:`Frame` is one thread of events (the machine's
own walk, a Parallel branch, a Map iteration): the id of its last event, the
variables it sees and what the current state will assign. :class:`Runner` is
the part of :class:`~statewise.asl.engine.Run` that Parallel and Map states
(:mod:`statewise.asl.mapping`) call back into: walking a program, Retry and
Catch around their work, the history and the execution's limits.

This module sits below the engine, so the engine imports the modules it
dispatches to and none of them imports the engine back.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from statewise.asl.env import Env
from statewise.asl.history import History
from statewise.asl.model import Catcher, ChoiceBranch, GuardedState, Program, State
from statewise.asl.redrive import Resume
from statewise.asl.stand_in import StandIn
from statewise.asl.variables import Variables
from statewise.integrations.resolver import Resolver

__all__ = ["Frame", "Runner", "Work"]


@dataclass(slots=True)
class Frame:
    """One thread of events: its last event id, inside a Map its item, inside a Parallel branch a flag,
    its variables, and what the current state will assign when it succeeds."""

    last: int
    map_item: dict[str, Any] | None = None
    in_parallel: bool = False
    last_output: tuple[Any, str] | None = None  # the last output and its JSON, to reuse as the next input
    variables: Variables = field(default_factory=Variables)
    entered: int = 0
    pending: dict[str, Any] | None = None
    state_input: Any = None  # the current state's raw input: TimeoutSecondsPath and friends read it

    def assign(self, holder: State | Catcher | ChoiceBranch, data: Any, env: Env) -> None:
        """Evaluate ``holder``'s Assign (``$`` is ``data`` in JSONPath); applied when the state succeeds."""
        if holder.assign is not None:
            self.pending = holder.assign.evaluate(data, env)


Work = Callable[[Any, Env, Frame], Awaitable[Any]]
"""What a Task, Parallel or Map state does with its effective input, under Retry and Catch."""


class Runner(Protocol):
    """What Parallel and Map states need from the run stepping them."""

    @property
    def history(self) -> History: ...

    @property
    def rng(self) -> random.Random: ...

    @property
    def state_machine(self) -> dict[str, Any]: ...

    @property
    def resolver(self) -> Resolver: ...

    @property
    def children(self) -> list[Any]: ...

    @property
    def start_child(self) -> Callable[..., Awaitable[Any]] | None: ...

    def check_deadline(self) -> None:
        """Raise ExecutionTimedOut once the execution's time is up."""
        ...

    def inspect(self, stage: str, value: Any, *, as_json: bool = True) -> None:
        """Record an intermediate value for TestState's inspection data."""
        ...

    def stood_in(self, state: State) -> StandIn | None:
        """What a TestState request puts in place for ``state``."""
        ...

    def resumed(self, state: State) -> Resume | None:
        """What a redriven ``state`` keeps from before (its first entry in a redrive only)."""
        ...

    async def program(self, program: Program, data: Any, frame: Frame) -> Any:
        """Walk ``program`` on ``data``; its output."""
        ...

    async def guarded(
        self, state: GuardedState, data: Any, env: Env, frame: Frame, work: Work
    ) -> tuple[Any, str | None]:
        """Input processing, ``work``, result processing, under Retry and Catch; the output and next state."""
        ...
