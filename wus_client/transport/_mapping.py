"""How a failed exchange is described, and whether the request may have been sent."""

from __future__ import annotations

import ssl

import requests
import urllib3.exceptions

from ._tls import Phase

#: OpenSSL reasons meaning the TLS session itself was refused (by us or by the server):
#: even when they surface after the request was written (TLS 1.3 reports a rejected
#: client certificate only on the first read), the server cannot have processed it.
_TLS_REFUSAL_REASONS = frozenset(
    {
        "CERTIFICATE_VERIFY_FAILED",
        "SSLV3_ALERT_BAD_CERTIFICATE",
        "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
        "SSLV3_ALERT_CERTIFICATE_EXPIRED",
        "SSLV3_ALERT_CERTIFICATE_REVOKED",
        "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
        "SSLV3_ALERT_HANDSHAKE_FAILURE",
        "TLSV1_ALERT_UNKNOWN_CA",
        "TLSV1_ALERT_ACCESS_DENIED",
        "TLSV1_ALERT_PROTOCOL_VERSION",
        "TLSV1_ALERT_INSUFFICIENT_SECURITY",
        "TLSV13_ALERT_CERTIFICATE_REQUIRED",
        "UNSUPPORTED_PROTOCOL",
        "NO_PROTOCOLS_AVAILABLE",
        "WRONG_VERSION_NUMBER",
    }
)

_NOT_CONNECTED = frozenset(
    {
        "invalid endpoint URL",
        "timed out connecting",
        "cannot resolve the host name",
        "connection refused",
        "cannot connect",
    }
)
_XML_MEDIA_TYPES = frozenset({"text/xml", "application/xml", "application/soap+xml"})


def is_xml(content_type: str, body: bytes) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in _XML_MEDIA_TYPES or media.endswith("+xml"):
        return True
    if "html" in media:
        return False
    head = body[:1024].lstrip()
    return head.startswith(b"<?xml") or (head.startswith(b"<") and b"Envelope" in head)


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (args, .reason, __cause__, __context__)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if any(current is s for s in seen) or len(seen) > 32:
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        todo.extend(x for x in linked if isinstance(x, BaseException))
    return seen


def _tls_reason(chain: list[BaseException]) -> str | None:
    for exc in chain:
        if isinstance(exc, ssl.SSLError):
            return str(exc.reason or exc.__class__.__name__)
    return None


def classify(exc: BaseException, phase: Phase | None) -> tuple[str, bool | None]:
    """A short description and whether the request may have been sent."""
    chain = _causes(exc)
    reason = _tls_reason(chain)
    tls_failed = reason is not None or isinstance(exc, requests.exceptions.SSLError)
    refused_tls = reason in _TLS_REFUSAL_REASONS
    if isinstance(exc, requests.exceptions.InvalidURL) or any(
        isinstance(c, urllib3.exceptions.LocationValueError) for c in chain
    ):
        what = "invalid endpoint URL"
    elif any(isinstance(c, urllib3.exceptions.NameResolutionError) for c in chain):
        what = "cannot resolve the host name"
    elif any(isinstance(c, ConnectionRefusedError) for c in chain):
        what = "connection refused"
    elif isinstance(exc, requests.exceptions.ConnectTimeout) or any(
        # urllib3 derives NewConnectionError from ConnectTimeoutError; only a real timeout counts
        isinstance(c, urllib3.exceptions.ConnectTimeoutError)
        and not isinstance(c, urllib3.exceptions.NewConnectionError)
        for c in chain
    ):
        what = "timed out connecting"
    elif any(isinstance(c, urllib3.exceptions.NewConnectionError) for c in chain):
        what = "cannot connect"
    elif tls_failed:
        what = f"TLS handshake failed ({reason})" if reason else "TLS handshake failed"
        if phase == "sending" and not refused_tls:
            what = f"TLS error after the request was sent ({reason})"
    elif isinstance(exc, requests.exceptions.ReadTimeout) or any(
        isinstance(c, urllib3.exceptions.ReadTimeoutError) for c in chain
    ):
        what = "timed out waiting for the response"
    else:
        what = "connection lost"
    if phase == "connecting":
        return what, False
    if phase == "sending":
        return what, not (tls_failed and refused_tls)
    # No phase recorded: the connection layer was bypassed (e.g. a test double); judge by type.
    if what in _NOT_CONNECTED:
        return what, False
    if tls_failed:
        return what, False
    return what, None
