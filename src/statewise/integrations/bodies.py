"""Object bodies as a state sees them: text when they are UTF-8, base64 text when they are not.

Theory of operation: Step Functions hands an S3 object's streamed ``Body`` to
the state as a string. Both places a distributed Map's ``s3:getObject`` is
served -- boto3 (:mod:`statewise.integrations.aws_sdk`) and the folder
standing in for S3 (:mod:`statewise.integrations.local_s3`) -- turn bytes into
that string with :func:`body_text`, and the ItemReader turns it back with
:func:`body_bytes` where it needs the bytes (a gzip-compressed S3 inventory
file), so both serve the same text and the reader reads either.
"""

from __future__ import annotations

import base64
import binascii

__all__ = ["body_bytes", "body_text"]


def body_text(data: bytes) -> str:
    """``data`` as UTF-8 text, or as base64 text when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(data).decode()


def body_bytes(text: str) -> bytes:
    """The bytes :func:`body_text` made ``text`` from (base64 text decodes; other text is UTF-8)."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text.encode("utf-8")
