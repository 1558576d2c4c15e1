"""Intrinsic-call lexer: ``States.Format('{} x', $.a)`` -> tokens with offsets.

Theory of operation: one scan. Function names are dotted words; string
literals are single-quoted and unescape ``\\'``, ``\\{``, ``\\}`` and ``\\\\``
(any other backslash stays as written). While unescaping, the lexer also
splits the literal at each *unescaped* ``{}``, so ``States.Format`` knows
which braces are placeholders. A ``$`` starts a JSONPath, which runs to the
next ``,`` or ``)`` outside brackets, parentheses and quotes; the path text
is compiled later by the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from statewise.asl.intrinsics.errors import IntrinsicSyntaxError


class Kind(Enum):
    """Token kinds."""

    NAME = "function name"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    STRING = "string"
    NUMBER = "number"
    LITERAL = "literal"
    PATH = "path"
    END = "end"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: kind, value, offset. A STRING's value is ``(text, template_parts)``."""

    kind: Kind
    value: Any
    position: int


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_KEYWORDS = {"true": True, "false": False, "null": None}
_PUNCTUATION = {"(": Kind.LPAREN, ")": Kind.RPAREN, ",": Kind.COMMA}
_ESCAPES = frozenset("'{}\\")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with END; IntrinsicSyntaxError on a bad character."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
        elif char in _PUNCTUATION:
            tokens.append(Token(_PUNCTUATION[char], char, pos))
            pos += 1
        elif char == "'":
            pos = _string(text, pos, tokens)
        elif char == "$":
            pos = _path(text, pos, tokens)
        elif match := _NUMBER.match(text, pos):
            literal = match.group()
            number = int(literal) if literal.lstrip("-").isdigit() else float(literal)
            tokens.append(Token(Kind.NUMBER, number, pos))
            pos = match.end()
        elif match := _NAME.match(text, pos):
            word = match.group()
            if word in _KEYWORDS:
                tokens.append(Token(Kind.LITERAL, _KEYWORDS[word], pos))
            else:
                tokens.append(Token(Kind.NAME, word, pos))
            pos = match.end()
        else:
            raise IntrinsicSyntaxError(f"unexpected character {char!r}", text=text, position=pos)
    tokens.append(Token(Kind.END, None, pos))
    return tokens


def _string(text: str, start: int, tokens: list[Token]) -> int:
    parts: list[str] = []
    current: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == "\\" and pos + 1 < len(text):
            following = text[pos + 1]
            current.append(following if following in _ESCAPES else char + following)
            pos += 2
        elif char == "'":
            parts.append("".join(current))
            tokens.append(Token(Kind.STRING, ("{}".join(parts), tuple(parts)), start))
            return pos + 1
        elif text.startswith("{}", pos):
            parts.append("".join(current))
            current = []
            pos += 2
        else:
            current.append(char)
            pos += 1
    raise IntrinsicSyntaxError("unterminated string; expected a closing '", text=text, position=start)


def _path(text: str, start: int, tokens: list[Token]) -> int:
    depth = 0
    quote = ""
    pos = start
    while pos < len(text):
        char = text[pos]
        if quote:
            if char == "\\":
                pos += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            break
        pos += 1
    tokens.append(Token(Kind.PATH, text[start:pos].rstrip(), start))
    return pos
