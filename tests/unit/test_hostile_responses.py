"""Hostile responses: each one must be refused with SecurityError, for the right reason."""

from __future__ import annotations

import base64
import time
from datetime import timedelta
from pathlib import Path

import pytest
from certs import leaf
from lxml import etree
from wsse_testkit import (
    ID,
    NOW,
    RELATES_TO,
    SOAP_ENV,
    WSA,
    WSSE,
    body_of,
    digipoort,
    dump,
    one,
    parse,
    reference_for,
    resign,
    response_body,
    signed_response,
)

from wus_client.config import SecurityProfile
from wus_client.envelope import build_response_envelope
from wus_client.errors import SecurityError
from wus_client.security import verify_response


def refuse(data: bytes, match: str, **kwargs: object) -> SecurityError:
    options: dict[str, object] = {"now": NOW, "relates_to": RELATES_TO}
    options.update(kwargs)
    with pytest.raises(SecurityError, match=match) as info:
        verify_response(data, [digipoort().cert_pem], **options)  # type: ignore[arg-type]
    return info.value


def test_the_untouched_response_verifies() -> None:
    """The baseline every hostile case below starts from."""
    verified = verify_response(signed_response(), [digipoort().cert_pem], now=NOW, relates_to=RELATES_TO)
    assert verified.body.findtext("{*}kenmerk") == "700627b6-383e-4d8d-809f-b066845b36e0"


def test_unsigned_response() -> None:
    root = build_response_envelope(action="urn:x", relates_to=RELATES_TO, body=response_body())
    refuse(dump(root), r"exactly one wsse:Security header, found 0")


def test_tampered_body() -> None:
    data = signed_response().replace(b"700627b6-383e", b"999999b6-383e")
    refuse(data, r"signature does not verify")


def test_signer_not_pinned_with_its_own_token_inside() -> None:
    # Same CA, same subject as the pinned certificate, different key: a pin is exact.
    impostor = leaf("digipoort-signing", key_label="impostor")
    assert impostor.certificate.subject == digipoort().certificate.subject
    refuse(signed_response(signer=impostor), r"not one of the pinned certificates")


def test_wrapping_signed_body_moved_into_security_header() -> None:
    root = parse(signed_response())
    signed_body = body_of(root)
    security = one(root, "//wsse:Security")
    security.append(signed_body)  # the signed Body hides in the header
    evil = etree.SubElement(root, f"{{{SOAP_ENV}}}Body")
    evil.append(response_body(kenmerk="evil"))
    refuse(dump(root), r"Body \(Envelope/Body\) is not covered")


def test_wrapping_signed_body_moved_into_own_header_block() -> None:
    root = parse(signed_response())
    header = one(root, "/soapenv:Envelope/soapenv:Header")
    wrapper = etree.SubElement(header, "{urn:evil}Wrapper")
    wrapper.append(body_of(root))
    evil = etree.SubElement(root, f"{{{SOAP_ENV}}}Body")
    evil.append(response_body(kenmerk="evil"))
    refuse(dump(root), r"unexpected header block \{urn:evil\}Wrapper")


def test_wrapping_new_body_reusing_the_signed_id() -> None:
    root = parse(signed_response())
    signed_body = body_of(root)
    one(root, "//wsse:Security").append(signed_body)
    evil = etree.SubElement(root, f"{{{SOAP_ENV}}}Body")
    evil.set(ID, signed_body.get(ID) or "")
    evil.append(response_body(kenmerk="evil"))
    refuse(dump(root), r"is ambiguous: 2 elements carry that Id")


def test_duplicate_wsu_id() -> None:
    root = parse(signed_response())
    body = body_of(root)
    decoy = etree.SubElement(one(root, "//wsse:Security"), "{urn:evil}Decoy")
    decoy.set(ID, body.get(ID) or "")
    refuse(dump(root), r"ambiguous: 2 elements carry that Id")


def test_duplicate_id_in_another_namespace_counts_too() -> None:
    # xmlsec registers any attribute named Id; an unqualified one must count as a duplicate.
    root = parse(signed_response())
    body = body_of(root)
    decoy = etree.Element("{urn:evil}Decoy")
    decoy.set("Id", body.get(ID) or "")
    one(root, "//wsse:Security").insert(0, decoy)
    refuse(dump(root), r"ambiguous")


def test_body_not_covered() -> None:
    root = parse(signed_response())
    reference = reference_for(root, body_of(root))
    reference.getparent().remove(reference)  # type: ignore[union-attr]
    refuse(resign(root), r"Body \(Envelope/Body\) is not covered")


def test_wsa_header_not_covered() -> None:
    root = parse(signed_response())
    reference = reference_for(root, one(root, "//wsa:RelatesTo"))
    reference.getparent().remove(reference)  # type: ignore[union-attr]
    refuse(resign(root), r"wsa:RelatesTo header is not covered")


def test_timestamp_not_covered() -> None:
    root = parse(signed_response())
    reference = reference_for(root, one(root, "//wsu:Timestamp"))
    reference.getparent().remove(reference)  # type: ignore[union-attr]
    refuse(resign(root), r"Timestamp is not covered")


def test_unknown_header_block_is_refused_even_when_signed() -> None:
    root = parse(signed_response())
    extra = etree.SubElement(one(root, "/soapenv:Envelope/soapenv:Header"), "{urn:other}Extra")
    extra.set(ID, "extra-1")
    refuse(dump(root), r"unexpected header block")


def test_timestamp_expired() -> None:
    data = signed_response(ttl=timedelta(minutes=10))
    refuse(data, r"Timestamp expired", now=NOW + timedelta(minutes=15, seconds=1))


def test_timestamp_within_skew_is_accepted() -> None:
    data = signed_response(ttl=timedelta(minutes=10))
    verify_response(data, [digipoort().cert_pem], now=NOW + timedelta(minutes=14, seconds=59))


def test_timestamp_created_in_the_future() -> None:
    refuse(signed_response(now=NOW + timedelta(minutes=6)), r"lies in the future")


def test_timestamp_missing() -> None:
    root = parse(signed_response())
    timestamp = one(root, "//wsu:Timestamp")
    reference = reference_for(root, timestamp)
    reference.getparent().remove(reference)  # type: ignore[union-attr]
    timestamp.getparent().remove(timestamp)  # type: ignore[union-attr]
    refuse(resign(root), r"exactly one wsu:Timestamp in the document, found 0")


def test_relates_to_mismatch() -> None:
    refuse(signed_response(), r"RelatesTo .* does not match", relates_to="urn:uuid:something-else")


def test_sha1_under_sha256_profile() -> None:
    data = signed_response(profile=SecurityProfile.DIGIPOORT)
    refuse(data, r"SignatureMethod .*rsa-sha1.* not allowed under the SHA256", profile=SecurityProfile.SHA256)


def test_sha1_digest_with_sha256_signature_under_sha256_profile() -> None:
    root = parse(signed_response(profile=SecurityProfile.SHA256))
    method = one(root, "//ds:Reference[1]/ds:DigestMethod")
    method.set("Algorithm", "http://www.w3.org/2000/09/xmldsig#sha1")
    data = resign(root)
    refuse(data, r"DigestMethod .*sha1.* not allowed", profile=SecurityProfile.SHA256)
    # The same message is fine where SHA-1 is allowed: the refusal above is the policy.
    verify_response(data, [digipoort().cert_pem], SecurityProfile.DIGIPOORT, now=NOW)


def test_inclusive_c14n_transform_is_refused() -> None:
    root = parse(signed_response())
    transform = one(root, "//ds:Reference[1]/ds:Transforms/ds:Transform")
    transform.set("Algorithm", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
    refuse(resign(root), r"is not exc-c14n")


def test_reference_to_external_uri_is_refused() -> None:
    root = parse(signed_response())
    one(root, "//ds:Reference[1]").set("URI", "http://example.invalid/x")
    refuse(dump(root), r"not a same-document '#id' reference")


def test_reference_covering_nothing() -> None:
    root = parse(signed_response())
    one(root, "//ds:Reference[1]").set("URI", "#w_20")
    refuse(dump(root), r"Reference #w_20 covers nothing")


def test_token_outside_the_security_header_is_refused() -> None:
    root = parse(signed_response())
    token = one(root, "//wsse:BinarySecurityToken")
    one(root, "//wsa:To").append(token)
    refuse(dump(root), r"not a BinarySecurityToken in the Security header")


def test_two_security_headers() -> None:
    root = parse(signed_response())
    header = one(root, "/soapenv:Envelope/soapenv:Header")
    etree.SubElement(header, f"{{{WSSE}}}Security")
    refuse(dump(root), r"exactly one wsse:Security header, found 2")


def test_duplicate_wsa_header() -> None:
    root = parse(signed_response())
    header = one(root, "/soapenv:Envelope/soapenv:Header")
    etree.SubElement(header, f"{{{WSA}}}RelatesTo").text = RELATES_TO
    refuse(dump(root), r"wsa:RelatesTo header appears more than once")


def test_pinned_certificate_outside_its_validity() -> None:
    expired = leaf("old-signing", not_after=NOW - timedelta(days=1))
    data = signed_response(signer=expired)
    with pytest.raises(SecurityError, match=r"is not valid at"):
        verify_response(data, [expired.cert_pem], now=NOW)


def test_fault_inside_a_header_is_not_taken_for_the_body() -> None:
    # Only the actual Envelope/Body decides about faults; elsewhere a Fault is just junk.
    root = parse(signed_response())
    etree.SubElement(one(root, "//wsse:Security"), f"{{{SOAP_ENV}}}Fault")
    verified = verify_response(dump(root), [digipoort().cert_pem], now=NOW)
    assert etree.QName(verified.body).localname == "aanleverResponse"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not xml",
        b"<a/>",
        b"<soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'/>",
    ],
)
def test_garbage(data: bytes) -> None:
    with pytest.raises(SecurityError):
        verify_response(data, [digipoort().cert_pem], now=NOW)


def test_doctype_with_external_entity_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7f3a9c")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body><x>&xxe;</x></soapenv:Body></soapenv:Envelope>"
    ).encode()
    error = refuse(data, r"DOCTYPE")
    assert "CANARY" not in str(error) and "CANARY" not in repr(error.__cause__)


def test_doctype_behind_a_long_comment_is_refused_too(tmp_path: Path) -> None:
    # The pre-parse check looks at the first 4 KiB; a DOCTYPE after a long comment must still
    # fail, and the entity must still not be resolved.
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7f3a9c")
    data = (
        "<!--" + "x" * 8192 + "-->"
        f'<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body><soapenv:Fault><faultstring>&xxe;</faultstring></soapenv:Fault>"
        "</soapenv:Body></soapenv:Envelope>"
    ).encode()
    error = refuse(data, r"DOCTYPE|parser")
    assert "CANARY" not in str(error)


def test_billion_laughs_is_refused_fast() -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    data = (
        f"<?xml version='1.0'?><!DOCTYPE lolz [{''.join(entities)}]>"
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body><x>&lol9;</x></soapenv:Body></soapenv:Envelope>"
    ).encode()
    started = time.perf_counter()
    refuse(data, r"DOCTYPE|entity")
    assert time.perf_counter() - started < 0.5


def test_token_whose_key_cannot_be_read() -> None:
    # Found by the fuzz test: a certificate that parses but whose key algorithm is unknown.
    root = parse(signed_response())
    token = one(root, "//wsse:BinarySecurityToken")
    der = bytearray(base64.b64decode(token.text or ""))
    rsa_oid = bytes.fromhex("2a864886f70d010101")
    position = der.index(rsa_oid)
    der[position + len(rsa_oid) - 1] = 0x63
    token.text = base64.b64encode(bytes(der)).decode()
    refuse(dump(root), r"signing certificate|certificate")


def test_oversized_token_is_refused() -> None:
    root = parse(signed_response())
    one(root, "//wsse:BinarySecurityToken").text = base64.b64encode(b"\x30" * 200_000).decode()
    refuse(dump(root), r"readable certificate")
