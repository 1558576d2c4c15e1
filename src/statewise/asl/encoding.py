"""JSON values as Step Functions writes and names them: the one encoder and JSON type names.

Theory of operation: :func:`compact_json` is the one JSON encoder (the C
encoder, built once). It writes ``decimal.Decimal`` (boto3's DynamoDB
numbers) as JSON numbers and refuses ``NaN`` and the infinities, which JSON,
and so AWS, has no way to hold. :func:`json_type` names a value's JSON type
for messages (``boolean``, ``number``, ``string``, ``array``, ``object``,
``null``).
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

__all__ = ["compact_json", "json_type"]


def _json_default(value: Any) -> Any:
    """A JSON number for a Decimal; anything else that is not JSON is refused.

    An integral Decimal becomes an int, exact at any size. Any other becomes the nearest
    float, which is what reading its exact text back gives (the engine re-reads task results
    as JSON, and AWS reads JSON numbers into doubles): exact for up to 15 significant digits,
    which covers money and DynamoDB values written from Python floats.
    """
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)  # NaN and the infinities are then refused like float ones
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# the C encoder json.dumps builds on every call, built once (no circular check: ASL values are trees;
# allow_nan off: NaN and the infinities raise ValueError, as JSON has no such numbers)
_C_ENCODE: Callable[[Any, int], Any] | None = json.encoder.c_make_encoder  # type: ignore[attr-defined]
_PY_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default).encode
if _C_ENCODE is not None:
    _C_ENCODE = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _json_default, json.encoder.encode_basestring, None, ":", ",", False, False, False
    )


def compact_json(value: Any) -> str:
    """JSON as Step Functions prints it: compact, non-ASCII kept.

    Raises TypeError for a value JSON cannot hold and ValueError for NaN or an infinity.
    """
    if _C_ENCODE is None:  # pragma: no cover - interpreters without the C accelerator
        return _PY_ENCODE(value)
    return "".join(_C_ENCODE(value, 0))


_JSON_TYPES: Final = ((bool, "boolean"), (int, "number"), (float, "number"), (str, "string"), (list, "array"))


def json_type(value: Any) -> str:
    """The JSON type name of ``value``: boolean, number, string, array, object or null."""
    if value is None:
        return "null"
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "object")
