"""Package-level promises: light import, the public names, layering, README and CI agree."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import statewise

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "statewise"

# Layers, left to right; a module may import only from its own layer or those before it.
LAYERS = [
    *("errors", "clock", "documents", "specs", "clients", "paging", "waiting"),
    *("integrations", "asl", "build", "lint", "store", "cli"),
]


def test_import_is_light():
    heavy = "('botocore', 'boto3', 'jmespath', 'yaml', 'rich')"
    code = f"import statewise, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_resolves():
    assert set(statewise.__all__) == set(statewise._EXPORTS) | {"__version__"}
    for name in statewise.__all__:
        assert getattr(statewise, name) is not None


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "statewise" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_imports_go_one_way():
    bad = []
    for path in SRC.rglob("*.py"):
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        own = _layer(module)
        testing = module.startswith("statewise.testing")
        for imported in _imports(path):
            target = _layer(imported)
            if target is None:
                continue
            if (own is not None and target > own) or (testing and imported.startswith("statewise.cli")):
                bad.append(f"{module} imports {imported}")
    assert bad == []


def test_type_checking_imports_cover_every_export():
    tree = ast.parse((SRC / "__init__.py").read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")
    imported = {
        alias.name: node.module for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    assert imported == statewise._EXPORTS


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^```(?:sh|bash|console)\n(.*?)\n```", readme, flags=re.S | re.M)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command.strip() in (ROOT / ".ci" / "run").read_text()


def test_readme_offline_examples_run():
    """The README's examples that need no AWS account (the simulated service) run as written."""
    readme = (ROOT / "README.md").read_text()
    fenced = re.findall(r"^ *```python\n(.*?)^ *```", readme, flags=re.S | re.M)
    blocks = [b for b in fenced if "SimulatedWorkspaces" in b]
    assert len(blocks) >= 2
    for block in blocks:
        lines = block.splitlines()
        indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
        exec(compile("\n".join(line[indent:] for line in lines), "README.md", "exec"), {})


def test_sync_pagination_does_not_import_asyncio():
    code = "import statewise, sys; statewise.paginate; statewise.Pages; print('asyncio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
