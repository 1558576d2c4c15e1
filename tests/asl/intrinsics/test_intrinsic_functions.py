"""Each intrinsic function: results, AWS's number and JSON text rules, argument errors."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest

from statewise.asl import intrinsics
from statewise.asl.intrinsics import compile_intrinsic
from statewise.asl.intrinsics.functions import FUNCTIONS
from statewise.asl.intrinsics.jsontext import java_double, to_json, to_text
from statewise.errors import StatesError

DATA: dict[str, Any] = {
    "s": "a,b;;c",
    "n": 1.5,
    "obj": {"a": 1, "b": [1, "x", None, True, 2.5, {"c": {}}]},
    "arr": [1, 1.0, "1", True, None, {"a": 1, "b": 2}, {"b": 2, "a": 1}, [1], [1]],
    "big": "x" * 10_001,
    "template": "{} and {}",
}


def run(text: str, data: Any = None, *, seed: int = 0, **kwargs: Any) -> Any:
    return compile_intrinsic(text).evaluate(DATA if data is None else data, rng=random.Random(seed), **kwargs)


def test_all_exports() -> None:
    assert sorted(intrinsics.__all__) == intrinsics.__all__
    for name in intrinsics.__all__:
        assert hasattr(intrinsics, name)


def test_every_function_is_in_the_table() -> None:
    names = {
        "Format", "StringToJson", "JsonToString", "Array", "ArrayPartition", "ArrayContains",
        "ArrayRange", "ArrayGetItem", "ArrayLength", "ArrayUnique", "Base64Encode", "Base64Decode",
        "Hash", "JsonMerge", "MathRandom", "MathAdd", "StringSplit", "UUID",
    }  # fmt: skip
    assert set(FUNCTIONS) == {f"States.{name}" for name in names}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Format('plain')", "plain"),
        ("States.Format('{} and {}', 1, 'two')", "1 and two"),
        ("States.Format('x={}', $.obj)", "x={a=1, b=[1, x, null, true, 2.5, {c={}}]}"),
        (r"States.Format('\{} is {} \\ it\'s', 'braces')", "{} is braces \\ it's"),
        ("States.Format($.template, null, false)", "null and false"),
        ("States.Format('{}', 1.0)", "1.0"),
        ("States.Format('{}', 12345678.9)", "1.23456789E7"),
        ("States.StringToJson('{\"a\": [1, 2.0]}')", {"a": [1, 2.0]}),
        ("States.StringToJson('  ')", None),
        ("States.StringToJson('-0')", 0),
        ("States.JsonToString($.obj)", '{"a":1,"b":[1,"x",null,true,2.5,{"c":{}}]}'),
        ("States.JsonToString('é')", '"é"'),
        ("States.Array(1, 'a', null, States.Array())", [1, "a", None, []]),
        ("States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)", [[1, 2], [3, 4], [5]]),
        (
            "States.ArrayPartition($.arr, 2.9)",
            [[1, 1.0], ["1", True], [None, {"a": 1, "b": 2}], [{"b": 2, "a": 1}, [1]], [[1]]],
        ),
        ("States.ArrayContains($.arr, 1)", True),
        ("States.ArrayContains(States.Array(1), 1.0)", False),
        ("States.ArrayContains(States.Array(1), true)", False),
        ("States.ArrayContains($.arr, $.arr[6])", True),
        ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
        ("States.ArrayRange(5, 1, -2)", [5, 3, 1]),
        ("States.ArrayRange(5, 1, 1)", []),
        ("States.ArrayRange(1.4, 5.6, 2.2)", [1, 3, 5]),
        ("States.ArrayRange(1.6, 1.4, 1)", [1]),
        ("States.ArrayRange(1, 1000, 1)", list(range(1, 1001))),
        ("States.ArrayGetItem($.arr, 2)", "1"),
        ("States.ArrayGetItem($.arr, 2.7)", "1"),
        ("States.ArrayLength($.arr)", 9),
        ("States.ArrayUnique($.arr)", [1, 1.0, "1", True, None, {"a": 1, "b": 2}, [1]]),
        ("States.Base64Encode('Data to encode')", "RGF0YSB0byBlbmNvZGU="),
        ("States.Base64Encode('é')", "w6k="),
        ("States.Base64Decode('w6k=')", "é"),
        ("States.Hash('input data', 'MD5')", "812f45842bc6d66ee14572ce20db8e86"),
        ('States.JsonMerge($.obj, States.StringToJson(\'{"b": 0, "z": 1}\'), false)', {"a": 1, "b": 0, "z": 1}),
        ("States.MathAdd(1.5, 1.51)", 4),
        ("States.MathAdd(-2.5, -0.5)", -2),
        ("States.MathAdd($.n, -1)", 1),
        ("States.StringSplit($.s, ',;')", ["a", "b", "c"]),
        ("States.StringSplit('', ',')", []),
        ("States.StringSplit('abc', '')", ["abc"]),
    ],
)
def test_results(text: str, expected: Any) -> None:
    actual = run(text)
    assert actual == expected
    assert to_json(actual) == to_json(expected)


def test_paths_reach_context_and_variables() -> None:
    text = "States.Format('{}-{}', $$.Execution.Name, $who.name)"
    assert run(text, context={"Execution": {"Name": "ex"}}, variables={"who": {"name": "me"}}) == "ex-me"


def test_math_random_is_drawn_from_rng_or_seed() -> None:
    values = {run("States.MathRandom(0, 3)", seed=seed) for seed in range(50)}
    assert values == {0, 1, 2}
    assert run("States.MathRandom(0, 1000, 3)", seed=1) == run("States.MathRandom(0, 1000, 3)", seed=2)
    assert run("States.MathRandom(-5.9, -4)") == -5


def test_uuid_is_v4_and_reproducible() -> None:
    first = run("States.UUID()", seed=42)
    assert first == run("States.UUID()", seed=42) != run("States.UUID()", seed=43)
    assert uuid.UUID(first).version == 4


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("States.Format('{} {}', 1)", "States.Format: the template has 2 '{}' placeholders but 1 values were given"),
        ("States.Format(1)", "States.Format: the first argument must be a string, not number"),
        (
            "States.StringToJson('{')",
            "States.StringToJson: the string is not valid JSON: '{'",
        ),
        ("States.StringToJson('NaN')", "States.StringToJson: the string is not valid JSON: 'NaN'"),
        ("States.StringToJson(1)", "States.StringToJson: the first argument must be a string, not number"),
        ("States.ArrayPartition($.obj, 1)", "States.ArrayPartition: the first argument must be an array, not object"),
        ("States.ArrayPartition($.arr, 0.49)", "States.ArrayPartition: the chunk size must be greater than 0, got 0"),
        (
            "States.ArrayPartition($.arr, true)",
            "States.ArrayPartition: the second argument must be a number, not boolean",
        ),
        ("States.ArrayContains(null, 1)", "States.ArrayContains: the first argument must be an array, not null"),
        ("States.ArrayRange('a', 5, 1)", "States.ArrayRange: the first argument must be a number, not string"),
        ("States.ArrayRange(1, 10, 0.49)", "States.ArrayRange: the step must not be 0"),
        (
            "States.ArrayRange(1, 1001, 1)",
            "States.ArrayRange: the range would have 1001 elements; at most 1000 are allowed",
        ),
        (
            "States.ArrayRange(1001, 1, -1)",
            "States.ArrayRange: the range would have 1001 elements; at most 1000 are allowed",
        ),
        ("States.ArrayGetItem($.arr, 9)", "States.ArrayGetItem: the index 9 is out of range for an array of 9"),
        ("States.ArrayGetItem($.arr, -1)", "States.ArrayGetItem: the index -1 is out of range for an array of 9"),
        ("States.ArrayLength('abc')", "States.ArrayLength: the first argument must be an array, not string"),
        ("States.ArrayUnique($.obj)", "States.ArrayUnique: the first argument must be an array, not object"),
        (
            "States.Base64Encode($.big)",
            "States.Base64Encode: the string has 10001 characters; at most 10000 are allowed",
        ),
        (
            "States.Base64Decode('***')",
            "States.Base64Decode: the string is not base64-encoded UTF-8: '***'",
        ),
        (
            "States.Base64Decode('/w==')",
            "States.Base64Decode: the string is not base64-encoded UTF-8: '/w=='",
        ),
        (
            "States.Hash('x', 'SHA-2')",
            "States.Hash: unknown algorithm 'SHA-2'; expected one of MD5, SHA-1, SHA-256, SHA-384, SHA-512",
        ),
        ("States.Hash($.big, 'MD5')", "States.Hash: the string has 10001 characters; at most 10000 are allowed"),
        (
            "States.JsonMerge($.obj, $.obj, true)",
            "States.JsonMerge: deep merging is not supported; pass false as the third argument",
        ),
        ("States.JsonMerge($.obj, $.arr, false)", "States.JsonMerge: the second argument must be an object, not array"),
        (
            "States.JsonMerge($.obj, $.obj, 'false')",
            "States.JsonMerge: the third argument must be a boolean, not string",
        ),
        ("States.MathRandom(1.4, 1.6)", "States.MathRandom: the start (1) must be less than the end (1)"),
        ("States.MathRandom(1, 5, 'x')", "States.MathRandom: the third argument must be a number, not string"),
        ("States.MathAdd(1, '2')", "States.MathAdd: the second argument must be a number, not string"),
        (
            "States.MathAdd(2147483648, 0)",
            "States.MathAdd: the first argument 2147483648 is outside the 32-bit integer range",
        ),
        ("States.StringSplit($.arr, ',')", "States.StringSplit: the first argument must be a string, not array"),
    ],
)
def test_argument_errors(text: str, cause: str) -> None:
    with pytest.raises(StatesError) as info:
        run(text)
    assert info.value.error == "States.Runtime"
    assert info.value.cause == f"Invalid arguments in {cause}"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1.0"), (-1.5, "-1.5"), (0.0, "0.0"), (-0.0, "-0.0"), (0.001, "0.001"),
        (0.0001, "1.0E-4"), (1e7, "1.0E7"), (-12345678.9, "-1.23456789E7"), (9999999.0, "9999999.0"),
        (1.5e300, "1.5E300"),
    ],
)  # fmt: skip
def test_java_double(value: float, text: str) -> None:
    assert java_double(value) == text


def test_json_text_forms() -> None:
    value = {"b": [1, 2.0, "é\n"], "a": None}
    assert to_json(value) == '{"b":[1,2.0,"é\\n"],"a":null}'
    assert to_json(value, sort_keys=True) == '{"a":null,"b":[1,2.0,"é\\n"]}'
    assert to_text(value) == "{b=[1, 2.0, é\n], a=null}"
    assert to_text(True) == "true"
