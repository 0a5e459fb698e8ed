"""Verification of signed SOAP envelopes, in the order of spec §4.

1. hardened parse (no DTD, no entities, no network; huge text allowed);
2. a SOAP fault in the actual Body -> :class:`FaultError` (faults are unsigned);
3. Header holds only wsa headers and exactly one ``wsse:Security`` with one Timestamp
   and one Signature (one of each in the whole document);
4. SignedInfo: exc-c14n only, algorithms on the profile's allow-list;
5. every Reference is ``#id`` and resolves to exactly one element (any ``Id`` attribute
   in the document with that value counts);
6. the actual ``Envelope/Body``, the Timestamp and every wsa header are covered;
7. the signer (the BinarySecurityToken that KeyInfo references) is accepted by the
   caller (pinned, valid now), and the SignatureValue and digests verify (xmlsec);
8. Timestamp window with clock skew; 9. RelatesTo equals the expected MessageID.

Only then is the Body's child handed back. Anything malformed raises
:class:`SecurityError`, never a third-party exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import xmlsec
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from lxml import etree

from ..config import SecurityProfile
from ..envelope import find_fault
from ..errors import SecurityError
from ..xml import BASE64_BINARY, DS, EXC_C14N, SOAP_ENV, WSA, WSSE, WSU, X509V3, XmlRejected, parse_untrusted
from ._common import DIGEST_TRANSFORMS, SIGNATURE_TRANSFORMS, timestamp_window, utc
from .keys import CertificateSource, TrustStore, certificate_der, token_certificate, verification_key

__all__ = ["VerifiedResponse", "verify_envelope", "verify_response"]

log = logging.getLogger(__name__)

_NS = {"soapenv": SOAP_ENV, "wsa": WSA, "wsse": WSSE, "wsu": WSU, "ds": DS}
_WSU_ID = f"{{{WSU}}}Id"
_WSA_HEADERS = frozenset({"To", "From", "ReplyTo", "FaultTo", "Action", "MessageID", "RelatesTo"})
_EXC_C14N_PREFIXES = "{http://www.w3.org/2001/10/xml-exc-c14n#}InclusiveNamespaces"
# Every attribute that xmlsec (which registers any attribute named "Id", whatever its
# namespace) or a lax resolver might take for an ID. Collected in one pass per document;
# reference values are only ever used as dictionary keys, never put into an expression.
_ANY_ID = etree.XPath("//@*[local-name()='Id' or local-name()='ID' or local-name()='id']")
_SINGLETONS = {f"{{{WSSE}}}Security": "wsse:Security", f"{{{DS}}}Signature": "ds:Signature",
               f"{{{WSU}}}Timestamp": "wsu:Timestamp"}  # fmt: skip
_FIND_SINGLETONS = etree.XPath("//wsse:Security | //ds:Signature | //wsu:Timestamp", namespaces=_NS)
_SIGNATURE_CHILDREN = [f"{{{DS}}}SignedInfo", f"{{{DS}}}SignatureValue", f"{{{DS}}}KeyInfo"]
_SIGNED_INFO_HEAD = [f"{{{DS}}}CanonicalizationMethod", f"{{{DS}}}SignatureMethod"]
_REFERENCE_CHILDREN = [f"{{{DS}}}Transforms", f"{{{DS}}}DigestMethod", f"{{{DS}}}DigestValue"]
_DEFAULT_SKEW = timedelta(minutes=5)


@dataclass(frozen=True, kw_only=True)
class VerifiedResponse:
    """What a verified envelope says. ``body`` is the signed Body's child element."""

    body: etree._Element
    signer: x509.Certificate
    action: str | None
    message_id: str | None
    to: str | None
    relates_to: str | None
    created: datetime
    expires: datetime | None


def verify_response(
    xml_bytes: bytes,
    trusted: Sequence[CertificateSource] | TrustStore,
    profile: SecurityProfile = SecurityProfile.DIGIPOORT,
    *,
    now: datetime | None = None,
    relates_to: str | None = None,
    clock_skew: timedelta = _DEFAULT_SKEW,
) -> VerifiedResponse:
    """Verify a Digipoort response; the signer must be one of the ``trusted`` pins.

    ``now`` (default: the current time) is the clock for the Timestamp window and the
    pinned certificate's validity. ``relates_to``, when given, must equal the response's
    ``wsa:RelatesTo``. Raises :class:`~wus_client.errors.FaultError` for a SOAP fault and
    :class:`~wus_client.errors.SecurityError` for anything that does not verify.
    """
    store = TrustStore.coerce(trusted)
    clock = utc(now)
    return verify_envelope(
        xml_bytes,
        profile=profile,
        accept_signer=lambda certificate: store.check(certificate, clock),
        now=clock,
        relates_to=relates_to,
        clock_skew=clock_skew,
    )


def verify_envelope(
    xml_bytes: bytes,
    *,
    profile: SecurityProfile,
    accept_signer: Callable[[x509.Certificate], None],
    now: datetime | None,
    relates_to: str | None,
    clock_skew: timedelta,
    required_headers: Collection[str] = (),
) -> VerifiedResponse:
    """Verify any signed envelope (requests too; the mock uses it).

    ``accept_signer`` receives the signing certificate and raises SecurityError to refuse
    it. ``required_headers`` are wsa local names that must be present (e.g. ``Action``).
    """
    clock = utc(now)
    try:
        root = parse_untrusted(xml_bytes)
    except XmlRejected as exc:
        raise SecurityError(f"refused by the hardened parser: {exc}") from exc
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise SecurityError("the document is not a SOAP 1.1 Envelope")
    fault = find_fault(root)
    if fault is not None:
        raise fault
    try:
        return _verify(root, profile, accept_signer, clock, relates_to, clock_skew, required_headers)
    except (
        AttributeError,
        KeyError,
        IndexError,
        TypeError,
        ValueError,
        UnicodeError,
        UnsupportedAlgorithm,
    ) as exc:
        raise SecurityError(f"malformed signed envelope: {exc}") from exc
    except (xmlsec.Error, etree.LxmlError) as exc:
        raise SecurityError(f"signature processing failed: {exc}") from exc


def _verify(
    root: etree._Element,
    profile: SecurityProfile,
    accept_signer: Callable[[x509.Certificate], None],
    now: datetime,
    relates_to: str | None,
    clock_skew: timedelta,
    required_headers: Collection[str],
) -> VerifiedResponse:
    header, body = _envelope_parts(root)
    security, wsa = _header_blocks(header, required_headers)
    timestamp, signature = _security_parts(root, security)
    signed_info = _signed_info(signature, profile)

    ids = _id_index(root)
    covered: set[etree._Element] = set()
    for ref_id in signed_info.reference_ids:
        covered.add(_resolve(ids, ref_id, f"Reference #{ref_id}"))
    if body not in covered:
        raise SecurityError("the SOAP Body (Envelope/Body) is not covered by the signature")
    if timestamp not in covered:
        raise SecurityError("the Security Timestamp is not covered by the signature")
    for name, element in wsa.items():
        if element not in covered:
            raise SecurityError(f"the wsa:{name} header is not covered by the signature")

    certificate = _signer_certificate(ids, signature, security)
    accept_signer(certificate)
    _check_signature_value(root, signature, certificate, signed_info)
    created, expires = timestamp_window(timestamp, now, clock_skew)

    got_relates_to = _text(wsa.get("RelatesTo"))
    if relates_to is not None and got_relates_to != relates_to:
        raise SecurityError(f"wsa:RelatesTo {got_relates_to!r} does not match our MessageID {relates_to!r}")
    children = list(body.iterchildren(tag=etree.Element))
    if len(children) != 1:
        raise SecurityError(f"the Body must hold exactly one element, not {len(children)}")
    if log.isEnabledFor(logging.DEBUG):
        log.debug("verified envelope signed by %s", certificate.subject.rfc4514_string())
    return VerifiedResponse(
        body=children[0],
        signer=certificate,
        action=_text(wsa.get("Action")),
        message_id=_text(wsa.get("MessageID")),
        to=_text(wsa.get("To")),
        relates_to=got_relates_to,
        created=created,
        expires=expires,
    )


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return (element.text or "").strip()


def _elements(parent: etree._Element) -> list[etree._Element]:
    return list(parent.iterchildren(tag=etree.Element))


def _only(parent: etree._Element, tag: str, what: str) -> etree._Element:
    found = [child for child in _elements(parent) if child.tag == tag]
    if len(found) != 1:
        raise SecurityError(f"expected exactly one {what}, found {len(found)}")
    return found[0]


def _envelope_parts(root: etree._Element) -> tuple[etree._Element, etree._Element]:
    tags = [child.tag for child in _elements(root)]
    if tags != [f"{{{SOAP_ENV}}}Header", f"{{{SOAP_ENV}}}Body"]:
        raise SecurityError("the Envelope must hold exactly one Header followed by one Body")
    header, body = _elements(root)
    return header, body


def _header_blocks(
    header: etree._Element, required: Collection[str]
) -> tuple[etree._Element, dict[str, etree._Element]]:
    security: list[etree._Element] = []
    wsa: dict[str, etree._Element] = {}
    for child in _elements(header):
        qname = etree.QName(child)
        if qname.namespace == WSSE and qname.localname == "Security":
            security.append(child)
        elif qname.namespace == WSA and qname.localname in _WSA_HEADERS:
            if qname.localname in wsa:
                raise SecurityError(f"the wsa:{qname.localname} header appears more than once")
            wsa[qname.localname] = child
        else:
            raise SecurityError(f"unexpected header block {child.tag}")
    if len(security) != 1:
        raise SecurityError(f"expected exactly one wsse:Security header, found {len(security)}")
    for name in required:
        if name not in wsa:
            raise SecurityError(f"the wsa:{name} header is missing")
    return security[0], wsa


def _security_parts(root: etree._Element, security: etree._Element) -> tuple[etree._Element, etree._Element]:
    found = _FIND_SINGLETONS(root)
    assert isinstance(found, list)
    for tag, name in _SINGLETONS.items():
        count = sum(1 for element in found if isinstance(element, etree._Element) and element.tag == tag)
        if count != 1:
            raise SecurityError(f"expected exactly one {name} in the document, found {count}")
    timestamp = _only(security, f"{{{WSU}}}Timestamp", "wsu:Timestamp in the Security header")
    signature = _only(security, f"{{{DS}}}Signature", "ds:Signature in the Security header")
    return timestamp, signature


def _algorithm(element: etree._Element) -> str:
    return element.get("Algorithm") or ""


@dataclass(frozen=True)
class _SignedInfo:
    reference_ids: list[str]
    signature_method: str
    digest_methods: frozenset[str]


_EXC_C14N_ONLY = {f"{{{DS}}}Transform": EXC_C14N}


def _signed_info(signature: etree._Element, profile: SecurityProfile) -> _SignedInfo:
    """Check SignedInfo's algorithms and shape; return the Reference ids in order."""
    parts = _elements(signature)
    if [child.tag for child in parts] != _SIGNATURE_CHILDREN:
        raise SecurityError("ds:Signature must hold exactly SignedInfo, SignatureValue and KeyInfo")
    children = _elements(parts[0])
    if len(children) < 3 or [c.tag for c in children[:2]] != _SIGNED_INFO_HEAD:
        raise SecurityError("SignedInfo must start with CanonicalizationMethod and SignatureMethod")
    c14n, method, references = children[0], children[1], children[2:]
    if _algorithm(c14n) != EXC_C14N:
        raise SecurityError(f"CanonicalizationMethod {_algorithm(c14n)!r} is not exclusive c14n")
    if any(child.tag != _EXC_C14N_PREFIXES for child in _elements(c14n)):
        raise SecurityError("unexpected content in CanonicalizationMethod")
    signature_method = _algorithm(method)
    if signature_method not in profile.accepted_signature_methods or len(method):
        raise SecurityError(
            f"SignatureMethod {signature_method!r} is not allowed under the {profile.name} profile"
        )
    allowed_digests = profile.accepted_digest_methods
    ids: list[str] = []
    digests: set[str] = set()
    for reference in references:
        if reference.tag != f"{{{DS}}}Reference":
            raise SecurityError(f"unexpected element {reference.tag} in SignedInfo")
        uri = reference.get("URI")
        if uri is None or not uri.startswith("#") or len(uri) < 2:
            raise SecurityError(f"Reference URI {uri!r} is not a same-document '#id' reference")
        ref_id = uri[1:]
        if ref_id in ids:
            raise SecurityError(f"Reference {uri} appears more than once")
        ids.append(ref_id)
        digests.add(_check_reference(reference, uri, allowed_digests, profile))
    return _SignedInfo(ids, signature_method, frozenset(digests))


def _check_reference(
    reference: etree._Element, uri: str, allowed_digests: frozenset[str], profile: SecurityProfile
) -> str:
    """Check one Reference's shape and algorithms; return its digest method."""
    parts = _elements(reference)
    if [child.tag for child in parts] != _REFERENCE_CHILDREN:
        raise SecurityError(f"Reference {uri} must hold Transforms, DigestMethod, DigestValue")
    transforms_element, digest_method, _ = parts
    transforms = _elements(transforms_element)
    if not transforms:
        raise SecurityError(f"Reference {uri} has no transform (exc-c14n is required)")
    for transform in transforms:
        if transform.tag != f"{{{DS}}}Transform" or _algorithm(transform) != EXC_C14N:
            raise SecurityError(f"Reference {uri}: transform {_algorithm(transform)!r} is not exc-c14n")
        if len(transform) and any(child.tag != _EXC_C14N_PREFIXES for child in _elements(transform)):
            raise SecurityError(f"Reference {uri}: unexpected content in the transform")
    algorithm = _algorithm(digest_method)
    if algorithm not in allowed_digests:
        raise SecurityError(
            f"Reference {uri}: DigestMethod {algorithm!r} is not allowed under the {profile.name} profile"
        )
    return algorithm


_IdIndex = dict[str, list[etree._ElementUnicodeResult]]


def _id_index(root: etree._Element) -> _IdIndex:
    """Every Id-like attribute in the document, by value (one pass over the tree)."""
    index: _IdIndex = {}
    found = _ANY_ID(root)
    assert isinstance(found, list)
    for attribute in found:
        if isinstance(attribute, etree._ElementUnicodeResult):
            index.setdefault(str(attribute), []).append(attribute)
    return index


def _resolve(ids: _IdIndex, ref_id: str, what: str) -> etree._Element:
    """The one element whose wsu:Id is ``ref_id``; any other Id attribute with it is a duplicate."""
    hits = ids.get(ref_id, [])
    if not hits:
        raise SecurityError(f"{what} covers nothing: no element has that wsu:Id")
    if len(hits) > 1:
        raise SecurityError(f"{what} is ambiguous: {len(hits)} elements carry that Id")
    hit = hits[0]
    if hit.attrname != _WSU_ID:
        raise SecurityError(f"{what} points at an Id attribute that is not wsu:Id")
    parent = hit.getparent()
    if parent is None:
        raise SecurityError(f"{what} covers nothing")
    return parent


def _signer_certificate(
    ids: _IdIndex, signature: etree._Element, security: etree._Element
) -> x509.Certificate:
    key_info = _only(signature, f"{{{DS}}}KeyInfo", "ds:KeyInfo")
    token_ref = _only(key_info, f"{{{WSSE}}}SecurityTokenReference", "SecurityTokenReference in KeyInfo")
    reference = _only(token_ref, f"{{{WSSE}}}Reference", "wsse:Reference in SecurityTokenReference")
    uri = reference.get("URI") or ""
    if not uri.startswith("#") or len(uri) < 2:
        raise SecurityError(f"KeyInfo token reference {uri!r} is not a '#id' reference")
    if reference.get("ValueType") not in (None, X509V3):
        raise SecurityError("KeyInfo token reference is not to an X.509v3 token")
    token = _resolve(ids, uri[1:], f"KeyInfo reference {uri}")
    if token.tag != f"{{{WSSE}}}BinarySecurityToken" or token.getparent() is not security:
        raise SecurityError(f"KeyInfo reference {uri} is not a BinarySecurityToken in the Security header")
    if token.get("ValueType") != X509V3 or token.get("EncodingType") not in (None, BASE64_BINARY):
        raise SecurityError("the BinarySecurityToken is not a base64 X.509v3 certificate")
    return token_certificate(token.text or "")


def _check_signature_value(
    root: etree._Element, signature: etree._Element, certificate: x509.Certificate, signed_info: _SignedInfo
) -> None:
    key = verification_key(certificate_der(certificate))
    context = xmlsec.SignatureContext()
    context.key = key
    # xmlsec may use exactly the algorithms SignedInfo was checked to hold, nothing else.
    context.enable_signature_transform(xmlsec.constants.TransformExclC14N)
    context.enable_signature_transform(SIGNATURE_TRANSFORMS[signed_info.signature_method])
    context.enable_reference_transform(xmlsec.constants.TransformExclC14N)
    for uri in signed_info.digest_methods:
        context.enable_reference_transform(DIGEST_TRANSFORMS[uri])
        context.enable_signature_transform(DIGEST_TRANSFORMS[uri])
    xmlsec.tree.add_ids(root, ["Id"])
    try:
        context.verify(signature)
    except xmlsec.VerificationError as exc:
        raise SecurityError("the signature does not verify: a signed part or SignedInfo was altered") from exc
    except xmlsec.Error as exc:
        raise SecurityError(f"the signature cannot be verified: {exc}") from exc
