"""moto's server on 127.0.0.1 with Step Functions executing state machines, for the remote tests.

moto's server runs executions only when told to (``POST /moto-api/config``
with ``{"stepfunctions": {"execute_state_machine": true}}``), and its
executor sends a Task's AWS SDK calls to ``localhost:$MOTO_PORT`` -- so the
port is exported while the server runs, and the setting is put back after.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

ROLE = "arn:aws:iam::123456789012:role/statewise-deploy"
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"done": True}, "ResultPath": "$.r", "End": True}}}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, slots=True)
class MotoServer:
    endpoint: str

    def post(self, path: str, body: dict[str, Any] | None = None) -> None:
        data = None if body is None else json.dumps(body).encode()
        urllib.request.urlopen(urllib.request.Request(self.endpoint + path, data=data, method="POST")).read()

    def reset(self) -> None:
        """Forget every resource (moto's backends are shared by every server and mock in the process)."""
        self.post("/moto-api/reset")

    def session(self) -> boto3.Session:
        return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")

    def client(self, service: str = "stepfunctions") -> Any:
        return self.session().client(service, endpoint_url=self.endpoint)


@contextlib.contextmanager
def moto_server() -> Iterator[MotoServer]:
    """Start moto's server on a free loopback port with execution on; stop it and put everything back after."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    saved = os.environ.get("MOTO_PORT")
    os.environ["MOTO_PORT"] = str(port)
    running = MotoServer(f"http://127.0.0.1:{port}")
    try:
        running.post("/moto-api/config", {"stepfunctions": {"execute_state_machine": True}})
        yield running
    finally:
        running.post("/moto-api/config", {"stepfunctions": {"execute_state_machine": False}})
        running.reset()
        server.stop()
        if saved is None:
            os.environ.pop("MOTO_PORT", None)
        else:
            os.environ["MOTO_PORT"] = saved


def fresh_account(server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> MotoServer:
    """``server`` with no resources, execution on, and credentials in the environment that reach nothing real."""
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    server.reset()
    server.post("/moto-api/config", {"stepfunctions": {"execute_state_machine": True}})
    return server


def record_calls(client: Any) -> list[str]:
    """The operations ``client`` sends from now on, by AWS name, in order (a botocore event hook)."""
    calls: list[str] = []
    client.meta.events.register("before-call.sfn", lambda model, **_: calls.append(model.name))
    return calls


def page_history(client: Any) -> list[dict[str, Any]]:
    """Make GetExecutionHistory answer ``maxResults`` events a page with a ``nextToken``, newest first when
    ``reverseOrder`` is true, as AWS does (moto's server returns the whole history at once, oldest first); the
    requests sent are recorded in the list returned."""
    sent: list[dict[str, Any]] = []

    def remember(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        sent.append(dict(params))
        context["page"] = (params.get("maxResults"), params.get("nextToken"), params.get("reverseOrder", False))

    def cut(parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        size, token, reverse = context["page"]
        events = parsed["events"][::-1] if reverse else parsed["events"]
        start = int(token or 0)
        end = len(events) if size is None else start + size
        parsed["events"] = events[start:end]
        if end < len(events):
            parsed["nextToken"] = str(end)

    client.meta.events.register("provide-client-params.sfn.GetExecutionHistory", remember)
    client.meta.events.register("after-call.sfn.GetExecutionHistory", cut)
    return sent


def hold_running(client: Any, polls: int) -> None:
    """Make the next ``polls`` DescribeExecution answers say RUNNING, whatever the execution did."""
    left = [polls]

    def hold(parsed: dict[str, Any], **_: Any) -> None:
        if left[0] > 0:
            left[0] -= 1
            parsed["status"] = "RUNNING"

    client.meta.events.register("after-call.sfn.DescribeExecution", hold)


def add_workspaces(server: MotoServer, count: int) -> list[str]:
    """``count`` WorkSpaces in a registered directory (a VPC, two subnets and a Simple AD, as moto requires);
    their ids."""
    session, endpoint = server.session(), server.endpoint
    ec2, ds, workspaces = (session.client(name, endpoint_url=endpoint) for name in ("ec2", "ds", "workspaces"))
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for n, zone in ((1, "a"), (2, "b"))
    ]
    directory = ds.create_directory(
        Name="corp.example.com", Password="Passw0rd!", Size="Small", VpcSettings={"VpcId": vpc, "SubnetIds": subnets}
    )["DirectoryId"]
    workspaces.register_workspace_directory(DirectoryId=directory)
    wanted = [{"DirectoryId": directory, "UserName": f"user{n}", "BundleId": "wsb-12345678"} for n in range(count)]
    created = workspaces.create_workspaces(Workspaces=wanted)
    return [pending["WorkspaceId"] for pending in created["PendingRequests"]]


STEPS = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B"},
        "B": {"Type": "Pass", "Result": 2, "ResultPath": "$.b", "End": True},
    },
}
"""Two Pass states: what a remote run and a local run agree on."""

FAILS = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "the widget broke"}}}
"""A machine that fails at once, with an error and a cause."""
