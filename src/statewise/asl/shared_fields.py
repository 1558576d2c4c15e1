"""The fields several state types share, read into typed keyword arguments for the model.

Theory of operation: the model's state classes are frozen dataclasses
built in one call, so the fields the types share are read once, here, into
:class:`~typing.TypedDict` values whose keys are the dataclass's keyword
arguments (mypy checks every key and type where they are unpacked):

- :class:`StateCommon`, for every state: its name, pointer and type,
  ``InputPath``/``OutputPath`` (the identity path in JSONata), ``Comment``,
  the transition (``Next``/``End``, checked for the types that have them)
  and its :class:`~statewise.asl.field_readers.Outcome`;
- :class:`ResultFields`, for the states that shape a result: ``Parameters``
  and ``ResultPath`` (JSONPath) or ``Arguments`` (JSONata);
- :class:`GuardedFields`, for the states that can fail (Task, Parallel,
  Map): also ``ResultSelector`` and the ``Retry`` and ``Catch`` arrays. An
  ``ErrorEquals`` must be a non-empty array of names, with ``States.ALL``
  alone and in the last element.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict, TypeVar

from statewise.asl.field_readers import ABSENT, FieldReader, Outcome
from statewise.asl.fields import CATCHER_FIELDS, FIELDS, RETRIER_FIELDS, check_fields
from statewise.asl.limits import JITTER_STRATEGIES
from statewise.asl.model import Catcher, Retrier
from statewise.asl.paths import JsonPath, compile_path
from statewise.asl.pointer import join_pointer
from statewise.asl.state_types import StateType
from statewise.asl.templates import Template

__all__ = ["GuardedFields", "ResultFields", "StateCommon", "guarded_fields", "result_fields", "state_common"]

_Handler = TypeVar("_Handler", Retrier, Catcher)


class StateCommon(Outcome):
    """The keyword arguments every :class:`~statewise.asl.model.State` takes."""

    name: str
    pointer: str
    type: StateType
    input_path: JsonPath | None
    output_path: JsonPath | None
    comment: str | None
    next: str | None
    jsonata: bool


class ResultFields(TypedDict):
    """The keyword arguments of a state that shapes a result (Pass, Task, Parallel, Map)."""

    parameters: Template | None
    result_path: JsonPath | None


class GuardedFields(ResultFields):
    """The keyword arguments of a :class:`~statewise.asl.model.GuardedState` (Task, Parallel, Map)."""

    result_selector: Template | None
    retry: tuple[Retrier, ...]
    catch: tuple[Catcher, ...]


def state_common(read: FieldReader, name: str, doc: dict[str, Any], pointer: str, state_type: StateType) -> StateCommon:
    """The fields every state has; ``read`` reads in the state's own query language."""
    return {
        "name": name,
        "pointer": pointer,
        "type": state_type,
        "input_path": read.path(doc, "InputPath", pointer) if not read.jsonata else compile_path("$"),
        "output_path": read.path(doc, "OutputPath", pointer) if not read.jsonata else compile_path("$"),
        "comment": read.string(doc, "Comment", pointer),
        "next": _transition(read, doc, pointer, state_type),
        "jsonata": read.jsonata,
        **read.outcome(doc, pointer),
    }


def _transition(read: FieldReader, doc: dict[str, Any], pointer: str, state_type: StateType) -> str | None:
    """``Next`` of a state type that has one; exactly one of ``Next`` and ``End: true`` must be set."""
    if "Next" not in FIELDS[state_type]:
        return None
    nxt = read.string(doc, "Next", pointer)
    end = doc.get("End", False)
    if end not in (True, False) or not isinstance(end, bool):
        read.wrong_type(join_pointer(pointer, "End"), "End", "true or false", end)
    if nxt is not None and end is True:
        read.problem(pointer, "ambiguous-transition", "a state cannot have both 'Next' and 'End': true")
    elif nxt is None and end is not True and "Next" not in doc:
        read.problem(pointer, "missing-transition", "a non-terminal state needs 'Next' or 'End': true")
    return nxt


def result_fields(read: FieldReader, doc: dict[str, Any], pointer: str) -> ResultFields:
    if read.jsonata:
        return {"parameters": read.template(doc, "Arguments", pointer), "result_path": compile_path("$")}
    return {
        "parameters": read.template(doc, "Parameters", pointer),
        "result_path": read.path(doc, "ResultPath", pointer, reference=True),
    }


def guarded_fields(read: FieldReader, doc: dict[str, Any], pointer: str) -> GuardedFields:
    return {
        **result_fields(read, doc, pointer),
        "result_selector": read.template(doc, "ResultSelector", pointer),
        "retry": tuple(_error_handlers(read, doc, "Retry", pointer, _retrier)),
        "catch": tuple(_error_handlers(read, doc, "Catch", pointer, _catcher)),
    }


def _error_handlers(
    read: FieldReader,
    doc: dict[str, Any],
    key: str,
    pointer: str,
    build: Callable[[FieldReader, dict[str, Any], str, tuple[str, ...]], _Handler],
) -> list[_Handler]:
    items = doc.get(key, [])
    where = join_pointer(pointer, key)
    if not isinstance(items, list):
        read.problem(where, "bad-type", f"'{key}' must be an array")
        return []
    handlers = []
    for i, item in enumerate(items):
        item_pointer = f"{where}/{i}"
        if not isinstance(item, dict):
            read.problem(item_pointer, "bad-type", f"each '{key}' element must be an object")
            continue
        errors = _error_equals(read, item, item_pointer, last=i == len(items) - 1)
        handlers.append(build(read, item, item_pointer, errors))
    return handlers


def _error_equals(read: FieldReader, doc: dict[str, Any], pointer: str, *, last: bool) -> tuple[str, ...]:
    names = doc.get("ErrorEquals")
    where = join_pointer(pointer, "ErrorEquals")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        read.problem(where, "missing-field", "'ErrorEquals' must be a non-empty array of error names")
        return ()
    if "States.ALL" in names and (len(names) > 1 or not last):
        read.problem(where, "states-all-not-alone", "'States.ALL' must appear alone, in the last element")
    return tuple(names)


def _retrier(read: FieldReader, doc: dict[str, Any], pointer: str, errors: tuple[str, ...]) -> Retrier:
    check_fields(doc, RETRIER_FIELDS, pointer, read.problems, jsonata=read.jsonata)
    interval = read.number(doc, "IntervalSeconds", pointer)
    attempts = read.number(doc, "MaxAttempts", pointer)
    backoff = read.number(doc, "BackoffRate", pointer)
    max_delay = read.number(doc, "MaxDelaySeconds", pointer)
    jitter = read.typed(
        doc, "JitterStrategy", pointer, lambda v: v in JITTER_STRATEGIES, " or ".join(JITTER_STRATEGIES)
    )
    return Retrier(
        pointer,
        errors,
        1.0 if interval is ABSENT else float(interval),
        3 if attempts is ABSENT else int(attempts),
        2.0 if backoff is ABSENT else float(backoff),
        None if max_delay is ABSENT else float(max_delay),
        "NONE" if jitter is ABSENT else str(jitter),
    )


def _catcher(read: FieldReader, doc: dict[str, Any], pointer: str, errors: tuple[str, ...]) -> Catcher:
    check_fields(doc, CATCHER_FIELDS[read.jsonata], pointer, read.problems, jsonata=read.jsonata)
    nxt = read.string(doc, "Next", pointer)
    if nxt is None:
        read.problem(pointer, "missing-field", "a Catch element needs 'Next'")
    result_path = read.path(doc, "ResultPath", pointer, reference=True) if not read.jsonata else None
    return Catcher(pointer, errors, nxt or "", result_path, **read.outcome(doc, pointer))
