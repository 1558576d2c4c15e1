"""Bindings named like JSONata built-ins shadow them, as in the reference implementation.

jsonata-js evaluates with the caller's bindings in a frame whose parent holds
the built-in functions, so ``Assign: {"count": 3}`` then ``{% $count + 1 %}``
gives 4. jsonata2py resolves built-in names when it compiles; the adapter
compiles a variant of the expression for the built-in names actually bound
and referenced, once each.
"""

from __future__ import annotations

import random
from typing import Any

import jsonata2py
import jsonata2py.runtime
import pytest

from statewise.asl.jsonata import (
    JsonataEvaluationError,
    JsonataSyntaxError,
    bind,
    compile_jsonata,
)

STATES = {"states": {"input": {"a": 41}}}

# Every function of jsonata-js's static frame (JSONata 2.x).
JSONATA_FUNCTIONS = (
    "sum", "count", "max", "min", "average", "string", "substring", "substringBefore",
    "substringAfter", "lowercase", "uppercase", "length", "trim", "pad", "match", "contains",
    "replace", "split", "join", "formatNumber", "formatBase", "formatInteger", "parseInteger",
    "number", "floor", "ceil", "round", "abs", "sqrt", "power", "random", "boolean", "not", "map",
    "zip", "filter", "single", "reduce", "sift", "keys", "lookup", "append", "exists", "spread",
    "merge", "reverse", "each", "error", "assert", "type", "sort", "shuffle", "distinct",
    "base64encode", "base64decode", "encodeUrlComponent", "encodeUrl", "decodeUrlComponent",
    "decodeUrl", "eval", "toMillis", "fromMillis", "clone", "now", "millis",
)  # fmt: skip


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the adapter hands the library to compile from here on."""
    texts: list[str] = []
    original = jsonata2py.compile

    def counting(text: str) -> Any:
        texts.append(text)
        return original(text)

    monkeypatch.setattr(jsonata2py, "compile", counting)
    return texts


@pytest.mark.parametrize("name", ["count", "sum", "string", "keys", "now", "map", "values", "flatten"])
def test_a_binding_shadows_the_built_in_of_that_name(name: str) -> None:
    expr = compile_jsonata(f"${name} + 1")
    assert expr.evaluate(bindings={**STATES, name: 3}) == 4
    assert expr.evaluate(bindings=bind({**STATES, name: 3})) == 4


def test_a_bound_value_shadowing_a_built_in_is_used_in_paths() -> None:
    keys = {"a": {"b": [1, 2]}}
    assert compile_jsonata("$keys.a.b[1]").evaluate(bindings={"keys": keys}) == 2
    assert compile_jsonata("$map.a").evaluate(bindings={"map": {"a": "x"}}) == "x"
    assert compile_jsonata('$string & "!"').evaluate(bindings={"string": "hi"}) == "hi!"
    assert compile_jsonata("$sum[$ > 1]").evaluate(bindings={"sum": [1, 2, 3]}) == [2, 3]


def test_built_ins_still_work_when_another_name_is_bound() -> None:
    bindings = {**STATES, "sum": 10, "keys": ["k"]}
    assert compile_jsonata("$count([1, 2, 3]) + $sum").evaluate(bindings=bindings) == 13
    assert compile_jsonata('$string($keys) & $join(["a", "b"])').evaluate(bindings=bindings) == '["k"]ab'
    assert compile_jsonata("$map([1, 2], function($v) { $v * $sum })").evaluate(bindings=bindings) == [10, 20]


def test_shadowing_is_decided_per_evaluation() -> None:
    expr = compile_jsonata("$type($count)")
    assert expr.evaluate() == "function"
    assert expr.evaluate(bindings={"count": 3}) == "number"
    assert expr.evaluate(bindings={"sum": 3}) == "function"
    assert expr.evaluate(bindings={"count": "x"}) == "string"


def test_the_expression_s_own_names_win_over_bindings() -> None:
    bindings = {"count": 3, "sum": 4}
    assert compile_jsonata("($count := 10; $count + $sum)").evaluate(bindings=bindings) == 14
    assert compile_jsonata("(function($sum) { $sum * 2 })(5)").evaluate(bindings=bindings) == 10
    assert compile_jsonata('"$count"').evaluate(bindings=bindings) == "$count"


def test_calling_a_shadowed_name_that_is_not_a_function_fails() -> None:
    with pytest.raises(JsonataEvaluationError) as info:
        compile_jsonata("$count([1, 2])").evaluate(bindings={"count": 3})
    assert info.value.code == "T1006"
    assert info.value.expression == "$count([1, 2])"


def test_null_and_falsy_bindings_shadow_too() -> None:
    expr = compile_jsonata("$count")
    assert expr.evaluate(bindings={"count": None}) is None
    assert expr.evaluate(bindings={"count": 0}) == 0
    assert expr.evaluate(bindings={"count": []}) == []


def test_an_unused_bound_built_in_name_compiles_nothing_more(compiles: list[str]) -> None:
    expr = compile_jsonata("$states.input.a + $n + $count([1])")
    assert len(compiles) == 1
    bound = bind({**STATES, "n": 0, "sum": 5, "keys": 6, "map": 7})
    assert expr.evaluate(bindings=bound) == 42
    assert expr.evaluate(bindings={**STATES, "n": 0, "string": 1}) == 42
    assert len(compiles) == 1


def test_each_set_of_shadowed_names_compiles_once(compiles: list[str]) -> None:
    expr = compile_jsonata("[$count, $type($sum), $n]")
    assert len(compiles) == 1
    for _ in range(3):
        assert expr.evaluate(bindings={"count": 1, "sum": 2, "n": 3, "keys": 0}) == [1, "number", 3]
        assert expr.evaluate(bindings=bind({"count": 1, "sum": 2, "n": 3})) == [1, "number", 3]
    assert len(compiles) == 2
    assert expr.evaluate(bindings={"count": 1, "n": 3}) == [1, "function", 3]
    assert expr.evaluate(bindings={"count": 1, "n": 3}, time_limit_ms=1000) == [1, "function", 3]
    assert len(compiles) == 4


def test_random_and_uuid_still_replaced_alongside_shadowing() -> None:
    expr = compile_jsonata("[$random() + $count, $uuid(), $keys.a]")
    first = expr.evaluate(bindings={"count": 1, "keys": {"a": "k"}}, rng=random.Random(7))
    rng = random.Random(7)
    assert first[0] == rng.random() + 1
    assert first[2] == "k"
    assert first == expr.evaluate(bindings={"count": 1, "keys": {"a": "k"}}, rng=random.Random(7))


def test_a_binding_named_random_shadows_random() -> None:
    assert compile_jsonata("$random").evaluate(bindings={"random": 5}) == 5
    assert compile_jsonata("$random + $count").evaluate(bindings={"random": 5, "count": 1}) == 6
    assert compile_jsonata("$uuid").evaluate(bindings={"uuid": "u"}) == "u"
    assert isinstance(compile_jsonata("$random()").evaluate(bindings={"count": 1}), float)


def test_syntax_error_positions_are_in_the_text_as_written() -> None:
    with pytest.raises(JsonataSyntaxError) as info:
        compile_jsonata("$count +")
    assert (info.value.code, info.value.position) == ("S0207", 8)


def test_evaluation_errors_name_the_text_as_written() -> None:
    with pytest.raises(JsonataEvaluationError) as info:
        compile_jsonata("$count + 'x'").evaluate(bindings={"count": 1})
    assert info.value.expression == "$count + 'x'"
    assert info.value.code == "T2002"


def _library_names() -> set[str]:
    """Names jsonata2py might resolve on its own: JSONata's, and every runtime ``fn_*``."""
    runtime = {name[3:] for name in dir(jsonata2py.runtime) if name.startswith("fn_")}
    return set(JSONATA_FUNCTIONS) | runtime


@pytest.mark.parametrize("name", sorted(_library_names()))
def test_every_name_the_library_knows_is_shadowed(name: str) -> None:
    assert compile_jsonata(f"${name}").evaluate(bindings={name: 42}) == 42
