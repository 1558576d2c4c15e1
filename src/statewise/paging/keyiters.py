"""``result_key_iters()``: one iterator per result key over one shared pass of pages.

Theory of operation: botocore's ``PageIterator.result_key_iters`` tees one
page iterator into one reader per result key. Here a :class:`Fanout` keeps a
buffer of pages per reader; a reader that finds its buffer empty pulls the
next page of the pass and appends it to every buffer. So the pass is made
once (one request per page, however the readers are interleaved), every
reader sees every page in order, and a page is let go once every reader has
taken it. The pass starts when a reader first asks for a page. An error the
pass raises is kept and raised to each reader when it reaches that point,
so no reader ends early in silence (a tee'd generator just stops).

What a reader yields for one page (:func:`key_items`): a list's items, as
botocore; nothing when the key is missing or null, as botocore; any other
value (DynamoDB's ``Count``, a string) as it is, once per page -- where
botocore raises ``TypeError`` for a number and yields a string's characters
or a dict's keys.

The sync driver is here; the async twin (``AsyncFanout``,
``AsyncResultKeyIterator``) lives in :mod:`statewise.paging.apages`, so
sync-only users never import asyncio.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from statewise.specs.expressions import Expr

__all__ = ["END", "WANTED", "Fanout", "ResultKeyIterator", "key_items", "result_key_iterators"]

END: Any = object()  # the pass is over
WANTED: Any = object()  # this reader has nothing buffered: advance the pass


def key_items(result_key: Expr, page: Any) -> Sequence[Any]:
    """What the iterator of ``result_key`` yields for ``page`` (see the module docstring)."""
    value = result_key.search(page)
    if value is None:
        return ()
    if isinstance(value, list):
        return value
    return (value,)


class Fanout:
    """The buffers of one pass shared by ``readers`` readers; no I/O, no iteration of its own."""

    __slots__ = ("_buffers", "_failure", "_finished")

    def __init__(self, readers: int) -> None:
        self._buffers: list[deque[Any]] = [deque() for _ in range(readers)]
        self._finished = False
        self._failure: BaseException | None = None

    def next_for(self, reader: int) -> Any:
        """The reader's next page, :data:`END`, or :data:`WANTED`; raises the pass's error when reached."""
        buffer = self._buffers[reader]
        if buffer:
            return buffer.popleft()
        if self._failure is not None:
            raise self._failure
        return END if self._finished else WANTED

    def deliver(self, page: Any) -> None:
        """A new page of the pass, for every reader."""
        for buffer in self._buffers:
            buffer.append(page)

    def finish(self, failure: BaseException | None = None) -> None:
        """The pass is over: it ran out of pages, or raised ``failure``."""
        self._finished = True
        self._failure = failure


class _SyncFanout(Fanout):
    __slots__ = ("_pages", "_source")

    def __init__(self, source: Iterable[dict[str, Any]], readers: int) -> None:
        super().__init__(readers)
        self._source = source
        self._pages: Iterator[dict[str, Any]] | None = None

    def take(self, reader: int) -> Any:
        """The reader's next page, or :data:`END`."""
        page = self.next_for(reader)
        if page is WANTED:
            if self._pages is None:
                self._pages = iter(self._source)
            try:
                self.deliver(next(self._pages))
            except StopIteration:
                self.finish()
            except BaseException as exc:
                self.finish(exc)
                raise
            page = self.next_for(reader)
        return page


class ResultKeyIterator(Iterator[Any]):
    """The items under one result key, page after page, of a pass shared with the other keys' iterators.

    ``result_key`` is the key's compiled expression (an :class:`Expr`; its
    ``expression`` is the text, as on botocore's ``ResultKeyIterator``).
    """

    __slots__ = ("_fanout", "_items", "_reader", "result_key")

    def __init__(self, fanout: _SyncFanout, reader: int, result_key: Expr) -> None:
        self._fanout = fanout
        self._reader = reader
        self._items: Iterator[Any] = iter(())
        self.result_key = result_key

    def __iter__(self) -> ResultKeyIterator:
        return self

    def __next__(self) -> Any:
        for item in self._items:
            return item
        while (page := self._fanout.take(self._reader)) is not END:
            self._items = iter(key_items(self.result_key, page))
            for item in self._items:
                return item
        raise StopIteration

    def __repr__(self) -> str:
        return f"<ResultKeyIterator {self.result_key.source}>"


def result_key_iterators(source: Iterable[dict[str, Any]], result_keys: Sequence[Expr]) -> list[ResultKeyIterator]:
    """One :class:`ResultKeyIterator` per key, sharing one pass over ``source``."""
    fanout = _SyncFanout(source, len(result_keys))
    return [ResultKeyIterator(fanout, reader, key) for reader, key in enumerate(result_keys)]
