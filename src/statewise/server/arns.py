"""Names and ARNs as the Step Functions API takes them: checked, parsed, built.

Theory of operation: the API names four kinds of resource by ARN,
``arn:<partition>:states:<region>:<account>:<kind>:<rest>``.
:func:`parse_arn` splits one and checks its kind (``InvalidArn`` when it is
not an ARN of a kind the call takes); :class:`Arn` keeps the parts a lookup
needs. A state machine ARN may carry a version number as a qualifier
(``stateMachine:orders:3``); an execution ARN holds the machine's name and
the execution's (``execution:orders:run-1``, or ``express:orders:run-1:<id>``).
:func:`check_name` applies AWS's rule for names (1 to 80 characters, none of
whitespace, brackets, wildcards, ``"#%\\^|~`$&,;:/`` or control characters):
``InvalidName`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from statewise.server.protocol import ApiError

__all__ = ["Arn", "check_name", "parse_arn"]

_NAME: Final = re.compile(r"[^\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]{1,80}")
_ARN: Final = re.compile(
    r"arn:(?P<partition>[\w-]+):states:(?P<region>[\w-]+):(?P<account>\d{12}):(?P<kind>\w+):(?P<rest>.+)"
)
_PARTS: Final = {"stateMachine": (1, 2), "activity": (1, 1), "execution": (2, 2), "express": (3, 3)}
"""kind -> how many ``:``-separated parts its rest has, at least and at most"""


@dataclass(frozen=True, slots=True)
class Arn:
    """A parsed Step Functions ARN: its kind and the parts after it."""

    text: str
    kind: str
    parts: tuple[str, ...]

    @property
    def name(self) -> str:
        """The resource's own name: the machine's, the activity's or the execution's."""
        return self.parts[0] if self.kind in ("stateMachine", "activity") else self.parts[1]

    @property
    def qualifier(self) -> str | None:
        """A state machine ARN's version (or alias) qualifier."""
        return self.parts[1] if self.kind == "stateMachine" and len(self.parts) > 1 else None

    @property
    def base(self) -> str:
        """A state machine ARN without its qualifier."""
        return self.text if self.qualifier is None else self.text.rsplit(":", 1)[0]


def parse_arn(text: object, *kinds: str, member: str) -> Arn:
    """``text`` as the ARN of one of ``kinds`` (``member`` names the request field); InvalidArn otherwise."""
    match = _ARN.fullmatch(text) if isinstance(text, str) else None
    if match is not None and match["kind"] in kinds:
        parts = tuple(match["rest"].split(":"))
        least, most = _PARTS[match["kind"]]
        if least <= len(parts) <= most and all(parts):
            return Arn(text, match["kind"], parts)  # type: ignore[arg-type]  # a match means a str
    expected = " or ".join(f"arn:aws:states:<region>:<account>:{kind}:..." for kind in kinds)
    raise ApiError("InvalidArn", f"Invalid Arn: '{text}' in {member} is not an ARN of the form {expected}")


def check_name(name: object, member: str = "name") -> str:
    """``name`` when AWS would take it as a resource or execution name; InvalidName otherwise."""
    if isinstance(name, str) and _NAME.fullmatch(name):
        return name
    raise ApiError(
        "InvalidName",
        f"Invalid Name: '{name}' in {member}: names have 1 to 80 characters, without whitespace, brackets, "
        'wildcards, control characters or any of "#%\\^|~`$&,;:/',
    )
