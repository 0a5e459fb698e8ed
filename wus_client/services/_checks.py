"""Input checks for request bodies, run before anything is built or sent.

Each check raises :class:`~wus_client.errors.MessageValidationError` with the caller's
parameter name as ``field`` (dotted for nested values, e.g. ``identity.nummer`` or
``bijlagen[1].filename``) and the broken rule in words. Limits are those of the
koppelvlak XSD (schemas/digipoort-koppelvlak-1.2.xsd).
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from ..errors import MessageValidationError
from ..models import Attachment, Identity

__all__ = [
    "MAX_CONTENT_BYTES",
    "attachment",
    "content_bytes",
    "identity",
    "moment",
    "period",
    "text",
    "uri",
]

#: Largest decoded berichtInhoud / bijlage the XSD allows: 20 MiB.
MAX_CONTENT_BYTES = 20 * 1024 * 1024

# Lengths from the XSD.
KENMERK = 40
BERICHTSOORT = 80
AANLEVERKENMERK = 40
ROL = 40
IDENTITEIT_NUMMER = 35
IDENTITEIT_TYPE = 20
MIME_TYPE = 255
BESTANDSNAAM = 80
AUTORISATIE_ADRES = 255

_NOT_NORMALIZED = re.compile(r"[\r\n\t]")
# Characters outside the XML 1.0 Char production (TAB, LF and CR are allowed by XML but
# refused above, since every koppelvlak text is an xsd:normalizedString).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")


def text(field: str, value: object, *, max_length: int, required: bool = True) -> str | None:
    """A normalizedString field: str, not blank, no CR/LF/TAB, XML-safe, at most ``max_length``."""
    if value is None:
        if required:
            raise MessageValidationError(field, "is required")
        return None
    if not isinstance(value, str):
        raise MessageValidationError(field, f"must be a str, not {type(value).__name__}")
    if not value.strip():
        raise MessageValidationError(field, "must not be empty or blank")
    if _NOT_NORMALIZED.search(value):
        raise MessageValidationError(field, "must not contain CR, LF or TAB (xsd:normalizedString)")
    bad = _NOT_XML.search(value)
    if bad:
        raise MessageValidationError(
            field, f"contains character U+{ord(bad.group()):04X}, which XML 1.0 cannot carry"
        )
    if len(value) > max_length:
        raise MessageValidationError(field, f"must be at most {max_length} characters, got {len(value)}")
    return value


def identity(field: str, value: object, *, required: bool = True) -> Identity | None:
    """An identiteitType: nummer (max 35) and type (max 20), both required."""
    if value is None:
        if required:
            raise MessageValidationError(field, "is required")
        return None
    if not isinstance(value, Identity):
        raise MessageValidationError(field, f"must be a wus_client.Identity, not {type(value).__name__}")
    text(f"{field}.nummer", value.nummer, max_length=IDENTITEIT_NUMMER)
    text(f"{field}.type", value.type, max_length=IDENTITEIT_TYPE)
    return value


def content_bytes(field: str, value: object) -> bytes:
    """Decoded document bytes: bytes-like, not empty, at most 20 MiB."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise MessageValidationError(field, f"must be bytes, not {type(value).__name__}")
    data = bytes(value)
    if not data:
        raise MessageValidationError(field, "must not be empty")
    if len(data) > MAX_CONTENT_BYTES:
        raise MessageValidationError(
            field, f"must be at most {MAX_CONTENT_BYTES} bytes (20 MiB) before base64, got {len(data)}"
        )
    return data


def attachment(field: str, value: object) -> Attachment:
    """A bijlage: an Attachment whose content, filename and mime type pass their checks."""
    if not isinstance(value, Attachment):
        raise MessageValidationError(field, f"must be a wus_client.Attachment, not {type(value).__name__}")
    content_bytes(f"{field}.content", value.content)
    text(f"{field}.filename", value.filename, max_length=BESTANDSNAAM)
    text(f"{field}.mime_type", value.mime_type, max_length=MIME_TYPE)
    return value


def uri(field: str, value: object) -> str | None:
    """autorisatieAdres: an absolute URI (scheme and host), at most 255 characters; None omits it."""
    if value is None:
        return None
    checked = text(field, value, max_length=AUTORISATIE_ADRES)
    assert checked is not None
    try:
        parts = urlsplit(checked)
    except ValueError as exc:
        raise MessageValidationError(
            field, f"must be an absolute URI with a host, such as http://geenausp.nl ({exc})"
        ) from None
    if not parts.scheme or not parts.netloc or _URI_FORBIDDEN.search(checked):
        raise MessageValidationError(
            field, "must be an absolute URI with a host, such as http://geenausp.nl (xsd:anyURI)"
        )
    return checked


def moment(field: str, value: object) -> datetime | None:
    """tijdstempelVanaf/Tot: a timezone-aware datetime, or None."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise MessageValidationError(field, f"must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise MessageValidationError(field, "must be timezone-aware (a naive datetime is ambiguous)")
    return value


def period(vanaf: object, tot: object) -> tuple[datetime | None, datetime | None]:
    """Both bounds aware, and ``tot`` not before ``vanaf`` when both are given."""
    start = moment("vanaf", vanaf)
    end = moment("tot", tot)
    if start is not None and end is not None and end < start:
        raise MessageValidationError("tot", "must not be before vanaf")
    return start, end
