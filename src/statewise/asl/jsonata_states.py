"""JSONata states: ``$states``, ``Arguments``, ``Output``/``Assign`` and Map ``Items``.

Theory of operation: a JSONata state reads its data only through the
reserved variable ``$states``, which :meth:`~statewise.asl.engine.Run.state`
binds as ``{"input": <state input>, "context": <context object>}``; a Task,
Parallel or Map adds ``result`` once its work is done
(:meth:`~statewise.asl.env.Env.with_states`), a Catch element adds
``errorOutput``. Every field was compiled into a template when the
definition was parsed, so evaluation here is template evaluation with the
bindings of that :class:`~statewise.asl.env.Env`, built once per state (and
once more after ``result``/``errorOutput`` are known).

The data flow is ``Arguments -> (work) -> Output``: ``Arguments`` (default:
the state input) is what a Task sends and what Parallel branches receive;
``Output`` (default: the result, or the input for states without one, or
the error output in a Catch element) is the state output. ``Assign`` and
``Output`` are evaluated with the same bindings, so neither sees the other's
new variable values (AWS's order: variables change after the state).

A Map iterates over ``Items`` (default: the state input), which must be an
array; anything else is ``States.QueryEvaluationError`` with AWS's wording.
"""

from __future__ import annotations

from typing import Any

from statewise.asl.encoding import compact_json
from statewise.asl.env import Env
from statewise.asl.faults import QueryFault
from statewise.asl.model import Catcher, ChoiceBranch, GuardedState, MapState, PassState, State
from statewise.asl.runtime import Frame
from statewise.asl.templates import unexpected_type

__all__ = ["arguments", "conclude", "items"]


def arguments(state: PassState | GuardedState, data: Any, env: Env) -> Any:
    """The effective input of a JSONata state: ``Arguments`` evaluated, or the state input."""
    return data if state.parameters is None else state.parameters.evaluate(data, env)


def conclude(holder: State | ChoiceBranch | Catcher, default: Any, env: Env, frame: Frame) -> Any:
    """Evaluate ``holder``'s Assign (kept in ``frame`` for after the state) and return its Output (or ``default``)."""
    frame.assign(holder, None, env)
    return default if holder.output is None else holder.output.evaluate(None, env)


def items(state: MapState, data: Any, env: Env) -> list[Any]:
    """The items a JSONata Map iterates over: ``Items`` evaluated, or the state input."""
    if state.items is None:
        if not isinstance(data, list):
            raise QueryFault(f"Map state input must be an array but was: {compact_json(data)}", "Items")
        return data
    found = state.items.evaluate(data, env)
    if not isinstance(found, list):
        raise unexpected_type(state.items, "Items", "array", found)
    return found
