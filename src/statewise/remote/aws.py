"""Reaching Step Functions: the client, and a state machine found by name or ARN.

boto3 is imported only when no client is given, and only here.
"""

from __future__ import annotations

from typing import Any

from statewise.clients import close_matches
from statewise.paging import paginate
from statewise.remote.errors import StateMachineNotFound

__all__ = ["find_state_machine", "state_machine_arn", "stepfunctions_client"]


def stepfunctions_client(
    *, session: Any = None, client: Any = None, endpoint_url: str | None = None, region: str | None = None
) -> Any:
    """``client`` when given; else a Step Functions client of ``session`` (boto3's default session when None)."""
    if client is not None:
        if session is not None or endpoint_url is not None or region is not None:
            raise TypeError("give client= alone, or session=/endpoint_url=/region= to make one, not both")
        return client
    if session is None:
        import boto3  # noqa: PLC0415 - only code that calls AWS loads boto3

        session = boto3.Session(region_name=region)
    return session.client("stepfunctions", endpoint_url=endpoint_url, region_name=region)


def find_state_machine(client: Any, name: str) -> str | None:
    """The ARN of the state machine called ``name`` (ListStateMachines, every page), or None."""
    for machine in paginate(client, "list_state_machines").items():
        if machine["name"] == name:
            return str(machine["stateMachineArn"])
    return None


def state_machine_arn(client: Any, name_or_arn: str) -> str:
    """``name_or_arn`` when it is an ARN, else the ARN of the state machine of that name."""
    if name_or_arn.startswith("arn:"):
        return name_or_arn
    found = find_state_machine(client, name_or_arn)
    if found is None:
        names = [machine["name"] for machine in paginate(client, "list_state_machines").items()]
        raise StateMachineNotFound(name_or_arn, close_matches(name_or_arn, names))
    return found
