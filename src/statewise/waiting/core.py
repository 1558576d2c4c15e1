"""The waiting core: acceptor decisions without I/O.

Theory of operation: a :class:`WaitCore` is the state machine of one wait.
The driver asks :meth:`WaitCore.next_decision` what to do and gets one of

- :class:`Call` -- call the operation with these parameters, then hand the
  response (or, for a ``ClientError``, its error response and the
  exception) to :meth:`WaitCore.receive`, which returns the
  :class:`Attempt` for ``on_attempt``;
- :class:`Sleep` -- sleep this many seconds on the clock;
- :class:`Done` -- return this response;
- :class:`Failed` -- raise this :class:`WaiterError`.

:meth:`receive` tries the acceptors in order and the first match decides,
exactly as botocore's ``Waiter.wait``: success ends the wait; failure
raises :class:`WaiterFailed`; an error response that no acceptor matched
raises :class:`WaiterFailed` at once ("unexpected error"); otherwise the
:class:`Pacing` says whether a limit is reached (:class:`WaiterTimeout`) or
how long to sleep. No sleep follows the last attempt. The core remembers the
last acceptor that matched, so a timeout names it and what it saw (botocore
names whichever acceptor its loop variable last held).

An acceptor whose JMESPath argument raises on a response (``length(null)``
when a key is missing: botocore's ``Waiter.wait`` crashes with jmespath's
error there) does not match; the acceptors after it are still tried, so
the wait goes on as if that acceptor had said no. The :class:`Attempt`
lists an :class:`AcceptorEvaluationError` for each such acceptor, and the
error that ends the wait names every acceptor that failed to evaluate, on
how many attempts, and jmespath's complaint.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from statewise.errors import AcceptorEvaluationError, WaiterError, WaiterFailed, WaiterTimeout
from statewise.specs.waiter import Acceptor, AcceptorState, WaiterSpec, is_error_response
from statewise.waiting.pacing import Pacing

__all__ = ["Attempt", "Call", "Decision", "Done", "Failed", "Sleep", "WaitCore", "client_error_response"]


@dataclass(frozen=True, slots=True, repr=False)
class Attempt:
    """One call of the operation and what the waiter made of it.

    ``state`` is the matched acceptor's state (None when none matched),
    ``response`` the response or error response, ``error`` the exception the
    call raised (a ``ClientError``) if any, ``elapsed`` the seconds since the
    wait began, ``next_delay`` the sleep before the next attempt (None
    when the wait ends here), and ``acceptor_errors`` the acceptors tried
    before the decision whose JMESPath argument raised on this response
    (each counted as not matching).

    The repr is one line that never shows the response body, so
    ``on_attempt=print`` stays readable::

        <Attempt 2 at 15.0s: matched acceptor 2 (retry when error Code == "NotFound"); error NotFound; next in 15s>
    """

    number: int
    elapsed: float
    state: AcceptorState | None
    acceptor: Acceptor | None
    response: Any
    error: BaseException | None
    next_delay: float | None
    acceptor_errors: tuple[AcceptorEvaluationError, ...] = ()

    @property
    def error_code(self) -> str | None:
        """The service error code of this attempt (``ResourceNotFoundException``), or None."""
        if not is_error_response(self.response):
            return None
        return str(self.response["Error"]["Code"])

    def __repr__(self) -> str:
        matched = "no acceptor matched" if self.acceptor is None else f"matched {self.acceptor.describe()}"
        parts = [f"{self.number} at {self.elapsed:.1f}s: {matched}"]
        code = self.error_code
        if code is not None:
            parts.append(f"error {_one_line(code)}")
        parts.extend(
            f"acceptor {failure.acceptor.index} could not evaluate {failure.expression} ({failure.detail})"
            for failure in self.acceptor_errors
        )
        if self.next_delay is not None:
            parts.append(f"next in {self.next_delay:g}s")
        return f"<Attempt {'; '.join(parts)}>"


@dataclass(frozen=True, slots=True)
class Call:
    """Call the operation with ``params``."""

    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Sleep:
    """Sleep ``seconds`` on the clock, then ask again."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Done:
    """The wait succeeded; return ``response``."""

    response: Any


@dataclass(frozen=True, slots=True)
class Failed:
    """The wait failed; raise ``error``."""

    error: WaiterError


Decision = Call | Sleep | Done | Failed


def client_error_response(exc: BaseException) -> Mapping[str, Any] | None:
    """The error response a botocore ``ClientError`` carries, or None for any other exception."""
    return exc.response if isinstance(exc, ClientError) else None


@dataclass(frozen=True, slots=True)
class _Match:
    attempt: int
    acceptor: Acceptor
    response: Any


class WaitCore:
    """The decisions of one wait for ``spec`` with ``params``, paced by ``pacing``."""

    def __init__(
        self,
        spec: WaiterSpec,
        params: Mapping[str, Any],
        pacing: Pacing,
        *,
        started: float,
        rng: random.Random,
    ) -> None:
        self.spec = spec
        self.pacing = pacing
        self._call = Call(dict(params))
        self._started = started
        self._rng = rng
        self._attempts = 0
        self._next: Decision = self._call
        self._calling = False
        self._last_match: _Match | None = None
        # acceptor index -> (attempts on which it could not be evaluated, the last such error)
        self._unevaluated: dict[int, tuple[int, AcceptorEvaluationError]] = {}

    def next_decision(self) -> Decision:
        """What the driver does next."""
        decision = self._next
        if isinstance(decision, Call):
            self._calling = True
        elif isinstance(decision, Sleep):
            self._next = self._call
        return decision

    def receive(self, response: Any, *, now: float, error: BaseException | None = None) -> Attempt:
        """Judge the result of the outstanding call made ``now`` (on the wait's clock)."""
        if not self._calling:
            raise RuntimeError("receive() needs an outstanding Call from next_decision()")
        self._calling = False
        self._attempts += 1
        number, elapsed = self._attempts, now - self._started
        acceptor, unevaluated = self._first_match(response, number)
        if acceptor is not None:
            self._last_match = _Match(number, acceptor, response)
        facts = {"error": error, "attempts": number, "elapsed": elapsed, "acceptor": acceptor}
        self._next = self._judge(acceptor, response, facts)
        delay = self._next.seconds if isinstance(self._next, Sleep) else None
        state = None if acceptor is None else acceptor.state
        return Attempt(number, elapsed, state, acceptor, response, error, delay, unevaluated)

    def _first_match(self, response: Any, number: int) -> tuple[Acceptor | None, tuple[AcceptorEvaluationError, ...]]:
        """The first acceptor that matches ``response``, and the ones before it that could not be evaluated."""
        unevaluated: list[AcceptorEvaluationError] = []
        for acceptor in self.spec.acceptors:
            try:
                if acceptor.matches(response):
                    return acceptor, tuple(unevaluated)
            except Exception as exc:
                if not _is_evaluation_error(exc):
                    raise
                failure = self._evaluation_error(acceptor, exc, number)
                count = self._unevaluated.get(acceptor.index, (0, failure))[0]
                self._unevaluated[acceptor.index] = (count + 1, failure)
                unevaluated.append(failure)
        return None, tuple(unevaluated)

    def _evaluation_error(self, acceptor: Acceptor, exc: Exception, number: int) -> AcceptorEvaluationError:
        expression = "" if acceptor.argument is None else acceptor.argument.source
        detail = _one_line(str(exc))
        return AcceptorEvaluationError(
            f"{self.spec.name}: {acceptor.describe()} could not be evaluated on attempt {number} "
            f"({detail}); it counts as not matching",
            waiter=self.spec.name,
            acceptor=acceptor,
            expression=expression,
            detail=detail,
        )

    def _judge(self, acceptor: Acceptor | None, response: Any, facts: dict[str, Any]) -> Decision:
        name, number, elapsed = self.spec.name, facts["attempts"], facts["elapsed"]
        if acceptor is not None and acceptor.state is AcceptorState.SUCCESS:
            return Done(response)
        facts["acceptor_errors"] = tuple(failure for _, (_, failure) in sorted(self._unevaluated.items()))
        if acceptor is not None and acceptor.state is AcceptorState.FAILURE:
            reason = f"{acceptor.describe()} matched on attempt {number} ({acceptor.describe_seen(response)})"
            return Failed(WaiterFailed(name, reason + self._unevaluated_text(number), response, **facts))
        if acceptor is None and is_error_response(response):
            reason = f"unexpected error on attempt {number}: {_error_text(response)}; no acceptor matches it"
            return Failed(WaiterFailed(name, reason + self._unevaluated_text(number), response, **facts))
        limit = self.pacing.exhausted(number, elapsed)
        if limit is not None:
            reason = f"{limit} after {number} attempt{'s' * (number != 1)} in {elapsed:.1f}s; {self._last_match_text()}"
            facts["acceptor"] = None if self._last_match is None else self._last_match.acceptor
            return Failed(WaiterTimeout(name, reason + self._unevaluated_text(number), response, **facts))
        return Sleep(self.pacing.delay_after(number, elapsed, self._rng))

    def _unevaluated_text(self, attempts: int) -> str:
        """What the final error adds about acceptors that could not be evaluated ("" when none)."""
        notes = [
            f"; {failure.acceptor.describe()} could not be evaluated on {count} of {attempts} "
            f"attempt{'s' * (attempts != 1)} (last: {failure.detail})"
            for _, (count, failure) in sorted(self._unevaluated.items())
        ]
        return "".join(notes)

    def _last_match_text(self) -> str:
        match = self._last_match
        if match is None:
            return "no acceptor matched any response"
        seen = match.acceptor.describe_seen(match.response)
        return f"last match: {match.acceptor.describe()} on attempt {match.attempt} ({seen})"


def _is_evaluation_error(exc: Exception) -> bool:
    """True for jmespath's run-time errors (a type error in ``length(null)``, an arity error ...).

    jmespath is loaded whenever a spec holds an expression it must evaluate
    (plain dotted paths never raise), so it is never imported just to ask.
    """
    module = sys.modules.get("jmespath.exceptions")
    return module is not None and isinstance(exc, module.JMESPathError)


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _error_text(response: Mapping[str, Any]) -> str:
    error = response["Error"]
    return f"{error.get('Code', 'Unknown')}: {error.get('Message', 'Unknown')}"
