"""The transition graph of a program: which state can go to which, and what each transition assigns.

Theory of operation: every check that follows the flow of a definition —
transitions to unknown states and unreachable states (validation), variables
read before any path assigns them (:mod:`statewise.asl.varflow`), and the
linter and diagrams after them — reads this one graph instead of walking
``Next``/``Default``/``Choices``/``Catch`` itself. :func:`transitions` lists a
state's outgoing edges, each with the JSON pointer where it is written and
the ``Assign`` that runs on the way (the state's own for ``Next`` and a
Choice's ``Default``, the rule's or the catcher's for theirs).
:class:`Graph` holds them for one program; :func:`nested` gives the programs
a Map or Parallel state runs, whose graphs are separate scopes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from statewise.asl.model import ChoiceState, GuardedState, MapState, ParallelState, Program, State
from statewise.asl.pointer import join_pointer

if TYPE_CHECKING:
    from statewise.asl.templates import Template

__all__ = ["Graph", "Transition", "every_state", "nested", "transitions"]


@dataclass(frozen=True, slots=True)
class Transition:
    """One edge: ``source`` may go to ``target``; ``pointer`` is where it is written."""

    source: str
    target: str
    pointer: str
    assign: Template | None


def transitions(state: State) -> list[Transition]:
    """Every transition out of ``state``, in the order the definition writes them."""
    out = []
    if state.next is not None:
        out.append(Transition(state.name, state.next, join_pointer(state.pointer, "Next"), state.assign))
    if isinstance(state, ChoiceState):
        out += [Transition(state.name, b.next, join_pointer(b.pointer, "Next"), b.assign) for b in state.choices]
        if state.default is not None:
            out.append(Transition(state.name, state.default, join_pointer(state.pointer, "Default"), state.assign))
    if isinstance(state, GuardedState):
        out += [Transition(state.name, c.next, join_pointer(c.pointer, "Next"), c.assign) for c in state.catch]
    return out


def nested(state: State) -> tuple[Program, ...]:
    """The programs ``state`` runs: a Map's item processor, a Parallel's branches."""
    if isinstance(state, MapState):
        return (state.processor,)
    if isinstance(state, ParallelState):
        return state.branches
    return ()


def every_state(states: Iterable[State]) -> Iterator[State]:
    """Every one of ``states`` and of the states of the programs nested in them, depth first."""
    for state in states:
        yield state
        for inner in nested(state):
            yield from every_state(inner.states.values())


@dataclass(frozen=True, slots=True)
class Graph:
    """The transitions of one program's states (not of the programs nested in them)."""

    start: str
    states: Mapping[str, State]
    out: Mapping[str, tuple[Transition, ...]]

    @classmethod
    def of(cls, program: Program) -> Graph:
        out = {name: tuple(transitions(state)) for name, state in program.states.items()}
        return cls(program.start_at, program.states, out)

    def edges(self) -> Iterator[Transition]:
        for outgoing in self.out.values():
            yield from outgoing

    def reachable(self) -> set[str]:
        """The states a run can enter, from the start along known transitions."""
        if self.start not in self.states:
            return set()
        seen = {self.start}
        todo = [self.start]
        while todo:
            for edge in self.out[todo.pop()]:
                if edge.target in self.states and edge.target not in seen:
                    seen.add(edge.target)
                    todo.append(edge.target)
        return seen
