"""Lexer and parser of statewise.asl.paths: trees, reference paths, errors with carets."""

from __future__ import annotations

import pytest

from statewise.asl import paths
from statewise.asl.paths import PathSyntaxError, ast, compile_path, compile_reference_path
from statewise.asl.paths.lexer import Kind, tokenize
from statewise.asl.paths.parser import parse


def test_all_exports() -> None:
    assert sorted(paths.__all__) == paths.__all__
    for name in paths.__all__:
        assert hasattr(paths, name)


def test_tokens_carry_offsets() -> None:
    tokens = tokenize("$.a[0]")
    assert [(t.kind, t.position) for t in tokens] == [
        (Kind.ROOT, 0),
        (Kind.DOT, 1),
        (Kind.NAME, 2),
        (Kind.LBRACKET, 3),
        (Kind.NUMBER, 4),
        (Kind.RBRACKET, 5),
        (Kind.END, 6),
    ]


@pytest.mark.parametrize(
    ("text", "root", "steps"),
    [
        ("$", "$", ()),
        ("$$", "$$", ()),
        ("$$.Execution.Id", "$$", (ast.Field("Execution"), ast.Field("Id"))),
        ("$var.x", "var", (ast.Field("x"),)),
        ("$.a.b", "$", (ast.Field("a"), ast.Field("b"))),
        ("$['a b']", "$", (ast.Field("a b"),)),
        ('$["a"]', "$", (ast.Field("a"),)),
        ("$.delivery-partner", "$", (ast.Field("delivery-partner"),)),
        ("$.größe", "$", (ast.Field("größe"),)),
        ("$.a[-1]", "$", (ast.Field("a"), ast.Index(-1))),
        ("$[*]", "$", (ast.Wildcard(),)),
        ("$.*", "$", (ast.Wildcard(),)),
        ("$[1:3]", "$", (ast.Slice(1, 3),)),
        ("$[:2]", "$", (ast.Slice(None, 2),)),
        ("$[1:3:2]", "$", (ast.Slice(1, 3),)),  # Jayway reads and ignores what follows from:to
        ("$[0,1]", "$", (ast.Indexes((0, 1)),)),
        ("$['a','b']", "$", (ast.Merge(("a", "b")),)),
        ("$['a','b'].c", "$", (ast.Fields(("a", "b")), ast.Field("c"))),
        ("$..name", "$", (ast.Descendants(ast.Field("name")),)),
        ("$..*", "$", (ast.Descendants(ast.Wildcard()),)),
        ("$..[0]", "$", (ast.Descendants(ast.Index(0)),)),
        (r"$['Test\"\"Name\"']", "$", (ast.Field(r"Test\"\"Name\""),)),
    ],
)
def test_parse(text: str, root: str, steps: tuple[ast.Step, ...]) -> None:
    assert parse(text) == ast.Path(root, steps)


def test_parse_filters() -> None:
    tree = parse("$[?(@.a == 'x' && @.b > 1 || !@.c)]")
    a_is_x = ast.Compare("==", ast.Path("@", (ast.Field("a"),)), ast.Literal("x"))
    b_over_1 = ast.Compare(">", ast.Path("@", (ast.Field("b"),)), ast.Literal(1))
    no_c = ast.Not(ast.Exists(ast.Path("@", (ast.Field("c"),))))
    assert tree.steps == (ast.Filter(ast.Or(ast.And(a_is_x, b_over_1), no_c)),)


def test_parse_filter_literals_and_grouping() -> None:
    tree = parse("$[?((@.a == true || @.a == null) && @.b != -1.5 && @ == $.x)]")
    assert isinstance(tree.steps[0], ast.Filter)


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("a", 0, "a path must start with '$'"),
        ("", 0, "a path must start with '$'"),
        ("$.a b", 3, "unexpected whitespace; quote names with spaces as ['a b']"),
        ("$.", 2, "expected a field name after '.'"),
        ("$.a[", 4, "expected '*', a quoted name, an index, a slice or '?(' after '['"),
        ("$['a'", 5, "expected ']'"),
        ("$['a", 2, "unterminated string; expected a closing '"),
        ("$[1.5]", 2, "expected an integer"),
        ("$[::2]", 2, "a slice needs a start or an end, as in [1:] or [:2]"),
        ("$[?(@.a ==)]", 10, "expected '@', '$', a string, a number, true, false, null, /regex/, [...] or {...}"),
        ("$[?(@.a == 1]", 13, "unclosed filter; expected ')'"),
        ("$[?(1)]", 5, "expected a comparison operator after a literal"),
        ("$a(", 2, "unexpected character '('"),
        ("$[0])", 4, "unexpected character ')'"),
        ("$ab$", 3, "unexpected '$'; expected '.', '..' or '['"),
    ],
)
def test_syntax_errors_point_at_the_fault(text: str, position: int, reason: str) -> None:
    with pytest.raises(PathSyntaxError) as info:
        compile_path(text)
    error = info.value
    assert (error.position, error.reason, error.text) == (position, reason, text)
    assert str(error) == (f"invalid JSONPath {text!r} at offset {position}: {reason}\n  {text}\n  {' ' * position}^")
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("text", "position", "what"),
    [
        ("$.a[*]", 4, "a wildcard '*'"),
        ("$.*", 2, "a wildcard '*'"),
        ("$..a", 1, "a deep scan '..'"),
        ("$[1:2]", 3, "a slice ':'"),
        ("$[0,1]", 3, "a union ','"),
        ("$['a','b']", 5, "a union ','"),
        ("$[?(@.a)]", 2, "a filter '?(...)'"),
    ],
)
def test_reference_paths_refuse_indefinite_steps(text: str, position: int, what: str) -> None:
    with pytest.raises(PathSyntaxError) as info:
        compile_reference_path(text)
    assert info.value.position == position
    assert info.value.reason == f"{what} is not allowed in a reference path"
    assert not compile_path(text).is_definite or text == "$['a','b']"


@pytest.mark.parametrize("text", ["$", "$.a", "$['a b'][0].c", "$$.Map.Item.Value", "$var[-1]"])
def test_reference_paths(text: str) -> None:
    path = compile_reference_path(text)
    assert path.is_definite
    assert path.text == text


def test_compile_is_cached() -> None:
    assert compile_path("$.cached") is compile_path("$.cached")
    assert compile_reference_path("$.cached") is compile_reference_path("$.cached")


@pytest.mark.parametrize(
    ("text", "definite"),
    [("$.a[0].b", True), ("$['a','b']", True), ("$.a[*]", False), ("$..a", False), ("$[0,1]", False)],
)
def test_is_definite(text: str, definite: bool) -> None:
    assert compile_path(text).is_definite is definite
