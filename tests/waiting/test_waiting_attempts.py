"""What each attempt reports: acceptors that cannot be evaluated, and the one-line repr of Attempt."""

from __future__ import annotations

import asyncio
import pickle
import random
from typing import Any
from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from jmespath.exceptions import JMESPathError

import statewise
from statewise import AcceptorEvaluationError, Attempt, WaiterFailed, WaiterTimeout
from statewise.specs.waiter import Acceptor, WaiterSpec
from statewise.testing import FakeClock
from statewise.waiting.core import Done, Failed, Sleep, WaitCore
from statewise.waiting.pacing import Pacing

LENGTH = "length(Reservations[]) > `0`"
SPEC = WaiterSpec.from_dict(
    {
        "operation": "DescribeInstances",
        "delay": 5,
        "maxAttempts": 3,
        "acceptors": [
            {"state": "success", "matcher": "path", "argument": LENGTH, "expected": True},
            {"state": "failure", "matcher": "path", "argument": "State", "expected": "BROKEN"},
            {"state": "retry", "matcher": "error", "expected": "NotFound"},
        ],
    },
    name="ec2.InstanceExists",
)
TYPE_ERROR = (
    "In function length(), invalid type for value: None, expected one of: ['string', 'array', 'object'], "
    'received: "null"'
)
ACCEPTOR0 = "acceptor 0 (success when path length(Reservations[]) > `0` == true)"


def core() -> WaitCore:
    return WaitCore(SPEC, {}, Pacing(5.0, None, 3), started=0.0, rng=random.Random(0))


def attempt(wait: WaitCore, response: Any, now: float, error: BaseException | None = None) -> Attempt:
    wait.next_decision()
    return wait.receive(response, now=now, error=error)


def not_found() -> ClientError:
    response: Any = {"Error": {"Code": "NotFound", "Message": "no"}, "ResponseMetadata": {"HTTPStatusCode": 400}}
    return ClientError(response, "DescribeInstances")


# --------------------------------------------------------------------------- acceptors that cannot be evaluated


def test_botocore_crashes_where_statewise_keeps_polling() -> None:
    with pytest.raises(JMESPathError):
        SPEC.acceptors[0].matches({})  # the acceptor itself still answers as botocore's matcher does
    wait = core()
    first = attempt(wait, {}, 0.0)
    assert first.state is None
    assert first.acceptor is None
    assert isinstance(wait.next_decision(), Sleep)
    [failure] = first.acceptor_errors
    assert isinstance(failure, AcceptorEvaluationError)
    assert isinstance(failure, statewise.StatewiseError)
    assert failure.acceptor is SPEC.acceptors[0]
    assert (failure.waiter, failure.expression, failure.detail) == ("ec2.InstanceExists", LENGTH, TYPE_ERROR)
    assert str(failure) == (
        f"ec2.InstanceExists: {ACCEPTOR0} could not be evaluated on attempt 1 ({TYPE_ERROR}); it counts as not matching"
    )
    second = attempt(wait, {"Reservations": [{"Instances": []}]}, 5.0)
    assert second.acceptor is SPEC.acceptors[0]
    assert second.acceptor_errors == ()
    assert isinstance(wait.next_decision(), Done)


def test_later_acceptors_still_decide() -> None:
    wait = core()
    seen = attempt(wait, {"State": "BROKEN"}, 0.0)
    assert seen.acceptor is SPEC.acceptors[1]
    assert [f.acceptor.index for f in seen.acceptor_errors] == [0]
    decision = wait.next_decision()
    assert isinstance(decision, Failed)
    assert isinstance(decision.error, WaiterFailed)
    assert decision.error.reason == (
        'acceptor 1 (failure when path State == "BROKEN") matched on attempt 1 (saw "BROKEN"); '
        f"{ACCEPTOR0} could not be evaluated on 1 of 1 attempt (last: {TYPE_ERROR})"
    )
    assert decision.error.acceptor_errors == seen.acceptor_errors


def test_error_responses_never_evaluate_paths() -> None:
    # path acceptors do not look at error responses, so nothing fails to evaluate there
    seen = attempt(core(), not_found().response, 0.0, not_found())
    assert seen.acceptor is SPEC.acceptors[2]
    assert seen.acceptor_errors == ()


def test_the_timeout_names_the_acceptor_and_its_expression() -> None:
    script = mock.Mock(side_effect=[{}, not_found(), {"Reservations": None}])
    seen: list[Attempt] = []
    with pytest.raises(WaiterTimeout) as info:
        statewise.wait(script, spec=SPEC, clock=FakeClock(), on_attempt=seen.append)
    assert [len(a.acceptor_errors) for a in seen] == [1, 0, 1]
    assert str(info.value) == (
        "Waiter ec2.InstanceExists failed: max_attempts (3) reached after 3 attempts in 10.0s; "
        'last match: acceptor 2 (retry when error Code == "NotFound") on attempt 2 (saw error NotFound); '
        f"{ACCEPTOR0} could not be evaluated on 2 of 3 attempts (last: {TYPE_ERROR})"
    )
    error = info.value
    assert error.acceptor_errors == (seen[2].acceptor_errors[0],)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.reason == error.reason
    [failure] = copy.acceptor_errors
    assert isinstance(failure, AcceptorEvaluationError)
    assert (failure.acceptor, failure.expression, str(failure)) == (
        SPEC.acceptors[0],
        LENGTH,
        str(seen[2].acceptor_errors[0]),
    )


def test_async_wait_reports_them_too() -> None:
    responses = iter([{}, {"Reservations": [{}]}])

    async def describe(**params: Any) -> Any:
        return next(responses)

    seen: list[Attempt] = []
    result = asyncio.run(statewise.async_wait(describe, spec=SPEC, clock=FakeClock(), on_attempt=seen.append))
    assert result == {"Reservations": [{}]}
    assert [len(a.acceptor_errors) for a in seen] == [1, 0]


def test_other_exceptions_from_an_acceptor_still_propagate(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Acceptor, observation: Any) -> bool:
        raise RuntimeError("a bug, not a missing key")

    monkeypatch.setattr(Acceptor, "matches", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        attempt(core(), {}, 0.0)


def test_a_real_ec2_waiter_on_a_stubbed_client() -> None:
    """ec2's instance_exists on a response without Reservations: botocore's waiter raises, statewise polls on."""
    client = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    params = {"InstanceIds": ["i-1"]}
    stubber.add_response("describe_instances", {}, params)
    stubber.add_response("describe_instances", {"Reservations": [{"ReservationId": "r-1"}]}, params)
    with stubber, pytest.raises(JMESPathError):
        client.get_waiter("instance_exists").wait(**params, WaiterConfig={"Delay": 0})
    stubber = Stubber(client)
    stubber.add_response("describe_instances", {}, params)
    stubber.add_response("describe_instances", {"Reservations": [{"ReservationId": "r-1"}]}, params)
    clock, seen = FakeClock(), []
    with stubber:
        response = statewise.wait(client, "instance_exists", clock=clock, on_attempt=seen.append, **params)
    assert response["Reservations"] == [{"ReservationId": "r-1"}]
    assert clock.sleeps == [5.0]
    assert repr(seen[0]) == (
        f"<Attempt 1 at 0.0s: no acceptor matched; acceptor 0 could not evaluate {LENGTH} ({TYPE_ERROR}); next in 5s>"
    )


# --------------------------------------------------------------------------- the repr of Attempt


def test_repr_is_one_short_line() -> None:
    wait = core()
    huge = {"State": "PENDING", "Blob": "x" * 100_000, "Nested": [{"Secret": "do-not-print"}] * 100}
    first = attempt(wait, huge, 0.0)
    assert repr(first) == (
        f"<Attempt 1 at 0.0s: no acceptor matched; acceptor 0 could not evaluate {LENGTH} ({TYPE_ERROR}); next in 5s>"
    )
    assert str(first) == repr(first)  # what on_attempt=print shows
    wait.next_decision()
    second = attempt(wait, not_found().response, 5.0, not_found())
    assert repr(second) == (
        '<Attempt 2 at 5.0s: matched acceptor 2 (retry when error Code == "NotFound"); error NotFound; next in 5s>'
    )
    wait.next_decision()
    third = attempt(wait, {"Reservations": [{}]}, 10.0)
    assert (
        repr(third)
        == "<Attempt 3 at 10.0s: matched acceptor 0 (success when path length(Reservations[]) > `0` == true)>"
    )


def test_repr_never_shows_the_response() -> None:
    spec = WaiterSpec.from_dict(
        {"operation": "Get", "delay": 1, "maxAttempts": 2,
         "acceptors": [{"state": "retry", "matcher": "path", "argument": "Status", "expected": "x" * 500}]},
    )  # fmt: skip
    wait = WaitCore(spec, {}, Pacing(1.0, None, 2), started=0.0, rng=random.Random(0))
    wait.next_decision()
    seen = wait.receive({"Status": "x" * 500, "Body": "secret" * 10_000}, now=0.0)
    text = repr(seen)
    assert "\n" not in text
    assert "secret" not in text
    assert len(text) < 250
    assert text.startswith('<Attempt 1 at 0.0s: matched acceptor 0 (retry when path Status == "xxx')


def test_error_code_of_a_returned_error_and_of_none() -> None:
    wait = core()
    returned = attempt(wait, {"Error": {"Code": "Throttling\nDetail", "Message": "slow"}}, 0.0)
    assert returned.error_code == "Throttling\nDetail"
    assert "error Throttling Detail" in repr(returned)  # still one line
    assert attempt(core(), {"Reservations": [{}]}, 0.0).error_code is None


def test_attempt_stays_a_frozen_value() -> None:
    seen = attempt(core(), {}, 0.0)
    with pytest.raises(AttributeError):
        seen.number = 2  # type: ignore[misc]
    # positional construction from before acceptor_errors existed still works
    legacy = Attempt(1, 0.0, None, None, {}, None, 5.0)
    assert legacy.acceptor_errors == ()
    assert repr(legacy) == "<Attempt 1 at 0.0s: no acceptor matched; next in 5s>"
