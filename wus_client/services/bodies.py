"""Request bodies: one builder per operation, returning the ``kv:<x>Request`` element.

Every input is checked first (see ``_checks``), so a bad field raises
:class:`~wus_client.errors.MessageValidationError` before anything is built or sent.
Elements are written in the exact order of the XSD sequences, in the koppelvlak namespace
(as the default namespace). Content is base64-encoded once, without line breaks.

``autorisatieAdres``: every builder sends ``http://geenausp.nl`` ("no authorisation
service provider") unless told otherwise, on all three services alike, because that is
what every known client sends. Pass ``autorisatie_adres=None`` to leave it out, or the
registered address of an authorisation service.

Datetimes must be timezone-aware and are written as UTC ``xsd:dateTime`` with a ``Z``.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import UTC, datetime

from lxml import etree

from ..errors import MessageValidationError
from ..models import Attachment, Identity
from ..xml import KV, DeferredText
from . import _checks as check

__all__ = [
    "GEEN_AUSP",
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
]

#: The autorisatieAdres meaning "no authorisation service provider".
GEEN_AUSP = "http://geenausp.nl"

_NSMAP = {None: KV}


def format_datetime(value: datetime) -> str:
    """An aware datetime as UTC xsd:dateTime: ``2021-03-07T11:37:39Z`` (fraction only when set)."""
    utc = value.astimezone(UTC)
    if utc.microsecond == 0:
        spec = "seconds"
    elif utc.microsecond % 1000 == 0:
        spec = "milliseconds"
    else:
        spec = "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def _root(name: str) -> etree._Element:
    return etree.Element(f"{{{KV}}}{name}", nsmap=_NSMAP)  # type: ignore[arg-type]


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{KV}}}{name}")
    if text is not None:
        child.text = text
    return child


def _add_identity(parent: etree._Element, name: str, identity: Identity) -> None:
    node = _add(parent, name)
    _add(node, "nummer", identity.nummer)
    _add(node, "type", identity.type)


def _add_document(
    parent: etree._Element,
    name: str,
    *,
    content: bytes,
    filename: str,
    mime_type: str,
    deferred: list[DeferredText],
) -> None:
    node = _add(parent, name)
    _add(node, "mimeType", mime_type)
    _add(node, "bestandsnaam", filename)
    # The base64 stays out of the tree: the signer hashes it in place of the placeholder
    # and the transport sends it where the placeholder stood.
    item = DeferredText(base64.b64encode(content))
    deferred.append(item)
    _add(node, "inhoud", item.placeholder)


def _add_period(parent: etree._Element, vanaf: datetime | None, tot: datetime | None) -> None:
    if vanaf is not None:
        _add(parent, "tijdstempelVanaf", format_datetime(vanaf))
    if tot is not None:
        _add(parent, "tijdstempelTot", format_datetime(tot))


# --------------------------------------------------------------------------- aanleveren


def aanleveren_request(
    *,
    berichtsoort: str,
    identity: Identity,
    rol: str,
    content: bytes,
    filename: str,
    mime_type: str,
    aanleverkenmerk: str | None = None,
    eerder_aanleverkenmerk: str | None = None,
    ontvanger: Identity | None = None,
    rol_ontvanger: str | None = None,
    bijlagen: Sequence[Attachment] = (),
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:aanleverRequest`` with its content in the tree. ``kenmerk`` is never sent:
    Digipoort assigns it. (The client sends :func:`aanleveren_request_deferred`'s form.)"""
    element, deferred = aanleveren_request_deferred(
        berichtsoort=berichtsoort,
        identity=identity,
        rol=rol,
        content=content,
        filename=filename,
        mime_type=mime_type,
        aanleverkenmerk=aanleverkenmerk,
        eerder_aanleverkenmerk=eerder_aanleverkenmerk,
        ontvanger=ontvanger,
        rol_ontvanger=rol_ontvanger,
        bijlagen=bijlagen,
        autorisatie_adres=autorisatie_adres,
    )
    texts = {item.placeholder: item.data for item in deferred}
    for node in element.iter(f"{{{KV}}}inhoud"):
        # ASCII bytes go into the tree as they are (lxml's stubs say str, lxml takes bytes).
        node.text = texts[node.text or ""]  # type: ignore[assignment]
    return element


def aanleveren_request_deferred(
    *,
    berichtsoort: str,
    identity: Identity,
    rol: str,
    content: bytes,
    filename: str,
    mime_type: str,
    aanleverkenmerk: str | None = None,
    eerder_aanleverkenmerk: str | None = None,
    ontvanger: Identity | None = None,
    rol_ontvanger: str | None = None,
    bijlagen: Sequence[Attachment] = (),
    autorisatie_adres: str | None = GEEN_AUSP,
) -> tuple[etree._Element, tuple[DeferredText, ...]]:
    """As :func:`aanleveren_request`, with every ``inhoud`` kept out of the tree.

    Each ``inhoud`` holds a placeholder; the returned DeferredTexts carry the base64 for
    ``sign_envelope_parts``, which hashes and splices them (the client's path: the payload
    is never copied into libxml2).
    """
    deferred: list[DeferredText] = []
    check.text("berichtsoort", berichtsoort, max_length=check.BERICHTSOORT)
    check.text("aanleverkenmerk", aanleverkenmerk, max_length=check.AANLEVERKENMERK, required=False)
    check.text(
        "eerder_aanleverkenmerk", eerder_aanleverkenmerk, max_length=check.AANLEVERKENMERK, required=False
    )
    check.identity("identity", identity)
    check.text("rol", rol, max_length=check.ROL)
    check.identity("ontvanger", ontvanger, required=False)
    check.text("rol_ontvanger", rol_ontvanger, max_length=check.ROL, required=False)
    data = check.content_bytes("content", content)
    check.text("filename", filename, max_length=check.BESTANDSNAAM)
    check.text("mime_type", mime_type, max_length=check.MIME_TYPE)
    if isinstance(bijlagen, (str, bytes)) or not isinstance(bijlagen, Sequence):
        raise MessageValidationError("bijlagen", "must be a sequence of wus_client.Attachment")
    attachments = [check.attachment(f"bijlagen[{i}]", item) for i, item in enumerate(bijlagen)]
    check.uri("autorisatie_adres", autorisatie_adres)

    root = _root("aanleverRequest")
    _add(root, "berichtsoort", berichtsoort)
    if aanleverkenmerk is not None:
        _add(root, "aanleverkenmerk", aanleverkenmerk)
    if eerder_aanleverkenmerk is not None:
        _add(root, "eerderAanleverkenmerk", eerder_aanleverkenmerk)
    _add_identity(root, "identiteitBelanghebbende", identity)
    _add(root, "rolBelanghebbende", rol)
    if ontvanger is not None:
        _add_identity(root, "identiteitOntvanger", ontvanger)
    if rol_ontvanger is not None:
        _add(root, "rolOntvanger", rol_ontvanger)
    _add_document(
        root, "berichtInhoud", content=data, filename=filename, mime_type=mime_type, deferred=deferred
    )
    if attachments:
        holder = _add(root, "berichtBijlagen")
        for item in attachments:
            _add_document(
                holder,
                "bijlage",
                content=bytes(item.content),
                filename=item.filename,
                mime_type=item.mime_type,
                deferred=deferred,
            )
    if autorisatie_adres is not None:
        _add(root, "autorisatieAdres", autorisatie_adres)
    return root, tuple(deferred)


# --------------------------------------------------------------------------- statusinformatie


def _kenmerk_request(
    element: str, kenmerk: str, vanaf: datetime | None, tot: datetime | None, autorisatie_adres: str | None
) -> etree._Element:
    # kenmerk, autorisatieAdres?, tijdstempelVanaf?, tijdstempelTot?
    check.text("kenmerk", kenmerk, max_length=check.KENMERK)
    check.uri("autorisatie_adres", autorisatie_adres)
    start, end = check.period(vanaf, tot)
    root = _root(element)
    _add(root, "kenmerk", kenmerk)
    if autorisatie_adres is not None:
        _add(root, "autorisatieAdres", autorisatie_adres)
    _add_period(root, start, end)
    return root


def get_statussen_proces_request(
    *,
    kenmerk: str,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getStatussenProcesRequest``: all statuses of a kenmerk (optionally in a period)."""
    return _kenmerk_request("getStatussenProcesRequest", kenmerk, vanaf, tot, autorisatie_adres)


def get_nieuwe_statussen_proces_request(
    *,
    kenmerk: str,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getNieuweStatussenProcesRequest``: statuses of a kenmerk not fetched before."""
    return _kenmerk_request("getNieuweStatussenProcesRequest", kenmerk, vanaf, tot, autorisatie_adres)


def get_nieuwe_statussen_request(
    *,
    berichtsoort: str,
    identity: Identity,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getNieuweStatussenRequest``: new statuses for a berichtsoort and identity."""
    check.text("berichtsoort", berichtsoort, max_length=check.BERICHTSOORT)
    check.identity("identity", identity)
    check.uri("autorisatie_adres", autorisatie_adres)
    start, end = check.period(vanaf, tot)
    root = _root("getNieuweStatussenRequest")
    _add(root, "berichtsoort", berichtsoort)
    _add_identity(root, "identiteitBelanghebbende", identity)
    if autorisatie_adres is not None:
        _add(root, "autorisatieAdres", autorisatie_adres)
    _add_period(root, start, end)
    return root


def get_processen_request(
    *, berichtsoort: str, identity: Identity, autorisatie_adres: str | None = GEEN_AUSP
) -> etree._Element:
    """``kv:getProcessenRequest``: the processes (kenmerken) of a berichtsoort and identity."""
    check.text("berichtsoort", berichtsoort, max_length=check.BERICHTSOORT)
    check.identity("identity", identity)
    check.uri("autorisatie_adres", autorisatie_adres)
    root = _root("getProcessenRequest")
    _add(root, "berichtsoort", berichtsoort)
    _add_identity(root, "identiteitBelanghebbende", identity)
    if autorisatie_adres is not None:
        _add(root, "autorisatieAdres", autorisatie_adres)
    return root


def get_berichtsoorten_request(
    *, identity: Identity, autorisatie_adres: str | None = GEEN_AUSP
) -> etree._Element:
    """``kv:getBerichtsoortenRequest``: berichtsoorten already used for an identity."""
    check.identity("identity", identity)
    check.uri("autorisatie_adres", autorisatie_adres)
    root = _root("getBerichtsoortenRequest")
    _add_identity(root, "identiteitBelanghebbende", identity)
    if autorisatie_adres is not None:
        _add(root, "autorisatieAdres", autorisatie_adres)
    return root


# --------------------------------------------------------------------------- ophaal


def _lijst_request(
    element: str,
    berichtsoort: str | None,
    vanaf: datetime | None,
    tot: datetime | None,
    autorisatie_adres: str | None,
) -> etree._Element:
    # berichtsoort?, autorisatieAdres?, tijdstempelVanaf?, tijdstempelTot?
    check.text("berichtsoort", berichtsoort, max_length=check.BERICHTSOORT, required=False)
    check.uri("autorisatie_adres", autorisatie_adres)
    start, end = check.period(vanaf, tot)
    root = _root(element)
    if berichtsoort is not None:
        _add(root, "berichtsoort", berichtsoort)
    if autorisatie_adres is not None:
        _add(root, "autorisatieAdres", autorisatie_adres)
    _add_period(root, start, end)
    return root


def get_berichten_lijst_request(
    *,
    berichtsoort: str | None = None,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getBerichtenLijstRequest``: list the messages waiting to be fetched."""
    return _lijst_request("getBerichtenLijstRequest", berichtsoort, vanaf, tot, autorisatie_adres)


def get_nieuwe_berichten_lijst_request(
    *,
    berichtsoort: str | None = None,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getNieuweBerichtenLijstRequest``: list messages not listed before."""
    return _lijst_request("getNieuweBerichtenLijstRequest", berichtsoort, vanaf, tot, autorisatie_adres)


def get_berichten_kenmerk_request(
    *,
    kenmerk: str,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getBerichtenKenmerkRequest``: the messages of one kenmerk."""
    return _kenmerk_request("getBerichtenKenmerkRequest", kenmerk, vanaf, tot, autorisatie_adres)


def get_nieuwe_berichten_kenmerk_request(
    *,
    kenmerk: str,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getNieuweBerichtenKenmerkRequest``: messages of one kenmerk not fetched before."""
    return _kenmerk_request("getNieuweBerichtenKenmerkRequest", kenmerk, vanaf, tot, autorisatie_adres)


def _identity_request(
    element: str,
    identity: Identity,
    berichtsoort: str | None,
    vanaf: datetime | None,
    tot: datetime | None,
    autorisatie_adres: str | None,
) -> etree._Element:
    # berichtsoort?, identiteitBelanghebbende, autorisatieAdres?, tijdstempelVanaf?, tijdstempelTot?
    check.text("berichtsoort", berichtsoort, max_length=check.BERICHTSOORT, required=False)
    check.identity("identity", identity)
    check.uri("autorisatie_adres", autorisatie_adres)
    start, end = check.period(vanaf, tot)
    root = _root(element)
    if berichtsoort is not None:
        _add(root, "berichtsoort", berichtsoort)
    _add_identity(root, "identiteitBelanghebbende", identity)
    if autorisatie_adres is not None:
        _add(root, "autorisatieAdres", autorisatie_adres)
    _add_period(root, start, end)
    return root


def get_berichten_request(
    *,
    identity: Identity,
    berichtsoort: str | None = None,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getBerichtenRequest``: the messages for an identity (optionally one berichtsoort)."""
    return _identity_request("getBerichtenRequest", identity, berichtsoort, vanaf, tot, autorisatie_adres)


def get_nieuwe_berichten_request(
    *,
    identity: Identity,
    berichtsoort: str | None = None,
    vanaf: datetime | None = None,
    tot: datetime | None = None,
    autorisatie_adres: str | None = GEEN_AUSP,
) -> etree._Element:
    """``kv:getNieuweBerichtenRequest``: messages for an identity not fetched before."""
    return _identity_request(
        "getNieuweBerichtenRequest", identity, berichtsoort, vanaf, tot, autorisatie_adres
    )
