"""2. Verify overhead: ``verify_response`` with every check against a bare xmlsec verify.

The response is what the mock sends: wsa To/MessageID/Action/RelatesTo, a Security header
first (Timestamp, BinarySecurityToken, Signature over all of them and the Body), signed
with the mock's signing key; its Body carries the payload base64-encoded (as an
ophaal answer with a document would).

SDK: hardened parse, fault check, shape, algorithms, coverage, pin, xmlsec, Timestamp,
RelatesTo (a :class:`TrustStore` loaded once, as the client holds it).
Floor: :func:`benchmarks.floor.floor_verify` with the signer's bare public key loaded once.
"""

from __future__ import annotations

import base64
from functools import partial

import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from wus_client import services
from wus_client.config import SecurityProfile
from wus_client.credentials import Credentials
from wus_client.envelope import build_response_envelope, new_message_id
from wus_client.security import Signer, TrustStore, sign_envelope, verify_response
from wus_client.xml import KV

from ._common import SIZES, Config, interleaved_medians, payload, pki_dir, rounded
from .floor import floor_verify


def signed_response(content: bytes, signer: Signer, relates_to: str) -> bytes:
    """A signed Digipoort-style response whose Body holds ``content`` in base64."""
    body = etree.Element(f"{{{KV}}}getBerichtenKenmerkResponse", nsmap={None: KV})  # type: ignore[dict-item]
    etree.SubElement(body, f"{{{KV}}}inhoud").text = base64.b64encode(content).decode("ascii")
    root = build_response_envelope(
        action=services.operation("getBerichtenKenmerk").response_action, relates_to=relates_to, body=body
    )
    return sign_envelope(root, signer, SecurityProfile.DIGIPOORT, security_first=True)


def floor_key(certificate: x509.Certificate) -> xmlsec.Key:
    """The bare RSA public key: the cheapest xmlsec key to copy into a context (no X.509 data)."""
    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return xmlsec.Key.from_memory(spki, xmlsec.constants.KeyDataFormatDer, None)


def run(config: Config, sizes: dict[str, int] | None = None) -> dict[str, dict[str, float]]:
    pki = pki_dir()
    signer = Signer.from_credentials(Credentials.from_pem(pki / "signing.pem", pki / "signing-key.pem"))
    trust = TrustStore.load([pki / "signing.pem"])
    key = floor_key(signer.certificate)
    results: dict[str, dict[str, float]] = {}
    for label, size in (sizes or SIZES).items():
        relates_to = new_message_id()
        data = signed_response(payload(size), signer, relates_to)
        timings = interleaved_medians(
            {
                "sdk": partial(verify_response, data, trust, relates_to=relates_to),
                "floor": partial(floor_verify, data, key),
            },
            config.repeats(size),
        )
        results[label] = {
            "sdk_ms": rounded(timings["sdk"]),
            "floor_ms": rounded(timings["floor"]),
            "ratio": round(timings["sdk"] / timings["floor"], 2),
            "response_bytes": len(data),
            "repeats": config.repeats(size),
        }
    return results
