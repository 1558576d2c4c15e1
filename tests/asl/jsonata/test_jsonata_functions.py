"""Step Functions' JSONata functions, through the adapter, pinned to AWS's recorded results."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest

from statewise.asl.jsonata import FUNCTIONS, UNDEFINED, JsonataEvaluationError, compile_jsonata


def run(expression: str, **bindings: Any) -> Any:
    return compile_jsonata(expression).evaluate(bindings=bindings, rng=random.Random(0))


def error_of(expression: str, **bindings: Any) -> JsonataEvaluationError:
    with pytest.raises(JsonataEvaluationError) as info:
        run(expression, **bindings)
    return info.value


def test_table() -> None:
    assert sorted(FUNCTIONS) == ["hash", "parse", "partition", "random", "range", "uuid"]


@pytest.mark.parametrize(
    ("array", "size", "expected"),
    [  # recorded on AWS (conformance intrinsic_functions/test_array_partition__*__2)
        ([0], 1, [[0]]),
        ([0], 2, [[0]]),
        ([0, 1, 2], 2, [[0, 1], [2]]),
        ([0, 1, 2, 3], 2, [[0, 1], [2, 3]]),
        ([0, 1, 2, 3], 5, [[0, 1, 2, 3]]),
        ([], 3, []),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9], 3.0, [[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
    ],
)
def test_partition(array: list[int], size: float, expected: list[list[int]]) -> None:
    assert run("$partition($a, $n)", a=array, n=size) == expected


@pytest.mark.parametrize(
    ("expression", "code", "message"),
    [
        ("$partition([1], 0)", "SF0001", 'argument 2 of function "partition" must be positive, got 0'),
        ("$partition('ab', 1)", "T0410", "argument 1 of function \"partition\" must be an array, got 'ab'"),
        ("$partition([1], 1.5)", "T0410", 'argument 2 of function "partition" must be an integer, got 1.5'),
        ("$partition([1], true)", "T0410", 'argument 2 of function "partition" must be an integer, got True'),
        ("$partition([1])", "T0410", 'function "partition" takes 2 argument(s), got 1'),
    ],
)
def test_partition_errors(expression: str, code: str, message: str) -> None:
    error = error_of(expression)
    assert (error.code, error.detail) == (code, message)


def test_partition_of_undefined_is_undefined() -> None:
    assert run("$partition($nothing, 2)") is UNDEFINED


@pytest.mark.parametrize(
    ("args", "expected"),
    [  # recorded on AWS (conformance intrinsic_functions/test_array_range__*__2)
        ((0, 9, 3), [0, 3, 6, 9]),
        ((0, 10, 3), [0, 3, 6, 9]),
        ((1, 9, 9), 1),
        ((1, 9, 2), [1, 3, 5, 7, 9]),
        ((0, 10, 2), [0, 2, 4, 6, 8, 10]),
        ((10, 0, -5), [10, 5, 0]),
    ],
)
def test_range(args: tuple[int, int, int], expected: object) -> None:
    assert run("$range($a, $b, $c)", a=args[0], b=args[1], c=args[2]) == expected


def test_range_that_is_empty_is_undefined() -> None:
    assert run("$range(5, 1, 1)") is UNDEFINED


@pytest.mark.parametrize(
    ("expression", "code", "message"),
    [
        ("$range(0, 5, 0)", "SF0002", 'argument 3 of function "range" must not be 0'),
        (
            "$range(0, 1000, 1)",
            "SF0002",
            'function "range" would return 1001 items; at most 1000 are allowed',
        ),
        ("$range(0, 'x', 1)", "T0410", "argument 2 of function \"range\" must be an integer, got 'x'"),
        ("$range(0, 5)", "T0410", 'function "range" takes 3 argument(s), got 2'),
    ],
)
def test_range_errors(expression: str, code: str, message: str) -> None:
    error = error_of(expression)
    assert (error.code, error.detail) == (code, message)


@pytest.mark.parametrize(
    ("algorithm", "digest"),
    [  # recorded on AWS for "input data" (conformance intrinsic_functions/test_hash__*)
        ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
        ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
        (
            "SHA-384",
            "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b"
            "87525bdc835ebb27e1fb9e9374a15562",
        ),
        (
            "SHA-512",
            "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce"
            "2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4",
        ),
    ],
)
def test_hash(algorithm: str, digest: str) -> None:
    assert run("$hash('input data', $alg)", alg=algorithm) == digest


@pytest.mark.parametrize(
    ("expression", "code", "message"),
    [
        (
            "$hash('x', 'sha-256')",
            "SF0003",
            'argument 2 of function "hash" must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, '
            "got 'sha-256'",
        ),
        ("$hash(1, 'MD5')", "T0410", 'argument 1 of function "hash" must be a string, got 1'),
        ("$hash('x')", "T0410", 'function "hash" takes 2 argument(s), got 1'),
    ],
)
def test_hash_errors(expression: str, code: str, message: str) -> None:
    error = error_of(expression)
    assert (error.code, error.detail) == (code, message)


def test_random_draws_from_the_rng() -> None:
    assert run("$random()") == random.Random(0).random()


def test_random_with_seed_is_a_function_of_the_seed() -> None:
    value = run("$random(42)")
    assert 0 <= value < 1
    assert value == compile_jsonata("$random(42)").evaluate() == random.Random(42).random()
    assert run("$random(43)") != value


def test_random_errors() -> None:
    assert error_of("$random('x')").code == "T0410"
    assert error_of("$random(1.5)").code == "T0410"
    assert error_of("$random(1, 2)").code == "T0410"


def test_uuid_is_version_4_from_the_rng() -> None:
    value = run("$uuid()")
    parsed = uuid.UUID(value)
    assert parsed.version == 4
    assert str(parsed) == value
    assert value == run("$uuid()")
    assert error_of("$uuid(1)").code == "T0410"


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # recorded on AWS (conformance intrinsic_functions/test_parse__*)
        ("-0", 0),
        ("1", 1),
        ("1.1", 1.1),
        ("true", True),
        ('"HelloWorld"', "HelloWorld"),
        ('[1, 2, "HelloWorld"]', [1, 2, "HelloWorld"]),
        ('{"Arg1": 1, "Arg2": []}', {"Arg1": 1, "Arg2": []}),
        ("null", None),
    ],
)
def test_parse(text: str, expected: object) -> None:
    assert run("$parse($t)", t=text) == expected


@pytest.mark.parametrize("text", ["{", "NaN", "[1,]", ""])
def test_parse_rejects_text_that_is_not_json(text: str) -> None:
    error = error_of("$parse($t)", t=text)
    assert error.code == "SF0004"
    assert error.detail.startswith('function "parse" got text that is not JSON: ')


def test_parse_errors() -> None:
    assert error_of("$parse(1)").code == "T0410"
    assert run("$parse($nothing)") is UNDEFINED
