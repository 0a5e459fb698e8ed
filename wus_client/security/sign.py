"""WS-Security X.509 signing of a SOAP envelope (spec §3).

Each Reference digest is computed over the part's exclusive canonical form (lxml's
exc-c14n, the same libxml2 code xmlsec runs), SignedInfo is canonicalised the same way,
and xmlsec signs it with the signer's key. Doing the digests ourselves lets a large text
node (a payload's base64) stay out of the tree as a :class:`~wus_client.xml.DeferredText`:
it is hashed where its placeholder stands and spliced into the wire bytes, so signing a
20 MiB submission copies the payload neither into libxml2 nor into a second buffer.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import xmlsec
from lxml import etree

from ..config import SecurityProfile
from ..envelope import new_id
from ..errors import SecurityError
from ..xml import BASE64_BINARY, DS, EXC_C14N, SOAP_ENV, WSA, WSSE, WSU, X509V3, DeferredText
from ._common import SIGNATURE_TRANSFORMS, format_timestamp, utc
from .keys import Signer

__all__ = ["SignedMessage", "sign_envelope", "sign_envelope_parts"]

log = logging.getLogger(__name__)

_ID = f"{{{WSU}}}Id"
_MUST_UNDERSTAND = f"{{{SOAP_ENV}}}mustUnderstand"
_HASHES = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
}


@dataclass(frozen=True)
class SignedMessage:
    """The signed envelope as wire chunks (deferred texts spliced in), with its length.

    Iterating yields the chunks in order; ``len()`` is the total byte count, so an HTTP
    client can send it with a Content-Length and without joining it.
    """

    chunks: tuple[bytes, ...]

    def __len__(self) -> int:
        return sum(len(c) for c in self.chunks)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)

    def to_bytes(self) -> bytes:
        return self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)


def _ensure_id(element: etree._Element, prefix: str) -> str:
    value = element.get(_ID)
    if not value:
        value = new_id(prefix)
        element.set(_ID, value)
    return value


def _split(data: bytes, deferred: Sequence[DeferredText]) -> list[bytes]:
    """``data`` cut at each placeholder, the deferred bytes in between: the spliced form."""
    out: list[bytes] = []
    rest = data
    for item in deferred:
        marker = item.placeholder.encode("ascii")
        head, found, tail = rest.partition(marker)
        if not found or marker in tail:
            raise SecurityError(f"deferred text {item.placeholder} must occur exactly once in the envelope")
        out.extend((head, item.data))
        rest = tail
    out.append(rest)
    return out


def _digest(part: etree._Element, hash_name: str, deferred: Sequence[DeferredText]) -> str:
    canonical = etree.tostring(part, method="c14n", exclusive=True, with_comments=False)
    inside = [d for d in deferred if d.placeholder.encode("ascii") in canonical]
    h = hashlib.new(hash_name)
    for chunk in _split(canonical, inside):
        h.update(chunk)
    return base64.b64encode(h.digest()).decode("ascii")


def _ds(parent: etree._Element, name: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{DS}}}{name}", attrs)


def sign_envelope_parts(
    root: etree._Element,
    signer: Signer,
    profile: SecurityProfile,
    *,
    deferred: Sequence[DeferredText] = (),
    now: datetime | None = None,
    ttl: timedelta = timedelta(minutes=5),
    security_first: bool = False,
) -> SignedMessage:
    """Sign ``root`` (a soapenv:Envelope) in place; return the wire form as chunks.

    Adds ``wsse:Security`` (mustUnderstand="1") to the Header: ``wsu:Timestamp``
    (Created = now, Expires = now + ttl), ``wsse:BinarySecurityToken`` (the signer's
    certificate) and ``ds:Signature`` with one exc-c14n Reference per part, by
    ``wsu:Id``: the Timestamp, every ``wsa:*`` header (document order) and the Body.
    KeyInfo is a SecurityTokenReference to the token. The Security header goes after
    the wsa headers, or first when ``security_first`` (as Digipoort's responses).
    Each ``deferred`` text's placeholder must stand in the Body exactly once.
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

    signature = etree.SubElement(security, f"{{{DS}}}Signature", nsmap={"ds": DS})
    signed_info = _ds(signature, "SignedInfo")
    _ds(signed_info, "CanonicalizationMethod", Algorithm=EXC_C14N)
    _ds(signed_info, "SignatureMethod", Algorithm=profile.signature_method)
    hash_name = _HASHES[profile.digest_method]
    parts = [timestamp, *header.iterchildren(f"{{{WSA}}}*"), body]
    for part in parts:
        part_id = _ensure_id(part, etree.QName(part).localname)
        reference = _ds(signed_info, "Reference", URI=f"#{part_id}")
        _ds(_ds(reference, "Transforms"), "Transform", Algorithm=EXC_C14N)
        _ds(reference, "DigestMethod", Algorithm=profile.digest_method)
        _ds(reference, "DigestValue").text = _digest(part, hash_name, deferred if part is body else ())
    signature_value = _ds(signature, "SignatureValue")
    key_info = _ds(signature, "KeyInfo")
    str_element = etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference")
    etree.SubElement(str_element, f"{{{WSSE}}}Reference", URI=f"#{token_id}", ValueType=X509V3)

    canonical_signed_info = etree.tostring(signed_info, method="c14n", exclusive=True, with_comments=False)
    context = xmlsec.SignatureContext()
    context.key = signer.key
    try:
        value = context.sign_binary(canonical_signed_info, SIGNATURE_TRANSFORMS[profile.signature_method])
    except xmlsec.Error as exc:
        raise SecurityError(f"signing failed: {exc}") from exc
    signature_value.text = base64.b64encode(value).decode("ascii")
    log.debug("signed envelope with %d references (%s)", len(parts), profile.value)
    wire = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return SignedMessage(tuple(_split(wire, deferred)))


def sign_envelope(
    root: etree._Element,
    signer: Signer,
    profile: SecurityProfile,
    *,
    now: datetime | None = None,
    ttl: timedelta = timedelta(minutes=5),
    security_first: bool = False,
) -> bytes:
    """Sign ``root`` in place and return its UTF-8 bytes (see :func:`sign_envelope_parts`).

    The bytes are the exact signed form (XML declaration, no pretty-printing): send
    them as they are.
    """
    return sign_envelope_parts(
        root, signer, profile, now=now, ttl=ttl, security_first=security_first
    ).to_bytes()
