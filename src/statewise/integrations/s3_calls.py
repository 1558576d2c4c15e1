"""The distributed Map's S3 calls on AWS (or moto, LocalStack): ItemReader and ResultWriter through boto3.

Theory of operation: ``arn:aws:states:::s3:getObject``, ``s3:listObjectsV2`` and
``s3:putObject`` are not Task integrations but the resources a distributed Map
reads its items from and writes its results to. With ``aws=``, :class:`S3Calls`
serves them through the run's :class:`~statewise.integrations.aws_sdk.AwsClients`,
answering as :class:`~statewise.integrations.local_s3.LocalS3` does: ``Body``
as text, and for ``listObjectsV2`` every object under the prefix -- the
listing is paged by statewise's own pagination core with botocore's
``ListObjectsV2`` paginator spec, as Step Functions pages it for the Map.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from statewise.integrations.aws_sdk import AwsClients, SdkCall, shape_response
from statewise.integrations.resolver import TaskRef
from statewise.integrations.resources import Resource, off_loop
from statewise.integrations.targets import is_map_s3

__all__ = ["S3Calls"]


@dataclass(frozen=True, slots=True)
class S3Calls:
    """Serves the Map's ``s3:getObject``/``listObjectsV2``/``putObject`` through ``clients``."""

    clients: AwsClients

    def resolve(self, task: TaskRef) -> Resource | None:
        if not is_map_s3(task.target) or not self.clients.reaches("s3", "s3"):
            return None
        return _S3Call(SdkCall(self.clients, "s3", "s3", task.target.action))


@dataclass(frozen=True, slots=True)
class _S3Call:
    call: SdkCall
    blocking = True  # network calls, made off the loop (off_loop); a fake clock holds still meanwhile

    async def invoke(self, payload: Any, context: Mapping[str, Any]) -> Any:
        return await off_loop(self.listing if self.call.action == "listObjectsV2" else self.call.call, payload)

    def listing(self, payload: Any) -> Any:
        """Every page of ``ListObjectsV2``, its ``Contents`` gathered."""
        from statewise.paging.core import PageCore  # noqa: PLC0415 - botocore's errors load with ItemReaders on AWS
        from statewise.specs.registry import find_paginator  # noqa: PLC0415

        spec = find_paginator("s3", "ListObjectsV2")
        assert spec is not None  # botocore ships it
        core = PageCore(spec, payload if isinstance(payload, dict) else {})
        contents: list[Any] = []
        request: dict[str, Any] | None = core.first_call()
        while request is not None:
            page = self.call.call(dict(request))
            contents += page.get("Contents", [])
            request = core.receive(page)
        return shape_response({"Contents": contents, "KeyCount": len(contents), "IsTruncated": False})
