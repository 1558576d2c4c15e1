"""States as objects, chained as CDK's ``aws_stepfunctions`` chains them, rendered as ASL.

Theory of operation: each state object holds its ASL fields (the keyword
arguments, renamed by ``_FIELDS``: ``result_path`` -> ``ResultPath``) and its
transitions (``next``, a Choice's branches and default, Catch handlers).
``a.next(b)`` returns a :class:`Chain` whose start is ``a``'s chain's start and
whose ends are ``b``'s, so ``a.next(b).next(c)`` links ``b`` to ``c``, as in CDK.
:func:`render_graph` walks the transitions from a start state, in the order
it meets them, and renders each state once; a state with no next renders
``"End": true`` where its type needs one. Two different objects with one name,
a second ``next``, or a ``next`` after a Choice or a terminal state are
:class:`DefinitionError` s that point at the state. ``to_program()``
(``{"StartAt", "States"}``) is what a Map's ``item_processor``, a Parallel's
``branch`` and ``statewise.patterns`` take.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypedDict

from statewise.base_errors import DefinitionError, Problem
from statewise.builder.conditions import Condition
from statewise.builder.values import Duration, QueryLanguage, WaitTime, render

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = [
    "Chain",
    "Choice",
    "CommonProps",
    "Fail",
    "Map",
    "Parallel",
    "Pass",
    "State",
    "StateProps",
    "Succeed",
    "Task",
    "Wait",
    "render_graph",
]


class CommonProps(TypedDict, total=False):
    """The fields every state type may take (ASL decides which one a type accepts; validation says)."""

    comment: str
    query_language: QueryLanguage
    input_path: Any
    output_path: Any
    result_path: Any
    result_selector: Mapping[str, Any]
    outputs: Any
    assign: Mapping[str, Any]


class StateProps(CommonProps, total=False):
    """:class:`CommonProps` and the task input: ``parameters`` (JSONPath) or ``arguments`` (JSONata)."""

    parameters: Mapping[str, Any]
    arguments: Any


_FIELDS: Final = {
    "comment": "Comment",
    "query_language": "QueryLanguage",
    "input_path": "InputPath",
    "output_path": "OutputPath",
    "result_path": "ResultPath",
    "parameters": "Parameters",
    "result_selector": "ResultSelector",
    "arguments": "Arguments",
    "outputs": "Output",
    "assign": "Assign",
}


def _problem(state: str, message: str) -> DefinitionError:
    return DefinitionError([Problem(f"/States/{state}", "builder", message)])


class State:
    """One state; subclasses set ``type_name`` and whether the state may have a next one."""

    type_name: ClassVar[str] = ""
    can_continue: ClassVar[bool] = True  # Succeed, Fail and Choice cannot be followed by .next()

    def __init__(self, state_id: str, **props: Unpack[StateProps]) -> None:
        self.id = state_id
        self.fields: dict[str, Any] = {_FIELDS[key]: value for key, value in props.items() if value is not None}
        self.next_state: State | None = None

    @classmethod
    def jsonata(cls, state_id: str, *args: Any, **props: Any) -> Any:
        """This state in JSONata mode (``QueryLanguage: JSONata``), as CDK's ``Pass.jsonata(...)``."""
        return cls(state_id, *args, query_language="JSONata", **props)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"

    # -- chaining -------------------------------------------------------------

    @property
    def start_state(self) -> State:
        return self

    @property
    def end_states(self) -> list[State]:
        return [self] if self.can_continue else []

    def next(self, following: State | Chain) -> Chain:
        """Go on to ``following`` after this state; returns the chain from this state to ``following``'s ends."""
        self.link(following.start_state)
        return Chain(self, following.end_states)

    def link(self, following: State) -> None:
        if not self.can_continue:
            raise _problem(self.id, f"a {self.type_name} state cannot be followed by {following.id!r}")
        if self.next_state is not None and self.next_state is not following:
            raise _problem(self.id, f"already goes on to {self.next_state.id!r}, not also to {following.id!r}")
        self.next_state = following

    def to_program(self) -> dict[str, Any]:
        """``{"StartAt", "States"}`` from this state on."""
        return {"StartAt": self.id, "States": render_graph(self)}

    # -- rendering ------------------------------------------------------------

    def successors(self) -> list[State]:
        return [] if self.next_state is None else [self.next_state]

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"Type": self.type_name}
        out.update({key: render(value) for key, value in self.fields.items()})
        out.update(self.render_own())
        if self.can_continue:
            out.update({"Next": self.next_state.id} if self.next_state is not None else {"End": True})
        return out

    def render_own(self) -> dict[str, Any]:
        """Fields only this type has."""
        return {}


class Chain:
    """A start state and the states a ``.next()`` would continue from."""

    def __init__(self, start: State, ends: Sequence[State]) -> None:
        self.start_state = start
        self.end_states = list(ends)

    @classmethod
    def start(cls, state: State | Chain) -> Chain:
        return cls(state.start_state, state.end_states)

    @classmethod
    def sequence(cls, first: State | Chain, second: State | Chain) -> Chain:
        return cls.start(first).next(second)

    def next(self, following: State | Chain) -> Chain:
        target = following.start_state
        if not self.end_states:
            raise _problem(
                self.start_state.id,
                f"the chain from here ends in a Choice, Succeed or Fail, so it cannot go on to {target.id!r} "
                "(a Choice goes on from its branches with .afterwards())",
            )
        for state in self.end_states:
            state.link(target)
        return Chain(self.start_state, following.end_states)

    def to_program(self) -> dict[str, Any]:
        return self.start_state.to_program()

    def __repr__(self) -> str:
        return f"Chain({self.start_state.id!r} ... {[s.id for s in self.end_states]})"


def render_graph(start: State) -> dict[str, Any]:
    """Every state reachable from ``start``, rendered, in the order first met."""
    seen: dict[str, State] = {}
    order: list[State] = []
    pending = [start]
    while pending:
        state = pending.pop(0)
        known = seen.get(state.id)
        if known is state:
            continue
        if known is not None:
            raise _problem(state.id, "two different states have this name; state names must be unique")
        seen[state.id] = state
        order.append(state)
        pending.extend(state.successors())
    return {state.id: state.render() for state in order}


class _Recoverable(State):
    """States with Retry and Catch: Task, Map, Parallel."""

    def __init__(self, state_id: str, **props: Unpack[StateProps]) -> None:
        super().__init__(state_id, **props)
        self.retries: list[dict[str, Any]] = []
        self.catches: list[tuple[dict[str, Any], State]] = []

    def add_retry(
        self,
        *,
        errors: Sequence[str] | None = None,
        interval: Duration | None = None,
        max_attempts: int | None = None,
        backoff_rate: float | None = None,
        max_delay: Duration | None = None,
        jitter_strategy: str | None = None,
    ) -> _Recoverable:
        """Retry on ``errors`` (``States.ALL`` by default); only the fields given are written, as CDK does."""
        retrier: dict[str, Any] = {"ErrorEquals": list(errors or ["States.ALL"])}
        for key, value in (
            ("IntervalSeconds", None if interval is None else interval.to_seconds()),
            ("MaxAttempts", max_attempts),
            ("BackoffRate", backoff_rate),
            ("MaxDelaySeconds", None if max_delay is None else max_delay.to_seconds()),
            ("JitterStrategy", jitter_strategy),
        ):
            if value is not None:
                retrier[key] = value
        self.retries.append(retrier)
        return self

    def add_catch(
        self,
        handler: State | Chain,
        *,
        errors: Sequence[str] | None = None,
        result_path: Any = None,
        outputs: Any = None,
        assign: Mapping[str, Any] | None = None,
    ) -> _Recoverable:
        """Go to ``handler`` on ``errors`` (``States.ALL`` by default)."""
        catcher: dict[str, Any] = {"ErrorEquals": list(errors or ["States.ALL"])}
        for key, value in (("ResultPath", result_path), ("Output", outputs), ("Assign", assign)):
            if value is not None:
                catcher[key] = render(value)
        self.catches.append((catcher, handler.start_state))
        return self

    def successors(self) -> list[State]:
        return [*super().successors(), *(handler for _, handler in self.catches)]

    def render_own(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.retries:
            out["Retry"] = [dict(r) for r in self.retries]
        if self.catches:
            out["Catch"] = [{**catcher, "Next": handler.id} for catcher, handler in self.catches]
        return out


class Pass(State):
    """``Pass``; ``result`` is its fixed ``Result`` (``Result.from_object({...})``)."""

    type_name = "Pass"

    def __init__(self, state_id: str, *, result: Any = None, **props: Unpack[StateProps]) -> None:
        super().__init__(state_id, **props)
        if result is not None:
            self.fields["Result"] = result


class Succeed(State):
    type_name = "Succeed"
    can_continue = False


class Fail(State):
    """``Fail`` with an ``error`` and ``cause`` (or their ``*_path`` forms)."""

    type_name = "Fail"
    can_continue = False

    def __init__(
        self,
        state_id: str,
        *,
        error: str | None = None,
        cause: str | None = None,
        error_path: str | None = None,
        cause_path: str | None = None,
        **props: Unpack[StateProps],
    ) -> None:
        super().__init__(state_id, **props)
        for key, value in (("Error", error), ("Cause", cause), ("ErrorPath", error_path), ("CausePath", cause_path)):
            if value is not None:
                self.fields[key] = value


class Wait(State):
    """``Wait`` for ``time`` (``WaitTime.duration(Duration.seconds(30))``, ``WaitTime.seconds_path(...)``)."""

    type_name = "Wait"

    def __init__(self, state_id: str, *, time: WaitTime, **props: Unpack[StateProps]) -> None:
        super().__init__(state_id, **props)
        self.fields[time.field] = time.value


class Choice(State):
    """``Choice``: ``.when(condition, next)`` in order, ``.otherwise(default)``."""

    type_name = "Choice"
    can_continue = False

    def __init__(self, state_id: str, **props: Unpack[StateProps]) -> None:
        super().__init__(state_id, **props)
        self.branches: list[tuple[dict[str, Any], State]] = []
        self.default: State | None = None

    def when(
        self,
        condition: Condition,
        following: State | Chain,
        *,
        comment: str | None = None,
        assign: Mapping[str, Any] | None = None,
        outputs: Any = None,
    ) -> Choice:
        rule = condition.to_dict()
        for key, value in (("Comment", comment), ("Assign", assign), ("Output", outputs)):
            if value is not None:
                rule[key] = value
        self.branches.append((rule, following.start_state))
        return self

    def otherwise(self, default: State | Chain) -> Choice:
        self.default = default.start_state
        return self

    def afterwards(self) -> Chain:
        """A chain from this Choice whose ends are the branches' loose ends, to go on from them all."""
        ends: list[State] = []
        seen: set[int] = set()
        pending = [s for _, s in self.branches] + ([self.default] if self.default is not None else [])
        while pending:
            state = pending.pop(0)
            if id(state) in seen:
                continue
            seen.add(id(state))
            if state.can_continue and state.next_state is None and not isinstance(state, Choice):
                ends.append(state)
            pending.extend(state.successors())
        return Chain(self, ends)

    def successors(self) -> list[State]:
        return [s for _, s in self.branches] + ([self.default] if self.default is not None else [])

    def render_own(self) -> dict[str, Any]:
        if not self.branches:
            raise _problem(self.id, "a Choice needs at least one .when(condition, next)")
        out: dict[str, Any] = {"Choices": [{**rule, "Next": state.id} for rule, state in self.branches]}
        if self.default is not None:
            out["Default"] = self.default.id
        return out


class Task(_Recoverable):
    """A Task on any ``resource`` ARN (CDK's ``CustomState`` for tasks); ``timeout``/``heartbeat`` in seconds."""

    type_name = "Task"

    def __init__(
        self,
        state_id: str,
        *,
        resource: str,
        timeout: Duration | None = None,
        heartbeat: Duration | None = None,
        **props: Unpack[StateProps],
    ) -> None:
        super().__init__(state_id, **props)
        self.fields = {"Resource": resource, **self.fields}
        if timeout is not None:
            self.fields["TimeoutSeconds"] = timeout.to_seconds()
        if heartbeat is not None:
            self.fields["HeartbeatSeconds"] = heartbeat.to_seconds()


class Map(_Recoverable):
    """``Map`` over ``items_path`` (JSONPath) or ``items`` (JSONata); ``.item_processor(chain)`` says what
    each item goes through."""

    type_name = "Map"

    def __init__(
        self,
        state_id: str,
        *,
        items_path: str | None = None,
        items: Any = None,
        max_concurrency: int | None = None,
        item_selector: Mapping[str, Any] | None = None,
        tolerated_failure_percentage: float | None = None,
        tolerated_failure_count: int | None = None,
        **props: Unpack[StateProps],
    ) -> None:
        super().__init__(state_id, **props)
        for key, value in (
            ("ItemsPath", items_path),
            ("Items", items),
            ("MaxConcurrency", max_concurrency),
            ("ItemSelector", item_selector),
            ("ToleratedFailurePercentage", tolerated_failure_percentage),
            ("ToleratedFailureCount", tolerated_failure_count),
        ):
            if value is not None:
                self.fields[key] = value
        self.processor: State | None = None
        self.processor_config: dict[str, Any] = {}

    def item_processor(
        self, processor: State | Chain, *, mode: str = "INLINE", execution_type: str | None = None
    ) -> Map:
        """Each item goes through ``processor`` (``mode`` INLINE, or DISTRIBUTED with an ``execution_type``)."""
        self.processor = processor.start_state
        self.processor_config = {"Mode": mode, **({"ExecutionType": execution_type} if execution_type else {})}
        return self

    def render_own(self) -> dict[str, Any]:
        if self.processor is None:
            raise _problem(self.id, "a Map needs .item_processor(chain)")
        program = {"ProcessorConfig": self.processor_config, **self.processor.to_program()}
        return {"ItemProcessor": program, **super().render_own()}


class Parallel(_Recoverable):
    """``Parallel``: ``.branch(chain, ...)`` adds branches, run side by side."""

    type_name = "Parallel"

    def __init__(self, state_id: str, **props: Unpack[StateProps]) -> None:
        super().__init__(state_id, **props)
        self.branches: list[State] = []

    def branch(self, *branches: State | Chain) -> Parallel:
        self.branches.extend(b.start_state for b in branches)
        return self

    def render_own(self) -> dict[str, Any]:
        if not self.branches:
            raise _problem(self.id, "a Parallel needs at least one .branch(chain)")
        return {"Branches": [b.to_program() for b in self.branches], **super().render_own()}
