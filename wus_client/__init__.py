"""wus_client: a Python SDK for Digipoort's WUS interface.

Sign, send and verify every call to Digipoort's AanleverService, StatusinformatieService
and OphaalService over mutual TLS. See the README for a quickstart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._compat import check_libxml_pairing

check_libxml_pairing()

from .config import Environment, SecurityProfile, Service  # noqa: E402
from .credentials import Credentials  # noqa: E402
from .errors import (  # noqa: E402
    ConfigurationError,
    FaultError,
    MessageValidationError,
    ProtocolError,
    SecurityError,
    TransportError,
    UncertainDeliveryError,
    WaitTimeoutError,
    WusError,
)
from .models import Attachment, Bericht, BerichtLijstItem, Identity, Proces, Receipt, Status  # noqa: E402

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .client import WusClient, new_aanleverkenmerk


def __getattr__(name: str) -> Any:
    # The client pulls in zeep, requests and the signer; load it on first use so that
    # `import wus_client.errors` (and the CLI's --help) stay light.
    if name in ("WusClient", "new_aanleverkenmerk"):
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module 'wus_client' has no attribute {name!r}")


__all__ = [
    "Attachment",
    "Bericht",
    "BerichtLijstItem",
    "ConfigurationError",
    "Credentials",
    "Environment",
    "FaultError",
    "Identity",
    "MessageValidationError",
    "Proces",
    "ProtocolError",
    "Receipt",
    "SecurityError",
    "SecurityProfile",
    "Service",
    "Status",
    "TransportError",
    "UncertainDeliveryError",
    "WaitTimeoutError",
    "WusClient",
    "WusError",
    "__version__",
    "new_aanleverkenmerk",
]
