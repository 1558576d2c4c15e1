"""Shared fixtures for the integration tests: a boto3 session on moto's in-process backend, and moto's server
on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws
from moto.server import ThreadedMotoServer

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


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's server on 127.0.0.1 at a free port, started and stopped by the tests: the URL to reach it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
