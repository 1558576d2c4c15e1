"""JSON pointers (RFC 6901): where in a definition a node, a field or a problem is.

Theory of operation: every node of the model and every
:class:`~statewise.errors.Problem` carries the JSON pointer of its source, built
while the definition is read by extending the parent's pointer one reference
token at a time with :func:`join_pointer`. This module sits below everything
that builds pointers (the model, the field tables, the template compilers, the
parser), so none of them imports another to get it.
"""

from __future__ import annotations

__all__ = ["join_pointer"]


def join_pointer(pointer: str, key: str | int) -> str:
    """``pointer`` extended by one reference token (``~`` and ``/`` escaped as RFC 6901 says)."""
    return f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
