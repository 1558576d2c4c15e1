"""The *undefined* sentinel: JSONata's "no value", distinct from JSON ``null`` (``None``).

One instance exists; it survives pickling and copying as itself, so it can be
compared with ``is``.
"""

from __future__ import annotations

from typing import Final


class Undefined:
    """Type of :data:`UNDEFINED`; do not instantiate."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __reduce__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Final = Undefined()
