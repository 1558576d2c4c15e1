"""What a TestState request puts in place of parts of the tested state's run.

Theory of operation: AWS's TestState runs one state, and its request may
stand in for what that state would otherwise meet: a mocked outcome for a
Map or Parallel state (its iterations or branches are not run), the context
object (``$$``) instead of the generated one, retries already spent
(``retrierRetryCount``), Map iterations that failed (``mapIterationFailureCount``)
and the data a Map's ``ItemReader`` would have read (``mapItemReaderData``).
:mod:`statewise.asl.test_request` checks the request and builds one
:class:`StandIn`; the engine and :mod:`statewise.asl.mapping` ask
``Run.stood_in(state)`` at the few places it matters and otherwise run as
usual. A mocked Task needs none of this: its mock is bound as the Task's
resource, so the Task's own events are recorded as for any call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Outcome", "StandIn"]


class Outcome(Protocol):
    """A mocked outcome: the result, or the mocked error raised."""

    def answer(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class StandIn:
    """What stands in for parts of the run of the state at ``pointer``."""

    pointer: str
    outcome: Outcome | None = None  # a Map's or Parallel's mocked result or error
    context: Mapping[str, Any] | None = None  # replaces the generated context object
    retried: int = 0  # retries spent on the retrier that takes the error
    failed_iterations: int | None = None  # Map iterations that failed
    reader_data: str | None = None  # what the Map's ItemReader reads, as found in its source
