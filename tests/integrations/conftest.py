"""Shared fixtures for the integration tests: a boto3 session on moto's in-process backend."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

REGION = "us-east-1"


@pytest.fixture
def session() -> Iterator[boto3.Session]:
    """A boto3 session on moto's in-process backend, with fake credentials."""
    with pytest.MonkeyPatch.context() as mp:
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            mp.setenv(key, "testing")
        mp.delenv("AWS_PROFILE", raising=False)
        with mock_aws():
            yield boto3.Session(region_name=REGION)
