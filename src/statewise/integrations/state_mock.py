"""TestState's ``mock``: the tested Task's result or error given instead of calling the service.

Theory of operation: AWS's TestState API takes ``mock = {"result": ...}`` or
``{"errorOutput": {"error": ..., "cause": ...}}`` for the Task under test, and
``fieldValidationMode`` says how strictly a mocked result must fit the API's
response shape: ``STRICT`` (every field known, of the right type, every
required field present), ``PRESENT`` (the fields given are known and of the
right type) or ``NONE``. :func:`mocked_task` checks the mock (and, for AWS SDK
integrations, the result against botocore's output shape, with PascalCase
member names as Step Functions returns them) and returns the
:class:`~statewise.integrations.resources.Resource` that answers in the
service's place. ``result`` is JSON text, as the API takes it, or a JSON value.
Optimized integrations and local resources have no botocore response shape to
check against, so their mocked results are taken as given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from statewise.base_errors import MockConfigError, StatesError
from statewise.integrations.resources import Resource
from statewise.integrations.sdk_names import boto3_service, operation_model
from statewise.integrations.shape_check import pascal, shape_problems
from statewise.integrations.targets import Target

__all__ = ["FIELD_VALIDATION_MODES", "Mocked", "mocked_task", "read_mock"]

FIELD_VALIDATION_MODES: Final = ("STRICT", "PRESENT", "NONE")


@dataclass(frozen=True, slots=True)
class Mocked:
    """A mocked outcome: ``result``, or ``error`` raised; a Resource answering so for a Task."""

    result: Any
    error: StatesError | None
    blocking = False

    def answer(self) -> Any:
        """The mocked result; raises the mocked error."""
        if self.error is not None:
            raise self.error
        return self.result

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        return self.answer()


def mocked_task(target: Target, mock: Mapping[str, Any]) -> Resource:
    """The resource answering for the tested Task as ``mock`` says; MockConfigError when it is malformed."""
    mocked = read_mock(mock)
    mode = mock.get("fieldValidationMode", "STRICT")
    if mocked.error is None and mode != "NONE" and target.is_sdk:
        _check(target, mocked.result, strict=mode == "STRICT")
    return mocked


def read_mock(mock: Mapping[str, Any]) -> Mocked:
    """The outcome ``mock`` gives (its ``result`` parsed when JSON text); MockConfigError when it is malformed."""
    unknown = set(mock) - {"result", "errorOutput", "fieldValidationMode"}
    if unknown or ("result" in mock) == ("errorOutput" in mock):
        raise MockConfigError(
            "a TestState mock holds exactly one of 'result' and 'errorOutput' (and optionally "
            f"'fieldValidationMode'); got {sorted(mock)}",
            where="/mock",
        )
    mode = mock.get("fieldValidationMode", "STRICT")
    if mode not in FIELD_VALIDATION_MODES:
        raise MockConfigError(
            f"'fieldValidationMode' must be one of {', '.join(FIELD_VALIDATION_MODES)}", where="/mock"
        )
    if "errorOutput" in mock:
        output = mock["errorOutput"]
        if not isinstance(output, Mapping) or not isinstance(output.get("error", ""), str):
            raise MockConfigError('\'errorOutput\' is {"error": <name>, "cause": <text>}', where="/mock/errorOutput")
        return Mocked(None, StatesError(str(output.get("error", "")), output.get("cause")))
    result = mock["result"]
    if isinstance(result, str):
        try:
            result = json.loads(result)
        except ValueError as exc:
            raise MockConfigError(f"Mocked result must be valid JSON: {exc}", where="/mock/result") from None
    return Mocked(result, None)


def _check(target: Target, result: Any, *, strict: bool) -> None:
    service = boto3_service(target.sdk_service)
    model = None if service is None else operation_model(service, target.action)
    if model is None or model.output_shape is None:
        return
    problems = list(shape_problems(model.output_shape, result, "/mock/result", strict=strict, member_name=pascal))
    if problems:
        where, message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise MockConfigError(
            f"{message}{more}: the mocked result does not fit {target.action}'s response", where=where
        )
