"""The exception tree of wus_client.

Every error the SDK raises derives from :class:`WusError`::

    WusError
    ├── ConfigurationError      bad or missing settings, unreadable certificate or key,
    │                           an lxml/xmlsec pairing that cannot work
    ├── MessageValidationError  a message or a field is invalid; raised before any I/O
    ├── TransportError          connection, TLS handshake, timeout, HTTP error without SOAP body
    │   └── UncertainDeliveryError  the request may have reached Digipoort, no verified answer
    ├── FaultError              Digipoort answered with a SOAP fault (foutcode, foutbeschrijving)
    ├── SecurityError           a response failed verification
    ├── ProtocolError           a verified response does not match the interface
    └── WaitTimeoutError        wait() gave up before a final status; carries the last status

Third-party exceptions (requests, urllib3, ssl, lxml, xmlsec, zeep) are translated
once, at the edge of the module that calls the library, with ``raise ... from exc``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Status

__all__ = [
    "ConfigurationError",
    "FaultError",
    "MessageValidationError",
    "ProtocolError",
    "SecurityError",
    "TransportError",
    "UncertainDeliveryError",
    "WaitTimeoutError",
    "WusError",
]


class WusError(Exception):
    """Base class of every error raised by wus_client."""


class ConfigurationError(WusError):
    """Settings are missing or wrong, or a certificate/key cannot be read."""


class MessageValidationError(WusError, ValueError):
    """A message or one of its fields breaks a rule; nothing was sent.

    ``field`` names the offending field (a dotted path where useful) and ``rule``
    the rule it broke.
    """

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class TransportError(WusError):
    """The HTTP exchange failed: connection, TLS, timeout, or HTTP error without SOAP body."""

    def __init__(
        self,
        message: str,
        *,
        endpoint: str | None = None,
        operation: str | None = None,
        status_code: int | None = None,
        request_sent: bool | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.operation = operation
        self.status_code = status_code
        #: True when the request bytes may have left this machine, False when provably
        #: not (connection refused, TLS handshake failed), None when unknown.
        self.request_sent = request_sent
        parts = [message]
        if operation:
            parts.append(f"operation={operation}")
        if endpoint:
            parts.append(f"endpoint={endpoint}")
        if status_code is not None:
            parts.append(f"http_status={status_code}")
        super().__init__(" ".join(parts) if len(parts) == 1 else f"{parts[0]} ({', '.join(parts[1:])})")


class UncertainDeliveryError(TransportError):
    """An aanleveren request may have reached Digipoort, but no verified answer came back.

    The SDK never resends such a submission by itself; see ``WusClient.reconcile``.
    """

    def __init__(self, message: str, *, aanleverkenmerk: str, **kwargs: object) -> None:
        self.aanleverkenmerk = aanleverkenmerk
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


class FaultError(WusError):
    """Digipoort answered with a SOAP fault. Faults are unsigned: treat the text as untrusted."""

    def __init__(
        self,
        *,
        foutcode: str | None,
        foutbeschrijving: str | None,
        faultstring: str | None,
        faultcode: str | None = None,
        operation: str | None = None,
        http_status: int | None = None,
    ) -> None:
        self.foutcode = foutcode
        self.foutbeschrijving = foutbeschrijving
        self.faultstring = faultstring
        self.faultcode = faultcode
        self.operation = operation
        self.http_status = http_status
        text = (foutbeschrijving or "").strip()
        super().__init__(f"{foutcode or 'fault'}: {faultstring or ''}{' - ' + text if text else ''}")


class SecurityError(WusError):
    """A response failed verification (signature, signer, coverage, timestamp, RelatesTo, policy)."""


class WaitTimeoutError(WusError, TimeoutError):
    """``wait()`` reached its timeout before a final status. ``last_status`` may be None."""

    def __init__(self, kenmerk: str, timeout: float, last_status: Status | None) -> None:
        self.kenmerk = kenmerk
        self.timeout = timeout
        self.last_status = last_status
        seen = f"last status {last_status.statuscode}" if last_status else "no status seen"
        super().__init__(f"kenmerk {kenmerk}: no final status within {timeout:g} s ({seen})")


class ProtocolError(WusError):
    """A verified response does not have the shape the interface prescribes."""
