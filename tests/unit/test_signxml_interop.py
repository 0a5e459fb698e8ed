"""Cross-verification with an independent XML-DSig implementation (signxml).

Requests signed by sign_envelope verify with signxml's XMLVerifier; responses whose
ds:Signature signxml made (we build the WS-Security header around it, as a server would)
are accepted by verify_response, under both profiles.
"""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from certs import leaf
from cryptography.hazmat.primitives import serialization
from lxml import etree
from signxml import (
    CanonicalizationMethod,
    DigestAlgorithm,
    SignatureConfiguration,
    SignatureConstructionMethod,
    SignatureMethod,
    XMLSigner,
    XMLVerifier,
)
from test_sign import signed_request
from wsse_testkit import NOW, RELATES_TO, digipoort, dump, response_body

from wus_client.config import SecurityProfile
from wus_client.envelope import build_response_envelope, new_id
from wus_client.errors import SecurityError
from wus_client.security import verify_response
from wus_client.xml import BASE64_BINARY, DS, NS, SOAP_ENV, WSA, WSSE, WSU, X509V3

ALGORITHMS = {
    SecurityProfile.DIGIPOORT: (SignatureMethod.RSA_SHA1, DigestAlgorithm.SHA1),
    SecurityProfile.SHA256: (SignatureMethod.RSA_SHA256, DigestAlgorithm.SHA256),
}


class LegacySigner(XMLSigner):
    """signxml refuses SHA-1 by default; Digipoort's profile still uses it."""

    def check_deprecated_methods(self) -> None:
        return None


@pytest.mark.parametrize("profile", list(SecurityProfile))
def test_our_signed_request_verifies_with_signxml(profile: SecurityProfile) -> None:
    signature_method, digest = ALGORITHMS[profile]
    config = SignatureConfiguration(
        expect_references=6,
        signature_methods=frozenset({signature_method}),
        digest_algorithms=frozenset({digest}),
    )
    results = XMLVerifier().verify(
        signed_request(profile), x509_cert=leaf("client").certificate, id_attribute="Id", expect_config=config
    )
    assert isinstance(results, list)
    covered = [etree.QName(result.signed_xml).localname for result in results]
    assert covered == ["Timestamp", "Action", "MessageID", "ReplyTo", "To", "Body"]


def test_a_tampered_request_fails_in_signxml_too() -> None:
    data = signed_request(SecurityProfile.SHA256).replace(b"Omzetbelasting", b"Omzetbelastinx")
    config = SignatureConfiguration(expect_references=6)
    with pytest.raises(Exception, match="Digest mismatch"):
        XMLVerifier().verify(
            data, x509_cert=leaf("client").certificate, id_attribute="Id", expect_config=config
        )


def signxml_response(profile: SecurityProfile, *, security_first: bool = True) -> bytes:
    """A response envelope whose ds:Signature is made by signxml (detached, exc-c14n)."""
    identity = digipoort()
    root = build_response_envelope(
        action="urn:test:aanleverenResponse", relates_to=RELATES_TO, body=response_body()
    )
    header = root.find(f"{{{SOAP_ENV}}}Header")
    assert header is not None
    security = etree.Element(f"{{{WSSE}}}Security", nsmap={"wsse": WSSE, "wsu": WSU})
    header.insert(0 if security_first else len(header), security)
    timestamp = etree.SubElement(security, f"{{{WSU}}}Timestamp")
    timestamp.set(f"{{{WSU}}}Id", new_id("TS"))
    etree.SubElement(timestamp, f"{{{WSU}}}Created").text = "2026-03-02T09:59:00.000Z"
    etree.SubElement(timestamp, f"{{{WSU}}}Expires").text = "2026-03-02T10:09:00.000Z"
    token = etree.SubElement(security, f"{{{WSSE}}}BinarySecurityToken")
    token.set(f"{{{WSU}}}Id", new_id("X509"))
    token.set("ValueType", X509V3)
    token.set("EncodingType", BASE64_BINARY)
    token.text = base64.b64encode(identity.certificate.public_bytes(serialization.Encoding.DER)).decode()

    parts = [timestamp, *header.iterchildren(f"{{{WSA}}}*"), root.find(f"{{{SOAP_ENV}}}Body")]
    uris = [f"#{part.get(f'{{{WSU}}}Id')}" for part in parts if part is not None]
    key_info = etree.Element(f"{{{DS}}}KeyInfo", nsmap={"ds": DS})
    reference = etree.SubElement(
        etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference"), f"{{{WSSE}}}Reference"
    )
    reference.set("URI", f"#{token.get(f'{{{WSU}}}Id')}")
    reference.set("ValueType", X509V3)

    signature_method, digest = ALGORITHMS[profile]
    signer = LegacySigner(
        method=SignatureConstructionMethod.detached,
        signature_algorithm=signature_method,
        digest_algorithm=digest,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    signature = signer.sign(root, key=identity.key, reference_uri=uris, key_info=key_info, id_attribute="Id")
    security.append(signature)
    return dump(root)


@pytest.mark.parametrize("profile", list(SecurityProfile))
def test_response_signed_by_signxml_is_accepted(profile: SecurityProfile) -> None:
    data = signxml_response(profile)
    verified = verify_response(data, [digipoort().cert_pem], profile, now=NOW, relates_to=RELATES_TO)
    assert verified.body.findtext("{*}kenmerk") == "700627b6-383e-4d8d-809f-b066845b36e0"
    assert verified.signer == digipoort().certificate
    assert verified.expires is not None and verified.expires - verified.created == timedelta(minutes=10)
    tree = etree.fromstring(data)
    algorithm = tree.xpath("//ds:SignatureMethod/@Algorithm", namespaces=NS)
    assert algorithm == [profile.signature_method]  # signxml really used the profile's algorithm


def test_signxml_rsa_sha1_response_is_refused_under_sha256() -> None:
    with pytest.raises(SecurityError, match="not allowed under the SHA256 profile"):
        verify_response(
            signxml_response(SecurityProfile.DIGIPOORT),
            [digipoort().cert_pem],
            SecurityProfile.SHA256,
            now=NOW,
        )


def test_signxml_response_with_tampered_body_is_refused() -> None:
    data = signxml_response(SecurityProfile.SHA256).replace(b"Omzetbelasting", b"Loonaangifte")
    with pytest.raises(SecurityError, match="does not verify"):
        verify_response(data, [digipoort().cert_pem], SecurityProfile.SHA256, now=NOW)
