"""Values a builder program writes into states: JSONPath references, waits, results, task inputs, error names.

Theory of operation: CDK encodes ``JsonPath.string_at("$.x")`` as a string
token and, when it renders a ``parameters`` dict, turns a field holding one
into ``"field.$": "$.x"``. Here the reference is a small :class:`Ref` object
and :func:`render` does the same rename while copying the dict;
:data:`JsonPath.DISCARD` renders as ``null`` (``"OutputPath": null``). Every
other value is copied as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

__all__ = [
    "DISCARD",
    "Duration",
    "Errors",
    "JsonPath",
    "QueryLanguage",
    "Ref",
    "Result",
    "TaskInput",
    "WaitTime",
    "render",
]

QueryLanguage = Literal["JSONPath", "JSONata"]


class _Discard:
    """``JsonPath.DISCARD``: a path field that throws the data away (``"ResultPath": null``)."""

    def __repr__(self) -> str:
        return "JsonPath.DISCARD"


DISCARD: Final = _Discard()


@dataclass(frozen=True, slots=True)
class Ref:
    """A value read at run time: a JSONPath (``$.a``, ``$$.Task.Token``) or an intrinsic function call."""

    path: str


def _quoted(value: Any) -> str:
    if isinstance(value, Ref):
        return value.path
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return str(value).lower() if isinstance(value, bool) else str(value)


class JsonPath:
    """CDK's ``JsonPath``: references into the state's input and the context object, and intrinsics."""

    DISCARD: Final = DISCARD
    entire_payload: Final = Ref("$")
    task_token: Final = Ref("$$.Task.Token")
    execution_id: Final = Ref("$$.Execution.Id")

    @staticmethod
    def string_at(path: str) -> Ref:
        return Ref(path)

    @staticmethod
    def number_at(path: str) -> Ref:
        return Ref(path)

    @staticmethod
    def list_at(path: str) -> Ref:
        return Ref(path)

    @staticmethod
    def object_at(path: str) -> Ref:
        return Ref(path)

    @staticmethod
    def format(template: str, *values: Any) -> Ref:
        """``States.Format('template', ...)``."""
        return Ref(f"States.Format({', '.join(_quoted(v) for v in (template, *values))})")

    @staticmethod
    def array(*values: Any) -> Ref:
        """``States.Array(...)``."""
        return Ref(f"States.Array({', '.join(_quoted(v) for v in values)})")

    @staticmethod
    def string_to_json(value: Any) -> Ref:
        return Ref(f"States.StringToJson({_quoted(value)})")

    @staticmethod
    def json_to_string(value: Any) -> Ref:
        return Ref(f"States.JsonToString({_quoted(value)})")


class Duration:
    """CDK's ``Duration``, in whole seconds (what ASL's fields take)."""

    def __init__(self, seconds: int) -> None:
        self.seconds_value = seconds

    @classmethod
    def seconds(cls, amount: int) -> Duration:
        return cls(amount)

    @classmethod
    def minutes(cls, amount: int) -> Duration:
        return cls(amount * 60)

    @classmethod
    def hours(cls, amount: int) -> Duration:
        return cls(amount * 3600)

    @classmethod
    def days(cls, amount: int) -> Duration:
        return cls(amount * 86400)

    def to_seconds(self) -> int:
        return self.seconds_value


@dataclass(frozen=True, slots=True)
class WaitTime:
    """How long a Wait state waits: one of ``Seconds``, ``SecondsPath``, ``Timestamp``, ``TimestampPath``."""

    field: str
    value: Any

    @classmethod
    def duration(cls, duration: Duration) -> WaitTime:
        return cls("Seconds", duration.to_seconds())

    @classmethod
    def seconds(cls, value: int | str) -> WaitTime:
        """Seconds as a number or (JSONata) a ``{% %}`` expression."""
        return cls("Seconds", value)

    @classmethod
    def seconds_path(cls, path: str) -> WaitTime:
        return cls("SecondsPath", path)

    @classmethod
    def timestamp(cls, value: str) -> WaitTime:
        return cls("Timestamp", value)

    @classmethod
    def timestamp_path(cls, path: str) -> WaitTime:
        return cls("TimestampPath", path)


class Result:
    """CDK's ``Result``: a Pass state's fixed result."""

    @staticmethod
    def from_object(value: Mapping[str, Any]) -> Any:
        return dict(value)

    @staticmethod
    def from_array(value: list[Any]) -> Any:
        return list(value)

    @staticmethod
    def from_string(value: str) -> Any:
        return value

    @staticmethod
    def from_number(value: float) -> Any:
        return value

    @staticmethod
    def from_boolean(value: bool) -> Any:
        return value


@dataclass(frozen=True, slots=True)
class TaskInput:
    """CDK's ``TaskInput``: a task's payload, an object (with references) or one reference."""

    value: Any

    @classmethod
    def from_object(cls, value: Mapping[str, Any]) -> TaskInput:
        return cls(dict(value))

    @classmethod
    def from_json_path_at(cls, path: str) -> TaskInput:
        return cls(Ref(path))

    @classmethod
    def from_text(cls, text: str) -> TaskInput:
        return cls(text)


class Errors:
    """The error names Step Functions predefines (CDK's ``Errors``)."""

    ALL: Final = "States.ALL"
    HEARTBEAT_TIMEOUT: Final = "States.HeartbeatTimeout"
    TIMEOUT: Final = "States.Timeout"
    TASKS_FAILED: Final = "States.TaskFailed"
    PERMISSIONS: Final = "States.Permissions"
    RESULT_PATH_MATCH_FAILURE: Final = "States.ResultPathMatchFailure"
    PARAMETER_PATH_FAILURE: Final = "States.ParameterPathFailure"
    BRANCH_FAILED: Final = "States.BranchFailed"
    NO_CHOICE_MATCHED: Final = "States.NoChoiceMatched"
    INTRINSIC_FAILURE: Final = "States.IntrinsicFailure"
    EXCEEDS_TOLERATED_FAILURE_THRESHOLD: Final = "States.ExceedToleratedFailureThreshold"
    ITEM_READER_FAILED: Final = "States.ItemReaderFailed"
    RESULT_WRITER_FAILED: Final = "States.ResultWriterFailed"
    QUERY_EVALUATION_ERROR: Final = "States.QueryEvaluationError"


def render(value: Any) -> Any:
    """``value`` as ASL JSON: a field holding a :class:`Ref` becomes ``"field.$"``, DISCARD ``null``."""
    if isinstance(value, _Discard):
        return None
    if isinstance(value, Ref):
        return value.path
    if isinstance(value, TaskInput):
        return render(value.value)
    if isinstance(value, Mapping):
        return {(f"{key}.$" if isinstance(item, Ref) else key): render(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [render(item) for item in value]
    return value
