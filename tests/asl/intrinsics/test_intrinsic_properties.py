"""Property tests: any call text compiles or raises IntrinsicSyntaxError, and evaluating any
compiled call on any JSON value returns or raises a typed statewise error."""

from __future__ import annotations

import contextlib
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from statewise.asl.intrinsics import IntrinsicSyntaxError, compile_intrinsic
from statewise.asl.intrinsics.functions import FUNCTIONS
from statewise.asl.paths import PathNotFoundError
from statewise.errors import StatesError

ARGUMENTS = st.sampled_from(
    ["1", "-2.5", "0", "1000", "true", "null", "'a,b'", "'{}'", "'\\{'", "'W10='", "'SHA-1'", "$", "$.a",
     "$.b[0]", "$$", "$v", "'[1, 2]'", "'x' 'y'", "(", ""]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(-5, 5) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("ab"), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def calls(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(st.sampled_from(sorted(FUNCTIONS)))
    argument = calls(depth + 1) if depth < 2 else ARGUMENTS
    args = draw(st.lists(argument | ARGUMENTS, max_size=4))
    return f"{name}({', '.join(args)})"


@settings(max_examples=800)
@given(calls() | st.text(max_size=20), JSON)
def test_calls_fail_only_with_typed_errors(text: str, data: Any) -> None:
    try:
        call = compile_intrinsic(text)
    except IntrinsicSyntaxError as error:
        position = error.position
        assert 0 <= position <= len(text)
        return
    with contextlib.suppress(StatesError, PathNotFoundError):
        call.evaluate(data, context=data, variables={"v": data}, rng=random.Random(0))
