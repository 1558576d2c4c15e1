"""Public behaviours of statewise.paginate / apaginate beyond the botocore differential.

Covers what botocore does differently on purpose (iterating twice), or does
not do at all (errors that carry a resume token, prefetch, async), and the
errors of the public API. The fake API is a list of pages addressed by token;
prefetch tests synchronise on a Condition, never on time.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import copy
import json
import threading
from collections.abc import Callable
from typing import Any

import boto3
import botocore.exceptions
import pytest
from botocore.paginate import Paginator
from botocore.stub import Stubber

import statewise

SPEC = {"input_token": "NextToken", "output_token": "NextToken", "limit_key": "MaxResults", "result_key": "Items"}


class ServiceError(Exception):
    """What the fake API raises when told to fail."""


def build_pages(sizes: list[int]) -> list[dict[str, Any]]:
    pages = []
    for p, size in enumerate(sizes):
        page: dict[str, Any] = {"Items": [f"{p}.{i}" for i in range(size)]}
        if p < len(sizes) - 1:
            page["NextToken"] = f"t{p + 1}"
        pages.append(page)
    return pages


class Api:
    """A paged API: no token -> page 0, token 't<i>' -> page i. Records calls."""

    def __init__(self, pages: list[dict[str, Any]], *, fail_at: int | None = None):
        self.pages = pages
        self.fail_at = fail_at
        self.calls: list[dict[str, Any]] = []
        self.cond = threading.Condition()

    def index(self, kwargs: dict[str, Any]) -> int:
        token = kwargs.get("NextToken")
        return 0 if token is None else int(token[1:])

    def __call__(self, **kwargs: Any) -> dict[str, Any]:
        with self.cond:
            self.calls.append(copy.deepcopy(kwargs))
            self.cond.notify_all()
        index = self.index(kwargs)
        if index == self.fail_at:
            raise ServiceError(f"page {index} failed")
        return copy.deepcopy(self.pages[index])

    def wait_for_calls(self, n: int) -> int:
        with self.cond:
            self.cond.wait_for(lambda: len(self.calls) >= n, timeout=10)
            return len(self.calls)


class AsyncApi(Api):
    async def call(self, **kwargs: Any) -> dict[str, Any]:
        await asyncio.sleep(0)  # a real suspension point, as a network call has
        return Api.__call__(self, **kwargs)


def items_of(pages: list[dict[str, Any]]) -> list[str]:
    return [item for page in pages for item in page.get("Items", [])]


PAGES = build_pages([3, 2, 0, 4, 1])
ALL = items_of(PAGES)


# --------------------------------------------------------------------------- iterating twice


def test_iterating_twice_starts_afresh_unlike_botocore() -> None:
    api = Api(PAGES)
    pages = statewise.paginate(api, spec=SPEC)
    assert list(pages) == PAGES
    assert list(pages) == PAGES
    assert [c.get("NextToken") for c in api.calls] == [None, "t1", "t2", "t3", "t4"] * 2
    # botocore's PageIterator keeps the last token in its kwargs: a second pass
    # yields only the last page. We do not copy that.
    bc = Paginator(Api(PAGES), SPEC, None).paginate()
    assert list(bc) == PAGES
    assert list(bc) == PAGES[-1:]


def test_iterating_twice_from_a_mid_page_starting_token() -> None:
    first = statewise.paginate(Api(PAGES), spec=SPEC, max_items=4)
    list(first)
    token = first.resume_token
    assert token is not None
    pages = statewise.paginate(Api(PAGES), spec=SPEC, starting_token=token)
    once, twice = list(pages), list(pages)
    assert once == twice
    assert items_of(once) == ALL[4:]


def test_interleaved_iterators_are_independent() -> None:
    pages = statewise.paginate(Api(PAGES), spec=SPEC)
    a, b = iter(pages), iter(pages)
    got_a, got_b = [], []
    for _ in PAGES:
        got_a.append(next(a))
        got_b.append(next(b))
    assert got_a == got_b == PAGES
    assert next(a, None) is None


def test_items_search_and_full_result_each_run_a_fresh_pass() -> None:
    api = Api(PAGES)
    pages = statewise.paginate(api, spec=SPEC, max_items=6)
    assert list(pages.items()) == ALL[:6]
    assert list(pages.search("Items[0]")) == ["0.0", "1.0", None, "3.0"]  # None for the empty page
    full = pages.build_full_result()
    assert full["Items"] == ALL[:6]
    assert full["NextToken"] == pages.resume_token
    assert len(api.calls) == 3 * 4  # pages of 3, 2, 0 and the cut one of 4, per pass


# --------------------------------------------------------------------------- resume_token


def decode(token: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(base64.b64decode(token))
    return result


def test_resume_token_only_when_max_items_stopped_the_pass() -> None:
    full = statewise.paginate(Api(PAGES), spec=SPEC)
    list(full)
    assert full.resume_token is None
    cut = statewise.paginate(Api(PAGES), spec=SPEC, max_items=4)
    assert cut.resume_token is None  # nothing iterated yet
    assert items_of(list(cut)) == ALL[:4]
    assert decode(cut.resume_token) == {"NextToken": "t1", "boto_truncate_amount": 1}
    exact = statewise.paginate(Api(PAGES), spec=SPEC, max_items=5)
    assert items_of(list(exact)) == ALL[:5]
    assert decode(exact.resume_token) == {"NextToken": "t2"}
    beyond = statewise.paginate(Api(PAGES), spec=SPEC, max_items=len(ALL))
    list(beyond)
    assert beyond.resume_token is None  # the last page ends the pass: nothing to resume


def test_breaking_out_early_leaves_no_resume_token() -> None:
    pages = statewise.paginate(Api(PAGES), spec=SPEC)
    for _ in pages:
        break
    assert pages.resume_token is None


def test_max_items_given_as_string_like_botocore() -> None:
    pages = statewise.paginate(Api(PAGES), spec=SPEC, PaginationConfig={"MaxItems": "4"})
    assert items_of(list(pages)) == ALL[:4]


def test_max_items_zero_matches_botocore() -> None:
    sw = statewise.paginate(Api(PAGES), spec=SPEC, max_items=0)
    bc = Paginator(Api(PAGES), SPEC, None).paginate(PaginationConfig={"MaxItems": 0})
    assert list(sw) == list(bc) == [{"Items": [], "NextToken": "t1"}]
    assert sw.resume_token == bc.resume_token


# --------------------------------------------------------------------------- errors partway


def test_service_error_is_raised_at_its_page_and_carries_resume_token() -> None:
    api = Api(PAGES, fail_at=3)
    got = []
    with pytest.raises(ServiceError) as info:
        for page in statewise.paginate(api, spec=SPEC, Filter="f"):
            got.append(page)
    assert got == PAGES[:3]
    token = info.value.resume_token  # type: ignore[attr-defined]
    assert decode(token) == {"NextToken": "t3"}
    api.fail_at = None  # the service recovers
    rest = list(statewise.paginate(api, spec=SPEC, starting_token=token, Filter="f"))
    assert rest == PAGES[3:]
    assert api.calls[-2] == {"Filter": "f", "NextToken": "t3"}


def test_error_on_the_first_call_has_no_resume_token() -> None:
    with pytest.raises(ServiceError) as info:
        list(statewise.paginate(Api(PAGES, fail_at=0), spec=SPEC))
    assert info.value.resume_token is None  # type: ignore[attr-defined]


def test_error_after_a_mid_page_start_resumes_at_the_same_place() -> None:
    """The first page fails after a start inside page 0 ({"NextToken": null,
    "boto_truncate_amount": 1}): the error's token must be that start again, not
    None, which would restart from the beginning and repeat item 0.0."""
    start = statewise.paginate(Api(PAGES), spec=SPEC, max_items=1)
    list(start)
    assert decode(start.resume_token) == {"NextToken": None, "boto_truncate_amount": 1}
    with pytest.raises(ServiceError) as info:
        list(statewise.paginate(Api(PAGES, fail_at=0), spec=SPEC, starting_token=start.resume_token))
    token = info.value.resume_token  # type: ignore[attr-defined]
    assert token is not None
    assert decode(token) == decode(start.resume_token)
    assert items_of(list(statewise.paginate(Api(PAGES), spec=SPEC, starting_token=token))) == ALL[1:]


def test_client_error_from_a_stubbed_client_carries_resume_token() -> None:
    client = boto3.session.Session().client(
        "ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stubber = Stubber(client)
    stubber.add_response("describe_snapshots", {"Snapshots": [], "NextToken": "ec2-1"})
    stubber.add_client_error("describe_snapshots", "RequestLimitExceeded", http_status_code=503)
    got = []
    with stubber, pytest.raises(botocore.exceptions.ClientError) as info:
        for page in statewise.paginate(client, "describe_snapshots"):
            got.append(page)
    assert len(got) == 1
    assert decode(info.value.resume_token) == {"NextToken": "ec2-1"}  # type: ignore[attr-defined]
    assert f"starting_token={info.value.resume_token!r}" in info.value.__notes__[0]  # type: ignore[attr-defined]


def repeating_pages() -> list[dict[str, Any]]:
    pages = build_pages([2, 2, 2])
    pages[1]["NextToken"] = "t1"  # page 1 hands back the token that fetched it
    return pages


def test_repeated_token_error_after_the_page_like_botocore() -> None:
    got = []
    with pytest.raises(statewise.RepeatedTokenError) as info:
        for page in statewise.paginate(Api(repeating_pages()), spec=SPEC):
            got.append(page)
    bc_got = []
    with pytest.raises(botocore.exceptions.PaginationError):
        for page in Paginator(Api(repeating_pages()), SPEC, None).paginate():
            bc_got.append(page)
    assert got == bc_got == repeating_pages()[:2]
    error = info.value
    assert isinstance(error, statewise.PaginationError)
    assert isinstance(error, botocore.exceptions.PaginationError)
    assert "same next token twice" in str(error)
    assert decode(error.resume_token) == {"NextToken": "t1"}


def test_repeated_token_is_not_checked_once_max_items_is_reached() -> None:
    # botocore stops on the page boundary before comparing tokens
    pages = statewise.paginate(Api(repeating_pages()), spec=SPEC, max_items=4)
    assert items_of(list(pages)) == ["0.0", "0.1", "1.0", "1.1"]
    assert decode(pages.resume_token) == {"NextToken": "t1"}


# --------------------------------------------------------------------------- bad input


def b64(obj: Any) -> str:
    return base64.b64encode(json.dumps(obj).encode()).decode()


@pytest.mark.parametrize(
    "token",
    [
        b64({"Marker": "x"}),  # made for an operation with other input tokens
        b64({"NextToken": "x", "boto_truncate_amount": -1}),
        b64({"NextToken": "x", "boto_truncate_amount": "2"}),
        "a___b___c",  # legacy form with too many parts
        "",
    ],
)
def test_bad_starting_tokens_fail_before_any_call(token: str) -> None:
    api = Api(PAGES)
    with pytest.raises(statewise.InvalidTokenError) as info:
        statewise.paginate(api, spec=SPEC, starting_token=token)
    assert info.value.token == token
    assert isinstance(info.value, botocore.exceptions.PaginationError)
    assert api.calls == []


def test_legacy_and_raw_starting_tokens_like_botocore() -> None:
    for token in ("t3___2", "t3"):
        sw = list(statewise.paginate(Api(PAGES), spec=SPEC, starting_token=token))
        bc = list(Paginator(Api(PAGES), SPEC, None).paginate(PaginationConfig={"StartingToken": token}))
        assert sw == bc
    assert items_of(sw) == ALL[5:]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"max_items": 1, "PaginationConfig": {"MaxItems": 2}}, "both given"),
        ({"page_size": 1, "PaginationConfig": {"PageSize": 2}}, "both given"),
        ({"starting_token": "t1", "PaginationConfig": {"StartingToken": "t1"}}, "both given"),
        ({"PaginationConfig": {"Maxitems": 2}}, "unknown PaginationConfig key"),
    ],
)
def test_pagination_config_alias_conflicts(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(statewise.PaginationError, match=fragment):
        statewise.paginate(Api(PAGES), spec=SPEC, **kwargs)


def test_alias_and_keywords_may_split_the_options() -> None:
    api = Api(PAGES)
    pages = statewise.paginate(api, spec=SPEC, page_size=3, PaginationConfig={"MaxItems": 4})
    assert items_of(list(pages)) == ALL[:4]
    assert all(call["MaxResults"] == 3 for call in api.calls)


def test_page_size_without_limit_key_is_an_error() -> None:
    spec = {k: v for k, v in SPEC.items() if k != "limit_key"}
    with pytest.raises(statewise.PaginationError, match="page size"):
        statewise.paginate(Api(PAGES), spec=spec, page_size=2)


def test_bad_spec_names_the_key() -> None:
    with pytest.raises(statewise.SpecError) as info:
        statewise.paginate(Api(PAGES), spec={"input_token": "NextToken", "result_key": "Items"})
    assert info.value.where == "/output_token"


def ec2_client() -> Any:
    return boto3.session.Session().client(
        "ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


def test_unknown_operation_suggests_names() -> None:
    with pytest.raises(statewise.UnknownOperationError) as info:
        statewise.paginate(ec2_client(), "describe_snapshot")
    assert "describe_snapshots" in info.value.suggestions
    assert "did you mean" in str(info.value)
    assert isinstance(info.value, botocore.exceptions.PaginationError)


def test_operation_that_cannot_paginate() -> None:
    with pytest.raises(statewise.OperationNotPageableError) as info:
        statewise.paginate(ec2_client(), "run_instances")
    assert isinstance(info.value, botocore.exceptions.OperationNotPageableError)


def test_params_are_not_mutated_and_go_unchanged() -> None:
    api = Api(PAGES)
    filters = [{"Name": "tag:env", "Values": ["prod"]}]
    list(statewise.paginate(api, spec=SPEC, Filters=filters, DryRun=False))
    assert filters == [{"Name": "tag:env", "Values": ["prod"]}]
    assert all(call["Filters"] == filters and call["DryRun"] is False for call in api.calls)


# --------------------------------------------------------------------------- prefetch (sync)


def new_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t not in before]


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_prefetch_runs_exactly_depth_pages_ahead(depth: int) -> None:
    pages = build_pages([1] * 8)
    api = Api(pages)
    got = []
    for t, page in enumerate(statewise.paginate(api, spec=SPEC, prefetch=depth)):
        allowed = min(depth + t + 1, len(pages))
        # the fetch thread gets this far while we hold page t, and no further
        assert api.wait_for_calls(allowed) == allowed
        got.append(page)
    assert got == pages


def test_prefetch_early_stop_makes_no_further_calls_and_ends_the_thread() -> None:
    before = set(threading.enumerate())
    api = Api(build_pages([1] * 10))
    iterator = iter(statewise.paginate(api, spec=SPEC, prefetch=2))
    next(iterator)
    next(iterator)
    assert api.wait_for_calls(4) == 4
    iterator.close()  # what breaking out of a for loop does once the iterator is dropped
    for thread in new_threads(before):
        thread.join(timeout=10)
        assert not thread.is_alive()
    assert len(api.calls) == 4


def test_prefetch_surfaces_service_errors_in_page_order() -> None:
    api = Api(PAGES, fail_at=3)
    got = []
    with pytest.raises(ServiceError) as info:
        for page in statewise.paginate(api, spec=SPEC, prefetch=3):
            got.append(page)
    assert got == PAGES[:3]
    assert decode(info.value.resume_token) == {"NextToken": "t3"}  # type: ignore[attr-defined]


def test_prefetch_surfaces_repeated_token_after_the_page() -> None:
    got = []
    with pytest.raises(statewise.RepeatedTokenError):
        for page in statewise.paginate(Api(repeating_pages()), spec=SPEC, prefetch=2):
            got.append(page)
    assert got == repeating_pages()[:2]


@pytest.mark.parametrize("config", [{}, {"max_items": 4}, {"max_items": 5, "page_size": 2}])
def test_prefetch_gives_the_same_results(config: dict[str, Any]) -> None:
    plain = statewise.paginate(Api(PAGES), spec=SPEC, **config)
    ahead = statewise.paginate(Api(PAGES), spec=SPEC, prefetch=2, **config)
    assert list(ahead) == list(plain)
    assert ahead.resume_token == plain.resume_token
    assert ahead.build_full_result() == plain.build_full_result()


def test_async_callable_object_is_refused_by_sync_paginate() -> None:
    """An object with ``async def __call__`` is an async callable too (inspect.iscoroutinefunction
    does not see it on 3.11); sync paginate must not yield its coroutines as pages."""

    class AsyncCallable:
        async def __call__(self, **kwargs: Any) -> dict[str, Any]:
            return {"Items": []}

    with pytest.raises(statewise.PaginationError, match="apaginate"):
        list(statewise.paginate(AsyncCallable(), spec=SPEC))  # refused when made or when iterated


# --------------------------------------------------------------------------- async


def run(coro_fn: Callable[[], Any]) -> Any:
    return asyncio.run(coro_fn())


def test_apaginate_pages_items_search_full_result_match_sync() -> None:
    async def main() -> tuple[Any, ...]:
        api = AsyncApi(PAGES)
        pages = statewise.apaginate(api.call, spec=SPEC, max_items=6)
        got = [page async for page in pages]
        items = [item async for item in pages.items()]
        found = [x async for x in pages.search("Items[-1]")]
        full = await pages.build_full_result()
        return got, items, found, full, pages.resume_token

    got, items, found, full, token = run(main)
    sync = statewise.paginate(Api(PAGES), spec=SPEC, max_items=6)
    assert got == list(sync)
    assert items == ALL[:6]
    assert found == list(sync.search("Items[-1]"))
    assert full == sync.build_full_result()
    assert token == sync.resume_token


def test_apaginate_iterates_twice_afresh() -> None:
    async def main() -> tuple[list[Any], list[Any]]:
        pages = statewise.apaginate(AsyncApi(PAGES).call, spec=SPEC)
        return [p async for p in pages], [p async for p in pages]

    once, twice = run(main)
    assert once == twice == PAGES


def test_apaginate_error_carries_resume_token() -> None:
    async def main() -> tuple[list[Any], BaseException]:
        got = []
        try:
            async for page in statewise.apaginate(AsyncApi(PAGES, fail_at=2).call, spec=SPEC):
                got.append(page)
        except ServiceError as exc:
            return got, exc
        raise AssertionError("no error")

    got, error = run(main)
    assert got == PAGES[:2]
    assert decode(error.resume_token) == {"NextToken": "t2"}  # type: ignore[attr-defined]


def test_apaginate_repeated_token() -> None:
    async def main() -> list[Any]:
        got = []
        with pytest.raises(statewise.RepeatedTokenError):
            async for page in statewise.apaginate(AsyncApi(repeating_pages()).call, spec=SPEC):
                got.append(page)
        return got

    assert run(main) == repeating_pages()[:2]


@pytest.mark.parametrize("depth", [1, 2])
def test_apaginate_prefetch_same_pages_and_errors_in_order(depth: int) -> None:
    async def main() -> tuple[list[Any], list[Any], BaseException | None]:
        ok = [p async for p in statewise.apaginate(AsyncApi(PAGES).call, spec=SPEC, prefetch=depth)]
        got, error = [], None
        try:
            async for page in statewise.apaginate(AsyncApi(PAGES, fail_at=3).call, spec=SPEC, prefetch=depth):
                got.append(page)
        except ServiceError as exc:
            error = exc
        return ok, got, error

    ok, got, error = run(main)
    assert ok == PAGES
    assert got == PAGES[:3]
    assert error is not None
    assert decode(error.resume_token) == {"NextToken": "t3"}  # type: ignore[attr-defined]


def test_apaginate_prefetch_early_stop_cancels_the_call_in_flight() -> None:
    async def main() -> tuple[int, bool]:
        release = asyncio.Event()  # never set: page 2's call hangs until cancelled
        cancelled = False
        calls = 0

        async def api(**kwargs: Any) -> dict[str, Any]:
            nonlocal calls, cancelled
            calls += 1
            if kwargs.get("NextToken") == "t2":
                try:
                    await release.wait()
                except asyncio.CancelledError:
                    cancelled = True
                    raise
            return copy.deepcopy(PAGES[0 if "NextToken" not in kwargs else int(kwargs["NextToken"][1:])])

        pages = statewise.apaginate(api, spec=SPEC, prefetch=2)
        iterator = aiter(pages)
        await anext(iterator)
        await anext(iterator)
        for _ in range(5):  # let the prefetch task start the hanging call
            await asyncio.sleep(0)
        await iterator.aclose()  # type: ignore[attr-defined]
        return calls, cancelled

    calls, cancelled = run(main)
    assert calls == 3
    assert cancelled


def test_apaginate_accepts_sync_callables() -> None:
    async def main() -> list[Any]:
        return [p async for p in statewise.apaginate(Api(PAGES), spec=SPEC)]

    assert run(main) == PAGES


# --------------------------------------------------------------------------- token format


def test_bytes_tokens_encode_exactly_like_botocore_and_cross_over() -> None:
    pages = build_pages([3, 3, 3])
    for p, page in enumerate(pages[:-1]):
        page["NextToken"] = bytes([0, 255, p])  # a blob token: botocore lists it in boto_encoded_keys

    class BlobApi(Api):
        def index(self, kwargs: dict[str, Any]) -> int:
            token = kwargs.get("NextToken")
            return 0 if token is None else token[2] + 1

    sw = statewise.paginate(BlobApi(pages), spec=SPEC, max_items=5)
    bc = Paginator(BlobApi(pages), SPEC, None).paginate(PaginationConfig={"MaxItems": 5})
    assert list(sw) == list(bc)
    assert sw.resume_token == bc.resume_token  # the same string, byte for byte
    assert decode(sw.resume_token)["boto_encoded_keys"] == [["NextToken"]]
    rest_sw = list(statewise.paginate(BlobApi(pages), spec=SPEC, starting_token=bc.resume_token))
    rest_bc = list(Paginator(BlobApi(pages), SPEC, None).paginate(PaginationConfig={"StartingToken": sw.resume_token}))
    assert rest_sw == rest_bc
    assert items_of(rest_sw) == items_of(pages)[5:]


def test_mapping_pages_are_not_silently_cut_short() -> None:
    """A callable that returns a Mapping that is not a dict (UserDict, a case-insensitive
    dict, a proxy): botocore reads its tokens through jmespath and pages on. statewise
    must do the same or refuse clearly, never stop after page 0 without a word."""

    class MappingApi(Api):
        def __call__(self, **kwargs: Any) -> Any:
            return collections.UserDict(Api.__call__(self, **kwargs))

    expected = [dict(p) for p in Paginator(MappingApi(PAGES), SPEC, None).paginate()]
    assert expected == PAGES
    try:
        got = [dict(p) for p in statewise.paginate(MappingApi(PAGES), spec=SPEC)]
    except statewise.PaginationError:
        return  # a clear refusal is acceptable
    assert got == expected
