"""statewise lint against statelint and asl-validator on one set of bad definitions, in one run.

Run: ``.venv/bin/python benchmarks/compare_linters.py`` (prints a table; never a test).

Each row is one bug class users hit (the seed's ``OutputPath: null`` on the Map first); each column says
whether that tool reports anything for it. The peers run when installed: ``statelint`` (Ruby gem, on PATH)
and ``asl-validator`` (npm; on PATH, or in ``$ASL_VALIDATOR_DIR/node_modules/.bin``). A peer that is missing
is reported as such, never guessed.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import statewise

SDK = "arn:aws:states:::aws-sdk:"


def _seed() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        resources.files("statewise.cli").joinpath("data/workspaces_rebuild.asl.json").read_text()
    )
    return loaded


def _task(resource: str, **fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": resource, **fields}


def _machine(states: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states, **top}


def cases() -> dict[str, dict[str, Any]]:
    buggy = copy.deepcopy(_seed())
    rebuild = buggy["States"]["RebuildWorkspaces"]
    del rebuild["ResultPath"]
    rebuild["OutputPath"] = None
    list_page = _task(SDK + "s3:listObjectsV2", Parameters={"Bucket": "b"}, ResultPath="$.page", Next="More")
    next_page = _task(
        SDK + "s3:listObjectsV2", Parameters={"Bucket": "b", "NextToken.$": "$.page.NextToken"}, ResultPath="$.page"
    )
    more = {"Type": "Choice", "Choices": [{"Variable": "$.page.NextToken", "IsPresent": True, "Next": "NextPage"}]}
    return {
        "OutputPath: null on the paging Map (the seed's bug)": buggy,
        "NextToken on s3:listObjectsV2 (ContinuationToken)": _machine(
            {
                "List": list_page,
                "More": {**more, "Default": "Done"},
                "NextPage": {**next_page, "Next": "More"},
                "Done": {"Type": "Succeed"},
            }
        ),
        "parameter in the wrong case (bucket)": _machine(
            {"Get": _task(SDK + "s3:getObject", Parameters={"bucket": "b", "Key": "k"}, End=True)}
        ),
        "unknown parameter (Buckets)": _machine(
            {"Get": _task(SDK + "s3:getObject", Parameters={"Buckets": "b", "Key": "k"}, End=True)}
        ),
        "action the service does not have": _machine({"Get": _task(SDK + "s3:getObjects", End=True)}),
        "QueryLanguage written inside States": {
            "StartAt": "P",
            "States": {"QueryLanguage": "JSONata", "P": {"Type": "Pass", "End": True}},
        },
        "Map that only passes items through": _machine(
            {
                "M": {
                    "Type": "Map",
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                    "End": True,
                }
            }
        ),
        "Choice rule that never matches": _machine(
            {
                "P": {"Type": "Pass", "Result": {"kind": "a"}, "Next": "C"},
                "C": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.other", "IsPresent": True, "Next": "X"}],
                    "Default": "Y",
                },
                "X": {"Type": "Succeed"},
                "Y": {"Type": "Succeed"},
            }
        ),
        "loop with no exit": _machine({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}),
        "unbounded retry of a call with side effects": _machine(
            {
                "Send": _task(
                    "arn:aws:states:::sqs:sendMessage",
                    Parameters={"QueueUrl": "q", "MessageBody": "m"},
                    Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 99999999}],
                    End=True,
                )
            }
        ),
        "Result over the 256 KiB payload quota": _machine(
            {"P": {"Type": "Pass", "Result": {"blob": "x" * 300_000}, "End": True}}
        ),
        "unsubstituted ${placeholder}": _machine({"Call": _task("${ProcessFunctionArn}", End=True)}),
    }


def _statewise(definition: dict[str, Any], path: Path) -> str:
    found = statewise.lint(definition)
    return ", ".join(sorted({d.code + (" (info)" if d.severity == "info" else "") for d in found})) or "-"


def _peer(command: list[str] | None, path: Path) -> str:
    if command is None:
        return "not installed"
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, check=False, timeout=60)
    if done.returncode == 0:
        return "-"
    text = (done.stdout + done.stderr).strip().splitlines()
    crashed = any("TypeError" in line for line in text)
    return "crash" if crashed else "reported"


def _asl_validator() -> list[str] | None:
    found = shutil.which("asl-validator")
    local = Path(os.environ.get("ASL_VALIDATOR_DIR", "/tmp/aslv")) / "node_modules" / ".bin" / "asl-validator"
    if found is None and local.exists():
        found = str(local)
    return None if found is None else [found, "--json-path"]


def main() -> None:
    statelint = shutil.which("statelint")  # gem install statelint (needs rubygems.org)
    peers = {"statelint": [statelint] if statelint else None, "asl-validator": _asl_validator()}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for index, (label, definition) in enumerate(cases().items()):
            path = Path(folder) / f"case{index}.asl.json"
            path.write_text(json.dumps(definition))
            rows.append((label, _statewise(definition, path), *(_peer(cmd, path) for cmd in peers.values())))
    widths = [max(len(str(row[i])) for row in [("bug class", "statewise lint", *peers), *rows]) for i in range(4)]
    header = ("bug class", "statewise lint", *peers)
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    found = sum(1 for row in rows if row[1] != "-")
    print(f"\nstatewise reports {found} of {len(rows)} bug classes", file=sys.stderr)


if __name__ == "__main__":
    main()
