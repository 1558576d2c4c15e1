"""JSONPath lexer: text -> tokens, each with the offset where it starts.

Theory of operation: one left-to-right scan. Field names after ``.`` or ``..``
are read greedily as Jayway reads them (up to the next ``.``, ``[`` or
space; inside a filter also up to an operator, ``)``, ``]`` or ``,``), so
names like ``delivery-partner`` or ``größe`` need no quoting. Whitespace is
only allowed inside brackets and filters. Quoted strings keep their text as
written: a backslash only stops the next character from closing the string,
the way AWS's Jayway version reads ``$['Test\\"Name']`` (the key keeps its
backslash). The lexer tracks filter nesting only to know which characters
end a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from statewise.asl.paths.errors import PathSyntaxError


class Kind(Enum):
    """Token kinds."""

    ROOT = "$"
    CONTEXT = "$$"
    VARIABLE = "$name"
    CURRENT = "@"
    DOT = "."
    DOTDOT = ".."
    NAME = "name"
    STAR = "*"
    LBRACKET = "["
    RBRACKET = "]"
    STRING = "string"
    NUMBER = "number"
    COLON = ":"
    COMMA = ","
    FILTER = "?("
    LPAREN = "("
    RPAREN = ")"
    OPERATOR = "operator"
    AND = "&&"
    OR = "||"
    NOT = "!"
    LITERAL = "literal"
    END = "end"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, its value (name, string, number, operator), its offset."""

    kind: Kind
    value: Any
    position: int


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = ("==", "!=", "<=", ">=", "<", ">")
_KEYWORDS = {"true": True, "false": False, "null": None}
_SIMPLE = {
    "*": Kind.STAR,
    "[": Kind.LBRACKET,
    "]": Kind.RBRACKET,
    ":": Kind.COLON,
    ",": Kind.COMMA,
    "@": Kind.CURRENT,
}
_NAME_END = frozenset(".[ \t\r\n")
_FILTER_NAME_END = _NAME_END | frozenset("]),=!<>&|")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an END token; PathSyntaxError on a bad character."""
    return _Lexer(text).run()


class _Lexer:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.tokens: list[Token] = []
        self.brackets = 0  # open '[' (whitespace allowed inside)
        self.parens: list[int] = []  # '(' depth per open filter

    def fail(self, reason: str, position: int | None = None) -> PathSyntaxError:
        return PathSyntaxError(reason, text=self.text, position=self.pos if position is None else position)

    def emit(self, kind: Kind, value: Any, start: int) -> None:
        self.tokens.append(Token(kind, value, start))

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n":
                if not self.brackets and not self.parens:
                    raise self.fail("unexpected whitespace; quote names with spaces as ['a b']")
                self.pos += 1
            elif char == "$":
                self.root()
            elif char == ".":
                self.dot()
            elif char in "'\"":
                self.string(char)
            elif char == "-" or char.isdigit():
                self.number()
            else:
                self.symbol(char)
        if self.parens:
            raise self.fail("unclosed filter; expected ')'")
        self.emit(Kind.END, None, self.pos)
        return self.tokens

    def root(self) -> None:
        start = self.pos
        if self.text.startswith("$$", start):
            self.pos += 2
            self.emit(Kind.CONTEXT, "$$", start)
            return
        match = _IDENTIFIER.match(self.text, start + 1)
        if match and not self.parens:
            self.pos = match.end()
            self.emit(Kind.VARIABLE, match.group(), start)
            return
        self.pos += 1
        self.emit(Kind.ROOT, "$", start)

    def dot(self) -> None:
        start = self.pos
        double = self.text.startswith("..", start)
        self.pos += 2 if double else 1
        self.emit(Kind.DOTDOT if double else Kind.DOT, None, start)
        if self.pos < len(self.text) and self.text[self.pos] in "*[":
            return
        ends = _FILTER_NAME_END if self.parens else _NAME_END
        name_start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ends:
            self.pos += 1
        if self.pos == name_start:
            raise self.fail("expected a field name after '.'")
        self.emit(Kind.NAME, self.text[name_start : self.pos], name_start)

    def string(self, quote: str) -> None:
        start = self.pos
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
            elif char == quote:
                self.pos += 1
                self.emit(Kind.STRING, self.text[start + 1 : self.pos - 1], start)
                return
            else:
                self.pos += 1
        raise self.fail(f"unterminated string; expected a closing {quote}", start)

    def number(self) -> None:
        start = self.pos
        match = _NUMBER.match(self.text, start)
        if not match:
            raise self.fail("expected a number")
        self.pos = match.end()
        literal = match.group()
        value = int(literal) if literal.lstrip("-").isdigit() else float(literal)
        self.emit(Kind.NUMBER, value, start)

    def symbol(self, char: str) -> None:
        start = self.pos
        text = self.text
        if char in _SIMPLE:
            self.pos += 1
            kind = _SIMPLE[char]
            self.brackets += {Kind.LBRACKET: 1, Kind.RBRACKET: -1}.get(kind, 0)
            self.emit(kind, char, start)
        elif text.startswith("?(", start):
            self.pos += 2
            self.parens.append(0)
            self.emit(Kind.FILTER, None, start)
        elif char == "(" and self.parens:
            self.pos += 1
            self.parens[-1] += 1
            self.emit(Kind.LPAREN, None, start)
        elif char == ")" and self.parens:
            self.pos += 1
            if self.parens[-1]:
                self.parens[-1] -= 1
                self.emit(Kind.RPAREN, None, start)
            else:
                self.parens.pop()
                self.emit(Kind.RPAREN, "end-filter", start)
        elif self.parens:
            self.filter_symbol(start)
        else:
            raise self.fail(f"unexpected character {char!r}")

    def filter_symbol(self, start: int) -> None:
        text = self.text
        for operator in _OPERATORS:
            if text.startswith(operator, start):
                self.pos += len(operator)
                self.emit(Kind.OPERATOR, operator, start)
                return
        for word, kind in (("&&", Kind.AND), ("||", Kind.OR), ("!", Kind.NOT)):
            if text.startswith(word, start):
                self.pos += len(word)
                self.emit(kind, word, start)
                return
        match = _IDENTIFIER.match(text, start)
        if match and match.group() in _KEYWORDS:
            self.pos = match.end()
            self.emit(Kind.LITERAL, _KEYWORDS[match.group()], start)
            return
        raise self.fail(f"unexpected character {text[start]!r} in filter")
