"""Resume tokens in botocore's format.

A token is ``base64(json(dict))`` where the dict maps each input token name
to its value, plus ``boto_truncate_amount`` when the page was cut short.
Values JSON cannot hold are encoded and their key paths listed: bytes under
``boto_encoded_keys`` (botocore's own rule, so tokens cross between the two
libraries), and ``Decimal`` (DynamoDB resource keys, which botocore never
paginates) under ``statewise_decimal_keys``.
"""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal
from typing import Any

__all__ = ["MalformedTokenError", "decode_token", "encode_token"]

_BYTES_KEYS = "boto_encoded_keys"
_DECIMAL_KEYS = "statewise_decimal_keys"
Path = list[str | int]


def encode_token(token: dict[str, Any]) -> str:
    """Encode a token dict exactly as botocore's ``TokenEncoder`` does."""
    try:
        text = json.dumps(token)
    except TypeError:
        byte_paths: list[Path] = []
        decimal_paths: list[Path] = []
        plain = _plain(token, [], byte_paths, decimal_paths)
        if byte_paths:
            plain[_BYTES_KEYS] = byte_paths
        if decimal_paths:
            plain[_DECIMAL_KEYS] = decimal_paths
        text = json.dumps(plain)
    return base64.b64encode(text.encode("utf-8")).decode("utf-8")


def _plain(value: Any, path: Path, byte_paths: list[Path], decimal_paths: list[Path]) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v, [*path, k], byte_paths, decimal_paths) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, [*path, i], byte_paths, decimal_paths) for i, v in enumerate(value)]
    if isinstance(value, bytes | bytearray) or hasattr(value, "__bytes__"):
        byte_paths.append(path)
        return base64.b64encode(bytes(value)).decode("utf-8")
    if isinstance(value, Decimal):
        decimal_paths.append(path)
        return str(value)
    return value


def decode_token(text: str) -> dict[str, Any]:
    """Decode a token made by :func:`encode_token` or by botocore.

    Raises ``ValueError`` when ``text`` is not base64 JSON of an object.
    """
    try:
        token = json.loads(base64.b64decode(text.encode("utf-8")).decode("utf-8"))
    except (binascii.Error, UnicodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a base64-encoded JSON token: {exc}") from exc
    if not isinstance(token, dict):
        raise ValueError("a token must decode to a JSON object")
    for key, convert in ((_BYTES_KEYS, _from_base64), (_DECIMAL_KEYS, Decimal)):
        try:
            for path in token.pop(key, None) or ():
                *parents, last = path
                container: Any = token
                for step in parents:
                    container = container[step]
                container[last] = convert(container[last])
        except (LookupError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            raise MalformedTokenError(f"its {key} do not fit the token: {exc!r}") from exc
    return token


class MalformedTokenError(ValueError):
    """The text is a token, but its encoded-value bookkeeping is damaged."""


def _from_base64(text: str) -> bytes:
    return base64.b64decode(text.encode("utf-8"))
