"""The root of statewise's exception tree and the errors of definitions and executions.

Theory of operation: every error statewise raises derives from
:class:`StatewiseError`. This module holds the root, the helpers the whole
tree uses (:class:`UnknownNameError`, :func:`with_suggestions`) and the
errors of the States Language side: a definition's :class:`Problem` and
:class:`DefinitionError`, an execution's :class:`StatesError` (and
:class:`TaskFailed`), and what ``run``/``start`` refuse. None of them
subclasses a botocore error, so this module imports no botocore and the
ASL engine, which imports only these, stays free of it. The public module
:mod:`statewise.errors` re-exports them with the paging and waiting errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "DefinitionError",
    "ExecutionInputTooLarge",
    "ExecutionNotRedrivable",
    "InvalidExecutionInput",
    "MockConfigError",
    "PatternError",
    "Problem",
    "ResourceBindingError",
    "StatesError",
    "StatewiseError",
    "TaskFailed",
    "UnknownNameError",
    "UnknownStateError",
    "UnknownTestCaseError",
    "with_suggestions",
]


class StatewiseError(Exception):
    """Base class of every error raised by statewise."""


class UnknownNameError(StatewiseError, LookupError):
    """Mixin for errors about a name (operation, waiter, state) the source does not know."""

    name: str
    suggestions: tuple[str, ...]


def with_suggestions(message: str, suggestions: tuple[str, ...]) -> str:
    """``message`` plus a "did you mean" clause listing ``suggestions``, if any."""
    if not suggestions:
        return message
    return message + "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a definition: where (a JSON pointer), a stable code, and what."""

    pointer: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message} [{self.code}]"


class DefinitionError(StatewiseError, ValueError):
    """A state machine definition is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"invalid state machine definition ({count} problem{'s' * (count != 1)}):\n{lines}")


class InvalidExecutionInput(StatewiseError, ValueError):
    """The input given to run/start is not JSON (AWS's StartExecution says InvalidExecutionInput)."""


class ExecutionNotRedrivable(StatewiseError, ValueError):
    """The execution cannot be redriven (AWS's RedriveExecution says ExecutionNotRedrivable); the message says
    why. ``arn`` is the execution's ARN."""

    def __init__(self, message: str, arn: str):
        super().__init__(message)
        self.arn = arn

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.arn))


class ResourceBindingError(StatewiseError, TypeError):
    """A Task binding given to run/start cannot serve a Task (not callable, or it takes the wrong arguments).

    Raised before the execution starts, so a ``Catch`` on ``States.ALL`` cannot
    hide a wiring mistake; ``arn`` names the binding.
    """

    def __init__(self, message: str, *, arn: str | None = None):
        super().__init__(message if arn is None else f"resources[{arn!r}]: {message}")
        self.arn = arn


class MockConfigError(StatewiseError, ValueError):
    """A MockConfigFile given to ``run(..., mock_config=...)`` is malformed, or does not fit the run.

    ``where`` is a JSON pointer into the file (``"/MockedResponses/Retry/3-1"``; ``""`` for the
    whole file; None when the arguments themselves are wrong), ``source`` the file's path when
    it was read from one, ``message`` what was wrong and how to fix it. Raised before anything runs.
    """

    def __init__(self, message: str, *, where: str | None = None, source: str | None = None):
        located = message if where is None else f"{where or '/'}: {message}"
        super().__init__(located if source is None else f"{source}: {located}")
        self.message = message
        self.where = where
        self.source = source

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, {"where": self.where, "source": self.source}))


class StateTestRequestError(MockConfigError):
    """A ``test_state`` request (its mock, context, variables or state configuration) is malformed or does not
    fit the tested state, where AWS's TestState answers ``ValidationException``; ``where`` points into the
    request (``"/context/Execution/Id"``). Raised before anything runs."""


class UnknownTestCaseError(MockConfigError, UnknownNameError):
    """The MockConfigFile has no such state machine, or the machine no such test case.

    ``name`` is the name asked for, ``suggestions`` the close ones among those the file has.
    """

    def __init__(
        self,
        message: str,
        *,
        name: str,
        suggestions: tuple[str, ...] = (),
        where: str | None = None,
        source: str | None = None,
    ):
        super().__init__(with_suggestions(message, suggestions), where=where, source=source)
        self.message = message
        self.name = name
        self.suggestions = suggestions

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"name": self.name, "suggestions": self.suggestions, "where": self.where, "source": self.source}
        return (_rebuild, (type(self), self.message, kwargs))


def _rebuild(cls: type[Exception], message: str, kwargs: dict[str, Any]) -> Exception:
    """An error taking keyword arguments, unpickled."""
    return cls(message, **kwargs)


class PatternError(StatewiseError, ValueError):
    """A paginator or waiter spec cannot be compiled into an ASL loop (``statewise.patterns``).

    ``spec`` names the spec (``"s3.ListObjects"``), ``key`` the key of it that
    cannot be expressed (``"output_token"``, ``"acceptors/2"``); the message says why
    and what to use instead.
    """

    def __init__(self, message: str, *, spec: str, key: str | None = None):
        super().__init__(f"{spec}{'/' + key if key else ''}: {message}")
        self.message = message
        self.spec = spec
        self.key = key

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, {"spec": self.spec, "key": self.key}))


class UnknownStateError(UnknownNameError, KeyError):
    """The state machine has no state of that name; ``suggestions`` lists close ones."""

    def __init__(self, message: str, *, name: str, suggestions: tuple[str, ...] = ()):
        super().__init__(with_suggestions(message, suggestions))
        self.message = message
        self.name = name
        self.suggestions = suggestions

    def __str__(self) -> str:  # KeyError's str() would quote the message
        return with_suggestions(self.message, self.suggestions)


class ExecutionInputTooLarge(InvalidExecutionInput):
    """The input given to run/start is over 256 KiB of UTF-8 JSON.

    AWS's StartExecution refuses it before any execution exists (a ValidationException: the
    ``input`` parameter's length constraint). ``size`` is the input's size in bytes, ``limit``
    the quota.
    """

    def __init__(self, size: int, limit: int):
        super().__init__(
            f"the execution input is {size} bytes of UTF-8 JSON, more than the {limit} bytes (256 KiB) "
            "StartExecution accepts; pass large data by reference (an S3 object key) instead"
        )
        self.size = size
        self.limit = limit

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.size, self.limit))


class StatesError(StatewiseError):
    """A runtime error inside an execution, named as Step Functions names it.

    ``error`` is the ASL error name (``States.Runtime``, ``States.IntrinsicFailure``,
    a Task's own error name ...) matched by Retry/Catch ``ErrorEquals``;
    ``cause`` is the human-readable cause recorded in the history.
    """

    def __init__(self, error: str, cause: str | None = None):
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.error, self.cause))


class TaskFailed(StatesError):
    """Raise from a Task's Python callable to fail the Task with an explicit error name and cause."""

    def __init__(self, error: str = "States.TaskFailed", cause: str | None = None):
        super().__init__(error, cause)
