"""``statewise.remote.run``: start an execution on AWS Step Functions, follow it, and return it as an Execution.

Theory of operation: :func:`run` is :func:`start` (StartExecution, after the
input is checked as AWS checks it) then :func:`follow`, which waits with statewise's own
``ExecutionFinished`` waiter (DescribeExecution until the status is no longer
RUNNING) paced by exponential backoff on the injected clock, so tests never
sleep. After each poll, when someone watches (``on_events``) or records
(``store``), the events not seen yet are read (newest first, down to the
last one seen: :func:`~statewise.remote.executions.newer_events`) and passed
on. The finished execution is DescribeExecution's last answer plus the whole
history (GetExecutionHistory, paged), in the same
:class:`~statewise.Execution` a local run returns; with a ``store`` it is
recorded there as it goes, as ``statewise run`` records local runs.
:func:`redrive` restarts a failed execution from where it failed
(RedriveExecution), for :func:`follow` to follow again.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from statewise.asl.encoding import compact_json
from statewise.asl.engine import execution_input
from statewise.clock import Clock
from statewise.remote.aws import state_machine_arn, stepfunctions_client
from statewise.remote.executions import describe_execution, execution_name, finished_execution, newer_events
from statewise.waiting import wait

if TYPE_CHECKING:
    from statewise.asl.machine import Execution
    from statewise.store import ExecutionStore

__all__ = ["follow", "redrive", "run", "start"]

Events = Callable[[list[dict[str, Any]]], object]
_LONGEST: Final = 366 * 24 * 3600.0  # seconds: a Standard execution lasts at most a year, so no wait needs longer


def run(
    name_or_arn: str,
    input: Any = None,
    *,
    session: Any = None,
    client: Any = None,
    endpoint_url: str | None = None,
    region: str | None = None,
    name: str | None = None,
    clock: Clock | None = None,
    timeout: float | None = None,
    page_size: int | None = None,
    on_events: Events | None = None,
    store: ExecutionStore | None = None,
) -> Execution:
    """Start an execution of the state machine ``name_or_arn`` (a name, or a machine, version or alias ARN) on
    ``input`` and return it finished. ``name`` defaults to a random UUID, as AWS's console does.

    Polls back off from 2 to 5 seconds apart (the ``ExecutionFinished`` waiter's delay); ``timeout`` bounds the
    wait in seconds (by default a year and a day: no Standard execution lasts longer). ``page_size`` is
    GetExecutionHistory's ``maxResults``; ``on_events`` receives each batch of new history events as they come.
    """
    sfn = stepfunctions_client(session=session, client=client, endpoint_url=endpoint_url, region=region)
    execution_arn = start(name_or_arn, input, client=sfn, name=name)
    return follow(
        execution_arn, client=sfn, clock=clock, timeout=timeout, page_size=page_size, on_events=on_events, store=store
    )


def start(
    name_or_arn: str,
    input: Any = None,
    *,
    session: Any = None,
    client: Any = None,
    endpoint_url: str | None = None,
    region: str | None = None,
    name: str | None = None,
) -> str:
    """Start an execution (StartExecution) and return its ARN at once; :func:`run` also follows it."""
    sfn = stepfunctions_client(session=session, client=client, endpoint_url=endpoint_url, region=region)
    text = compact_json(execution_input(input))  # refused here, as StartExecution would refuse it
    machine = state_machine_arn(sfn, name_or_arn)
    started: dict[str, Any] = sfn.start_execution(stateMachineArn=machine, name=name or str(uuid.uuid4()), input=text)
    return str(started["executionArn"])


def follow(
    execution_arn: str,
    *,
    session: Any = None,
    client: Any = None,
    endpoint_url: str | None = None,
    region: str | None = None,
    clock: Clock | None = None,
    timeout: float | None = None,
    page_size: int | None = None,
    on_events: Events | None = None,
    store: ExecutionStore | None = None,
) -> Execution:
    """Wait for the execution ``execution_arn`` to end and return it (see :func:`run` for the options)."""
    sfn = stepfunctions_client(session=session, client=client, endpoint_url=endpoint_url, region=region)
    sinks: list[Events] = [] if on_events is None else [on_events]
    recording = None
    if store is not None:
        recording = _begin(store, sfn, execution_arn)
        sinks.append(functools.partial(store.append, recording))
    known: list[dict[str, Any]] = []

    def catch_up() -> list[dict[str, Any]]:
        fresh = newer_events(sfn, execution_arn, after=known[-1]["id"] if known else 0, page_size=page_size)
        known.extend(fresh)
        return fresh

    def deliver(fresh: list[dict[str, Any]]) -> None:
        for sink in sinks if fresh else ():
            sink(fresh)

    def on_attempt(_: object) -> None:
        if sinks:  # nobody watching: the history is read once, at the end
            deliver(catch_up())

    budget = _LONGEST if timeout is None else timeout
    described = wait(sfn, "execution_finished", executionArn=execution_arn, backoff="exponential", clock=clock,
                     timeout=budget, on_attempt=on_attempt)  # fmt: skip
    deliver(catch_up())  # the whole history when nobody watched, else what the last poll may have missed
    execution = finished_execution(described, known)
    if store is not None and recording is not None:
        store.finish(recording, execution)
    return execution


def redrive(
    execution_arn: str,
    *,
    session: Any = None,
    client: Any = None,
    endpoint_url: str | None = None,
    region: str | None = None,
) -> datetime:
    """Redrive a failed, aborted or timed-out Standard execution from where it stopped (RedriveExecution);
    returns the redrive date. Follow it again with :func:`follow`."""
    sfn = stepfunctions_client(session=session, client=client, endpoint_url=endpoint_url, region=region)
    redriven: datetime = sfn.redrive_execution(executionArn=execution_arn)["redriveDate"]
    return redriven


def _begin(store: ExecutionStore, client: Any, execution_arn: str) -> str:
    """A RUNNING row for the execution in ``store``, with its machine's name and definition; its id."""
    machine = client.describe_state_machine_for_execution(executionArn=execution_arn)
    described = describe_execution(client, execution_arn)
    return store.begin(
        machine_name=machine["name"],
        definition=json.loads(machine["definition"]),
        name=execution_name(described),
        arn=execution_arn,
        input=json.loads(described.get("input") or "{}"),
        start_date=described["startDate"],
    )
