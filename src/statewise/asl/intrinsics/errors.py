"""The compile-time error of intrinsic function calls.

Theory of operation: like :class:`~statewise.asl.paths.PathSyntaxError`, an
:class:`IntrinsicSyntaxError` carries the offset of the fault and shows the
call with a caret under it. Runtime failures are not raised here: they are
:class:`~statewise.errors.StatesError` values built by :mod:`.functions`.
"""

from __future__ import annotations

from statewise.asl.paths.errors import with_caret
from statewise.base_errors import StatewiseError


class IntrinsicSyntaxError(StatewiseError, ValueError):
    """An intrinsic call does not parse, names no known function, or has the wrong arity."""

    def __init__(self, reason: str, *, text: str, position: int):
        super().__init__(with_caret(f"invalid intrinsic function call at offset {position}: {reason}", text, position))
        self.reason = reason
        self.text = text
        self.position = position
