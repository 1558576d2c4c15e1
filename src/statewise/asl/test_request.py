"""A TestState request checked against the state it tests, as AWS's TestState checks it.

Theory of operation: besides the input, a TestState request may carry a
``mock`` (the state's result or error), a ``context`` object, ``variables``
and a ``stateConfiguration``. :func:`stand_in` checks them against the tested
state and gathers what they put in place into a
:class:`~statewise.asl.stand_in.StandIn`; anything that does not fit raises
:class:`~statewise.errors.StateTestRequestError` pointing into the request,
before anything runs. The rules and messages follow AWS's (recorded) answers:

* a mock answers for a Task, Map or Parallel state only (``State type 'Pass'
  is not supported when a mock is specified``); a Map's mocked result is an
  array (a JSON object when the Map has a ``ResultWriter``), a Parallel's an
  array with one entry per branch;
* ``context`` replaces the whole context object (``$$``); it comes with a
  mock; its top-level fields are ``Execution``, ``State`` and
  ``StateMachine``, plus ``Task`` for a ``.sync`` or ``.waitForTaskToken``
  Task; ``Map`` is refused;
* ``stateConfiguration``: ``retrierRetryCount`` (retries spent on the
  retrier that takes the error), ``mapIterationFailureCount`` (a mocked Map's
  failed iterations, checked against its tolerated failure threshold),
  ``errorCausedByState`` (a state inside the mocked Map or Parallel that the
  mocked error comes from) and ``mapItemReaderData`` (what a Map's
  ``ItemReader`` reads, as found in its source).

Unlike AWS, a Map or Parallel state may be tested without a mock: its
iterations and branches then run, as in an execution.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from statewise.asl.graph import every_state, nested
from statewise.asl.limits import VARIABLE_NAME
from statewise.asl.model import MapState, ParallelState, State, TaskState
from statewise.asl.stand_in import StandIn
from statewise.base_errors import StateTestRequestError, with_suggestions
from statewise.clients import close_matches
from statewise.integrations.targets import Pattern

__all__ = ["CONFIGURATION_KEYS", "CONTEXT_FIELDS", "checked_variables", "stand_in"]

CONTEXT_FIELDS: Final = {
    "Execution": frozenset({"Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount", "RedriveTime"}),
    "State": frozenset({"EnteredTime", "Name", "RetryCount"}),
    "StateMachine": frozenset({"Id", "Name"}),
    "Task": frozenset({"Token"}),
}
"""The context object's fields a TestState request may give, by top-level field."""

CONFIGURATION_KEYS: Final = ("retrierRetryCount", "errorCausedByState", "mapIterationFailureCount", "mapItemReaderData")
_TOKEN_PATTERNS: Final = (Pattern.SYNC, Pattern.SYNC2, Pattern.WAIT_FOR_TASK_TOKEN)
_BAD_CONTEXT: Final = "Invalid Context object provided: "


def stand_in(
    state: State,
    *,
    mock: Mapping[str, Any] | None,
    context: Mapping[str, Any] | None,
    configuration: Mapping[str, Any] | None,
) -> StandIn | None:
    """What the request puts in place for ``state``; None when it puts nothing."""
    if mock is None and context is None and not configuration:
        return None
    outcome = None
    if mock is not None:
        if not isinstance(state, TaskState | MapState | ParallelState):
            raise StateTestRequestError(
                f"State type '{state.type}' is not supported when a mock is specified", where="/mock"
            )
        if not isinstance(state, TaskState):  # a Task's mock is bound as its resource, checked against its API
            outcome = _outcome(state, mock)
    if context is not None:
        if mock is None:
            raise StateTestRequestError("a context object may only be given with a mock", where="/context")
        _check_context(state, context)
    given = _configuration(state, configuration or {}, mocked=mock is not None)
    return StandIn(state.pointer, outcome, None if context is None else dict(context), **given)


def checked_variables(variables: Any) -> dict[str, Any]:
    """The request's ``variables``: a JSON object whose keys are variable names."""
    if variables is None:
        return {}
    if not isinstance(variables, Mapping):
        raise StateTestRequestError("variables must be a JSON object of variable names and values", where="/variables")
    for name in variables:
        if not isinstance(name, str) or not VARIABLE_NAME.fullmatch(name):
            raise StateTestRequestError(f"{name!r} is not a variable name", where=f"/variables/{name}")
    return dict(variables)


def _outcome(state: MapState | ParallelState, mock: Mapping[str, Any]) -> Any:
    from statewise.integrations.state_mock import read_mock  # noqa: PLC0415 - only mocked tests load it

    outcome = read_mock(mock)
    if outcome.error is not None:
        return outcome
    result = outcome.result
    if isinstance(state, MapState) and state.result_writer is not None:
        if not isinstance(result, dict):
            raise StateTestRequestError("Mocked result must be a JSON object.", where="/mock/result")
    elif not isinstance(result, list):
        raise StateTestRequestError("Mocked result must be an array.", where="/mock/result")
    elif isinstance(state, ParallelState) and len(result) != len(state.branches):
        raise StateTestRequestError(
            "Mocked result must contain the same number of items as number of Parallel branches.",
            where="/mock/result",
        )
    return outcome


def _check_context(state: State, context: Mapping[str, Any]) -> None:
    if not isinstance(context, Mapping):
        raise StateTestRequestError(_BAD_CONTEXT + "it must be a JSON object", where="/context")
    for field, value in context.items():
        where = f"/context/{field}"
        if field == "Map":
            raise StateTestRequestError(
                _BAD_CONTEXT + "'Map' field is not supported when mocking a Context object", where=where
            )
        allowed = CONTEXT_FIELDS.get(field)
        if allowed is None:
            raise StateTestRequestError(_BAD_CONTEXT + f"Field '{field}' is not allowed", where=where)
        if field == "Task" and not (isinstance(state, TaskState) and state.target.pattern in _TOKEN_PATTERNS):
            raise StateTestRequestError(
                _BAD_CONTEXT + "Context object contains 'Task' when state is not a Task state with a '.sync' or "
                "'.waitForTaskToken' service integration pattern",
                where=where,
            )
        if not isinstance(value, Mapping):
            raise StateTestRequestError(_BAD_CONTEXT + f"'{field}' must be a JSON object", where=where)
        for name in value:
            if name not in allowed:
                raise StateTestRequestError(_BAD_CONTEXT + f"Field '{name}' is not allowed", where=f"{where}/{name}")
    execution_id = context.get("Execution", {}).get("Id", "")
    if not isinstance(execution_id, str):
        raise StateTestRequestError(_BAD_CONTEXT + "Execution.Id must be a string", where="/context/Execution/Id")


def _configuration(state: State, configuration: Mapping[str, Any], *, mocked: bool) -> dict[str, Any]:
    """The stand-in's fields from ``stateConfiguration``, each checked against the state."""
    for key in configuration:
        if key not in CONFIGURATION_KEYS:
            raise StateTestRequestError(
                with_suggestions(f"unknown stateConfiguration field {key!r}", close_matches(key, CONFIGURATION_KEYS)),
                where=f"/stateConfiguration/{key}",
            )
    given: dict[str, Any] = {}
    retried = configuration.get("retrierRetryCount")
    if retried is not None:
        given["retried"] = _count(retried, "retrierRetryCount")
    failed = configuration.get("mapIterationFailureCount")
    if failed is not None:
        if not isinstance(state, MapState) or not mocked:
            raise StateTestRequestError(
                "mapIterationFailureCount is for a Map state tested with a mock",
                where="/stateConfiguration/mapIterationFailureCount",
            )
        given["failed_iterations"] = _count(failed, "mapIterationFailureCount")
    caused_by = configuration.get("errorCausedByState")
    if caused_by is not None:
        _check_inner_state(state, caused_by, mocked=mocked)
    data = configuration.get("mapItemReaderData")
    if data is not None:
        if not isinstance(state, MapState) or state.item_reader is None or not isinstance(data, str):
            raise StateTestRequestError(
                "mapItemReaderData is the text a Map's ItemReader reads: give it for a Map with an ItemReader",
                where="/stateConfiguration/mapItemReaderData",
            )
        given["reader_data"] = data
    return given


def _count(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StateTestRequestError(
            f"{key} must be a whole number from 0, got {value!r}", where=f"/stateConfiguration/{key}"
        )
    return value


def _check_inner_state(state: State, name: Any, *, mocked: bool) -> None:
    """``errorCausedByState`` names a state inside the mocked Map or Parallel."""
    where = "/stateConfiguration/errorCausedByState"
    if not isinstance(state, MapState | ParallelState) or not mocked:
        raise StateTestRequestError("errorCausedByState is for a Map or Parallel state tested with a mock", where=where)
    inside = [inner.name for program in nested(state) for inner in every_state(program.states.values())]
    if name not in inside:
        raise StateTestRequestError(
            with_suggestions(f"{state.name} holds no state named {name!r}", close_matches(str(name), inside)),
            where=where,
        )
