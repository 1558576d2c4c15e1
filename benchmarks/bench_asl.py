"""ASL engine benchmark: statewise against moto's Step Functions interpreter, in one run.

Run: ``.venv/bin/python benchmarks/bench_asl.py`` (prints a table; never a test).

1. A Pass/Choice counter loop (1,000 iterations): state transitions per
   second, with history recorded, in both query languages: JSONPath
   (``States.MathAdd`` in ``Parameters``, a ``NumericGreaterThanEquals``
   rule) and JSONata (the count in a variable: ``Assign``/``Output``
   expressions and a Choice ``Condition``).
2. An inline Map over 1,000 items (both engines), and a distributed Map
   (child executions with their own histories) over 10,000 items (statewise).
3. Time to first result: a fresh ``python -c`` process that imports statewise
   and runs a tiny machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from statewise import StateMachine

COUNTER_LOOP = {
    "StartAt": "Init",
    "States": {
        "Init": {"Type": "Pass", "Result": {"count": 0}, "Next": "Check"},
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.count", "NumericGreaterThanEquals": 1000, "Next": "Done"}],
            "Default": "Increment",
        },
        "Increment": {"Type": "Pass", "Parameters": {"count.$": "States.MathAdd($.count, 1)"}, "Next": "Check"},
        "Done": {"Type": "Succeed"},
    },
}


COUNTER_LOOP_JSONATA = {
    "QueryLanguage": "JSONata",
    "StartAt": "Init",
    "States": {
        "Init": {"Type": "Pass", "Assign": {"n": 0}, "Next": "Check"},
        "Check": {
            "Type": "Choice",
            "Choices": [{"Condition": "{% $n >= 1000 %}", "Next": "Done"}],
            "Default": "Increment",
        },
        "Increment": {
            "Type": "Pass",
            "Assign": {"n": "{% $n + 1 %}"},
            "Output": {"count": "{% $n + 1 %}"},
            "Next": "Check",
        },
        "Done": {"Type": "Succeed", "Output": {"count": "{% $n %}"}},
    },
}


def map_machine(mode: str) -> dict[str, Any]:
    return {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemProcessor": {
                    "ProcessorConfig": {
                        "Mode": mode,
                        **({"ExecutionType": "EXPRESS"} if mode == "DISTRIBUTED" else {}),
                    },
                    "StartAt": "Double",
                    "States": {"Double": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($, $)"}, "End": True}},
                },
                "End": True,
            }
        },
    }


TINY = '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}'


def entered(history: list[dict[str, Any]]) -> int:
    return sum(1 for event in history if event["type"].endswith("StateEntered"))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def statewise_run(definition: dict[str, Any], data: Any, repeat: int = 3) -> tuple[float, int, str]:
    """Best of ``repeat`` runs (the machine is parsed once, as a user would)."""
    machine = StateMachine(definition)
    runs = [timed(lambda: machine.run(data)) for _ in range(repeat)]
    seconds, execution = min(runs, key=lambda run: run[0])
    return seconds, entered(execution.history), str(execution.status)


def moto_run(definition: dict[str, Any], data: Any) -> tuple[float, int, str]:
    import boto3
    from moto import mock_aws

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):  # type: ignore[arg-type]
        client = boto3.client("stepfunctions", region_name="us-east-1")
        arn = client.create_state_machine(
            name="bench", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/bench"
        )["stateMachineArn"]
        start = time.perf_counter()
        execution_arn = client.start_execution(stateMachineArn=arn, input=json.dumps(data))["executionArn"]
        while (status := client.describe_execution(executionArn=execution_arn)["status"]) == "RUNNING":
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        pages = client.get_paginator("get_execution_history").paginate(executionArn=execution_arn)
        return seconds, entered([event for page in pages for event in page["events"]]), status


def first_result() -> float:
    code = f"import statewise; print(statewise.StateMachine({TINY!r}).run().output)"
    seconds, proc = timed(lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, check=True))
    assert b"ok" in proc.stdout
    return seconds


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    for language, loop in (("JSONPath", COUNTER_LOOP), ("JSONata", COUNTER_LOOP_JSONATA)):
        sw_s, sw_n, sw_status = statewise_run(loop, {})
        mo_s, mo_n, mo_status = moto_run(loop, {})
        sw_rate = sw_n / sw_s
        mo_rate = (mo_n / mo_s) if mo_n and mo_status == "SUCCEEDED" else 0.0
        rows.append(
            (
                f"counter loop, {language}, 1,000 iterations (transitions/s)",
                f"{sw_rate:,.0f} ({sw_n} in {sw_s:.3f}s, {sw_status})",
                f"{mo_rate:,.0f} ({mo_n} in {mo_s:.3f}s, {mo_status})",
                f"{sw_rate / mo_rate:.1f}x" if mo_rate else "-",
            )
        )
    items = {"items": list(range(1000))}
    sw_s, _, sw_status = statewise_run(map_machine("INLINE"), items)
    mo_s, _, mo_status = moto_run(map_machine("INLINE"), items)
    rows.append(
        ("inline Map, 1,000 items (s)", f"{sw_s:.3f} ({sw_status})", f"{mo_s:.3f} ({mo_status})", f"{mo_s / sw_s:.1f}x")
    )
    sw_s, _, sw_status = statewise_run(map_machine("DISTRIBUTED"), {"items": list(range(10_000))})
    rows.append(("distributed Map, 10,000 items (s)", f"{sw_s:.3f} ({sw_status})", "-", "-"))
    rows.append(("time to first result, fresh process (s)", f"{first_result():.3f}", "-", "-"))
    widths = [max(len(row[i]) for row in [("benchmark", "statewise", "moto", "speed-up"), *rows]) for i in range(4)]
    for row in [("benchmark", "statewise", "moto", "speed-up"), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
