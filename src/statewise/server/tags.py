"""Tags on state machines and activities: TagResource, UntagResource, ListTagsForResource.

Theory of operation: tags live in :attr:`ServerState.tags <statewise.server.state.ServerState.tags>`,
a dict per resource ARN, made with the resource (from its ``tags`` member)
and dropped with it. AWS allows 50 tags per resource (``TooManyTags``); a
resource the server does not hold is ``ResourceNotFound``.
"""

from __future__ import annotations

from typing import Any, Final

from statewise.server.arns import parse_arn
from statewise.server.params import optional, required
from statewise.server.protocol import ApiError
from statewise.server.state import ServerState

__all__ = ["HANDLERS", "given_tags"]

_MAX_TAGS: Final = 50


def given_tags(params: dict[str, Any], member: str = "tags") -> dict[str, str]:
    """The ``[{"key": .., "value": ..}]`` of ``params[member]`` as a dict."""
    found: dict[str, str] = {}
    for tag in optional(params, member, list, []):
        if not isinstance(tag, dict) or not isinstance(tag.get("key"), str):
            raise ApiError(
                "ValidationException", f'each of {member} is {{"key": <text>, "value": <text>}}, got {tag!r}'
            )
        found[tag["key"]] = str(tag.get("value", ""))
    _check_count(found, "")
    return found


def _check_count(tags: dict[str, str], arn: str) -> None:
    if len(tags) > _MAX_TAGS:
        raise ApiError("TooManyTags", f"Too many tags: a resource holds at most {_MAX_TAGS}", resourceName=arn)


def _tags_of(state: ServerState, params: dict[str, Any]) -> tuple[str, dict[str, str]]:
    arn = parse_arn(required(params, "resourceArn", str), "stateMachine", "activity", member="resourceArn").text
    tags = state.tags.get(arn)
    if tags is None:
        raise ApiError("ResourceNotFound", f"Resource not found: '{arn}'", resourceName=arn)
    return arn, tags


def tag_resource(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    added = given_tags(params)
    with state.lock:
        arn, tags = _tags_of(state, params)
        merged = {**tags, **added}
        _check_count(merged, arn)
        state.tags[arn] = merged
    return {}


def untag_resource(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    keys = required(params, "tagKeys", list)
    with state.lock:
        arn, tags = _tags_of(state, params)
        state.tags[arn] = {key: value for key, value in tags.items() if key not in keys}
    return {}


def list_tags(state: ServerState, params: dict[str, Any]) -> dict[str, Any]:
    with state.lock:
        _, tags = _tags_of(state, params)
        return {"tags": [{"key": key, "value": value} for key, value in tags.items()]}


HANDLERS: Final = {"TagResource": tag_resource, "UntagResource": untag_resource, "ListTagsForResource": list_tags}
