"""Prefetch drivers: every outcome of the fetcher reaches the consumer, and stopping is clean.

Where a regression would hang, the consumer runs in a helper thread that the
test joins with a generous bound; nothing here sleeps or measures time.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import aclosing
from typing import Any

import pytest

import statewise

SPEC = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Items"}
HANG_GUARD = 30  # seconds; only reached if the driver hangs


def api(pages: int, size: int = 2) -> Any:
    def fetch(**kw: Any) -> dict[str, Any]:
        index = int(kw.get("NextToken", 0))
        fetch.calls.append(index)  # type: ignore[attr-defined]
        page: dict[str, Any] = {"Items": [f"{index}.{i}" for i in range(size)]}
        if index + 1 < pages:
            page["NextToken"] = str(index + 1)
        return page

    fetch.calls = []  # type: ignore[attr-defined]
    return fetch


def consume_in_thread(body: Any) -> dict[str, Any]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = body()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD)
    assert not worker.is_alive(), "the consumer hung"
    return outcome


@pytest.mark.parametrize("prefetch", [0, 1, 3])
def test_an_error_raised_by_the_core_reaches_the_consumer(prefetch):
    def fetch(**kw: Any) -> dict[str, Any]:
        return {"Items": 5, "NextToken": "t"}  # len() of an int fails inside the core

    pages = statewise.paginate(fetch, spec=SPEC, max_items=1, prefetch=prefetch)
    outcome = consume_in_thread(lambda: list(pages))
    assert isinstance(outcome.get("error"), TypeError)


class Interrupted(BaseException):
    pass


@pytest.mark.parametrize("prefetch", [1, 2])
def test_a_base_exception_from_the_call_reaches_the_consumer(prefetch):
    source = api(5)

    def fetch(**kw: Any) -> dict[str, Any]:
        if kw.get("NextToken") == "2":
            raise Interrupted
        return source(**kw)

    seen: list[Any] = []
    outcome = consume_in_thread(lambda: seen.extend(statewise.paginate(fetch, spec=SPEC, prefetch=prefetch).items()))
    assert isinstance(outcome.get("error"), Interrupted)
    assert seen == ["0.0", "0.1", "1.0", "1.1"]
    assert outcome["error"].resume_token == statewise.paginate(source, spec=SPEC, max_items=4).build_full_result()[
        "NextToken"
    ]


@pytest.mark.parametrize("prefetch", [0, 1, 3])
def test_resume_token_follows_what_the_consumer_took(prefetch):
    source = api(10)
    pages = statewise.paginate(source, spec=SPEC, max_items=6, prefetch=prefetch)
    for _ in pages:
        break
    assert pages.resume_token is None  # stopped early: nothing to resume, whatever was prefetched
    everything = list(pages)
    direct = statewise.paginate(api(10), spec=SPEC, max_items=6)
    assert everything == list(direct)
    assert pages.resume_token == direct.resume_token is not None


def test_break_stops_the_prefetch_thread():
    source = api(100)
    for _ in statewise.paginate(source, spec=SPEC, prefetch=2):
        break
    for thread in threading.enumerate():
        if thread.name == "statewise-prefetch":
            thread.join(HANG_GUARD)
            assert not thread.is_alive()
    assert len(source.calls) <= 1 + 2 + 1  # taken + permits + the one in flight


def test_async_consumer_cancellation_is_not_swallowed():
    """Cancelled while closing (the in-flight call cleans up slowly), the consumer stays cancelled."""

    async def main() -> None:
        in_flight = asyncio.Event()
        cleanup_started = asyncio.Event()
        release = asyncio.Event()

        async def fetch(**kw: Any) -> dict[str, Any]:
            if kw.get("NextToken") is None:
                return {"Items": [1], "NextToken": "a"}
            in_flight.set()
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                cleanup_started.set()
                await release.wait()
                raise
            raise AssertionError("unreachable")

        async def consume() -> str:
            async with aclosing(aiter(statewise.apaginate(fetch, spec=SPEC, prefetch=1))) as pages:
                async for _ in pages:
                    await in_flight.wait()  # the prefetcher's next call has started
                    break
            return "finished"

        consumer = asyncio.create_task(consume())
        await cleanup_started.wait()
        consumer.cancel()
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await consumer

    asyncio.run(main())


def test_async_errors_from_the_core_and_cancelled_calls_reach_the_consumer():
    async def bad(**kw: Any) -> dict[str, Any]:
        return {"Items": 5, "NextToken": "t"}

    async def cancelled(**kw: Any) -> dict[str, Any]:
        raise asyncio.CancelledError

    async def main() -> tuple[BaseException, BaseException]:
        errors = []
        for fetch, options in ((bad, {"max_items": 1}), (cancelled, {})):
            try:
                async with asyncio.timeout(HANG_GUARD):
                    [p async for p in statewise.apaginate(fetch, spec=SPEC, prefetch=1, **options)]
            except BaseException as exc:
                errors.append(exc)
        return errors[0], errors[1]

    core_error, call_error = asyncio.run(main())
    assert isinstance(core_error, TypeError)
    assert isinstance(call_error, asyncio.CancelledError)
