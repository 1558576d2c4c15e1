"""The definition document the rules read beside the model: fields at JSON pointers, every string in it.

The model keeps fields compiled; rules that need them as written (a payload
template's keys, whether ``MaxAttempts`` was given at all, a placeholder in
any string) read the substituted document through these two functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statewise.asl.pointer import join_pointer

__all__ = ["at", "strings"]

_MISSING: Any = object()


def at(doc: Any, pointer: str, default: Any = None) -> Any:
    """The value at JSON ``pointer`` in ``doc``, or ``default`` when there is none."""
    node = doc
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(key, _MISSING)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return default
        if node is _MISSING:
            return default
    return node


def strings(doc: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, text) of every string in ``doc``, object keys included (a key's pointer is its member's)."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            where = join_pointer(pointer, key)
            yield where, key
            yield from strings(value, where)
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            yield from strings(item, f"{pointer}/{i}")
    elif isinstance(doc, str):
        yield pointer, doc
