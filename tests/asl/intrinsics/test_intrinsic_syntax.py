"""Lexer and parser of statewise.asl.intrinsics: trees, escapes, errors with carets."""

from __future__ import annotations

import pytest

from statewise.asl.intrinsics import IntrinsicSyntaxError, ast, compile_intrinsic, is_intrinsic
from statewise.asl.intrinsics.lexer import Kind, tokenize
from statewise.asl.paths import compile_path


def test_tokens() -> None:
    tokens = tokenize("States.Format('a\\{}{}', $.x[?(@.a == ',')], -1.5, true)")
    assert [t.kind for t in tokens] == [
        Kind.NAME, Kind.LPAREN, Kind.STRING, Kind.COMMA, Kind.PATH, Kind.COMMA,
        Kind.NUMBER, Kind.COMMA, Kind.LITERAL, Kind.RPAREN, Kind.END,
    ]  # fmt: skip
    assert tokens[2].value == ("a{}{}", ("a{}", ""))
    assert tokens[4].value == "$.x[?(@.a == ',')]"
    assert (tokens[6].value, tokens[6].position) == (-1.5, 44)


def test_tree() -> None:
    call = compile_intrinsic("States.ArrayGetItem(States.Array(1, null), $$.x)").call
    inner = call.args[0]
    assert isinstance(inner, ast.Call)
    assert inner.args == (ast.Literal(1), ast.Literal(None))
    assert call.args[1] == ast.PathArgument(compile_path("$$.x"))


def test_string_escapes_keep_unknown_backslashes() -> None:
    call = compile_intrinsic(r"States.Array('it\'s \\ \{\} \n \"')").call
    assert call.args == (ast.String("it's \\ {} \\n \\\"", ("it's \\ {} \\n \\\"",)),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("States.Format('x')", True), ("States.UUID()", True), ("$.a", False), ("States.Format", False), ("x", False)],
)
def test_is_intrinsic(text: str, expected: bool) -> None:
    assert is_intrinsic(text) is expected


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("$.a", 0, "expected an intrinsic function such as States.Format(...)"),
        ("Nope.Nope()", 0, "unknown intrinsic function 'Nope.Nope'"),
        (
            "States.Formt('x')",
            0,
            "unknown intrinsic function 'States.Formt'; did you mean 'States.Format' or 'States.Array'?",
        ),
        ("States.UUID", 11, "expected '(' after States.UUID"),
        ("States.Array(1 2)", 15, "expected ',' or ')'"),
        ("States.Array(1,)", 15, "expected an argument: a string, number, true, false, null, path or call"),
        ("States.Array('a)", 13, "unterminated string; expected a closing '"),
        ("States.Array(#)", 13, "unexpected character '#'"),
        ("States.Array() x", 15, "unexpected text after the call"),
        ("States.UUID(1)", 0, "States.UUID takes 0 arguments, got 1"),
        ("States.MathAdd(1)", 0, "States.MathAdd takes 2 arguments, got 1"),
        ("States.MathRandom(1, 2, 3, 4)", 0, "States.MathRandom takes 2 to 3 arguments, got 4"),
        ("States.Format()", 0, "States.Format takes at least 1 argument, got 0"),
        ("States.Array($.a b)", 16, "bad path argument: unexpected whitespace; quote names with spaces as ['a b']"),
    ],
)
def test_syntax_errors_point_at_the_fault(text: str, position: int, reason: str) -> None:
    with pytest.raises(IntrinsicSyntaxError) as info:
        compile_intrinsic(text)
    error = info.value
    assert (error.position, error.reason, error.text) == (position, reason, text)
    assert str(error) == (
        f"invalid intrinsic function call at offset {position}: {reason}\n  {text}\n  {' ' * position}^"
    )
    assert isinstance(error, ValueError)


def test_compile_is_cached() -> None:
    assert compile_intrinsic("States.UUID()") is compile_intrinsic("States.UUID()")
