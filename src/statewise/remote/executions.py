"""Reading executions from Step Functions: list them, describe one, page its history, make it an Execution.

Theory of operation: every list is paged by :func:`statewise.paginate`
(botocore's paginator specs for ListExecutions and GetExecutionHistory),
so a history of any length arrives whole. Following a running execution,
:func:`newer_events` reads the history newest first and stops at the first
page that reaches events already seen, so each poll costs the new events,
not the whole history again. :func:`finished_execution` turns
DescribeExecution's answer and the history into the same
:class:`~statewise.Execution` a local run returns: JSON text becomes values,
and a failure's error and cause come from DescribeExecution or, where the
service leaves them out, from the history's last event.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from statewise.asl.machine import Execution, ExecutionStatus
from statewise.paging import paginate

__all__ = [
    "describe_execution",
    "execution_history",
    "execution_name",
    "finished_execution",
    "list_executions",
    "newer_events",
]

_METADATA = "ResponseMetadata"


def list_executions(
    client: Any, machine_arn: str, *, status: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The state machine's executions, newest first, as ListExecutions gives them (at most ``limit``)."""
    params: dict[str, Any] = {"stateMachineArn": machine_arn}
    if status is not None:
        params["statusFilter"] = status
    return list(paginate(client, "list_executions", max_items=limit, **params).items())


def describe_execution(client: Any, execution_arn: str) -> dict[str, Any]:
    """DescribeExecution's answer, without the HTTP metadata."""
    described: dict[str, Any] = client.describe_execution(executionArn=execution_arn)
    return {key: value for key, value in described.items() if key != _METADATA}


def execution_history(client: Any, execution_arn: str, *, page_size: int | None = None) -> list[dict[str, Any]]:
    """Every history event of the execution, oldest first (GetExecutionHistory, ``page_size`` events a page)."""
    return list(paginate(client, "get_execution_history", page_size=page_size, executionArn=execution_arn).items())


def newer_events(
    client: Any, execution_arn: str, *, after: int = 0, page_size: int | None = None
) -> list[dict[str, Any]]:
    """The history events with an id above ``after``, oldest first, read newest first (``reverseOrder``) so that
    a poll of a long history reads only the pages that hold new events."""
    found: list[dict[str, Any]] = []
    pages = paginate(client, "get_execution_history", page_size=page_size, executionArn=execution_arn,
                     reverseOrder=True)  # fmt: skip
    for page in pages:
        ids = [event["id"] for event in page["events"]]
        found += [event for event in page["events"] if event["id"] > after]
        if ids and min(ids) <= after and ids == sorted(ids, reverse=True):
            break  # newest first, and down to what was seen (a server ignoring reverseOrder is read to the end)
    return sorted(found, key=lambda event: int(event["id"]))


def finished_execution(described: Mapping[str, Any], history: list[dict[str, Any]]) -> Execution:
    """The :class:`~statewise.Execution` DescribeExecution's answer (of an execution that ended) and its
    ``history`` describe."""
    ending = _ending_details(history)
    return Execution(
        arn=described["executionArn"],
        name=execution_name(described),
        status=ExecutionStatus(described["status"]),
        input=_json(described.get("input")),
        output=_json(described.get("output")),
        error=described.get("error", ending.get("error")),
        cause=described.get("cause", ending.get("cause")),
        history=history,
        start_date=described["startDate"],
        stop_date=described.get("stopDate", described["startDate"]),
    )


def execution_name(described: Mapping[str, Any]) -> str:
    """The execution's name: DescribeExecution's, else the last part of its ARN (which is the name)."""
    return str(described.get("name") or described["executionArn"].rsplit(":", 1)[-1])


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _ending_details(history: list[dict[str, Any]]) -> Mapping[str, Any]:
    """The details of the history's last event (``executionFailedEventDetails`` ...), or ``{}``."""
    if not history:
        return {}
    return next((value for key, value in history[-1].items() if key.endswith("EventDetails")), {})
