"""``statewise serve`` against moto's server mode, in one run: start-up time and executions per second.

Run: ``.venv/bin/python benchmarks/bench_serve.py`` (prints a table; never a test).

Start-up: each server is started as its own process (``python -m statewise
serve --port 0``; ``python -m moto.server``) and timed from the process start
to the first answered ``ListStateMachines``. Throughput: a small workflow
(Pass -> Choice -> Pass -> Succeed) is created once; ``EXECUTIONS`` executions
are started through one boto3 client, then each is described until it ended,
so the figure is executions started and finished per second as a client sees
it. moto executes state machines only when its ``stepfunctions.execute_state_machine``
option is set (through ``/moto-api/config``); without it its executions never
run, so that is the mode compared.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

EXECUTIONS = 200
ROLE = "arn:aws:iam::123456789012:role/bench"
WORKFLOW = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Parameters": {"n.$": "$.n", "kind": "small"}, "Next": "Route"},
        "Route": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}],
            "Default": "Small",
        },
        "Big": {"Type": "Pass", "Result": "big", "End": True},
        "Small": {"Type": "Succeed"},
    },
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _client(url: str) -> Any:
    return boto3.client(
        "stepfunctions",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=30),
    )


def _first_answer(url: str, started: float) -> float:
    """Seconds from ``started`` until ``url`` answers ListStateMachines (retrying refused connections)."""
    client = _client(url)
    while True:
        try:
            client.list_state_machines()
        except Exception:
            continue
        return time.perf_counter() - started


def _statewise(env: dict[str, str]) -> tuple[subprocess.Popen[str], str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "statewise", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    url = process.stdout.readline().split()[-1]
    return process, url, _first_answer(url, started)


def _moto(env: dict[str, str]) -> tuple[subprocess.Popen[str], str, float]:
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    seconds = _first_answer(url, started)
    request = urllib.request.Request(
        f"{url}/moto-api/config",
        data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode(),
        method="POST",
    )
    urllib.request.urlopen(request).read()
    return process, url, seconds


def _throughput(url: str) -> float:
    client = _client(url)
    machine = client.create_state_machine(name="Bench", definition=json.dumps(WORKFLOW), roleArn=ROLE)
    started = time.perf_counter()
    arns = [
        client.start_execution(stateMachineArn=machine["stateMachineArn"], name=f"run-{i}", input=json.dumps({"n": i}))[
            "executionArn"
        ]
        for i in range(EXECUTIONS)
    ]
    for arn in arns:
        while (status := client.describe_execution(executionArn=arn)["status"]) == "RUNNING":
            pass
        assert status == "SUCCEEDED", status
    return EXECUTIONS / (time.perf_counter() - started)


def _measure(start: Callable[[dict[str, str]], tuple[subprocess.Popen[str], str, float]]) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SFN_"))}
    process, url, startup = start(env)
    try:
        return startup, _throughput(url)
    finally:
        process.terminate()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def main() -> None:
    ours_start, ours_rate = _measure(_statewise)
    moto_start, moto_rate = _measure(_moto)
    print(f"{'server':<16}{'start-up (s)':>14}{'executions/s':>16}")
    print(f"{'statewise serve':<16}{ours_start:>14.3f}{ours_rate:>16.1f}")
    print(f"{'moto server':<16}{moto_start:>14.3f}{moto_rate:>16.1f}")
    print(f"ratios: start-up {moto_start / ours_start:.2f}x faster, throughput {ours_rate / moto_rate:.2f}x")


if __name__ == "__main__":
    main()
