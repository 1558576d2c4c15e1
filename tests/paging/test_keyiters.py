"""result_key_iters(): one iterator per result key over one shared pass, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import statewise
from statewise.paging.apages import AsyncResultKeyIterator
from statewise.paging.keyiters import ResultKeyIterator
from statewise.specs.expressions import Expr

SPEC = {
    "input_token": "NextToken",
    "output_token": "NextToken",
    "result_key": ["Items", "Deleted", "Count", "Note"],
    "limit_key": "Limit",
}
PAGES = [
    {"Items": [1, 2], "Deleted": ["a"], "Count": 2, "Note": "first", "NextToken": "t1"},
    {"Items": [], "Count": 0, "NextToken": "t2"},  # Deleted and Note missing
    {"Items": [3], "Deleted": ["b", "c"], "Count": 1, "Note": None},
]


class Service:
    """Serves PAGES by token; raises ``fail_on`` (a page index) as a RuntimeError."""

    def __init__(self, fail_on: int | None = None):
        self.calls: list[dict[str, Any]] = []
        self.fail_on = fail_on

    def __call__(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        index = {None: 0, "t1": 1, "t2": 2}[params.get("NextToken")]
        if index == self.fail_on:
            raise RuntimeError(f"page {index} failed")
        return {key: list(value) if isinstance(value, list) else value for key, value in PAGES[index].items()}


def read_all(iterators: list[Any]) -> list[list[Any]]:
    return [list(iterator) for iterator in iterators]


def test_one_iterator_per_key_with_the_documented_rule():
    service = Service()
    iterators = statewise.paginate(service, spec=SPEC).result_key_iters()
    assert [type(i) for i in iterators] == [ResultKeyIterator] * 4
    assert [i.result_key.expression for i in iterators] == ["Items", "Deleted", "Count", "Note"]
    # lists give their items, missing or null gives nothing, other values come as they are
    assert read_all(iterators) == [[1, 2, 3], ["a", "b", "c"], [2, 0, 1], ["first"]]
    assert len(service.calls) == 3


def test_the_pass_is_shared_and_lazy():
    service = Service()
    items, deleted, count, note = statewise.paginate(service, spec=SPEC).result_key_iters()
    assert service.calls == []  # nothing until a reader asks
    assert next(deleted) == "a"
    assert len(service.calls) == 1
    assert next(items) == 1
    assert next(items) == 2
    assert len(service.calls) == 1
    assert next(items) == 3  # fetches page 2 and 3 for everyone
    assert len(service.calls) == 3
    assert list(deleted) == ["b", "c"]
    assert list(count) == [2, 0, 1]
    assert list(note) == ["first"]
    assert service.calls == [{}, {"NextToken": "t1"}, {"NextToken": "t2"}]
    assert list(items) == []
    assert next(items, "end") == "end"


def test_each_call_is_a_new_pass():
    service = Service()
    pages = statewise.paginate(service, spec=SPEC)
    first, second = pages.result_key_iters()[0], pages.result_key_iters()[0]
    assert list(first) == list(second) == [1, 2, 3]
    assert len(service.calls) == 6


def test_an_error_reaches_every_reader_where_it_happened():
    service = Service(fail_on=1)
    items, deleted, *_ = statewise.paginate(service, spec=SPEC).result_key_iters()
    assert next(items) == 1
    assert next(items) == 2
    with pytest.raises(RuntimeError, match="page 1 failed") as first:
        next(items)
    assert next(deleted) == "a"  # the page before the error still arrives
    with pytest.raises(RuntimeError, match="page 1 failed") as second:
        next(deleted)
    assert first.value is second.value
    assert first.value.resume_token is not None  # resume after page 0, as for any pass
    assert len(service.calls) == 2


def test_max_items_and_resume_token():
    service = Service()
    pages = statewise.paginate(service, spec=SPEC, max_items=1)
    assert read_all(pages.result_key_iters()) == [[1], ["a"], [2], ["first"]]
    assert pages.resume_token is not None
    rest = statewise.paginate(service, spec=SPEC, starting_token=pages.resume_token)
    # the resumed first page, as botocore serves it: the primary key skips what was returned, the
    # secondary keys' lists and strings are emptied, counts stay as sent
    assert read_all(rest.result_key_iters()) == [[2, 3], ["b", "c"], [2, 0, 1], [""]]


@pytest.mark.parametrize("prefetch", [1, 3])
def test_with_prefetch(prefetch):
    service = Service()
    iterators = statewise.paginate(service, spec=SPEC, prefetch=prefetch).result_key_iters()
    assert read_all(iterators) == [[1, 2, 3], ["a", "b", "c"], [2, 0, 1], ["first"]]
    assert len(service.calls) == 3


def test_result_keys_are_the_compiled_spec_expressions():
    pages = statewise.paginate(Service(), spec=SPEC)
    keys = pages.result_keys
    assert isinstance(keys, tuple)
    assert all(isinstance(k, Expr) for k in keys)
    assert [k.expression for k in keys] == [k.source for k in keys] == ["Items", "Deleted", "Count", "Note"]
    assert keys[2].search(PAGES[0]) == 2
    assert repr(pages.result_key_iters()[0]) == "<ResultKeyIterator Items>"


# --------------------------------------------------------------------------- async


def async_service(service: Service):
    async def call(**params: Any) -> dict[str, Any]:
        await asyncio.sleep(0)
        return service(**params)

    return call


async def aread(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


@pytest.mark.parametrize("prefetch", [0, 2])
def test_async_twin(prefetch):
    service = Service()
    pages = statewise.apaginate(async_service(service), spec=SPEC, prefetch=prefetch)
    iterators = pages.result_key_iters()
    assert [type(i) for i in iterators] == [AsyncResultKeyIterator] * 4
    assert repr(iterators[0]) == "<AsyncResultKeyIterator Items>"

    async def main() -> list[list[Any]]:
        return [await aread(i) for i in iterators]

    assert asyncio.run(main()) == [[1, 2, 3], ["a", "b", "c"], [2, 0, 1], ["first"]]
    assert len(service.calls) == 3


def test_async_readers_in_concurrent_tasks_share_one_pass():
    service = Service()
    iterators = statewise.apaginate(async_service(service), spec=SPEC).result_key_iters()

    async def main() -> list[list[Any]]:
        return list(await asyncio.gather(*(aread(i) for i in iterators)))

    assert asyncio.run(main()) == [[1, 2, 3], ["a", "b", "c"], [2, 0, 1], ["first"]]
    assert service.calls == [{}, {"NextToken": "t1"}, {"NextToken": "t2"}]


def test_async_error_reaches_every_reader():
    service = Service(fail_on=2)
    items, deleted, *_ = statewise.apaginate(async_service(service), spec=SPEC).result_key_iters()

    async def main() -> tuple[list[Any], list[Any]]:
        got: tuple[list[Any], list[Any]] = ([], [])
        for reader, out in ((items, got[0]), (deleted, got[1])):
            with pytest.raises(RuntimeError, match="page 2 failed"):
                async for item in reader:
                    out.append(item)
        return got

    assert asyncio.run(main()) == ([1, 2], ["a"])
    assert len(service.calls) == 3
