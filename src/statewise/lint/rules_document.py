"""Rules on the definition document as a whole: placeholders left unsubstituted, the definition's size.

Theory of operation: these rules need no model, so they run on definitions
that do not validate too. A ``${Name}`` placeholder (SAM/CDK
``DefinitionSubstitutions``) left in the document means the linter reads
the text, not the deployed value. With no ``substitutions`` at all, one
``info`` names every placeholder (a SAM template read without its
substitutions is normal: one note is enough, a warning would be noise);
with substitutions given, each name they miss is a warning, at its first
use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from statewise.asl.source import placeholder_names
from statewise.lint.diagnostics import Diagnostic, diagnostic
from statewise.lint.document import strings

__all__ = ["MAX_DEFINITION_BYTES", "document_diagnostics"]

MAX_DEFINITION_BYTES: Final = 1024 * 1024
"""The largest definition Step Functions accepts (a hard quota: 1 MB)."""


def document_diagnostics(doc: Any, substitutions: Mapping[str, Any] | None) -> list[Diagnostic]:
    found = []
    size = len(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_DEFINITION_BYTES:
        found.append(
            diagnostic(
                "definition-over-quota",
                "",
                f"the definition is {size:,} bytes; Step Functions accepts at most {MAX_DEFINITION_BYTES:,}",
                "move large literals (Result, Parameters) to S3 or the execution input",
            )
        )
    first: dict[str, str] = {}
    for pointer, text in strings(doc):
        for name in placeholder_names(text):
            first.setdefault(name, pointer)
    if not first:
        return found
    if substitutions is None:
        names = ", ".join(f"${{{name}}}" for name in first)
        found.append(
            diagnostic(
                "unsubstituted-placeholder",
                next(iter(first.values())),
                f"{len(first)} placeholder{'s' * (len(first) != 1)} ({names}) are read as written, not as "
                "deployed: fields holding them are not checked",
                "pass substitutions={...} with the values SAM/CDK DefinitionSubstitutions give",
                severity="info",
            )
        )
    else:
        found += [
            diagnostic(
                "unsubstituted-placeholder",
                pointer,
                f"no substitution is given for ${{{name}}}, so it stays as written",
                f"add {name!r} to substitutions",
            )
            for name, pointer in first.items()
        ]
    return found
