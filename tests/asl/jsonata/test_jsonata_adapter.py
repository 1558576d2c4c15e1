"""The JSONata adapter: undefined vs null, bindings, errors, bounds, templates, caching."""

from __future__ import annotations

import copy
import pickle
import random
import subprocess
import sys
import threading

import pytest

import statewise.asl.jsonata as jsonata
from statewise.asl.jsonata import (
    QUERY_EVALUATION_ERROR,
    UNDEFINED,
    JsonataEvaluationError,
    JsonataSyntaxError,
    compile_jsonata,
    evaluate_template,
    is_jsonata_template,
    template_expression,
)
from statewise.errors import StatesError, StatewiseError

STATES = {"states": {"input": {"a": 41, "none": None, "items": [{"p": 5}, {"p": 20}]}}}


def test_all() -> None:
    assert set(jsonata.__all__) == {
        "FUNCTIONS",
        "QUERY_EVALUATION_ERROR",
        "UNDEFINED",
        "Bindings",
        "JsonataEvaluationError",
        "JsonataExpression",
        "JsonataSyntaxError",
        "bind",
        "compile_jsonata",
        "evaluate_template",
        "is_jsonata_template",
        "template_expression",
    }
    for name in jsonata.__all__:
        assert hasattr(jsonata, name)


def test_library_is_imported_on_first_compile_only() -> None:
    code = (
        "import sys, statewise, statewise.asl.jsonata as j; "
        "assert 'jsonata2py' not in sys.modules; "
        "j.compile_jsonata('1'); assert 'jsonata2py' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("$states.input.a + 1", 42),
        ("$states.input.items[p > 10].p", 20),
        ('{"x": $states.input.a}', {"x": 41}),
        ("$states.input.none", None),
        ("$states.input.missing", UNDEFINED),
        ("$states.input.items[p > 100]", UNDEFINED),
        ('{"x": $states.input.missing}', {}),
    ],
)
def test_undefined_is_not_null(expression: str, expected: object) -> None:
    result = compile_jsonata(expression).evaluate(bindings=STATES)
    assert result == expected
    assert (result is UNDEFINED) == (expected is UNDEFINED)


def test_input_document_undefined_vs_null() -> None:
    expr = compile_jsonata("$type($)")
    assert expr.evaluate() is UNDEFINED
    assert expr.evaluate(None) == "null"
    assert expr.evaluate({"a": 1}) == "object"


def test_undefined_sentinel_survives_pickle_and_copy() -> None:
    assert pickle.loads(pickle.dumps(UNDEFINED)) is UNDEFINED
    assert copy.deepcopy(UNDEFINED) is UNDEFINED
    assert repr(UNDEFINED) == "UNDEFINED"


def test_compile_is_cached() -> None:
    assert compile_jsonata("$states.input.a") is compile_jsonata("$states.input.a")
    assert compile_jsonata("1").source == "1"
    assert repr(compile_jsonata("1")) == "JsonataExpression('1')"


def test_syntax_error_says_where() -> None:
    with pytest.raises(JsonataSyntaxError) as info:
        compile_jsonata("$states.input.a +")
    error = info.value
    assert isinstance(error, StatewiseError)
    assert isinstance(error, ValueError)
    assert (error.code, error.position) == ("S0207", 17)
    assert str(error) == (
        "invalid JSONata expression at position 17: Unexpected end of expression [S0207]\n"
        "    $states.input.a +\n"
        "                     ^"
    )
    assert pickle.loads(pickle.dumps(error)).position == 17


def test_syntax_error_position_is_in_the_text_as_written_when_random_is_used() -> None:
    with pytest.raises(JsonataSyntaxError) as info:
        compile_jsonata('$random() & "x')
    assert info.value.code == "S0101"
    assert info.value.detail == "Unterminated string literal"
    assert info.value.position is not None
    assert 0 <= info.value.position <= len('$random() & "x')


def test_evaluation_error_is_a_query_evaluation_error() -> None:
    with pytest.raises(JsonataEvaluationError) as info:
        compile_jsonata("$states.input.a & 1 + 'x'").evaluate(bindings=STATES)
    error = info.value
    assert isinstance(error, StatesError)
    assert error.error == QUERY_EVALUATION_ERROR == "States.QueryEvaluationError"
    assert error.code == "T2002"
    assert error.cause == (
        "The JSONata expression '$states.input.a & 1 + 'x'' failed to evaluate: "
        "T2002: The right side of the + operator must evaluate to a number"
    )
    again = pickle.loads(pickle.dumps(error))
    assert (again.error, again.cause, again.code) == (error.error, error.cause, "T2002")


@pytest.mark.parametrize(
    ("expression", "code"),
    [
        ("$string(1/0)", "D3001"),
        ("$error('boom')", "D3137"),
        ("$undefinedFunction()", "T1006"),
    ],
)
def test_error_codes(expression: str, code: str) -> None:
    with pytest.raises(JsonataEvaluationError) as info:
        compile_jsonata(expression).evaluate()
    assert info.value.code == code


def test_time_limit() -> None:
    expr = compile_jsonata("$count([1..10000000])")
    with pytest.raises(JsonataEvaluationError) as info:
        expr.evaluate(time_limit_ms=1)
    assert info.value.code == "U1001"
    assert compile_jsonata("$count([1..10])").evaluate(time_limit_ms=1000) == 10


def test_time_limit_is_per_call() -> None:
    expr = compile_jsonata("$sum([1..1000])")
    assert expr.evaluate(time_limit_ms=5000) == 500500
    assert expr.evaluate() == 500500


def test_runaway_recursion_is_bounded() -> None:
    expr = compile_jsonata("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f($depth))")
    assert expr.evaluate(bindings={"depth": 50}) == 50
    with pytest.raises(JsonataEvaluationError) as info:
        expr.evaluate(bindings={"depth": 10_000})
    assert info.value.code == "U1001"


def test_bindings_and_variables() -> None:
    expr = compile_jsonata("$states.input.a + $offset")
    assert expr.evaluate(bindings={**STATES, "offset": 1}) == 42
    assert compile_jsonata("$x := 5").evaluate() == 5


def test_rng_makes_random_and_uuid_reproducible() -> None:
    expr = compile_jsonata("[$random(), $uuid(), $map([1, 2], function($v) { $random() })]")
    first = expr.evaluate(rng=random.Random(7))
    assert first == expr.evaluate(rng=random.Random(7))
    assert first != expr.evaluate(rng=random.Random(8))
    assert expr.evaluate()[0] != expr.evaluate()[0]


def test_rng_is_per_thread() -> None:
    expr = compile_jsonata("$random()")
    results: dict[int, list[float]] = {}

    def run(seed: int) -> None:
        rng = random.Random(seed)
        results[seed] = [expr.evaluate(rng=rng) for _ in range(200)]

    threads = [threading.Thread(target=run, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for seed in (1, 2):
        rng = random.Random(seed)
        assert results[seed] == [rng.random() for _ in range(200)]


def test_user_binding_of_random_still_wins() -> None:
    assert compile_jsonata("($random := function() { 3 }; $random())").evaluate() == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{% 1 %}", True),
        ("{%1%}", True),
        ("{% %}", True),
        (" {% 1 %}", False),
        ("{% 1 %} ", False),
        ("{% 1", False),
        ("1 %}", False),
        ("{%}", False),
        ("$.a", False),
        (1, False),
        (None, False),
    ],
)
def test_is_jsonata_template(value: object, expected: bool) -> None:
    assert is_jsonata_template(value) is expected


def test_template_expression() -> None:
    assert template_expression("{%  $states.input  %}") == "$states.input"
    with pytest.raises(ValueError, match=r"' \{% 1 %\}' is not a JSONata template"):
        template_expression(" {% 1 %}")


def test_evaluate_template() -> None:
    assert evaluate_template("{% $states.input.a * 2 %}", bindings=STATES) == 82
    assert evaluate_template("{% $states.input.nothing %}", bindings=STATES) is UNDEFINED
