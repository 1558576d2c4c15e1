"""What generated loops share: the item processor a caller gives, and JSONata text for a Task's arguments."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

__all__ = ["ProgramLike", "jsonata_value", "program", "renamed"]

_TEMPLATE = re.compile(r"\s*\{%(.*)%\}\s*", re.S)


@runtime_checkable
class ProgramLike(Protocol):
    """A builder chain (``statewise.builder``): anything that renders itself as ``{"StartAt", "States"}``."""

    def to_program(self) -> dict[str, Any]: ...


def program(source: Mapping[str, Any] | ProgramLike | None, default: str) -> dict[str, Any]:
    """The item processor as a ``{"StartAt", "States"}`` dict; a lone Pass named ``default`` when None."""
    if source is None:
        return {"StartAt": default, "States": {default: {"Type": "Pass", "End": True}}}
    if isinstance(source, ProgramLike):
        return source.to_program()
    copied: dict[str, Any] = json.loads(json.dumps(dict(source)))  # the caller's later changes cannot reach it
    return copied


def jsonata_value(value: Any) -> str:
    """``value`` (an Arguments template: JSON with ``{% expr %}`` strings) as one JSONata expression."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{json.dumps(key)}: {jsonata_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(jsonata_value(item) for item in value) + "]"
    if isinstance(value, str) and (template := _TEMPLATE.fullmatch(value)) is not None:
        return f"({template.group(1).strip()})"
    return json.dumps(value)


def renamed(source: dict[str, Any], suffix: str) -> dict[str, Any]:
    """A copy of program ``source`` with every state name (nested Map and Parallel programs too) ending in
    ``suffix``: state names are unique in a whole state machine, so a second Map over the same processor
    needs its own names."""

    def name(old: str) -> str:
        return old + suffix

    def state(doc: dict[str, Any]) -> dict[str, Any]:
        out = dict(doc)
        for key in ("Next", "Default"):
            if key in out:
                out[key] = name(out[key])
        for key in ("Choices", "Catch"):
            if key in out:
                out[key] = [{**rule, "Next": name(rule["Next"])} if "Next" in rule else rule for rule in out[key]]
        for key in ("ItemProcessor", "Iterator"):
            if key in out:
                out[key] = graph(out[key])
        if "Branches" in out:
            out["Branches"] = [graph(branch) for branch in out["Branches"]]
        return out

    def graph(doc: dict[str, Any]) -> dict[str, Any]:
        return {
            **doc,
            "StartAt": name(doc["StartAt"]),
            "States": {name(key): state(value) for key, value in doc["States"].items()},
        }

    return graph(source)
