"""Intrinsic-call syntax tree: frozen, slotted nodes built by the parser.

Theory of operation: a call is a function (resolved from the table in
:mod:`.functions` when parsing, so evaluation does no lookup) and its
arguments; an argument is a literal, a string literal (which remembers where
its unescaped ``{}`` placeholders were), a compiled JSONPath, or a nested
call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from statewise.asl.intrinsics.functions import Function
from statewise.asl.paths import JsonPath


@dataclass(frozen=True, slots=True)
class Literal:
    """A number, ``true``, ``false`` or ``null``."""

    value: Any


@dataclass(frozen=True, slots=True)
class String:
    """A quoted string; ``parts`` are its pieces between unescaped ``{}`` placeholders."""

    value: str
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PathArgument:
    """A JSONPath argument (``$.a``, ``$$.Execution.Id``, ``$var``)."""

    path: JsonPath


@dataclass(frozen=True, slots=True)
class Call:
    """``States.Name(args...)``."""

    name: str
    function: Function
    args: tuple[Argument, ...]


Argument = Literal | String | PathArgument | Call
