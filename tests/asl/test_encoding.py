"""compact_json, the one encoder: Decimals as JSON numbers, NaN and the infinities refused."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

import pytest

from statewise.asl.encoding import compact_json


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
