"""Where specs come from: user-registered documents first, then botocore's data.

Users add specs for operations botocore has none for (or for any other API)
with :func:`register_paginators`, from a dict or a JSON/YAML file in
botocore's ``paginators-1.json`` form. Registered specs win over botocore's
for the same service and operation.

Waiters work the same way with :func:`register_waiters` (``waiters-2.json``
form) and :func:`find_waiter`; after the user's and botocore's come the
waiters statewise ships in ``specs/data/<service>.waiters-2.json``.
PyYAML is imported only when a YAML spec file is registered.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from statewise.errors import SpecError
from statewise.specs.botocore_data import service_document
from statewise.specs.paginator import PaginatorSpec
from statewise.specs.waiter import WaiterSpec

__all__ = [
    "find_paginator",
    "find_waiter",
    "load_document",
    "paginator_names",
    "register_paginators",
    "register_waiters",
    "waiter_names",
]

DocumentSource = str | os.PathLike[str] | Mapping[str, Any]

_lock = threading.Lock()
_user_paginators: dict[str, dict[str, PaginatorSpec]] = {}


def load_document(source: DocumentSource) -> tuple[Mapping[str, Any], str]:
    """Read a spec document from a mapping or a ``.json``/``.yaml``/``.yml`` file.

    Returns the document and a name for it to use in error messages.
    """
    if isinstance(source, Mapping):
        return source, "<dict>"
    if not isinstance(source, str | os.PathLike):
        raise SpecError(f"a spec source is a dict or a file path, got {type(source).__name__}")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read spec file: {exc.strerror}", spec=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise SpecError(f"spec files are UTF-8 text: {exc.reason} at byte {exc.start}", spec=str(path)) from exc
    try:
        document = _parse(text, yaml=path.suffix.lower() in (".yaml", ".yml"))
    except ValueError as exc:
        raise SpecError(f"cannot parse spec file: {exc}", spec=str(path)) from exc
    if not isinstance(document, Mapping):
        raise SpecError("a spec file must hold an object at the top level", spec=str(path))
    return document, str(path)


def _parse(text: str, *, yaml: bool) -> Any:
    if not yaml:
        return json.loads(text)
    import yaml as pyyaml  # noqa: PLC0415 - only for a YAML spec file (see above)

    try:
        return pyyaml.safe_load(text)
    except pyyaml.YAMLError as exc:
        raise ValueError(str(exc)) from exc


def register_paginators(source: DocumentSource, *, service: str) -> tuple[str, ...]:
    """Register the paginators in ``source`` (``{"pagination": {Op: {...}}}``) for ``service``.

    Every entry is validated before any is registered. Returns the operation
    names registered.
    """
    document, origin = load_document(source)
    entries = document.get("pagination")
    if not isinstance(entries, Mapping):
        raise SpecError(
            "expected a 'pagination' object mapping operation names to specs", spec=origin, where="/pagination"
        )
    specs = {op: PaginatorSpec.from_dict(entry, name=f"{service}.{op}") for op, entry in entries.items()}
    with _lock:
        _user_paginators.setdefault(service, {}).update(specs)
    return tuple(specs)


def find_paginator(service: str, operation: str, api_version: str | None = None) -> PaginatorSpec | None:
    """The spec for ``service``'s ``operation`` (its API name), or None if it cannot paginate."""
    user = _user_paginators.get(service, {}).get(operation)
    if user is not None:
        return user
    return _botocore_paginator(service, operation, api_version)


def paginator_names(service: str, api_version: str | None = None) -> list[str]:
    """API names of every operation of ``service`` that has a paginator spec."""
    document = service_document(service, "paginators-1", api_version) or {}
    names = set(document.get("pagination", {})) | set(_user_paginators.get(service, {}))
    return sorted(names)


@lru_cache(maxsize=512)
def _botocore_paginator(service: str, operation: str, api_version: str | None) -> PaginatorSpec | None:
    document = service_document(service, "paginators-1", api_version)
    entry = (document or {}).get("pagination", {}).get(operation)
    return None if entry is None else PaginatorSpec.from_dict(entry, name=f"{service}.{operation}")


# Waiters: user-registered specs first, then botocore's, then the ones statewise
# ships in ``specs/data/<service>.waiters-2.json`` (loaded on first look-up).

_user_waiters: dict[str, dict[str, WaiterSpec]] = {}
_SHIPPED = Path(__file__).parent / "data"


def register_waiters(source: DocumentSource, *, service: str) -> tuple[str, ...]:
    """Register the waiters in ``source`` (``{"version": 2, "waiters": {Name: {...}}}``) for ``service``.

    Every entry is validated before any is registered. Returns the waiter
    names registered; they win over botocore's waiters of the same name.
    """
    document, origin = load_document(source)
    specs = _waiter_specs(document, origin, service)
    with _lock:
        _user_waiters.setdefault(service, {}).update(specs)
    return tuple(specs)


def find_waiter(service: str, name: str, api_version: str | None = None) -> WaiterSpec | None:
    """The waiter spec ``name`` (CamelCase, as in ``waiters-2.json``) for ``service``, or None."""
    user = _user_waiters.get(service, {}).get(name)
    if user is not None:
        return user
    botocore_spec = _botocore_waiter(service, name, api_version)
    return botocore_spec if botocore_spec is not None else _shipped_waiters(service).get(name)


def waiter_names(service: str, api_version: str | None = None) -> list[str]:
    """Names of every waiter :func:`find_waiter` knows for ``service``."""
    document = service_document(service, "waiters-2", api_version) or {}
    names = set(document.get("waiters", {})) | set(_shipped_waiters(service))
    return sorted(names | set(_user_waiters.get(service, {})))


def _waiter_specs(document: Mapping[str, Any], origin: str, service: str) -> dict[str, WaiterSpec]:
    version = document.get("version", 2)
    if version != 2:
        raise SpecError(f"unsupported waiters version {version!r}; expected 2", spec=origin, where="/version")
    entries = document.get("waiters")
    if not isinstance(entries, Mapping):
        raise SpecError("expected a 'waiters' object mapping waiter names to specs", spec=origin, where="/waiters")
    return {name: WaiterSpec.from_dict(entry, name=f"{service}.{name}") for name, entry in entries.items()}


@lru_cache(maxsize=512)
def _botocore_waiter(service: str, name: str, api_version: str | None) -> WaiterSpec | None:
    document = service_document(service, "waiters-2", api_version)
    entry = (document or {}).get("waiters", {}).get(name)
    return None if entry is None else WaiterSpec.from_dict(entry, name=f"{service}.{name}")


@lru_cache(maxsize=64)
def _shipped_waiters(service: str) -> dict[str, WaiterSpec]:
    path = _SHIPPED / f"{service}.waiters-2.json"
    if not path.is_file():
        return {}
    document, origin = load_document(path)
    return _waiter_specs(document, origin, service)
