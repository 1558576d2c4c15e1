"""Answers by task token and activities: SendTaskSuccess/Failure/Heartbeat, Create/Delete/Describe/
ListActivities, GetActivityTask.

Theory of operation: every execution waits on the server's one
:class:`~statewise.integrations.callbacks.TaskTokens`, so an answer finds its
Task whichever execution it belongs to. A token that cannot be one the
server issued (not URL-safe base64, or longer than the API's 2,048
characters) is ``InvalidToken``; one no Task waits on (never issued,
answered already, timed out, its execution over) is ``TaskDoesNotExist``; an
output that is not JSON is ``InvalidOutput``. GetActivityTask long-polls the
activity's queue (60 seconds, as AWS; ``activity_poll_seconds`` in the
server's config) and answers ``{}`` -- no ``taskToken`` -- when nothing came.
Activities are created idempotently under their name.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Final

from statewise.integrations.callbacks import TaskTokenError
from statewise.server.arns import check_name
from statewise.server.params import optional, required
from statewise.server.protocol import ApiError
from statewise.server.state import ActivityRecord, ServerState
from statewise.server.tags import given_tags

__all__ = ["HANDLERS"]

_TOKEN_MAX: Final = 2048


def _token(params: dict[str, Any]) -> str:
    token = required(params, "taskToken", str)
    try:
        valid = 0 < len(token) <= _TOKEN_MAX and bool(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError):
        valid = False
    if not valid:
        raise ApiError("InvalidToken", f"Invalid Token: '{token[:64]}' is not a task token")
    return token


def _answer(send: Any, *args: Any) -> dict[str, Any]:
    try:
        send(*args)
    except TaskTokenError as exc:
        raise ApiError("TaskDoesNotExist", f"Task Does Not Exist: {exc}") from None
    return {}


def send_success(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    token = _token(params)
    try:
        output = json.loads(required(params, "output", str))
    except ValueError as exc:
        raise ApiError("InvalidOutput", f"Invalid Output: output is not valid JSON: {exc}") from None
    return _answer(state.tokens.send_task_success, token, output)


def send_failure(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    token = _token(params)
    error, cause = optional(params, "error", str, ""), optional(params, "cause", str, "")
    return _answer(state.tokens.send_task_failure, token, error or None, cause or None)


def send_heartbeat(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    return _answer(state.tokens.send_task_heartbeat, _token(params))


def create_activity(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    name = check_name(required(params, "name", str))
    tags = given_tags(params)
    arn = state.identity.arn("states", f"activity:{name}")
    with state.lock:
        record = state.activities.get(arn)
        if record is None:
            record = state.activities[arn] = ActivityRecord(arn, name, state.now())
            state.tags[arn] = tags
    return {"activityArn": record.arn, "creationDate": record.created}


def delete_activity(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    try:
        record = state.activity(required(params, "activityArn", str))
    except ApiError as exc:
        if exc.code == "ActivityDoesNotExist":  # deleting is idempotent
            return {}
        raise
    with state.lock:
        state.activities.pop(record.arn, None)
        state.tags.pop(record.arn, None)
    return {}


def describe_activity(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = state.activity(required(params, "activityArn", str))
    return {"activityArn": record.arn, "name": record.name, "creationDate": record.created}


def list_activities(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    with state.lock:
        records = sorted(state.activities.values(), key=lambda r: r.name)
    items = [{"activityArn": r.arn, "name": r.name, "creationDate": r.created} for r in records]
    page, token = state.pager.page(items, params, "ListActivities")
    return {"activities": page, **({"nextToken": token} if token else {})}


def get_activity_task(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    record = state.activity(required(params, "activityArn", str))
    task = state.tokens.get_activity_task(record.arn, timeout=state.config.activity_poll_seconds)
    if task is None:
        return {}
    return {"taskToken": task.token, "input": json.dumps(task.input, separators=(",", ":"))}


HANDLERS: Final = {
    "SendTaskSuccess": send_success,
    "SendTaskFailure": send_failure,
    "SendTaskHeartbeat": send_heartbeat,
    "CreateActivity": create_activity,
    "DeleteActivity": delete_activity,
    "DescribeActivity": describe_activity,
    "ListActivities": list_activities,
    "GetActivityTask": get_activity_task,
}
