"""CLI start-up: ``statewise --help`` and ``statewise run`` on a one-state definition, against ``import boto3``.

Run: ``.venv/bin/python benchmarks/bench_cli.py`` (prints a table; never a test).

Each command is a fresh process, timed from start to exit, the best of ``ROUNDS`` (cold caches are not
what a user meets twice). The peer is ``python -c "import boto3"``: the floor of any boto3-based tool, which
``statewise --help`` must stay under (it loads neither boto3 nor botocore) and ``statewise run`` on a local
definition should stay near (it loads the engine, not boto3).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 7
ONE_STATE = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "Result": {"ok": True}, "End": True}}}


def _best(command: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    statewise = str(Path(sys.executable).with_name("statewise"))
    with tempfile.TemporaryDirectory() as folder:
        definition = Path(folder) / "one.asl.json"
        definition.write_text(json.dumps(ONE_STATE))
        env = {**os.environ, "STATEWISE_STORE": str(Path(folder) / "store.sqlite3")}
        peer = _best([sys.executable, "-c", "import boto3"], env)
        rows = (
            ("statewise --help", _best([statewise, "--help"], env)),
            ("statewise run one-state.asl.json", _best([statewise, "run", str(definition)], env)),
        )
    print(f"{'command (best of ' + str(ROUNDS) + ', ms)':<40} {'statewise':>10} {'import boto3':>13} {'ratio':>7}")
    for label, seconds in rows:
        print(f"{label:<40} {seconds * 1e3:>10.1f} {peer * 1e3:>13.1f} {seconds / peer:>6.2f}x")


if __name__ == "__main__":
    main()
