"""History events in the exact shape of AWS ``GetExecutionHistory``.

Theory of operation: one :class:`History` per execution (a distributed Map's
child executions each get their own). Every event is a plain dict as boto3
returns it: ``timestamp`` (aware datetime from the injected clock), ``type``,
``id`` (1-based, in recording order), ``previousEventId`` and, where AWS has
one, a ``<lowerCamelType>EventDetails`` dict. Events of the same thread
(a branch of a Parallel state, an iteration of a Map) chain through
``previousEventId``; the caller passes the thread's last id and gets the new
one back. The key of the details dict comes from :data:`DETAILS_KEY`, a table
from event type to key, so the engine never spells a key by hand.

The quota of 25,000 events per execution is enforced here: recording the
event past the quota raises :class:`HistoryLimitExceeded`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

__all__ = ["DETAILS_KEY", "MAX_EVENTS", "History", "HistoryLimitExceeded", "state_event"]

MAX_EVENTS: Final = 25_000

_STATE_TYPES = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")


def _details_key(event_type: str) -> str:
    return event_type[0].lower() + event_type[1:] + "EventDetails"


_DETAILED = (
    "ExecutionStarted",
    "ExecutionSucceeded",
    "ExecutionFailed",
    "ExecutionAborted",
    "ExecutionTimedOut",
    "ExecutionRedriven",
    "MapStateStarted",
    "MapIterationStarted",
    "MapIterationSucceeded",
    "MapIterationFailed",
    "MapIterationAborted",
    "MapRunStarted",
    "MapRunFailed",
    "MapRunRedriven",
    "TaskScheduled",
    "TaskStarted",
    "TaskSucceeded",
    "TaskFailed",
    "TaskTimedOut",
    "TaskStartFailed",
    "TaskSubmitted",
    "LambdaFunctionScheduled",
    "LambdaFunctionSucceeded",
    "LambdaFunctionFailed",
    "LambdaFunctionTimedOut",
    "ActivityScheduled",
    "ActivityStarted",
    "ActivitySucceeded",
    "ActivityFailed",
    "ActivityTimedOut",
    "EvaluationFailed",
)

DETAILS_KEY: Final[dict[str, str]] = {
    **{name: _details_key(name) for name in _DETAILED},
    **{f"{t}StateEntered": "stateEnteredEventDetails" for t in _STATE_TYPES},
    **{f"{t}StateExited": "stateExitedEventDetails" for t in _STATE_TYPES},
}
"""Event type -> key of its details dict; types not listed carry no details."""


def state_event(state_type: str, phase: str) -> str:
    """The event type of a state's phase: ``state_event("Pass", "Entered") == "PassStateEntered"``."""
    return f"{state_type}State{phase}"


class HistoryLimitExceeded(Exception):
    """Recording one more event would pass the 25,000-event quota."""


class History:
    """The growing list of events of one execution."""

    __slots__ = ("_now", "events", "listeners")

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self.events: list[dict[str, Any]] = []
        self.listeners: list[Callable[[dict[str, Any]], None]] = []

    def add(self, event_type: str, previous: int, details: dict[str, Any] | None = None) -> int:
        """Record one event after event ``previous`` of its thread; returns its id."""
        event_id = len(self.events) + 1
        if event_id > MAX_EVENTS:
            raise HistoryLimitExceeded(event_type)
        event: dict[str, Any] = {
            "timestamp": self._now(),
            "type": event_type,
            "id": event_id,
            "previousEventId": previous,
        }
        if details is not None:
            event[DETAILS_KEY[event_type]] = details
        self.events.append(event)
        for listener in self.listeners:
            listener(event)
        return event_id

    def types(self) -> list[str]:
        """The event types in order, as the conformance recordings list them."""
        return [event["type"] for event in self.events]
