"""WS-Security X.509 signing of a SOAP envelope with xmlsec (spec §3)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import xmlsec
from lxml import etree

from ..config import SecurityProfile
from ..envelope import new_id
from ..errors import SecurityError
from ..xml import BASE64_BINARY, SOAP_ENV, WSA, WSSE, WSU, X509V3
from ._common import DIGEST_TRANSFORMS, SIGNATURE_TRANSFORMS, format_timestamp, utc
from .keys import Signer

__all__ = ["sign_envelope"]

log = logging.getLogger(__name__)

_ID = f"{{{WSU}}}Id"
_MUST_UNDERSTAND = f"{{{SOAP_ENV}}}mustUnderstand"


def _ensure_id(element: etree._Element, prefix: str) -> str:
    value = element.get(_ID)
    if not value:
        value = new_id(prefix)
        element.set(_ID, value)
    return value


def sign_envelope(
    root: etree._Element,
    signer: Signer,
    profile: SecurityProfile,
    *,
    now: datetime | None = None,
    ttl: timedelta = timedelta(minutes=5),
    security_first: bool = False,
) -> bytes:
    """Sign ``root`` (a soapenv:Envelope) in place and return its UTF-8 bytes.

    Adds ``wsse:Security`` (mustUnderstand="1") to the Header: ``wsu:Timestamp``
    (Created = now, Expires = now + ttl), ``wsse:BinarySecurityToken`` (the signer's
    certificate) and ``ds:Signature`` with one exc-c14n Reference per part, by
    ``wsu:Id``: the Timestamp, every ``wsa:*`` header (document order) and the Body.
    KeyInfo is a SecurityTokenReference to the token. The Security header goes after
    the wsa headers, or first when ``security_first`` (as Digipoort's responses).

    The bytes are the exact signed form (XML declaration, no pretty-printing): send
    them as they are.
    """
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise ValueError("sign_envelope expects a soapenv:Envelope")
    if ttl <= timedelta(0):
        raise ValueError("ttl must be positive")
    header = root.find(f"{{{SOAP_ENV}}}Header")
    if header is None:
        header = etree.Element(f"{{{SOAP_ENV}}}Header")
        root.insert(0, header)
    body = root.find(f"{{{SOAP_ENV}}}Body")
    if body is None:
        raise ValueError("the envelope has no soapenv:Body")
    if header.find(f"{{{WSSE}}}Security") is not None:
        raise ValueError("the envelope already has a wsse:Security header")

    created = utc(now)
    created = created.replace(microsecond=created.microsecond // 1000 * 1000)  # wire precision: ms

    security = etree.Element(f"{{{WSSE}}}Security", nsmap={"wsse": WSSE, "wsu": WSU})
    security.set(_MUST_UNDERSTAND, "1")
    if security_first:
        header.insert(0, security)
    else:
        header.append(security)

    timestamp = etree.SubElement(security, f"{{{WSU}}}Timestamp")
    timestamp.set(_ID, new_id("TS"))
    etree.SubElement(timestamp, f"{{{WSU}}}Created").text = format_timestamp(created)
    etree.SubElement(timestamp, f"{{{WSU}}}Expires").text = format_timestamp(created + ttl)

    token_id = new_id("X509")
    token = etree.SubElement(security, f"{{{WSSE}}}BinarySecurityToken")
    token.set("EncodingType", BASE64_BINARY)
    token.set("ValueType", X509V3)
    token.set(_ID, token_id)
    token.text = signer.token

    signature = xmlsec.template.create(
        root, xmlsec.constants.TransformExclC14N, SIGNATURE_TRANSFORMS[profile.signature_method], ns="ds"
    )
    security.append(signature)
    digest = DIGEST_TRANSFORMS[profile.digest_method]
    parts = [timestamp]
    parts.extend(child for child in header.iterchildren(f"{{{WSA}}}*"))
    parts.append(body)
    for part in parts:
        part_id = _ensure_id(part, etree.QName(part).localname)
        reference = xmlsec.template.add_reference(signature, digest, uri=f"#{part_id}")
        xmlsec.template.add_transform(reference, xmlsec.constants.TransformExclC14N)

    key_info = xmlsec.template.ensure_key_info(signature)
    str_element = etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference")
    reference = etree.SubElement(str_element, f"{{{WSSE}}}Reference")
    reference.set("URI", f"#{token_id}")
    reference.set("ValueType", X509V3)

    xmlsec.tree.add_ids(root, ["Id"])
    context = xmlsec.SignatureContext()
    context.key = signer.key
    try:
        context.sign(signature)
    except xmlsec.Error as exc:
        raise SecurityError(f"signing failed: {exc}") from exc
    log.debug("signed envelope with %d references (%s)", len(parts), profile.value)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)
