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
    *("base_errors", "errors", "clock", "documents", "specs", "clients", "paging", "waiting"),
    *("integrations", "asl", "build", "builder", "patterns", "lint", "diagrams", "store", "remote", "report"),
    *("server", "cli"),
]


def test_import_is_light():
    heavy = "('botocore', 'boto3', 'jmespath', 'yaml', 'rich')"
    code = f"import statewise, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_statewise_asl_does_not_import_botocore():
    """The promise of statewise.asl: its modules, a first run, validation and the ASL errors stay free of botocore."""
    definition = '{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}'
    code = (
        f"import statewise, sys; statewise.validate({definition}); statewise.StateMachine({definition}).run({{}}); "
        "statewise.StatesError, statewise.TaskFailed, statewise.DefinitionError; "
        "import importlib, pkgutil, statewise.asl as asl; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(asl.__path__, 'statewise.asl.')]; "
        "print(sorted(m for m in ('botocore', 'boto3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_errors_module_keeps_every_error_and_botocore_bases():
    import botocore.exceptions

    from statewise import base_errors, errors

    public = set(base_errors.__all__) - {"with_suggestions"}
    assert public <= set(errors.__all__)
    assert all(getattr(errors, name) is getattr(base_errors, name) for name in public)
    assert issubclass(errors.PaginationError, botocore.exceptions.PaginationError)
    assert issubclass(errors.WaiterError, botocore.exceptions.WaiterError)
    assert issubclass(errors.PaginationError, base_errors.StatewiseError)


def test_every_public_name_resolves():
    assert set(statewise.__all__) == set(statewise._EXPORTS) | {"__version__"}
    for name in statewise.__all__:
        assert getattr(statewise, name) is not None


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "statewise" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the package at ``root`` it imports, wherever the import stands.

    Imports under ``TYPE_CHECKING`` and inside functions count; relative imports are resolved, and
    ``from package import module`` is an import of that module (``from package import name`` of the package).
    """
    paths = {_module_name(path, root): path for path in root.rglob("*.py")}

    def known(name: str) -> str | None:  # the module itself, or the package that holds the name
        while name and name not in paths:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(known(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                source = ".".join(part for part in (base, node.module) if part)
                targets.update(known(f"{source}.{alias.name}") for alias in node.names)
        graph[module] = {target for target in targets if target is not None and target != module}
    return graph


def _components(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            member = stack.pop()
            component = {member}
            while member != node:
                member = stack.pop()
                component.add(member)
            found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One import cycle for each group of modules that import each other, as a path back to its start."""
    cycles = []
    for component in _components(graph):
        if len(component) < 2:
            continue
        start = min(component)
        paths = {start: [start]}
        queue = [start]
        while queue:  # breadth first, inside the component: a shortest way back to start
            node = queue.pop(0)
            for target in sorted(graph[node] & component):
                if target == start:
                    cycles.append([*paths[node], start])
                    queue = []
                    break
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    queue.append(target)
    return sorted(cycles)


GRAPH = _import_graph(SRC)

def test_imports_go_one_way():
    bad = []
    for module, imported_modules in GRAPH.items():
        own = _layer(module)
        testing = module.startswith("statewise.testing")
        for imported in imported_modules:
            target = _layer(imported)
            if target is None:
                continue
            cli = imported.split(".")[:2] == ["statewise", "cli"]
            if (own is not None and target > own) or (testing and cli):
                bad.append(f"{module} imports {imported}")
    assert bad == []


def test_no_module_imports_itself_through_others():
    assert [" -> ".join(cycle) for cycle in _cycles(GRAPH)] == []


def test_the_cycle_check_finds_a_cycle_through_every_kind_of_import(tmp_path: Path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from pkg.a import run\n",
        "a.py": "from pkg import b\n\ndef run(): ...\n",  # from package import module
        "b.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .sub import c\n",
        "sub/__init__.py": "",
        "sub/c.py": "def late():\n    from ..a import run\n",  # inside a function, relative
        "d.py": "import pkg.a\nimport json\n",
    }
    for name, text in files.items():
        (package / name).write_text(text)
    graph = _import_graph(package)
    assert graph["pkg.d"] == {"pkg.a"}
    assert _cycles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]]
    (package / "sub" / "c.py").write_text("def late(): ...\n")
    assert _cycles(_import_graph(package)) == []


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
