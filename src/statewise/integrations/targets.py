"""What a Task state calls, read once from its ``Resource`` ARN.

Theory of operation: Step Functions reads a Task's ``Resource`` as one of

* a service integration, ``arn:<partition>:states:::<service>:<action>``,
  optionally suffixed with its integration pattern: ``.sync`` (run a job and
  wait for it), ``.sync:2`` (the same, with the JSON-shaped output of
  ``states:startExecution``) or ``.waitForTaskToken`` (wait for a callback);
  an AWS SDK integration is the service ``aws-sdk:<sdk service>``;
* a Lambda function, ``arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]``;
* an activity, ``arn:<partition>:states:<region>:<account>:activity:<name>``;
* anything else, which AWS would reject but statewise runs when a Python
  callable is bound to that exact text (``resources={"rebuild": fn}``).

:func:`parse_target` turns the text into a frozen :class:`Target` once, when
the definition is parsed; the engine, the history events and the resolver
read its fields instead of splitting strings at run time. Unsubstituted
``${Placeholders}`` are kept as text, so a SAM template's
``arn:aws:states:::lambda:invoke`` parses the same with or without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

__all__ = ["CALL_PATTERNS", "Pattern", "Target", "TargetKind", "is_map_s3", "parse_target"]


class TargetKind(StrEnum):
    """What a Task's ``Resource`` points at."""

    SERVICE = "service"
    LAMBDA_FUNCTION = "lambda-function"
    ACTIVITY = "activity"
    LOCAL = "local"


class Pattern(StrEnum):
    """A service integration's pattern, by the suffix AWS reads from the ARN."""

    REQUEST_RESPONSE = ""
    SYNC = ".sync"
    SYNC2 = ".sync:2"
    WAIT_FOR_TASK_TOKEN = ".waitForTaskToken"


CALL_PATTERNS: Final = (Pattern.REQUEST_RESPONSE, Pattern.WAIT_FOR_TASK_TOKEN)
"""The patterns of integrations that make one call (a callback's hand-over is one call too)."""

_MAP_S3_ACTIONS: Final = frozenset({"getObject", "listObjectsV2", "putObject"})

# longest first: ".sync:2" ends like neither of the others, but keep the rule obvious
_SUFFIXES: Final = (Pattern.WAIT_FOR_TASK_TOKEN, Pattern.SYNC2, Pattern.SYNC)
_SDK_PREFIX: Final = "aws-sdk:"
_PLACEHOLDER: Final = re.compile(r"\$\{[^{}]*\}")


@dataclass(frozen=True, slots=True)
class Target:
    """A Task's ``Resource``, read.

    ``service`` and ``action`` are those of a service integration (``service``
    is ``aws-sdk:s3`` for an SDK integration) and ``pattern`` its pattern;
    ``name`` is a Lambda function's or an activity's name, ``qualifier`` a
    function's version or alias; ``partition``/``region``/``account`` are
    what the ARN says (service integrations usually name no region or account).
    """

    arn: str
    kind: TargetKind
    service: str = ""
    action: str = ""
    pattern: Pattern = Pattern.REQUEST_RESPONSE
    name: str = ""
    qualifier: str = ""
    partition: str = ""
    region: str = ""
    account: str = ""

    @property
    def is_sdk(self) -> bool:
        """An AWS SDK integration (``arn:aws:states:::aws-sdk:<service>:<action>``)."""
        return self.service.startswith(_SDK_PREFIX)

    @property
    def sdk_service(self) -> str:
        """The SDK service of an AWS SDK integration (``s3`` for ``aws-sdk:s3``), else ``""``."""
        return self.service.removeprefix(_SDK_PREFIX) if self.is_sdk else ""

    @property
    def resource_type(self) -> str:
        """``resourceType`` in the history's Task events: the service, or ``local``."""
        return self.service if self.kind is TargetKind.SERVICE else "local"

    @property
    def resource(self) -> str:
        """``resource`` in the history's Task events: the action with its pattern suffix, or the text."""
        return self.action + self.pattern.value if self.kind is TargetKind.SERVICE else self.arn


def is_map_s3(target: Target) -> bool:
    """Whether ``target`` is what a distributed Map reads items from or writes results to
    (``arn:aws:states:::s3:getObject``, ``s3:listObjectsV2``, ``s3:putObject``)."""
    return (
        target.kind is TargetKind.SERVICE
        and target.service == "s3"
        and target.action in _MAP_S3_ACTIONS
        and target.pattern is Pattern.REQUEST_RESPONSE
    )


@lru_cache(maxsize=1024)
def parse_target(arn: str) -> Target:
    """The :class:`Target` a ``Resource`` ARN names (``LOCAL`` when it is no ARN AWS knows)."""
    parts = _split(arn)
    if len(parts) < 6 or parts[0] != "arn":
        return Target(arn, TargetKind.LOCAL)
    partition, service, region, account, resource_type = parts[1:6]
    if service == "states" and resource_type != "activity" and len(parts) >= 7:
        # usually with no region or account (arn:aws:states:::sns:publish); AWS accepts them given
        return _service_integration(arn, partition, region, account, ":".join(parts[5:]))
    if service == "lambda" and resource_type == "function" and len(parts) in (7, 8):
        qualifier = parts[7] if len(parts) == 8 else ""
        return Target(
            arn,
            TargetKind.LAMBDA_FUNCTION,
            name=parts[6],
            qualifier=qualifier,
            partition=partition,
            region=region,
            account=account,
        )
    if service == "states" and resource_type == "activity" and len(parts) == 7:
        return Target(arn, TargetKind.ACTIVITY, name=parts[6], partition=partition, region=region, account=account)
    return Target(arn, TargetKind.LOCAL)


def _split(arn: str) -> list[str]:
    """``arn`` split at its colons, but not at those inside ``${AWS::Region}``-style placeholders."""
    if "${" not in arn:
        return arn.split(":")
    placeholders = _PLACEHOLDER.findall(arn)
    masked = _PLACEHOLDER.sub("\0", arn)
    fill = iter(placeholders)
    return [re.sub("\0", lambda _: next(fill), part) for part in masked.split(":")]


def _service_integration(arn: str, partition: str, region: str, account: str, rest: str) -> Target:
    """``rest`` is ``<service>:<action>[<suffix>]`` (``aws-sdk:<service>:<action>`` for the SDK)."""
    pattern = next((suffix for suffix in _SUFFIXES if rest.endswith(suffix)), Pattern.REQUEST_RESPONSE)
    rest = rest.removesuffix(pattern.value)
    service, _, action = rest.rpartition(":")
    if not service or not action:
        return Target(arn, TargetKind.LOCAL)
    return Target(
        arn,
        TargetKind.SERVICE,
        service=service,
        action=action,
        pattern=pattern,
        partition=partition,
        region=region,
        account=account,
    )
