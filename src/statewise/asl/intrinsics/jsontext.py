"""Text forms of JSON values as Step Functions (Java, Jackson) writes them.

Theory of operation: AWS evaluates intrinsics in Java. ``States.JsonToString``
serialises with Jackson: compact separators, non-ASCII kept, doubles in Java's
``Double.toString`` form (``1.0``, ``1.0E7``, ``1.0E-4``). ``States.Format``
interpolates Java's ``toString`` of the value: strings bare, objects as
``{a=1, b=[]}``, arrays as ``[1, 2]``. Both are written here once.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def java_double(value: float) -> str:
    """``Double.toString(value)``: plain in [1e-3, 1e7), else ``d.dddE±n``."""
    if value == 0:
        return "-0.0" if str(value).startswith("-") else "0.0"
    if 1e-3 <= abs(value) < 1e7:
        return repr(value)
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    assert isinstance(exponent, int)  # finite: JSON has no NaN or infinity
    text = "".join(map(str, digits)).rstrip("0") or "0"
    power = exponent + len(digits) - 1
    mantissa = text[0] + "." + (text[1:] or "0")
    return f"{'-' if sign else ''}{mantissa}E{power}"


def to_json(value: Any, *, sort_keys: bool = False) -> str:
    """Compact JSON as Jackson writes it; ``sort_keys`` gives a canonical form for comparisons."""
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, dict):
        items = sorted(value.items()) if sort_keys else value.items()
        return (
            "{"
            + ",".join(
                f"{json.dumps(key, ensure_ascii=False)}:{to_json(item, sort_keys=sort_keys)}" for key, item in items
            )
            + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(to_json(item, sort_keys=sort_keys) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def to_text(value: Any) -> str:
    """Java's ``toString`` of the value, as ``States.Format`` interpolates it."""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={to_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_text(item) for item in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
