"""JSONPath parser: tokens -> :class:`~statewise.asl.paths.ast.Path`.

Theory of operation: recursive descent over the token list. A path is a root
token followed by segments (``.name``, ``.*``, ``..x``, ``[...]``). Inside
brackets the first token decides the selector: ``*``, quoted names (a union
when separated by commas), integers (index, union or slice) or ``?(``
(filter). Filters are parsed with the usual precedence: ``||`` below ``&&``
below ``!`` and comparisons. With ``reference=True`` only the steps of an ASL
Reference Path (``.name``, ``['name']``, ``[n]``) are accepted, and the
error points at the first step that is not one of them.
"""

from __future__ import annotations

from statewise.asl.paths import ast
from statewise.asl.paths.errors import PathSyntaxError
from statewise.asl.paths.lexer import Kind, Token, tokenize

_ROOTS = {Kind.ROOT: "$", Kind.CONTEXT: "$$"}


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
                steps.append(self.dotted())
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
            names = self.union(Kind.STRING, "a quoted name")
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

    def union(self, kind: Kind, what: str) -> list[str]:
        values = [self.advance().value]
        while self.at(Kind.COMMA):
            self.refuse(self.token, "a union ','")
            self.advance()
            values.append(self.expect(kind, what).value)
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
        while self.at(Kind.COLON) and len(bounds) < 3:
            self.advance()
            bounds.append(self.integer() if self.at(Kind.NUMBER) else None)
        bounds += [None] * (3 - len(bounds))
        if bounds[2] == 0:
            raise self.fail("a slice step cannot be 0", start_token)
        return ast.Slice(bounds[0], bounds[1], bounds[2])

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
            return ast.Not(self.unary())
        if token.kind is Kind.LPAREN:
            self.advance()
            inner = self.disjunction()
            if not self.at(Kind.RPAREN) or self.token.value == "end-filter":
                raise self.fail("expected ')'")
            self.advance()
            return inner
        left = self.operand()
        if not self.at(Kind.OPERATOR):
            if isinstance(left, ast.Literal):
                raise self.fail("expected a comparison operator after a literal")
            return ast.Exists(left)
        operator = self.advance().value
        return ast.Compare(operator, left, self.operand())

    def operand(self) -> ast.Path | ast.Literal:
        token = self.advance()
        if token.kind in (Kind.STRING, Kind.NUMBER, Kind.LITERAL):
            return ast.Literal(token.value)
        if token.kind in (Kind.CURRENT, Kind.ROOT):
            return ast.Path(token.value, self.finish(self.steps(inside_filter=True)))
        raise self.fail("expected '@', '$', a string, a number, true, false or null", token)
