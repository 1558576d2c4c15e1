"""Intrinsic-call parser: tokens -> :class:`~statewise.asl.intrinsics.ast.Call`.

Theory of operation: recursive descent. The whole text must be one call;
each argument is a literal, a string, a path (compiled with
:func:`~statewise.asl.paths.compile_path`, its errors re-based onto this
text) or a nested call. Unknown function names and wrong argument counts are
syntax errors here, pointing at the function name, so a definition with a
bad call fails validation instead of failing mid-run.
"""

from __future__ import annotations

import difflib

from statewise.asl.intrinsics import ast
from statewise.asl.intrinsics.errors import IntrinsicSyntaxError
from statewise.asl.intrinsics.functions import FUNCTIONS
from statewise.asl.intrinsics.lexer import Kind, Token, tokenize
from statewise.asl.paths import PathSyntaxError, compile_path
from statewise.base_errors import with_suggestions


def parse(text: str) -> ast.Call:
    """The call tree of ``text``; IntrinsicSyntaxError with the offset of the fault."""
    tokens = tokenize(text)
    parser = _Parser(text, tokens)
    call = parser.call()
    if parser.token.kind is not Kind.END:
        raise parser.fail("unexpected text after the call")
    return call


class _Parser:
    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def at(self, kind: Kind) -> bool:
        return self.token.kind is kind

    def fail(self, reason: str, token: Token | None = None) -> IntrinsicSyntaxError:
        return IntrinsicSyntaxError(reason, text=self.text, position=(token or self.token).position)

    def advance(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def call(self) -> ast.Call:
        name = self.advance()
        if name.kind is not Kind.NAME:
            raise self.fail("expected an intrinsic function such as States.Format(...)", name)
        function = FUNCTIONS.get(name.value)
        if function is None:
            close = tuple(difflib.get_close_matches(name.value, FUNCTIONS, n=2))
            raise self.fail(with_suggestions(f"unknown intrinsic function {name.value!r}", close), name)
        if not self.at(Kind.LPAREN):
            raise self.fail(f"expected '(' after {name.value}")
        self.advance()
        args: list[ast.Argument] = []
        if not self.at(Kind.RPAREN):
            args.append(self.argument())
            while self.at(Kind.COMMA):
                self.advance()
                args.append(self.argument())
        if not self.at(Kind.RPAREN):
            raise self.fail("expected ',' or ')'")
        self.advance()
        if not function.min_args <= len(args) <= function.max_args:
            raise self.fail(f"{name.value} takes {function.arity}, got {len(args)}", name)
        return ast.Call(name.value, function, tuple(args))

    def argument(self) -> ast.Argument:
        token = self.token
        if token.kind is Kind.NAME:
            return self.call()
        self.advance()
        if token.kind is Kind.STRING:
            value, parts = token.value
            return ast.String(value, parts)
        if token.kind in (Kind.NUMBER, Kind.LITERAL):
            return ast.Literal(token.value)
        if token.kind is Kind.PATH:
            try:
                return ast.PathArgument(compile_path(token.value))
            except PathSyntaxError as exc:
                raise IntrinsicSyntaxError(
                    f"bad path argument: {exc.reason}", text=self.text, position=token.position + exc.position
                ) from None
        raise self.fail("expected an argument: a string, number, true, false, null, path or call", token)
