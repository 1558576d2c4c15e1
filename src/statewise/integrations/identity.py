"""Where local executions live: one partition, region and account for every ARN statewise makes.

Theory of operation: a local run still needs ARNs (the state machine's, its
executions', its role's, Map Runs') and a region in its Task events, as AWS
records them. They are all built from one :class:`AwsIdentity`, so a run
that says ``region="eu-west-1"`` says it everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LOCAL", "AwsIdentity"]


@dataclass(frozen=True, slots=True)
class AwsIdentity:
    """The partition, region and account of local executions."""

    region: str = "us-east-1"
    account: str = "111111111111"
    partition: str = "aws"

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        """``arn:<partition>:<service>:<region>:<account>:<resource>`` (no region for global services)."""
        return f"arn:{self.partition}:{service}:{self.region if regional else ''}:{self.account}:{resource}"


LOCAL = AwsIdentity()
"""The identity runs use unless told otherwise."""
