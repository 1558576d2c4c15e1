"""Read the specs that ship inside the installed botocore.

Nothing from botocore's data is copied into statewise: the loader reads
``paginators-1.json`` / ``waiters-2.json`` (with their ``sdk-extras``) of the
installed botocore for a service and API version, exactly as a client does.
botocore's loader is imported on the first look-up, so importing the specs
(as ``statewise.paginate`` does) costs nothing until a spec is needed.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.loaders import Loader

__all__ = ["available_services", "service_document"]


@cache
def _loader() -> Loader:
    from botocore.loaders import create_loader  # noqa: PLC0415 - on the first look-up (see above)

    return create_loader()


@cache
def service_document(service: str, type_name: str, api_version: str | None = None) -> dict[str, Any] | None:
    """The ``type_name`` document (``"paginators-1"``, ``"waiters-2"``) for ``service``, or None."""
    from botocore.exceptions import DataNotFoundError, UnknownServiceError  # noqa: PLC0415 - as the loader

    try:
        document: dict[str, Any] = _loader().load_service_model(service, type_name, api_version)
    except (DataNotFoundError, UnknownServiceError):
        return None
    return document


def available_services(type_name: str) -> list[str]:
    """Names of the services that ship a ``type_name`` document."""
    services: list[str] = _loader().list_available_services(type_name)
    return services
