"""Following a running execution: record its events as they come, and show them to a person.

Theory of operation: :func:`follow` polls the :class:`~statewise.ExecutionHandle`
every tenth of a second (waiting on the handle itself, never sleeping
blind), hands each batch of new events to ``record`` (the store appends
them, so a killed process keeps every event already seen) and, when a
:class:`LiveView` is given, redraws it. The view (rich, for terminals only)
shows the states running now, each Map's iterations so far, the event
count and the pages of paginated APIs fetched so far (AWS SDK calls whose
operation has a paginator spec); :func:`follow` returns the finished execution, aborting it first on
Ctrl-C.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from rich.table import Table

    from statewise.asl.machine import Execution, ExecutionHandle, StateMachine
    from statewise.store import ExecutionStore, StoredExecution

__all__ = ["LiveView", "follow", "recorded"]

_POLL: Final = 0.1  # seconds between looks at the history


class LiveView:
    """A rich Live display of the running states and Map progress."""

    def __init__(self, title: str) -> None:
        from rich.console import Console  # noqa: PLC0415 - for terminals only; --json and pipes never load rich
        from rich.live import Live  # noqa: PLC0415

        self._title = title
        self._live = Live(console=Console(stderr=True), refresh_per_second=8, transient=True)

    def __enter__(self) -> LiveView:
        self._live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._live.__exit__(*exc)

    def update(self, history: list[dict[str, Any]]) -> None:
        self._live.update(self.render(history))

    def render(self, history: list[dict[str, Any]]) -> Table:
        """A table of the states running now and each Map's iterations, from the history so far."""
        from rich.table import Table  # noqa: PLC0415 - see __init__

        from statewise.diagrams.overlay import Outcome, overlay  # noqa: PLC0415 - loads with the engine

        painted = overlay(history)
        pages = sum(1 for event in history if _is_page(event))
        fetched = f", {pages} page{'s' * (pages != 1)} fetched" if pages else ""
        table = Table(title=f"{self._title}: {len(history)} events{fetched}", min_width=60)
        table.add_column("state")
        table.add_column("now")
        for name, outcome in painted.outcomes.items():
            counts = painted.iterations.get(name)
            if counts:
                done, failed = counts.get("MapIterationSucceeded", 0), counts.get("MapIterationFailed", 0)
                note = f"{done} of {counts.get('MapIterationStarted', 0)} iterations done"
                table.add_row(name, note + (f", {failed} failed" if failed else ""))
            elif outcome is Outcome.RUNNING:
                table.add_row(name, "running")
        return table


def _is_page(event: dict[str, Any]) -> bool:
    """Whether ``event`` is an AWS SDK call's answer that is one page of a paginated API (its operation has a
    paginator spec: DescribeWorkspaces, ListObjectsV2, ...)."""
    if event.get("type") != "TaskSucceeded":
        return False
    details = event.get("taskSucceededEventDetails", {})
    kind = str(details.get("resourceType", ""))
    return kind.startswith("aws-sdk:") and _pageable(kind.removeprefix("aws-sdk:"), str(details.get("resource", "")))


@functools.cache
def _pageable(service: str, action: str) -> bool:
    from statewise.integrations.sdk_names import boto3_service, operation_name  # noqa: PLC0415 - as the engine
    from statewise.specs.registry import find_paginator  # noqa: PLC0415

    botocore_name = boto3_service(service)
    return botocore_name is not None and find_paginator(botocore_name, operation_name(action)) is not None


def follow(
    handle: ExecutionHandle,
    record: Callable[[list[dict[str, Any]]], None],
    view: LiveView | None = None,
    *,
    seen: int = 0,
) -> Execution:
    """Wait for ``handle``'s execution, recording (and showing) its events after the first ``seen`` as they come."""
    try:
        while True:
            try:
                execution = handle.result(timeout=_POLL)
            except TimeoutError:
                history = handle.history
                record(history[seen:])
                seen = len(history)
                if view is not None:
                    view.update(history)
                continue
            return execution
    except KeyboardInterrupt:
        handle.abort(None, "stopped from the command line (Ctrl-C)")
        return handle.result()


def recorded(
    store: ExecutionStore,
    machine: StateMachine,
    handle: ExecutionHandle,
    *,
    name: str,
    data: Any,
    view: LiveView | None,
    redriven: StoredExecution | None = None,
) -> tuple[Execution, str]:
    """Follow ``handle``'s execution (started by ``machine`` as ``name`` on ``data``, or redriving the stored
    execution ``redriven``) into ``store``; the execution and its id there. Its row is begun (or reopened) before
    the first event and finished with the outcome, so a killed run reads back INTERRUPTED with every event it
    recorded."""
    import contextlib  # noqa: PLC0415 - with datetime, loaded when a run needs it (see cli/run.py)
    from datetime import UTC, datetime  # noqa: PLC0415

    if redriven is None:  # provisional: finish() records the name, ARN, input and start the engine settled
        execution_id = store.begin(
            machine_name=machine.name,
            definition=machine.definition,
            name=name,
            arn=machine.identity.arn("states", f"execution:{machine.name}:{name}"),
            input=data,
            start_date=datetime.now(UTC),
        )
    else:  # the redrive's events go after those recorded
        execution_id = redriven.id
        store.reopen(execution_id)
    seen = 0 if redriven is None else redriven.events
    with view or contextlib.nullcontext():
        execution = follow(handle, lambda events: store.append(execution_id, events), view, seen=seen)
    store.finish(execution_id, execution)
    return execution, execution_id
