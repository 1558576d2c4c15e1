"""Definition document -> :class:`~statewise.asl.model.Program`, collecting every problem.

Theory of operation: :class:`_Parser` walks the document once. Each field
reader checks its field and, when something is wrong, appends a
:class:`~statewise.errors.Problem` (JSON pointer, stable code, one-sentence
message) and carries on with a placeholder, so one pass reports every
problem, not just the first. Which fields each state type accepts is a
table per query language (:mod:`statewise.asl.fields`); the numbers each
numeric field accepts are the table :data:`_RANGES` (a value of the wrong
JSON type is ``bad-type``, one out of range ``bad-value``). State names are
unique in the whole machine, Parallel branches and Map processors
included. A state's query language is its own ``QueryLanguage``, else its
program's, else the machine's (JSONPath by default); a JSONata machine may
not hold JSONPath states. JSONata fields compile into templates whose ``{% ... %}`` strings
are compiled expressions, so syntax errors are problems with pointers.
Structural checks that need the whole program (transitions to unknown
states, unreachable states) run after a program's states are parsed; the
check that variables are assigned before use
(:mod:`statewise.asl.varflow`) runs on the finished model. :func:`parse`
raises :class:`~statewise.errors.DefinitionError` listing all problems;
:func:`validate` returns them; both run the one core, :func:`_parse`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Final

from statewise.asl.choice import compile_rule, parse_timestamp
from statewise.asl.encoding import json_type
from statewise.asl.fields import CATCHER_FIELDS, FIELDS, JSONATA_FIELDS, check_fields
from statewise.asl.graph import Graph
from statewise.asl.intrinsics import is_intrinsic
from statewise.asl.jsonata import is_jsonata_template
from statewise.asl.model import (
    Catcher,
    ChoiceBranch,
    ChoiceState,
    FailState,
    MapState,
    ParallelState,
    PassState,
    Program,
    Retrier,
    State,
    SucceedState,
    TaskState,
    Value,
    WaitState,
)
from statewise.asl.paths import JsonPath, PathSyntaxError, compile_path, compile_reference_path
from statewise.asl.pointer import join_pointer
from statewise.asl.source import definition_document, placeholder, type_problem
from statewise.asl.state_types import StateType
from statewise.asl.templates import Template, compile_dynamic, compile_jsonata_value, compile_template
from statewise.asl.varflow import check_variables
from statewise.errors import DefinitionError, Problem

__all__ = ["FIELDS", "load_definition", "parse", "validate"]  # FIELDS: re-exported from statewise.asl.fields

_TOP_FIELDS: Final = frozenset({"StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"})
_BRANCH_FIELDS: Final = frozenset({"StartAt", "States", "Comment", "QueryLanguage"})
_PROCESSOR_FIELDS: Final = _BRANCH_FIELDS | {"ProcessorConfig"}
_PROCESSOR_CONFIG_FIELDS: Final = frozenset({"Mode", "ExecutionType"})
_MODES: Final = ("INLINE", "DISTRIBUTED")
_EXECUTION_TYPES: Final = ("STANDARD", "EXPRESS")
_ABSENT: Final = object()
_MAX_NAME: Final = 80
_VARIABLE_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_VARIABLE_NAME: Final = 80


@dataclass(frozen=True, slots=True)
class _Range:
    """The numbers a numeric field accepts: ``low`` to ``high`` (no upper bound when None)."""

    low: float
    high: float | None = None
    integer: bool = True

    def __str__(self) -> str:
        noun = "an integer" if self.integer else "a number"
        return f"{noun} >= {self.low}" if self.high is None else f"{noun} from {self.low} to {self.high}"

    def holds(self, value: Any) -> bool:
        if self.integer and not isinstance(value, int):
            return False
        return self.low <= value and (self.high is None or value <= self.high)


# AWS accepts ToleratedFailure* on an inline Map (recorded: evaluate_jsonata/test_base_map_TOLERATED_*),
# so only the fields that read or write S3 or batch items need DISTRIBUTED.
_DISTRIBUTED_ONLY: Final = ("ItemReader", "ItemBatcher", "ResultWriter")
_MAX_LABEL: Final = 40
_LABEL_FORBIDDEN: Final = re.compile(r"[\s?*<>{}\[\]:;,\\|^~$#%&`\"\x00-\x1f\x7f-\x9f]")
_BATCHER_FIELDS: Final = {
    False: frozenset(
        {"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"}
    ),
    True: frozenset({"MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"}),
}
_READER_FIELDS: Final = {
    False: frozenset({"Resource", "Parameters", "ReaderConfig"}),
    True: frozenset({"Resource", "Arguments", "ReaderConfig"}),
}
_READER_CONFIG_FIELDS: Final = {
    False: frozenset(
        {"InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath", "ManifestType"}
    ),
    True: frozenset({"InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "ManifestType"}),
}
_READER_CHOICES: Final = {
    "InputType": ("CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"),
    "CSVHeaderLocation": ("FIRST_ROW", "GIVEN"),
    "CSVDelimiter": ("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"),
}
"""ReaderConfig field -> the values AWS documents for it."""
_MAX_SECONDS: Final = 99_999_999
_RANGES: Final[dict[str, _Range]] = {
    "TimeoutSeconds": _Range(1, _MAX_SECONDS),
    "HeartbeatSeconds": _Range(1, _MAX_SECONDS),
    "Seconds": _Range(0, _MAX_SECONDS),
    "IntervalSeconds": _Range(1, _MAX_SECONDS),
    "MaxAttempts": _Range(0, _MAX_SECONDS),
    "MaxDelaySeconds": _Range(1, 31_622_400),
    "BackoffRate": _Range(1.0, integer=False),
    "MaxConcurrency": _Range(0),
    "ToleratedFailureCount": _Range(0),
    "ToleratedFailurePercentage": _Range(0, 100, integer=False),
    "MaxItemsPerBatch": _Range(1),
    "MaxInputBytesPerBatch": _Range(1, 256 * 1024),
    "MaxItems": _Range(0, 100_000_000),
}
"""Numeric field -> the values AWS accepts (States Language spec and developer guide quotas)."""


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.jsonata_machine = False
        self.jsonata = False  # the query language of the state being parsed
        self.names: dict[str, str] = {}  # every state name in the machine -> where it is first defined

    def problem(self, pointer: str, code: str, message: str) -> None:
        self.problems.append(Problem(pointer, code, message))

    # -- field readers -------------------------------------------------

    def typed(self, doc: dict[str, Any], key: str, pointer: str, test: Callable[[Any], bool], kind: str) -> Any:
        """The value of ``key`` if present and of the right kind, else ``_ABSENT``."""
        value = doc.get(key, _ABSENT)
        if value is _ABSENT:
            return _ABSENT
        if not test(value):
            self.wrong_type(join_pointer(pointer, key), key, kind, value)
            return _ABSENT
        return value

    def wrong_type(self, pointer: str, key: str, kind: str, value: Any) -> None:
        """``key`` holds ``value``, not ``kind``: a type problem, or an unsubstituted placeholder."""
        self.problems.append(type_problem(pointer, key, kind, value))

    def number(self, doc: dict[str, Any], key: str, pointer: str) -> Any:
        """The value of numeric field ``key`` if present and in its range (:data:`_RANGES`), else ``_ABSENT``."""
        bounds = _RANGES[key]
        value = self.typed(doc, key, pointer, _is_number, str(bounds))
        if value is _ABSENT:
            return _ABSENT
        if not bounds.holds(value):
            self.problem(join_pointer(pointer, key), "bad-value", f"'{key}' must be {bounds}, got {_show(value)}")
            return _ABSENT
        return value

    def one_of(self, doc: dict[str, Any], key: str, pointer: str, allowed: tuple[str, ...]) -> Any:
        """The value of ``key`` if present and one of ``allowed``, else ``_ABSENT``."""
        value = doc.get(key, _ABSENT)
        if value is _ABSENT or value in allowed:
            return value
        self.problem(
            join_pointer(pointer, key), "bad-value", f"'{key}' must be {' or '.join(allowed)}, got {_show(value)}"
        )
        return _ABSENT

    def string(self, doc: dict[str, Any], key: str, pointer: str) -> str | None:
        value = self.typed(doc, key, pointer, lambda v: isinstance(v, str), "a string")
        return None if value is _ABSENT else str(value)

    def path(self, doc: dict[str, Any], key: str, pointer: str, *, reference: bool = False) -> JsonPath | None:
        """A path field: absent is ``$``, ``null`` is None."""
        text = doc.get(key, "$")
        if text is None:
            return None
        where = join_pointer(pointer, key)
        if not isinstance(text, str):
            self.problem(where, "bad-type", f"'{key}' must be a path string or null, got {json_type(text)}")
            return compile_path("$")
        try:
            return compile_reference_path(text) if reference else compile_path(text)
        except PathSyntaxError as exc:
            if placeholder(text) is not None:
                self.wrong_type(where, key, "a path", text)
            else:
                self.problem(where, "bad-path", f"'{key}' is not a valid {'reference ' * reference}path: {exc}")
            return compile_path("$")

    def value(
        self, doc: dict[str, Any], key: str, pointer: str, read: Callable[[dict[str, Any], str, str], Any] | None = None
    ) -> Value | None:
        """A field given literally (``key``) or through ``key + "Path"``, never both.

        ``read`` checks the literal (default: :meth:`number`). In a JSONata
        state the field may instead hold a ``{% ... %}`` expression.
        """
        if self.jsonata and is_jsonata_template(doc.get(key)):
            where = join_pointer(pointer, key)
            return Value(key, path=compile_jsonata_value(doc[key], where, key, self.problems))
        path_key = key + "Path"
        if key in doc and path_key in doc:
            self.problem(pointer, "exclusive-fields", f"'{key}' and '{path_key}' cannot both be set")
        if path_key in doc:
            text = doc[path_key]
            where = join_pointer(pointer, path_key)
            if not isinstance(text, str):
                self.problem(where, "bad-type", f"'{path_key}' must be a path string")
                return None
            if is_intrinsic(text) and key not in ("Error", "Cause"):
                self.problem(where, "bad-path", f"'{path_key}' must be a path, not an intrinsic function")
                return None
            return Value(path_key, path=compile_dynamic(path_key, text, where, self.problems))
        literal = (read or self.number)(doc, key, pointer)
        return None if literal is _ABSENT else Value(key, literal=literal)

    def mapping(self, doc: dict[str, Any], key: str, pointer: str) -> dict[str, Any] | None:
        value = self.typed(doc, key, pointer, _dict, "an object")
        return None if value is _ABSENT else dict(value)

    def template(self, doc: dict[str, Any], key: str, pointer: str) -> Template | None:
        """A payload template; in a JSONata state every ``{% ... %}`` string in it is an expression."""
        if key not in doc:
            return None
        return compile_template(doc[key], join_pointer(pointer, key), self.problems, jsonata=self.jsonata, field=key)

    def assign(self, doc: dict[str, Any], pointer: str) -> Template | None:
        """``Assign``: an object whose keys (without a JSONPath ``.$``) name variables."""
        if "Assign" not in doc:
            return None
        value = doc["Assign"]
        where = join_pointer(pointer, "Assign")
        if not isinstance(value, dict):
            self.problem(where, "bad-type", f"'Assign' must be an object, got {json_type(value)}")
            return None
        for key in value:
            name = key[:-2] if key.endswith(".$") and not self.jsonata else key
            if name == "states":
                self.problem(join_pointer(where, key), "reserved-variable", "'states' is reserved for $states")
            elif _VARIABLE_NAME.fullmatch(name) is None or len(name) > _MAX_VARIABLE_NAME:
                self.problem(
                    join_pointer(where, key),
                    "bad-variable-name",
                    f"{name!r} is not a variable name: use up to {_MAX_VARIABLE_NAME} letters, digits and "
                    "underscores, not starting with a digit",
                )
        return compile_template(value, where, self.problems, jsonata=self.jsonata, field="Assign")

    def outcome(self, doc: dict[str, Any], pointer: str) -> dict[str, Any]:
        """``Assign`` and (JSONata) ``Output`` of a state, Catch element or Choice rule."""
        return {
            "assign": self.assign(doc, pointer),
            "output": self.template(doc, "Output", pointer) if self.jsonata else None,
        }

    # -- programs --------------------------------------------------------

    def program(
        self, doc: Any, pointer: str, *, top: bool, jsonata: bool = False, fields: frozenset[str] = _BRANCH_FIELDS
    ) -> Program:
        """The machine (``top``), or a Parallel branch or (``fields=_PROCESSOR_FIELDS``) a Map processor."""
        if not isinstance(doc, dict):
            self.problem(pointer, "bad-type", "a state machine must be a JSON object")
            return Program(pointer, "", {})
        allowed = _TOP_FIELDS if top else fields
        check_fields(doc, allowed, pointer, self.problems, jsonata=False)
        jsonata = self.query_language(doc, pointer, jsonata)
        if top:
            self.jsonata_machine = jsonata
        start_at = self.string(doc, "StartAt", pointer)
        if start_at is None and "StartAt" not in doc:
            self.problem(pointer, "missing-field", "'StartAt' is required")
        raw_states = doc.get("States")
        states: dict[str, State] = {}
        if not isinstance(raw_states, dict) or not raw_states:
            self.problem(join_pointer(pointer, "States"), "missing-field", "'States' must be a non-empty object")
        else:
            for name, state_doc in raw_states.items():
                where = join_pointer(join_pointer(pointer, "States"), name)
                self.unique_name(name, where)
                state = self.state(name, state_doc, where, jsonata)
                if state is not None:
                    states[name] = state
        timeout = self.number(doc, "TimeoutSeconds", pointer) if top else _ABSENT
        version = self.string(doc, "Version", pointer)
        if version is not None and version != "1.0":
            self.problem(join_pointer(pointer, "Version"), "bad-value", "'Version' must be \"1.0\"")
        program = Program(
            pointer,
            start_at or "",
            states,
            timeout if isinstance(timeout, int) else None,
            self.string(doc, "Comment", pointer),
        )
        if isinstance(raw_states, dict) and raw_states and start_at is not None:
            self.check_transitions(program, raw_states)
        return program

    def unique_name(self, name: str, pointer: str) -> None:
        """Record ``name``; a second state of that name anywhere in the machine is a problem, as on AWS."""
        first = self.names.setdefault(name, pointer)
        if first != pointer:
            self.problem(
                pointer,
                "duplicate-state-name",
                f"duplicate state name {name!r} (first defined at {first}): state names must be unique in the "
                "whole state machine, including Parallel branches and Map processors; rename one of them",
            )

    def query_language(self, doc: dict[str, Any], pointer: str, inherited: bool) -> bool:
        """Whether ``doc`` uses JSONata: its own ``QueryLanguage`` or the ``inherited`` one."""
        language = doc.get("QueryLanguage")
        where = join_pointer(pointer, "QueryLanguage")
        if language is None:
            return inherited
        if language not in ("JSONPath", "JSONata"):
            self.problem(where, "bad-value", "'QueryLanguage' must be JSONPath or JSONata")
            return inherited
        if language == "JSONPath" and self.jsonata_machine:
            self.problem(
                where,
                "jsonpath-in-jsonata",
                "a state machine whose QueryLanguage is JSONata cannot hold JSONPath states; "
                "set the machine's QueryLanguage to JSONPath and JSONata on the states that use it",
            )
        return bool(language == "JSONata")

    def check_transitions(self, program: Program, raw_states: dict[str, Any]) -> None:
        """Transitions to unknown states and unreachable states (``raw_states``: every name, parsed or not)."""
        graph = Graph.of(program)
        for edge in graph.edges():
            if edge.target not in raw_states:
                self.problem(
                    edge.pointer, "unknown-state", f"transition to a state that does not exist: {edge.target!r}"
                )
        if program.start_at not in raw_states:  # (only called with a StartAt string; a missing one is reported)
            where = join_pointer(program.pointer, "StartAt")
            self.problem(where, "unknown-state", f"'StartAt' names no state: {program.start_at!r}")
            return  # reachability means nothing without a start
        reached = graph.reachable() | {program.start_at}
        # a state that failed to parse has its own problem: reaching it is enough
        reached |= {edge.target for name in reached if name in graph.out for edge in graph.out[name]}
        for name in raw_states:
            if name not in reached:
                where = join_pointer(join_pointer(program.pointer, "States"), name)
                self.problem(where, "unreachable-state", f"state {name!r} is not reachable from 'StartAt'")

    # -- states ----------------------------------------------------------

    def state(self, name: str, doc: Any, pointer: str, inherited: bool) -> State | None:
        if len(name) > _MAX_NAME:
            self.problem(pointer, "bad-name", f"state names are at most {_MAX_NAME} characters")
        if not isinstance(doc, dict):
            self.problem(pointer, "bad-type", "a state must be a JSON object")
            return None
        try:
            state_type = StateType(str(doc.get("Type")))
        except ValueError:
            self.problem(
                join_pointer(pointer, "Type"),
                "bad-type" if "Type" in doc else "missing-field",
                f"'Type' must be one of {', '.join(t.value for t in StateType)}",
            )
            return None
        jsonata = self.jsonata = self.query_language(doc, pointer, inherited)
        check_fields(doc, (JSONATA_FIELDS if jsonata else FIELDS)[state_type], pointer, self.problems, jsonata=jsonata)
        common: dict[str, Any] = {
            "name": name,
            "pointer": pointer,
            "type": state_type,
            "input_path": self.path(doc, "InputPath", pointer) if not jsonata else compile_path("$"),
            "output_path": self.path(doc, "OutputPath", pointer) if not jsonata else compile_path("$"),
            "comment": self.string(doc, "Comment", pointer),
            "next": self.flow(doc, pointer, state_type),
            "jsonata": jsonata,
            **self.outcome(doc, pointer),
        }
        state = _BUILDERS[state_type](self, doc, pointer, common)
        self.jsonata = jsonata  # nested programs may have changed it
        return state

    def flow(self, doc: dict[str, Any], pointer: str, state_type: StateType) -> str | None:
        if "Next" not in FIELDS[state_type]:
            return None
        nxt = self.string(doc, "Next", pointer)
        end = doc.get("End", False)
        if end not in (True, False) or not isinstance(end, bool):
            self.wrong_type(join_pointer(pointer, "End"), "End", "true or false", end)
        if nxt is not None and end is True:
            self.problem(pointer, "ambiguous-transition", "a state cannot have both 'Next' and 'End': true")
        elif nxt is None and end is not True and "Next" not in doc:
            self.problem(pointer, "missing-transition", "a non-terminal state needs 'Next' or 'End': true")
        return nxt

    def result_fields(self, doc: dict[str, Any], pointer: str) -> dict[str, Any]:
        if self.jsonata:
            return {"parameters": self.template(doc, "Arguments", pointer), "result_path": compile_path("$")}
        return {
            "parameters": self.template(doc, "Parameters", pointer),
            "result_path": self.path(doc, "ResultPath", pointer, reference=True),
        }

    def guarded_fields(self, doc: dict[str, Any], pointer: str) -> dict[str, Any]:
        return {
            **self.result_fields(doc, pointer),
            "result_selector": self.template(doc, "ResultSelector", pointer),
            "retry": tuple(self.error_handlers(doc, "Retry", pointer, self.retrier)),
            "catch": tuple(self.error_handlers(doc, "Catch", pointer, self.catcher)),
        }

    def error_handlers(self, doc: dict[str, Any], key: str, pointer: str, build: Callable[..., Any]) -> list[Any]:
        items = doc.get(key, [])
        where = join_pointer(pointer, key)
        if not isinstance(items, list):
            self.problem(where, "bad-type", f"'{key}' must be an array")
            return []
        handlers = []
        for i, item in enumerate(items):
            item_pointer = f"{where}/{i}"
            if not isinstance(item, dict):
                self.problem(item_pointer, "bad-type", f"each '{key}' element must be an object")
                continue
            errors = self.error_equals(item, item_pointer, last=i == len(items) - 1)
            handlers.append(build(item, item_pointer, errors))
        return handlers

    def error_equals(self, doc: dict[str, Any], pointer: str, *, last: bool) -> tuple[str, ...]:
        names = doc.get("ErrorEquals")
        where = join_pointer(pointer, "ErrorEquals")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.problem(where, "missing-field", "'ErrorEquals' must be a non-empty array of error names")
            return ()
        if "States.ALL" in names and (len(names) > 1 or not last):
            self.problem(where, "states-all-not-alone", "'States.ALL' must appear alone, in the last element")
        return tuple(names)

    def retrier(self, doc: dict[str, Any], pointer: str, errors: tuple[str, ...]) -> Retrier:
        allowed = frozenset(
            {
                "ErrorEquals",
                "IntervalSeconds",
                "MaxAttempts",
                "BackoffRate",
                "MaxDelaySeconds",
                "JitterStrategy",
                "Comment",
            }
        )
        check_fields(doc, allowed, pointer, self.problems, jsonata=self.jsonata)
        interval = self.number(doc, "IntervalSeconds", pointer)
        attempts = self.number(doc, "MaxAttempts", pointer)
        backoff = self.number(doc, "BackoffRate", pointer)
        max_delay = self.number(doc, "MaxDelaySeconds", pointer)
        jitter = self.typed(doc, "JitterStrategy", pointer, lambda v: v in ("FULL", "NONE"), "FULL or NONE")
        return Retrier(
            pointer,
            errors,
            1.0 if interval is _ABSENT else float(interval),
            3 if attempts is _ABSENT else int(attempts),
            2.0 if backoff is _ABSENT else float(backoff),
            None if max_delay is _ABSENT else float(max_delay),
            "NONE" if jitter is _ABSENT else str(jitter),
        )

    def catcher(self, doc: dict[str, Any], pointer: str, errors: tuple[str, ...]) -> Catcher:
        check_fields(doc, CATCHER_FIELDS[self.jsonata], pointer, self.problems, jsonata=self.jsonata)
        nxt = self.string(doc, "Next", pointer)
        if nxt is None:
            self.problem(pointer, "missing-field", "a Catch element needs 'Next'")
        result_path = self.path(doc, "ResultPath", pointer, reference=True) if not self.jsonata else None
        return Catcher(pointer, errors, nxt or "", result_path, **self.outcome(doc, pointer))

    def build_pass(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        return PassState(
            **common, **self.result_fields(doc, pointer), result=doc.get("Result"), has_result="Result" in doc
        )

    def build_task(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        resource = self.string(doc, "Resource", pointer)
        if resource is None:
            self.problem(pointer, "missing-field", "a Task state needs 'Resource'")
        timeout = self.value(doc, "TimeoutSeconds", pointer)
        heartbeat = self.value(doc, "HeartbeatSeconds", pointer)
        if (
            timeout is not None
            and heartbeat is not None
            and timeout.path is None
            and heartbeat.path is None
            and heartbeat.literal >= timeout.literal
        ):
            self.problem(
                join_pointer(pointer, "HeartbeatSeconds"),
                "bad-value",
                "'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'",
            )
        return TaskState(
            **common, **self.guarded_fields(doc, pointer), resource=resource or "", timeout=timeout, heartbeat=heartbeat
        )

    def build_choice(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        items = doc.get("Choices")
        where = join_pointer(pointer, "Choices")
        branches: list[ChoiceBranch] = []
        if not isinstance(items, list) or not items:
            self.problem(where, "missing-field", "a Choice state needs a non-empty 'Choices' array")
            items = []
        for i, item in enumerate(items):
            rule = compile_rule(item, f"{where}/{i}", self.problems, top=True, jsonata=self.jsonata)
            nxt = item.get("Next") if isinstance(item, dict) else None
            if not isinstance(nxt, str):
                self.problem(f"{where}/{i}", "missing-field", "each choice rule needs 'Next'")
            elif rule is not None:
                branches.append(ChoiceBranch(f"{where}/{i}", rule, nxt, **self.outcome(item, f"{where}/{i}")))
        return ChoiceState(**common, choices=tuple(branches), default=self.string(doc, "Default", pointer))

    def build_wait(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        given = [key for key in ("Seconds", "SecondsPath", "Timestamp", "TimestampPath") if key in doc]
        if len(given) != 1:
            self.problem(
                pointer, "bad-wait", "a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath"
            )
        return WaitState(
            **common,
            seconds=self.value(doc, "Seconds", pointer),
            timestamp=self.value(
                doc,
                "Timestamp",
                pointer,
                partial(self.typed, test=lambda v: parse_timestamp(v) is not None, kind="an RFC 3339 timestamp"),
            ),
        )

    def build_succeed(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        return SucceedState(**common)

    def build_fail(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        read = partial(self.typed, test=lambda v: isinstance(v, str), kind="a string")
        return FailState(
            **common,
            error=self.value(doc, "Error", pointer, read),
            cause=self.value(doc, "Cause", pointer, read),
        )

    def build_parallel(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        items = doc.get("Branches")
        where = join_pointer(pointer, "Branches")
        if not isinstance(items, list) or not items:
            self.problem(where, "missing-field", "a Parallel state needs a non-empty 'Branches' array")
            items = []
        jsonata = self.jsonata
        branches = tuple(self.program(item, f"{where}/{i}", top=False, jsonata=jsonata) for i, item in enumerate(items))
        self.jsonata = jsonata
        return ParallelState(**common, **self.guarded_fields(doc, pointer), branches=branches)

    def build_map(self, doc: dict[str, Any], pointer: str, common: dict[str, Any]) -> State:
        key = "ItemProcessor" if "ItemProcessor" in doc else "Iterator"
        if "ItemProcessor" in doc and "Iterator" in doc:
            self.problem(pointer, "exclusive-fields", "'ItemProcessor' and 'Iterator' cannot both be set")
        raw = doc.get(key, {})
        jsonata = self.jsonata
        if key in doc:
            processor = self.program(
                raw, join_pointer(pointer, key), top=False, jsonata=jsonata, fields=_PROCESSOR_FIELDS
            )
        else:
            self.problem(pointer, "missing-field", "a Map state needs 'ItemProcessor'")
            processor = Program(join_pointer(pointer, key), "", {})
        self.jsonata = jsonata
        mode, execution_type = self.processor_config(raw, join_pointer(pointer, key))
        if "ItemSelector" in doc and "Parameters" in doc:
            self.problem(pointer, "exclusive-fields", "'ItemSelector' and 'Parameters' cannot both be set")
        fields = self.guarded_fields(doc, pointer)
        fields["parameters"] = None
        reader = self.mapping(doc, "ItemReader", pointer)
        if reader is not None:
            self.item_reader(reader, pointer)
        selector = "ItemSelector" if "ItemSelector" in doc else "Parameters"
        for extra in _DISTRIBUTED_ONLY:
            if extra in doc and mode != "DISTRIBUTED":
                self.problem(
                    join_pointer(pointer, extra),
                    "distributed-only",
                    f"'{extra}' needs ProcessorConfig Mode DISTRIBUTED; an inline Map cannot have it",
                )
        self.item_batcher(doc, pointer)
        return MapState(
            **common,
            **fields,
            processor=processor,
            distributed=mode == "DISTRIBUTED",
            child_execution_type=execution_type,
            items_path=self.path(doc, "ItemsPath", pointer, reference=True) if not jsonata else None,
            items=self.template(doc, "Items", pointer) if jsonata else None,
            item_selector=self.template(doc, selector, pointer),
            item_reader=reader,
            item_reader_parameters=None
            if reader is None
            else self.template(reader, "Arguments" if jsonata else "Parameters", join_pointer(pointer, "ItemReader")),
            item_batcher=self.mapping(doc, "ItemBatcher", pointer),
            result_writer=self.mapping(doc, "ResultWriter", pointer),
            max_concurrency=self.value(doc, "MaxConcurrency", pointer),
            tolerated_failure_count=self.value(doc, "ToleratedFailureCount", pointer),
            tolerated_failure_percentage=self.value(doc, "ToleratedFailurePercentage", pointer),
            label=self.label(doc, pointer),
        )

    def label(self, doc: dict[str, Any], pointer: str) -> str | None:
        """A distributed Map's ``Label``: it names the Map Run, so AWS limits its length and characters."""
        label = self.string(doc, "Label", pointer)
        if label is not None and (len(label) > _MAX_LABEL or _LABEL_FORBIDDEN.search(label)):
            self.problem(
                join_pointer(pointer, "Label"),
                "bad-value",
                f"'Label' must be at most {_MAX_LABEL} characters, without whitespace, control characters "
                'or any of ?*<>{}[]:;,\\|^~$#%&`"',
            )
        return label

    def item_batcher(self, doc: dict[str, Any], pointer: str) -> None:
        """Check ``ItemBatcher``'s fields (the batching itself reads the raw object)."""
        batcher = doc.get("ItemBatcher")
        if not isinstance(batcher, dict):
            return
        where = join_pointer(pointer, "ItemBatcher")
        check_fields(batcher, _BATCHER_FIELDS[self.jsonata], where, self.problems, jsonata=self.jsonata)
        for key in ("MaxItemsPerBatch", "MaxInputBytesPerBatch"):
            self.value(batcher, key, where)
        if not self.jsonata:
            self.mapping(batcher, "BatchInput", where)

    def item_reader(self, reader: dict[str, Any], pointer: str) -> None:
        """Check ``ItemReader``: its ``Resource`` and ``ReaderConfig`` (the reading itself reads the raw object)."""
        where = join_pointer(pointer, "ItemReader")
        check_fields(reader, _READER_FIELDS[self.jsonata], where, self.problems, jsonata=self.jsonata)
        if self.string(reader, "Resource", where) is None and "Resource" not in reader:
            self.problem(where, "missing-field", "an ItemReader needs 'Resource'")
        config = self.mapping(reader, "ReaderConfig", where)
        if config is None:
            return
        config_where = join_pointer(where, "ReaderConfig")
        check_fields(config, _READER_CONFIG_FIELDS[self.jsonata], config_where, self.problems, jsonata=self.jsonata)
        for key, allowed in _READER_CHOICES.items():
            self.one_of(config, key, config_where, allowed)
        self.value(config, "MaxItems", config_where)
        if config.get("CSVHeaderLocation") == "GIVEN" and "CSVHeaders" not in config:
            self.problem(config_where, "missing-field", "'CSVHeaderLocation': 'GIVEN' needs 'CSVHeaders'")

    def processor_config(self, processor: Any, pointer: str) -> tuple[str, str]:
        """``Mode`` and ``ExecutionType`` of a Map processor's ``ProcessorConfig`` (INLINE, STANDARD by default).

        A DISTRIBUTED Map needs ``ExecutionType`` (STANDARD or EXPRESS), as AWS requires.
        """
        config = processor.get("ProcessorConfig", {}) if isinstance(processor, dict) else {}
        where = join_pointer(pointer, "ProcessorConfig")
        if not isinstance(config, dict):
            self.problem(where, "bad-type", f"'ProcessorConfig' must be an object, got {json_type(config)}")
            return "INLINE", "STANDARD"
        check_fields(config, _PROCESSOR_CONFIG_FIELDS, where, self.problems, jsonata=False)
        mode = self.one_of(config, "Mode", where, _MODES)
        mode = "INLINE" if mode is _ABSENT else mode
        execution_type = self.one_of(config, "ExecutionType", where, _EXECUTION_TYPES)
        if "ExecutionType" not in config and mode == "DISTRIBUTED":
            self.problem(
                where,
                "missing-field",
                "a DISTRIBUTED Map needs 'ExecutionType' in 'ProcessorConfig': STANDARD or EXPRESS",
            )
        return str(mode), "STANDARD" if execution_type is _ABSENT else str(execution_type)


_BUILDERS: Final[dict[StateType, Callable[[_Parser, dict[str, Any], str, dict[str, Any]], State]]] = {
    StateType.PASS: _Parser.build_pass,
    StateType.TASK: _Parser.build_task,
    StateType.CHOICE: _Parser.build_choice,
    StateType.WAIT: _Parser.build_wait,
    StateType.SUCCEED: _Parser.build_succeed,
    StateType.FAIL: _Parser.build_fail,
    StateType.PARALLEL: _Parser.build_parallel,
    StateType.MAP: _Parser.build_map,
}


def _show(value: Any) -> str:
    """``value`` as compact JSON for a message (``repr`` for what JSON cannot hold: a dict given in Python)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=repr)


def _is_number(value: Any) -> bool:
    return json_type(value) == "number"


def _dict(value: Any) -> bool:
    return isinstance(value, dict)


def _parse(definition: Any, substitutions: Mapping[str, Any] | None) -> tuple[Program | None, list[Problem]]:
    """The model of ``definition`` and every problem found; the one core of :func:`parse` and :func:`validate`."""
    doc, problems = definition_document(definition, substitutions)
    if problems:
        return None, problems
    parser = _Parser()
    program = parser.program(doc, "", top=True)
    if not parser.problems:
        check_variables(program, parser.problems)
    return program, parser.problems


def load_definition(definition: Any, *, substitutions: Mapping[str, Any] | None = None) -> Any:
    """The definition document ``definition`` gives, substituted; raises DefinitionError when it cannot be read."""
    doc, problems = definition_document(definition, substitutions)
    if problems:
        raise DefinitionError(problems)
    return doc


def validate(definition: Any, *, substitutions: Mapping[str, Any] | None = None) -> list[Problem]:
    """Every problem of ``definition`` (a dict, JSON text, or a ``Path`` to a JSON/YAML file); empty when valid.

    ``substitutions`` fills ``${Name}`` placeholders as SAM/CDK ``DefinitionSubstitutions`` do.
    """
    return _parse(definition, substitutions)[1]


def parse(definition: Any, *, substitutions: Mapping[str, Any] | None = None) -> Program:
    """The model of ``definition``; raises DefinitionError listing every problem."""
    program, problems = _parse(definition, substitutions)
    if problems or program is None:
        raise DefinitionError(problems)
    return program
