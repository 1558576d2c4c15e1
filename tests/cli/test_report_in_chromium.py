"""The HTML report as a browser draws it: headless Chromium, no console errors, the diagram and every state.

Skipped where Chromium is not installed (``.ci/run`` installs Debian's ``chromium``). The screenshot is kept
as a test artifact under ``$STATEWISE_ARTIFACTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from statewise.asl.graph import every_state
from statewise.asl.parse import parse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
# as the machine's notes say: no sandbox as root, and nothing that reaches the (closed) network
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), *_FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_report_draws_in_chromium_without_console_errors(cli, definition, tmp_path):
    run = json.loads(cli("run", str(definition), "--input", '{"items": [1]}', "--json")[1])
    page = tmp_path / "report.html"
    assert cli("report", run["id"], "-o", str(page))[0] == 0
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]  # what the page logged
    assert not console, console
    drawn = set(re.findall(r'data-state="([^"]+)"', dom.stdout))
    assert drawn == {state.name for state in every_state(parse(json.loads(definition.read_text())).states.values())}
    assert "<svg" in dom.stdout
    artifacts = Path(os.environ.get("STATEWISE_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "report.png"
    taken = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri())
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
