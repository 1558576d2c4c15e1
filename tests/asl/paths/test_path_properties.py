"""Property tests: any path text either compiles or raises PathSyntaxError, and evaluation
of any compiled path on any JSON value returns or raises a typed statewise error."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from statewise.asl.paths import PathNotFoundError, PathSyntaxError, compile_path

PIECES = st.sampled_from(
    ["$", "$$", "$v", ".", "..", "a", "b", "0", "-1", "[", "]", "*", ":", ",", "'a'", '"b"', "?(",
     ")", "(", "@", "==", "<", ">=", "!=", "&&", "||", "!", " ", "true", "null", "1.5", "\\", "'", "é",
     ".[", "? (", " in ", " size ", "=~", "/x/i", "/", "{", "}"]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("ab0"), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=500)
@given(st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=12), JSON)
def test_paths_fail_only_with_typed_errors(text: str, data: Any) -> None:
    try:
        path = compile_path(text)
    except PathSyntaxError as error:
        position = error.position
        assert 0 <= position <= len(text)
        return
    try:
        path.evaluate(data, context=data, variables={"v": data})
    except PathNotFoundError:
        assert path.is_definite


@settings(max_examples=300)
@given(st.lists(PIECES, max_size=12).map(lambda pieces: "$" + "".join(pieces)), JSON, JSON)
def test_assign_fails_only_with_typed_errors(text: str, data: Any, value: Any) -> None:
    try:
        path = compile_path(text)
    except PathSyntaxError:
        return
    try:
        result = path.assign(data, value)
    except ValueError:
        return
    assert path.evaluate(result) == value or not path.is_definite
