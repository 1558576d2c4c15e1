"""A moto server for the module, a clean account for each test, AWS credentials that reach nothing real."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.remote.moto_sfn import MotoServer, fresh_account, moto_server


@pytest.fixture(scope="module")
def server() -> Iterator[MotoServer]:
    with moto_server() as running:
        yield running


@pytest.fixture
def moto(server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> MotoServer:
    return fresh_account(server, monkeypatch)
