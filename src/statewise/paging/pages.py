"""Sync driver: iterate pages over the sans-I/O core, optionally prefetching in a thread.

Theory of operation: every ``iter(pages)`` makes a fresh :class:`PageCore`, so
passes are independent. Without prefetch the loop is call -> ``receive`` ->
yield. With ``prefetch=N`` a daemon thread runs that loop and hands pages over
a queue; a semaphore with N permits bounds the pages fetched but not yet
taken (the one in flight included), so slow API calls overlap slow per-page
work. Errors travel through the queue and are raised where the page order
puts them; closing the iterator early releases and stops the thread, which
makes no further calls once its in-flight call returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from statewise.errors import PaginationError
from statewise.paging.core import PageCore, result_items, search_page
from statewise.paging.keyiters import ResultKeyIterator, result_key_iterators
from statewise.paging.options import Options
from statewise.paging.results import FullResult
from statewise.paging.sources import Target
from statewise.specs.expressions import Expr, compile_expr

__all__ = ["Pages", "PagesBase", "Publish", "ResultKeyIterator", "attach_resume_token"]

Publish = Callable[[str | None], None]  # receives the pass's resume token with its last page


def attach_resume_token(exc: BaseException, token: str | None) -> None:
    """Let a caller resume after a failed call: set ``exc.resume_token`` and add a note."""
    if isinstance(exc, PaginationError):
        return
    try:
        exc.resume_token = token  # type: ignore[attr-defined]
    except AttributeError:
        return
    exc.add_note(
        "statewise: resume after the last completed page with starting_token="
        + (repr(token) if token is not None else "None (no page was completed)")
    )


class PagesBase:
    """What sync and async pages share: the target, the options, and the last pass's core."""

    __slots__ = ("_core", "_options", "_params", "_resume_token", "_target")

    def __init__(self, target: Target, params: Mapping[str, Any], options: Options) -> None:
        self._target = target
        self._params = dict(params)
        self._options = options
        self._core: PageCore | None = None
        self._resume_token: str | None = None

    @property
    def resume_token(self) -> str | None:
        """Token to resume after the last pass stopped at ``max_items``; else None.

        Set when the pass's last page is handed to the caller (with prefetch
        too, where the fetcher may be ahead of the caller).
        """
        return self._resume_token

    def _publish(self, token: str | None) -> None:
        self._resume_token = token

    @property
    def non_aggregate_part(self) -> dict[str, Any]:
        """The first page's ``non_aggregate_keys`` values, as botocore reports them."""
        return {} if self._core is None else self._core.non_aggregate_part

    @property
    def result_keys(self) -> tuple[Expr, ...]:
        """The paginator's result keys, compiled, in spec order (botocore's ``PageIterator.result_keys``).

        Each is an :class:`~statewise.specs.expressions.Expr`: ``.expression``
        (or ``.source``) is its text, as on botocore's compiled JMESPath
        expressions, and ``.search(page)`` reads it from a page.
        """
        return self._target.spec.result_key

    def _new_core(self) -> PageCore:
        opts = self._options
        self._resume_token = None
        self._core = PageCore(
            self._target.spec,
            self._params,
            max_items=opts.max_items,
            page_size=opts.page_size,
            starting_token=opts.starting_token,
        )
        return self._core

    def _full_result(self) -> FullResult:
        return FullResult(self._target.spec)

    def _finish(self, full: FullResult) -> dict[str, Any]:
        return full.result(self.non_aggregate_part, self.resume_token)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._target.spec.name}>"


class Pages(PagesBase):
    """The pages of a paginated operation; iterate it, or use ``items()``/``search()``."""

    __slots__ = ()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        core = self._new_core()
        method = self._target.method
        if self._options.prefetch:
            return _prefetched(core, method, self._options.prefetch, self._publish)
        return _direct(core, method, self._publish)

    def items(self) -> Iterator[Any]:
        """Every item of every result key, page by page, in order."""
        keys = self._target.spec.result_key
        for page in self:
            yield from result_items(keys, page)

    def search(self, expression: str) -> Iterator[Any]:
        """Apply a JMESPath expression to each page, flattening list results (as botocore).

        A bad expression raises :class:`SpecError` (a ``ValueError``, as jmespath's errors are).
        """
        compiled = compile_expr(expression, spec="search")
        for page in self:
            yield from search_page(compiled, page)

    def build_full_result(self) -> dict[str, Any]:
        """All pages combined into one response, as botocore's ``build_full_result``."""
        full = self._full_result()
        for page in self:
            full.add(page)
        return self._finish(full)

    def result_key_iters(self) -> list[ResultKeyIterator]:
        """One iterator per result key, as botocore's ``result_key_iters``: each yields its key's items.

        The iterators share one pass over the pages, made as they are
        consumed (one request per page, in whatever order they are read).
        A list yields its items and a missing key nothing, as in botocore;
        any other value (DynamoDB's ``Count``) is yielded once per page as
        it is, where botocore fails. ``resume_token`` is set when the pass
        ends, as for any other pass.
        """
        return result_key_iterators(self, self.result_keys)


def _direct(core: PageCore, method: Callable[..., Any], publish: Publish) -> Iterator[dict[str, Any]]:
    receive = core.receive
    call: dict[str, Any] | None = core.first_call()
    while call is not None:
        try:
            page = method(**call)
        except Exception as exc:
            attach_resume_token(exc, core.current_token())
            raise
        try:
            call = receive(page)
        except PaginationError:
            yield page
            raise
        if call is None:
            publish(core.resume_token)
        yield page


def _prefetched(core: PageCore, method: Callable[..., Any], depth: int, publish: Publish) -> Iterator[dict[str, Any]]:
    handoff: queue.SimpleQueue[Any] = queue.SimpleQueue()
    permits = threading.Semaphore(depth)
    stopped = threading.Event()

    def fetch() -> None:
        # Every outcome goes through the queue, so the consumer never waits on a dead thread.
        try:
            call: dict[str, Any] | None = core.first_call()
            while call is not None:
                permits.acquire()
                if stopped.is_set():
                    return
                try:
                    page = method(**call)
                except BaseException as exc:
                    attach_resume_token(exc, core.current_token())
                    raise
                try:
                    call = core.receive(page)
                except PaginationError:
                    handoff.put((page, False))
                    raise
                handoff.put((page, call is None))
            handoff.put(_DONE)
        except BaseException as exc:
            handoff.put(exc)

    threading.Thread(target=fetch, name="statewise-prefetch", daemon=True).start()
    try:
        while (item := handoff.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            page, last = item
            permits.release()
            if last:
                publish(core.resume_token)
            yield page
    finally:
        stopped.set()
        permits.release()


_DONE = object()
