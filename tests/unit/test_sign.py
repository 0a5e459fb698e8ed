"""sign_envelope on the wire: header set and order, Ids, coverage, algorithms, token, times."""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime, timedelta

import pytest
from certs import leaf
from cryptography.hazmat.primitives import serialization
from lxml import etree
from wsse_testkit import ID, one, parse

from wus_client.config import SecurityProfile
from wus_client.credentials import Credentials
from wus_client.envelope import build_request_envelope
from wus_client.errors import ConfigurationError
from wus_client.security import Signer, sign_envelope, verify_envelope
from wus_client.xml import EXC_C14N, KV, NS, SOAP_ENV, WSA, WSSE, X509V3

ACTION = "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/aanleverenRequest"
TO = "https://wus.preproductie.digipoort.logius.nl/wus/2.0/aanleverservice/1.2"
NOW = datetime(2026, 3, 2, 9, 15, 30, 123456, tzinfo=UTC)


def client() -> Signer:
    return leaf("client").signer


def signed_request(profile: SecurityProfile = SecurityProfile.DIGIPOORT, **kwargs: object) -> bytes:
    body = etree.Element(f"{{{KV}}}aanleverRequest", nsmap={None: KV})
    etree.SubElement(body, f"{{{KV}}}berichtsoort").text = "Omzetbelasting"
    root, _ = build_request_envelope(action=ACTION, to=TO, body=body, message_id="urn:uuid:1234")
    return sign_envelope(root, client(), profile, now=NOW, **kwargs)  # type: ignore[arg-type]


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def test_header_blocks_and_their_order() -> None:
    root = parse(signed_request())
    header = one(root, "/soapenv:Envelope/soapenv:Header")
    assert [child.tag for child in header] == [
        f"{{{WSA}}}Action",
        f"{{{WSA}}}MessageID",
        f"{{{WSA}}}ReplyTo",
        f"{{{WSA}}}To",
        f"{{{WSSE}}}Security",
    ]
    security = header[4]
    assert security.get(f"{{{SOAP_ENV}}}mustUnderstand") == "1"
    assert [local(child) for child in security] == ["Timestamp", "BinarySecurityToken", "Signature"]


def test_security_first_puts_security_before_the_wsa_headers() -> None:
    root = parse(signed_request(security_first=True))
    header = one(root, "/soapenv:Envelope/soapenv:Header")
    assert [local(child) for child in header] == ["Security", "Action", "MessageID", "ReplyTo", "To"]


def test_each_reference_covers_exactly_the_required_parts() -> None:
    root = parse(signed_request())
    ids = root.xpath("//@wsu:Id", namespaces=NS)
    assert len(ids) == len(set(ids)) == 7  # Timestamp, 4 wsa headers, Body, token
    covered = []
    for uri in root.xpath("//ds:SignedInfo/ds:Reference/@URI", namespaces=NS):
        assert uri.startswith("#")
        target = one(root, f"//*[@wsu:Id='{uri[1:]}']")
        covered.append(target)
    assert [local(e) for e in covered] == ["Timestamp", "Action", "MessageID", "ReplyTo", "To", "Body"]
    assert covered[-1] is one(root, "/soapenv:Envelope/soapenv:Body")
    assert covered[0] is one(root, "//wsse:Security/wsu:Timestamp")


@pytest.mark.parametrize(
    ("profile", "signature", "digest"),
    [
        (
            SecurityProfile.DIGIPOORT,
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#sha1",
        ),
        (
            SecurityProfile.SHA256,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmlenc#sha256",
        ),
    ],
)
def test_algorithm_uris(profile: SecurityProfile, signature: str, digest: str) -> None:
    root = parse(signed_request(profile))
    assert root.xpath("//ds:SignedInfo/ds:CanonicalizationMethod/@Algorithm", namespaces=NS) == [EXC_C14N]
    assert root.xpath("//ds:SignedInfo/ds:SignatureMethod/@Algorithm", namespaces=NS) == [signature]
    assert root.xpath("//ds:Reference/ds:DigestMethod/@Algorithm", namespaces=NS) == [digest] * 6
    assert root.xpath("//ds:Reference/ds:Transforms/ds:Transform/@Algorithm", namespaces=NS) == [EXC_C14N] * 6


def test_token_holds_the_certificate_and_keyinfo_points_at_it() -> None:
    root = parse(signed_request())
    token = one(root, "//wsse:Security/wsse:BinarySecurityToken")
    assert token.get("ValueType") == X509V3
    assert token.get("EncodingType", "").endswith("#Base64Binary")
    der = leaf("client").certificate.public_bytes(serialization.Encoding.DER)
    assert base64.b64decode(token.text or "") == der
    reference = one(root, "//ds:KeyInfo/wsse:SecurityTokenReference/wsse:Reference")
    assert reference.get("URI") == f"#{token.get(ID)}"
    assert reference.get("ValueType") == X509V3


def test_timestamp_created_now_expires_after_ttl() -> None:
    root = parse(signed_request(ttl=timedelta(minutes=7)))
    assert one(root, "//wsu:Timestamp/wsu:Created").text == "2026-03-02T09:15:30.123Z"
    assert one(root, "//wsu:Timestamp/wsu:Expires").text == "2026-03-02T09:22:30.123Z"


def test_default_ttl_is_five_minutes_and_created_is_utc() -> None:
    amsterdam = NOW.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))
    body = etree.Element(f"{{{KV}}}x")
    root, _ = build_request_envelope(action=ACTION, to=TO, body=body)
    data = sign_envelope(root, client(), SecurityProfile.DIGIPOORT, now=amsterdam)
    tree = parse(data)
    assert one(tree, "//wsu:Created").text == "2026-03-02T09:15:30.123Z"
    assert one(tree, "//wsu:Expires").text == "2026-03-02T09:20:30.123Z"


def test_output_is_stable_bytes_with_declaration_and_no_pretty_printing() -> None:
    data = signed_request()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<soapenv:Envelope ")
    # Outside the Signature (whose template xmlsec lays out itself) there is no whitespace.
    assert b">\n<wsa:" not in data and b"</soapenv:Header>\n" not in data and b"\n<soapenv:Body" not in data


def test_the_signed_request_verifies_as_the_mock_would() -> None:
    seen = []
    verified = verify_envelope(
        signed_request(SecurityProfile.SHA256),
        profile=SecurityProfile.SHA256,
        accept_signer=seen.append,
        now=NOW,
        relates_to=None,
        clock_skew=timedelta(minutes=5),
        required_headers=("Action", "MessageID", "To"),
    )
    assert seen == [leaf("client").certificate]
    assert verified.action == ACTION and verified.to == TO and verified.message_id == "urn:uuid:1234"
    assert verified.body.tag == f"{{{KV}}}aanleverRequest"


def test_signing_twice_is_refused() -> None:
    root, _ = build_request_envelope(action=ACTION, to=TO, body=etree.Element("x"))
    sign_envelope(root, client(), SecurityProfile.DIGIPOORT)
    with pytest.raises(ValueError, match="already has a wsse:Security"):
        sign_envelope(root, client(), SecurityProfile.DIGIPOORT)


def test_naive_now_is_refused() -> None:
    root, _ = build_request_envelope(action=ACTION, to=TO, body=etree.Element("x"))
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_envelope(root, client(), SecurityProfile.DIGIPOORT, now=datetime(2026, 1, 1))


def test_signer_checks_the_key_and_keeps_it_out_of_repr() -> None:
    one_ = leaf("client")
    other = leaf("other")
    with pytest.raises(ConfigurationError, match="does not belong"):
        Signer.from_key(one_.certificate, other.key)
    text = repr(one_.signer)
    assert "client" in text and "PRIVATE" not in text and one_.signer.token not in text


def test_signer_is_usable_from_several_threads() -> None:
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                results.append(signed_request(SecurityProfile.SHA256))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(results) == 20
    for data in results:
        verify_envelope(
            data,
            profile=SecurityProfile.SHA256,
            accept_signer=lambda c: None,
            now=NOW,
            relates_to=None,
            clock_skew=timedelta(minutes=5),
        )


def test_signer_from_credentials_carries_the_certificate_as_token() -> None:
    identity = leaf("client")
    signer = Signer.from_credentials(Credentials(certificate=identity.certificate, private_key=identity.key))
    assert signer.certificate == identity.certificate
    der = identity.certificate.public_bytes(serialization.Encoding.DER)
    assert base64.b64decode(signer.token) == der
