"""Async driver: the same core, awaited; prefetching in a task.

Theory of operation: as :mod:`statewise.paging.pages`, with ``await`` for the
call (a coroutine function's result is awaited; a sync callable is called
directly) and an asyncio task plus semaphore for ``prefetch=N``. Closing the
async iterator early (``break`` in ``async for``, or ``aclose()``) cancels
the prefetch task, in-flight call included.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

from statewise.errors import PaginationError
from statewise.paging.core import PageCore, result_items, search_page
from statewise.paging.pages import PagesBase, Publish, attach_resume_token
from statewise.specs.expressions import compile_expr

__all__ = ["AsyncPages"]


class AsyncPages(PagesBase):
    """Async pages: ``async for page in pages``, ``pages.items()``, ``await pages.build_full_result()``."""

    __slots__ = ()

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        core = self._new_core()
        method = self._target.method
        if self._options.prefetch:
            return _prefetched(core, method, self._options.prefetch, self._publish)
        return _direct(core, method, self._publish)

    async def items(self) -> AsyncIterator[Any]:
        """Every item of every result key, page by page, in order."""
        keys = self._target.spec.result_key
        async for page in self:
            for item in result_items(keys, page):
                yield item

    async def search(self, expression: str) -> AsyncIterator[Any]:
        """Apply a JMESPath expression to each page, flattening list results (as botocore)."""
        compiled = compile_expr(expression, spec="search")
        async for page in self:
            for item in search_page(compiled, page):
                yield item

    async def build_full_result(self) -> dict[str, Any]:
        """All pages combined into one response, as botocore's ``build_full_result``."""
        full = self._full_result()
        async for page in self:
            full.add(page)
        return self._finish(full)


async def _call(method: Callable[..., Any], call: dict[str, Any]) -> Any:
    result = method(**call)
    if inspect.isawaitable(result):
        result = await result
    return result


async def _direct(core: PageCore, method: Callable[..., Any], publish: Publish) -> AsyncIterator[dict[str, Any]]:
    call: dict[str, Any] | None = core.first_call()
    while call is not None:
        try:
            page = await _call(method, call)
        except Exception as exc:
            attach_resume_token(exc, core.current_token())
            raise
        try:
            call = core.receive(page)
        except PaginationError:
            yield page
            raise
        if call is None:
            publish(core.resume_token)
        yield page


async def _prefetched(
    core: PageCore, method: Callable[..., Any], depth: int, publish: Publish
) -> AsyncIterator[dict[str, Any]]:
    handoff: asyncio.Queue[Any] = asyncio.Queue()
    permits = asyncio.Semaphore(depth)
    done = object()

    async def fetch() -> None:
        # Every outcome goes through the queue, so the consumer never waits on a dead task.
        try:
            call: dict[str, Any] | None = core.first_call()
            while call is not None:
                await permits.acquire()
                try:
                    page = await _call(method, call)
                except BaseException as exc:
                    attach_resume_token(exc, core.current_token())
                    raise
                try:
                    call = core.receive(page)
                except PaginationError:
                    handoff.put_nowait((page, False))
                    raise
                handoff.put_nowait((page, call is None))
            handoff.put_nowait(done)
        except BaseException as exc:
            handoff.put_nowait(exc)
            if isinstance(exc, asyncio.CancelledError):
                raise

    task = asyncio.create_task(fetch(), name="statewise-prefetch")
    try:
        while (item := await handoff.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            page, last = item
            permits.release()
            if last:
                publish(core.resume_token)
            yield page
    finally:
        task.cancel()
        # asyncio.wait neither raises the task's own CancelledError nor swallows ours.
        await asyncio.wait({task})
