"""The intrinsic functions: one table from name to arity and implementation.

Theory of operation: every function receives its evaluated arguments as a
tuple plus the execution's ``random.Random`` and returns a JSON value. Type
and limit checks raise :class:`~statewise.errors.StatesError` with
``States.Runtime`` and a cause that starts ``Invalid arguments in
States.Name``, which is what AWS reports (arguments are checked when the
state runs, so a Catch on ``States.Runtime`` cannot catch it, as on AWS).
Numbers follow Java: ``MathAdd`` rounds each argument half up
(``Math.round``); the integer arguments of ``ArrayRange``,
``ArrayPartition``, ``ArrayGetItem`` and ``MathRandom`` are truncated toward
zero. Values are compared by their canonical JSON text, so ``1`` and ``1.0``
differ and key order does not matter, as with Jackson nodes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from statewise.asl.intrinsics.jsontext import to_json, to_text
from statewise.base_errors import StatesError

ERROR = "States.Runtime"
"""The error AWS raises for bad intrinsic arguments (not ``States.IntrinsicFailure``)."""

MAX_RANGE = 1000
MAX_TEXT = 10_000
_INT32 = (-(2**31), 2**31 - 1)
_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}

Implementation = Callable[[tuple[Any, ...], random.Random], Any]


@dataclass(frozen=True, slots=True)
class Function:
    """An intrinsic's argument count and implementation.

    ``template`` marks ``States.Format``: a string literal as its first
    argument is passed as the tuple of pieces between its unescaped ``{}``.
    """

    min_args: int
    max_args: int
    implementation: Implementation
    template: bool = False

    @property
    def arity(self) -> str:
        """The argument count in words, for error messages."""
        if self.min_args == self.max_args:
            return f"{self.min_args} argument{'s' * (self.min_args != 1)}"
        if self.max_args == _UNBOUNDED:
            return f"at least {self.min_args} argument{'s' * (self.min_args != 1)}"
        return f"{self.min_args} to {self.max_args} arguments"


_UNBOUNDED = 1 << 30


def fail(name: str, detail: str) -> NoReturn:
    """Raise AWS's error for bad arguments to ``name``."""
    raise StatesError(ERROR, f"Invalid arguments in {name}: {detail}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", str: "string", dict: "object", list: "array"}.get(type(value), "number")


def _expect(name: str, value: Any, wanted: type, what: str, position: str) -> Any:
    if not isinstance(value, wanted):
        fail(name, f"the {position} argument must be {what}, not {_kind(value)}")
    return value


def _integer(name: str, value: Any, position: str) -> int:
    if not _is_number(value) or not math.isfinite(value):
        fail(name, f"the {position} argument must be a number, not {_kind(value)}")
    return int(value)


def _text(name: str, value: Any, position: str = "first") -> str:
    return str(_expect(name, value, str, "a string", position))


def _array(name: str, value: Any, position: str = "first") -> list[Any]:
    return list(_expect(name, value, list, "an array", position))


def _format(args: tuple[Any, ...], _: random.Random) -> str:
    template, *values = args
    parts = template if isinstance(template, tuple) else _text("States.Format", template).split("{}")
    if len(parts) - 1 != len(values):
        fail(
            "States.Format",
            f"the template has {len(parts) - 1} '{{}}' placeholders but {len(values)} values were given",
        )
    pieces = [parts[0]]
    for value, part in zip(values, parts[1:], strict=True):
        pieces += [to_text(value), part]
    return "".join(pieces)


def _string_to_json(args: tuple[Any, ...], _: random.Random) -> Any:
    text = _text("States.StringToJson", args[0])
    if not text.strip():
        return None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        fail("States.StringToJson", f"the string is not valid JSON: {text[:100]!r}")


def _reject_constant(word: str) -> NoReturn:
    raise ValueError(f"{word} is not JSON")


def _json_to_string(args: tuple[Any, ...], _: random.Random) -> str:
    return to_json(args[0])


def _array_of(args: tuple[Any, ...], _: random.Random) -> list[Any]:
    return list(args)


def _array_partition(args: tuple[Any, ...], _: random.Random) -> list[list[Any]]:
    items = _array("States.ArrayPartition", args[0])
    size = _integer("States.ArrayPartition", args[1], "second")
    if size <= 0:
        fail("States.ArrayPartition", f"the chunk size must be greater than 0, got {size}")
    return [items[i : i + size] for i in range(0, len(items), size)]


def _array_contains(args: tuple[Any, ...], _: random.Random) -> bool:
    wanted = to_json(args[1], sort_keys=True)
    items = _array("States.ArrayContains", args[0])
    return any(to_json(item, sort_keys=True) == wanted for item in items)


def _array_range(args: tuple[Any, ...], _: random.Random) -> list[int]:
    name = "States.ArrayRange"
    start, end, step = (
        _integer(name, value, position) for value, position in zip(args, ("first", "second", "third"), strict=True)
    )
    if step == 0:
        fail(name, "the step must not be 0")
    count = max(0, (end - start) // step + 1)
    if count > MAX_RANGE:
        fail(name, f"the range would have {count} elements; at most {MAX_RANGE} are allowed")
    return list(range(start, end + (1 if step > 0 else -1), step))


def _array_get_item(args: tuple[Any, ...], _: random.Random) -> Any:
    items = _array("States.ArrayGetItem", args[0])
    index = _integer("States.ArrayGetItem", args[1], "second")
    if not 0 <= index < len(items):
        fail("States.ArrayGetItem", f"the index {index} is out of range for an array of {len(items)}")
    return items[index]


def _array_length(args: tuple[Any, ...], _: random.Random) -> int:
    return len(_array("States.ArrayLength", args[0]))


def _array_unique(args: tuple[Any, ...], _: random.Random) -> list[Any]:
    seen: dict[str, Any] = {}
    for item in _array("States.ArrayUnique", args[0]):
        seen.setdefault(to_json(item, sort_keys=True), item)
    return list(seen.values())


def _limited(name: str, value: Any) -> str:
    text = _text(name, value)
    if len(text) > MAX_TEXT:
        fail(name, f"the string has {len(text)} characters; at most {MAX_TEXT} are allowed")
    return text


def _base64_encode(args: tuple[Any, ...], _: random.Random) -> str:
    return base64.b64encode(_limited("States.Base64Encode", args[0]).encode()).decode("ascii")


def _base64_decode(args: tuple[Any, ...], _: random.Random) -> str:
    text = _limited("States.Base64Decode", args[0])
    try:
        return base64.b64decode(text, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        fail("States.Base64Decode", f"the string is not base64-encoded UTF-8: {text[:100]!r}")


def _hash(args: tuple[Any, ...], _: random.Random) -> str:
    data = _limited("States.Hash", args[0])
    algorithm = _text("States.Hash", args[1], "second")
    if algorithm not in _HASHES:
        fail("States.Hash", f"unknown algorithm {algorithm!r}; expected one of {', '.join(_HASHES)}")
    return hashlib.new(_HASHES[algorithm], data.encode()).hexdigest()


def _json_merge(args: tuple[Any, ...], _: random.Random) -> dict[str, Any]:
    name = "States.JsonMerge"
    first = _expect(name, args[0], dict, "an object", "first")
    second = _expect(name, args[1], dict, "an object", "second")
    deep = _expect(name, args[2], bool, "a boolean", "third")
    if deep:
        fail(name, "deep merging is not supported; pass false as the third argument")
    return {**first, **second}


def _math_random(args: tuple[Any, ...], rng: random.Random) -> int:
    name = "States.MathRandom"
    start = _integer(name, args[0], "first")
    end = _integer(name, args[1], "second")
    if start >= end:
        fail(name, f"the start ({start}) must be less than the end ({end})")
    if len(args) == 3:
        rng = random.Random(_integer(name, args[2], "third"))
    return rng.randrange(start, end)


def _math_add(args: tuple[Any, ...], _: random.Random) -> int:
    total = 0
    for value, position in zip(args, ("first", "second"), strict=True):
        if not _is_number(value) or not math.isfinite(value):
            fail("States.MathAdd", f"the {position} argument must be a number, not {_kind(value)}")
        rounded = math.floor(value + 0.5)
        if not _INT32[0] <= rounded <= _INT32[1]:
            fail("States.MathAdd", f"the {position} argument {value} is outside the 32-bit integer range")
        total += rounded
    return total


def _string_split(args: tuple[Any, ...], _: random.Random) -> list[str]:
    text = _text("States.StringSplit", args[0])
    delimiters = frozenset(_text("States.StringSplit", args[1], "second"))
    pieces: list[str] = []
    current: list[str] = []
    for char in text:
        if char in delimiters:
            if current:
                pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    if current:
        pieces.append("".join(current))
    return pieces


def _uuid(_args: tuple[Any, ...], rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


FUNCTIONS: dict[str, Function] = {
    "States.Format": Function(1, _UNBOUNDED, _format, template=True),
    "States.StringToJson": Function(1, 1, _string_to_json),
    "States.JsonToString": Function(1, 1, _json_to_string),
    "States.Array": Function(0, _UNBOUNDED, _array_of),
    "States.ArrayPartition": Function(2, 2, _array_partition),
    "States.ArrayContains": Function(2, 2, _array_contains),
    "States.ArrayRange": Function(3, 3, _array_range),
    "States.ArrayGetItem": Function(2, 2, _array_get_item),
    "States.ArrayLength": Function(1, 1, _array_length),
    "States.ArrayUnique": Function(1, 1, _array_unique),
    "States.Base64Encode": Function(1, 1, _base64_encode),
    "States.Base64Decode": Function(1, 1, _base64_decode),
    "States.Hash": Function(2, 2, _hash),
    "States.JsonMerge": Function(3, 3, _json_merge),
    "States.MathRandom": Function(2, 3, _math_random),
    "States.MathAdd": Function(2, 2, _math_add),
    "States.StringSplit": Function(2, 2, _string_split),
    "States.UUID": Function(0, 0, _uuid),
}
"""Every intrinsic function Step Functions offers, by name."""
