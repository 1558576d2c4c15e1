"""The keyword options of ``paginate``, checked once before any request.

``PaginationConfig`` (botocore's ``MaxItems``/``PageSize``/``StartingToken``)
is accepted as a drop-in alias of the keyword options; using both is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from statewise.errors import PaginationError
from statewise.paging.core import parse_starting_token
from statewise.paging.sources import Target

__all__ = ["Options", "check_options"]

_ALIASES = {"MaxItems": "max_items", "PageSize": "page_size", "StartingToken": "starting_token"}


@dataclass(frozen=True, slots=True)
class Options:
    max_items: int | None
    page_size: Any
    starting_token: str | None
    prefetch: int


def check_options(
    target: Target,
    *,
    max_items: int | None,
    page_size: Any,
    starting_token: str | None,
    prefetch: int,
    config: Mapping[str, Any] | None,
) -> Options:
    """Validate and normalise the options for ``target``; raises :class:`PaginationError`."""
    given = {"max_items": max_items, "page_size": page_size, "starting_token": starting_token}
    if config is not None:
        if not isinstance(config, Mapping):
            raise PaginationError(f"PaginationConfig must be a dict, got {type(config).__name__}")
        for key, value in config.items():
            name = _ALIASES.get(key)
            if name is None:
                raise PaginationError(f"unknown PaginationConfig key {key!r}; expected {', '.join(_ALIASES)}")
            if given[name] is not None:
                raise PaginationError(f"{name}= and PaginationConfig[{key!r}] both given; use one or the other")
            given[name] = value
    spec = target.spec
    items = given["max_items"]
    if items is not None:
        try:
            items = int(items)
        except (TypeError, ValueError, OverflowError):
            raise PaginationError(f"max_items must be a whole number, got {items!r}") from None
        if items < 0:
            raise PaginationError(f"max_items must be >= 0, got {items}")
    size = given["page_size"]
    if size is not None:
        if spec.limit_key is None:
            raise PaginationError(f"{spec.name} takes no page size: its paginator spec has no limit_key")
        if target.page_size_type is not None:
            try:
                size = target.page_size_type(size)
            except (TypeError, ValueError, OverflowError):
                raise PaginationError(f"page_size must be a whole number, got {size!r}") from None
    token = given["starting_token"]
    if token is not None:
        parse_starting_token(spec, token)
    if type(prefetch) is not int or prefetch < 0:
        raise PaginationError(f"prefetch must be a whole number >= 0, got {prefetch!r}")
    return Options(items, size, token, prefetch)
