"""Async driver: the same core, awaited; prefetching in a task.

Theory of operation: as :mod:`statewise.paging.pages`, with ``await`` for the
call (a coroutine function's result is awaited; a sync callable is called
directly) and an asyncio task plus semaphore for ``prefetch=N``. Closing the
async iterator early (``break`` in ``async for``, or ``aclose()``) cancels
the prefetch task, in-flight call included. ``result_key_iters()`` shares
one pass among its readers as :mod:`statewise.paging.keyiters` describes,
with a lock so that readers in different tasks never advance it at once.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from typing import Any

from statewise.errors import PaginationError
from statewise.paging.core import PageCore, result_items, search_page
from statewise.paging.keyiters import END, WANTED, Fanout, key_items
from statewise.paging.pages import PagesBase, Publish, attach_resume_token
from statewise.specs.expressions import Expr, compile_expr

__all__ = ["AsyncPages", "AsyncResultKeyIterator"]


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

    def result_key_iters(self) -> list[AsyncResultKeyIterator]:
        """One async iterator per result key, as aiobotocore's ``result_key_iters``.

        The same rules as :meth:`statewise.Pages.result_key_iters`: one
        shared pass, a list's items, nothing for a missing key, any other
        value as it is; ``async for item in iterator``.
        """
        fanout = _AsyncFanout(self, len(self.result_keys))
        return [AsyncResultKeyIterator(fanout, reader, key) for reader, key in enumerate(self.result_keys)]


class _AsyncFanout(Fanout):
    __slots__ = ("_lock", "_pages", "_source")

    def __init__(self, source: AsyncIterable[dict[str, Any]], readers: int) -> None:
        super().__init__(readers)
        self._source = source
        self._pages: AsyncIterator[dict[str, Any]] | None = None
        self._lock = asyncio.Lock()

    async def take(self, reader: int) -> Any:
        """The reader's next page, or :data:`END`."""
        page = self.next_for(reader)
        if page is not WANTED:
            return page
        async with self._lock:  # another reader may have advanced the pass while we waited
            page = self.next_for(reader)
            if page is not WANTED:
                return page
            if self._pages is None:
                self._pages = aiter(self._source)
            try:
                self.deliver(await anext(self._pages))
            except StopAsyncIteration:
                self.finish()
            except BaseException as exc:
                self.finish(exc)
                raise
            return self.next_for(reader)


class AsyncResultKeyIterator(AsyncIterator[Any]):
    """The async twin of :class:`statewise.paging.pages.ResultKeyIterator`."""

    __slots__ = ("_fanout", "_items", "_reader", "result_key")

    def __init__(self, fanout: _AsyncFanout, reader: int, result_key: Expr) -> None:
        self._fanout = fanout
        self._reader = reader
        self._items: Iterator[Any] = iter(())
        self.result_key = result_key

    def __aiter__(self) -> AsyncResultKeyIterator:
        return self

    async def __anext__(self) -> Any:
        for item in self._items:
            return item
        while (page := await self._fanout.take(self._reader)) is not END:
            self._items = iter(key_items(self.result_key, page))
            for item in self._items:
                return item
        raise StopAsyncIteration

    def __repr__(self) -> str:
        return f"<AsyncResultKeyIterator {self.result_key.source}>"


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
