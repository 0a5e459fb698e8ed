"""The floors: the least code that produces the same wire message / checks the same signature.

``floor_sign`` builds the aanleveren envelope with plain lxml and signs it with plain
xmlsec: Timestamp + BinarySecurityToken + Signature, exc-c14n, one Reference each to the
Timestamp, the four wsa headers and the Body, KeyInfo a SecurityTokenReference. It checks
no input, keeps no state and makes no choices: what is left is the unavoidable work
(base64, tree building, canonicalising, hashing, RSA, serialising).

``floor_verify`` parses a signed response and verifies its signature with the known key:
register the Id attributes, ``SignatureContext.verify``. None of the checks of spec §4
(shape, coverage, pins, algorithms, Timestamp, RelatesTo) are made.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import xmlsec
from lxml import etree

from wus_client.services import operation
from wus_client.xml import BASE64_BINARY, KV, SOAP_ENV, WSA, WSA_ANONYMOUS, WSSE, WSU, X509V3

from ._common import BERICHTSOORT, FILENAME, IDENTITY, MIME_TYPE

_ID = f"{{{WSU}}}Id"
_NSMAP = {"soapenv": SOAP_ENV, "wsa": WSA, "wsse": WSSE, "wsu": WSU}
ACTION = operation("aanleveren").action


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def build_unsigned(content: bytes, to: str, aanleverkenmerk: str) -> etree._Element:
    """The same envelope the SDK sends, unsigned: wsa headers and Body, each with a wsu:Id."""
    root = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=_NSMAP)
    header = _sub(root, f"{{{SOAP_ENV}}}Header")
    for name, text in (("Action", ACTION), ("MessageID", f"urn:uuid:{uuid.uuid4()}")):
        element = _sub(header, f"{{{WSA}}}{name}", text)
        element.set(_ID, f"{name}-{uuid.uuid4().hex}")
    header[0].set(f"{{{SOAP_ENV}}}mustUnderstand", "1")
    reply = _sub(header, f"{{{WSA}}}ReplyTo")
    reply.set(_ID, f"ReplyTo-{uuid.uuid4().hex}")
    _sub(reply, f"{{{WSA}}}Address", WSA_ANONYMOUS)
    _sub(header, f"{{{WSA}}}To", to).set(_ID, f"To-{uuid.uuid4().hex}")
    body = _sub(root, f"{{{SOAP_ENV}}}Body")
    body.set(_ID, f"Body-{uuid.uuid4().hex}")
    request = etree.SubElement(body, f"{{{KV}}}aanleverRequest", nsmap={None: KV})  # type: ignore[dict-item]
    _sub(request, f"{{{KV}}}berichtsoort", BERICHTSOORT)
    _sub(request, f"{{{KV}}}aanleverkenmerk", aanleverkenmerk)
    identity = _sub(request, f"{{{KV}}}identiteitBelanghebbende")
    _sub(identity, f"{{{KV}}}nummer", IDENTITY.nummer)
    _sub(identity, f"{{{KV}}}type", IDENTITY.type)
    _sub(request, f"{{{KV}}}rolBelanghebbende", "Bedrijf")
    document = _sub(request, f"{{{KV}}}berichtInhoud")
    _sub(document, f"{{{KV}}}mimeType", MIME_TYPE)
    _sub(document, f"{{{KV}}}bestandsnaam", FILENAME)
    _sub(document, f"{{{KV}}}inhoud").text = base64.b64encode(content)  # type: ignore[assignment]
    _sub(request, f"{{{KV}}}autorisatieAdres", "http://geenausp.nl")
    return root


def floor_sign(
    content: bytes,
    key: xmlsec.Key,
    token: str,
    *,
    to: str,
    aanleverkenmerk: str,
    signature_transform: Any = xmlsec.constants.TransformRsaSha1,
    digest_transform: Any = xmlsec.constants.TransformSha1,
) -> bytes:
    """Build and sign the aanleveren envelope directly; return the wire bytes."""
    root = build_unsigned(content, to, aanleverkenmerk)
    header, body = root[0], root[1]
    security = etree.Element(f"{{{WSSE}}}Security", nsmap={"wsse": WSSE, "wsu": WSU})
    security.set(f"{{{SOAP_ENV}}}mustUnderstand", "1")
    header.append(security)
    now = datetime.now(UTC)
    timestamp = _sub(security, f"{{{WSU}}}Timestamp")
    timestamp.set(_ID, "TS-1")
    _sub(timestamp, f"{{{WSU}}}Created", now.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    _sub(timestamp, f"{{{WSU}}}Expires", (now + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    bst = _sub(security, f"{{{WSSE}}}BinarySecurityToken", token)
    bst.set("EncodingType", BASE64_BINARY)
    bst.set("ValueType", X509V3)
    bst.set(_ID, "X509-1")
    signature = xmlsec.template.create(root, xmlsec.constants.TransformExclC14N, signature_transform, ns="ds")
    security.append(signature)
    for part in (timestamp, header[0], header[1], header[2], header[3], body):
        reference = xmlsec.template.add_reference(signature, digest_transform, uri=f"#{part.get(_ID)}")
        xmlsec.template.add_transform(reference, xmlsec.constants.TransformExclC14N)
    key_info = xmlsec.template.ensure_key_info(signature)
    str_ref = _sub(_sub(key_info, f"{{{WSSE}}}SecurityTokenReference"), f"{{{WSSE}}}Reference")
    str_ref.set("URI", "#X509-1")
    str_ref.set("ValueType", X509V3)
    xmlsec.tree.add_ids(root, ["Id"])
    context = xmlsec.SignatureContext()
    context.key = key
    context.sign(signature)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, collect_ids=False)


def floor_verify(data: bytes, key: xmlsec.Key) -> etree._Element:
    """Parse and verify the one ds:Signature with ``key``; return the Body's child."""
    root = etree.fromstring(data, parser=_PARSER)
    xmlsec.tree.add_ids(root, ["Id"])
    signature = xmlsec.tree.find_node(root, xmlsec.constants.NodeSignature)
    if signature is None:
        raise ValueError("no ds:Signature")
    context = xmlsec.SignatureContext()
    context.key = key
    context.verify(signature)
    return root[1][0]
