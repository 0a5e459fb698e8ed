"""Signing with the payload kept out of the tree (DeferredText): the spliced wire bytes are
exactly what the signature covers, for our verifier, for signxml and for xmlsec."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from certs import leaf
from lxml import etree
from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLVerifier
from test_sign import ACTION, NOW, TO

from wus_client.config import SecurityProfile
from wus_client.envelope import build_request_envelope
from wus_client.errors import SecurityError
from wus_client.models import Identity
from wus_client.security import Signer, sign_envelope_parts, verify_envelope
from wus_client.services import aanleveren_request_deferred
from wus_client.xml import KV, DeferredText

PAYLOAD = bytes(range(256)) * 40  # 10 KiB, every byte value
ARGS = {
    "berichtsoort": "Omzetbelasting",
    "identity": Identity("001000044B37", "Fi"),
    "rol": "Bedrijf",
    "content": PAYLOAD,
    "filename": "ob.xbrl",
    "mime_type": "application/xml",
    "aanleverkenmerk": "ref",
}


def _signed(profile: SecurityProfile) -> tuple[bytes, tuple[DeferredText, ...]]:
    body, deferred = aanleveren_request_deferred(**ARGS)  # type: ignore[arg-type]
    root, _ = build_request_envelope(action=ACTION, to=TO, body=body, message_id="urn:uuid:1")
    message = sign_envelope_parts(root, leaf_signer(), profile, deferred=deferred, now=NOW)
    assert len(message) == sum(len(c) for c in message.chunks)
    return b"".join(message), deferred


def leaf_signer() -> Signer:
    return leaf("client").signer


@pytest.mark.parametrize("profile", list(SecurityProfile))
def test_spliced_wire_carries_the_payload_and_verifies(profile: SecurityProfile) -> None:
    wire, deferred = _signed(profile)
    (item,) = deferred
    assert item.placeholder.encode() not in wire
    root = etree.fromstring(wire)
    inhoud = root.findtext(f".//{{{KV}}}berichtInhoud/{{{KV}}}inhoud")
    assert inhoud is not None and base64.b64decode(inhoud) == PAYLOAD

    def accept(cert: object) -> None:
        assert cert == leaf("client").certificate

    verified = verify_envelope(
        wire,
        profile=profile,
        accept_signer=accept,
        now=NOW,
        relates_to=None,
        clock_skew=timedelta(minutes=5),
        required_headers=("Action", "MessageID", "To"),
    )
    assert base64.b64decode(verified.body.findtext(f".//{{{KV}}}inhoud") or "") == PAYLOAD


@pytest.mark.parametrize(
    ("profile", "method", "digest"),
    [
        (SecurityProfile.SHA256, SignatureMethod.RSA_SHA256, DigestAlgorithm.SHA256),
    ],
)
def test_spliced_wire_verifies_with_signxml(
    profile: SecurityProfile, method: SignatureMethod, digest: DigestAlgorithm
) -> None:
    wire, _ = _signed(profile)
    config = SignatureConfiguration(
        expect_references=6, signature_methods=frozenset({method}), digest_algorithms=frozenset({digest})
    )
    results = XMLVerifier().verify(
        wire, x509_cert=leaf("client").certificate, id_attribute="Id", expect_config=config
    )
    body = [r.signed_xml for r in results if etree.QName(r.signed_xml).localname == "Body"]
    assert body and base64.b64decode(body[0].findtext(f".//{{{KV}}}inhoud") or "") == PAYLOAD


def test_body_digest_equals_the_digest_of_the_canonical_spliced_body() -> None:
    import hashlib

    wire, _ = _signed(SecurityProfile.SHA256)
    root = etree.fromstring(wire)
    body = root.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    assert body is not None
    canonical = etree.tostring(body, method="c14n", exclusive=True)
    expected = base64.b64encode(hashlib.sha256(canonical).digest()).decode()
    digests = [d.text for d in root.iter("{http://www.w3.org/2000/09/xmldsig#}DigestValue")]
    assert digests[-1] == expected  # the Body reference comes last


def test_a_changed_payload_byte_breaks_the_signature() -> None:
    wire, deferred = _signed(SecurityProfile.DIGIPOORT)
    data = deferred[0].data
    flipped = data[:100] + (b"B" if data[100:101] != b"B" else b"C") + data[101:]
    with pytest.raises(SecurityError, match=r"[Dd]igest|signature"):
        verify_envelope(
            wire.replace(data, flipped),
            profile=SecurityProfile.DIGIPOORT,
            accept_signer=lambda cert: None,
            now=NOW,
            relates_to=None,
            clock_skew=timedelta(minutes=5),
        )


def test_placeholder_must_occur_exactly_once() -> None:
    body, deferred = aanleveren_request_deferred(**ARGS)  # type: ignore[arg-type]
    extra = etree.SubElement(body, f"{{{KV}}}autorisatieAdres")
    extra.text = deferred[0].placeholder
    root, _ = build_request_envelope(action=ACTION, to=TO, body=body)
    with pytest.raises(SecurityError, match="exactly once"):
        sign_envelope_parts(root, leaf_signer(), SecurityProfile.DIGIPOORT, deferred=deferred, now=NOW)
