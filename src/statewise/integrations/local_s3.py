"""A folder standing in for Amazon S3, for the Distributed Map's ItemReader and ResultWriter.

Theory of operation: a distributed Map reads its items through
``arn:aws:states:::s3:getObject`` / ``s3:listObjectsV2`` and writes its
results through ``s3:putObject``, the same resources AWS names.
:class:`LocalS3` is a :class:`~statewise.integrations.resolver.Resolver` link
that serves those three actions from a folder (``run(..., data_dir=...)``):
object ``s3://Bucket/Key`` is the file ``<folder>/Bucket/Key``. Each action is
a :class:`~statewise.integrations.resources.Resource` answering with the
fields of the S3 API's response that a Map reads (``Body``, text or base64
text as :mod:`~statewise.integrations.bodies` says; ``Contents`` with ``Key``
and ``Size``; ``ETag``). Anything else bound in the chain before it
(``resources={"arn:aws:states:::s3:getObject": fn}``) serves instead. A
missing object raises ``S3.NoSuchKeyException``, as Step Functions names
S3's error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statewise.base_errors import StatesError
from statewise.integrations.bodies import body_text
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource
from statewise.integrations.targets import is_map_s3

__all__ = ["LocalS3"]


@dataclass(frozen=True, slots=True)
class LocalS3:
    """Serves ``s3:getObject``, ``s3:listObjectsV2`` and ``s3:putObject`` from ``root``."""

    root: Path

    def resolve(self, task: TaskRef) -> Resource | None:
        return _Action(self.root, task.target.action) if is_map_s3(task.target) else None


@dataclass(frozen=True, slots=True)
class _Action:
    root: Path
    action: str
    blocking = False  # small local files, read on the loop

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        bucket = self.inside(self.root / str(payload.get("Bucket", "")))
        if self.action == "listObjectsV2":
            prefix = str(payload.get("Prefix", ""))
            files = sorted(path for path in bucket.rglob("*") if path.is_file())
            contents = [
                {"Key": key, "Size": path.stat().st_size}
                for path in files
                if (key := path.relative_to(bucket).as_posix()).startswith(prefix)
            ]
            return {"Contents": contents, "KeyCount": len(contents), "IsTruncated": False}
        path = self.inside(bucket / str(payload.get("Key", "")))
        if self.action == "putObject":
            body = str(payload.get("Body", ""))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            return {"ETag": f'"{hashlib.md5(body.encode(), usedforsecurity=False).hexdigest()}"'}
        try:
            return {"Body": body_text(path.read_bytes())}
        except FileNotFoundError:
            raise StatesError("S3.NoSuchKeyException", f"The specified key does not exist: {path}") from None

    def inside(self, path: Path) -> Path:
        """``path``, refused when a bucket or key with ``..`` would leave the folder."""
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise StatesError("S3.InvalidRequest", f"{path} is outside the folder standing in for S3 ({self.root})")
        return path
