"""The path fields of a state's data flow: ``InputPath``, ``ResultPath``, ``OutputPath``.

Theory of operation: a state's data flows
``InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath -> OutputPath``;
the templates in between live in :mod:`statewise.asl.templates`, the paths
here. Null semantics, as AWS defines them: ``InputPath: null`` gives the
state ``{}``; ``OutputPath: null`` emits ``{}``; ``ResultPath: null``
discards the result and passes the input on. A path that selects nothing is
a ``States.Runtime`` fault (:func:`~statewise.asl.faults.path_fault`); a
``ResultPath`` that cannot be applied to the input is
``States.ResultPathMatchFailure``.
"""

from __future__ import annotations

from typing import Any

from statewise.asl.encoding import compact_json
from statewise.asl.env import Env
from statewise.asl.faults import path_fault
from statewise.asl.paths import JsonPath, PathAssignError, PathNotFoundError
from statewise.base_errors import StatesError

__all__ = ["apply_input_path", "apply_output_path", "apply_result_path", "select_path"]


def select_path(path: JsonPath | None, data: Any, env: Env | None) -> Any:
    """What ``path`` selects (``null`` gives ``{}``); a missing definite path is a ``States.Runtime`` fault."""
    if path is None:
        return {}
    if path.text == "$":
        return data
    try:
        if env is None:
            return path.evaluate(data)
        return path.evaluate(data, context=env.context, variables=env.variables)
    except PathNotFoundError as exc:
        raise path_fault(exc) from None


def apply_input_path(path: JsonPath | None, data: Any, env: Env | None = None) -> Any:
    """The effective input: ``InputPath`` applied (``null`` gives ``{}``)."""
    return select_path(path, data, env)


def apply_output_path(path: JsonPath | None, data: Any, env: Env | None = None) -> Any:
    """The state's output: ``OutputPath`` applied (``null`` gives ``{}``)."""
    return select_path(path, data, env)


def apply_result_path(path: JsonPath | None, state_input: Any, result: Any) -> Any:
    """Combine the raw state input and the result as ``ResultPath`` says."""
    if path is None:
        return state_input
    if path.text == "$":
        return result
    try:
        return path.assign(state_input, result)
    except PathAssignError:
        raise StatesError(
            "States.ResultPathMatchFailure",
            f'Unable to apply ResultPath "{path.text}" to input "{compact_json(state_input)}"',
        ) from None
