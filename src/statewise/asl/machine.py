"""The public face of the engine: StateMachine, Execution, ExecutionHandle.

Theory of operation: ``StateMachine(definition)`` parses and validates once.
Each run builds the execution's identity (name, ARNs, the context object's
``Execution``/``StateMachine`` parts), a :class:`~statewise.asl.history.History`
and a :class:`~statewise.asl.engine.Run`, and drives ``Run.program`` from
``ExecutionStarted`` to one of ``ExecutionSucceeded``/``Failed``/``TimedOut``/
``Aborted``. The async core is :meth:`StateMachine.arun`; :meth:`run` drives
it on a private event loop (in a worker thread when the caller already runs
a loop; :mod:`statewise.asl.driver`), and :meth:`start` runs it on a
background thread and returns an :class:`ExecutionHandle` (``result``,
``abort``, ``history`` so far). :meth:`test_state` builds the same
:class:`~statewise.asl.engine.Run` and hands it to
:mod:`statewise.asl.test_state`.
Distributed Map child executions go through the same :meth:`_execute`, each
with its own history. A redrive (``redrive=`` an unsuccessful execution) goes
through it too, on a :class:`~statewise.asl.redrive.ResumePlan`: the old
history continued after ``ExecutionRedriven``, the stopped state re-entered.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from itertools import chain
from typing import TYPE_CHECKING, Any, Final, Unpack

from statewise.asl.driver import close as close_loop
from statewise.asl.driver import run_sync
from statewise.asl.encoding import compact_json
from statewise.asl.engine import ExecutionTimedOut, Run, execution_input, internal_fault, iso, payload_json
from statewise.asl.express import express_problems
from statewise.asl.graph import every_state
from statewise.asl.history import History, HistoryLimitExceeded
from statewise.asl.model import MapState, Program, State, TaskState
from statewise.asl.options import RunOptions, Serving
from statewise.asl.parse import load_definition, parse
from statewise.asl.redrive import ResumePlan
from statewise.asl.redrive import plan as plan_redrive
from statewise.asl.runtime import Frame
from statewise.asl.test_request import checked_variables
from statewise.asl.test_request import stand_in as requested_stand_in
from statewise.asl.test_state import StateTestResult, requested_state, run_state
from statewise.asl.variables import Variables
from statewise.base_errors import (
    DefinitionError,
    ExecutionNotRedrivable,
    StatesError,
    StatewiseError,
    with_suggestions,
)
from statewise.clients import close_matches
from statewise.clock import EngineClock
from statewise.integrations.callbacks import TaskTokens
from statewise.integrations.identity import LOCAL, AwsIdentity
from statewise.integrations.jobs import Submitted
from statewise.integrations.nested import NestedExecution, NestedMachines
from statewise.integrations.resolver import TaskRef
from statewise.integrations.targets import parse_target

if TYPE_CHECKING:
    pass

__all__ = ["Execution", "ExecutionHandle", "ExecutionStatus", "StateMachine"]

_EXPRESS_LIMIT: Final = 300  # seconds: 5 minutes
_STANDARD_LIMIT: Final = 365 * 24 * 3600  # seconds: 1 year
_NOT_TRUNCATED: Final = {"truncated": False}
_HISTORY_FULL: Final = "The execution reached the maximum number of history events (25000)."


class ExecutionStatus(StrEnum):
    """Execution status, with AWS's values."""

    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    ABORTED = "ABORTED"


@dataclass(frozen=True, slots=True)
class Execution:
    """A finished execution: status, output or error and cause, and its history."""

    arn: str
    name: str
    status: ExecutionStatus
    input: Any
    output: Any
    error: str | None
    cause: str | None
    history: list[dict[str, Any]]
    start_date: datetime
    stop_date: datetime
    children: tuple[Execution, ...] = ()

    def __repr__(self) -> str:  # short: the output and history can be large
        outcome = f"output={_brief(self.output)}" if self.status == "SUCCEEDED" else f"error={self.error!r}"
        return f"Execution(name={self.name!r}, status={self.status.value}, {outcome}, events={len(self.history)})"

    def history_reversed(self) -> list[dict[str, Any]]:
        """The history newest first, as ``GetExecutionHistory(reverseOrder=True)`` returns it."""
        return self.history[::-1]


@dataclass(slots=True)
class _Session:
    """One run's options and what its executions share as they go: the seeded generator, an abort's reason,
    and (for :meth:`StateMachine.start`) the history a handle reads while the execution runs."""

    options: RunOptions
    rng: random.Random
    abort_error: str | None = None
    abort_cause: str | None = None
    history: History | None = field(default=None)

    @property
    def clock(self) -> EngineClock:
        return self.options.clock


class StateMachine:
    """A parsed, validated state machine you can run locally."""

    def __init__(
        self,
        definition: Mapping[str, Any] | str | bytes | os.PathLike[str],
        *,
        substitutions: Mapping[str, Any] | None = None,
        name: str | None = None,
        type: str = "STANDARD",
        arn: str | None = None,
        role_arn: str | None = None,
        identity: AwsIdentity = LOCAL,
    ) -> None:
        """``definition`` is a dict, JSON text (a ``str`` or ``bytes``), or a ``pathlib.Path`` to a JSON
        or YAML file; ``substitutions`` fills its ``${Name}`` placeholders as SAM/CDK do. ``identity`` is
        the partition, region and account its ARNs and its executions' ARNs are built from."""
        if type not in ("STANDARD", "EXPRESS"):
            raise ValueError(f"type must be 'STANDARD' or 'EXPRESS', got {type!r}")
        self.definition: dict[str, Any] = load_definition(definition, substitutions=substitutions)
        self.program: Program = parse(self.definition)
        unsupported = list(express_problems(self.program, express=type == "EXPRESS"))
        if unsupported:
            raise DefinitionError(unsupported)
        self.type = type
        self.name = name or (arn.rsplit(":", 1)[-1] if arn else "StateMachine")
        self.identity = identity
        self.arn = arn or identity.arn("states", f"stateMachine:{self.name}")
        self.role_arn = role_arn or identity.arn("iam", "role/statewise-local", regional=False)

    @property
    def task_resources(self) -> frozenset[str]:
        """What ``resources=`` may bind: the ``Resource`` of every Task state, nested ones included, and
        of every distributed Map's ``ItemReader`` and ``ResultWriter``."""
        return frozenset(task.target.arn for task in _tasks(self.program.states.values()))

    def __repr__(self) -> str:
        return f"StateMachine(name={self.name!r}, type={self.type!r}, states={len(self.program.states)})"

    @classmethod
    def from_state(cls, state: dict[str, Any], *, name: str = "State") -> StateMachine:
        """A one-state machine around ``state``, for :meth:`test_state`."""
        return cls(_standalone(name, state), name=name)

    # -- running ----------------------------------------------------------

    def run(
        self,
        input: Any = None,
        *,
        name: str | None = None,
        seed: int | None = None,
        redrive: Execution | None = None,
        **serving: Unpack[Serving],
    ) -> Execution:
        """Run to completion and return the finished :class:`Execution`.

        ``aws`` says where AWS SDK and optimized integrations' calls go (a boto3 ``Session``, an
        ``AwsClients``, or ``{service: client}``); ``mock_config`` (a MockConfigFile: a dict, JSON text or
        a ``pathlib.Path``) and ``test_case`` mock the Task states that test case of this machine's
        ``StateMachines`` entry names. ``callbacks`` (a ``TaskTokens``) is where ``.waitForTaskToken``
        Tasks wait for ``send_task_success``/``failure``/``heartbeat``; each run makes its own otherwise.
        ``http`` (a callable from a ``statewise.integrations.http_task.HttpRequest`` to an ``HttpResponse``)
        serves HTTP Tasks; ``resources`` may bind child ``StateMachine`` objects by ARN for
        ``startExecution.sync`` Tasks.

        ``redrive`` (a FAILED, TIMED_OUT or ABORTED execution of this machine) continues that execution as
        AWS's RedriveExecution does instead of starting one: from the state where it stopped, only the Map
        iterations, Parallel branches and child executions that did not succeed, on the same input, name and
        ARN, its history continued after an ``ExecutionRedriven`` event (:mod:`statewise.asl.redrive`). Give no
        ``input`` or ``name`` then; one it cannot continue raises ExecutionNotRedrivable.
        """
        return run_sync(self.arun(input, name=name, seed=seed, redrive=redrive, **serving))

    async def arun(
        self,
        input: Any = None,
        *,
        name: str | None = None,
        seed: int | None = None,
        redrive: Execution | None = None,
        **serving: Unpack[Serving],
    ) -> Execution:
        """Run to completion on the running event loop (``redrive``: see :meth:`run`)."""
        resume = self._resume(redrive, input, name)
        data = execution_input(input) if resume is None else resume.previous.input
        session = self._session(self.program.states.values(), seed, serving)
        identity = self._identity(name, session.rng) if resume is None else resume.identity
        return await self._execute(self.program, data, session, identity, resume=resume)

    def start(
        self,
        input: Any = None,
        *,
        name: str | None = None,
        seed: int | None = None,
        redrive: Execution | None = None,
        **serving: Unpack[Serving],
    ) -> ExecutionHandle:
        """Start running in the background; returns a handle to wait on, answer by task token, or abort
        (``redrive``: see :meth:`run`)."""
        resume = self._resume(redrive, input, name)  # refused here, before a thread starts
        data = execution_input(input) if resume is None else resume.previous.input
        serving = {**serving, "callbacks": serving.get("callbacks") or TaskTokens()}  # the handle answers by token
        session = self._session(self.program.states.values(), seed, serving)
        session.history = History(session.clock.now)
        identity = self._identity(name, session.rng) if resume is None else resume.identity
        return ExecutionHandle(self._execute(self.program, data, session, identity, resume=resume), session, identity)

    def test_state(
        self,
        state_name: str,
        input: Any = None,
        *,
        inspection_level: str = "INFO",
        seed: int | None = None,
        mock: Mapping[str, Any] | None = None,
        context: Mapping[str, Any] | None = None,
        variables: Mapping[str, Any] | None = None,
        state_configuration: Mapping[str, Any] | None = None,
        **serving: Unpack[Serving],
    ) -> StateTestResult:
        """Run one state as AWS's TestState API does; see :mod:`statewise.asl.test_state`.

        ``mock`` (``{"result": ...}`` or ``{"errorOutput": {"error", "cause"}}``, with an optional
        ``fieldValidationMode``) answers for a tested Task, Map or Parallel state instead of running it;
        ``context`` replaces the context object (``$$``); ``variables`` are set before the state runs;
        ``state_configuration`` takes TestState's ``stateConfiguration`` (``retrierRetryCount``,
        ``mapIterationFailureCount``, ``errorCausedByState``, ``mapItemReaderData``). A request that does
        not fit the state raises :class:`~statewise.errors.StateTestRequestError`.
        """
        state = requested_state(self.program, self.name, state_name, inspection_level)
        stand_in = requested_stand_in(state, mock=mock, context=context, configuration=state_configuration)
        trace = None
        http = serving.get("http")
        if http is not None and inspection_level == "TRACE":  # TRACE shows an HTTP Task's request and response
            from statewise.integrations.http_task import HttpTrace  # noqa: PLC0415 - only traced HTTP tests load it

            serving = {**serving, "http": (trace := HttpTrace(http))}
        if mock is not None and isinstance(state, TaskState):
            from statewise.integrations.state_mock import mocked_task  # noqa: PLC0415 - only mocked tests load it

            bound = {**(serving.get("resources") or {}), state.resource: mocked_task(state.target, mock)}
            serving = {**serving, "resources": bound}
        mocked_whole = stand_in is not None and stand_in.outcome is not None  # a Map or Parallel that runs nothing
        session = self._session(() if mocked_whole else (state,), seed, serving)
        data = execution_input(input)  # refused as StartExecution refuses it; Decimals become plain numbers
        run = self.make_run(session, History(session.clock.now), self._identity(None, session.rng), data, None)
        run.stand_in = stand_in
        result = run_state(run, state, data, inspection_level, checked_variables(variables))
        if trace is not None:
            result.inspection_data.update(trace.inspection_data())
        return result

    # -- internals --------------------------------------------------------

    def _session(self, states: Iterable[State], seed: int | None, serving: Serving) -> _Session:
        """The run's options, checked (every Task in ``states`` served) before anything runs."""
        unknown = [key for key in serving if key not in Serving.__optional_keys__]
        if unknown:  # what Python would say of a misspelt keyword, with the keywords it may have meant
            suggestions = close_matches(unknown[0], sorted(Serving.__optional_keys__))
            raise TypeError(with_suggestions(f"unexpected keyword argument {unknown[0]!r}", suggestions))
        options = RunOptions.build(**serving, machine=self.name, tasks=_tasks(self.program.states.values()))
        # the Tasks of the child state machines bound to serve startExecution.sync run on these options too
        children = NestedMachines.of(serving.get("resources"))[0].machines.values()
        options.check_served(chain(_tasks(states), *(_tasks(child.program.states.values()) for child in children)))
        return _Session(options, random.Random(seed))

    def _identity(self, name: str | None, rng: random.Random) -> tuple[str, str]:
        exec_name = name or str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if self.type == "EXPRESS":
            run_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            return exec_name, self.identity.arn("states", f"express:{self.name}:{exec_name}:{run_id}")
        return exec_name, self.identity.arn("states", f"execution:{self.name}:{exec_name}")

    def _resume(self, redrive: Execution | None, input: Any, name: str | None) -> ResumePlan | None:
        """The plan to continue ``redrive`` (None: a new execution), refused as RedriveExecution refuses it."""
        if redrive is None:
            return None
        if input is not None or name is not None:
            raise ValueError("a redrive continues the execution's own input and name: pass no input or name")
        return plan_redrive(self.program, redrive, self.type)

    def make_run(
        self,
        session: _Session,
        history: History,
        identity: tuple[str, str],
        data: Any,
        timeout: int | None,
        parent_deadline: float | None = None,
        type: str | None = None,
    ) -> Run:
        """A :class:`Run` for one execution of this machine (or of a Map's item processor, of ``type``)."""
        type = type or self.type
        exec_name, exec_arn = identity
        clock = session.clock
        execution: dict[str, Any] = {
            "Id": exec_arn,
            "Input": data,
            "Name": exec_name,
            "RoleArn": self.role_arn,
            "StartTime": iso(clock.now()),
        }
        if type == "STANDARD":
            execution["RedriveCount"] = 0
        limit = _EXPRESS_LIMIT if type == "EXPRESS" else _STANDARD_LIMIT
        implicit = timeout is None and type != "EXPRESS"
        timeout = limit if timeout is None else min(timeout, limit)
        deadline = clock.monotonic() + timeout
        if parent_deadline is not None and parent_deadline < deadline:
            deadline, implicit = parent_deadline, False
        run = Run(
            history,
            clock,
            session.rng,
            session.options.resolver,
            session.options.callbacks,
            execution,
            {"Id": self.arn, "Name": self.name},
            deadline,
            deadline_implicit=implicit,
            region=self.identity.region,
        )
        run.start_nested = lambda request: _nested(request, session, run.children)
        return run

    async def _execute(
        self,
        program: Program,
        data: Any,
        session: _Session,
        identity: tuple[str, str],
        *,
        child: bool = False,
        variables: Variables | None = None,
        parent_deadline: float | None = None,
        type: str | None = None,
        resume: ResumePlan | None = None,
    ) -> Execution:
        data = {} if data is None else data
        history = session.history if session.history is not None and not child else History(session.clock.now)
        run = self.make_run(session, history, identity, data, program.timeout_seconds, parent_deadline, type)
        run.start_child = lambda state, item, map_run_arn, variables, previous: self._child(
            state, item, session, map_run_arn, variables, run.deadline, previous
        )
        start = session.clock.now() if resume is None else resume.started
        output: Any = None
        error: str | None = None
        cause: str | None = None
        status = ExecutionStatus.SUCCEEDED
        ending: tuple[str, dict[str, Any]] | None = None  # the closing event, recorded below
        try:
            if resume is None:
                started = history.add(
                    "ExecutionStarted",
                    0,
                    {"input": payload_json(data, "input"), "inputDetails": _NOT_TRUNCATED, "roleArn": self.role_arn},
                )
                output = await run.program(program, data, Frame(started, variables=variables or Variables()))
            else:
                output = await _redriven(run, program, resume, variables)
            ending = "ExecutionSucceeded", {"output": payload_json(output, "output"), "outputDetails": _NOT_TRUNCATED}
        except StatesError as exc:  # AWS records no cause where a task gave an empty one
            status, output, error, cause = ExecutionStatus.FAILED, None, exc.error or None, exc.cause or None
            ending = "ExecutionFailed", _error_details(error, cause)
        except ExecutionTimedOut:
            status, output = ExecutionStatus.TIMED_OUT, None
            ending = "ExecutionTimedOut", {}
        except HistoryLimitExceeded:
            status, output, error, cause = ExecutionStatus.FAILED, None, "States.Runtime", _HISTORY_FULL
        except Warning:  # internal_fault's warning turned into an error: the bug reaches the caller
            raise
        except Exception as exc:  # a bug outside any state: still a failed execution, never a crash
            status, output, error, cause = ExecutionStatus.FAILED, None, "States.Runtime", internal_fault(exc).cause
            ending = "ExecutionFailed", _error_details(error, cause)
        except asyncio.CancelledError:
            if child:
                raise
            status, output, error, cause = ExecutionStatus.ABORTED, None, session.abort_error, session.abort_cause
            ending = "ExecutionAborted", _error_details(error, cause)
        if ending is not None:
            try:
                history.add(ending[0], len(history.events), ending[1])
            except HistoryLimitExceeded:  # the closing event was one too many: the quota ends it
                status, output, error, cause = ExecutionStatus.FAILED, None, "States.Runtime", _HISTORY_FULL
        return Execution(
            identity[1],
            identity[0],
            status,
            data,
            output,
            error,
            cause,
            history.events,
            start,
            session.clock.now(),
            tuple(run.children),
        )

    async def _child(
        self,
        state: MapState,
        item: Any,
        session: _Session,
        map_run_arn: str,
        variables: Variables,
        deadline: float | None,
        previous: Execution | None,
    ) -> Execution:
        """A child execution of a distributed Map; a redriven Map's STANDARD child that did not succeed
        (``previous``) is redriven, an EXPRESS one starts again, as AWS redrives a Map Run."""
        resume = None
        if previous is not None and state.child_execution_type == "STANDARD":
            with contextlib.suppress(ExecutionNotRedrivable):  # one that cannot go on starts again
                resume = plan_redrive(state.processor, previous, "STANDARD")
        if resume is None:
            child_name = str(uuid.UUID(int=session.rng.getrandbits(128), version=4))
            kind = ":express:" if state.child_execution_type == "EXPRESS" else ":execution:"
            identity = (child_name, f"{map_run_arn.replace(':mapRun:', kind)}:{child_name}")
        else:
            item, identity = resume.previous.input, resume.identity
        return await self._execute(
            state.processor,
            item,
            session,
            identity,
            child=True,
            variables=variables,
            parent_deadline=deadline,
            type=state.child_execution_type,
            resume=resume,
        )


async def _redriven(run: Run, program: Program, resume: ResumePlan, outer: Variables | None) -> Any:
    """Continue the execution ``resume`` plans: its history after ``ExecutionRedriven``, the context object's
    redrive fields, the re-entered state (with what it keeps, through ``Run.resume``) and the states after it;
    ``outer`` are the variables a redriven child execution of a distributed Map reads from its parent."""
    redriven = resume.reopen(run.history)
    run.execution.update(
        StartTime=iso(resume.started), RedriveCount=resume.count, RedriveTime=iso(run.history.events[-1]["timestamp"])
    )
    run.children.extend(resume.kept_children)
    if resume.state is None:  # the last state had ended: only the execution's end was missing
        return resume.input
    run.resume = resume.inner
    frame = Frame(redriven, variables=Variables({**(outer.values if outer else {}), **resume.variables}))
    return await run.program(replace(program, start_at=resume.state), resume.input, frame)


async def _nested(request: NestedExecution, session: _Session, children: list[Any]) -> Submitted:
    """Start a child state machine bound locally (``startExecution.sync``) on the parent's options; the Task
    awaits its end, and the finished child joins the parent's ``children``."""
    machine: StateMachine = request.machine
    try:
        data = execution_input(request.input)
    except StatewiseError as exc:  # as StartExecution refuses it
        raise StatesError("StepFunctions.InvalidExecutionInputException", str(exc)) from None
    identity = machine._identity(request.name, session.rng)

    async def outcome() -> Any:
        execution = await machine._execute(machine.program, data, session, identity, child=True)
        children.append(execution)
        return request.result(execution)

    return Submitted(request.submitted(identity[1], session.clock.now()), outcome)


def _tasks(states: Iterable[State]) -> Iterator[TaskRef]:
    """Every Task among ``states`` and the states nested in them, and the resources a distributed
    Map reads its items from and writes its results to."""
    for state in every_state(states):
        if isinstance(state, TaskState):
            yield TaskRef(state.name, state.target)
        elif isinstance(state, MapState):
            for config in (state.item_reader, state.result_writer):
                if config is not None and isinstance(config.get("Resource"), str):
                    yield TaskRef(state.name, parse_target(config["Resource"]))


def _error_details(error: str | None, cause: str | None) -> dict[str, str]:
    """An ending event's details: the error and cause that are set."""
    return {key: value for key, value in (("error", error), ("cause", cause)) if value is not None}


def _standalone(name: str, state: dict[str, Any]) -> dict[str, Any]:
    """A definition holding ``state`` plus a Succeed stub for every state it can go to."""
    targets = [state.get("Next"), state.get("Default")]
    targets += [rule.get("Next") for rule in state.get("Choices", []) if isinstance(rule, dict)]
    targets += [catcher.get("Next") for catcher in state.get("Catch", []) if isinstance(catcher, dict)]
    stubs = {target: {"Type": "Succeed"} for target in targets if isinstance(target, str) and target != name}
    return {"StartAt": name, "States": {name: state, **stubs}}


def _brief(value: Any, limit: int = 60) -> str:
    """``value`` as compact JSON, cut to ``limit`` characters."""
    try:
        text = compact_json(value)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ExecutionHandle:
    """A running execution: wait for it, abort it, read its history so far."""

    def __init__(self, coro: Any, session: _Session, identity: tuple[str, str]) -> None:
        self.name, self.arn = identity  # known before the execution ends (an Express one's ARN is drawn)
        self._session = session
        self._loop = asyncio.new_event_loop()
        self._task: asyncio.Task[Execution] | None = None
        self._result: Execution | None = None
        self._error: BaseException | None = None
        self._started = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._main, args=(coro,), name="statewise-execution", daemon=True)
        self._thread.start()
        self._started.wait()

    def _main(self, coro: Any) -> None:
        asyncio.set_event_loop(self._loop)
        self._task = self._loop.create_task(coro)
        self._started.set()
        try:
            self._result = self._loop.run_until_complete(self._task)
        except BaseException as exc:  # handed to result(), never lost in the thread
            self._error = exc
        finally:
            close_loop(self._loop)
            self._done.set()

    @property
    def history(self) -> list[dict[str, Any]]:
        """The events recorded so far (a copy)."""
        assert self._session.history is not None
        return list(self._session.history.events)

    def done(self) -> bool:
        return self._done.is_set()

    def result(self, timeout: float | None = None) -> Execution:
        """The finished execution; TimeoutError if it is still running after ``timeout`` seconds."""
        if not self._done.wait(timeout):
            raise TimeoutError("the execution is still running")
        if self._result is None:
            raise self._error or StatewiseError("the execution ended without a result")
        return self._result

    @property
    def _tokens(self) -> TaskTokens:
        tokens = self._session.options.callbacks
        assert tokens is not None  # start() always gives its run a TaskTokens
        return tokens

    def send_task_success(self, token: str, output: Any) -> None:
        """Answer a ``.waitForTaskToken`` Task of this execution: it succeeds with ``output``."""
        self._tokens.send_task_success(token, output)

    def send_task_failure(self, token: str, error: str | None = None, cause: str | None = None) -> None:
        """Answer a ``.waitForTaskToken`` Task of this execution: it fails with ``error`` and ``cause``."""
        self._tokens.send_task_failure(token, error, cause)

    def send_task_heartbeat(self, token: str) -> None:
        """Keep a waiting Task's ``HeartbeatSeconds`` from running out."""
        self._tokens.send_task_heartbeat(token)

    @property
    def task_tokens(self) -> tuple[str, ...]:
        """The tokens this execution's Tasks wait on now, oldest first."""
        return self._tokens.pending

    def abort(self, error: str | None = None, cause: str | None = None) -> None:
        """Stop the execution: it ends ABORTED with an ``ExecutionAborted`` event."""
        self._session.abort_error, self._session.abort_cause = error, cause
        if self._task is not None and not self._done.is_set():
            with contextlib.suppress(RuntimeError):  # the loop closed just now: the execution is over
                self._loop.call_soon_threadsafe(self._task.cancel)
