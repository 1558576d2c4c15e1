"""The JSONata functions Step Functions adds: $partition, $range, $hash, $random, $uuid, $parse.

Theory of operation: each function is a plain Python callable over JSON values
that takes its arguments positionally, with :data:`UNDEFINED` standing for a
JSONata *undefined* argument, and returns a JSON value or :data:`UNDEFINED`.
:data:`FUNCTIONS` maps the JSONata name (without ``$``) to the callable; the
adapter registers the table with the JSONata library, converting *undefined*
at the boundary, so nothing here knows which library runs the expression.

Arguments are checked as Step Functions checks them. A bad argument raises
:class:`FunctionArgumentError`, whose ``code`` is JSONata's ``T0410`` (wrong
number or type of arguments) or one of statewise's own codes for values of
the right type but out of range (``SF0001`` .. ``SF0004``, see below). As for
JSONata's own functions, an *undefined* first argument gives *undefined*.

``$random`` and ``$uuid`` draw from the :class:`random.Random` in :data:`RNG`,
which the adapter sets for the duration of one evaluation, so an execution
run with a seeded generator is reproducible. ``$random(seed)`` is a pure
function of its seed, as on AWS.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Final

from statewise.asl.jsonata._undefined import UNDEFINED

SIGNATURE: Final = "T0410"
"""JSONata's code for a wrong number or type of arguments."""
PARTITION_SIZE: Final = "SF0001"
RANGE_STEP: Final = "SF0002"
HASH_ALGORITHM: Final = "SF0003"
PARSE_JSON: Final = "SF0004"

RANGE_LIMIT: Final = 1000
"""Most items ``$range`` returns, as for ``States.ArrayRange``."""

RNG: ContextVar[random.Random | None] = ContextVar("statewise_jsonata_rng", default=None)
"""The generator ``$random()`` and ``$uuid()`` draw from during an evaluation (``None``: the system's)."""
_SYSTEM_RNG: Final = random.SystemRandom()

_HASHES: Final = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


class FunctionArgumentError(Exception):
    """A Step Functions JSONata function was called with a bad argument."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _arity(name: str, args: tuple[Any, ...], least: int, most: int) -> None:
    if not least <= len(args) <= most:
        wanted = str(least) if least == most else f"{least} to {most}"
        raise FunctionArgumentError(SIGNATURE, f'function "{name}" takes {wanted} argument(s), got {len(args)}')


def _integer(name: str, position: int, value: Any) -> int:
    """``value`` as an int when it is a whole JSON number, else a T0410 error."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raise FunctionArgumentError(
        SIGNATURE, f'argument {position} of function "{name}" must be an integer, got {value!r}'
    )


def partition(*args: Any) -> Any:
    """``$partition(array, size)``: consecutive chunks of ``size`` items; the last may be shorter."""
    _arity("partition", args, 2, 2)
    array, size = args
    if array is UNDEFINED:
        return UNDEFINED
    if not isinstance(array, list):
        raise FunctionArgumentError(SIGNATURE, f'argument 1 of function "partition" must be an array, got {array!r}')
    chunk = _integer("partition", 2, size)
    if chunk < 1:
        raise FunctionArgumentError(PARTITION_SIZE, f'argument 2 of function "partition" must be positive, got {chunk}')
    return [array[i : i + chunk] for i in range(0, len(array), chunk)]


def range_(*args: Any) -> Any:
    """``$range(start, end, step)``: ``start``, ``start + step`` ... up to ``end`` inclusive.

    The result is a JSONata sequence, as on AWS: one item comes back as the
    item itself (``$range(1, 9, 9)`` is ``1``) and none as *undefined*.
    """
    _arity("range", args, 3, 3)
    if args[0] is UNDEFINED:
        return UNDEFINED
    start, end, step = (_integer("range", i + 1, v) for i, v in enumerate(args))
    if step == 0:
        raise FunctionArgumentError(RANGE_STEP, 'argument 3 of function "range" must not be 0')
    items = range(start, end + (1 if step > 0 else -1), step)
    if len(items) > RANGE_LIMIT:
        raise FunctionArgumentError(
            RANGE_STEP,
            f'function "range" would return {len(items)} items; at most {RANGE_LIMIT} are allowed',
        )
    if not items:
        return UNDEFINED
    return items[0] if len(items) == 1 else list(items)


def hash_(*args: Any) -> Any:
    """``$hash(string, algorithm)``: lowercase hex digest; MD5, SHA-1, SHA-256, SHA-384, SHA-512."""
    _arity("hash", args, 2, 2)
    data, algorithm = args
    if data is UNDEFINED:
        return UNDEFINED
    if not isinstance(data, str):
        raise FunctionArgumentError(SIGNATURE, f'argument 1 of function "hash" must be a string, got {data!r}')
    if algorithm not in _HASHES:
        raise FunctionArgumentError(
            HASH_ALGORITHM,
            f'argument 2 of function "hash" must be one of {", ".join(_HASHES)}, got {algorithm!r}',
        )
    return hashlib.new(_HASHES[algorithm], data.encode("utf-8")).hexdigest()


def random_(*args: Any) -> Any:
    """``$random([seed])``: a float in [0, 1); from the execution's generator, or from ``seed``."""
    _arity("random", args, 0, 1)
    if not args or args[0] is UNDEFINED:
        return (RNG.get() or _SYSTEM_RNG).random()
    return random.Random(_integer("random", 1, args[0])).random()


def uuid_(*args: Any) -> Any:
    """``$uuid()``: a version 4 UUID drawn from the execution's generator."""
    _arity("uuid", args, 0, 0)
    return str(uuid.UUID(int=(RNG.get() or _SYSTEM_RNG).getrandbits(128), version=4))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse(*args: Any) -> Any:
    """``$parse(text)``: the JSON value ``text`` holds (``$eval`` is not available on AWS)."""
    _arity("parse", args, 1, 1)
    (text,) = args
    if text is UNDEFINED:
        return UNDEFINED
    if not isinstance(text, str):
        raise FunctionArgumentError(SIGNATURE, f'argument 1 of function "parse" must be a string, got {text!r}')
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise FunctionArgumentError(PARSE_JSON, f'function "parse" got text that is not JSON: {exc}') from None


FUNCTIONS: Final[dict[str, Callable[..., Any]]] = {
    "partition": partition,
    "range": range_,
    "hash": hash_,
    "random": random_,
    "uuid": uuid_,
    "parse": parse,
}
"""Step Functions' JSONata functions by name (without ``$``)."""
