"""Errors of the path layer, and the caret line every syntax error shows.

Theory of operation: syntax errors are raised at compile time with the
offending offset and a two-line excerpt (the text, then a caret under the
fault), so a bad path in a definition says exactly where it went wrong.
Evaluation errors carry machine data (the path text, the document, a
Jayway-style reason) so the engine can word ``States.Runtime`` causes as AWS
does without parsing messages.
"""

from __future__ import annotations

from typing import Any

from statewise.base_errors import StatewiseError


def with_caret(message: str, text: str, position: int) -> str:
    """``message`` followed by ``text`` and a caret under ``text[position]``."""
    return f"{message}\n  {text}\n  {' ' * position}^"


class PathSyntaxError(StatewiseError, ValueError):
    """A JSONPath does not parse; ``position`` is the offset of the fault in ``text``."""

    def __init__(self, reason: str, *, text: str, position: int):
        super().__init__(with_caret(f"invalid JSONPath {text!r} at offset {position}: {reason}", text, position))
        self.reason = reason
        self.text = text
        self.position = position


class PathNotFoundError(StatewiseError, LookupError):
    """A definite path selected nothing.

    ``text`` is the path, ``data`` the document it was evaluated against,
    ``missing`` the normalised path of the step that failed (``$['a']['b']``)
    and ``reason`` Jayway's wording as AWS quotes it (``Missing property in
    path $['a']`` for an inner step, ``No results for path: $['a']['b']`` for
    the last one).
    """

    def __init__(self, *, text: str, data: Any, missing: str, reason: str):
        super().__init__(f"JSONPath {text!r} selects nothing: {reason}")
        self.text = text
        self.data = data
        self.missing = missing
        self.reason = reason


class PathAssignError(StatewiseError, ValueError):
    """A ResultPath cannot be applied to the document (AWS: ``States.ResultPathMatchFailure``)."""

    def __init__(self, message: str, *, text: str):
        super().__init__(message)
        self.text = text
