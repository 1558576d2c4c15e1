"""Reading a request's parameters: present, of the right JSON type, in range; pages of a listing.

Theory of operation: botocore checks requests before sending them, but the
AWS CLI's ``--cli-input-json`` and other SDKs reach the server too, so each
handler reads its parameters through :func:`required` and :func:`optional`,
which answer ``ValidationException`` in AWS's words for a missing or
mistyped member. Listings page through :class:`Pager`: a ``nextToken`` is
opaque (base64 of the listing's scope and offset, signed with a secret made
when the server starts), so a token that was altered, comes from another
listing or from another server is ``InvalidToken``, as AWS answers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeVar

from statewise.server.protocol import ApiError

__all__ = ["Pager", "optional", "required"]

T = TypeVar("T")
_PAGE_MAX: Final = 1000
_TYPE_NAMES: Final = {str: "string", bool: "boolean", int: "integer", dict: "structure", list: "list"}


def required(params: Mapping[str, Any], member: str, kind: type[T]) -> T:
    """``params[member]``, which must be there and of ``kind``."""
    value = params.get(member)
    if value is None:
        raise _invalid(member, "null", "Member must not be null")
    return _typed(member, value, kind)


def optional(params: Mapping[str, Any], member: str, kind: type[T], default: T) -> T:
    """``params[member]`` when given (of ``kind``), else ``default``."""
    value = params.get(member)
    return default if value is None else _typed(member, value, kind)


def _typed(member: str, value: Any, kind: type[T]) -> T:
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise _invalid(member, json.dumps(value), f"Member must be a {_TYPE_NAMES.get(kind, kind.__name__)}")


def _invalid(member: str, value: str, constraint: str) -> ApiError:
    return ApiError(
        "ValidationException", f"1 validation error detected: Value {value} at '{member}' failed to satisfy "
        f"constraint: {constraint}"
    )  # fmt: skip


class Pager:
    """Cuts listings into pages with signed, opaque ``nextToken``s."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)

    def page(
        self, items: Sequence[T], params: Mapping[str, Any], scope: str, default: int = 100
    ) -> tuple[list[T], str | None]:
        """The page of ``items`` that ``params``' ``maxResults`` and ``nextToken`` ask for, and the next token.

        ``scope`` names the listing (with what filters it), so a token only continues the listing it came from.
        """
        size = optional(params, "maxResults", int, 0)
        if not 0 <= size <= _PAGE_MAX:
            raise _invalid("maxResults", str(size), f"Member must have value less than or equal to {_PAGE_MAX}")
        size = size or default
        token = optional(params, "nextToken", str, "")
        start = self._offset(token, scope) if token else 0
        end = start + size
        return list(items[start:end]), (self._token(scope, end) if end < len(items) else None)

    def _token(self, scope: str, offset: int) -> str:
        body = base64.urlsafe_b64encode(json.dumps([scope, offset]).encode()).decode()
        return f"{body}.{self._sign(body)}"

    def _offset(self, token: str, scope: str) -> int:
        body, _, signature = token.partition(".")
        if hmac.compare_digest(signature, self._sign(body)):
            try:
                token_scope, offset = json.loads(base64.urlsafe_b64decode(body))
            except (binascii.Error, ValueError, TypeError):
                pass
            else:
                if token_scope == scope and isinstance(offset, int):
                    return offset
        raise ApiError("InvalidToken", f"Invalid Token: '{token[:64]}' is not a nextToken this listing gave")

    def _sign(self, body: str) -> str:
        return hmac.new(self._secret, body.encode(), hashlib.sha256).hexdigest()[:32]
