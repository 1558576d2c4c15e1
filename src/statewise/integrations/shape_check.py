"""Does a JSON value fit a botocore shape? The problems, each with a JSON pointer.

Theory of operation: :func:`shape_problems` walks ``value`` beside a botocore
``Shape`` and yields ``(pointer, message)`` for each field of the wrong JSON
type, each unknown field and (``strict``) each missing required field.
``member_name`` says how a structure member is spelled in the value: Step
Functions' AWS SDK integrations answer in PascalCase (``member_name=pascal``),
the Step Functions API itself as the model spells it (the default).
Constraints beyond the JSON type (lengths, ranges, enums) are not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

__all__ = ["pascal", "shape_problems"]

_KINDS: Final = {
    "structure": (dict,),
    "list": (list,),
    "map": (dict,),
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "timestamp": (str, int, float),
    "blob": (str,),
}


def pascal(name: str) -> str:
    """``name`` with its first letter upper case, as Step Functions spells SDK response members."""
    return name[:1].upper() + name[1:]


def _as_modelled(name: str) -> str:
    return name


def shape_problems(
    shape: Any, value: Any, where: str = "", *, strict: bool = True, member_name: Callable[[str], str] = _as_modelled
) -> Iterator[tuple[str, str]]:
    """Where and how ``value`` does not fit ``shape`` (a botocore ``Shape``)."""
    kinds = _KINDS.get(shape.type_name)
    if kinds is not None and (not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool))):
        yield where, f"expected {shape.type_name}, got {type(value).__name__}"
        return
    if shape.type_name == "structure":
        members = {member_name(name): member for name, member in shape.members.items()}
        for key, item in value.items():
            member = members.get(key)
            if member is None:
                yield f"{where}/{key}", f"unknown field {key!r}"
            else:
                yield from shape_problems(member, item, f"{where}/{key}", strict=strict, member_name=member_name)
        if strict:
            for name in shape.required_members:
                if member_name(name) not in value:
                    yield where, f"missing required field {member_name(name)!r}"
    elif shape.type_name == "list":
        for i, item in enumerate(value):
            yield from shape_problems(shape.member, item, f"{where}/{i}", strict=strict, member_name=member_name)
    elif shape.type_name == "map":
        for key, item in value.items():
            yield from shape_problems(shape.value, item, f"{where}/{key}", strict=strict, member_name=member_name)
