"""Step Functions Local's environment variables and the server's options."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from statewise.clock import SYSTEM_CLOCK
from statewise.server.config import ConfigError, EndpointSession, ScaledClock, ServerConfig
from statewise.server.http import check_host
from statewise.testing import FakeClock


def test_the_environment_fills_in_what_the_options_leave_out() -> None:
    env = {
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_ACCOUNT_ID": "000000000007",
        "SFN_MOCK_CONFIG": "/tmp/mocks.json",
        "LAMBDA_ENDPOINT": "http://127.0.0.1:3001",
        "SQS_ENDPOINT": "http://127.0.0.1:4566",
        "SAGE_MAKER_ENDPOINT": "",
    }
    config = ServerConfig.from_env(env)
    assert (config.identity.region, config.identity.account) == ("eu-west-1", "000000000007")
    assert config.mock_config == Path("/tmp/mocks.json")
    assert config.endpoints == {"lambda": "http://127.0.0.1:3001", "sqs": "http://127.0.0.1:4566"}
    assert config.clock() is SYSTEM_CLOCK
    chosen = ServerConfig.from_env(env, region="ap-south-1", mock_config={"x": 1}, clock="fake")
    assert (chosen.identity.region, chosen.mock_config) == ("ap-south-1", {"x": 1})
    assert isinstance(chosen.clock(), FakeClock)
    assert chosen.clock() is not chosen.clock()


def test_wait_time_scale_zero_is_the_fake_clock_and_others_scale_time() -> None:
    assert isinstance(ServerConfig.from_env({"WAIT_TIME_SCALE": "0"}).clock(), FakeClock)
    scaled = ServerConfig.from_env({"WAIT_TIME_SCALE": "0.5"}).clock()
    assert isinstance(scaled, ScaledClock)
    assert scaled.scale == 0.5


@pytest.mark.parametrize(("env", "message"), [
    ({"WAIT_TIME_SCALE": "fast"}, "WAIT_TIME_SCALE must be a number >= 0"),
    ({"WAIT_TIME_SCALE": "-1"}, "WAIT_TIME_SCALE must be a number >= 0"),
    ({"AWS_ACCOUNT_ID": "12"}, "AWS_ACCOUNT_ID must be 12 digits"),
])  # fmt: skip
def test_unusable_variables_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ServerConfig.from_env(env)


def test_a_scaled_clock_sleeps_the_scaled_time(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    clock = ScaledClock(0.1)
    asyncio.run(clock.timer(30))
    assert slept == [pytest.approx(3.0)]
    assert clock.hold() is None


def test_endpoint_overrides_get_their_endpoint_and_local_credentials() -> None:
    session = EndpointSession("us-east-1", {"sqs": "http://127.0.0.1:9"})
    sqs = session.client("sqs")
    assert sqs.meta.endpoint_url == "http://127.0.0.1:9"
    assert sqs._request_signer._credentials.access_key == "local"


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_hosts_are_allowed(host: str) -> None:
    check_host(host, allow_remote=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.com"])
def test_other_hosts_need_allow_remote(host: str) -> None:
    with pytest.raises(ConfigError, match="not a loopback address"):
        check_host(host, allow_remote=False)
    check_host(host, allow_remote=True)
