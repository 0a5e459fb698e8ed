"""The typed service layer: the operation table, request bodies and response parsers.

* :func:`operation` / :func:`operations` give the 12 WUS operations as frozen
  :class:`Operation` values, derived once (lazily, thread-safe) from our bundled WSDLs,
  which zeep loads offline with hardened settings.
* ``*_request`` builders return the ``kv:<x>Request`` element for the SOAP Body, after
  checking every input (:class:`~wus_client.errors.MessageValidationError`).
* ``parse_*`` turn a *verified* response element into :mod:`wus_client.models` values
  (:class:`~wus_client.errors.ProtocolError` when it does not match the interface).

lxml elements are the hand-over to the envelope/security layer inside the SDK; the public
client API exposes only the dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import ConfigurationError
from ._operations import Operation, cached_operations
from .bodies import (
    GEEN_AUSP,
    aanleveren_request,
    aanleveren_request_deferred,
    format_datetime,
    get_berichten_kenmerk_request,
    get_berichten_lijst_request,
    get_berichten_request,
    get_berichtsoorten_request,
    get_nieuwe_berichten_kenmerk_request,
    get_nieuwe_berichten_lijst_request,
    get_nieuwe_berichten_request,
    get_nieuwe_statussen_proces_request,
    get_nieuwe_statussen_request,
    get_processen_request,
    get_statussen_proces_request,
)
from .parsing import (
    parse_aanlever_response,
    parse_bericht_lijst,
    parse_berichten,
    parse_berichtsoorten,
    parse_processen,
    parse_response,
    parse_statussen,
)

__all__ = [
    "GEEN_AUSP",
    "Operation",
    "aanleveren_request",
    "aanleveren_request_deferred",
    "format_datetime",
    "get_berichten_kenmerk_request",
    "get_berichten_lijst_request",
    "get_berichten_request",
    "get_berichtsoorten_request",
    "get_nieuwe_berichten_kenmerk_request",
    "get_nieuwe_berichten_lijst_request",
    "get_nieuwe_berichten_request",
    "get_nieuwe_statussen_proces_request",
    "get_nieuwe_statussen_request",
    "get_processen_request",
    "get_statussen_proces_request",
    "operation",
    "operation_for_action",
    "operation_for_element",
    "operations",
    "parse_aanlever_response",
    "parse_bericht_lijst",
    "parse_berichten",
    "parse_berichtsoorten",
    "parse_processen",
    "parse_response",
    "parse_statussen",
]


def operations() -> Mapping[str, Operation]:
    """All 12 operations by name (read-only; loaded from the WSDLs on first use)."""
    return cached_operations()


def operation(name: str) -> Operation:
    """The operation called ``name`` (e.g. ``"aanleveren"``); unknown -> ConfigurationError."""
    table = cached_operations()
    found = table.get(name)
    if found is None:
        raise ConfigurationError(
            f"operation: {name!r} is not a WUS operation; known: {', '.join(sorted(table))}"
        )
    return found


def operation_for_action(action: str) -> Operation | None:
    """The operation whose request ``wsa:Action``/soapAction is ``action``, or None."""
    for op in cached_operations().values():
        if op.action == action:
            return op
    return None


def operation_for_element(request_element: str) -> Operation | None:
    """The operation whose request element has local name ``request_element``, or None."""
    for op in cached_operations().values():
        if op.request_element == request_element:
            return op
    return None
