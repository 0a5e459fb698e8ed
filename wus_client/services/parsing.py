"""Response parsers: a verified ``kv:<x>Response`` element in, frozen dataclasses out.

Give these functions only what the signature check returned (the verified Body's child;
the Body element itself is accepted too). They check the root element and every element
the XSD requires; anything missing or malformed raises
:class:`~wus_client.errors.ProtocolError` naming the element by its path. No lxml object
is returned, and no ``AttributeError``/``KeyError``/``ValueError`` escapes.

Values: text fields are whitespace-collapsed as their xsd:normalizedString/collapse types
prescribe, except ``statusdetails`` and ``foutbeschrijving``, which are kept as sent (they
may hold escaped XML or a report). Datetimes are timezone-aware; a value without an offset
is read as UTC. base64 content is decoded (line breaks tolerated, other junk refused).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from lxml import etree

from ..errors import ProtocolError
from ..models import Attachment, Bericht, BerichtLijstItem, Identity, Proces, Receipt, Status
from ..xml import KV, SOAP_ENV

__all__ = [
    "parse_aanlever_response",
    "parse_bericht_lijst",
    "parse_berichten",
    "parse_berichtsoorten",
    "parse_processen",
    "parse_response",
    "parse_statussen",
]

STATUS_RESPONSES = (
    "getStatussenProcesResponse",
    "getNieuweStatussenProcesResponse",
    "getNieuweStatussenResponse",
)
PROCES_RESPONSES = ("getProcessenResponse",)
BERICHTSOORT_RESPONSES = ("getBerichtsoortenResponse",)
LIJST_RESPONSES = ("getBerichtenLijstResponse", "getNieuweBerichtenLijstResponse")
BERICHT_RESPONSES = (
    "getBerichtenKenmerkResponse",
    "getNieuweBerichtenKenmerkResponse",
    "getBerichtenResponse",
    "getNieuweBerichtenResponse",
)

_WHITESPACE = b" \t\r\n"


# --------------------------------------------------------------------------- element access


class _Node:
    """An element with its path (for error messages) and typed, checked accessors."""

    __slots__ = ("el", "path")

    def __init__(self, el: etree._Element, path: str) -> None:
        self.el = el
        self.path = path

    def _find(self, name: str) -> etree._Element | None:
        return self.el.find(f"{{{KV}}}{name}")

    def child(self, name: str) -> _Node:
        found = self._find(name)
        if found is None:
            raise ProtocolError(f"{self.path}/{name}: required element is missing")
        return _Node(found, f"{self.path}/{name}")

    def opt_child(self, name: str) -> _Node | None:
        found = self._find(name)
        return None if found is None else _Node(found, f"{self.path}/{name}")

    def children(self, name: str) -> Iterator[_Node]:
        for i, el in enumerate(self.el.iterchildren(f"{{{KV}}}{name}"), start=1):
            yield _Node(el, f"{self.path}/{name}[{i}]")

    def raw(self) -> str:
        """The element's whole text. Comments and processing instructions are skipped but the
        text around them is joined, as exc-c14n (which signed it) sees it: reading only
        ``.text`` would let ``5<!---->00`` pass as "5" under a valid signature."""
        parts = [self.el.text or ""]
        for child in self.el:
            if isinstance(child.tag, str):
                raise ProtocolError(f"{self.path}: expected text, found child elements")
            parts.append(child.tail or "")
        return "".join(parts)

    def text(self, name: str) -> str:
        return _collapse(self.child(name).raw())

    def opt_text(self, name: str) -> str | None:
        node = self.opt_child(name)
        return None if node is None else _collapse(node.raw())

    def nonempty(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise ProtocolError(f"{self.path}/{name}: must not be empty")
        return value

    def timestamp(self, name: str) -> datetime:
        return _parse_datetime(self.child(name))

    def opt_timestamp(self, name: str) -> datetime | None:
        node = self.opt_child(name)
        return None if node is None else _parse_datetime(node)

    def identity(self, name: str) -> Identity:
        node = self.child(name)
        return Identity(nummer=node.text("nummer"), type=node.text("type"))

    def opt_identity(self, name: str) -> Identity | None:
        return None if self.opt_child(name) is None else self.identity(name)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _parse_datetime(node: _Node) -> datetime:
    text = _collapse(node.raw())
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ProtocolError(f"{node.path}: {text[:40]!r} is not an xsd:dateTime") from None
    if "T" not in text:
        raise ProtocolError(f"{node.path}: {text[:40]!r} is not an xsd:dateTime (no time part)")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _decode_base64(node: _Node) -> bytes:
    text = node.raw()
    try:
        data = text.encode("ascii").translate(None, _WHITESPACE)
        return binascii.a2b_base64(data, strict_mode=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise ProtocolError(f"{node.path}: not valid base64") from None


def _attachment(node: _Node) -> Attachment:
    return Attachment(
        content=_decode_base64(node.child("inhoud")),
        filename=node.text("bestandsnaam"),
        mime_type=node.text("mimeType"),
    )


def _root(el: object, expected: tuple[str, ...]) -> _Node:
    if not isinstance(el, etree._Element):
        raise ProtocolError(f"expected a response element, got {type(el).__name__}")
    if el.tag == f"{{{SOAP_ENV}}}Body":
        inner = [child for child in el if isinstance(child.tag, str)]
        if len(inner) != 1:
            raise ProtocolError(f"soapenv:Body: expected exactly one element, found {len(inner)}")
        el = inner[0]
    tag = el.tag if isinstance(el.tag, str) else ""
    qname = etree.QName(tag) if tag else None
    if qname is None or qname.namespace != KV or qname.localname not in expected:
        shown = qname.localname if qname is not None else repr(el.tag)
        raise ProtocolError(f"unexpected response element {shown!r}; expected {' or '.join(expected)}")
    return _Node(el, str(qname.localname))


def _rows(el: object, expected: tuple[str, ...], row: str) -> Iterator[_Node]:
    root = _root(el, expected)
    wrapper = root.child(root.path.removesuffix("Response") + "Return")
    return wrapper.children(row)


# --------------------------------------------------------------------------- parsers


def _status(node: _Node) -> Status:
    fout = node.opt_child("statusFoutcode")
    details = node.opt_child("statusdetails")
    return Status(
        kenmerk=node.nonempty("kenmerk"),
        identity=node.identity("identiteitBelanghebbende"),
        statuscode=node.nonempty("statuscode"),
        tijdstempel=node.timestamp("tijdstempelStatus"),
        omschrijving=node.text("statusomschrijving"),
        foutcode=None if fout is None else fout.text("foutcode"),
        foutbeschrijving=None if fout is None else fout.child("foutbeschrijving").raw(),
        details=None if details is None else details.raw(),
    )


def parse_aanlever_response(el: etree._Element) -> Receipt:
    """``kv:aanleverResponse`` -> :class:`Receipt` (with the synchronous status, when sent)."""
    node = _root(el, ("aanleverResponse",))
    kenmerk = node.nonempty("kenmerk")
    identity = node.identity("identiteitBelanghebbende")
    aangeleverd = node.timestamp("tijdstempelAangeleverd")
    status: Status | None = None
    statuscode = node.opt_text("statuscode")
    if statuscode:
        fout = node.opt_child("statusFoutcode")
        details = node.opt_child("statusdetails")
        status = Status(
            kenmerk=kenmerk,
            identity=identity,
            statuscode=statuscode,
            # The synchronous status may come without its own time; it is then the receipt's.
            tijdstempel=node.opt_timestamp("tijdstempelStatus") or aangeleverd,
            omschrijving=node.opt_text("statusomschrijving") or "",
            foutcode=None if fout is None else fout.text("foutcode"),
            foutbeschrijving=None if fout is None else fout.child("foutbeschrijving").raw(),
            details=None if details is None else details.raw(),
        )
    return Receipt(
        kenmerk=kenmerk,
        berichtsoort=node.text("berichtsoort"),
        aanleverkenmerk=node.opt_text("aanleverkenmerk"),
        eerder_aanleverkenmerk=node.opt_text("eerderAanleverkenmerk"),
        tijdstempel_aangeleverd=aangeleverd,
        identity=identity,
        rol=node.text("rolBelanghebbende"),
        ontvanger=node.opt_identity("identiteitOntvanger"),
        rol_ontvanger=node.opt_text("rolOntvanger"),
        autorisatie_adres=node.opt_text("autorisatieAdres"),
        status=status,
    )


def parse_statussen(el: etree._Element) -> list[Status]:
    """Any of the three status responses -> its StatusResultaat rows, in document order."""
    return [_status(row) for row in _rows(el, STATUS_RESPONSES, "StatusResultaat")]


def parse_processen(el: etree._Element) -> list[Proces]:
    """``kv:getProcessenResponse`` -> ProcesResultaat rows."""
    return [
        Proces(
            kenmerk=row.nonempty("kenmerk"),
            berichtsoort=row.text("berichtsoort"),
            identity=row.identity("identiteitBelanghebbende"),
            ontvanger=row.opt_identity("identiteitOntvanger"),
        )
        for row in _rows(el, PROCES_RESPONSES, "ProcesResultaat")
    ]


def parse_berichtsoorten(el: etree._Element) -> list[str]:
    """``kv:getBerichtsoortenResponse`` -> the berichtsoorten already used."""
    return [_collapse(row.raw()) for row in _rows(el, BERICHTSOORT_RESPONSES, "berichtsoort")]


def parse_bericht_lijst(el: etree._Element) -> list[BerichtLijstItem]:
    """``kv:get(Nieuwe)BerichtenLijstResponse`` -> BerichtLijstResultaat rows."""
    return [
        BerichtLijstItem(
            kenmerk=row.nonempty("kenmerk"),
            berichtsoort=row.text("berichtsoort"),
            identity=row.identity("identiteitBelanghebbende"),
        )
        for row in _rows(el, LIJST_RESPONSES, "BerichtLijstResultaat")
    ]


def _bericht(row: _Node) -> Bericht:
    bijlagen = row.opt_child("berichtBijlagen")
    constateringen = row.opt_child("constateringenLijst")
    extra = row.opt_child("additioneleElementenLijst")
    return Bericht(
        kenmerk=row.nonempty("kenmerk"),
        berichtsoort=row.text("berichtsoort"),
        berichtkenmerk=row.text("berichtkenmerk"),
        aanleverkenmerk=row.opt_text("aanleverkenmerk"),
        eerder_aanleverkenmerk=row.opt_text("eerderAanleverkenmerk"),
        tijdstempel_aangeleverd=row.timestamp("tijdstempelAangeleverd"),
        identity=row.identity("identiteitBelanghebbende"),
        rol=row.text("rolBelanghebbende"),
        identiteit_aanleveraar=row.opt_text("identiteitAanleveraar"),
        ontvanger=row.opt_identity("identiteitOntvanger"),
        rol_ontvanger=row.opt_text("rolOntvanger"),
        inhoud=_attachment(row.child("berichtInhoud")),
        bijlagen=() if bijlagen is None else tuple(_attachment(b) for b in bijlagen.children("bijlage")),
        constateringen=()
        if constateringen is None
        else tuple(
            (c.text("code"), c.child("beschrijving").raw()) for c in constateringen.children("constatering")
        ),
        additionele_elementen=()
        if extra is None
        else tuple((e.text("naam"), e.text("waarde")) for e in extra.children("element")),
    )


def parse_berichten(el: etree._Element) -> list[Bericht]:
    """Any of the four BerichtResultaat responses -> messages, content base64-decoded."""
    return [_bericht(row) for row in _rows(el, BERICHT_RESPONSES, "BerichtResultaat")]


_BY_OPERATION: dict[str, Callable[[etree._Element], object]] = {
    "aanleveren": parse_aanlever_response,
    "getStatussenProces": parse_statussen,
    "getNieuweStatussenProces": parse_statussen,
    "getNieuweStatussen": parse_statussen,
    "getProcessen": parse_processen,
    "getBerichtsoorten": parse_berichtsoorten,
    "getBerichtenLijst": parse_bericht_lijst,
    "getNieuweBerichtenLijst": parse_bericht_lijst,
    "getBerichtenKenmerk": parse_berichten,
    "getNieuweBerichtenKenmerk": parse_berichten,
    "getBerichten": parse_berichten,
    "getNieuweBerichten": parse_berichten,
}


def parse_response(operation_name: str, el: etree._Element) -> object:
    """Parse the response of ``operation_name``; its root must be that operation's response element."""
    parser = _BY_OPERATION.get(operation_name)
    if parser is None:
        raise ProtocolError(f"no parser for operation {operation_name!r}")
    expected = "aanleverResponse" if operation_name == "aanleveren" else f"{operation_name}Response"
    _root(el, (expected,))
    return parser(el)
