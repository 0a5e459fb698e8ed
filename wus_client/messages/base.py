"""The message protocol and the berichtsoort settings.

A message knows what it is (``flow``), for whom (``identity``), how the file is called and
typed, and how to render and check itself. It does *not* know the Digipoort berichtsoort
string for UWV or CbC flows: those strings are not public, UWV and Logius hand them out on
registration, so the SDK reads them from settings and never invents one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from ..errors import ConfigurationError, MessageValidationError
from ..models import Identity

__all__ = [
    "FILENAME_MAX",
    "MIME_TYPE_MAX",
    "Message",
    "berichtsoort_variable",
    "check_envelope_fields",
    "resolve_berichtsoort",
]

#: Digipoort limits on berichtInhoud (koppelvlak XSD).
FILENAME_MAX = 80
MIME_TYPE_MAX = 255
BERICHTSOORT_MAX = 80

#: Where each flow's berichtsoort is provided, for the error message.
_PROVIDER = {
    "CBC": "the Belastingdienst/Logius provide the CbC berichtsoort when you register for CbC via Digipoort",
}
_UWV_PROVIDER = (
    "UWV provides the berichtsoort strings for its verzuim/WAZO flows when the employer registers "
    "for 'UWV Digitaal melden' with its PKIoverheid certificate"
)


@runtime_checkable
class Message(Protocol):
    """What ``WusClient.submit_message`` needs from a message."""

    @property
    def flow(self) -> str:
        """Settings key, e.g. ``"ZIEKTEAANGIFTE_ZW"`` or ``"CBC"``; ``""`` for a plain Document."""
        ...

    @property
    def identity(self) -> Identity: ...

    @property
    def filename(self) -> str: ...

    @property
    def mime_type(self) -> str: ...

    def berichtsoort_override(self) -> str | None:
        """The berichtsoort set on this message itself, if any."""
        ...

    def validate(self) -> None:
        """Raise MessageValidationError(field, rule) for the first broken rule."""
        ...

    def to_xml(self) -> bytes:
        """The berichtInhoud bytes."""
        ...


def berichtsoort_variable(flow: str) -> str:
    """``"ZIEKTEAANGIFTE_ZW"`` -> ``"WUS_BERICHTSOORT_ZIEKTEAANGIFTE_ZW"``."""
    return "WUS_BERICHTSOORT_" + re.sub(r"[^A-Z0-9]+", "_", flow.upper()).strip("_")


def _lookup(mapping: Mapping[str, str] | None, flow: str) -> str | None:
    if not mapping:
        return None
    for key in (flow, flow.upper(), flow.lower(), flow.lower().replace("_", "-")):
        value = mapping.get(key)
        if value:
            return value
    return None


def resolve_berichtsoort(
    message: Message,
    configured: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: Mapping[str, str] | None = None,
) -> str:
    """The berichtsoort to submit ``message`` under.

    Order: the message's own override, then ``configured`` (the client's
    ``berichtsoorten={flow: value}`` argument), then the ``WUS_BERICHTSOORT_<FLOW>``
    environment variable, then ``config_file`` (the ``[berichtsoorten]`` table of the config
    file, keyed by flow). ``environ`` defaults to ``os.environ``.
    """
    override = message.berichtsoort_override()
    flow = message.flow
    variable = berichtsoort_variable(flow) if flow else ""
    value = override
    if not value and flow:
        env = os.environ if environ is None else environ
        value = _lookup(configured, flow) or env.get(variable) or _lookup(config_file, flow)
    if not value:
        if not flow:
            raise ConfigurationError(
                "this Document has no berichtsoort; pass berichtsoort=... when creating it"
            )
        provider = _PROVIDER.get(flow, _UWV_PROVIDER)
        raise ConfigurationError(
            f"no berichtsoort configured for flow {flow}: pass berichtsoorten={{'{flow}': '...'}} to the "
            f"client, or set the environment variable {variable}, or add '{flow} = \"...\"' under "
            f"[berichtsoorten] in the config file. The value is not public: {provider}. "
            "wus_client never guesses it."
        )
    value = value.strip()
    if not value or len(value) > BERICHTSOORT_MAX:
        raise ConfigurationError(
            f"berichtsoort for flow {flow or 'document'}: must be 1..{BERICHTSOORT_MAX} chars"
        )
    return value


def check_envelope_fields(filename: str, mime_type: str) -> None:
    """The limits Digipoort puts on berichtInhoud's bestandsnaam and mimeType."""
    if not filename or len(filename) > FILENAME_MAX:
        raise MessageValidationError("filename", f"must be 1..{FILENAME_MAX} characters, got {len(filename)}")
    if any(c in filename for c in "/\\\x00") or filename in (".", ".."):
        raise MessageValidationError(
            "filename", f"{filename!r} must be a bare file name without path separators"
        )
    if not mime_type or len(mime_type) > MIME_TYPE_MAX or "/" not in mime_type:
        raise MessageValidationError(
            "mime_type", f"{mime_type!r} is not a mime type of at most {MIME_TYPE_MAX} chars"
        )
