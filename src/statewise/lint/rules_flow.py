"""Rules on the data flow: fields read where they are gone, Choices the facts decide, dead states, endless loops.

Theory of operation: every rule reads a :class:`~statewise.lint.dataflow.Flow`
(and, recursively, the flows of the programs nested in Map and Parallel
states). A path that selects a member known absent on every path is an
error, coded by why it is gone (a step discarded it, or the API never
returns it) and carrying the fix the discarding field suggests; one gone on
*some* path is a warning. An ``IsPresent`` test may find a member missing on
some path (that is what it is for), but not on every path: then its
Choice can never take that branch. States the analysis never reached but
the graph does are behind dead branches; states that reach no End, Succeed
or Fail state loop for ever.
"""

from __future__ import annotations

from collections.abc import Iterator

from statewise.asl.state_types import StateType
from statewise.base_errors import with_suggestions
from statewise.lint.dataflow import Flow
from statewise.lint.diagnostics import Diagnostic, diagnostic
from statewise.lint.facts import Presence
from statewise.lint.values import Read

__all__ = ["flow_diagnostics"]

_CODES = {"discarded": "field-discarded", "never-produced": "field-never-produced", "tested": "field-discarded"}


def flow_diagnostics(flow: Flow) -> list[Diagnostic]:
    """Every finding on ``flow`` and the flows nested in it."""
    found = [d for read in flow.reads if (d := _read(read)) is not None]
    found += _verdicts(flow, found)
    found += _never_reached(flow)
    found += _endless(flow)
    for flows in flow.inner.values():
        for inner in flows:
            found += flow_diagnostics(inner)
    return found


def _read(read: Read) -> Diagnostic | None:
    fact = read.slot.fact
    cause = fact.gone
    if cause is None or (read.test and fact.presence is not Presence.ABSENT):
        return None  # a presence test on something gone on some path only is what tests are for
    where = f"{cause.reason} ({cause.pointer})"
    if fact.presence is Presence.ABSENT:
        if read.test and cause.kind == "tested":
            return None  # the Choice verdict says it better
        what = "the test always gives the same answer" if read.test else "the state fails with States.Runtime"
        message = f"{read.path!r} is never there when this state reads it, so {what}: {where}"
        return diagnostic(_CODES[cause.kind], read.pointer, with_suggestions(message, read.near), cause.fix)
    message = f"{read.path!r} is missing on some path to this state, where it fails with States.Runtime: {where}"
    return diagnostic("field-missing-on-some-path", read.pointer, with_suggestions(message, read.near), cause.fix)


def _verdicts(flow: Flow, found: list[Diagnostic]) -> Iterator[Diagnostic]:
    for verdict in flow.verdicts:
        if any(d.pointer.startswith(verdict.pointer + "/") for d in found):
            continue  # the read already says why
        if verdict.always:
            yield diagnostic(
                "choice-default-never-taken",
                verdict.pointer,
                f"this rule matches on every path to {verdict.state!r}, so the rules after it and 'Default' "
                "are never taken",
            )
        else:
            yield diagnostic(
                "choice-rule-never-matches",
                verdict.pointer,
                f"this rule matches on no path to {verdict.state!r}, so its branch is never taken",
            )


def _never_reached(flow: Flow) -> Iterator[Diagnostic]:
    reachable = flow.graph.reachable()
    for name, state in flow.program.states.items():
        if name in reachable and name not in flow.entry:
            yield diagnostic(
                "state-never-reached",
                state.pointer,
                f"state {name!r} is reached only through Choice branches that are never taken",
            )


def _endless(flow: Flow) -> Iterator[Diagnostic]:
    states = flow.program.states
    live = [edge for edge in flow.graph.edges() if edge.pointer not in flow.dead and edge.source in flow.entry]
    exits = {name for name in flow.entry if states[name].next is None and states[name].type is not StateType.CHOICE}
    todo = list(exits)
    while todo:
        target = todo.pop()
        for edge in live:
            if edge.target == target and edge.source not in exits:
                exits.add(edge.source)
                todo.append(edge.source)
    stuck = [name for name in states if name in flow.entry and name not in exits]
    if stuck:
        yield diagnostic(
            "loop-without-exit",
            states[stuck[0]].pointer,
            f"{', '.join(repr(name) for name in stuck)} never reach a state that ends the run (End, Succeed or "
            "Fail): the execution loops until it fails or reaches the 25,000-event history quota",
        )
