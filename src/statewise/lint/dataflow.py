"""The data-flow analysis: what each state's input is known to hold, on every path through the graph.

Theory of operation: a forward analysis over each program's transition
graph (:class:`~statewise.asl.graph.Graph`, the one every flow check reads),
in the field-presence lattice of :mod:`statewise.lint.facts`. The start
state of the machine sees :data:`~statewise.lint.facts.UNKNOWN` input;
:meth:`_Analysis.step` is the abstract twin of a state's input/output
processing (InputPath, Parameters, the result, ResultSelector, ResultPath,
OutputPath; Output in JSONata) and gives the data each outgoing transition
carries: a Catch its error output, each Choice branch the input refined by
its rule (``IsPresent`` true: present; the ``Default``: absent for every
``IsPresent`` rule it passed). A Choice rule the facts decide is a
:class:`Verdict`; a branch it rules out carries nothing (``None``), so facts
do not flow down paths no run takes. Where transitions meet, the facts are
joined, iterated to a fixed point (loops only lose precision).

Then one more step per reached state records what its paths read
(:class:`~statewise.lint.values.Read`), the Choice verdicts and the dead
transitions, and analyses the programs nested in Map and Parallel states
with the input each one starts from. :class:`Flow` holds all of it for the
rules (:mod:`statewise.lint.rules_flow`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from statewise.asl.choice import And, Comparison, Condition, Not, Or, Rule
from statewise.asl.graph import Graph, nested
from statewise.asl.model import (
    Catcher,
    ChoiceState,
    FailState,
    GuardedState,
    MapState,
    ParallelState,
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
from statewise.lint.document import at
from statewise.lint.facts import UNKNOWN, Cause, Fact, Node, Presence, Slot, closed, from_literal, join, select
from statewise.lint.facts import with_member as _with_member
from statewise.lint.values import Read, dynamic_value, error_value, path_value, response_value, template_value

__all__ = ["Flow", "Verdict", "analyse"]

_KEEP_INPUT = "set 'ResultPath' to a field (such as \"$.result\"), or to null, to keep the state's input"
_OUTPUT_NULL_FIX = "use ResultPath: null instead of OutputPath: null"
_ABSENT: Any = object()  # "no such field" from the document, where null is a value


@dataclass(frozen=True, slots=True)
class Verdict:
    """A Choice rule whose outcome the facts decide: it always matches, or never."""

    state: str
    pointer: str
    always: bool


@dataclass(frozen=True, slots=True)
class Flow:
    """The analysis of one program: entry facts of the states a run can reach, what they read, and more."""

    program: Program
    graph: Graph
    entry: Mapping[str, Node]
    reads: tuple[Read, ...]
    verdicts: tuple[Verdict, ...]
    dead: frozenset[str]  # pointers of transitions no run takes
    inner: Mapping[str, tuple[Flow, ...]]  # state name -> the flows of the programs it runs


@dataclass(slots=True)
class _Outcome:
    edges: dict[str, Node | None]  # transition pointer -> the data it carries; None: never taken
    inner: tuple[Node, ...] = ()  # the input each nested program starts from


def analyse(program: Program, doc: Any) -> Flow:
    """The flow of the machine ``program``, parsed from the (substituted) document ``doc``."""
    return _Analysis(doc).program(program, UNKNOWN)


class _Analysis:
    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def program(self, program: Program, start: Node) -> Flow:
        graph = Graph.of(program)
        states = program.states
        entry: dict[str, Node] = {}
        todo = []
        if program.start_at in states:
            entry[program.start_at] = start
            todo.append(program.start_at)
        while todo:
            name = todo.pop()
            edges = self.step(states[name], entry[name], None, None).edges
            for edge in graph.out[name]:
                node = edges[edge.pointer]
                if node is None or edge.target not in states:
                    continue
                old = entry.get(edge.target)
                new = node if old is None else join(old, node)
                if new != old:
                    entry[edge.target] = new
                    todo.append(edge.target)
        reads: list[Read] = []
        verdicts: list[Verdict] = []
        dead: set[str] = set()
        inner: dict[str, tuple[Flow, ...]] = {}
        for name, node in entry.items():
            state = states[name]
            outcome = self.step(state, node, reads, verdicts)
            dead |= {pointer for pointer, carried in outcome.edges.items() if carried is None}
            inner[name] = tuple(self.program(p, n) for p, n in zip(nested(state), outcome.inner, strict=True))
        return Flow(program, graph, entry, tuple(reads), tuple(verdicts), frozenset(dead), inner)

    # -- one state ------------------------------------------------------------------------------------

    def step(self, state: State, entry: Node, reads: list[Read] | None, verdicts: list[Verdict] | None) -> _Outcome:
        """What each transition out of ``state`` carries when it is entered with ``entry``."""
        where = state.pointer
        if state.input_path is None:
            data = closed({}, Cause(join_pointer(where, "InputPath"), "'InputPath': null gives the state {}"))
        else:
            data = path_value(state.input_path, entry, join_pointer(where, "InputPath"), reads)
        if isinstance(state, PassState | GuardedState) and state.parameters is not None and not state.jsonata:
            reason = "'Parameters' replace the state's input with only the fields they list"
            data = self.template(state.parameters, data, reads, reason, jsonata=False)
        self.value_reads(state, entry, data, reads)
        if isinstance(state, ChoiceState):
            return _Outcome(self.choice(state, data, reads, verdicts))
        edges: dict[str, Node | None] = {}
        if state.next is not None:
            edges[join_pointer(where, "Next")] = self.output(state, entry, data, reads)
        if isinstance(state, GuardedState):
            for catcher in state.catch:
                edges[join_pointer(catcher.pointer, "Next")] = self.caught(catcher, entry, reads)
        inner: tuple[Node, ...] = ()
        if isinstance(state, MapState):
            reason = "'ItemSelector' gives each iteration only the fields it lists"
            selector = state.item_selector
            if selector is None:
                inner = (UNKNOWN,)
            else:
                inner = (self.template(selector, data, reads, reason, jsonata=state.jsonata),)
        elif isinstance(state, ParallelState):
            inner = (data,) * len(state.branches)
        return _Outcome(edges, inner)

    def template(self, template: Template, data: Node, reads: list[Read] | None, reason: str, *, jsonata: bool) -> Node:
        """What ``template`` builds from ``data``; what it does not list is gone for ``reason``."""
        cause = Cause(template.pointer, reason)
        return template_value(at(self.doc, template.pointer), template.pointer, data, reads, cause, jsonata=jsonata)

    def value_reads(self, state: State, entry: Node, data: Node, reads: list[Read] | None) -> None:
        """Record the paths a state reads besides its templates: a Task's timeouts and credentials
        read the state's input as it arrives, the others the input after InputPath and Parameters."""
        if reads is None or state.jsonata:
            return
        values: list[Value | None] = []
        templates: list[Template | None] = []
        if isinstance(state, TaskState):
            values += [state.timeout, state.heartbeat]
            templates.append(state.credentials)
            data = entry
        elif isinstance(state, WaitState):
            values += [state.seconds, state.timestamp]
        elif isinstance(state, FailState):
            values += [state.error, state.cause]
        elif isinstance(state, MapState):
            values += [state.max_concurrency, state.tolerated_failure_count, state.tolerated_failure_percentage]
            templates.append(state.item_reader_parameters)
            if state.items_path is not None and state.item_reader is None:
                path_value(state.items_path, data, join_pointer(state.pointer, "ItemsPath"), reads)
        for value in values:
            if value is not None and value.path is not None:
                text = at(self.doc, value.path.pointer)
                if isinstance(text, str):
                    dynamic_value(text, data, value.path.pointer, reads)
        for template in templates:
            if template is not None:
                self.template(template, data, reads, "", jsonata=False)

    def result(self, state: State, data: Node) -> Node:
        """The state's result before ResultSelector; for states without one, their effective input."""
        where = state.pointer
        if isinstance(state, PassState) and state.has_result:
            return from_literal(state.result, Cause(join_pointer(where, "Result"), "the Pass state's 'Result'"))
        if isinstance(state, TaskState):
            return response_value(state.target, join_pointer(where, "Resource"))
        if isinstance(state, MapState | ParallelState):
            cause = Cause(where, f"the result of a {state.type.value} state is an array")
            return Node({}, Fact(Presence.ABSENT, cause), "array")
        return data

    def output(self, state: State, entry: Node, data: Node, reads: list[Read] | None) -> Node:
        """What the state passes on through ``Next``."""
        where = state.pointer
        result = self.result(state, data)
        if isinstance(state, GuardedState) and state.result_selector is not None:
            reason = "'ResultSelector' keeps only the fields it lists"
            result = self.template(state.result_selector, result, reads, reason, jsonata=False)
        if state.jsonata:
            if state.output is None:
                return result
            return self.template(state.output, result, reads, "'Output' gives only the fields it lists", jsonata=True)
        if isinstance(state, PassState | GuardedState):
            result_path = state.result_path
            if result_path is None:
                data = entry
            elif result_path.plan:
                data = _with_member(entry, result_path.plan, Slot(Fact(Presence.PRESENT), result))
            elif isinstance(state, GuardedState) or (isinstance(state, PassState) and state.has_result):
                data = _replaced(result, self.field_pointer(where, "ResultPath"))
            else:
                data = result
        return self.output_path(state, data, reads)

    def output_path(self, state: State, data: Node, reads: list[Read] | None) -> Node:
        where = join_pointer(state.pointer, "OutputPath")
        if state.output_path is None:
            return closed({}, Cause(where, "'OutputPath': null makes the state's output {}", _OUTPUT_NULL_FIX))
        return path_value(state.output_path, data, where, reads)

    def field_pointer(self, state_pointer: str, key: str) -> str:
        """The pointer of ``key`` in the state when it is written there, else the state's own."""
        pointer = join_pointer(state_pointer, key)
        return pointer if at(self.doc, pointer, _ABSENT) is not _ABSENT else state_pointer

    def caught(self, catcher: Catcher, entry: Node, reads: list[Read] | None) -> Node:
        """What a Catch element passes to its ``Next``."""
        if catcher.output is not None:
            reason = "the Catch's 'Output' gives only the fields it lists"
            return self.template(catcher.output, UNKNOWN, reads, reason, jsonata=True)
        path = catcher.result_path
        if path is None:
            return entry
        if path.plan:
            cause = Cause(catcher.pointer, "the Catch's error output is {Error, Cause}")
            return _with_member(entry, path.plan, Slot(Fact(Presence.PRESENT), error_value(cause)))
        reason = "the Catch's 'ResultPath' is '$': the error output {Error, Cause} replaces the state's input"
        fix = "set the Catch's 'ResultPath' to a field (such as \"$.error\") to keep the state's input"
        return error_value(Cause(catcher.pointer, reason, fix))

    # -- Choice -----------------------------------------------------------------------------------------

    def choice(
        self, state: ChoiceState, data: Node, reads: list[Read] | None, verdicts: list[Verdict] | None
    ) -> dict[str, Node | None]:
        edges: dict[str, Node | None] = {}
        taken = True  # False once a rule always matches: the rules after it and Default are never reached
        passed: list[tuple[tuple[str | int, ...], bool, str]] = []  # what the Default knows: (keys, present?, rule)
        for branch in state.choices:
            _rule_reads(branch.rule, data, reads)
            verdict = _truth(branch.rule, data)
            if verdict is not None and verdicts is not None:
                verdicts.append(Verdict(state.name, branch.pointer, verdict))
            pointer = join_pointer(branch.pointer, "Next")
            if not taken or verdict is False:
                edges[pointer] = None
            else:
                refined = _refine(data, _implied(branch.rule), branch.pointer)
                edges[pointer] = self.choice_output(state, branch.output, refined, reads)
            taken = taken and verdict is not True
            passed += [(keys, not present, branch.pointer) for keys, present in _tested(branch.rule)]
        if state.default is not None:
            pointer = join_pointer(state.pointer, "Default")
            if not taken:
                edges[pointer] = None
            else:
                refined = data
                for keys, present, rule in passed:
                    refined = _refine(refined, [(keys, present)], rule)
                edges[pointer] = self.choice_output(state, None, refined, reads)
        return edges

    def choice_output(self, state: ChoiceState, output: Template | None, data: Node, reads: list[Read] | None) -> Node:
        if not state.jsonata:
            return self.output_path(state, data, reads)
        template = output or state.output
        if template is None:
            return data
        return self.template(template, data, reads, "'Output' gives only the fields it lists", jsonata=True)


def _replaced(result: Node, pointer: str) -> Node:
    """``result`` as the state's whole output (``ResultPath: "$"``): what it lacks, the ResultPath discarded."""
    gone = result.rest.gone
    if result.rest.presence is not Presence.ABSENT or gone is None:
        return result
    if gone.kind == "never-produced":  # the response replaced the input: either may be what the reader missed
        cause = replace(gone, reason=f"{gone.reason}, and it replaces the state's input ('ResultPath' is '$')")
    else:
        cause = Cause(pointer, "'ResultPath' is '$': the state's result replaces its input", _KEEP_INPUT)
    return Node(result.fields, Fact(Presence.ABSENT, cause), result.kind)


def _keys(path: JsonPath) -> tuple[str | int, ...] | None:
    return path.plan if path.root == "$" and path.plan else None


def _rule_reads(rule: Rule, data: Node, reads: list[Read] | None) -> None:
    match rule:
        case Comparison(pointer, variable, name, _, value_path):
            path_value(variable, data, join_pointer(pointer, "Variable"), reads, test=name == "IsPresent")
            if value_path is not None:
                path_value(value_path, data, join_pointer(pointer, f"{name}Path"), reads)
        case And(_, rules) | Or(_, rules):
            for inner in rules:
                _rule_reads(inner, data, reads)
        case Not(_, inner):
            _rule_reads(inner, data, reads)


def _truth(rule: Rule, data: Node) -> bool | None:
    """True: the rule matches on every path; False: on none; None: the facts do not say."""
    match rule:
        case Comparison(_, variable, "IsPresent", value, _):
            keys = _keys(variable)
            presence = None if keys is None else select(data, keys).fact.presence
            if presence is None or presence is Presence.MAYBE:
                return None
            return (presence is Presence.PRESENT) == bool(value)
        case And(_, rules):
            verdicts = [_truth(inner, data) for inner in rules]
            return False if False in verdicts else (True if all(verdicts) else None)
        case Or(_, rules):
            verdicts = [_truth(inner, data) for inner in rules]
            return True if True in verdicts else (False if all(v is False for v in verdicts) else None)
        case Not(_, inner):
            verdict = _truth(inner, data)
            return None if verdict is None else not verdict
    return None


def _tested(rule: Rule) -> list[tuple[tuple[str | int, ...], bool]]:
    """(keys, present?) a top-level ``IsPresent`` rule tests, for the Default that passed it."""
    if isinstance(rule, Comparison) and rule.name == "IsPresent":
        keys = _keys(rule.variable)
        return [] if keys is None else [(keys, bool(rule.value))]
    return []


def _implied(rule: Rule) -> list[tuple[tuple[str | int, ...], bool]]:
    """(keys, present?) that hold where ``rule`` matched: any comparison but IsPresent false needs its variable."""
    match rule:
        case Comparison(_, variable, name, value, _):
            keys = _keys(variable)
            if keys is None:
                return []
            return [(keys, bool(value) if name == "IsPresent" else True)]
        case And(_, rules):
            return [implied for inner in rules for implied in _implied(inner)]
        case Condition() | Or() | Not():
            return []
    return []


def _refine(data: Node, facts: list[tuple[tuple[str | int, ...], bool]], rule_pointer: str) -> Node:
    for keys, present in facts:
        if present:
            slot = Slot(Fact(Presence.PRESENT), select(data, keys).node)
        else:
            reason = "the Choice rule lets only data without it come this way"
            slot = Slot(Fact(Presence.ABSENT, Cause(rule_pointer, reason, kind="tested")), UNKNOWN)
        data = _with_member(data, keys, slot)
    return data
