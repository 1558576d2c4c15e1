"""A moto server for the module, a clean account for each test, AWS credentials that reach nothing real."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.remote.moto_sfn import MotoServer, moto_server


@pytest.fixture(scope="module")
def server() -> Iterator[MotoServer]:
    with moto_server() as running:
        yield running


@pytest.fixture
def moto(server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> MotoServer:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    server.reset()
    server.post("/moto-api/config", {"stepfunctions": {"execute_state_machine": True}})
    return server
