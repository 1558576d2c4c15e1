"""What the server is told: options and Step Functions Local's environment variables, read once.

Theory of operation: :meth:`ServerConfig.from_env` reads the variables
Step Functions Local documents -- ``AWS_DEFAULT_REGION`` and
``AWS_ACCOUNT_ID`` (the identity of every ARN), ``SFN_MOCK_CONFIG`` (the
MockConfigFile), ``WAIT_TIME_SCALE`` and one endpoint per service
(:data:`ENDPOINT_VARIABLES`) -- with explicit options winning over the
environment. Tasks that no test case mocks call AWS as Step Functions Local
does: through :class:`EndpointSession`, a stand-in for a boto3 ``Session``
that sends each service to its endpoint override when one is set (with fixed
local credentials, as Step Functions Local does not use yours there) and to
AWS otherwise; boto3 loads on the first such call, so a server that only
mocks never loads it. Each execution gets its own clock (:meth:`ServerConfig.clock`):
the system clock, a :class:`~statewise.testing.FakeClock` (``--clock fake``
or ``WAIT_TIME_SCALE=0``: waits and retries take no time; executions do not
share one timeline, so one's waits never hold up another's) or a
:class:`ScaledClock` for other scales.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from statewise.base_errors import StatewiseError
from statewise.clock import SYSTEM_CLOCK, EngineClock
from statewise.integrations.identity import LOCAL, AwsIdentity

__all__ = ["ENDPOINT_VARIABLES", "ConfigError", "EndpointSession", "ScaledClock", "ServerConfig"]

ENDPOINT_VARIABLES: Final = {
    "LAMBDA_ENDPOINT": "lambda",
    "BATCH_ENDPOINT": "batch",
    "DYNAMODB_ENDPOINT": "dynamodb",
    "ECS_ENDPOINT": "ecs",
    "GLUE_ENDPOINT": "glue",
    "SAGE_MAKER_ENDPOINT": "sagemaker",
    "SQS_ENDPOINT": "sqs",
    "SNS_ENDPOINT": "sns",
    "STEP_FUNCTIONS_ENDPOINT": "stepfunctions",
}
"""Step Functions Local's endpoint overrides: variable -> botocore service name."""

ClockName = Literal["system", "fake"]


class ConfigError(StatewiseError, ValueError):
    """An option or environment variable the server cannot use; the message names it."""


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """The server's settings."""

    identity: AwsIdentity = LOCAL
    mock_config: Path | Mapping[str, Any] | None = None
    endpoints: Mapping[str, str] = field(default_factory=dict)
    clock_name: ClockName = "system"
    wait_time_scale: float = 1.0
    activity_poll_seconds: float = 60.0

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        *,
        mock_config: str | Path | Mapping[str, Any] | None = None,
        clock: ClockName | None = None,
        region: str | None = None,
        account: str | None = None,
        activity_poll_seconds: float = 60.0,
    ) -> ServerConfig:
        """The settings the options give, the environment ``env`` filling in what they leave out."""
        account = account or env.get("AWS_ACCOUNT_ID") or "123456789012"
        if not (account.isdigit() and len(account) == 12):
            raise ConfigError(f"AWS_ACCOUNT_ID must be 12 digits, got {account!r}")
        identity = AwsIdentity(region=region or env.get("AWS_DEFAULT_REGION") or "us-east-1", account=account)
        mocks = mock_config if mock_config is not None else env.get("SFN_MOCK_CONFIG") or None
        scale = _scale(env.get("WAIT_TIME_SCALE"))
        if clock not in (None, "system", "fake"):
            raise ConfigError(f"clock must be 'system' or 'fake', got {clock!r}")
        return cls(
            identity=identity,
            mock_config=Path(mocks) if isinstance(mocks, str) else mocks,
            endpoints={service: env[name] for name, service in ENDPOINT_VARIABLES.items() if env.get(name)},
            clock_name=clock or ("fake" if scale == 0 else "system"),
            wait_time_scale=scale or 1.0,
            activity_poll_seconds=activity_poll_seconds,
        )

    def clock(self) -> EngineClock:
        """A clock for one execution."""
        if self.clock_name == "fake":
            from statewise.testing.clock import FakeClock  # noqa: PLC0415 - only fake-clock servers load it

            return FakeClock(start=datetime.now(UTC))
        return SYSTEM_CLOCK if self.wait_time_scale == 1.0 else ScaledClock(self.wait_time_scale)

    def aws(self) -> Any:
        """Where unmocked Tasks' AWS calls go (an ``aws=`` for ``StateMachine.start``)."""
        from statewise.integrations.aws_sdk import AwsClients  # noqa: PLC0415 - loaded with the first execution

        return AwsClients(session=EndpointSession(self.identity.region, self.endpoints), region=self.identity.region)


def _scale(text: str | None) -> float | None:
    if text is None or text == "":
        return None
    try:
        scale = float(text)
    except ValueError:
        scale = -1.0
    if not 0 <= scale < float("inf"):
        raise ConfigError(f"WAIT_TIME_SCALE must be a number >= 0 (0: waits take no time), got {text!r}")
    return scale


@dataclass(frozen=True, slots=True)
class EndpointSession:
    """Makes boto3 clients as a ``Session`` does, each service at its endpoint override when it has one."""

    region: str
    endpoints: Mapping[str, str]

    def client(self, service: str, **options: Any) -> Any:
        import boto3  # noqa: PLC0415 - only executions with unmocked AWS Tasks load it

        endpoint = self.endpoints.get(service)
        if endpoint is None:
            session: Any = boto3.session.Session(region_name=self.region)
            return session.client(service, **options)
        # Step Functions Local does not use your credentials for an endpoint override
        session = boto3.session.Session(
            region_name=self.region, aws_access_key_id="local", aws_secret_access_key="local"
        )
        return session.client(service, endpoint_url=endpoint)


class ScaledClock:
    """Real time running ``1 / scale`` times as fast: ``WAIT_TIME_SCALE=0.1`` makes a 10 s Wait take 1 s."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self._start = datetime.now(UTC)
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.monotonic())

    def monotonic(self) -> float:
        return (time.monotonic() - self._origin) / self.scale

    def sleep(self, seconds: float) -> None:
        time.sleep(max(seconds, 0) * self.scale)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0) * self.scale)

    async def timer(self, seconds: float) -> None:
        await self.asleep(seconds)

    def hold(self) -> None:
        """Scaled real time runs on while a worker thread works."""
