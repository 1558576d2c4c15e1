"""JSON and YAML documents: text or files -> plain Python values, and where a syntax error sits.

Theory of operation: definitions and specs arrive as JSON text, YAML text or
files of either. :func:`load_text` parses text and :func:`load_file` reads a
file (YAML for ``.yaml``/``.yml``, JSON otherwise); both raise
:class:`DocumentError`, which names the source and, for a syntax error, the
1-based line and column.

YAML is read with YAML 1.2 core-schema rules, as SAM and the Serverless
Framework read definitions: only ``true``/``false`` (any of their three
spellings) are booleans, so ``Next: Yes`` is the string ``"Yes"``; ``0777``
is decimal 777 (octal is ``0o777``); ``12:30`` and ``2024-01-01`` stay
strings. PyYAML implements YAML 1.1, so :class:`_Yaml12Loader` swaps its
implicit resolvers for the 1.2 core ones (and constructs integers by 1.2's
rules); nothing else of PyYAML's safe loader changes. PyYAML is imported
only when YAML is read.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any, Final

from statewise.base_errors import StatewiseError

__all__ = ["DocumentError", "is_yaml_path", "load_file", "load_text"]

_YAML_SUFFIXES: Final = (".yaml", ".yml")

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_CORE_RESOLVERS: Final = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
)


class DocumentError(StatewiseError, ValueError):
    """A document could not be read or parsed.

    ``source`` names it (a file path, or ``<text>``), ``line`` and ``column``
    (1-based) locate a syntax error, ``reason`` says what was wrong.
    """

    def __init__(self, reason: str, *, source: str, line: int | None = None, column: int | None = None):
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"{source}: {reason}{where}")
        self.reason = reason
        self.source = source
        self.line = line
        self.column = column


def is_yaml_path(path: str | os.PathLike[str]) -> bool:
    """Whether a file of this name is read as YAML."""
    return Path(path).suffix.lower() in _YAML_SUFFIXES


def load_text(text: str | bytes, *, yaml: bool = False, source: str = "<text>") -> Any:
    """The value ``text`` holds, as JSON or (``yaml``) YAML 1.2."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=source) from None
    if yaml:
        return _load_yaml(text, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not valid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise DocumentError("not valid JSON: nested too deeply", source=source) from None


def load_file(path: str | os.PathLike[str]) -> Any:
    """The value the file at ``path`` holds: YAML 1.2 for ``.yaml``/``.yml``, JSON otherwise."""
    source = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the file: {exc.strerror or exc}", source=source) from None
    return load_text(data, yaml=is_yaml_path(path), source=source)


def _load_yaml(text: str, source: str) -> Any:
    import yaml  # noqa: PLC0415 - PyYAML only when YAML is read (see above)

    try:
        return yaml.load(text, Loader=_yaml12_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise DocumentError(f"not valid YAML: {exc.problem}", source=source, line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise DocumentError(f"not valid YAML: {exc}", source=source) from None
    except RecursionError:
        raise DocumentError("not valid YAML: nested too deeply", source=source) from None


@cache
def _yaml12_loader() -> Any:
    """PyYAML's SafeLoader with YAML 1.2 core-schema resolvers (built on first use: PyYAML loads lazily)."""
    import yaml  # noqa: PLC0415 - PyYAML only when YAML is read

    class _Yaml12Loader(yaml.SafeLoader):
        def construct_yaml_int(self, node: Any) -> int:
            text = str(self.construct_scalar(node))
            for prefix, base in (("0o", 8), ("0x", 16)):
                if text.startswith(prefix):
                    return int(text[2:], base)
            return int(text, 10)

    _Yaml12Loader.yaml_implicit_resolvers = {}  # its own registry, not SafeLoader's
    _Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _Yaml12Loader.construct_yaml_int)
    # keep the 1.1 resolvers that are not about scalars' types (merge keys, '=')
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in resolvers if tag in ("tag:yaml.org,2002:merge",)]
        if kept:
            _Yaml12Loader.yaml_implicit_resolvers[first] = kept
    for tag, pattern, firsts in _CORE_RESOLVERS:
        _Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), firsts)
    return _Yaml12Loader
