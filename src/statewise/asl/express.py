"""What an Express workflow cannot run, found before it runs.

Theory of operation: Express workflows (a state machine of type EXPRESS, and
the child workflows of a distributed Map whose ``ExecutionType`` is EXPRESS)
support only the request-response pattern: AWS refuses the Run a Job
(``.sync``, ``.sync:2``) and Wait for Callback (``.waitForTaskToken``)
patterns and activities there. :func:`express_problems` walks the program
(and the processors of EXPRESS distributed Maps inside a STANDARD one) and
reports each such Task's ``Resource``, so ``StateMachine(..., type="EXPRESS")``
refuses the definition as AWS's CreateStateMachine does, instead of the
execution waiting on something that can never come.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from statewise.asl.graph import nested
from statewise.asl.model import MapState, Program, TaskState
from statewise.asl.pointer import join_pointer
from statewise.base_errors import Problem
from statewise.integrations.targets import Pattern, TargetKind

__all__ = ["express_problems"]

_UNSUPPORTED: Final = {
    Pattern.SYNC: "the Run a Job pattern ('.sync')",
    Pattern.SYNC2: "the Run a Job pattern ('.sync:2')",
    Pattern.WAIT_FOR_TASK_TOKEN: "the Wait for Callback pattern ('.waitForTaskToken')",
}


def express_problems(program: Program, *, express: bool) -> Iterator[Problem]:
    """The Tasks of ``program`` an Express workflow cannot run (``express``: the program runs as one)."""
    for state in program.states.values():
        if express and isinstance(state, TaskState):
            what = "an activity" if state.target.kind is TargetKind.ACTIVITY else _UNSUPPORTED.get(state.target.pattern)
            if what is not None:
                yield Problem(
                    join_pointer(state.pointer, "Resource"),
                    "express-unsupported",
                    f"an Express workflow cannot use {what}: make the state machine (or the distributed Map's "
                    "ExecutionType) STANDARD, or call the service with the request-response pattern",
                )
        inner = express or (
            isinstance(state, MapState) and state.distributed and state.child_execution_type == "EXPRESS"
        )
        for child in nested(state):
            yield from express_problems(child, express=inner)
