"""Static check of workflow variables: assigned before use, never assigned across scopes.

Theory of operation: a may-assign data-flow analysis over each program's
transition graph. Every edge carries the names its transition assigns: the
``Assign`` of the state for ``Next`` (and a Choice state's ``Default``), the
``Assign`` of the Choice rule or Catch element for their ``Next``. The names
that *may* be assigned on entry to a state are the union over its incoming
edges of what may be assigned before them, iterated to a fixed point (loops
just add names). A variable a state reads that is in neither that set nor
an enclosing scope is one no path can have assigned: a ``undefined-variable``
problem at the field that reads it. Since the sets are unions over paths,
a machine that assigns a variable on some path before a use is accepted, as
AWS accepts it.

A Map item processor or Parallel branch is a nested scope: it sees what may
be assigned on entry to its state plus the enclosing scopes, and it may not
assign a name any enclosing scope assigns (``outer-variable-assigned``), as
AWS forbids. What a state reads is collected from its compiled templates:
the ``$name`` roots of JSONPath paths and of intrinsic arguments. JSONata
expressions are not checked: AWS accepts a definition whose expression reads
a variable nothing assigns and fails the state at run time
(``States.QueryEvaluationError``, ``returned nothing (undefined)``), as the
recorded cases show.
"""

from __future__ import annotations

from collections.abc import Iterator

from statewise.asl.choice import And, Comparison, Condition, Not, Or, Rule
from statewise.asl.graph import Graph, nested
from statewise.asl.intrinsics import Intrinsic
from statewise.asl.intrinsics import ast as intrinsic_ast
from statewise.asl.model import (
    ChoiceState,
    FailState,
    GuardedState,
    MapState,
    PassState,
    Program,
    State,
    TaskState,
    Value,
    WaitState,
)
from statewise.asl.paths import JsonPath
from statewise.asl.pointer import join_pointer
from statewise.asl.templates import Template
from statewise.base_errors import Problem

__all__ = ["check_variables"]

_Names = frozenset[str]


def check_variables(program: Program, problems: list[Problem]) -> None:
    """Append a problem for every variable read before any path assigns it, or assigned across scopes."""
    _check_program(program, frozenset(), frozenset(), problems)


def _assigned(template: Template | None) -> _Names:
    return frozenset() if template is None else frozenset(template.keys())


def _check_program(program: Program, outer: _Names, outer_assigned: _Names, problems: list[Problem]) -> None:
    graph = Graph.of(program)
    states = program.states
    entry: dict[str, _Names] = {name: frozenset() for name in states}
    todo = [program.start_at] if program.start_at in states else []
    seen: set[str] = set(todo)
    while todo:
        name = todo.pop()
        for edge in graph.out[name]:
            if edge.target not in states:
                continue
            merged = entry[edge.target] | entry[name] | _assigned(edge.assign)
            if merged != entry[edge.target] or edge.target not in seen:
                entry[edge.target] = merged
                seen.add(edge.target)
                todo.append(edge.target)
    mine = frozenset().union(*(_assigned(edge.assign) for edge in graph.edges()))
    for name, state in states.items():
        visible = outer | entry[name]
        for pointer, variable in _reads(state):
            if variable not in visible:
                problems.append(
                    Problem(
                        pointer,
                        "undefined-variable",
                        f"'${variable}' is read here, but no state on any path to {name!r} assigns it; "
                        "assign it in an earlier state's 'Assign'",
                    )
                )
        for holder_pointer, names in _assignments(state):
            for variable in sorted(names & outer_assigned):
                problems.append(
                    Problem(
                        join_pointer(holder_pointer, "Assign"),
                        "outer-variable-assigned",
                        f"'${variable}' belongs to an enclosing scope; a Map or Parallel state's inner states "
                        "can read it but not assign it",
                    )
                )
        for inner in nested(state):
            _check_program(inner, visible, outer_assigned | mine, problems)


def _assignments(state: State) -> Iterator[tuple[str, _Names]]:
    yield state.pointer, _assigned(state.assign)
    if isinstance(state, ChoiceState):
        for branch in state.choices:
            yield branch.pointer, _assigned(branch.assign)
    if isinstance(state, GuardedState):
        for catcher in state.catch:
            yield catcher.pointer, _assigned(catcher.assign)


def _reads(state: State) -> Iterator[tuple[str, str]]:
    """(pointer, variable name) of every variable ``state`` reads."""
    for path in (state.input_path, state.output_path):
        yield from _path_reads(state.pointer, path)
    templates: list[Template | None] = [state.assign, state.output]
    values: list[Value | None] = []
    if isinstance(state, PassState | GuardedState):
        templates.append(state.parameters)
    if isinstance(state, GuardedState):
        templates.append(state.result_selector)
        for catcher in state.catch:
            templates += [catcher.assign, catcher.output]
    if isinstance(state, TaskState):
        values += [state.timeout, state.heartbeat]
    if isinstance(state, WaitState):
        values += [state.seconds, state.timestamp]
    if isinstance(state, FailState):
        values += [state.error, state.cause]
    if isinstance(state, MapState):
        templates += [state.items, state.item_selector, state.item_reader_parameters]
        values += [state.max_concurrency, state.tolerated_failure_count, state.tolerated_failure_percentage]
        yield from _path_reads(state.pointer, state.items_path)
    if isinstance(state, ChoiceState):
        for branch in state.choices:
            templates += [branch.assign, branch.output]
            yield from _rule_reads(branch.rule)
    templates += [value.path for value in values if value is not None]
    for template in templates:
        if template is not None:
            yield from _template_reads(template)


def _template_reads(template: Template) -> Iterator[tuple[str, str]]:
    for item in template.paths():
        if isinstance(item, Intrinsic):
            yield from _call_reads(template.pointer, item.call)
        else:
            yield from _path_reads(template.pointer, item)


def _call_reads(pointer: str, call: intrinsic_ast.Call) -> Iterator[tuple[str, str]]:
    for arg in call.args:
        if isinstance(arg, intrinsic_ast.PathArgument):
            yield from _path_reads(pointer, arg.path)
        elif isinstance(arg, intrinsic_ast.Call):
            yield from _call_reads(pointer, arg)


def _path_reads(pointer: str, path: JsonPath | None) -> Iterator[tuple[str, str]]:
    if path is not None and path.root not in ("$", "$$"):
        yield pointer, path.root


def _rule_reads(rule: Rule) -> Iterator[tuple[str, str]]:
    match rule:
        case Comparison(pointer, variable, name, _, value_path):
            if name != "IsPresent":  # testing presence is how a state asks whether a variable is set
                yield from _path_reads(join_pointer(pointer, "Variable"), variable)
            yield from _path_reads(pointer, value_path)
        case And(_, rules) | Or(_, rules):
            for inner in rules:
                yield from _rule_reads(inner)
        case Not(_, inner):
            yield from _rule_reads(inner)
        case Condition(_, condition):
            yield from _template_reads(condition)
