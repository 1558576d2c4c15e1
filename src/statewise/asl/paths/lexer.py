"""JSONPath lexer: text -> tokens, each with the offset where it starts.

Theory of operation: one left-to-right scan. Field names after ``.`` or ``..``
are read greedily as Jayway reads them (up to the next ``.``, ``[`` or
space; inside a filter also up to an operator, ``)``, ``]`` or ``,``), so
names like ``delivery-partner`` or ``größe`` need no quoting. Whitespace is
only allowed inside brackets and filters (``[ ? ( @.a ) ]`` as Jayway's
PathCompiler.readFilterToken allows). Quoted strings keep their text as
written: a backslash only stops the next character from closing the string,
the way AWS's Jayway version reads ``$['Test\\"Name']`` (the key keeps its
backslash). The lexer tracks filter nesting to know which characters end a
name and to read what only filters hold: operators (a run of ``<>=~!`` or a
word such as ``in`` between spaces, as FilterCompiler.readRelationalOperator
reads them), ``/regex/flags`` and the braces of JSON object literals.
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
    LBRACE = "{"
    RBRACE = "}"
    PATTERN = "/regex/"
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


# Jayway reads filter numbers from digits, '-' and '.' only (CharacterIndex.isNumberCharacter): no exponent.
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FILTER_START = re.compile(r"\? *\(")
_OPERATOR_CHARS = frozenset("<>=~!")
_SYMBOL_OPERATORS = frozenset(("==", "!=", "<", "<=", ">", ">=", "===", "!==", "=~"))
WORD_OPERATORS = frozenset(("in", "nin", "subsetof", "anyof", "noneof", "size", "empty", "contains"))
"""Jayway's word operators that a filter written as text can use (RelationalOperator, case-insensitive)."""
_UNUSABLE_OPERATORS = frozenset(("all", "exists", "type", "matches"))
_KEYWORDS = {"true": True, "false": False, "null": None}
_WHITESPACE = frozenset(" \t\r\n")
_SIMPLE = {
    "*": Kind.STAR,
    "[": Kind.LBRACKET,
    "]": Kind.RBRACKET,
    ":": Kind.COLON,
    ",": Kind.COMMA,
    "@": Kind.CURRENT,
}
_NAME_END = frozenset(".[ \t\r\n")
_FILTER_NAME_END = _NAME_END | frozenset("]),=!<>~&|")


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
        elif char == "?" and (match := _FILTER_START.match(text, start)):
            self.pos = match.end()
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
        char = text[start]
        if char in _OPERATOR_CHARS:
            self.operator_run(start)
        elif text.startswith(("&&", "||"), start):
            self.pos += 2
            self.emit(Kind.AND if char == "&" else Kind.OR, text[start : self.pos], start)
        elif char in "{}":
            self.pos += 1
            self.emit(Kind.LBRACE if char == "{" else Kind.RBRACE, char, start)
        elif char == "/":
            self.pattern(start)
        elif match := _IDENTIFIER.match(text, start):
            self.word(match.group(), start)
        else:
            raise self.fail(f"unexpected character {char!r} in filter")

    def operator_run(self, start: int) -> None:
        """Jayway reads the whole run of ``<>=~!`` as one operator; a lone leading ``!`` is a negation."""
        end = start
        while end < len(self.text) and self.text[end] in _OPERATOR_CHARS:
            end += 1
        run = self.text[start:end]
        if run in _SYMBOL_OPERATORS:
            self.pos = end
            self.emit(Kind.OPERATOR, run, start)
        elif run[0] == "!":
            self.pos += 1
            self.emit(Kind.NOT, "!", start)
        else:
            raise self.fail(f"unknown filter operator {run!r}")

    def word(self, word: str, start: int) -> None:
        end = start + len(word)
        if word in _KEYWORDS:
            self.pos = end
            self.emit(Kind.LITERAL, _KEYWORDS[word], start)
            return
        lowered = word.lower()
        if lowered in WORD_OPERATORS:
            spaced = self.text[start - 1] in _WHITESPACE and end < len(self.text) and self.text[end] in _WHITESPACE
            if not spaced:
                raise self.fail(f"the operator {word!r} needs whitespace on both sides")
            self.pos = end
            self.emit(Kind.OPERATOR, lowered, start)
        elif lowered in _UNUSABLE_OPERATORS:
            raise self.fail(f"the operator {word!r} cannot be used in a filter written as text")
        else:
            raise self.fail(f"unquoted word {word!r}; quote strings as '{word}'")

    def pattern(self, start: int) -> None:
        """``/regex/flags``, up to the next ``/`` that one backslash does not escape (nextIndexOfUnescaped)."""
        text = self.text
        pos = start + 1
        while pos < len(text) and not (text[pos] == "/" and not _escaped(text, pos)):
            pos += 1
        if pos >= len(text):
            raise self.fail("unterminated regular expression; expected a closing /", start)
        flags_end = pos + 1
        while flags_end < len(text) and text[flags_end].isalpha():
            flags_end += 1
        self.pos = flags_end
        self.emit(Kind.PATTERN, (text[start + 1 : pos], text[pos + 1 : flags_end]), start)


def _escaped(text: str, pos: int) -> bool:
    """One backslash before ``pos`` escapes it; two do not (Jayway's rule)."""
    return text[pos - 1] == "\\" and not (pos >= 2 and text[pos - 2] == "\\")
