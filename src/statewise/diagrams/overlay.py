"""What an execution did to each state, read from its history, for colouring a diagram.

Theory of operation: :func:`overlay` counts, per state name, the
``<Type>StateEntered`` and ``<Type>StateExited`` events and the Map
iteration events (their details name the Map state). A state exited as
often as it was entered SUCCEEDED; one entered more often FAILED when the execution
is over (where the run stopped, or a Map iteration did: a Fail state, an uncaught error, a
timeout or an abort) and is RUNNING while it goes on. State names are
unique in a whole definition, nested programs included, so the name is the key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

__all__ = ["Outcome", "Overlay", "overlay"]

_ENDED: Final = frozenset({"ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"})


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    RUNNING = "running"


@dataclass(frozen=True, slots=True)
class Overlay:
    """``outcomes``: state name -> what happened; ``iterations``: Map state name -> event type -> count."""

    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    iterations: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def map_note(self, name: str) -> str | None:
        """``300 iterations`` (``, 2 failed``) for a Map state that ran any."""
        counts = self.iterations.get(name)
        if not counts:
            return None
        note = f"{counts.get('MapIterationStarted', 0)} iterations"
        failed = counts.get("MapIterationFailed", 0)
        return note + (f", {failed} failed" if failed else "")


def overlay(history: Iterable[Mapping[str, Any]]) -> Overlay:
    """The overlay of a history (a finished execution's, or one still being written)."""
    entered: Counter[str] = Counter()
    exited: Counter[str] = Counter()
    iterations: dict[str, Counter[str]] = {}
    ended = False
    for event in history:
        kind = event["type"]
        if kind.endswith(("StateEntered", "StateExited")):
            name = event.get("stateEnteredEventDetails", event.get("stateExitedEventDetails", {})).get("name")
            (entered if kind.endswith("Entered") else exited)[name] += 1
        elif kind.startswith("MapIteration"):
            details: Mapping[str, Any] = next((v for k, v in event.items() if k.endswith("EventDetails")), {})
            iterations.setdefault(details.get("name", ""), Counter())[kind] += 1
        ended = ended or kind in _ENDED
    unfinished = Outcome.FAILED if ended else Outcome.RUNNING
    outcomes = {name: Outcome.SUCCEEDED if exited[name] >= count else unfinished for name, count in entered.items()}
    return Overlay(outcomes, {name: dict(counts) for name, counts in iterations.items()})
