"""Steps one execution: state + input -> output, recording history events.

Theory of operation: :class:`Run` holds what one execution shares (history,
clock, seeded random generator, resources, the context object's execution
part, the deadline). :meth:`Run.program` walks a program's states from
``StartAt`` until a terminal state; Parallel branches and Map iterations walk
their own programs through the same method, each on its own :class:`Frame`
(the thread of ``previousEventId`` and the ``$$.Map.Item`` it sees).

:meth:`Run.state` records ``<Type>StateEntered``, dispatches on the state type
through :data:`_HANDLERS`, checks the 256 KiB payload quota and records
``<Type>StateExited``. Task, Parallel and Map states run inside
:meth:`Run.guarded`, which applies Retry and Catch. Errors travel as
:class:`~statewise.errors.StatesError`; a :class:`~statewise.asl.io.RuntimeFault`
is reworded as AWS does (``An error occurred while executing the state ...``).
Time (Wait, retry delays, timeouts, timestamps) comes from the injected clock;
the engine is async and never blocks the loop.
"""

from __future__ import annotations

import json
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from statewise.asl import mapping
from statewise.asl.choice import evaluate, parse_timestamp
from statewise.asl.history import History
from statewise.asl.io import (
    RuntimeFault,
    apply_input_path,
    apply_output_path,
    apply_result_path,
    compact_json,
)
from statewise.asl.model import (
    ChoiceState,
    FailState,
    GuardedState,
    PassState,
    Program,
    State,
    StateType,
    SucceedState,
    TaskState,
    Value,
    WaitState,
)
from statewise.asl.resources import Resource
from statewise.asl.retry import first_match, retry_delay
from statewise.clock import Clock, SystemClock
from statewise.errors import StatesError

__all__ = ["MAX_PAYLOAD_BYTES", "ExecutionTimedOut", "Frame", "Run", "iso"]

MAX_PAYLOAD_BYTES: Final = 256 * 1024

_ENTERED: Final = {t: f"{t.value}StateEntered" for t in StateType}
_EXITED: Final = {t: f"{t.value}StateExited" for t in StateType}
_NOT_TRUNCATED: Final = {"truncated": False}
_FAILED_EVENT: Final = {StateType.PARALLEL: "ParallelStateFailed", StateType.MAP: "MapStateFailed"}


class ExecutionTimedOut(Exception):
    """The execution's ``TimeoutSeconds`` ran out; nothing can catch it."""


@lru_cache(maxsize=1)
def iso(moment: datetime) -> str:
    """A timestamp as the context object shows it: ``2026-01-01T00:00:00.000Z``."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def payload_json(value: Any, name: str) -> str:
    """``value`` as JSON for the history; States.DataLimitExceeded past 256 KiB."""
    try:
        text = compact_json(value)
    except RecursionError:  # nested deeper than any payload within the quota
        text = "x" * (MAX_PAYLOAD_BYTES + 1)
    if len(text) * 4 > MAX_PAYLOAD_BYTES and len(text.encode()) > MAX_PAYLOAD_BYTES:
        raise StatesError(
            "States.DataLimitExceeded",
            f"The state/task '{name}' returned a result with a size exceeding "
            "the maximum number of bytes service limit.",
        )
    return text


def resource_details(arn: str) -> dict[str, str]:
    """``resourceType``/``resource`` of Task events: ``arn:aws:states:::lambda:invoke`` -> lambda, invoke."""
    if ":::" in arn:
        service, _, action = arn.partition(":::")[2].rpartition(":")
        return {"resourceType": service or action, "resource": action}
    return {"resourceType": "lambda" if ":lambda:" in arn else "activity", "resource": arn}


@dataclass(slots=True)
class Frame:
    """One thread of events: its last event id, inside a Map its item, inside a Parallel branch a flag."""

    last: int
    map_item: dict[str, Any] | None = None
    in_parallel: bool = False
    last_output: tuple[Any, str] | None = None  # the last output and its JSON, to reuse as the next input


@dataclass(slots=True)
class Run:
    """One execution in progress."""

    history: History
    clock: Clock
    rng: random.Random
    resources: Mapping[str, Resource]
    execution: dict[str, Any]
    state_machine: dict[str, Any]
    deadline: float | None = None
    data_dir: Path | None = None
    children: list[Any] = field(default_factory=list)
    start_child: Callable[..., Awaitable[Any]] | None = None
    inspection: dict[str, Any] | None = None

    def inspect(self, stage: str, value: Any) -> None:
        """Record an intermediate value for TestState's inspection data (DEBUG/TRACE)."""
        if self.inspection is not None:
            self.inspection[stage] = compact_json(value)

    # -- walking --------------------------------------------------------

    async def program(self, program: Program, data: Any, frame: Frame) -> Any:
        """Run ``program`` on ``data`` and return its output; raises StatesError on failure."""
        states = program.states
        name: str | None = program.start_at
        while name is not None:
            self.check_deadline()
            data, name = await self.state(states[name], data, frame)
        return data

    def context(self, state: State, entered: datetime, frame: Frame) -> dict[str, Any]:
        ctx = {
            "Execution": self.execution,
            "StateMachine": self.state_machine,
            "State": {"Name": state.name, "EnteredTime": iso(entered)},
        }
        if frame.map_item is not None:
            ctx["Map"] = {"Item": frame.map_item}
        return ctx

    async def state(self, state: State, data: Any, frame: Frame) -> tuple[Any, str | None]:
        last = frame.last_output
        text = last[1] if last is not None and last[0] is data else compact_json(data)
        entered = frame.last = self.history.add(
            _ENTERED[state.type], frame.last, {"name": state.name, "input": text, "inputDetails": _NOT_TRUNCATED}
        )
        ctx = self.context(state, self.history.events[-1]["timestamp"], frame)
        try:
            output, nxt = await _HANDLERS[state.type](self, state, data, ctx, frame)
            text = payload_json(output, state.name)
        except RuntimeFault as fault:
            raise self.runtime_error(state, entered, fault) from None
        if _records_exit(state, frame):
            frame.last = self.history.add(
                _EXITED[state.type], frame.last, {"name": state.name, "output": text, "outputDetails": _NOT_TRUNCATED}
            )
        frame.last_output = (output, text)
        return output, nxt

    @staticmethod
    def runtime_error(state: State, entered: int, fault: StatesError) -> StatesError:
        return StatesError(
            "States.Runtime",
            f"An error occurred while executing the state '{state.name}' "
            f"(entered at the event id #{entered}). {fault.cause}",
        )

    # -- time -----------------------------------------------------------

    def check_deadline(self) -> None:
        if self.deadline is not None and self.clock.monotonic() >= self.deadline:
            raise ExecutionTimedOut

    async def sleep(self, seconds: float) -> None:
        """Sleep on the clock, but never past the execution's deadline."""
        if self.deadline is not None:
            remaining = self.deadline - self.clock.monotonic()
            if seconds >= remaining:
                await self.clock.asleep(max(remaining, 0.0))
                raise ExecutionTimedOut
        if seconds > 0:
            await self.clock.asleep(seconds)

    # -- retry and catch ------------------------------------------------

    async def guarded(
        self,
        state: GuardedState,
        data: Any,
        ctx: dict[str, Any],
        frame: Frame,
        work: Callable[[Any, dict[str, Any], Frame], Awaitable[Any]],
    ) -> tuple[Any, str | None]:
        """Input processing, ``work``, result processing, under Retry and Catch."""
        attempts = [0] * len(state.retry)
        while True:
            try:
                effective = self.parameters(state, data, ctx)
                result = await work(effective, ctx, frame)
                self.inspect("result", result)
                if state.result_selector is not None:
                    result = state.result_selector.evaluate(result, context=ctx, rng=self.rng)
                    self.inspect("afterResultSelector", result)
                return self.result(state, data, result, ctx), state.next
            except RuntimeFault:
                raise
            except StatesError as error:
                handled = await self.handle(state, data, frame, error, attempts)
                if handled is not None:
                    return handled

    def parameters(self, state: PassState | GuardedState, data: Any, ctx: dict[str, Any]) -> Any:
        """The effective input: InputPath, then Parameters."""
        self.inspect("input", data)
        effective = apply_input_path(state.input_path, data, ctx)
        self.inspect("afterInputPath", effective)
        if state.parameters is not None:
            effective = state.parameters.evaluate(effective, context=ctx, rng=self.rng)
            self.inspect("afterParameters", effective)
        return effective

    def result(self, state: PassState | GuardedState, data: Any, result: Any, ctx: dict[str, Any]) -> Any:
        """The state output: ResultPath, then OutputPath."""
        output = apply_result_path(state.result_path, data, result)
        self.inspect("afterResultPath", output)
        return apply_output_path(state.output_path, output, ctx)

    async def handle(
        self, state: GuardedState, data: Any, frame: Frame, error: StatesError, attempts: list[int]
    ) -> tuple[Any, str | None] | None:
        """Retry (returns None), catch (returns output and next) or re-raise ``error``."""
        retrier = first_match(state.retry, error.error)
        if retrier is not None:
            index, spec = retrier
            delay = retry_delay(spec, attempts[index], self.rng)
            if delay is not None:
                attempts[index] += 1
                await self.sleep(delay)
                return None
        failed_event = _FAILED_EVENT.get(state.type)
        if failed_event is not None and error.error != "States.Runtime":
            frame.last = self.history.add(failed_event, frame.last)
        catcher = first_match(state.catch, error.error)
        if catcher is None:
            raise error
        _, spec_ = catcher
        error_output: dict[str, Any] = {"Error": error.error}
        if error.cause is not None:
            error_output["Cause"] = error.cause
        return apply_result_path(spec_.result_path, data, error_output), spec_.next

    # -- tasks ------------------------------------------------------------

    async def task(self, state: TaskState, payload: Any, ctx: dict[str, Any], frame: Frame) -> Any:
        details = resource_details(state.resource)
        parameters = compact_json(payload)
        timeout = self.seconds_value(state.timeout, payload, ctx) if state.timeout else None
        scheduled: dict[str, Any] = {**details, "region": "us-east-1", "parameters": parameters}
        if timeout is not None:
            scheduled["timeoutInSeconds"] = timeout
        frame.last = self.history.add("TaskScheduled", frame.last, scheduled)
        resource = self.resources.get(state.resource)
        if resource is None:
            raise RuntimeFault(f"No resource is bound to '{state.resource}'; pass resources={{arn: callable}} to run()")
        frame.last = self.history.add("TaskStarted", frame.last, details)
        started = self.clock.monotonic()
        try:
            result = await self.invoke(resource, json.loads(parameters), ctx, timeout)
            if timeout is not None and self.clock.monotonic() - started > timeout:
                raise StatesError("States.Timeout", "Task timed out.")
        except StatesError as error:
            failed = "TaskTimedOut" if error.error == "States.Timeout" else "TaskFailed"
            body = {**details, "error": error.error}
            if error.cause is not None:
                body["cause"] = error.cause
            frame.last = self.history.add(failed, frame.last, body)
            raise
        output = payload_json(result, state.name)
        frame.last = self.history.add(
            "TaskSucceeded", frame.last, {**details, "output": output, "outputDetails": {"truncated": False}}
        )
        return json.loads(output)

    async def invoke(self, resource: Resource, payload: Any, ctx: dict[str, Any], timeout: int | None) -> Any:
        if timeout is None or not isinstance(self.clock, SystemClock):
            return await resource.invoke(payload, ctx)
        import asyncio

        try:
            return await asyncio.wait_for(resource.invoke(payload, ctx), timeout)
        except TimeoutError:
            raise StatesError("States.Timeout", "Task timed out.") from None

    def seconds_value(self, value: Value, data: Any, ctx: dict[str, Any]) -> int:
        """A ``...Seconds``/``...SecondsPath`` value as a non-negative integer."""
        if value.path is None:
            return int(value.literal)
        found = value.path.evaluate(data, context=ctx, rng=self.rng)
        source = value.path.text
        if isinstance(found, bool) or not isinstance(found, int):
            raise RuntimeFault(f"The {value.field} parameter cannot be parsed as a long value: {source} == {found}")
        if found < 0:
            raise RuntimeFault(f"The {value.field} parameter references a negative value: {source} == {found}")
        return found


def _records_exit(state: State, frame: Frame) -> bool:
    """Whether AWS records ``<Type>StateExited``: not for a Parallel state nested in a
    Parallel branch (as AWS records nested Parallels). Fail states never get here."""
    return not (state.type is StateType.PARALLEL and frame.in_parallel)


# -- state handlers -----------------------------------------------------------

_Handler = Callable[[Run, Any, Any, dict[str, Any], Frame], Awaitable[tuple[Any, str | None]]]


async def _pass(run: Run, state: PassState, data: Any, ctx: dict[str, Any], frame: Frame) -> tuple[Any, str | None]:
    effective = run.parameters(state, data, ctx)
    result = state.result if state.has_result else effective
    return run.result(state, data, result, ctx), state.next


async def _choice(run: Run, state: ChoiceState, data: Any, ctx: dict[str, Any], frame: Frame) -> tuple[Any, str | None]:
    effective = apply_input_path(state.input_path, data, ctx)
    for branch in state.choices:
        if evaluate(branch.rule, effective, ctx):
            return apply_output_path(state.output_path, effective, ctx), branch.next
    if state.default is None:
        raise StatesError("States.NoChoiceMatched", "No Matches!")
    return apply_output_path(state.output_path, effective, ctx), state.default


async def _wait(run: Run, state: WaitState, data: Any, ctx: dict[str, Any], frame: Frame) -> tuple[Any, str | None]:
    effective = apply_input_path(state.input_path, data, ctx)
    if state.seconds is not None:
        seconds: float = run.seconds_value(state.seconds, effective, ctx)
    elif state.timestamp is not None:
        value = state.timestamp
        text = value.literal if value.path is None else value.path.evaluate(effective, context=ctx, rng=run.rng)
        moment = parse_timestamp(text)
        if moment is None:
            raise RuntimeFault(
                f"The {value.field} parameter does not reference a valid ISO-8601 extended offset "
                f"date-time format string: {value.path.text if value.path else ''} == {text}"
            )
        seconds = (moment - run.clock.now()).total_seconds()
    await run.sleep(seconds)
    return apply_output_path(state.output_path, effective, ctx), state.next


async def _succeed(
    run: Run, state: SucceedState, data: Any, ctx: dict[str, Any], frame: Frame
) -> tuple[Any, str | None]:
    effective = apply_input_path(state.input_path, data, ctx)
    return apply_output_path(state.output_path, effective, ctx), None


def _fail_field(run: Run, value: Value | None, data: Any, ctx: dict[str, Any]) -> str | None:
    if value is None:
        return None
    if value.path is None:
        return str(value.literal)
    found = value.path.evaluate(data, context=ctx, rng=run.rng)
    return found if isinstance(found, str) else compact_json(found)


async def _fail(run: Run, state: FailState, data: Any, ctx: dict[str, Any], frame: Frame) -> tuple[Any, str | None]:
    error = _fail_field(run, state.error, data, ctx)
    raise StatesError(error or "", _fail_field(run, state.cause, data, ctx))


async def _task(run: Run, state: TaskState, data: Any, ctx: dict[str, Any], frame: Frame) -> tuple[Any, str | None]:
    async def work(payload: Any, ctx: dict[str, Any], frame: Frame) -> Any:
        return await run.task(state, payload, ctx, frame)

    return await run.guarded(state, data, ctx, frame, work)


_HANDLERS: Final[dict[StateType, _Handler]] = {
    StateType.PASS: _pass,
    StateType.CHOICE: _choice,
    StateType.WAIT: _wait,
    StateType.SUCCEED: _succeed,
    StateType.FAIL: _fail,
    StateType.TASK: _task,
    StateType.PARALLEL: mapping.run_parallel,
    StateType.MAP: mapping.run_map,
}
