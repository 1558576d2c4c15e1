"""Redrive: continue an unsuccessful execution from where it stopped, as AWS's RedriveExecution does.

Theory of operation: :func:`plan` reads the old execution's history into an
immutable :class:`ResumePlan` and the run that continues it follows the plan
through one seam, ``Run.resume`` (as TestState's ``Run.stand_in``), without
parameters threaded through the engine:

- The top-level state to re-enter is the one with a ``<Type>StateEntered``
  and no matching ``<Type>StateExited`` (state names are unique in the
  whole machine, so a top-level state's events are those naming it). It is
  entered again with the input its Entered event recorded, and the
  variables are those the top-level ``...StateExited`` events had assigned
  by then (a Map iteration's or Parallel branch's own stay inside it).
  Nothing entered at all: the execution starts over at ``StartAt``; the
  last state exited and none entered after it (a run killed in between):
  its ``Next``, or that of the Catch that took the error recorded just
  before its Exited event (a Choice is evaluated again; a terminal state's
  output ends the execution).
- When that state is a Map or a Parallel, :class:`Resume` holds what
  succeeded inside it, and :mod:`statewise.asl.mapping` runs only the rest:
  an inline Map's iterations (an iteration's output is that of the last
  ``...StateExited`` event before its ``MapIterationSucceeded``, which its
  ``previousEventId`` points at), a Parallel's branches (a branch succeeded
  when its thread ends with the ``...StateExited`` of a terminal state), a
  distributed Map's child executions (``Execution.children``, kept in item
  order per Map Run) under the same Map Run ARN, recorded as
  ``MapRunRedriven``: a STANDARD child that did not succeed is itself
  redriven (same ARN, its history continued), an EXPRESS one starts again.
  What succeeded in any attempt since the state was first entered counts,
  earlier redrives included; an iteration or branch that did not succeed
  runs again from its start.
- The history is the old one continued: ``ExecutionRedriven``
  (``redriveCount``), then the new events with the ids after it; the
  context object's ``Execution`` keeps its ``StartTime`` and gains
  ``RedriveCount`` and ``RedriveTime``. The execution's time limit starts
  over, as AWS resets it.

Only Standard executions that did not succeed can be redriven; AWS's other
conditions (14 days, the 25,000-event quota) are checked where they apply
locally: :class:`~statewise.base_errors.ExecutionNotRedrivable` says which.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, Protocol

from statewise.asl.history import MAX_EVENTS, History
from statewise.asl.model import ChoiceState, GuardedState, MapState, ParallelState, Program, State, SucceedState
from statewise.asl.retry import first_match
from statewise.base_errors import ExecutionNotRedrivable
from statewise.integrations.nested import FinishedExecution

__all__ = ["PastExecution", "Resume", "ResumePlan", "plan"]

_ENTERED: Final = "stateEnteredEventDetails"
_EXITED: Final = "stateExitedEventDetails"


class PastExecution(FinishedExecution, Protocol):
    """What a redrive reads of the execution it continues (a :class:`~statewise.Execution`): what a nested
    execution's result is read from, and its history and child executions."""

    @property
    def history(self) -> list[dict[str, Any]]: ...

    @property
    def children(self) -> Sequence[PastExecution]: ...


@dataclass(frozen=True, slots=True)
class Resume:
    """What the re-entered Map or Parallel state at ``pointer`` keeps: ``outputs`` of the iterations or branches
    that succeeded, by index; for a distributed Map its Map Run's ARN and its child executions, by item index
    (those that succeeded are kept, STANDARD ones that did not are redriven, EXPRESS ones start again)."""

    pointer: str
    outputs: Mapping[int, Any] = field(default_factory=dict)
    map_run_arn: str | None = None
    map_run_redrives: int = 0  # this redrive's number for the Map Run (its MapRunRedriven's redriveCount)
    children: Mapping[int, PastExecution] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ResumePlan:
    """How a redrive continues an execution: the events so far, the top-level state to re-enter (None: the
    execution had done its last state; ``input`` is its output) with its input and the variables then, what a
    re-entered Map or Parallel keeps, and the redrive's number."""

    previous: PastExecution
    count: int
    state: str | None
    input: Any
    variables: Mapping[str, Any]
    inner: Resume | None = None
    kept_children: Sequence[PastExecution] = ()

    @property
    def identity(self) -> tuple[str, str]:
        return self.previous.name, self.previous.arn

    def reopen(self, history: History) -> int:
        """Continue ``history`` from the old events with ``ExecutionRedriven``; its id."""
        history.events.extend(self.previous.history)
        return history.add("ExecutionRedriven", len(history.events), {"redriveCount": self.count})

    @property
    def started(self) -> datetime:
        """When the execution first started (its ``ExecutionStarted`` event)."""
        moment: datetime = self.previous.history[0]["timestamp"]
        return moment


def plan(program: Program, execution: PastExecution, execution_type: str) -> ResumePlan:
    """How to redrive ``execution`` of ``program``; ExecutionNotRedrivable when it cannot be."""
    _check(execution, execution_type)
    events = execution.history
    top = program.states
    variables: dict[str, Any] = {}
    open_entry: dict[str, Any] | None = None  # the top-level Entered event with no Exited yet
    begun = 0  # where the attempts of the open state began: its first entry (redrives re-enter it)
    last_exit: dict[str, Any] | None = None
    entered_input: dict[str, Any] = {}
    redriven = False
    for index, event in enumerate(events):
        if event["type"] == "ExecutionRedriven":
            redriven = True
        phase, name = _phase(event)
        if not phase or name not in top:
            continue
        if phase == _ENTERED:
            if not (redriven and open_entry is not None and _phase(open_entry)[1] == name):
                begun = index
            open_entry, redriven = event, False
            entered_input[name] = event[_ENTERED]["input"]
        else:
            open_entry, last_exit = None, event
            assigned = event[_EXITED].get("assignedVariables", {})
            variables.update({key: json.loads(text) for key, text in assigned.items()})
    count = sum(1 for event in events if event["type"] == "ExecutionRedriven") + 1
    frozen, children = MappingProxyType(variables), execution.children
    if open_entry is not None:
        state = top[open_entry[_ENTERED]["name"]]
        inner = _resume(state, events[begun:], children)
        kept = tuple(c for c in children if inner is None or not _in_map_run(c, inner.map_run_arn))
        data = json.loads(open_entry[_ENTERED]["input"])
        return ResumePlan(execution, count, state.name, data, frozen, inner, kept)
    following: str | None  # the state to enter next (None: the last one had ended)
    if last_exit is None:  # no state entered: from the start
        following, data = program.start_at, execution.input
    elif isinstance(done := top[last_exit[_EXITED]["name"]], ChoiceState):  # its way is not recorded: it chooses again
        following, data = done.name, json.loads(entered_input[done.name])
    else:
        following, data = _successor(done, last_exit, execution), json.loads(last_exit[_EXITED]["output"])
    return ResumePlan(execution, count, following, data, frozen, None, children)


def _successor(state: State, exited: dict[str, Any], execution: PastExecution) -> str | None:
    """The state after ``state``, whose Exited event ``exited`` is the last of the top level: its ``Next``, or a
    Catch's when the event before the Exited is the failure it caught (as a Task's ``TaskFailed``)."""
    before = execution.history[exited["previousEventId"] - 1] if exited["previousEventId"] else None
    if before is None or not isinstance(state, GuardedState) or not before["type"].endswith(("Failed", "TimedOut")):
        return state.next
    error = next((value.get("error") for key, value in before.items() if key.endswith("EventDetails")), None)
    caught = None if error is None else first_match(state.catch, error)
    if caught is None:  # a Map or Parallel records no error name: which Catch took it is not known
        raise ExecutionNotRedrivable(
            f"execution {execution.name!r} cannot be redriven: it stopped right after a Catch of the state "
            f"{state.name!r} took an error, and its history does not say which Catch; start it again instead",
            execution.arn,
        )
    return caught[1].next


def _check(execution: PastExecution, execution_type: str) -> None:
    """Refuse what AWS's RedriveExecution refuses (ExecutionNotRedrivable), with its reasons."""
    reason = None
    if execution_type != "STANDARD":
        reason = "it is an EXPRESS execution; only STANDARD executions can be redriven"
    elif execution.status == "SUCCEEDED":
        reason = "it SUCCEEDED; only FAILED, TIMED_OUT, ABORTED (or interrupted) executions can be redriven"
    elif execution.status == "RUNNING":
        reason = "it is RUNNING"
    elif not execution.history or execution.history[0]["type"] != "ExecutionStarted":
        reason = "its history does not start with ExecutionStarted"
    elif len(execution.history) >= MAX_EVENTS - 1:
        reason = f"its history holds {len(execution.history)} events: the quota of {MAX_EVENTS} leaves no room"
    if reason is not None:
        raise ExecutionNotRedrivable(f"execution {execution.name!r} cannot be redriven: {reason}", execution.arn)


def _resume(state: State, events: Sequence[dict[str, Any]], children: Sequence[PastExecution]) -> Resume | None:
    """What the re-entered ``state`` keeps from ``events`` (its attempts so far) and the old ``children``."""
    if isinstance(state, MapState) and state.distributed:
        return _distributed(state, events, children)
    if isinstance(state, MapState):
        return Resume(state.pointer, _iterations(state, events))
    if isinstance(state, ParallelState):
        return Resume(state.pointer, _branches(state, events))
    return None


def _iterations(state: MapState, events: Sequence[dict[str, Any]]) -> Mapping[int, Any]:
    """The outputs of the inline Map iterations that succeeded, by index."""
    by_id = {event["id"]: event for event in events}
    outputs: dict[int, Any] = {}
    for event in events:
        details = event.get("mapIterationSucceededEventDetails")
        if details is not None and details["name"] == state.name:
            last = by_id.get(event["previousEventId"])
            if last is not None and _EXITED in last:
                outputs[details["index"]] = json.loads(last[_EXITED]["output"])
    return MappingProxyType(outputs)


def _branches(state: ParallelState, events: Sequence[dict[str, Any]]) -> Mapping[int, Any]:
    """The outputs of the Parallel branches that succeeded, by index: a branch's thread ending in the
    ``...StateExited`` of one of its terminal states (a Catch leading on from it continues the thread)."""
    branch_of = {name: i for i, branch in enumerate(state.branches) for name in branch.states}
    ends: dict[int, dict[str, Any]] = {}  # per branch, the Exited event of a terminal state its thread reached
    outputs: dict[int, Any] = {}
    for event in events:
        phase, name = _phase(event)
        i = branch_of.get(name) if phase else None
        if i is None:
            continue
        if phase == _ENTERED:
            end = ends.pop(i, None)
            if end is not None and end["id"] != event["previousEventId"]:  # a new attempt: the branch had ended
                outputs[i] = json.loads(end[_EXITED]["output"])
        elif (done := state.branches[i].states[name]).next is None or isinstance(done, SucceedState):
            ends[i] = event
    outputs.update({i: json.loads(end[_EXITED]["output"]) for i, end in ends.items()})
    return MappingProxyType(outputs)


def _distributed(state: MapState, events: Sequence[dict[str, Any]], children: Sequence[PastExecution]) -> Resume | None:
    """The Map Run of the last attempt and its child executions, by item index."""
    label = f"/{state.label or state.name}:"
    runs = [
        event[key]["mapRunArn"]
        for event in events
        for key in ("mapRunStartedEventDetails", "mapRunRedrivenEventDetails")
        if key in event and label in event[key]["mapRunArn"]
    ]
    if not runs:  # the Map Run never started: the redrive starts it
        return None
    arn = runs[-1]
    mine = MappingProxyType(dict(enumerate(child for child in children if _in_map_run(child, arn))))
    return Resume(state.pointer, map_run_arn=arn, map_run_redrives=runs.count(arn), children=mine)


def _phase(event: Mapping[str, Any]) -> tuple[str, str]:
    """A state's event as (its details key: Entered or Exited, the state's name); empty strings for others."""
    for key in (_ENTERED, _EXITED):
        if key in event:
            return key, event[key]["name"]
    return "", ""


def _in_map_run(child: PastExecution, map_run_arn: str | None) -> bool:
    """Whether ``child`` is a child execution of the Map Run ``map_run_arn``."""
    if map_run_arn is None:
        return False
    _, _, run = map_run_arn.partition(":mapRun:")
    return f":{run}:" in child.arn
