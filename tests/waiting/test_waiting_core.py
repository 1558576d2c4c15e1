"""The waiting core and the drivers over it, with canned responses and a FakeClock."""

from __future__ import annotations

import asyncio
import pickle
import random
from typing import Any

import botocore.exceptions
import pytest
from botocore.exceptions import ClientError

import statewise
from statewise import Attempt, WaiterFailed, WaiterOptionsError, WaiterTimeout
from statewise.specs.waiter import AcceptorState, WaiterSpec
from statewise.testing import FakeClock
from statewise.waiting.core import Call, Done, Failed, Sleep, WaitCore
from statewise.waiting.pacing import Pacing

SPEC = WaiterSpec.from_dict(
    {
        "operation": "DescribeThing",
        "delay": 10,
        "maxAttempts": 5,
        "acceptors": [
            {"state": "success", "matcher": "path", "argument": "Status", "expected": "READY"},
            {"state": "failure", "matcher": "path", "argument": "Status", "expected": "BROKEN"},
            {"state": "retry", "matcher": "error", "expected": "NotFound"},
            {"state": "retry", "matcher": "path", "argument": "Status", "expected": "PENDING"},
        ],
    },
    name="svc.ThingReady",
)
READY, BROKEN, PENDING, OTHER = ({"Status": s} for s in ("READY", "BROKEN", "PENDING", "OTHER"))


def not_found() -> ClientError:
    response: Any = {"Error": {"Code": "NotFound", "Message": "no thing"}, "ResponseMetadata": {"HTTPStatusCode": 404}}
    return ClientError(response, "DescribeThing")


class Script:
    """Returns (or raises) the items in order, then repeats the last."""

    def __init__(self, *items: Any):
        self.items = items
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> Any:
        self.calls.append(params)
        item = self.items[min(len(self.calls), len(self.items)) - 1]
        if isinstance(item, BaseException):
            raise item
        return item


def run(*items: Any, **options: Any) -> tuple[Any, Script, FakeClock]:
    script, clock = Script(*items), FakeClock()
    return statewise.wait(script, spec=SPEC, clock=clock, **options), script, clock


# states ---------------------------------------------------------------------


def test_success_returns_the_last_response_and_passes_params_unchanged() -> None:
    response, script, clock = run(PENDING, OTHER, READY, Name="t", Limit=3)
    assert response is READY
    assert script.calls == [{"Name": "t", "Limit": 3}] * 3
    assert clock.sleeps == [10.0, 10.0]


def test_failure_acceptor_raises_waiter_failed_naming_it() -> None:
    with pytest.raises(WaiterFailed) as info:
        run(PENDING, BROKEN)
    error = info.value
    assert str(error) == (
        'Waiter svc.ThingReady failed: acceptor 1 (failure when path Status == "BROKEN") '
        'matched on attempt 2 (saw "BROKEN")'
    )
    assert (error.attempts, error.elapsed, error.last_response, error.error) == (2, 10.0, BROKEN, None)
    assert error.acceptor is SPEC.acceptors[1]
    assert isinstance(error, botocore.exceptions.WaiterError)
    assert isinstance(error, statewise.WaiterError)
    assert isinstance(error, statewise.StatewiseError)


def test_retry_error_acceptor_keeps_waiting() -> None:
    response, script, _ = run(not_found(), not_found(), READY)
    assert response is READY
    assert len(script.calls) == 3


def test_unexpected_raised_error_fails_at_once() -> None:
    boom = ClientError({"Error": {"Code": "AccessDenied", "Message": "nope"}}, "DescribeThing")
    with pytest.raises(WaiterFailed) as info:
        run(PENDING, boom)
    assert str(info.value) == (
        "Waiter svc.ThingReady failed: unexpected error on attempt 2: AccessDenied: nope; no acceptor matches it"
    )
    assert info.value.error is boom
    assert info.value.last_response is boom.response
    assert info.value.acceptor is None


def test_returned_error_dict_is_treated_as_an_error() -> None:
    returned = {"Error": {"Code": "Throttled", "Message": "slow down"}}
    with pytest.raises(WaiterFailed, match="unexpected error on attempt 1: Throttled: slow down") as info:
        run(returned)
    assert info.value.error is None
    assert info.value.last_response is returned
    returned_not_found = {"Error": {"Code": "NotFound"}}
    assert run(returned_not_found, READY)[0] is READY


def test_other_exceptions_propagate_unchanged() -> None:
    with pytest.raises(KeyError, match="bug"):
        run(PENDING, KeyError("bug"))


def test_max_attempts_timeout_names_the_last_matched_acceptor() -> None:
    # botocore would blame acceptor 3 (its loop variable), though acceptor 2 matched last
    with pytest.raises(WaiterTimeout) as info:
        run(PENDING, not_found(), OTHER)
    assert str(info.value) == (
        "Waiter svc.ThingReady failed: max_attempts (5) reached after 5 attempts in 40.0s; "
        'last match: acceptor 2 (retry when error Code == "NotFound") on attempt 2 (saw error NotFound)'
    )
    assert info.value.acceptor is SPEC.acceptors[2]
    assert info.value.attempts == 5
    assert info.value.last_response is OTHER


def test_timeout_when_nothing_matched() -> None:
    with pytest.raises(WaiterTimeout, match=r"; no acceptor matched any response$"):
        run(OTHER)


def test_no_sleep_after_the_last_attempt() -> None:
    clock = FakeClock()
    with pytest.raises(WaiterTimeout):
        statewise.wait(Script(OTHER), spec=SPEC, clock=clock, max_attempts=3)
    assert clock.sleeps == [10.0, 10.0]


# options --------------------------------------------------------------------


def test_waiter_config_is_an_alias() -> None:
    clock = FakeClock()
    with pytest.raises(WaiterTimeout) as info:
        statewise.wait(Script(OTHER), spec=SPEC, clock=clock, WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    assert clock.sleeps == [1.0, 1.0]
    assert info.value.attempts == 3
    clock = FakeClock()
    with pytest.raises(WaiterTimeout):
        statewise.wait(Script(OTHER), spec=SPEC, clock=clock, delay=1, max_attempts=3)
    assert clock.sleeps == [1.0, 1.0]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"WaiterConfig": {"Delay": 1}, "delay": 2}, "give WaiterConfig or delay=/max_attempts=, not both"),
        ({"WaiterConfig": {"MaxAttempts": 1}, "max_attempts": 2}, "give WaiterConfig or delay=/max_attempts=, not both"),  # noqa: E501
        ({"WaiterConfig": {"Timeout": 1}}, "unknown WaiterConfig key 'Timeout'; expected Delay or MaxAttempts"),
        ({"WaiterConfig": [1]}, "WaiterConfig must be a dict, got list"),
        ({"delay": -1}, "delay must be a number of seconds >= 0, got -1"),
        ({"max_attempts": 0}, "max_attempts must be an integer >= 1, got 0"),
        ({"max_attempts": 2.5}, "max_attempts must be an integer >= 1, got 2.5"),
        ({"timeout": "1"}, "timeout must be a number of seconds >= 0, got '1'"),
        ({"min_delay": 1}, "min_delay and max_delay apply only with backoff='exponential'"),
        ({"backoff": "linear"}, "backoff must be None (fixed delay) or 'exponential', got 'linear'"),
        ({"backoff": "exponential", "min_delay": 0}, "min_delay must be a number of seconds > 0, got 0"),
        ({"backoff": "exponential", "min_delay": 5, "max_delay": 4}, "min_delay (5s) must not exceed max_delay (4s)"),
    ],
)  # fmt: skip
def test_bad_options(options: dict[str, Any], message: str) -> None:
    script = Script(READY)
    with pytest.raises(WaiterOptionsError) as info:
        statewise.wait(script, spec=SPEC, clock=FakeClock(), **options)
    assert str(info.value).startswith(message)
    assert script.calls == []  # nothing is called before the options are checked


def test_fixed_delay_with_timeout_never_sleeps_past_it() -> None:
    clock = FakeClock()
    with pytest.raises(WaiterTimeout, match=r"timeout \(25s\) reached after 4 attempts in 25.0s"):
        statewise.wait(Script(OTHER), spec=SPEC, clock=clock, timeout=25, max_attempts=100)
    assert clock.sleeps == [10.0, 10.0, 5.0]


def test_exponential_backoff_bounds_with_seeded_rng() -> None:
    clock = FakeClock()
    with pytest.raises(WaiterTimeout):
        statewise.wait(Script(OTHER), spec=SPEC, clock=clock, backoff="exponential", rng=random.Random(7),
                       max_delay=40, max_attempts=9, timeout=10_000)  # fmt: skip
    assert len(clock.sleeps) == 8
    for n, slept in enumerate(clock.sleeps, start=1):
        assert 2.0 <= slept <= min(40.0, 2.0 * 2 ** (n - 1))
    assert clock.sleeps[0] == 2.0  # Smithy: the first retry waits exactly min_delay
    again = FakeClock()
    with pytest.raises(WaiterTimeout):
        statewise.wait(Script(OTHER), spec=SPEC, clock=again, backoff="exponential", rng=random.Random(7),
                       max_delay=40, max_attempts=9, timeout=10_000)  # fmt: skip
    assert again.sleeps == clock.sleeps


def test_exponential_defaults_budget_and_cap_from_the_spec() -> None:
    clock = FakeClock()
    with pytest.raises(WaiterTimeout, match=r"timeout \(50s\) reached") as info:
        statewise.wait(Script(OTHER), spec=SPEC, clock=clock, backoff="exponential", rng=random.Random(1))
    assert sum(clock.sleeps) == pytest.approx(50.0)  # spec delay 10 x maxAttempts 5, the last sleep cut to fit
    assert max(clock.sleeps) <= 10.0
    assert min(clock.sleeps) > 0
    assert info.value.elapsed == pytest.approx(50.0)


def test_exponential_max_attempts_comes_first() -> None:
    clock = FakeClock()
    with pytest.raises(WaiterTimeout, match=r"max_attempts \(3\) reached after 3 attempts"):
        statewise.wait(Script(OTHER), spec=SPEC, clock=clock, backoff="exponential", max_attempts=3)
    assert len(clock.sleeps) == 2


def test_pacing_min_delay_defaults_to_at_most_max_delay() -> None:
    spec = WaiterSpec.from_dict({**SPEC.to_dict(), "delay": 1})
    clock = FakeClock()
    with pytest.raises(WaiterTimeout):
        statewise.wait(Script(OTHER), spec=spec, clock=clock, backoff="exponential")
    assert set(clock.sleeps) == {1.0}


# on_attempt -----------------------------------------------------------------


def test_on_attempt_sees_every_attempt() -> None:
    seen: list[Attempt] = []
    response, _, _ = run(OTHER, not_found(), READY, on_attempt=seen.append)
    assert response is READY
    assert [(a.number, a.elapsed, a.state, a.next_delay) for a in seen] == [
        (1, 0.0, None, 10.0),
        (2, 10.0, AcceptorState.RETRY, 10.0),
        (3, 20.0, AcceptorState.SUCCESS, None),
    ]
    assert seen[1].acceptor is SPEC.acceptors[2]
    assert isinstance(seen[1].error, ClientError)
    assert seen[2].response is READY
    assert seen[0].acceptor is None
    with pytest.raises(AttributeError):
        seen[0].number = 5  # type: ignore[misc]


def test_sync_wait_refuses_a_coroutine_on_attempt() -> None:
    async def report(attempt: Attempt) -> None:
        pass

    with pytest.raises(WaiterOptionsError, match="on_attempt is a coroutine function; use async_wait"):
        run(READY, on_attempt=report)


def test_async_wait_with_async_callable_and_both_kinds_of_on_attempt() -> None:
    calls: list[dict[str, Any]] = []
    items = [OTHER, PENDING, READY]

    async def describe(**params: Any) -> Any:
        calls.append(params)
        return items[len(calls) - 1]

    sync_seen: list[int] = []
    async_seen: list[int] = []

    async def report(attempt: Attempt) -> None:
        await asyncio.sleep(0)
        async_seen.append(attempt.number)

    async def main() -> tuple[Any, Any]:
        clock = FakeClock()
        first = await statewise.async_wait(describe, spec=SPEC, clock=clock, on_attempt=report, Name="x")
        calls.clear()
        second = await statewise.async_wait(
            describe, spec=SPEC.to_dict(), clock=clock, on_attempt=lambda a: sync_seen.append(a.number)
        )
        assert clock.sleeps == [10.0, 10.0, 10.0, 10.0]
        return first, second

    assert asyncio.run(main()) == (READY, READY)
    assert async_seen == sync_seen == [1, 2, 3]


def test_async_wait_failures_and_sync_callables() -> None:
    async def main() -> None:
        with pytest.raises(WaiterFailed):
            await statewise.async_wait(Script(BROKEN), spec=SPEC, clock=FakeClock())
        with pytest.raises(WaiterTimeout):
            await statewise.async_wait(Script(not_found()), spec=SPEC, clock=FakeClock())

    asyncio.run(main())


# the core alone --------------------------------------------------------------


def test_core_decisions() -> None:
    core = WaitCore(SPEC, {"Name": "t"}, Pacing(3.0, max_attempts=2), started=100.0, rng=random.Random())
    assert core.next_decision() == Call({"Name": "t"})
    attempt = core.receive(PENDING, now=101.0)
    assert attempt.elapsed == 1.0
    assert attempt.state is AcceptorState.RETRY
    assert core.next_decision() == Sleep(3.0)
    assert core.next_decision() == Call({"Name": "t"})
    core.receive(READY, now=105.0)
    assert core.next_decision() == Done(READY)


def test_core_failed_decision_and_protocol_misuse() -> None:
    core = WaitCore(SPEC, {}, Pacing(3.0, max_attempts=1), started=0.0, rng=random.Random())
    with pytest.raises(RuntimeError, match="outstanding Call"):
        core.receive(READY, now=0.0)
    core.next_decision()
    core.receive(OTHER, now=0.0)
    decision = core.next_decision()
    assert isinstance(decision, Failed)
    assert isinstance(decision.error, WaiterTimeout)


# errors ---------------------------------------------------------------------


def test_errors_pickle() -> None:
    with pytest.raises(WaiterTimeout) as info:
        run(PENDING, not_found(), OTHER)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is WaiterTimeout
    assert str(copy) == str(info.value)
    assert (copy.attempts, copy.elapsed, copy.last_response) == (5, 40.0, OTHER)
    assert copy.acceptor == SPEC.acceptors[2]
    with pytest.raises(WaiterFailed) as failed:
        run(ClientError({"Error": {"Code": "X", "Message": "m"}}, "Op"))
    again = pickle.loads(pickle.dumps(failed.value))
    assert str(again) == str(failed.value)
    assert isinstance(again.error, ClientError)
