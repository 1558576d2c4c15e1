"""JSON for what AWS responses hold besides JSON values: datetimes, Decimals and bytes."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

__all__ = ["dumps"]


def _plain(value: Any) -> Any:
    from decimal import Decimal  # noqa: PLC0415 - loaded by boto3 before any response needs it here

    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")  # as the AWS CLI prints blobs
    if hasattr(value, "read"):  # a streaming body
        return _plain(value.read())
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON text; one line unless ``indent`` is given."""
    return json.dumps(value, default=_plain, indent=indent, ensure_ascii=False)
