"""The options that say where AWS calls go (``--aws-profile``, ``--region``, ``--endpoint-url``), and the
boto3 session and clients they make; boto3 is imported only when a command calls AWS."""

from __future__ import annotations

import argparse
from typing import Any

from statewise.cli.failures import UsageError

__all__ = ["add_aws_options", "aws_requested", "make_client", "make_session"]


def add_aws_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("AWS")
    group.add_argument("--aws-profile", metavar="P", help="the AWS profile to use (default: boto3's default chain)")
    group.add_argument("--region", metavar="R", help="the AWS region (default: the profile's)")
    group.add_argument("--endpoint-url", metavar="URL", help="send AWS calls here (LocalStack, moto's server ...)")


def aws_requested(args: argparse.Namespace) -> bool:
    return any(value is not None for value in (args.aws_profile, args.region, args.endpoint_url))


def make_session(args: argparse.Namespace) -> Any:
    import boto3  # noqa: PLC0415 - only commands that call AWS load boto3

    return boto3.Session(profile_name=args.aws_profile, region_name=args.region)


def make_client(args: argparse.Namespace, service: str) -> Any:
    """A boto3 client for ``service``; an unknown service name is a UsageError naming close ones."""
    from botocore.exceptions import UnknownServiceError  # noqa: PLC0415 - see make_session

    from statewise.base_errors import with_suggestions  # noqa: PLC0415 - only on this path
    from statewise.clients import close_matches  # noqa: PLC0415

    session = make_session(args)
    try:
        return session.client(service, endpoint_url=args.endpoint_url)
    except UnknownServiceError:
        known = session.get_available_services()
        message = f"unknown AWS service {service!r} (boto3's name, e.g. 'dynamodb', 'ec2', 'workspaces')"
        raise UsageError(with_suggestions(message, close_matches(service, known))) from None
