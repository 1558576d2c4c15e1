"""Steps one execution: state + input -> output, recording history events.

Theory of operation: :class:`Run` holds what one execution shares (history,
clock, seeded random generator, resources, the context object's execution
part, the deadline). :meth:`Run.program` walks a program's states from
``StartAt`` until a terminal state; Parallel branches and Map iterations
(:mod:`statewise.asl.mapping`, which sees a Run as a
:class:`~statewise.asl.runtime.Runner`) walk their own programs through the
same method, each on its own :class:`~statewise.asl.runtime.Frame` (the
thread of ``previousEventId`` and the ``$$.Map.Item`` it sees).

:meth:`Run.state` records ``<Type>StateEntered``, dispatches on the state type
through :data:`_HANDLERS`, checks the 256 KiB payload quota and records
``<Type>StateExited``. Task, Parallel and Map states run inside
:meth:`Run.guarded`, which carries out what :func:`~statewise.asl.retry.decide`
decides for an error (retry, catch or fail) and first tells ``on_decision``
(TestState's way to stop at a retry). Errors travel as
:class:`~statewise.errors.StatesError`; a :class:`~statewise.asl.faults.RuntimeFault`
is reworded as AWS does (``An error occurred while executing the state ...``);
a :class:`~statewise.asl.faults.QueryFault` (a JSONata field failed) is reworded
the same way and recorded as ``EvaluationFailed`` first. Nothing else leaves a
state: a path that selected nothing becomes ``States.Runtime`` there too, and
any other exception is a bug of the engine's own, reported as ``States.Runtime``
naming it (and warned about with a ``RuntimeWarning``, so test suites that turn
warnings into errors see it) instead of crashing the caller. A resource that
raises something other than a StatesError fails its Task as a Python callable
does (:class:`~statewise.integrations.resources.ResourceFailure`).

Query languages share this walk: a JSONPath state shapes its data with
``InputPath -> Parameters -> ResultSelector -> ResultPath -> OutputPath``, a
JSONata state with ``Arguments -> Output`` and ``$states``
(:mod:`statewise.asl.jsonata_states`). Both evaluate ``Assign`` against the
variables from before the state; :meth:`Run.state` applies the values after
the state succeeds (:class:`~statewise.asl.variables.Variables`) and records
them as ``assignedVariables`` in the ``...StateExited`` event.
Time (Wait, retry delays, timeouts, timestamps) comes from the injected clock,
an :class:`~statewise.clock.EngineClock` (``timer`` races a Task's time limits,
``hold`` keeps a fake clock still while a blocking resource runs in a worker
thread); the engine is async and never blocks the loop.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import random
import warnings
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Final

from statewise.asl import jsonata_states, mapping
from statewise.asl.choice import evaluate, parse_timestamp
from statewise.asl.encoding import compact_json
from statewise.asl.env import Env
from statewise.asl.faults import QueryFault, RuntimeFault, path_fault
from statewise.asl.history import History, HistoryLimitExceeded
from statewise.asl.model import (
    ChoiceState,
    FailState,
    GuardedState,
    PassState,
    Program,
    State,
    SucceedState,
    TaskState,
    Value,
    WaitState,
)
from statewise.asl.path_fields import apply_input_path, apply_output_path, apply_result_path
from statewise.asl.paths import PathNotFoundError
from statewise.asl.redrive import Resume
from statewise.asl.retry import Catch, Decision, Retry, decide
from statewise.asl.runtime import Frame, Work
from statewise.asl.stand_in import StandIn
from statewise.asl.state_types import StateType
from statewise.asl.task_events import task_events
from statewise.base_errors import ExecutionInputTooLarge, InvalidExecutionInput, StatesError
from statewise.clock import EngineClock
from statewise.documents import DocumentError, load_text
from statewise.integrations.callbacks import AwaitCallback, TaskTokens, Waiting
from statewise.integrations.identity import LOCAL
from statewise.integrations.jobs import Submitted
from statewise.integrations.nested import NestedExecution
from statewise.integrations.resolver import Resolver, TaskRef
from statewise.integrations.resources import Resource, ResourceFailure, sharing_loop
from statewise.integrations.targets import Pattern, TargetKind

__all__ = ["MAX_PAYLOAD_BYTES", "ExecutionTimedOut", "Run", "execution_input", "internal_fault", "iso"]

MAX_PAYLOAD_BYTES: Final = 256 * 1024

_ENTERED: Final = {t: f"{t.value}StateEntered" for t in StateType}
_EXITED: Final = {t: f"{t.value}StateExited" for t in StateType}
_NOT_TRUNCATED: Final = {"truncated": False}
_NOT_CALLBACK: Final = "the resource asked to wait for a callback, but the Task is not a .waitForTaskToken Task"
_NO_ANSWER: Final = (
    "'{resource}' waits for an answer by task token, but nothing can send one: pass callbacks=TaskTokens() "
    "and answer from another thread or task, or use start() and answer on its handle"
)
_TIMEOUTS: Final = {"States.Timeout": "Task timed out.", "States.HeartbeatTimeout": "Task heartbeat timed out."}
_FAILED_EVENT: Final = {StateType.PARALLEL: "ParallelStateFailed", StateType.MAP: "MapStateFailed"}


class ExecutionTimedOut(Exception):
    """The execution's ``TimeoutSeconds`` ran out; nothing can catch it."""


# what a state lets through as it is: failures already reported, the execution's own ends, and a
# warning turned into an error (internal_fault's, from a nested state) so that it reaches the caller
_REPORTED: Final = (StatesError, ExecutionTimedOut, HistoryLimitExceeded, Warning)


def internal_fault(exc: Exception) -> RuntimeFault:
    """``States.Runtime`` for an exception of the engine's own (a bug), and a RuntimeWarning naming it.

    The execution fails instead of crashing the caller; the warning keeps the bug visible
    (an error under ``-W error`` and pytest's ``filterwarnings = error``).
    """
    warnings.warn(f"statewise internal error, reported as States.Runtime: {exc!r}", RuntimeWarning, stacklevel=2)
    return RuntimeFault(f"Internal error in statewise: {type(exc).__name__}: {exc}. Please report it.")


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
    except (TypeError, ValueError) as exc:  # a Python callable returned something JSON cannot hold
        cause = f"The state/task '{name}' returned a result that is not JSON: {exc}"
        raise StatesError("States.Runtime", cause) from None
    if len(text) * 4 > MAX_PAYLOAD_BYTES and len(text.encode()) > MAX_PAYLOAD_BYTES:
        raise StatesError(
            "States.DataLimitExceeded",
            f"The state/task '{name}' returned a result with a size exceeding "
            "the maximum number of bytes service limit.",
        )
    return text


def execution_input(data: Any) -> Any:
    """The execution input as plain JSON values, checked as StartExecution checks it.

    ``None`` means ``{}``; text (``str``/``bytes``) is JSON text, as StartExecution's ``input`` is.
    Not JSON (malformed text, NaN, an infinity, a set ...) raises InvalidExecutionInput;
    over 256 KiB of UTF-8 raises ExecutionInputTooLarge (AWS's StartExecution refuses it with a
    ValidationException). The value is re-read from its JSON text, so Decimals, tuples and
    non-string keys become what the JSON holds: numbers, arrays, string keys.
    """
    if data is None:
        return {}
    if isinstance(data, str | bytes):
        size = len(data.encode() if isinstance(data, str) else data)
        if size > MAX_PAYLOAD_BYTES:  # AWS measures the text it is given
            raise ExecutionInputTooLarge(size, MAX_PAYLOAD_BYTES)
        try:
            data = load_text(data, source="the execution input")
        except DocumentError as exc:
            raise InvalidExecutionInput(
                f"{exc}; input text must be JSON (to pass a JSON string, pass json.dumps(your_string))"
            ) from None
    try:
        text = compact_json(data)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidExecutionInput(f"the execution input must be JSON: {exc}") from None
    if len(text) * 4 > MAX_PAYLOAD_BYTES and (size := len(text.encode())) > MAX_PAYLOAD_BYTES:
        raise ExecutionInputTooLarge(size, MAX_PAYLOAD_BYTES)
    return json.loads(text)


@dataclass(slots=True)
class Run:
    """One execution in progress."""

    history: History
    clock: EngineClock
    rng: random.Random
    resolver: Resolver
    callbacks: TaskTokens | None  # None: nobody can answer by token (run() without callbacks=)
    execution: dict[str, Any]
    state_machine: dict[str, Any]
    deadline: float | None = None
    deadline_implicit: bool = False  # only AWS's one-year limit for Standard executions
    region: str = LOCAL.region  # recorded in Task events
    children: list[Any] = field(default_factory=list)
    start_child: Callable[..., Awaitable[Any]] | None = None
    # starts a child state machine bound locally (startExecution.sync) on this run's options
    start_nested: Callable[[NestedExecution], Awaitable[Submitted]] | None = None
    inspection: dict[str, Any] | None = None
    # told what Retry/Catch decided for an error before it is carried out (TestState stops at a retry)
    on_decision: Callable[[GuardedState, StatesError, Decision], None] | None = None
    stand_in: StandIn | None = None  # what a TestState request puts in place of parts of the tested state's run
    resume: Resume | None = None  # what the state a redrive re-enters keeps from before

    def inspect(self, stage: str, value: Any, *, as_json: bool = True) -> None:
        """Record an intermediate value for TestState's inspection data (DEBUG/TRACE): JSON text, or as it is
        (the Map's counts are numbers)."""
        if self.inspection is not None:
            self.inspection[stage] = compact_json(value) if as_json else value

    def stood_in(self, state: State) -> StandIn | None:
        """What the TestState request puts in place for ``state`` (only ever the tested state)."""
        stand_in = self.stand_in
        return stand_in if stand_in is not None and stand_in.pointer == state.pointer else None

    def resumed(self, state: State) -> Resume | None:
        """What the state a redrive re-enters keeps from before; taken by its first entry only (a loop that
        comes back to it later runs it afresh)."""
        resume = self.resume
        if resume is None or resume.pointer != state.pointer:
            return None
        self.resume = None
        return resume

    # -- walking --------------------------------------------------------

    async def program(self, program: Program, data: Any, frame: Frame) -> Any:
        """Run ``program`` on ``data`` and return its output; raises StatesError on failure."""
        states = program.states
        name: str | None = program.start_at
        while name is not None:
            self.check_deadline()
            data, name = await self.state(states[name], data, frame)
        self.check_deadline()
        return data

    def context(self, state: State, entered: datetime, frame: Frame) -> dict[str, Any]:
        stand_in = self.stood_in(state)
        if stand_in is not None and stand_in.context is not None:  # TestState's context replaces all of $$
            return copy.deepcopy(dict(stand_in.context))
        ctx = {
            "Execution": self.execution,
            "StateMachine": self.state_machine,
            "State": {"Name": state.name, "EnteredTime": iso(entered)},
        }
        if isinstance(state, TaskState):  # as recorded on AWS: Task states count their retries
            ctx["State"]["RetryCount"] = 0
            # the token the answer comes by: a callback's (in $$.Task.Token, as on AWS) or an activity's
            if state.target.pattern is Pattern.WAIT_FOR_TASK_TOKEN or state.target.kind is TargetKind.ACTIVITY:
                ctx["Task"] = {"Token": self.task_token()}
        if frame.map_item is not None:
            ctx["Map"] = {"Item": frame.map_item}
        return ctx

    def task_token(self) -> str:
        """A task token, from the run's seeded generator (reproducible with ``seed=``)."""
        return base64.urlsafe_b64encode(self.rng.randbytes(96)).decode()

    async def state(self, state: State, data: Any, frame: Frame) -> tuple[Any, str | None]:
        last = frame.last_output
        text = last[1] if last is not None and last[0] is data else compact_json(data)
        entered = frame.entered = frame.last = self.history.add(
            _ENTERED[state.type], frame.last, {"name": state.name, "input": text, "inputDetails": _NOT_TRUNCATED}
        )
        ctx = self.context(state, self.history.events[-1]["timestamp"], frame)
        states = {"input": data, "context": ctx} if state.jsonata else None
        frame.pending = None
        frame.state_input = data
        try:
            output, nxt = await _HANDLERS[state.type](
                self, state, data, Env(ctx, frame.variables.values, self.rng, states), frame
            )
            text = payload_json(output, state.name)
        except RuntimeFault as fault:
            raise self.runtime_error(state, entered, fault) from None
        except QueryFault as fault:
            raise self.evaluation_failed(state, frame, fault) from None
        except PathNotFoundError as exc:  # a path read that no field named
            raise self.runtime_error(state, entered, path_fault(exc)) from None
        except _REPORTED:
            raise
        except Exception as exc:
            raise self.runtime_error(state, entered, internal_fault(exc)) from exc
        details = {"name": state.name, "output": text, "outputDetails": _NOT_TRUNCATED}
        if frame.pending is not None:
            details["assignedVariables"] = frame.variables.assign(frame.pending, state.name)
            details["assignedVariablesDetails"] = _NOT_TRUNCATED
        if _records_exit(state, frame):
            frame.last = self.history.add(_EXITED[state.type], frame.last, details)
        frame.last_output = (output, text)
        return output, nxt

    @staticmethod
    def runtime_error(state: State, entered: int, fault: StatesError) -> StatesError:
        return StatesError(fault.error, _in_state(state, entered, fault.cause))

    def evaluation_failed(self, state: State, frame: Frame, fault: QueryFault) -> StatesError:
        """Record ``EvaluationFailed`` for a JSONata fault; the error as the state reports it."""
        cause = _in_state(state, frame.entered, fault.cause)
        frame.last = self.history.add(
            "EvaluationFailed",
            frame.last,
            {"error": fault.error, "cause": cause, "location": fault.location, "state": state.name},
        )
        return StatesError(fault.error, cause)

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
        env: Env,
        frame: Frame,
        work: Work,
    ) -> tuple[Any, str | None]:
        """Input processing, ``work``, result processing, under Retry and Catch."""
        stand_in = self.stood_in(state)
        spent = 0 if stand_in is None else stand_in.retried  # TestState: retries spent before this attempt
        attempts = [spent] * len(state.retry)
        while True:
            if "RetryCount" in env.context.get("State", ()):
                env.context["State"]["RetryCount"] = spent + sum(attempt - spent for attempt in attempts)
            if any(attempt > spent for attempt in attempts) and "Task" in env.context:  # each retry its own token
                env.context["Task"] = {"Token": self.task_token()}
            try:
                effective = self.parameters(state, data, env)
                result = await work(effective, env, frame)
                self.inspect("result", result)
                if state.result_selector is not None:
                    result = state.result_selector.evaluate(result, env)
                    self.inspect("afterResultSelector", result)
                return self.result(state, data, result, env, frame), state.next
            except RuntimeFault:
                raise
            except StatesError as error:
                if isinstance(error, QueryFault):
                    error = self.evaluation_failed(state, frame, error)
                handled = await self.handle(state, data, env, frame, error, attempts)
                if handled is not None:
                    return handled

    def parameters(self, state: PassState | GuardedState, data: Any, env: Env) -> Any:
        """The effective input: InputPath, then Parameters (JSONata: Arguments)."""
        self.inspect("input", data)
        if state.jsonata:
            return jsonata_states.arguments(state, data, env)
        effective = apply_input_path(state.input_path, data, env)
        self.inspect("afterInputPath", effective)
        if state.parameters is not None:
            effective = state.parameters.evaluate(effective, env)
            self.inspect("afterParameters", effective)
        return effective

    def result(self, state: PassState | GuardedState, data: Any, result: Any, env: Env, frame: Frame) -> Any:
        """The state output (ResultPath, then OutputPath; JSONata: Output) and its Assign."""
        if state.jsonata:
            if isinstance(state, GuardedState):
                env = env.with_states(result=result)
            return jsonata_states.conclude(state, result, env, frame)
        if state.assign is not None:
            frame.pending = state.assign.evaluate(result, env)
        output = apply_result_path(state.result_path, data, result)
        self.inspect("afterResultPath", output)
        return apply_output_path(state.output_path, output, env)

    async def handle(
        self, state: GuardedState, data: Any, env: Env, frame: Frame, error: StatesError, attempts: list[int]
    ) -> tuple[Any, str | None] | None:
        """Carry out the decision for ``error``: retry (returns None), catch (returns output and next) or re-raise."""
        decision = decide(state, error.error, attempts, self.rng)
        if self.on_decision is not None:
            self.on_decision(state, error, decision)
        if isinstance(decision, Retry):
            attempts[decision.index] += 1
            await self.sleep(decision.delay)
            return None
        failed_event = _FAILED_EVENT.get(state.type)
        if failed_event is not None and error.error != "States.Runtime":
            frame.last = self.history.add(failed_event, frame.last)
        if not isinstance(decision, Catch):
            raise error
        catcher = decision.catcher
        error_output: dict[str, Any] = {"Error": error.error}
        if error.cause is not None:
            error_output["Cause"] = error.cause
        frame.pending = None
        if state.jsonata:
            return jsonata_states.conclude(
                catcher, error_output, env.with_states(errorOutput=error_output), frame
            ), catcher.next
        frame.assign(catcher, error_output, env)
        return apply_result_path(catcher.result_path, data, error_output), catcher.next

    # -- tasks ------------------------------------------------------------

    async def task(self, state: TaskState, payload: Any, env: Env, frame: Frame) -> Any:
        events = task_events(state.target, self.region)
        parameters = compact_json(payload)
        # ...SecondsPath read the state's input (AWS's recordings), not the effective input
        timeout = self.seconds_value(state.timeout, frame.state_input, env) if state.timeout else None
        # a heartbeat is recorded as AWS does; a Python callable sends none to miss
        heartbeat = self.seconds_value(state.heartbeat, frame.state_input, env) if state.heartbeat else None
        scheduled = events.scheduled(parameters, timeout, heartbeat)
        frame.last = self.history.add(events.type("Scheduled"), frame.last, scheduled)
        resource = self.resolver.resolve(TaskRef(state.name, state.target))
        if resource is None:  # runs check every Task first; this guards callers that did not
            raise RuntimeFault(f"No resource is bound to '{state.resource}'; pass resources={{arn: callable}} to run()")
        frame.last = self.history.add(events.type("Started"), frame.last, events.started())
        started = self.clock.monotonic()
        # registered before the hand-over, so an answer sent during it is not lost
        token = env.context["Task"]["Token"] if "Task" in env.context else None
        waiting = None if token is None or self.callbacks is None else self.callbacks.expect(token)
        try:
            result = await self.invoke(resource, json.loads(parameters), env.context, timeout)
            self.judge_elapsed(started, timeout)
            if isinstance(result, AwaitCallback):
                if waiting is None:
                    raise RuntimeFault(_NO_ANSWER.format(resource=state.resource) if token else _NOT_CALLBACK)
                if events.prefix == "Task":  # a service integration's hand-over (activities record none)
                    submitted = events.submitted(payload_json(result.output, state.name))
                    frame.last = self.history.add(events.type("Submitted"), frame.last, submitted)
                result = await self.await_callback(waiting, started, timeout, heartbeat)
            if isinstance(result, NestedExecution):  # a child machine bound locally: this run starts it
                if self.start_nested is None:
                    raise RuntimeFault("this run cannot start a child state machine")
                result = await self.start_nested(result)
            if isinstance(result, Submitted):  # .sync: the job started; its end is the Task's result
                submitted = events.submitted(payload_json(result.output, state.name))
                frame.last = self.history.add(events.type("Submitted"), frame.last, submitted)
                left = None if timeout is None else started + timeout - self.clock.monotonic()
                result = await self.limited(result.outcome(), left)
                self.judge_elapsed(started, timeout)
        except StatesError as error:
            outcome = "TimedOut" if error.error in _TIMEOUTS else "Failed"
            frame.last = self.history.add(events.type(outcome), frame.last, events.failed(error.error, error.cause))
            raise
        finally:
            if waiting is not None and self.callbacks is not None:
                self.callbacks.forget(waiting.token)
                waiting.close()
        output = payload_json(result, state.name)
        frame.last = self.history.add(events.type("Succeeded"), frame.last, events.succeeded(output))
        return json.loads(output)

    async def invoke(self, resource: Resource, payload: Any, ctx: dict[str, Any], timeout: int | None) -> Any:
        """Call the resource, raced against the Task's and the execution's time limits on the clock."""
        # a fake clock holds still while a worker thread runs the call; real time cannot (hold() is None)
        hold = self.clock.hold() if resource.blocking else None
        call = self.call(resource, payload, ctx, hold)
        if hold is not None:  # time cannot pass during the call: judge_elapsed() judges it after
            return await call
        return await self.limited(call, timeout)

    async def limited(self, work: Awaitable[Any], timeout: float | None) -> Any:
        """``work``, raced against ``timeout`` seconds (the Task's time left) and the execution's deadline."""
        remaining = None if self.deadline is None else self.deadline - self.clock.monotonic()
        # Race only limits that can matter: not the implicit one-year limit (judge_elapsed() covers it)
        limits = [limit for limit in (timeout, None if self.deadline_implicit else remaining) if limit is not None]
        if not limits:
            return await work

        async def raced() -> Any:
            sharing_loop()  # beside the timer: a blocking call goes to a thread, so the timer can fire
            return await work

        running = asyncio.ensure_future(raced())
        # a limit is not a sleep the execution took: a fake clock's timer() leaves clock.sleeps alone
        timer = asyncio.ensure_future(self.clock.timer(min(limits)))
        try:
            await asyncio.wait((running, timer), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pending in (running, timer):
                pending.cancel()
            # awaited, so the loser is gone before the state moves on and no exception goes unretrieved
            await asyncio.gather(running, timer, return_exceptions=True)
        if running.done() and not running.cancelled():
            return running.result()
        if timeout is not None and (remaining is None or timeout <= remaining):
            raise StatesError("States.Timeout", "Task timed out.")
        raise ExecutionTimedOut

    async def await_callback(self, waiting: Waiting, started: float, timeout: int | None, heartbeat: int | None) -> Any:
        """The answer sent by token, raced against the Task's timeout, its heartbeat (reset by each
        heartbeat sent) and the execution's deadline, all on the clock."""
        answer = asyncio.ensure_future(waiting.outcome())
        last_beat = started
        try:
            while True:
                now = self.clock.monotonic()
                limits: dict[str, float] = {}
                if timeout is not None:
                    limits["States.Timeout"] = started + timeout - now
                if heartbeat is not None:
                    limits["States.HeartbeatTimeout"] = last_beat + heartbeat - now
                if self.deadline is not None and not self.deadline_implicit:  # a year: not worth a timer
                    limits[""] = self.deadline - now
                beat = asyncio.ensure_future(waiting.heartbeat())
                waits: set[asyncio.Future[Any]] = {answer, beat}
                if limits:
                    waits.add(asyncio.ensure_future(self.clock.timer(max(min(limits.values()), 0.0))))
                try:
                    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for pending in waits - {answer}:
                        pending.cancel()
                    await asyncio.gather(*(waits - {answer}), return_exceptions=True)
                if answer.done():
                    return answer.result()
                if beat.done() and not beat.cancelled():
                    last_beat = self.clock.monotonic()
                    continue
                if self.callbacks is not None and not self.callbacks.forget(waiting.token):
                    return await answer  # an answer was claimed just now: it wins over the timer
                expired = min(limits, key=lambda name: limits[name])
                if not expired:
                    raise ExecutionTimedOut
                raise StatesError(expired, _TIMEOUTS[expired])
        finally:
            if not answer.done():
                answer.cancel()
                await asyncio.gather(answer, return_exceptions=True)

    @staticmethod
    async def call(
        resource: Resource, payload: Any, ctx: dict[str, Any], hold: AbstractContextManager[None] | None
    ) -> Any:
        """The call itself, inside ``hold`` (a fake clock held still while a worker thread runs it, unseen).

        Any resource that raises something other than a StatesError fails the Task as a Python
        callable does: the exception's class name as error, its message as cause.
        """
        try:
            if hold is None:
                return await resource.invoke(payload, ctx)
            with hold:
                return await resource.invoke(payload, ctx)
        except StatesError:
            raise
        except Exception as exc:
            raise ResourceFailure.from_exception(exc) from exc

    def judge_elapsed(self, started: float, timeout: int | None) -> None:
        """After the call, apply whichever time limit it overran first (a raced limit has fired already;
        this catches the ones not raced: the implicit one-year limit, and time moved by a held call)."""
        now = self.clock.monotonic()
        task_end = None if timeout is None else started + timeout
        if task_end is not None and now > task_end and (self.deadline is None or task_end <= self.deadline):
            raise StatesError("States.Timeout", "Task timed out.")
        self.check_deadline()

    @staticmethod
    def seconds_value(value: Value, data: Any, env: Env) -> int:
        """A ``...Seconds``/``...SecondsPath`` value as a non-negative integer."""
        if value.path is None:
            return int(value.literal)
        found = value.path.evaluate(data, env)
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

_Handler = Callable[[Run, Any, Any, Env, Frame], Awaitable[tuple[Any, str | None]]]


def _in_state(state: State, entered: int, cause: str | None) -> str:
    return f"An error occurred while executing the state '{state.name}' (entered at the event id #{entered}). {cause}"


async def _pass(run: Run, state: PassState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    effective = run.parameters(state, data, env)
    result = state.result if state.has_result else effective
    return run.result(state, data, result, env, frame), state.next


def _flow_input(run: Run, state: ChoiceState | WaitState | SucceedState, data: Any, env: Env) -> Any:
    """The effective input of a state that passes its input on (JSONPath: InputPath applied)."""
    run.inspect("input", data)
    if state.jsonata:
        return data
    effective = apply_input_path(state.input_path, data, env)
    run.inspect("afterInputPath", effective)
    return effective


def _flow_output(run: Run, state: State, data: Any, effective: Any, env: Env, frame: Frame) -> Any:
    """Output and Assign of a state that passes its input on (Choice, Wait, Succeed)."""
    if state.jsonata:
        return jsonata_states.conclude(state, data, env, frame)
    frame.assign(state, effective, env)
    return apply_output_path(state.output_path, effective, env)


async def _choice(run: Run, state: ChoiceState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    effective = _flow_input(run, state, data, env)
    for branch in state.choices:
        if evaluate(branch.rule, effective, env):
            if state.jsonata:
                return jsonata_states.conclude(branch, data, env, frame), branch.next
            frame.assign(branch, effective, env)
            return apply_output_path(state.output_path, effective, env), branch.next
    if state.default is None:
        raise StatesError("States.NoChoiceMatched", "No Matches!")
    return _flow_output(run, state, data, effective, env, frame), state.default


async def _wait(run: Run, state: WaitState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    effective = _flow_input(run, state, data, env)
    if state.seconds is not None:
        seconds: float = run.seconds_value(state.seconds, effective, env)
    elif state.timestamp is not None:
        value = state.timestamp
        text = value.literal if value.path is None else value.path.evaluate(effective, env)
        moment = parse_timestamp(text)
        if moment is None:
            raise RuntimeFault(
                f"The {value.field} parameter does not reference a valid ISO-8601 extended offset "
                f"date-time format string: {value.path.text if value.path else ''} == {text}"
            )
        seconds = (moment - run.clock.now()).total_seconds()
    await run.sleep(seconds)
    return _flow_output(run, state, data, effective, env, frame), state.next


async def _succeed(run: Run, state: SucceedState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    effective = _flow_input(run, state, data, env)
    return _flow_output(run, state, data, effective, env, frame), None


def _fail_field(value: Value | None, data: Any, env: Env) -> str | None:
    if value is None:
        return None
    if value.path is None:
        return str(value.literal)
    found = value.path.evaluate(data, env)
    return found if isinstance(found, str) else compact_json(found)


async def _fail(run: Run, state: FailState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    raise StatesError(_fail_field(state.error, data, env) or "", _fail_field(state.cause, data, env))


async def _task(run: Run, state: TaskState, data: Any, env: Env, frame: Frame) -> tuple[Any, str | None]:
    async def work(payload: Any, env: Env, frame: Frame) -> Any:
        return await run.task(state, payload, env, frame)

    return await run.guarded(state, data, env, frame, work)


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
