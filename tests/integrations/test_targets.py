"""A Task's Resource ARN, read once: kind, service, action, pattern, and the history's resource fields."""

from __future__ import annotations

import pytest

from statewise.integrations.targets import Pattern, Target, TargetKind, parse_target

SERVICE = TargetKind.SERVICE


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("arn:aws:states:::sns:publish", Target("", SERVICE, "sns", "publish", partition="aws")),
        (
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            Target("", SERVICE, "lambda", "invoke", Pattern.WAIT_FOR_TASK_TOKEN, partition="aws"),
        ),
        ("arn:aws:states:::ecs:runTask.sync", Target("", SERVICE, "ecs", "runTask", Pattern.SYNC, partition="aws")),
        (
            "arn:aws:states:::states:startExecution.sync:2",
            Target("", SERVICE, "states", "startExecution", Pattern.SYNC2, partition="aws"),
        ),
        (
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            Target("", SERVICE, "aws-sdk:s3", "listObjectsV2", partition="aws"),
        ),
        (
            "arn:aws-us-gov:states:::sqs:sendMessage",
            Target("", SERVICE, "sqs", "sendMessage", partition="aws-us-gov"),
        ),
        (  # AWS accepts a service integration that names a region and account (a deployed sample does)
            "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
            Target("", SERVICE, "aws-sdk:s3", "getObject", partition="aws", region="us-east-1", account="123456789012"),
        ),
        (
            "arn:aws:lambda:eu-west-1:123456789012:function:resize",
            Target(
                "",
                TargetKind.LAMBDA_FUNCTION,
                name="resize",
                partition="aws",
                region="eu-west-1",
                account="123456789012",
            ),
        ),
        (
            "arn:aws:lambda:eu-west-1:123456789012:function:resize:live",
            Target(
                "",
                TargetKind.LAMBDA_FUNCTION,
                name="resize",
                qualifier="live",
                partition="aws",
                region="eu-west-1",
                account="123456789012",
            ),
        ),
        (
            "arn:aws:states:us-east-1:123456789012:activity:approve",
            Target(
                "", TargetKind.ACTIVITY, name="approve", partition="aws", region="us-east-1", account="123456789012"
            ),
        ),
        (  # SAM placeholders hold colons of their own
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}",
            Target(
                "",
                TargetKind.LAMBDA_FUNCTION,
                name="${Fn}",
                partition="${AWS::Partition}",
                region="${AWS::Region}",
                account="${AWS::AccountId}",
            ),
        ),
        ("rebuild", Target("", TargetKind.LOCAL)),
        ("${ProcessFunctionArn}", Target("", TargetKind.LOCAL)),
        ("arn:aws:states:::lambda", Target("", TargetKind.LOCAL)),
        ("arn:aws:s3:::bucket/key", Target("", TargetKind.LOCAL)),
    ],
)
def test_parse_target(arn: str, expected: Target) -> None:
    target = parse_target(arn)
    assert target.arn == arn
    assert (target.kind, target.service, target.action, target.pattern) == (
        expected.kind,
        expected.service,
        expected.action,
        expected.pattern,
    )
    assert (target.name, target.qualifier, target.partition, target.region, target.account) == (
        expected.name,
        expected.qualifier,
        expected.partition,
        expected.region,
        expected.account,
    )


def test_sdk_integrations_name_their_sdk_service() -> None:
    target = parse_target("arn:aws:states:::aws-sdk:dynamodb:putItem")
    assert (target.is_sdk, target.sdk_service) == (True, "dynamodb")
    optimized = parse_target("arn:aws:states:::dynamodb:putItem")
    assert (optimized.is_sdk, optimized.sdk_service) == (False, "")


@pytest.mark.parametrize(
    ("arn", "resource_type", "resource"),
    [
        ("arn:aws:states:::aws-sdk:s3:listObjectsV2", "aws-sdk:s3", "listObjectsV2"),
        ("arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda", "invoke.waitForTaskToken"),
        ("arn:aws:states:::states:startExecution.sync:2", "states", "startExecution.sync:2"),
        ("rebuild", "local", "rebuild"),
    ],
)
def test_history_resource_fields(arn: str, resource_type: str, resource: str) -> None:
    target = parse_target(arn)
    assert (target.resource_type, target.resource) == (resource_type, resource)
