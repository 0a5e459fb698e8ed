"""Helpers for the security tests: signed responses, and re-signing after a change.

``resign`` recomputes every digest and the SignatureValue of an existing ds:Signature, so a
test can build a response that is *validly signed* and still breaks a policy rule (a part
left uncovered, a weak algorithm, a missing Timestamp): the verifier must refuse it for the
rule, not because a digest happens to mismatch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import xmlsec
from certs import Identity, leaf
from lxml import etree

from wus_client.config import SecurityProfile
from wus_client.envelope import build_response_envelope
from wus_client.security import sign_envelope
from wus_client.xml import DS, KV, NS, SOAP_ENV, WSA, WSSE, WSU

NOW = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)
RELATES_TO = "urn:uuid:0b9d6d4e-8d1e-4f6e-9a55-4d2b0f0c1a11"
KENMERK = "700627b6-383e-4d8d-809f-b066845b36e0"
ID = f"{{{WSU}}}Id"


def digipoort() -> Identity:
    """The (test) Digipoort response signer that the tests pin."""
    return leaf("digipoort-signing")


def response_body(kenmerk: str = KENMERK) -> etree._Element:
    body = etree.Element(f"{{{KV}}}aanleverResponse", nsmap={None: KV})
    etree.SubElement(body, f"{{{KV}}}kenmerk").text = kenmerk
    etree.SubElement(body, f"{{{KV}}}berichtsoort").text = "Omzetbelasting"
    return body


def signed_response(
    *,
    signer: Identity | None = None,
    profile: SecurityProfile = SecurityProfile.DIGIPOORT,
    now: datetime = NOW,
    ttl: timedelta = timedelta(minutes=10),
    relates_to: str = RELATES_TO,
    body: etree._Element | None = None,
) -> bytes:
    root = build_response_envelope(
        action="http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/aanleverenResponse",
        relates_to=relates_to,
        body=body if body is not None else response_body(),
    )
    return sign_envelope(root, (signer or digipoort()).signer, profile, now=now, ttl=ttl, security_first=True)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(huge_tree=True))


def dump(root: etree._Element) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def resign(root: etree._Element, signer: Identity | None = None) -> bytes:
    """Recompute digests and SignatureValue of the envelope's (first) ds:Signature."""
    signature = root.find(f".//{{{DS}}}Signature")
    assert signature is not None
    xmlsec.tree.add_ids(root, ["Id"])
    context = xmlsec.SignatureContext()
    context.key = (signer or digipoort()).signer.key
    context.sign(signature)
    return dump(root)


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert isinstance(found, list) and len(found) == 1, (path, found)
    element = found[0]
    assert isinstance(element, etree._Element)
    return element


def body_of(root: etree._Element) -> etree._Element:
    return one(root, "/soapenv:Envelope/soapenv:Body")


def reference_for(root: etree._Element, element: etree._Element) -> etree._Element:
    return one(root, f"//ds:Reference[@URI='#{element.get(ID)}']")


__all__ = [
    "DS",
    "ID",
    "KENMERK",
    "NOW",
    "RELATES_TO",
    "SOAP_ENV",
    "WSA",
    "WSSE",
    "WSU",
    "body_of",
    "digipoort",
    "dump",
    "one",
    "parse",
    "reference_for",
    "resign",
    "response_body",
    "signed_response",
]
