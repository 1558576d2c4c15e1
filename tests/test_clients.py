"""statewise.clients: what counts as a client, an async client, an async callable."""

from __future__ import annotations

import subprocess
import sys
import types
from typing import Any
from unittest import mock

import boto3
import pytest
from botocore.client import BaseClient
from botocore.model import ServiceModel

from statewise.clients import callable_name, is_async_callable, is_async_client, is_client


@pytest.fixture
def ec2() -> Any:
    return boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


def test_real_clients_are_clients(ec2: Any) -> None:
    assert is_client(ec2)
    assert not is_async_client(ec2)
    assert not is_async_callable(ec2.describe_snapshots)


@pytest.mark.parametrize(
    "fake",
    [
        mock.Mock(),
        mock.MagicMock(),
        mock.Mock(spec=BaseClient),
        mock.Mock(meta=mock.Mock(service_model=mock.Mock(spec=ServiceModel), method_to_api_mapping={})),
        types.SimpleNamespace(meta=types.SimpleNamespace(service_model="ec2", method_to_api_mapping={})),
        object(),
        None,
    ],
    ids=[
        "Mock",
        "MagicMock",
        "Mock(spec=BaseClient)",
        "Mock with a Mock(spec=ServiceModel)",
        "lookalike",
        "object",
        "None",
    ],
)
def test_lookalikes_are_not_clients(fake: Any) -> None:
    # a Mock answers to every attribute, so duck typing took it for a client
    assert not is_client(fake)
    assert not is_async_client(fake)


def test_an_object_with_a_real_service_model_is_a_client(ec2: Any) -> None:
    meta = types.SimpleNamespace(service_model=ec2.meta.service_model, method_to_api_mapping={"f": "F"})
    assert is_client(mock.Mock(meta=meta))
    assert not is_client(mock.Mock(meta=types.SimpleNamespace(service_model=ec2.meta.service_model)))


def test_a_meta_that_raises_is_not_a_client() -> None:
    class Odd:
        @property
        def meta(self) -> Any:
            raise RuntimeError("no meta here")

    assert not is_client(Odd())


def test_an_async_client_is_told_by_its_api_call(ec2: Any) -> None:
    class HomeMadeAsyncClient:
        meta = ec2.meta

        async def _make_api_call(self, operation: str, params: Any) -> Any:
            return {}

        def describe_snapshots(self, **params: Any) -> Any:
            return self._make_api_call("DescribeSnapshots", params)  # a coroutine, from a plain method

    client = HomeMadeAsyncClient()
    assert is_client(client)
    assert is_async_client(client)
    assert is_async_callable(client.describe_snapshots)
    assert callable_name(client.describe_snapshots, "?") == "ec2.describe_snapshots"


def test_callable_names() -> None:
    def fetch(**params: Any) -> Any:
        return {}

    assert callable_name(fetch, "?") == "test_callable_names.<locals>.fetch"
    assert callable_name(mock.Mock(), "<callable>") == "<callable>"


def test_asking_imports_neither_botocore_nor_aiobotocore() -> None:
    code = (
        "import sys, unittest.mock\n"
        "from statewise.clients import is_client, is_async_callable\n"
        "m = unittest.mock.Mock()\n"
        "assert not is_client(m) and not is_async_callable(m)\n"
        "print(sorted(n for n in ('botocore', 'aiobotocore') if n in sys.modules))\n"
        "import boto3\n"
        "from statewise.clients import is_async_client\n"
        "c = boto3.client('ec2', region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')\n"
        "assert is_client(c) and not is_async_client(c)\n"
        "print('aiobotocore' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "False"]
