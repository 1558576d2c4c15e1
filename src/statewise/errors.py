"""One exception tree for statewise: every public error, by one import.

Every error statewise raises derives from :class:`StatewiseError`. Errors that
replace a botocore error also subclass it (``PaginationError`` is a
``botocore.exceptions.PaginationError``), so ``except`` clauses written for
boto3 keep working. Errors that point at bad input carry the location in
``where``: a JSON pointer into a definition or spec document.

This module defines the spec, paging and waiting errors and imports
``botocore.exceptions`` for their bases; the root and the errors of
definitions and executions live in :mod:`statewise.base_errors`, which
imports no botocore, and are re-exported here. ``import statewise`` itself
imports neither module until an error class is first used.
"""

from __future__ import annotations

from typing import Any

import botocore.exceptions

from statewise.base_errors import (
    DefinitionError,
    ExecutionInputTooLarge,
    ExecutionNotRedrivable,
    InvalidExecutionInput,
    MockConfigError,
    PatternError,
    Problem,
    ResourceBindingError,
    StatesError,
    StateTestRequestError,
    StatewiseError,
    TaskFailed,
    UnknownNameError,
    UnknownStateError,
    UnknownTestCaseError,
    with_suggestions,
)

__all__ = [
    "AcceptorEvaluationError",
    "DefinitionError",
    "ExecutionInputTooLarge",
    "ExecutionNotRedrivable",
    "InvalidExecutionInput",
    "InvalidTokenError",
    "MockConfigError",
    "OperationNotPageableError",
    "PaginationError",
    "PatternError",
    "Problem",
    "RepeatedTokenError",
    "ResourceBindingError",
    "SpecError",
    "StateTestRequestError",
    "StatesError",
    "StatewiseError",
    "TaskFailed",
    "UnknownNameError",
    "UnknownOperationError",
    "UnknownStateError",
    "UnknownTestCaseError",
    "UnknownWaiterError",
    "WaiterError",
    "WaiterFailed",
    "WaiterOptionsError",
    "WaiterTimeout",
]


class SpecError(StatewiseError, ValueError):
    """A paginator or waiter spec is malformed.

    ``spec`` names the spec (``"ec2.DescribeSnapshots"``) and ``where`` is a
    JSON pointer to the offending key inside it (``"/output_token/0"``).
    """

    def __init__(self, message: str, *, spec: str | None = None, where: str | None = None):
        prefix = f"{spec}{where or ''}: " if spec else ""
        super().__init__(prefix + message)
        self.spec = spec
        self.where = where


class PaginationError(StatewiseError, botocore.exceptions.PaginationError):
    """Pagination could not go on.

    ``resume_token`` resumes after the last page that was completely
    received (``None`` when nothing can be resumed), so no fetched work is
    lost. Also a ``botocore.exceptions.PaginationError``.
    """

    def __init__(self, message: str, *, resume_token: str | None = None):
        botocore.exceptions.PaginationError.__init__(self, message=message)
        self.message = message
        self.resume_token = resume_token

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, {"resume_token": self.resume_token}))


class UnknownOperationError(PaginationError, UnknownNameError):
    """The source has no operation (or resource action) of that name."""

    def __init__(self, message: str, *, name: str, suggestions: tuple[str, ...] = ()):
        super().__init__(with_suggestions(message, suggestions))
        self.name = name
        self.suggestions = suggestions

    def __reduce__(self) -> tuple[Any, ...]:
        # the message already holds the suggestions; keep the attribute too
        return (_rebuild_unknown, (type(self), self.message, self.name, self.suggestions))


# botocore-stubs type the two bases' `kwargs` differently; at run time both are plain dicts.
class OperationNotPageableError(PaginationError, botocore.exceptions.OperationNotPageableError):  # type: ignore[misc]
    """The operation exists but has no paginator spec, so it cannot be paginated."""


class InvalidTokenError(PaginationError, ValueError):
    """A starting token does not decode or does not fit the paginator's input tokens."""

    def __init__(self, message: str, *, token: str):
        super().__init__(message)
        self.token = token

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, {"token": self.token}))


class RepeatedTokenError(PaginationError):
    """The service returned the same next token twice in a row; paging stopped."""


def _rebuild(cls: type[Exception], message: str, kwargs: dict[str, Any]) -> Exception:
    return cls(message, **kwargs)


class WaiterError(StatewiseError, botocore.exceptions.WaiterError):
    """A wait ended without success. Also a ``botocore.exceptions.WaiterError``.

    ``name`` is the waiter, ``reason`` says what happened (which acceptor
    matched and what it saw), ``last_response`` is the last response or error
    response, ``error`` the exception the last call raised (a ``ClientError``)
    if any, ``attempts`` the number of calls made, ``elapsed`` the seconds
    since the wait began, ``acceptor`` the acceptor that decided (the one
    that matched last, or None), and ``acceptor_errors`` the last
    :class:`AcceptorEvaluationError` of each acceptor that could not be
    evaluated during the wait (the reason names them too).
    """

    def __init__(
        self,
        name: str,
        reason: str,
        last_response: Any = None,
        *,
        error: BaseException | None = None,
        attempts: int = 0,
        elapsed: float = 0.0,
        acceptor: Any = None,
        acceptor_errors: tuple[AcceptorEvaluationError, ...] = (),
    ):
        botocore.exceptions.WaiterError.__init__(self, name=name, reason=reason, last_response=last_response)
        self.name = name
        self.reason = reason
        self.error = error
        self.attempts = attempts
        self.elapsed = elapsed
        self.acceptor = acceptor
        self.acceptor_errors = acceptor_errors

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "reason": self.reason,
            "last_response": self.last_response,
            "error": self.error,
            "attempts": self.attempts,
            "elapsed": self.elapsed,
            "acceptor": self.acceptor,
            "acceptor_errors": self.acceptor_errors,
        }
        return (_rebuild, (type(self), self.name, kwargs))


class AcceptorEvaluationError(StatewiseError):
    """A waiter acceptor's JMESPath argument raised on a response (``length(null)``, say).

    ``wait`` does not raise this: botocore's waiters crash with jmespath's
    error there, while statewise counts the acceptor as not matching and goes
    on polling. Each :class:`statewise.Attempt` lists these in
    ``acceptor_errors``, and the ``WaiterError`` that ends the wait names
    them; raise one yourself from ``on_attempt`` to stop at the first.
    ``waiter`` names the waiter, ``acceptor`` is the acceptor, ``expression``
    its JMESPath argument, and ``detail`` what jmespath said.
    """

    def __init__(self, message: str, *, waiter: str, acceptor: Any, expression: str, detail: str):
        super().__init__(message)
        self.message = message
        self.waiter = waiter
        self.acceptor = acceptor
        self.expression = expression
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"waiter": self.waiter, "acceptor": self.acceptor}
        kwargs |= {"expression": self.expression, "detail": self.detail}
        return (_rebuild, (type(self), self.message, kwargs))


class WaiterFailed(WaiterError):
    """A failure acceptor matched, or the call failed with an error no acceptor expected."""


class WaiterTimeout(WaiterError):
    """The waiter ran out of attempts or time before an acceptor decided."""


class UnknownWaiterError(UnknownNameError, ValueError):
    """The service (or registry) has no waiter of that name; ``suggestions`` lists close ones.

    Not a ``WaiterError``: a misspelt name must not pass for "not ready yet" in
    ``except WaiterError`` clauses (botocore raises ``ValueError`` here too).
    """

    def __init__(self, message: str, *, name: str, suggestions: tuple[str, ...] = ()):
        super().__init__(with_suggestions(message, suggestions))
        self.message = message
        self.name = name
        self.suggestions = suggestions

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"name": self.name, "suggestions": self.suggestions}
        return (_rebuild, (type(self), self.message, kwargs))


class WaiterOptionsError(StatewiseError, ValueError):
    """The options given to ``wait``/``async_wait`` conflict or are out of range."""


def _rebuild_unknown(
    cls: type[UnknownOperationError], message: str, name: str, suggestions: tuple[str, ...]
) -> UnknownOperationError:
    error = cls(message, name=name)
    error.suggestions = suggestions
    return error
