"""SOAP 1.1 envelopes with WS-Addressing headers, and SOAP fault detection.

Requests carry ``wsa:Action`` (mustUnderstand), ``wsa:MessageID``, ``wsa:ReplyTo`` and
``wsa:To`` (spec §3); responses as Digipoort sends them carry ``wsa:To`` (anonymous),
``wsa:MessageID``, ``wsa:Action`` and ``wsa:RelatesTo`` (spec §4). Every header block and
the Body get a ``wsu:Id`` so that :func:`wus_client.security.sign_envelope` can reference
them. Signing is not done here.

Faults are detected on the parsed envelope before any signature check, because
Digipoort's faults are unsigned (:func:`find_fault`).
"""

from __future__ import annotations

import uuid

from lxml import etree

from .errors import FaultError
from .xml import KV, SOAP_ENV, WSA, WSA_ANONYMOUS, WSSE, WSU

__all__ = [
    "FAULT_ELEMENTS",
    "build_fault_envelope",
    "build_request_envelope",
    "build_response_envelope",
    "find_fault",
    "new_id",
    "new_message_id",
]

#: The detail elements of Digipoort's three services' faults.
FAULT_ELEMENTS = frozenset({"aanleverFault", "statusinformatieFault", "ophaalFault"})

_NSMAP = {"soapenv": SOAP_ENV, "wsa": WSA, "wsse": WSSE, "wsu": WSU}
_ID = f"{{{WSU}}}Id"
_MUST_UNDERSTAND = f"{{{SOAP_ENV}}}mustUnderstand"


def new_message_id() -> str:
    """A fresh WS-Addressing MessageID: ``urn:uuid:<uuid4>``."""
    return f"urn:uuid:{uuid.uuid4()}"


def new_id(prefix: str) -> str:
    """A document-unique ``wsu:Id`` value (an NCName), e.g. ``Body-3f2a...``."""
    return f"{prefix}-{uuid.uuid4().hex}"


def _envelope() -> tuple[etree._Element, etree._Element]:
    root = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=_NSMAP)
    header = etree.SubElement(root, f"{{{SOAP_ENV}}}Header")
    return root, header


def _wsa(header: etree._Element, name: str, text: str) -> etree._Element:
    element = etree.SubElement(header, f"{{{WSA}}}{name}")
    element.set(_ID, new_id(name))
    element.text = text
    return element


def _body(root: etree._Element, body: etree._Element) -> None:
    soap_body = etree.SubElement(root, f"{{{SOAP_ENV}}}Body")
    soap_body.set(_ID, new_id("Body"))
    soap_body.append(body)  # moves the element into the envelope; no copy


def build_request_envelope(
    *,
    action: str,
    to: str,
    body: etree._Element,
    message_id: str | None = None,
    reply_to: bool = True,
) -> tuple[etree._Element, str]:
    """A request envelope, unsigned, and its MessageID.

    Header: ``wsa:Action`` (mustUnderstand="1"), ``wsa:MessageID`` (``urn:uuid:``),
    ``wsa:ReplyTo/wsa:Address`` anonymous (when ``reply_to``), ``wsa:To``; each with a
    ``wsu:Id``; then the Body (with a ``wsu:Id``) holding ``body``. ``body`` is moved into
    the envelope, not copied. :func:`wus_client.security.sign_envelope` adds the Security
    header.
    """
    if not action or not to:
        raise ValueError("action and to are required")
    message_id = message_id or new_message_id()
    root, header = _envelope()
    _wsa(header, "Action", action).set(_MUST_UNDERSTAND, "1")
    _wsa(header, "MessageID", message_id)
    if reply_to:
        reply = etree.SubElement(header, f"{{{WSA}}}ReplyTo")
        reply.set(_ID, new_id("ReplyTo"))
        etree.SubElement(reply, f"{{{WSA}}}Address").text = WSA_ANONYMOUS
    _wsa(header, "To", to)
    _body(root, body)
    return root, message_id


def build_response_envelope(
    *,
    action: str,
    relates_to: str,
    body: etree._Element,
    message_id: str | None = None,
) -> etree._Element:
    """A response envelope as Digipoort answers, unsigned (for the mock).

    Header: ``wsa:To`` anonymous, ``wsa:MessageID``, ``wsa:Action``, ``wsa:RelatesTo``, each
    with a ``wsu:Id``; Body with a ``wsu:Id``. Sign it with
    ``sign_envelope(root, signer, profile, security_first=True)``.
    """
    root, header = _envelope()
    _wsa(header, "To", WSA_ANONYMOUS)
    _wsa(header, "MessageID", message_id or new_message_id())
    _wsa(header, "Action", action)
    _wsa(header, "RelatesTo", relates_to)
    _body(root, body)
    return root


def build_fault_envelope(
    *,
    fault_element: str,
    foutcode: str,
    foutbeschrijving: str,
    action: str,
    relates_to: str | None,
) -> bytes:
    """The unsigned fault Digipoort sends (with HTTP 500), serialised.

    ``faultcode`` soapenv:Client, ``faultstring`` "Algemene fout", ``faultactor``
    "Verantwoordingsplichtige", ``detail/kv:<fault_element>{foutcode, foutbeschrijving}``;
    ``fault_element`` is one of :data:`FAULT_ELEMENTS`.
    """
    if fault_element not in FAULT_ELEMENTS:
        raise ValueError(f"fault_element must be one of {sorted(FAULT_ELEMENTS)}, not {fault_element!r}")
    root = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soapenv": SOAP_ENV, "wsa": WSA})
    header = etree.SubElement(root, f"{{{SOAP_ENV}}}Header")
    etree.SubElement(header, f"{{{WSA}}}To").text = WSA_ANONYMOUS
    etree.SubElement(header, f"{{{WSA}}}MessageID").text = new_message_id()
    etree.SubElement(header, f"{{{WSA}}}Action").text = action
    if relates_to is not None:
        etree.SubElement(header, f"{{{WSA}}}RelatesTo").text = relates_to
    soap_body = etree.SubElement(root, f"{{{SOAP_ENV}}}Body")
    fault = etree.SubElement(soap_body, f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(fault, "faultcode").text = "soapenv:Client"
    etree.SubElement(fault, "faultstring").text = "Algemene fout"
    etree.SubElement(fault, "faultactor").text = "Verantwoordingsplichtige"
    detail = etree.SubElement(fault, "detail")
    kv_fault = etree.SubElement(detail, f"{{{KV}}}{fault_element}", nsmap={"fault": KV})
    etree.SubElement(kv_fault, f"{{{KV}}}foutcode").text = foutcode
    etree.SubElement(kv_fault, f"{{{KV}}}foutbeschrijving").text = foutbeschrijving
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _child_text(parent: etree._Element, local_name: str) -> str | None:
    """Text of the first child element with this local name (any namespace), or None."""
    for child in parent.iterchildren(tag=etree.Element):
        if etree.QName(child).localname == local_name:
            return child.text
    return None


def find_fault(root: etree._Element) -> FaultError | None:
    """The :class:`FaultError` for a SOAP fault in the actual ``Envelope/Body``, else None.

    Only the Body that is a direct child of the root Envelope counts. The fault is
    unsigned: its texts are untrusted and are reported, never acted upon.
    """
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        return None
    soap_body = root.find(f"{{{SOAP_ENV}}}Body")
    if soap_body is None:
        return None
    fault = soap_body.find(f"{{{SOAP_ENV}}}Fault")
    if fault is None:
        return None
    foutcode: str | None = None
    foutbeschrijving: str | None = None
    detail = fault.find("detail")
    if detail is not None:
        for element in detail.iterchildren(tag=etree.Element):
            if etree.QName(element).localname.endswith("Fault"):
                foutcode = _child_text(element, "foutcode")
                foutbeschrijving = _child_text(element, "foutbeschrijving")
                break
    return FaultError(
        foutcode=foutcode.strip() if foutcode else foutcode,
        foutbeschrijving=foutbeschrijving,
        faultstring=fault.findtext("faultstring"),
        faultcode=fault.findtext("faultcode"),
    )
