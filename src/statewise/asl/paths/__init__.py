"""JSONPath for Amazon States Language: compile once, evaluate and assign fast.

``compile_path("$.a[0].b")`` returns a :class:`JsonPath`; ``evaluate`` reads,
``assign`` writes as ``ResultPath`` does. See :mod:`.jsonpath` for the
semantics and :mod:`.lexer` / :mod:`.parser` / :mod:`.evaluator` for the
stages.
"""

from statewise.asl.paths.errors import PathAssignError, PathNotFoundError, PathSyntaxError
from statewise.asl.paths.jsonpath import JsonPath, compile_path, compile_reference_path

__all__ = [
    "JsonPath",
    "PathAssignError",
    "PathNotFoundError",
    "PathSyntaxError",
    "compile_path",
    "compile_reference_path",
]
