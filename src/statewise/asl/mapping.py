"""Parallel and Map states: branches and iterations, run concurrently.

Theory of operation: both states run inside ``Run.guarded`` (Retry/Catch)
and fan out through :func:`gather_limited`, which runs ``count`` coroutines
with at most ``limit`` at a time (0 = no limit) as asyncio tasks and keeps
results in input order. With ``limit == 1`` the items run one after another
in the current task, so a MaxConcurrency 1 Map is fully deterministic. When
one branch or iteration fails, the others are cancelled (their iterations
record ``MapIterationAborted``) and the failure propagates.

Inline Map iterations share the execution's history (``MapIterationStarted``
...). A distributed Map (``ProcessorConfig.Mode: DISTRIBUTED``) reads its
items from the input or an ``ItemReader`` (local files, see
:mod:`statewise.asl.items`), batches them (``ItemBatcher``), runs each as a
child execution with its own history, tolerates failures as
``ToleratedFailureCount``/``Percentage`` allow, and optionally writes its
results (``ResultWriter``).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from statewise.asl import items as item_sources
from statewise.asl.io import RuntimeFault, compact_json
from statewise.asl.model import MapState, ParallelState, Value
from statewise.errors import StatesError

if TYPE_CHECKING:
    from statewise.asl.engine import Frame, Run

__all__ = ["gather_limited", "run_map", "run_parallel"]

_T = TypeVar("_T")


async def gather_limited(count: int, limit: int, run_one: Callable[[int], Awaitable[_T]]) -> list[_T]:
    """``[await run_one(i) for i in range(count)]`` with up to ``limit`` running at once."""
    if limit == 1 or count <= 1:
        return [await run_one(i) for i in range(count)]
    results: list[Any] = [None] * count
    indexes = iter(range(count))

    async def worker() -> None:
        for i in indexes:
            results[i] = await run_one(i)

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit or count, count))]
    try:
        done, pending = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
    except BaseException:
        await _cancel(workers)
        raise
    failed = next((task for task in workers if task in done and task.exception() is not None), None)
    if failed is not None:
        await _cancel(list(pending))
        raise failed.exception()  # type: ignore[misc]
    return results


async def _cancel(tasks: Sequence[asyncio.Future[None]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def run_parallel(
    run: Run, state: ParallelState, data: Any, ctx: dict[str, Any], frame: Frame
) -> tuple[Any, str | None]:
    from statewise.asl.engine import Frame

    async def work(payload: Any, ctx: dict[str, Any], frame: Frame) -> Any:
        started = frame.last = run.history.add("ParallelStateStarted", frame.last)
        branches = state.branches

        async def branch(i: int) -> Any:
            return await run.program(branches[i], payload, Frame(started, in_parallel=True))

        outputs = await gather_limited(len(branches), 0, branch)
        frame.last = len(run.history.events)
        return outputs

    return await run.guarded(state, data, ctx, frame, work)


def _integer(run: Run, value: Value | None, data: Any, ctx: dict[str, Any], default: int) -> int:
    """MaxConcurrency / ToleratedFailureCount, literal or from its path."""
    if value is None:
        return default
    if value.path is None:
        return int(value.literal)
    found = value.path.evaluate(data, context=ctx, rng=run.rng)
    if isinstance(found, bool) or not isinstance(found, int):
        shown = found if isinstance(found, str) else compact_json(found)
        raise RuntimeFault(
            f'The {value.field} field refers to value "{shown}" which is not a valid integer: {value.path.text}'
        )
    return found


def _percentage(run: Run, value: Value | None, data: Any, ctx: dict[str, Any]) -> float:
    if value is None:
        return 0.0
    found = value.literal if value.path is None else value.path.evaluate(data, context=ctx, rng=run.rng)
    if isinstance(found, bool) or not isinstance(found, int | float) or not 0 <= found <= 100:
        raise RuntimeFault(f"ToleratedFailurePercentage must be a number from 0 to 100, got {compact_json(found)}.")
    return float(found)


def _items(run: Run, state: MapState, payload: Any, ctx: dict[str, Any]) -> list[Any]:
    if state.item_reader is not None:
        return item_sources.read_items(run, state, payload, ctx)
    if state.items_path is None:
        found = {}
    else:
        found = payload if state.items_path.text == "$" else state.items_path.evaluate(payload, context=ctx)
    if not isinstance(found, list):
        path = state.items_path.text if state.items_path else "null"
        raise RuntimeFault(f"Item path {path} evaluated to {compact_json(found)}, but must be a JSON array.")
    return found


async def run_map(run: Run, state: MapState, data: Any, ctx: dict[str, Any], frame: Frame) -> tuple[Any, str | None]:
    async def work(payload: Any, ctx: dict[str, Any], frame: Frame) -> Any:
        limit = _integer(run, state.max_concurrency, payload, ctx, 0)
        items = _items(run, state, payload, ctx)
        if state.item_batcher is not None:
            items = item_sources.batch(run, state, items, payload, ctx)
        frame.last = run.history.add("MapStateStarted", frame.last, {"length": len(items)})
        inputs = _inputs(run, state, items, payload, ctx)
        if state.distributed:
            outputs = await _distributed(run, state, inputs, limit, payload, ctx, frame)
        else:
            outputs = await _inline(run, state, items, inputs, limit, frame)
        frame.last = run.history.add("MapStateSucceeded", len(run.history.events))
        return outputs

    return await run.guarded(state, data, ctx, frame, work)


def _inputs(run: Run, state: MapState, items: list[Any], payload: Any, ctx: dict[str, Any]) -> list[Any]:
    selector = state.item_selector
    if selector is None:
        return items
    return [
        selector.evaluate(payload, context={**ctx, "Map": {"Item": {"Index": i, "Value": item}}}, rng=run.rng)
        for i, item in enumerate(items)
    ]


async def _inline(
    run: Run, state: MapState, items: list[Any], inputs: list[Any], limit: int, frame: Frame
) -> list[Any]:
    from statewise.asl.engine import Frame

    history, start = run.history, frame.last

    async def iteration(i: int) -> Any:
        details = {"name": state.name, "index": i}
        inner = Frame(history.add("MapIterationStarted", start, details), {"Index": i, "Value": items[i]})
        try:
            output = await run.program(state.processor, inputs[i], inner)
        except StatesError:
            history.add("MapIterationFailed", inner.last, details)
            raise
        except asyncio.CancelledError:
            history.add("MapIterationAborted", inner.last, details)
            raise
        history.add("MapIterationSucceeded", inner.last, details)
        return output

    return await gather_limited(len(inputs), limit, iteration)


async def _distributed(
    run: Run, state: MapState, inputs: list[Any], limit: int, payload: Any, ctx: dict[str, Any], frame: Frame
) -> Any:
    tolerated = _integer(run, state.tolerated_failure_count, payload, ctx, 0)
    if tolerated < 0:
        raise RuntimeFault("ToleratedFailureCount cannot be negative.")
    percentage = _percentage(run, state.tolerated_failure_percentage, payload, ctx)
    map_run_id = str(uuid.UUID(int=run.rng.getrandbits(128), version=4))
    map_run_arn = (
        run.state_machine["Id"].replace(":stateMachine:", ":mapRun:") + f"/{state.label or state.name}:{map_run_id}"
    )
    frame.last = run.history.add("MapRunStarted", frame.last, {"mapRunArn": map_run_arn})
    assert run.start_child is not None
    start_child = run.start_child

    async def child(i: int) -> Any:
        return await start_child(state, inputs[i], i, map_run_arn)

    children = await gather_limited(len(inputs), limit, child)
    run.children.extend(children)
    failures = sum(1 for c in children if c.status != "SUCCEEDED")
    allowed = failures <= tolerated or (inputs and failures * 100 / len(inputs) <= percentage)
    if failures and not allowed:
        error = StatesError(
            "States.ExceedToleratedFailureThreshold",
            "The specified tolerated failure threshold was exceeded",
        )
        frame.last = run.history.add(
            "MapRunFailed", len(run.history.events), {"error": error.error, "cause": error.cause}
        )
        raise error
    frame.last = run.history.add("MapRunSucceeded", len(run.history.events))
    outputs = [c.output if c.status == "SUCCEEDED" else {"Error": c.error, "Cause": c.cause} for c in children]
    if state.result_writer is not None:
        return item_sources.write_results(run, state, map_run_arn, map_run_id, children)
    return outputs
