"""The parsed, immutable model of a States Language definition (JSONPath and JSONata).

Theory of operation: :mod:`statewise.asl.parse` turns a definition document
into these frozen, slotted dataclasses once; the engine only reads them.
Every node keeps ``pointer``, the JSON pointer of its source object, so
runtime errors and validation problems say where. Paths are compiled
(:class:`~statewise.asl.paths.JsonPath`), payload templates are compiled
(:class:`~statewise.asl.templates.Template`), choice rules are compiled
(:class:`~statewise.asl.choice.Rule`).

Null semantics live in the types: an ``InputPath``/``OutputPath`` of ``None``
means the definition said ``null`` (the state sees or emits ``{}``); a
``ResultPath`` of ``None`` means ``null`` (the result is discarded). An
absent path field is the identity path ``$`` and is stored as ``IDENTITY``
(``None`` in the dataclass default would be ambiguous, so parse fills it in).

Query languages: ``jsonata`` is True on a state whose effective
``QueryLanguage`` is JSONata. Such a state keeps its JSONata fields in the
same slots: ``Arguments`` in ``parameters``, ``Output`` in ``output``,
expressions of ``Seconds``/``TimeoutSeconds``/... in :class:`Value`'s
``path`` (a template holding the expression). ``assign`` holds the compiled
``Assign`` of either language; Catch elements and Choice rules carry their
own ``assign`` and ``output``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from statewise.asl.state_types import StateType

if TYPE_CHECKING:
    from statewise.asl.choice import Rule
    from statewise.asl.paths import JsonPath
    from statewise.asl.templates import Template
    from statewise.integrations.targets import Target


__all__ = [
    "Catcher",
    "ChoiceBranch",
    "ChoiceState",
    "FailState",
    "GuardedState",
    "MapState",
    "ParallelState",
    "PassState",
    "Program",
    "Retrier",
    "State",
    "SucceedState",
    "TaskState",
    "Value",
    "WaitState",
]


@dataclass(frozen=True, slots=True)
class Value:
    """A field given either literally or through a path (``Seconds``/``SecondsPath`` ...).

    ``field`` is the name used in the definition (``"SecondsPath"``), for messages.
    """

    field: str
    literal: Any = None
    path: Template | None = None


@dataclass(frozen=True, slots=True)
class Retrier:
    """One ``Retry`` element."""

    pointer: str
    error_equals: tuple[str, ...]
    interval_seconds: float = 1.0
    max_attempts: int = 3
    backoff_rate: float = 2.0
    max_delay_seconds: float | None = None
    jitter: str = "NONE"


@dataclass(frozen=True, slots=True)
class Catcher:
    """One ``Catch`` element; ``result_path`` None means ``ResultPath: null``."""

    pointer: str
    error_equals: tuple[str, ...]
    next: str
    result_path: JsonPath | None
    assign: Template | None = None
    output: Template | None = None


@dataclass(frozen=True, slots=True)
class Program:
    """A state machine, or a Parallel branch or Map item processor inside one."""

    pointer: str
    start_at: str
    states: Mapping[str, State]
    timeout_seconds: int | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class State:
    """Fields every state has; ``next`` is None for terminal states."""

    name: str
    pointer: str
    type: StateType
    input_path: JsonPath | None
    output_path: JsonPath | None
    next: str | None = None
    comment: str | None = None
    jsonata: bool = False
    assign: Template | None = None
    output: Template | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Processing(State):
    """States that shape a result: Parameters, ResultSelector, ResultPath."""

    parameters: Template | None = None
    result_path: JsonPath | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GuardedState(_Processing):
    """States that can Retry and Catch, and select from their result."""

    result_selector: Template | None = None
    retry: tuple[Retrier, ...] = ()
    catch: tuple[Catcher, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PassState(_Processing):
    result: Any = None
    has_result: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskState(GuardedState):
    target: Target
    timeout: Value | None = None
    heartbeat: Value | None = None
    credentials: Template | None = None  # kept for the integrations that assume a role

    @property
    def resource(self) -> str:
        """The ``Resource`` as written."""
        return self.target.arn


@dataclass(frozen=True, slots=True)
class ChoiceBranch:
    """One element of ``Choices``: a rule and where it leads."""

    pointer: str
    rule: Rule
    next: str
    assign: Template | None = None
    output: Template | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceState(State):
    choices: tuple[ChoiceBranch, ...]
    default: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitState(State):
    seconds: Value | None = None
    timestamp: Value | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SucceedState(State):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class FailState(State):
    error: Value | None = None
    cause: Value | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParallelState(GuardedState):
    branches: tuple[Program, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MapState(GuardedState):
    processor: Program
    distributed: bool = False
    child_execution_type: str = "STANDARD"
    items_path: JsonPath | None = None
    items: Template | None = None
    item_selector: Template | None = None
    item_reader: Mapping[str, Any] | None = None
    item_reader_parameters: Template | None = None
    item_reader_max_items: Value | None = None  # ReaderConfig MaxItems / MaxItemsPath
    item_batcher: Mapping[str, Any] | None = None
    result_writer: Mapping[str, Any] | None = None
    max_concurrency: Value | None = None
    tolerated_failure_count: Value | None = None
    tolerated_failure_percentage: Value | None = None
    label: str | None = None
