"""The faults a state's data flow raises at run time, worded as AWS words them.

Theory of operation: two kinds of failure come out of evaluating paths,
intrinsics and JSONata expressions. A :class:`RuntimeFault` is
``States.Runtime`` (a path that selects nothing, an intrinsic given bad
arguments); a :class:`QueryFault` is ``States.QueryEvaluationError`` (a
JSONata expression failed or gave an unusable value) and names the field.
The engine prefixes either with the state and the event id. A path that
selects nothing, wherever it stands (a field, an intrinsic's argument,
``InputPath`` ...), becomes a fault in one place, :func:`path_fault`, which
words it as AWS does.
"""

from __future__ import annotations

from statewise.asl.encoding import compact_json
from statewise.asl.jsonata import QUERY_EVALUATION_ERROR
from statewise.asl.paths import PathNotFoundError, compile_path
from statewise.base_errors import StatesError

__all__ = ["QueryFault", "RuntimeFault", "path_fault"]


class RuntimeFault(StatesError):
    """A ``States.Runtime`` failure; the engine prefixes the state and event id."""

    def __init__(self, message: str):
        super().__init__("States.Runtime", message)


class QueryFault(StatesError):
    """``States.QueryEvaluationError``: a JSONata expression failed or gave an unusable value.

    ``location`` names the field (``Output/result``, ``Items``); the engine
    records ``EvaluationFailed`` and prefixes the cause with the state.
    """

    def __init__(self, message: str, location: str):
        super().__init__(QUERY_EVALUATION_ERROR, message)
        self.location = location


def path_fault(exc: PathNotFoundError, field: str | None = None) -> RuntimeFault:
    """The ``States.Runtime`` fault for a path that selected nothing, worded as AWS words it.

    In a field (``"x.$"``, ``ErrorPath``, an intrinsic's argument in one) a path on the input or
    the context object gets "could not be found in the input"; otherwise (``InputPath``,
    ``ItemsPath``, a variable) Jayway's "Invalid path" reason.
    """
    root = compile_path(exc.text).root  # cached: the path compiled when the definition was parsed
    if field is None or root not in ("$", "$$"):
        return RuntimeFault(f"Invalid path '{exc.text}' : {exc.reason}")
    return RuntimeFault(
        f"The JSONPath '{exc.text}' specified for the field '{field}' "
        f"could not be found in the input '{compact_json(exc.data)}'"
    )
