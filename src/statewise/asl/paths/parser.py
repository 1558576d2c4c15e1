"""JSONPath parser: tokens -> :class:`~statewise.asl.paths.ast.Path`.

Theory of operation: recursive descent over the token list. A path is a root
token followed by segments (``.name``, ``.*``, ``..x``, ``[...]``, and
``.[...]``: Jayway's PathCompiler.readDotToken reads whatever token follows a
dot, so ``$.[0]`` is ``$[0]``). Inside brackets the first token decides the
selector: ``*``, quoted names (a union when separated by commas, all with the
first name's quote), integers (index, union or slice) or ``?(`` (filter).
Slices are read as ArraySliceOperation.parse reads them: ``from:to``, at
least one given, no inner spaces, any further ``:part`` ignored. Filters are
parsed as FilterCompiler does: ``||`` below ``&&`` below ``!`` and
comparisons; operands are paths, literals, ``/regex/`` and JSON arrays or
objects. With ``reference=True`` only the steps of an ASL Reference Path
(``.name``, ``['name']``, ``[n]``) are accepted, and the error points at the
first step that is not one of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from statewise.asl.paths import ast
from statewise.asl.paths.errors import PathSyntaxError
from statewise.asl.paths.lexer import Kind, Token, tokenize

_ROOTS = {Kind.ROOT: "$", Kind.CONTEXT: "$$"}
_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_LITERALS = (Kind.STRING, Kind.NUMBER, Kind.LITERAL)
_Item = TypeVar("_Item")


def parse(text: str, *, reference: bool = False) -> ast.Path:
    """The syntax tree of ``text``; PathSyntaxError with the offset of the fault."""
    if not text.startswith("$"):
        raise PathSyntaxError("a path must start with '$'", text=text, position=0)
    return _Parser(text, tokenize(text), reference).path()


class _Parser:
    def __init__(self, text: str, tokens: list[Token], reference: bool):
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.reference = reference

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def at(self, kind: Kind) -> bool:
        return self.token.kind is kind

    def fail(self, reason: str, token: Token | None = None) -> PathSyntaxError:
        return PathSyntaxError(reason, text=self.text, position=(token or self.token).position)

    def advance(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def expect(self, kind: Kind, what: str) -> Token:
        if self.token.kind is not kind:
            raise self.fail(f"expected {what}")
        return self.advance()

    def path(self) -> ast.Path:
        first = self.advance()
        root = first.value if first.kind is Kind.VARIABLE else _ROOTS[first.kind]
        return ast.Path(root, self.finish(self.steps(inside_filter=False)))

    @staticmethod
    def finish(steps: list[ast.Step]) -> tuple[ast.Step, ...]:
        if steps and isinstance(steps[-1], ast.Fields):
            steps[-1] = ast.Merge(steps[-1].names)
        return tuple(steps)

    def steps(self, *, inside_filter: bool) -> list[ast.Step]:
        steps: list[ast.Step] = []
        while True:
            token = self.token
            if token.kind is Kind.DOT:
                self.advance()
                steps.append(self.bracket() if self.at(Kind.LBRACKET) else self.dotted())
            elif token.kind is Kind.DOTDOT:
                self.refuse(token, "a deep scan '..'")
                self.advance()
                inner = self.bracket() if self.at(Kind.LBRACKET) else self.dotted()
                steps.append(ast.Descendants(inner))
            elif token.kind is Kind.LBRACKET:
                steps.append(self.bracket())
            elif token.kind in (Kind.END, Kind.RPAREN, Kind.OPERATOR, Kind.AND, Kind.OR) and (
                inside_filter or token.kind is Kind.END
            ):
                return steps
            else:
                raise self.fail(f"unexpected {token.kind.value!r}; expected '.', '..' or '['")

    def refuse(self, token: Token, what: str) -> None:
        if self.reference:
            raise self.fail(f"{what} is not allowed in a reference path", token)

    def dotted(self) -> ast.Step:
        token = self.advance()
        if token.kind is Kind.STAR:
            self.refuse(token, "a wildcard '*'")
            return ast.Wildcard()
        if token.kind is not Kind.NAME:
            raise self.fail("expected a field name", token)
        return ast.Field(token.value)

    def bracket(self) -> ast.Step:
        self.expect(Kind.LBRACKET, "'['")
        token = self.token
        if token.kind is Kind.STAR:
            self.refuse(token, "a wildcard '*'")
            self.advance()
            step: ast.Step = ast.Wildcard()
        elif token.kind is Kind.STRING:
            names = self.names()
            step = ast.Field(names[0]) if len(names) == 1 else ast.Fields(tuple(names))
        elif token.kind in (Kind.NUMBER, Kind.COLON):
            step = self.numeric()
        elif token.kind is Kind.FILTER:
            self.refuse(token, "a filter '?(...)'")
            self.advance()
            step = ast.Filter(self.disjunction())
            self.expect(Kind.RPAREN, "')' to close the filter")
        else:
            raise self.fail("expected '*', a quoted name, an index, a slice or '?(' after '['")
        self.expect(Kind.RBRACKET, "']'")
        return step

    def names(self) -> list[str]:
        """``'a'`` or ``'a', 'b'``; Jayway only closes names with the quote the first one opened with."""
        first = self.advance()
        quote = self.text[first.position]
        values = [first.value]
        while self.at(Kind.COMMA):
            self.refuse(self.token, "a union ','")
            self.advance()
            token = self.expect(Kind.STRING, "a quoted name")
            if self.text[token.position] != quote:
                raise self.fail(f"a name union must quote every name with {quote}, as the first one is", token)
            values.append(token.value)
        return values

    def integer(self) -> int:
        token = self.expect(Kind.NUMBER, "an integer")
        if not isinstance(token.value, int):
            raise self.fail("expected an integer", token)
        return token.value

    def numeric(self) -> ast.Step:
        start_token = self.token
        start = self.integer() if start_token.kind is Kind.NUMBER else None
        if start is not None and self.at(Kind.COMMA):
            indexes = [start]
            while self.at(Kind.COMMA):
                self.refuse(self.token, "a union ','")
                self.advance()
                indexes.append(self.integer())
            return ast.Indexes(tuple(indexes))
        if start is not None and not self.at(Kind.COLON):
            return ast.Index(start)
        self.refuse(self.token, "a slice ':'")
        bounds: list[int | None] = [start]
        while self.at(Kind.COLON):
            self.advance()
            bounds.append(self.integer() if self.at(Kind.NUMBER) else None)
        if bounds[0] is None and bounds[1] is None:
            raise self.fail("a slice needs a start or an end, as in [1:] or [:2]", start_token)
        self.no_space_inside(start_token)
        # Jayway's slices have no step: whatever follows 'from:to' is read and ignored.
        return ast.Slice(bounds[0], bounds[1])

    def no_space_inside(self, first: Token) -> None:
        """Jayway rejects whitespace between the parts of a slice (ArraySliceOperation.parse)."""
        inner = self.text[first.position : self.token.position].rstrip()
        gap = next((i for i, char in enumerate(inner) if char.isspace()), None)
        if gap is not None:
            raise PathSyntaxError("a slice cannot hold whitespace", text=self.text, position=first.position + gap)

    def disjunction(self) -> ast.Predicate:
        left = self.conjunction()
        while self.at(Kind.OR):
            self.advance()
            left = ast.Or(left, self.conjunction())
        return left

    def conjunction(self) -> ast.Predicate:
        left = self.unary()
        while self.at(Kind.AND):
            self.advance()
            left = ast.And(left, self.unary())
        return left

    def unary(self) -> ast.Predicate:
        token = self.token
        if token.kind is Kind.NOT:
            self.advance()
            if self.token.kind in (Kind.CURRENT, Kind.ROOT):
                return self.relation(negated=True)
            return ast.Not(self.unary())
        if token.kind is Kind.LPAREN:
            self.advance()
            inner = self.disjunction()
            if not self.at(Kind.RPAREN) or self.token.value == "end-filter":
                raise self.fail("expected ')'")
            self.advance()
            return inner
        return self.relation(negated=False)

    def relation(self, *, negated: bool) -> ast.Predicate:
        """``left op right``, or an existence test. A ``!`` before a path only negates an
        existence test: in a comparison FilterCompiler drops it (``!@.a == 1`` is ``@.a == 1``)."""
        left = self.operand()
        if not self.at(Kind.OPERATOR):
            if not isinstance(left, ast.Path):
                raise self.fail("expected a comparison operator after a literal")
            exists = ast.Exists(left)
            return ast.Not(exists) if negated else exists
        operator = self.advance().value
        return ast.Compare(operator, left, self.operand())

    def operand(self) -> ast.Path | ast.Literal:
        token = self.token
        if token.kind in (Kind.CURRENT, Kind.ROOT):
            self.advance()
            return ast.Path(token.value, self.finish(self.steps(inside_filter=True)))
        if token.kind is Kind.PATTERN:
            self.advance()
            return ast.Literal(self.regex(token))
        if token.kind in (*_LITERALS, Kind.LBRACKET, Kind.LBRACE):
            return ast.Literal(self.json())
        raise self.fail("expected '@', '$', a string, a number, true, false, null, /regex/, [...] or {...}")

    def json(self) -> Any:
        """A literal value; ``[...]`` and ``{...}`` as FilterCompiler.readJsonLiteral takes them."""
        token = self.advance()
        if token.kind in _LITERALS:
            return token.value
        if token.kind is Kind.LBRACKET:
            items = [] if self.at(Kind.RBRACKET) else self.json_items(self.json)
            self.expect(Kind.RBRACKET, "',' or ']'")
            return items
        if token.kind is Kind.LBRACE:
            pairs = [] if self.at(Kind.RBRACE) else self.json_items(self.json_pair)
            self.expect(Kind.RBRACE, "',' or '}'")
            return dict(pairs)
        raise self.fail("expected a string, a number, true, false, null, [...] or {...}", token)

    def json_items(self, item: Callable[[], _Item]) -> list[_Item]:
        items = [item()]
        while self.at(Kind.COMMA):
            self.advance()
            items.append(item())
        return items

    def json_pair(self) -> tuple[str, Any]:
        key = self.expect(Kind.STRING, "a quoted key").value
        self.expect(Kind.COLON, "':'")
        return key, self.json()

    def regex(self, token: Token) -> re.Pattern[str]:
        """``/source/flags``, matched against whole values as Java's ``Matcher.matches`` does."""
        source, flags = token.value
        unknown = [flag for flag in flags if flag not in _REGEX_FLAGS]
        if unknown:
            raise self.fail(f"unsupported regular expression flag {unknown[0]!r}; use i, m, s or x", token)
        mode = 0
        for flag in flags:
            mode |= _REGEX_FLAGS[flag]
        try:
            return re.compile(source, mode)
        except re.error as exc:
            raise self.fail(f"invalid regular expression /{source}/: {exc}", token) from None
