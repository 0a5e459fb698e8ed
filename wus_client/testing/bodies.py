"""Reading request bodies and building response bodies for the mock, in the koppelvlak shape.

Readers run only on bodies that already passed signature and XSD checks; builders follow
the XSD sequences (element order matters) so every answer validates against the schema.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from lxml import etree

from ..models import Attachment, Identity
from ..xml import KV
from .state import QueuedBericht, Submission, VisibleStatus

__all__ = [
    "aanlever_response",
    "bericht_lijst_response",
    "berichten_response",
    "berichtsoorten_response",
    "opt_datetime",
    "opt_text",
    "processen_response",
    "read_attachment",
    "read_identity",
    "statussen_response",
    "text",
    "xsd_datetime",
]

_NSMAP = {None: KV}


def _q(name: str) -> str:
    return f"{{{KV}}}{name}"


# -- reading -----------------------------------------------------------------------


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    return parent.find(_q(name))


def opt_text(parent: etree._Element, name: str) -> str | None:
    el = _child(parent, name)
    if el is None:
        return None
    return " ".join((el.text or "").split())  # normalizedString with whiteSpace=collapse


def text(parent: etree._Element, name: str) -> str:
    value = opt_text(parent, name)
    if value is None:
        raise ValueError(f"{name} is missing")
    return value


def read_identity(parent: etree._Element, name: str) -> Identity | None:
    el = _child(parent, name)
    if el is None:
        return None
    return Identity(nummer=text(el, "nummer"), type=text(el, "type"))


def read_attachment(el: etree._Element) -> Attachment:
    inhoud = _child(el, "inhoud")
    if inhoud is None:
        raise ValueError("inhoud is missing")
    return Attachment(
        # the XSD already checked the lexical form; b64decode skips any whitespace by itself
        content=base64.b64decode(inhoud.text or ""),
        filename=text(el, "bestandsnaam"),
        mime_type=text(el, "mimeType"),
    )


def opt_datetime(parent: etree._Element, name: str) -> datetime | None:
    value = opt_text(parent, name)
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# -- building ----------------------------------------------------------------------


def xsd_datetime(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def _add(parent: etree._Element, name: str, value: str | None) -> None:
    if value is not None:
        etree.SubElement(parent, _q(name)).text = value


def _add_identity(parent: etree._Element, name: str, identity: Identity | None) -> None:
    if identity is not None:
        el = etree.SubElement(parent, _q(name))
        _add(el, "nummer", identity.nummer)
        _add(el, "type", identity.type)


def _add_attachment(parent: etree._Element, name: str, attachment: Attachment) -> None:
    el = etree.SubElement(parent, _q(name))
    _add(el, "mimeType", attachment.mime_type)
    _add(el, "bestandsnaam", attachment.filename)
    _add(el, "inhoud", base64.b64encode(attachment.content).decode("ascii"))


def _root(name: str) -> etree._Element:
    return etree.Element(_q(name), nsmap=_NSMAP)  # type: ignore[arg-type]


def aanlever_response(sub: Submission) -> etree._Element:
    root = _root("aanleverResponse")
    _add(root, "kenmerk", sub.kenmerk)
    _add(root, "berichtsoort", sub.berichtsoort)
    _add(root, "aanleverkenmerk", sub.aanleverkenmerk)
    _add(root, "eerderAanleverkenmerk", sub.eerder_aanleverkenmerk)
    _add(root, "tijdstempelAangeleverd", xsd_datetime(sub.received))
    _add_identity(root, "identiteitBelanghebbende", sub.identity)
    _add(root, "rolBelanghebbende", sub.rol)
    _add_identity(root, "identiteitOntvanger", sub.ontvanger)
    _add(root, "rolOntvanger", sub.rol_ontvanger)
    _add(root, "autorisatieAdres", sub.autorisatie_adres)
    return root


def statussen_response(operation: str, statuses: Iterable[VisibleStatus]) -> etree._Element:
    """``<operation>Response/<operation>Return/StatusResultaat*``."""
    root = _root(f"{operation}Response")
    ret = etree.SubElement(root, _q(f"{operation}Return"))
    for s in statuses:
        el = etree.SubElement(ret, _q("StatusResultaat"))
        _add(el, "kenmerk", s.kenmerk)
        _add_identity(el, "identiteitBelanghebbende", s.identity)
        _add(el, "statuscode", s.step.statuscode)
        _add(el, "tijdstempelStatus", xsd_datetime(s.tijdstempel))
        _add(el, "statusomschrijving", s.step.omschrijving)
        if s.step.foutcode is not None:
            fout = etree.SubElement(el, _q("statusFoutcode"))
            _add(fout, "foutcode", s.step.foutcode)
            _add(fout, "foutbeschrijving", s.step.foutbeschrijving or "")
        _add(el, "statusdetails", s.step.details)
    return root


def processen_response(processen: Iterable[Submission]) -> etree._Element:
    root = _root("getProcessenResponse")
    ret = etree.SubElement(root, _q("getProcessenReturn"))
    for sub in processen:
        el = etree.SubElement(ret, _q("ProcesResultaat"))
        _add(el, "kenmerk", sub.kenmerk)
        _add(el, "berichtsoort", sub.berichtsoort)
        _add_identity(el, "identiteitBelanghebbende", sub.identity)
        _add_identity(el, "identiteitOntvanger", sub.ontvanger)
    return root


def berichtsoorten_response(berichtsoorten: Iterable[str]) -> etree._Element:
    root = _root("getBerichtsoortenResponse")
    ret = etree.SubElement(root, _q("getBerichtsoortenReturn"))
    for soort in berichtsoorten:
        _add(ret, "berichtsoort", soort)
    return root


def bericht_lijst_response(operation: str, berichten: Sequence[QueuedBericht]) -> etree._Element:
    root = _root(f"{operation}Response")
    ret = etree.SubElement(root, _q(f"{operation}Return"))
    for b in berichten:
        el = etree.SubElement(ret, _q("BerichtLijstResultaat"))
        _add(el, "berichtsoort", b.berichtsoort)
        _add_identity(el, "identiteitBelanghebbende", b.identity)
        _add(el, "kenmerk", b.kenmerk)
    return root


def berichten_response(operation: str, berichten: Sequence[QueuedBericht]) -> etree._Element:
    root = _root(f"{operation}Response")
    ret = etree.SubElement(root, _q(f"{operation}Return"))
    for b in berichten:
        el = etree.SubElement(ret, _q("BerichtResultaat"))
        _add(el, "kenmerk", b.kenmerk)
        _add(el, "berichtsoort", b.berichtsoort)
        _add(el, "berichtkenmerk", b.berichtkenmerk)
        _add(el, "aanleverkenmerk", b.aanleverkenmerk)
        _add(el, "tijdstempelAangeleverd", xsd_datetime(b.tijdstempel))
        _add_identity(el, "identiteitBelanghebbende", b.identity)
        _add(el, "rolBelanghebbende", b.rol)
        _add_attachment(el, "berichtInhoud", b.inhoud)
        if b.bijlagen:
            bijlagen = etree.SubElement(el, _q("berichtBijlagen"))
            for bijlage in b.bijlagen:
                _add_attachment(bijlagen, "bijlage", bijlage)
    return root
