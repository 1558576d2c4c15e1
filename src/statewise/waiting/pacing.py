"""Pacing: how long to sleep between attempts, and when to give up.

Theory of operation: :func:`resolve_pacing` turns a spec and the caller's
options into one frozen :class:`Pacing`, validating every option once. The
waiting core then asks two questions after each attempt that did not end the
wait: :meth:`Pacing.exhausted` (is a limit reached? which one?) and
:meth:`Pacing.delay_after` (how long to sleep before the next attempt).

Two rules, chosen by ``backoff``:

- ``None`` (botocore's): a fixed ``delay`` (the spec's, or ``delay=``,
  or ``WaiterConfig["Delay"]``), at most ``max_attempts`` calls (the spec's
  by default), no time limit unless ``timeout=`` is given.
- ``"exponential"`` (the Smithy waiter rule of the newer AWS SDKs): after
  attempt *n* sleep a uniformly drawn time between ``min_delay`` and
  ``min(max_delay, min_delay * 2**(n-1))``. ``min_delay`` defaults to 2 s
  (Smithy's) and ``max_delay`` to the spec's delay, so steady-state polling
  is never slower than botocore's. The budget is ``timeout``, by default the
  spec's ``delay * maxAttempts`` (botocore's implicit budget); attempts are
  unlimited unless ``max_attempts`` is given.

Either way a sleep never runs past the time that remains, and the wait gives
up when no time remains.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from statewise.errors import WaiterOptionsError
from statewise.specs.waiter import WaiterSpec

__all__ = ["DEFAULT_MIN_DELAY", "Backoff", "Pacing", "resolve_pacing"]

Backoff = Literal["exponential"] | None
DEFAULT_MIN_DELAY = 2.0
_WAITER_CONFIG_KEYS = {"Delay": "delay", "MaxAttempts": "max_attempts"}


@dataclass(frozen=True, slots=True)
class Pacing:
    """Resolved limits and delays for one wait.

    ``min_delay`` is None for fixed delays; otherwise delays grow
    exponentially from ``min_delay`` up to ``delay``.
    """

    delay: float
    min_delay: float | None = None
    max_attempts: int | None = None
    timeout: float | None = None

    def exhausted(self, attempts: int, elapsed: float) -> str | None:
        """Which limit stops the wait after ``attempts`` calls and ``elapsed`` seconds, if any."""
        if self.max_attempts is not None and attempts >= self.max_attempts:
            return f"max_attempts ({self.max_attempts}) reached"
        if self.timeout is not None and elapsed >= self.timeout:
            return f"timeout ({self.timeout:g}s) reached"
        return None

    def delay_after(self, attempts: int, elapsed: float, rng: random.Random) -> float:
        """Seconds to sleep after attempt number ``attempts`` (1-based), cut to the time left."""
        if self.min_delay is None:
            delay = self.delay
        else:
            ceiling = min(self.delay, self.min_delay * 2.0 ** min(attempts - 1, 64))
            delay = rng.uniform(self.min_delay, ceiling)
        if self.timeout is not None:
            delay = min(delay, self.timeout - elapsed)
        return delay


def resolve_pacing(
    spec: WaiterSpec,
    *,
    delay: float | None = None,
    max_attempts: int | None = None,
    timeout: float | None = None,
    backoff: Backoff = None,
    min_delay: float | None = None,
    max_delay: float | None = None,
    waiter_config: Mapping[str, Any] | None = None,
) -> Pacing:
    """The :class:`Pacing` for ``spec`` under these options; bad options raise :class:`WaiterOptionsError`."""
    if waiter_config is not None:
        delay, max_attempts = _from_waiter_config(waiter_config, delay, max_attempts)
    step = float(spec.delay) if delay is None else _seconds("delay", delay, zero_ok=True)
    attempts = None if max_attempts is None else _count("max_attempts", max_attempts)
    budget = None if timeout is None else _seconds("timeout", timeout, zero_ok=True)
    if backoff is None:
        if min_delay is not None or max_delay is not None:
            raise WaiterOptionsError("min_delay and max_delay apply only with backoff='exponential'")
        return Pacing(step, None, spec.max_attempts if attempts is None else attempts, budget)
    if backoff != "exponential":
        raise WaiterOptionsError(f"backoff must be None (fixed delay) or 'exponential', got {backoff!r}")
    cap = step if max_delay is None else _seconds("max_delay", max_delay)
    floor = min(DEFAULT_MIN_DELAY, cap) if min_delay is None else _seconds("min_delay", min_delay)
    if floor > cap:
        source = "max_delay" if max_delay is not None else "the waiter's delay, used as max_delay,"
        raise WaiterOptionsError(f"min_delay ({floor:g}s) must not exceed {source} ({cap:g}s)")
    if budget is None:
        # botocore's implicit budget: the delay in force times the attempts allowed;
        # with no delay at all there is no time to bound, so count attempts instead.
        count = spec.max_attempts if attempts is None else attempts
        budget = (step or float(spec.delay)) * count or None
        if budget is None:
            attempts = count
    return Pacing(cap, floor, attempts, budget)


def _from_waiter_config(config: Mapping[str, Any], delay: float | None, max_attempts: int | None) -> tuple[Any, Any]:
    if delay is not None or max_attempts is not None:
        raise WaiterOptionsError(
            "give WaiterConfig or delay=/max_attempts=, not both: WaiterConfig is only an alias for them"
        )
    if not isinstance(config, Mapping):
        raise WaiterOptionsError(f"WaiterConfig must be a dict, got {type(config).__name__}")
    unknown = sorted(set(config) - set(_WAITER_CONFIG_KEYS))
    if unknown:
        raise WaiterOptionsError(
            f"unknown WaiterConfig key {unknown[0]!r}; expected Delay or MaxAttempts "
            "(use timeout=, backoff= and friends as keywords)"
        )
    return config.get("Delay"), config.get("MaxAttempts")


def _seconds(name: str, value: Any, *, zero_ok: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (value == 0 and not zero_ok):
        bound = ">= 0" if zero_ok else "> 0"
        raise WaiterOptionsError(f"{name} must be a number of seconds {bound}, got {value!r}")
    return float(value)


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WaiterOptionsError(f"{name} must be an integer >= 1, got {value!r}")
    return value
