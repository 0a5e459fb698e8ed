"""1. Sign overhead: the SDK's aanleveren path against the floor, zeep's stock signer as the peer.

SDK: ``services.aanleveren_request_deferred`` (checks every field, base64) +
``build_request_envelope`` + ``sign_envelope_parts`` (DIGIPOORT profile), i.e. exactly what
``WusClient.submit`` does before posting: the result is the wire form as chunks with a
known length, which the transport streams without joining (the payload's base64 never
enters the tree). The floor's result is the serialised bytes, equally ready to send.
Floor: :func:`benchmarks.floor.floor_sign` (same envelope, same references, no checks).
Zeep: the same unsigned envelope built directly, then ``zeep.wsse.signature.BinarySignature``
``.apply`` and serialisation. Zeep signs only the Body (no Timestamp, no wsa headers), and
loads its key from PEM on every call, as the stock class does.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from lxml import etree

from wus_client import services
from wus_client.config import SecurityProfile
from wus_client.credentials import Credentials
from wus_client.envelope import build_request_envelope
from wus_client.security import SignedMessage, Signer, sign_envelope_parts

from ._common import (
    BERICHTSOORT,
    FILENAME,
    IDENTITY,
    MIME_TYPE,
    OFFLINE_URL,
    SIZES,
    Config,
    interleaved_medians,
    payload,
    pki_dir,
    rounded,
)
from .floor import build_unsigned, floor_sign


def sdk_sign(
    content: bytes, signer: Signer, profile: SecurityProfile = SecurityProfile.DIGIPOORT
) -> SignedMessage:
    body, deferred = services.aanleveren_request_deferred(
        berichtsoort=BERICHTSOORT,
        identity=IDENTITY,
        rol="Bedrijf",
        content=content,
        filename=FILENAME,
        mime_type=MIME_TYPE,
        aanleverkenmerk=uuid.uuid4().hex,
    )
    op = services.operation("aanleveren")
    root, _ = build_request_envelope(action=op.action, to=OFFLINE_URL, body=body)
    return sign_envelope_parts(root, signer, profile, deferred=deferred)


def zeep_signer() -> Any:
    from zeep.wsse.signature import BinarySignature

    pki = pki_dir()
    return BinarySignature(  # type: ignore[no-untyped-call]
        str(pki / "client-key.pem"), str(pki / "client.pem")
    )


def zeep_sign(content: bytes, zeep_signature: Any) -> bytes:
    root = build_unsigned(content, OFFLINE_URL, uuid.uuid4().hex)
    envelope, _ = zeep_signature.apply(root, {})
    return etree.tostring(envelope, encoding="UTF-8", xml_declaration=True)


def run(config: Config, sizes: dict[str, int] | None = None) -> dict[str, dict[str, float]]:
    pki = pki_dir()
    signer = Signer.from_credentials(Credentials.from_pem(pki / "client.pem", pki / "client-key.pem"))
    zeep_signature = zeep_signer()
    results: dict[str, dict[str, float]] = {}
    for label, size in (sizes or SIZES).items():
        content = payload(size)
        timings = interleaved_medians(
            {
                "sdk": partial(sdk_sign, content, signer),
                "floor": partial(
                    floor_sign,
                    content,
                    signer.key,
                    signer.token,
                    to=OFFLINE_URL,
                    aanleverkenmerk=uuid.uuid4().hex,
                ),
                "zeep": partial(zeep_sign, content, zeep_signature),
            },
            config.repeats(size),
        )
        results[label] = {
            "sdk_ms": rounded(timings["sdk"]),
            "floor_ms": rounded(timings["floor"]),
            "ratio": round(timings["sdk"] / timings["floor"], 2),
            "zeep_stock_ms": rounded(timings["zeep"]),
            "zeep_stock_ratio": round(timings["zeep"] / timings["floor"], 2),
            "repeats": config.repeats(size),
        }
    return results
