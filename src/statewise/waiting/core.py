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
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from statewise.errors import WaiterError, WaiterFailed, WaiterTimeout
from statewise.specs.waiter import Acceptor, AcceptorState, WaiterSpec, is_error_response
from statewise.waiting.pacing import Pacing

__all__ = ["Attempt", "Call", "Decision", "Done", "Failed", "Sleep", "WaitCore", "client_error_response"]


@dataclass(frozen=True, slots=True)
class Attempt:
    """One call of the operation and what the waiter made of it.

    ``state`` is the matched acceptor's state (None when none matched),
    ``response`` the response or error response, ``error`` the exception the
    call raised (a ``ClientError``) if any, ``elapsed`` the seconds since the
    wait began, and ``next_delay`` the sleep before the next attempt (None
    when the wait ends here).
    """

    number: int
    elapsed: float
    state: AcceptorState | None
    acceptor: Acceptor | None
    response: Any
    error: BaseException | None
    next_delay: float | None


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
    from botocore.exceptions import ClientError

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
        acceptor = next((a for a in self.spec.acceptors if a.matches(response)), None)
        if acceptor is not None:
            self._last_match = _Match(number, acceptor, response)
        facts = {"error": error, "attempts": number, "elapsed": elapsed, "acceptor": acceptor}
        self._next = self._judge(acceptor, response, facts)
        delay = self._next.seconds if isinstance(self._next, Sleep) else None
        state = None if acceptor is None else acceptor.state
        return Attempt(number, elapsed, state, acceptor, response, error, delay)

    def _judge(self, acceptor: Acceptor | None, response: Any, facts: dict[str, Any]) -> Decision:
        name, number, elapsed = self.spec.name, facts["attempts"], facts["elapsed"]
        if acceptor is not None and acceptor.state is AcceptorState.SUCCESS:
            return Done(response)
        if acceptor is not None and acceptor.state is AcceptorState.FAILURE:
            reason = f"{acceptor.describe()} matched on attempt {number} ({acceptor.describe_seen(response)})"
            return Failed(WaiterFailed(name, reason, response, **facts))
        if acceptor is None and is_error_response(response):
            reason = f"unexpected error on attempt {number}: {_error_text(response)}; no acceptor matches it"
            return Failed(WaiterFailed(name, reason, response, **facts))
        limit = self.pacing.exhausted(number, elapsed)
        if limit is not None:
            reason = f"{limit} after {number} attempt{'s' * (number != 1)} in {elapsed:.1f}s; {self._last_match_text()}"
            facts["acceptor"] = None if self._last_match is None else self._last_match.acceptor
            return Failed(WaiterTimeout(name, reason, response, **facts))
        return Sleep(self.pacing.delay_after(number, elapsed, self._rng))

    def _last_match_text(self) -> str:
        match = self._last_match
        if match is None:
            return "no acceptor matched any response"
        seen = match.acceptor.describe_seen(match.response)
        return f"last match: {match.acceptor.describe()} on attempt {match.attempt} ({seen})"


def _error_text(response: Mapping[str, Any]) -> str:
    error = response["Error"]
    return f"{error.get('Code', 'Unknown')}: {error.get('Message', 'Unknown')}"
