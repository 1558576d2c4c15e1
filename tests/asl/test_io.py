"""compact_json, the one encoder: Decimals as JSON numbers, NaN and the infinities refused; path_fault's wording."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

import pytest

from statewise.asl.io import compact_json, path_fault
from statewise.asl.paths import PathNotFoundError, compile_path


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("10"), "10"),
        (Decimal("-0"), "0"),
        (Decimal("1E+3"), "1000"),
        (Decimal("12345678901234567890123456789012345678"), "12345678901234567890123456789012345678"),
        (Decimal("19.99"), "19.99"),
        (Decimal("1.10"), "1.1"),
        (Decimal("-0.000123"), "-0.000123"),
        ({"Item": {"price": Decimal("3.5"), "qty": Decimal("2")}}, '{"Item":{"price":3.5,"qty":2}}'),
        ([Decimal("1"), "ü", None, True], '[1,"ü",null,true]'),
    ],
)
def test_decimals_are_written_as_json_numbers(value: Any, text: str) -> None:
    assert compact_json(value) == text
    assert json.loads(text) == json.loads(compact_json(value))


def test_a_decimal_beyond_a_double_becomes_the_nearest_double_as_reading_its_text_would() -> None:
    value = Decimal("3.14159265358979323846264338327950288")
    assert json.loads(compact_json(value)) == json.loads(str(value)) == math.pi


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, [1, {"a": math.nan}], Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")],
)
def test_nan_and_infinities_are_refused(value: Any) -> None:
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        compact_json(value)


def test_other_values_are_refused_as_not_json() -> None:
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        compact_json({"a": {1}})


def _missing(text: str, data: Any) -> PathNotFoundError:
    with pytest.raises(PathNotFoundError) as info:
        compile_path(text).evaluate(data, context={"State": {}}, variables={"v": {}})
    return info.value


def test_path_fault_words_a_field_path_as_aws_does() -> None:
    fault = path_fault(_missing("$.a.b", {"a": {}}), "x.$")
    assert (fault.error, fault.cause) == (
        "States.Runtime",
        "The JSONPath '$.a.b' specified for the field 'x.$' could not be found in the input '{\"a\":{}}'",
    )
    context = path_fault(_missing("$$.Task.Token", {}), "token.$")
    assert context.cause == (
        "The JSONPath '$$.Task.Token' specified for the field 'token.$' could not be found in the input "
        "'{\"State\":{}}'"
    )


def test_path_fault_words_a_bare_path_or_a_variable_with_jayways_reason() -> None:
    assert path_fault(_missing("$.a", {})).cause == "Invalid path '$.a' : No results for path: $['a']"
    assert path_fault(_missing("$v.x", {}), "x.$").cause == "Invalid path '$v.x' : No results for path: $v['x']"
