"""Intrinsic functions of Amazon States Language (``States.Format(...)`` and friends).

``compile_intrinsic(text)`` parses a call once into an :class:`Intrinsic`
whose ``evaluate`` runs it. Stages: :mod:`.lexer`, :mod:`.parser`,
:mod:`.ast`, :mod:`.intrinsic`; the functions themselves live in
:mod:`.functions`, their JSON text forms in :mod:`.jsontext`.
"""

from statewise.asl.intrinsics.errors import IntrinsicSyntaxError
from statewise.asl.intrinsics.intrinsic import Intrinsic, compile_intrinsic, is_intrinsic

__all__ = ["Intrinsic", "IntrinsicSyntaxError", "compile_intrinsic", "is_intrinsic"]
