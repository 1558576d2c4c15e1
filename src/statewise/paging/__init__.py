"""Pagination driven by botocore-format specs, sync and async, over any source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from statewise.errors import PaginationError
from statewise.paging.options import check_options
from statewise.paging.pages import Pages
from statewise.paging.sources import SpecLike, resolve

if TYPE_CHECKING:
    from statewise.paging.apages import AsyncPages

__all__ = ["Pages", "apaginate", "paginate"]  # AsyncPages: statewise.paging.apages (imports asyncio)


def paginate(
    source: Any,
    operation: str | None = None,
    /,
    *,
    spec: SpecLike | None = None,
    page_size: int | None = None,
    max_items: int | None = None,
    starting_token: str | None = None,
    prefetch: int = 0,
    PaginationConfig: Mapping[str, Any] | None = None,
    **params: Any,
) -> Pages:
    """Page through ``operation`` of ``source``; see the README for the sources accepted.

    ``params`` go to the API unchanged. Nothing is called until the result is
    iterated; each iteration starts afresh from ``starting_token``.
    """
    target = resolve(source, operation, spec)
    if target.is_async:
        raise PaginationError(f"{target.spec.name} is async: use statewise.apaginate() for it")
    options = check_options(
        target,
        max_items=max_items,
        page_size=page_size,
        starting_token=starting_token,
        prefetch=prefetch,
        config=PaginationConfig,
    )
    return Pages(target, params, options)


def apaginate(
    source: Any,
    operation: str | None = None,
    /,
    *,
    spec: SpecLike | None = None,
    page_size: int | None = None,
    max_items: int | None = None,
    starting_token: str | None = None,
    prefetch: int = 0,
    PaginationConfig: Mapping[str, Any] | None = None,
    **params: Any,
) -> AsyncPages:
    """The async twin of :func:`paginate`, for aiobotocore clients and async callables."""
    from statewise.paging.apages import AsyncPages  # noqa: PLC0415 - sync-only users never import asyncio

    target = resolve(source, operation, spec)
    options = check_options(
        target,
        max_items=max_items,
        page_size=page_size,
        starting_token=starting_token,
        prefetch=prefetch,
        config=PaginationConfig,
    )
    return AsyncPages(target, params, options)
