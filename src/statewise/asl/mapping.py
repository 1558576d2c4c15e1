"""Parallel and Map states: branches and iterations, run concurrently.

Theory of operation: both states run inside the engine's ``guarded``
(Retry/Catch), which they reach through the
:class:`~statewise.asl.runtime.Runner` they are given, and fan out through
:func:`gather_limited`, which runs ``count`` coroutines with at most
``limit`` at a time (0 = no limit) as asyncio tasks and keeps results in
input order. With ``limit == 1`` the items run one after another in the
current task, so a MaxConcurrency 1 Map is fully deterministic. When one
branch or iteration fails, the others are cancelled (their iterations
record ``MapIterationAborted``) and awaited, every failure's exception is
read (none is logged as never retrieved), and the first one propagates.

Inline Map iterations share the execution's history (``MapIterationStarted``
...). A distributed Map (``ProcessorConfig.Mode: DISTRIBUTED``) reads its
items from the input or an ``ItemReader`` (local files, see
:mod:`statewise.asl.items`), batches them (``ItemBatcher``), runs each as a
child execution with its own history, tolerates failures as
``ToleratedFailureCount``/``Percentage`` allow, and optionally writes its
results (``ResultWriter``).

A redriven Map or Parallel (``Runner.resumed``, :mod:`statewise.asl.redrive`)
runs only the iterations, branches or child executions that did not succeed
before; the others' outputs are kept.

Every branch and iteration walks its program in a nested variable scope
(:meth:`~statewise.asl.variables.Variables.child`): it reads the variables
of the enclosing scope, and what it assigns stays inside. In a JSONata Map,
``Items`` and ``ItemSelector`` are evaluated as :mod:`.jsonata_states` says,
the selector with ``$states.context.Map.Item`` bound.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any, Final, TypeVar

from statewise.asl import items as item_sources
from statewise.asl import jsonata_states
from statewise.asl.encoding import compact_json
from statewise.asl.env import Env
from statewise.asl.faults import RuntimeFault
from statewise.asl.model import MapState, ParallelState, Value
from statewise.asl.path_fields import select_path
from statewise.asl.redrive import Resume
from statewise.asl.runtime import Frame, Runner
from statewise.asl.stand_in import StandIn
from statewise.base_errors import StatesError
from statewise.integrations.resources import sharing_loop

__all__ = ["gather_limited", "run_map", "run_parallel"]

_T = TypeVar("_T")
_INTEGER = re.compile(r"-?\d+")


async def gather_limited(count: int, limit: int, run_one: Callable[[int], Awaitable[_T]]) -> list[_T]:
    """``[await run_one(i) for i in range(count)]`` with up to ``limit`` running at once."""
    if limit == 1 or count <= 1:
        return [await run_one(i) for i in range(count)]
    results: list[Any] = [None] * count
    indexes = iter(range(count))

    async def worker() -> None:
        sharing_loop()  # siblings run beside it: its blocking calls must not stall them
        for i in indexes:
            results[i] = await run_one(i)

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit or count, count))]
    try:
        done, pending = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
    except BaseException:
        await _cancel(workers)
        raise
    # read every finished worker's exception: several can fail in the same round, and one left
    # unread is logged as "Task exception was never retrieved"
    failures = [error for task in workers if task in done and (error := task.exception()) is not None]
    if failures:
        await _cancel(pending)  # the siblings: cancelled, and awaited before the failure propagates
        raise failures[0]
    return results


async def _cancel(tasks: Collection[asyncio.Future[None]]) -> None:
    """Cancel ``tasks`` and wait until they are done; their exceptions are read (gather does), not raised."""
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def run_parallel(run: Runner, state: ParallelState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    stand_in = run.stood_in(state)
    kept = _kept(run.resumed(state))

    async def work(payload: Any, env: Env, frame: Frame) -> Any:
        if stand_in is not None and stand_in.outcome is not None:  # TestState's mock: the branches do not run
            return stand_in.outcome.answer()
        started = frame.last = run.history.add("ParallelStateStarted", frame.last)
        branches = state.branches
        scope = frame.variables

        async def branch(i: int) -> Any:
            if i in kept:  # redriven: the branch succeeded before
                return kept[i]
            return await run.program(branches[i], payload, Frame(started, in_parallel=True, variables=scope.child()))

        outputs = await gather_limited(len(branches), 0, branch)
        frame.last = len(run.history.events)
        return outputs

    return await run.guarded(state, data, env, frame, work)


def _integer(value: Value | None, data: Any, env: Env, default: int) -> int:
    """MaxConcurrency / ToleratedFailureCount, literal or from its path (an integer string counts, as on AWS);
    a negative count is a ``States.Runtime`` fault (AWS's wording for ToleratedFailureCount)."""
    if value is None:
        return default
    if value.path is None:
        found = int(value.literal)
    else:
        found = value.path.evaluate(data, env)
        if isinstance(found, str) and _INTEGER.fullmatch(found):
            found = int(found)
        if isinstance(found, bool) or not isinstance(found, int):
            shown = found if isinstance(found, str) else compact_json(found)
            raise RuntimeFault(
                f'The {value.field} field refers to value "{shown}" which is not a valid integer: {value.path.text}'
            )
    if found < 0:
        raise RuntimeFault(f"{value.field.removesuffix('Path')} cannot be negative.")
    return found


def _percentage(value: Value | None, data: Any, env: Env) -> float:
    if value is None:
        return 0.0
    found = value.literal if value.path is None else value.path.evaluate(data, env)
    if isinstance(found, str) and _INTEGER.fullmatch(found):
        found = int(found)
    if isinstance(found, bool) or not isinstance(found, int | float) or not 0 <= found <= 100:
        raise RuntimeFault(f"ToleratedFailurePercentage must be a number from 0 to 100, got {compact_json(found)}.")
    return float(found)


async def _items(run: Runner, state: MapState, payload: Any, env: Env, stand_in: StandIn | None) -> list[Any]:
    if state.item_reader is not None:
        max_items = _integer(state.item_reader_max_items, payload, env, 0)
        if stand_in is not None and stand_in.reader_data is not None:  # TestState: what the reader would read
            return item_sources.items_from(state, stand_in.reader_data, max_items)
        if stand_in is not None and stand_in.outcome is not None:  # a mocked Map given no reader data reads none
            return []
        return await item_sources.read_items(run.resolver, state, payload, env, max_items)
    if state.jsonata:
        return jsonata_states.items(state, payload, env)
    found = select_path(state.items_path, payload, env)
    if not isinstance(found, list):
        path = state.items_path.text if state.items_path else "null"
        raise RuntimeFault(f"Item path {path} evaluated to {compact_json(found)}, but must be a JSON array.")
    run.inspect("afterItemsPath", found)
    return found


def _tolerance(run: Runner, state: MapState, payload: Any, env: Env) -> tuple[int, float]:
    """ToleratedFailureCount and ToleratedFailurePercentage (evaluated, inspected where given)."""
    count = _integer(state.tolerated_failure_count, payload, env, 0)
    percentage = _percentage(state.tolerated_failure_percentage, payload, env)
    if state.tolerated_failure_count is not None:
        run.inspect("toleratedFailureCount", count, as_json=False)
    if state.tolerated_failure_percentage is not None:
        run.inspect("toleratedFailurePercentage", percentage, as_json=False)
    return count, percentage


def _exceeded(state: MapState, failures: int, total: int, tolerance: tuple[int, float]) -> bool:
    """Whether ``failures`` of ``total`` items pass the threshold: every threshold given must hold (AWS: "fails
    when it exceeds either value"); none given tolerates none."""
    within = []
    if state.tolerated_failure_count is not None:
        within.append(failures <= tolerance[0])
    if state.tolerated_failure_percentage is not None:
        within.append(failures * 100 <= tolerance[1] * total)
    return bool(failures) and not (within and all(within))


_THRESHOLD: Final = StatesError(
    "States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded"
)


async def run_map(run: Runner, state: MapState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    stand_in = run.stood_in(state)
    resume = run.resumed(state)

    async def work(payload: Any, env: Env, frame: Frame) -> Any:
        limit = _integer(state.max_concurrency, payload, env, 0)
        run.inspect("maxConcurrency", limit, as_json=False)
        items = await _items(run, state, payload, env, stand_in)
        if state.item_batcher is not None:
            items = item_sources.batch(state, items)
            run.inspect("afterItemBatcher", items)
        inputs = _inputs(state, items, payload, env)
        if state.item_selector is not None:
            run.inspect("afterItemSelector", inputs)
        if stand_in is not None and stand_in.outcome is not None:  # TestState's mock: no iteration runs
            result = stand_in.outcome.answer()
            failed = stand_in.failed_iterations or 0
            tolerance = _tolerance(run, state, payload, env)
            tolerates = state.tolerated_failure_count is not None or state.tolerated_failure_percentage is not None
            if tolerates and _exceeded(state, failed, len(items), tolerance):
                raise StatesError(_THRESHOLD.error, _THRESHOLD.cause)
            return result
        frame.last = run.history.add("MapStateStarted", frame.last, {"length": len(items)})
        if state.distributed:  # its tolerated failure threshold is read once it has started, as AWS records
            tolerance = _tolerance(run, state, payload, env)
            outputs = await _distributed(run, state, inputs, limit, tolerance, frame, resume)
        else:
            outputs = await _inline(run, state, items, inputs, limit, frame, _kept(resume))
        frame.last = run.history.add("MapStateSucceeded", len(run.history.events))
        return outputs

    return await run.guarded(state, data, env, frame, work)


def _kept(resume: Resume | None) -> Mapping[int, Any]:
    """The outputs a redriven Map's iterations or Parallel's branches keep, by index."""
    return {} if resume is None else resume.outputs


def _inputs(state: MapState, items: list[Any], payload: Any, env: Env) -> list[Any]:
    selector = state.item_selector
    if selector is None:
        return items
    inputs = []
    for i, item in enumerate(items):
        ctx = {**env.context, "Map": {"Item": {"Index": i, "Value": item}}}
        states = None if env.states is None else {**env.states, "context": ctx}
        inputs.append(selector.evaluate(payload, Env(ctx, env.variables, env.rng, states)))
    return inputs


async def _inline(
    run: Runner, state: MapState, items: list[Any], inputs: list[Any], limit: int, frame: Frame, kept: Mapping[int, Any]
) -> list[Any]:
    history, start, scope = run.history, frame.last, frame.variables

    async def iteration(i: int) -> Any:
        if i in kept:  # redriven: the iteration succeeded before
            return kept[i]
        details = {"name": state.name, "index": i}
        item = {"Index": i, "Value": items[i]}
        inner = Frame(history.add("MapIterationStarted", start, details), item, variables=scope.child())
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
    run: Runner,
    state: MapState,
    inputs: list[Any],
    limit: int,
    tolerance: tuple[int, float],
    frame: Frame,
    resume: Resume | None,
) -> Any:
    if resume is not None and resume.map_run_arn is not None:  # redriven: the same Map Run goes on
        map_run_arn = resume.map_run_arn
        map_run_id = map_run_arn.rsplit(":", 1)[-1]
        details = {"mapRunArn": map_run_arn, "redriveCount": resume.map_run_redrives}
        frame.last = run.history.add("MapRunRedriven", frame.last, details)
    else:
        map_run_id = str(uuid.UUID(int=run.rng.getrandbits(128), version=4))
        map_run_arn = (
            run.state_machine["Id"].replace(":stateMachine:", ":mapRun:") + f"/{state.label or state.name}:{map_run_id}"
        )
        frame.last = run.history.add("MapRunStarted", frame.last, {"mapRunArn": map_run_arn})
    assert run.start_child is not None
    start_child = run.start_child
    before = {} if resume is None else resume.children

    async def child(i: int) -> Any:
        previous = before.get(i)
        if previous is not None and previous.status == "SUCCEEDED":  # redriven: this child succeeded before
            return previous
        return await start_child(state, inputs[i], map_run_arn, frame.variables.child(), previous)

    children = await gather_limited(len(inputs), limit, child)
    run.children.extend(children)
    run.check_deadline()  # children cut short by the parent's deadline: the parent timed out, not the Map
    failures = sum(1 for c in children if c.status != "SUCCEEDED")
    if _exceeded(state, failures, len(inputs), tolerance):
        details = {"error": _THRESHOLD.error, "cause": _THRESHOLD.cause}
        frame.last = run.history.add("MapRunFailed", len(run.history.events), details)
        raise StatesError(_THRESHOLD.error, _THRESHOLD.cause)
    frame.last = run.history.add("MapRunSucceeded", len(run.history.events))
    outputs = [c.output if c.status == "SUCCEEDED" else {"Error": c.error, "Cause": c.cause} for c in children]
    if state.result_writer is not None:
        return await item_sources.write_results(run.resolver, state, map_run_arn, map_run_id, children)
    return outputs
