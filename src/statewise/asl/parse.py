"""Definition document -> :class:`~statewise.asl.model.Program`, collecting every problem.

Theory of operation: :class:`_Definition` walks the document once, program
by program and state by state, building the frozen model. Fields are read
through a :class:`~statewise.asl.field_readers.FieldReader`: when a field is
wrong it appends a :class:`~statewise.errors.Problem` (JSON pointer, stable
code, one-sentence message) and the walk carries on with a placeholder, so
one pass reports every problem, not just the first. The reader is a frozen
value passed down: a state's query language is its own ``QueryLanguage``,
else its program's, else the machine's (JSONPath by default), and a JSONata
machine may not hold JSONPath states.

Which fields each object accepts is a table (:mod:`statewise.asl.fields`);
the values numeric and enumerated fields accept are tables too
(:mod:`statewise.asl.limits`). The fields state types share are read by
:mod:`statewise.asl.shared_fields` and a Map's own by
:mod:`statewise.asl.map_fields`; this module reads programs and the
remaining per-type fields, one builder per state type (:data:`_BUILDERS`).
State names are unique in the whole machine, Parallel branches and Map
processors included. Structural checks that need the whole program
(transitions to unknown states, unreachable states) run after a program's
states are read; the check that variables are assigned before use
(:mod:`statewise.asl.varflow`) runs on the finished model. :func:`parse`
raises :class:`~statewise.errors.DefinitionError` listing all problems;
:func:`validate` returns them; both run the one core, :func:`_parse`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any, Final

from statewise.asl.choice import compile_rule, parse_timestamp
from statewise.asl.field_readers import FieldReader
from statewise.asl.fields import BRANCH_FIELDS, FIELDS, JSONATA_FIELDS, MACHINE_FIELDS, PROCESSOR_FIELDS, check_fields
from statewise.asl.graph import Graph
from statewise.asl.limits import MAX_STATE_NAME
from statewise.asl.map_fields import map_state
from statewise.asl.model import (
    ChoiceBranch,
    ChoiceState,
    FailState,
    ParallelState,
    PassState,
    Program,
    State,
    SucceedState,
    TaskState,
    WaitState,
)
from statewise.asl.pointer import join_pointer
from statewise.asl.shared_fields import StateCommon, guarded_fields, result_fields, state_common
from statewise.asl.source import definition_document
from statewise.asl.state_types import StateType
from statewise.asl.varflow import check_variables
from statewise.base_errors import DefinitionError, Problem
from statewise.integrations.targets import parse_target

__all__ = ["load_definition", "parse", "validate"]


class _Definition:
    """Reads one definition; holds what spans the whole machine: the problems and the state names."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # every state name in the machine -> where it is first defined

    def program(
        self, doc: Any, pointer: str, read: FieldReader, *, top: bool, fields: frozenset[str] = BRANCH_FIELDS
    ) -> Program:
        """The machine (``top``), or a Parallel branch or (``fields=PROCESSOR_FIELDS``) a Map processor.

        ``read`` reads in the enclosing state's query language (JSONPath for the machine).
        """
        if not isinstance(doc, dict):
            read.problem(pointer, "bad-type", "a state machine must be a JSON object")
            return Program(pointer, "", {})
        check_fields(doc, MACHINE_FIELDS if top else fields, pointer, self.problems, jsonata=False)
        read = read.within(doc, pointer)
        if top:  # the machine's language: JSONPath states may not sit under a JSONata machine
            read = replace(read, jsonata_machine=read.jsonata)
        start_at = read.string(doc, "StartAt", pointer)
        if start_at is None and "StartAt" not in doc:
            read.problem(pointer, "missing-field", "'StartAt' is required")
        raw_states = doc.get("States")
        states: dict[str, State] = {}
        if not isinstance(raw_states, dict) or not raw_states:
            read.problem(join_pointer(pointer, "States"), "missing-field", "'States' must be a non-empty object")
        else:
            for name, state_doc in raw_states.items():
                where = join_pointer(join_pointer(pointer, "States"), name)
                self.unique_name(name, where)
                state = self.state(name, state_doc, where, read)
                if state is not None:
                    states[name] = state
        timeout = read.number(doc, "TimeoutSeconds", pointer) if top else None
        version = read.string(doc, "Version", pointer)
        if version is not None and version != "1.0":
            read.problem(join_pointer(pointer, "Version"), "bad-value", "'Version' must be \"1.0\"")
        program = Program(
            pointer,
            start_at or "",
            states,
            timeout if isinstance(timeout, int) else None,
            read.string(doc, "Comment", pointer),
        )
        if isinstance(raw_states, dict) and raw_states and start_at is not None:
            self.check_transitions(program, raw_states)
        return program

    def problem(self, pointer: str, code: str, message: str) -> None:
        self.problems.append(Problem(pointer, code, message))

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

    def state(self, name: str, doc: Any, pointer: str, read: FieldReader) -> State | None:
        """The state ``doc``; ``read`` reads in its program's query language."""
        if len(name) > MAX_STATE_NAME:
            read.problem(pointer, "bad-name", f"state names are at most {MAX_STATE_NAME} characters")
        if not isinstance(doc, dict):
            read.problem(pointer, "bad-type", "a state must be a JSON object")
            return None
        try:
            state_type = StateType(str(doc.get("Type")))
        except ValueError:
            read.problem(
                join_pointer(pointer, "Type"),
                "bad-type" if "Type" in doc else "missing-field",
                f"'Type' must be one of {', '.join(t.value for t in StateType)}",
            )
            return None
        read = read.within(doc, pointer)
        allowed = (JSONATA_FIELDS if read.jsonata else FIELDS)[state_type]
        check_fields(doc, allowed, pointer, self.problems, jsonata=read.jsonata)
        common = state_common(read, name, doc, pointer, state_type)
        return _BUILDERS[state_type](self, read, doc, pointer, common)

    def build_pass(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        return PassState(
            **common, **result_fields(read, doc, pointer), result=doc.get("Result"), has_result="Result" in doc
        )

    def build_task(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        resource = read.string(doc, "Resource", pointer)
        if resource is None:
            read.problem(pointer, "missing-field", "a Task state needs 'Resource'")
        timeout = read.value(doc, "TimeoutSeconds", pointer)
        heartbeat = read.value(doc, "HeartbeatSeconds", pointer)
        if (
            timeout is not None
            and heartbeat is not None
            and timeout.path is None
            and heartbeat.path is None
            and heartbeat.literal >= timeout.literal
        ):
            read.problem(
                join_pointer(pointer, "HeartbeatSeconds"),
                "bad-value",
                "'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'",
            )
        guarded = guarded_fields(read, doc, pointer)
        credentials = read.template(doc, "Credentials", pointer)
        target = parse_target(resource or "")
        return TaskState(
            **common, **guarded, target=target, timeout=timeout, heartbeat=heartbeat, credentials=credentials
        )

    def build_choice(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        items = doc.get("Choices")
        where = join_pointer(pointer, "Choices")
        branches: list[ChoiceBranch] = []
        if not isinstance(items, list) or not items:
            read.problem(where, "missing-field", "a Choice state needs a non-empty 'Choices' array")
            items = []
        for i, item in enumerate(items):
            rule = compile_rule(item, f"{where}/{i}", self.problems, top=True, jsonata=read.jsonata)
            nxt = item.get("Next") if isinstance(item, dict) else None
            if not isinstance(nxt, str):
                read.problem(f"{where}/{i}", "missing-field", "each choice rule needs 'Next'")
            elif rule is not None:
                branches.append(ChoiceBranch(f"{where}/{i}", rule, nxt, **read.outcome(item, f"{where}/{i}")))
        return ChoiceState(**common, choices=tuple(branches), default=read.string(doc, "Default", pointer))

    def build_wait(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        given = [key for key in ("Seconds", "SecondsPath", "Timestamp", "TimestampPath") if key in doc]
        if len(given) != 1:
            read.problem(
                pointer, "bad-wait", "a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath"
            )
        return WaitState(
            **common,
            seconds=read.value(doc, "Seconds", pointer),
            timestamp=read.value(
                doc,
                "Timestamp",
                pointer,
                partial(read.typed, test=lambda v: parse_timestamp(v) is not None, kind="an RFC 3339 timestamp"),
            ),
        )

    def build_succeed(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        return SucceedState(**common)

    def build_fail(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        string = partial(read.typed, test=lambda v: isinstance(v, str), kind="a string")
        return FailState(
            **common,
            error=read.value(doc, "Error", pointer, string),
            cause=read.value(doc, "Cause", pointer, string),
        )

    def build_parallel(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        items = doc.get("Branches")
        where = join_pointer(pointer, "Branches")
        if not isinstance(items, list) or not items:
            read.problem(where, "missing-field", "a Parallel state needs a non-empty 'Branches' array")
            items = []
        branches = tuple(self.program(item, f"{where}/{i}", read, top=False) for i, item in enumerate(items))
        return ParallelState(**common, **guarded_fields(read, doc, pointer), branches=branches)

    def build_map(self, read: FieldReader, doc: dict[str, Any], pointer: str, common: StateCommon) -> State:
        return map_state(
            read,
            doc,
            pointer,
            common,
            lambda processor, where: self.program(processor, where, read, top=False, fields=PROCESSOR_FIELDS),
        )


_StateBuilder = Callable[[_Definition, FieldReader, dict[str, Any], str, StateCommon], State]
_BUILDERS: Final[dict[StateType, _StateBuilder]] = {
    StateType.PASS: _Definition.build_pass,
    StateType.TASK: _Definition.build_task,
    StateType.CHOICE: _Definition.build_choice,
    StateType.WAIT: _Definition.build_wait,
    StateType.SUCCEED: _Definition.build_succeed,
    StateType.FAIL: _Definition.build_fail,
    StateType.PARALLEL: _Definition.build_parallel,
    StateType.MAP: _Definition.build_map,
}


def _parse(definition: Any, substitutions: Mapping[str, Any] | None) -> tuple[Program | None, list[Problem]]:
    """The model of ``definition`` and every problem found; the one core of :func:`parse` and :func:`validate`."""
    doc, problems = definition_document(definition, substitutions)
    if problems:
        return None, problems
    walk = _Definition()
    program = walk.program(doc, "", FieldReader(walk.problems), top=True)
    if not walk.problems:
        check_variables(program, walk.problems)
    return program, walk.problems


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
