"""Retry and Catch: which handler takes an error, and how long to wait.

Theory of operation: an error name is matched against ``ErrorEquals`` lists
in order; the first retrier (or catcher) whose list matches handles it.
Matching follows the developer guide:

- ``States.ALL`` matches every error except ``States.Runtime`` (AWS's recorded
  executions show it catching ``States.DataLimitExceeded`` from a Task result);
- ``States.TaskFailed`` matches ``States.TaskFailed`` and every error name
  outside the ``States.`` namespace (a Task's own errors);
- ``States.Runtime`` is never retried nor caught: it always fails the execution.

A retrier's attempts are counted per entry into the state. The delay before
retry ``n`` (0-based) is ``IntervalSeconds * BackoffRate ** n``, capped by
``MaxDelaySeconds``; ``JitterStrategy: FULL`` draws it uniformly from
``[0, delay]`` with the execution's seeded random generator.

:func:`decide` puts these rules together for one error of a state: the first
retrier that matches retries it if it has attempts left (an exhausted one
does not hand the error to a later retrier), else the first catcher that
matches catches it, else the state fails. It only decides; the engine
records, sleeps and runs the catcher.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias, TypeVar

from statewise.asl.model import Catcher, GuardedState, Retrier

__all__ = [
    "FAIL",
    "TERMINAL_ERRORS",
    "Catch",
    "Decision",
    "Fail",
    "Retry",
    "decide",
    "error_matches",
    "first_match",
    "retry_delay",
]

TERMINAL_ERRORS: Final = frozenset({"States.Runtime"})

_H = TypeVar("_H", Retrier, Catcher)


@dataclass(frozen=True, slots=True)
class Retry:
    """Retrier ``index`` takes the error: wait ``delay`` seconds, then run the state again."""

    index: int
    delay: float


@dataclass(frozen=True, slots=True)
class Catch:
    """Catcher ``index`` takes the error: the state's output is the error output, shaped by ``catcher``."""

    index: int
    catcher: Catcher


@dataclass(frozen=True, slots=True)
class Fail:
    """No retrier or catcher takes the error: the state fails with it."""


FAIL: Final = Fail()

Decision: TypeAlias = Retry | Catch | Fail


def decide(state: GuardedState, error: str, attempts: Sequence[int], rng: random.Random) -> Decision:
    """What ``state``'s Retry and Catch do with ``error``; ``attempts[i]`` counts retrier ``i``'s retries so far.

    ``rng`` is drawn from only for a retry with ``JitterStrategy: FULL``.
    """
    retrier = first_match(state.retry, error)
    if retrier is not None:
        index, spec = retrier
        delay = retry_delay(spec, attempts[index], rng)
        if delay is not None:
            return Retry(index, delay)
    catcher = first_match(state.catch, error)
    return FAIL if catcher is None else Catch(*catcher)


def error_matches(names: Sequence[str], error: str) -> bool:
    """Whether an ``ErrorEquals`` list matches ``error``."""
    if error in TERMINAL_ERRORS:  # even where named: AWS never retries nor catches it
        return False
    if error in names:
        return True
    if "States.ALL" in names:
        return True
    return "States.TaskFailed" in names and not error.startswith("States.")


def first_match(handlers: Sequence[_H], error: str) -> tuple[int, _H] | None:
    """The first retrier or catcher that handles ``error``, with its index."""
    for index, handler in enumerate(handlers):
        if error_matches(handler.error_equals, error):
            return index, handler
    return None


def retry_delay(retrier: Retrier, attempt: int, rng: random.Random) -> float | None:
    """Seconds to wait before retry ``attempt`` (0-based), or None when attempts are spent."""
    if attempt >= retrier.max_attempts:
        return None
    delay = retrier.interval_seconds * retrier.backoff_rate**attempt
    if retrier.max_delay_seconds is not None:
        delay = min(delay, retrier.max_delay_seconds)
    if retrier.jitter == "FULL":
        delay = rng.uniform(0, delay)
    return delay
