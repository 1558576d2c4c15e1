"""What a run is told, gathered into one frozen value built and checked in one place.

Theory of operation: ``run``, ``arun``, ``start`` and ``test_state`` keep the
explicit keyword arguments users see (``clock=``, ``resources=``,
``data_dir=``) and hand them to :meth:`RunOptions.build`, which checks them
(a binding that cannot serve a Task raises
:class:`~statewise.errors.ResourceBindingError` here, before anything runs)
and turns them into what the engine reads: a clock with the engine's
protocol and a :class:`~statewise.integrations.resolver.Resolver` chain for
Tasks (the bindings, by exact ARN and, for ``lambda:invoke``, by function name;
then, with ``mock_config=`` and ``test_case=``, the states that test case mocks;
then, with ``callbacks=``, activity Tasks for its workers;
then, with ``aws=``, AWS SDK and optimized integrations, ``.sync`` jobs and
the distributed Map's S3 reading and writing through boto3 or stand-in
clients; then, with ``http=``, HTTP Tasks through that transport; then, with
``data_dir=``, a folder standing in for S3 for the distributed Map's
ItemReader and ResultWriter). Child state machines bound in ``resources=``
serve ``startExecution.sync`` Tasks right after the bindings. New options are
new fields and new links in the chain, not new parameters threaded through
the engine.
:meth:`RunOptions.check_served` refuses, before an execution starts, Tasks
that nothing in the chain serves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from statewise.base_errors import ResourceBindingError
from statewise.clock import SYSTEM_CLOCK, Clock, EngineClock, engine_clock
from statewise.integrations.callbacks import TaskTokens
from statewise.integrations.lambdas import LambdaFunctions
from statewise.integrations.nested import NestedMachines
from statewise.integrations.resolver import Bindings, Chain, Resolver, TaskRef, unserved
from statewise.integrations.resources import bind_all
from statewise.integrations.targets import Target

if TYPE_CHECKING:
    from statewise.integrations.http_task import HttpTransport
    from statewise.integrations.mock_config import MockConfigSource

__all__ = ["RunOptions", "Serving", "UnservedTasksError"]


class UnservedTasksError(ResourceBindingError):
    """Some Task states have nothing to serve them; ``targets`` lists their resources."""

    def __init__(self, message: str, *, targets: tuple[Target, ...]):
        super().__init__(message)
        self.targets = targets


class Serving(TypedDict, total=False):
    """The keywords ``run``, ``arun``, ``start`` and ``test_state`` share: what serves the Tasks and keeps
    time. Each is documented at :meth:`statewise.StateMachine.run`; :meth:`RunOptions.build` checks them."""

    clock: Clock | None
    resources: Mapping[str, Any] | None
    data_dir: str | Path | None
    aws: Any
    mock_config: MockConfigSource | None
    test_case: str | None
    callbacks: TaskTokens | None
    http: HttpTransport | None


@dataclass(frozen=True, slots=True)
class RunOptions:
    """The options of one run (and of the child executions of its distributed Maps)."""

    clock: EngineClock
    resolver: Resolver
    callbacks: TaskTokens | None  # None: nothing can answer by token

    @classmethod
    def build(
        cls,
        *,
        clock: Clock | None = None,
        resources: Mapping[str, Any] | None = None,
        data_dir: str | Path | None = None,
        aws: Any = None,
        mock_config: MockConfigSource | None = None,
        test_case: str | None = None,
        callbacks: TaskTokens | None = None,
        http: HttpTransport | None = None,
        machine: str = "StateMachine",
        tasks: Iterable[TaskRef] | None = None,
    ) -> RunOptions:
        """Check the keyword arguments of ``run``/``arun``/``start``/``test_state`` and gather them.

        ``machine`` names the state machine (its ``StateMachines`` entry in ``mock_config``), ``tasks``
        are all its Tasks (which the test case may mock).
        """
        engine = engine_clock(clock or SYSTEM_CLOCK)
        machines, callables = NestedMachines.of(resources)
        bound = bind_all(callables)
        links: list[Resolver] = [Bindings(bound), LambdaFunctions.of(bound), machines]
        if mock_config is not None or test_case is not None:
            from statewise.integrations.mock_config import mock_link  # noqa: PLC0415 - loaded by runs that mock

            mocks = mock_link(mock_config, test_case, machine=machine, tasks=tasks)
            if mocks is not None:
                links.append(mocks)
        if callbacks is not None:  # given: its workers serve activity Tasks
            links.append(callbacks)
        if aws is not None:
            # loaded by runs that reach AWS, so a local run's first result stays fast
            from statewise.integrations.aws_sdk import aws_clients  # noqa: PLC0415
            from statewise.integrations.optimized import OptimizedCalls  # noqa: PLC0415
            from statewise.integrations.s3_calls import S3Calls  # noqa: PLC0415
            from statewise.integrations.sync_jobs import SyncJobs  # noqa: PLC0415

            try:
                clients = aws_clients(aws)
            except TypeError as exc:
                raise ResourceBindingError(str(exc)) from None
            links += [clients, OptimizedCalls(clients), SyncJobs(clients, engine), S3Calls(clients)]
        if http is not None:
            if not callable(http):
                raise ResourceBindingError(
                    f"http= takes a callable from a statewise HttpRequest to an HttpResponse, got {type(http).__name__}"
                )
            from statewise.integrations.http_task import HttpTasks  # noqa: PLC0415 - only runs with http= load it

            links.append(HttpTasks(http, engine))
        if data_dir is not None:
            from statewise.integrations.local_s3 import LocalS3  # noqa: PLC0415 - only runs with data_dir= load it

            links.append(LocalS3(Path(data_dir)))
        return cls(engine, Chain(tuple(links)), callbacks)

    def check_served(self, tasks: Iterable[TaskRef]) -> None:
        """Raise UnservedTasksError naming every task nothing serves."""
        missing = unserved(self.resolver, tasks)
        if not missing:
            return
        states = [f"{task.state!r} ({task.target.arn})" for task in missing]
        raise UnservedTasksError(
            f"nothing serves {len(states)} Task state{'s' * (len(states) != 1)}: {', '.join(states)}; "
            "serve them before running: resources={arn: callable} for any resource, aws=<a boto3 Session, "
            "or {service: client}> for AWS integrations and their .sync jobs, resources={state_machine_arn: "
            "StateMachine} for startExecution.sync children run locally, http=<a callable transport> for HTTP "
            "Tasks, mock_config= and test_case= for mocks, callbacks=TaskTokens() for activities, "
            "data_dir=<folder standing in for S3> for a Map's ItemReader",
            targets=tuple(dict.fromkeys(task.target for task in missing)),
        )
