"""Compiled intrinsic calls: :class:`Intrinsic`, :func:`compile_intrinsic`, :func:`is_intrinsic`.

Theory of operation: a call is parsed once (``lru_cache``) into a tree whose
functions are already resolved; evaluation walks the tree depth-first,
evaluating arguments left to right (paths against the state data, the
context object or the variables), then calls the function with the
execution's random generator. A missing path raises
:class:`~statewise.asl.paths.PathNotFoundError` for the engine to report;
bad argument values raise :class:`~statewise.errors.StatesError`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from statewise.asl.intrinsics import ast
from statewise.asl.intrinsics.parser import parse


@dataclass(frozen=True, slots=True)
class Intrinsic:
    """A compiled call; build it with :func:`compile_intrinsic`."""

    text: str
    call: ast.Call

    def evaluate(
        self,
        data: Any,
        *,
        context: Any = None,
        variables: Mapping[str, Any] | None = None,
        rng: random.Random,
    ) -> Any:
        """The call's value; StatesError when an argument is unfit, PathNotFoundError when a path is missing."""
        return _call(self.call, data, context, variables, rng)


def _call(call: ast.Call, data: Any, context: Any, variables: Mapping[str, Any] | None, rng: random.Random) -> Any:
    args = call.args
    values = tuple(_argument(arg, data, context, variables, rng) for arg in args)
    if call.function.template and isinstance(args[0], ast.String):
        values = (args[0].parts, *values[1:])
    return call.function.implementation(values, rng)


def _argument(
    arg: ast.Argument, data: Any, context: Any, variables: Mapping[str, Any] | None, rng: random.Random
) -> Any:
    match arg:
        case ast.Literal(value) | ast.String(value):
            return value
        case ast.PathArgument(path):
            return path.evaluate(data, context=context, variables=variables)
        case ast.Call():
            return _call(arg, data, context, variables, rng)
    raise AssertionError(arg)  # pragma: no cover - the match is exhaustive


def is_intrinsic(text: str) -> bool:
    """Whether ``text`` is written as an intrinsic call (``States.Name(...)``)."""
    return text.startswith("States.") and "(" in text


@lru_cache(maxsize=4096)
def compile_intrinsic(text: str) -> Intrinsic:
    """Compile ``text``; IntrinsicSyntaxError (with a caret) if malformed or unknown."""
    return Intrinsic(text, parse(text))
