"""Execution operations: Start, StartSync, Describe, DescribeStateMachineForExecution, Stop, List,
GetExecutionHistory, Redrive.

Theory of operation: StartExecution starts the engine
(:meth:`~statewise.StateMachine.start`, on its own thread) with the
execution's clock, the server's shared task tokens and, for a
``<stateMachineArn>#<TestCase>`` ARN, that test case of the server's
MockConfigFile, as Step Functions Local reads the suffix; Tasks no test
case mocks call AWS or their endpoint override. Starting a name again is
idempotent while the first run is RUNNING with the same input, and
``ExecutionAlreadyExists`` otherwise. What the other calls return is read
from the execution's handle: its history so far while it runs, its outcome
when done. Histories page with ``maxResults``/``nextToken`` (opaque, signed
tokens; see :mod:`statewise.server.params`), newest first with
``reverseOrder``, without ``input``/``output`` with ``includeExecutionData: false``;
DescribeExecution and StartSyncExecution leave them out with ``includedData: METADATA_ONLY``.
RedriveExecution continues a FAILED, TIMED_OUT or ABORTED Standard
execution through the engine's redrive (same ARN, its history going on after
``ExecutionRedriven``), with the test case it ran; others answer
``ExecutionNotRedrivable``, as AWS does. DescribeExecution gives
``redriveCount``, ``redriveDate`` and ``redriveStatus`` from the history.

Local choices where AWS differs: Express executions (started either way)
stay describable, listable and their histories readable, as on Step Functions
Local; stopping an execution that has ended returns its stop date.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any, Final

from statewise.base_errors import InvalidExecutionInput, MockConfigError, ResourceBindingError
from statewise.server.arns import check_name
from statewise.server.params import optional, required
from statewise.server.protocol import ApiError
from statewise.server.state import ExecutionRecord, ServerState

if TYPE_CHECKING:
    from statewise.asl.machine import Execution

__all__ = ["HANDLERS"]

_REDRIVABLE: Final = ("FAILED", "TIMED_OUT", "ABORTED")

_STATUSES: Final = ("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE")
_DATA_KEYS: Final = ("input", "output")  # what includeExecutionData: false leaves out of event details
_INCLUDED_DATA: Final = ("ALL_DATA", "METADATA_ONLY")


def start(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = _start(state, params)
    return {"executionArn": record.arn, "startDate": record.start}


def start_sync(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = _start(state, params, sync=True)
    execution = record.handle.result()
    response = _outcome(record, execution)
    response["billingDetails"] = {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": max(100, _ms(execution))}
    return _with_data(response, record, params)


def _start(state: ServerState, params: dict[str, Any], *, sync: bool = False) -> ExecutionRecord:
    text, _, test_case = required(params, "stateMachineArn", str).partition("#")
    record, arn = state.machine(text)
    revision, version_arn, alias_arn = record.target(arn)
    if sync and record.type != "EXPRESS":
        raise ApiError(
            "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine: "
            f"StartSyncExecution runs EXPRESS state machines, and '{record.arn}' is {record.type}"
        )  # fmt: skip
    name = check_name(optional(params, "name", str, "") or str(uuid.uuid4()))
    text_input = optional(params, "input", str, "{}")
    try:
        data = json.loads(text_input)
    except ValueError as exc:
        raise ApiError("InvalidExecutionInput", f"Invalid State Machine Execution Input: '{exc}'") from None
    options: dict[str, Any] = {}
    if test_case:
        if state.mocks is None:
            raise ApiError(
                "ValidationException", f"'{text}#{test_case}' names a test case, but the server has no "
                "MockConfigFile: start it with SFN_MOCK_CONFIG=<file> or --mock-config <file>"
            )  # fmt: skip
        options = {"mock_config": state.mocks, "test_case": test_case}
    machine = revision.machine
    with state.lock:
        execution_arn = state.identity.arn("states", f"execution:{record.name}:{name}")
        existing = state.executions.get(execution_arn)
        if existing is not None:
            if existing.input == text_input and existing.status == "RUNNING" and not sync:
                return existing  # StartExecution is idempotent for a running execution with the same input
            raise ApiError("ExecutionAlreadyExists", f"Execution Already Exists: '{execution_arn}'")
        clock = state.config.clock()
        start_date = clock.now()  # before it starts: on a fake clock it may be over before start() returns
        try:
            handle = machine.start(data, name=name, clock=clock, aws=state.aws, callbacks=state.tokens, **options)
        except InvalidExecutionInput as exc:
            raise ApiError("InvalidExecutionInput", f"Invalid State Machine Execution Input: '{exc}'") from None
        except (MockConfigError, ResourceBindingError) as exc:
            raise ApiError("ValidationException", str(exc)) from None
        execution = ExecutionRecord(
            handle.arn, name, record.arn, version_arn, revision, text_input, start_date, handle, alias_arn, options
        )
        state.executions[handle.arn] = execution
    state.recorder.started(machine, handle, name=name, arn=handle.arn, data=data, start=start_date)
    return execution


def describe(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = state.execution(required(params, "executionArn", str))
    described = _summary(record)
    finished = record.finished
    if finished is not None:
        described.update(_outcome(record, finished))
    if record.revision.machine.type == "STANDARD":
        redrives = [event for event in record.history if event["type"] == "ExecutionRedriven"]
        described["redriveCount"] = len(redrives)
        if redrives:
            described["redriveDate"] = redrives[-1]["timestamp"]
        if record.status in _REDRIVABLE:
            described["redriveStatus"] = "REDRIVABLE"
        else:
            described.update(redriveStatus="NOT_REDRIVABLE", redriveStatusReason=f"Execution is {record.status}")
    return _with_data(described, record, params)


def _with_data(response: dict[str, Any], record: ExecutionRecord, params: dict[str, Any]) -> dict[str, Any]:
    """``response`` with the execution's input (and output, when it has one), unless ``includedData`` is
    ``METADATA_ONLY``: then without them, and their details say so."""
    included = optional(params, "includedData", str, "ALL_DATA")
    if included not in _INCLUDED_DATA:
        raise ApiError("ValidationException", f"includedData must be one of {', '.join(_INCLUDED_DATA)}")
    has_output = "output" in response
    if included == "METADATA_ONLY":
        response.pop("output", None)
    else:
        response["input"] = record.input
    details = {"included": included == "ALL_DATA"}
    response["inputDetails"] = details
    if has_output:
        response["outputDetails"] = details
    return response


def describe_machine(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = state.execution(required(params, "executionArn", str))
    revision = record.revision
    return {
        "stateMachineArn": record.version_arn or record.machine_arn,
        "name": revision.machine.name,
        "definition": revision.definition,
        "roleArn": revision.role_arn,
        "updateDate": revision.date,
        "revisionId": revision.revision_id,
        **revision.settings,
    }


def stop(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = state.execution(required(params, "executionArn", str))
    error, cause = optional(params, "error", str, ""), optional(params, "cause", str, "")
    record.handle.abort(error or None, cause or None)
    return {"stopDate": record.handle.result().stop_date}


def list_executions(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("mapRunArn") is not None:
        raise ApiError("ValidationException", "statewise serve lists executions by stateMachineArn, not mapRunArn")
    machine, arn = state.machine(required(params, "stateMachineArn", str))
    status = optional(params, "statusFilter", str, "")
    if status and status not in _STATUSES:
        raise ApiError("ValidationException", f"statusFilter must be one of {', '.join(_STATUSES)}, got {status!r}")
    with state.lock:
        chosen = [r for r in state.executions.values()
                  if r.machine_arn == machine.arn and arn.qualifier in (None, *_qualifiers(r))]  # fmt: skip
    summaries = [s for s in map(_summary, reversed(chosen)) if not status or s["status"] == status]
    page, token = state.pager.page(summaries, params, f"ListExecutions {arn.text} {status}")
    return {"executions": page, **({"nextToken": token} if token else {})}


def history(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = state.execution(required(params, "executionArn", str))
    reverse = optional(params, "reverseOrder", bool, False)
    include = optional(params, "includeExecutionData", bool, True)
    events = record.history[::-1] if reverse else record.history  # a copy: the engine's list stays as it is
    if not include:
        events = [_without_data(event) for event in events]
    page, token = state.pager.page(events, params, f"GetExecutionHistory {record.arn} {reverse} {include}")
    return {"events": page, **({"nextToken": token} if token else {})}


def redrive(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    from statewise.base_errors import ExecutionNotRedrivable  # noqa: PLC0415 - with the engine

    record = state.execution(required(params, "executionArn", str))
    with state.lock:
        finished = record.finished
        if finished is None or record.status not in _REDRIVABLE:
            raise ApiError("ExecutionNotRedrivable", f"Execution is not redrivable: '{record.arn}' ({record.status})")
        machine = record.revision.machine
        clock = state.config.clock()
        try:
            handle = machine.start(
                redrive=finished, clock=clock, aws=state.aws, callbacks=state.tokens, **record.serving
            )
        except ExecutionNotRedrivable as exc:
            raise ApiError("ExecutionNotRedrivable", f"Execution is not redrivable: '{record.arn}': {exc}") from None
        record.handle = handle
    state.recorder.redriven(handle, arn=record.arn, seen=len(finished.history))
    return {"redriveDate": clock.now()}


def _summary(record: ExecutionRecord) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "executionArn": record.arn,
        "stateMachineArn": record.machine_arn,
        "name": record.name,
        "status": record.status,
        "startDate": record.start,
    }
    finished = record.finished
    if finished is not None:
        summary["stopDate"] = finished.stop_date
    if record.version_arn is not None:
        summary["stateMachineVersionArn"] = record.version_arn
    if record.alias_arn is not None:
        summary["stateMachineAliasArn"] = record.alias_arn
    return summary


def _qualifiers(record: ExecutionRecord) -> tuple[str, ...]:
    """The version number and alias name the execution ran through (ListExecutions filters by them)."""
    return tuple(arn.rsplit(":", 1)[1] for arn in (record.version_arn, record.alias_arn) if arn is not None)


def _outcome(record: ExecutionRecord, execution: Execution) -> dict[str, Any]:
    """The members saying how ``execution`` ended."""
    outcome: dict[str, Any] = {
        "executionArn": record.arn,
        "stateMachineArn": record.machine_arn,
        "name": record.name,
        "startDate": record.start,
        "stopDate": execution.stop_date,
        "status": str(execution.status),
    }
    if execution.status == "SUCCEEDED":
        outcome["output"] = execution.history[-1]["executionSucceededEventDetails"]["output"]
    for key, value in (("error", execution.error), ("cause", execution.cause)):
        if value is not None:
            outcome[key] = value
    return outcome


def _without_data(event: dict[str, Any]) -> dict[str, Any]:
    return {key: _strip(value) if key.endswith("EventDetails") else value for key, value in event.items()}


def _strip(details: Any) -> Any:
    return {k: v for k, v in details.items() if k not in _DATA_KEYS} if isinstance(details, dict) else details


def _ms(execution: Execution) -> int:
    return int((execution.stop_date - execution.start_date).total_seconds() * 1000)


HANDLERS: Final = {
    "StartExecution": start,
    "StartSyncExecution": start_sync,
    "DescribeExecution": describe,
    "DescribeStateMachineForExecution": describe_machine,
    "StopExecution": stop,
    "ListExecutions": list_executions,
    "GetExecutionHistory": history,
    "RedriveExecution": redrive,
}
