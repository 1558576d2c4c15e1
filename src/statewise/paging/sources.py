"""What can be paginated: clients, resource actions, and plain callables.

:func:`resolve` turns the ``source``/``operation``/``spec`` arguments of
``paginate`` into a :class:`Target`: the function to call with keyword
arguments, the compiled spec, and how to coerce ``page_size``.

* a botocore/boto3 (or aiobotocore) client plus an operation name, snake_case
  or API name: the spec comes from the registry (user specs, then the
  installed botocore data for the client's service and API version);
* a boto3 resource action such as ``table.query``: the operation is read from
  the resource model, and the action itself is called, so boto3 still fills
  in the resource's identifiers (``TableName``) and DynamoDB's type
  conversions;
* a service stand-in that knows how its list operations page (its class has
  ``paginator_spec(operation)``, and optionally ``page_size_type(operation)``,
  as :class:`statewise.testing.SimulatedService` does) plus an operation
  name: its snake_case method is called, paged by the spec it gives;
* any other callable, with an explicit ``spec`` -- a ``unittest.mock.Mock``
  included: only an object whose ``meta.service_model`` is a real botocore
  ``ServiceModel`` counts as a client (:func:`statewise.clients.is_client`).

``Target.is_async`` is true for aiobotocore clients and their methods as well
as for coroutine functions; the sync ``paginate`` refuses those up front.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from statewise.clients import api_name, callable_name, client_method, close_matches, is_async_callable, is_client
from statewise.errors import OperationNotPageableError, SpecError, UnknownOperationError
from statewise.specs.paginator import PaginatorSpec
from statewise.specs.registry import find_paginator, paginator_names

__all__ = ["SpecLike", "Target", "resolve"]

SpecLike = PaginatorSpec | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved pagination target."""

    method: Callable[..., Any]
    spec: PaginatorSpec
    page_size_type: type | None = None  # str or int when the service model says so

    @property
    def is_async(self) -> bool:
        return is_async_callable(self.method)


def resolve(source: Any, operation: str | None, spec: SpecLike | None) -> Target:
    """Resolve ``paginate``'s first arguments; raises typed errors for bad ones."""
    if is_client(source):
        if operation is None:
            raise UnknownOperationError(
                "paginate(client, operation): name the operation to paginate, e.g. 'describe_snapshots'",
                name="",
            )
        return _client_target(source, operation, spec)
    if operation is not None and callable(getattr(type(source), "paginator_spec", None)):
        return _service_target(source, operation, spec)
    resource = _resource_action(source)
    if resource is not None:
        if operation is not None:
            raise SpecError(f"{operation!r}: a resource action names its own operation; pass no operation name")
        client, operation_name = resource
        target = _client_target(client, operation_name, spec)
        return Target(source, target.spec, target.page_size_type)
    if not callable(source):
        raise SpecError(
            f"cannot paginate a {type(source).__name__}: pass a boto3 client and an operation name, "
            "a resource action such as table.query, or a callable with spec="
        )
    if spec is None:
        name = callable_name(source, repr(source))
        raise SpecError(f"{name} is a plain callable: pass spec= (a paginators-1.json entry) to paginate it")
    if operation is not None:
        raise SpecError(f"{operation!r}: an operation name goes with a client; a callable is the operation")
    return Target(source, _as_spec(spec, callable_name(source, "<callable>")))


def _as_spec(spec: SpecLike, name: str) -> PaginatorSpec:
    if isinstance(spec, PaginatorSpec):
        return spec
    return PaginatorSpec.from_dict(spec, name=name)


def _resource_action(source: Any) -> tuple[Any, str] | None:
    meta: Any = getattr(getattr(source, "__self__", None), "meta", None)
    model = getattr(meta, "resource_model", None)
    if model is None:
        return None
    name = getattr(source, "__name__", None)
    for action in model.actions:
        if action.name == name:
            return meta.client, action.request.operation
    return None


def _service_target(service: Any, operation: str, spec: SpecLike | None) -> Target:
    """A stand-in's list operation, paged by the spec it gives (or ``spec``); asked by class, so a Mock is none."""
    from botocore import xform_name  # noqa: PLC0415 - stand-ins load botocore already

    try:
        found = service.paginator_spec(operation)
    except ValueError as exc:
        raise UnknownOperationError(str(exc), name=operation) from None
    sizes = getattr(type(service), "page_size_type", None)
    page_size_type = None if sizes is None else sizes(service, operation)
    compiled = found if spec is None else _as_spec(spec, found.name)
    return Target(getattr(service, xform_name(operation)), compiled, page_size_type)


def _client_target(client: Any, operation: str, spec: SpecLike | None) -> Target:
    service_model = client.meta.service_model
    service = service_model.service_name
    api = api_name(client, operation)
    method = None if api is None else client_method(client, api)
    if api is None or method is None:
        known = client.meta.method_to_api_mapping
        raise UnknownOperationError(
            f"{service} has no operation {operation!r}",
            name=operation,
            suggestions=close_matches(operation, [*known, *known.values()]),
        )
    label = f"{service}.{api}"
    if spec is not None:
        compiled = _as_spec(spec, label)
    else:
        found = find_paginator(service, api, service_model.api_version)
        if found is None:
            pageable = paginator_names(service, service_model.api_version)
            hint = close_matches(api, pageable)
            raise OperationNotPageableError(
                f"{label} cannot be paginated: it has no paginator spec"
                + (f" (pageable operations like it: {', '.join(hint)})" if hint else "")
                + "; pass spec= or register one with statewise.register_paginators()"
            )
        compiled = found
    page_size_type: type | None = None
    if compiled.limit_key is not None:
        member = service_model.operation_model(api).input_shape.members.get(compiled.limit_key)
        if member is not None:
            page_size_type = str if member.type_name == "string" else int
    return Target(method, compiled, page_size_type)
