"""retry.decide: which retrier or catcher takes an error, and the retry delay, as tables."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from typing import Any

import pytest

from statewise import StateMachine
from statewise.asl.model import GuardedState
from statewise.asl.retry import FAIL, Catch, Decision, Retry, decide


def guarded(retry: Sequence[dict[str, Any]] = (), catch: Sequence[str | list[str]] = ()) -> GuardedState:
    """A Task with ``retry`` and one catcher per entry of ``catch`` (its ErrorEquals), catcher i going to ``C<i>``."""
    catchers = [
        {"ErrorEquals": [names] if isinstance(names, str) else names, "Next": f"C{i}"} for i, names in enumerate(catch)
    ]
    definition = {"Type": "Task", "Resource": "r", "End": True, "Retry": list(retry), "Catch": catchers}
    state = StateMachine.from_state(definition).program.states["State"]
    assert isinstance(state, GuardedState)
    return state


def outcome(decision: Decision) -> tuple[Any, ...]:
    """A decision as a short tuple: ("retry", index, delay), ("catch", index, next) or ("fail",)."""
    if isinstance(decision, Retry):
        return ("retry", decision.index, decision.delay)
    if isinstance(decision, Catch):
        return ("catch", decision.index, decision.catcher.next)
    return ("fail",)


# -- matching: ErrorEquals, States.ALL, States.TaskFailed, States.Runtime -----------------------------------

MATCHING = [
    # (ErrorEquals of the one retrier, error, retried?)
    (["Custom"], "Custom", True),
    (["Other", "Custom"], "Custom", True),
    (["Other"], "Custom", False),
    (["custom"], "Custom", False),  # names are case-sensitive
    (["States.ALL"], "Custom", True),
    (["States.ALL"], "States.Timeout", True),
    (["States.ALL"], "States.DataLimitExceeded", True),
    (["States.ALL"], "States.Runtime", False),  # never retried nor caught ...
    (["States.Runtime"], "States.Runtime", False),  # ... even where named
    (["States.TaskFailed"], "States.TaskFailed", True),
    (["States.TaskFailed"], "Custom", True),  # a Task's own error, outside the States. namespace
    (["States.TaskFailed"], "Lambda.ServiceException", True),
    (["States.TaskFailed"], "States.Timeout", False),
    (["States.Timeout"], "States.Timeout", True),
    (["States.Timeout"], "States.TaskFailed", False),
]


@pytest.mark.parametrize(("names", "error", "retried"), MATCHING)
def test_error_equals_matching(names: list[str], error: str, retried: bool) -> None:
    decision = decide(guarded([{"ErrorEquals": names}]), error, [0], random.Random(0))
    assert outcome(decision) == (("retry", 0, 1.0) if retried else ("fail",))


@pytest.mark.parametrize(("names", "error", "caught"), MATCHING)
def test_catchers_match_as_retriers_do(names: list[str], error: str, caught: bool) -> None:
    decision = decide(guarded(catch=[names]), error, [], random.Random(0))
    assert outcome(decision) == (("catch", 0, "C0") if caught else ("fail",))


def test_states_runtime_is_neither_retried_nor_caught() -> None:
    state = guarded([{"ErrorEquals": ["States.ALL"]}], ["States.Runtime", "States.ALL"])
    assert decide(state, "States.Runtime", [0], random.Random(0)) is FAIL


# -- which handler: order, exhausted retriers, MaxAttempts 0 --------------------------------------------------

RETRY = [
    {"ErrorEquals": ["A"], "MaxAttempts": 1, "IntervalSeconds": 5},
    {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 7},
]


@pytest.mark.parametrize(
    ("retry", "catch", "error", "attempts", "expected"),
    [
        (RETRY, [], "A", [0, 0], ("retry", 0, 5.0)),  # the first retrier that matches
        (RETRY, [], "B", [0, 0], ("retry", 1, 7.0)),
        (RETRY, [], "B", [1, 0], ("retry", 1, 7.0)),  # another retrier's count does not matter
        (RETRY, [], "A", [1, 0], ("fail",)),  # exhausted: no later retrier takes the error
        (RETRY, ["States.ALL"], "A", [1, 0], ("catch", 0, "C0")),  # ... a catcher does
        (RETRY, ["States.ALL"], "B", [0, 3], ("catch", 0, "C0")),  # MaxAttempts defaults to 3
        (RETRY, ["States.ALL"], "B", [0, 2], ("retry", 1, 28.0)),  # 7 * 2 ** 2
        ([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}], [], "A", [0], ("fail",)),
        ([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}], ["A"], "A", [0], ("catch", 0, "C0")),
        ([], ["A", "States.ALL"], "A", [], ("catch", 0, "C0")),  # the first catcher that matches
        ([], ["A", "States.ALL"], "B", [], ("catch", 1, "C1")),
        ([], [["X", "A"], "A"], "A", [], ("catch", 0, "C0")),
        ([], ["States.TaskFailed", "States.ALL"], "States.Timeout", [], ("catch", 1, "C1")),
        ([], ["A"], "B", [], ("fail",)),
        ([], [], "A", [], ("fail",)),
    ],
)
def test_retry_then_catch_then_fail(
    retry: list[dict[str, Any]],
    catch: list[str | list[str]],
    error: str,
    attempts: list[int],
    expected: tuple[Any, ...],
) -> None:
    assert outcome(decide(guarded(retry, catch), error, attempts, random.Random(0))) == expected


def test_a_catch_carries_its_catcher() -> None:
    state = guarded(catch=["A", "B"])
    assert decide(state, "B", [], random.Random(0)) == Catch(1, state.catch[1])


# -- delays: IntervalSeconds, BackoffRate, MaxDelaySeconds, JitterStrategy ---------------------------------


@pytest.mark.parametrize(
    ("fields", "delays"),
    [
        ({}, [1.0, 2.0, 4.0]),  # IntervalSeconds 1, BackoffRate 2.0
        ({"IntervalSeconds": 3, "BackoffRate": 1.0, "MaxAttempts": 4}, [3.0, 3.0, 3.0, 3.0]),
        ({"IntervalSeconds": 2, "BackoffRate": 3}, [2.0, 6.0, 18.0]),
        ({"IntervalSeconds": 2, "BackoffRate": 1.5}, [2.0, 3.0, 4.5]),
        ({"IntervalSeconds": 2, "BackoffRate": 3, "MaxDelaySeconds": 5}, [2.0, 5.0, 5.0]),
        ({"IntervalSeconds": 10, "MaxDelaySeconds": 4, "MaxAttempts": 2}, [4.0, 4.0]),
    ],
)
def test_delays_back_off_up_to_max_delay_then_attempts_run_out(fields: dict[str, Any], delays: list[float]) -> None:
    state = guarded([{"ErrorEquals": ["States.ALL"], **fields}])
    rng = random.Random(0)
    before = rng.getstate()
    decided = [decide(state, "A", [attempt], rng) for attempt in range(len(delays) + 1)]
    assert decided == [*(Retry(0, delay) for delay in delays), FAIL]
    assert rng.getstate() == before  # no jitter, no draw


def test_full_jitter_draws_from_zero_to_the_delay_with_the_seeded_rng() -> None:
    retrier = {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxDelaySeconds": 10}
    state = guarded([{**retrier, "JitterStrategy": "FULL"}])
    rng, twin = random.Random(42), random.Random(42)
    delays = [decide(state, "A", [attempt], rng) for attempt in range(3)]
    assert delays == [Retry(0, twin.uniform(0, cap)) for cap in (2.0, 6.0, 10.0)]
    before = rng.getstate()
    assert decide(state, "A", [3], rng) is FAIL
    assert rng.getstate() == before  # attempts spent: nothing drawn


def test_decisions_are_frozen_values() -> None:
    retry = Retry(0, 1.0)
    assert retry == Retry(0, 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        retry.delay = 2.0
