"""verify_response / verify_envelope / TrustStore: the API around the checks."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from certs import leaf
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from wsse_testkit import NOW, RELATES_TO, digipoort, signed_response

from wus_client.config import SecurityProfile
from wus_client.errors import ConfigurationError, FaultError, SecurityError
from wus_client.security import TrustStore, VerifiedResponse, verify_envelope, verify_response
from wus_client.xml import KV


def test_verified_response_carries_the_signed_facts() -> None:
    verified = verify_response(signed_response(), [digipoort().cert_pem], now=NOW, relates_to=RELATES_TO)
    assert isinstance(verified, VerifiedResponse)
    assert verified.body.tag == f"{{{KV}}}aanleverResponse"
    assert verified.relates_to == RELATES_TO
    assert verified.to == "http://www.w3.org/2005/08/addressing/anonymous"
    assert verified.message_id is not None and verified.message_id.startswith("urn:uuid:")
    assert verified.created == NOW and verified.expires == NOW + timedelta(minutes=10)
    # The body is the node of the verified document, not a re-parse.
    assert verified.body.getparent() is not None
    assert verified.body.getparent().tag.endswith("}Body")  # type: ignore[union-attr]


def test_relates_to_none_skips_that_check() -> None:
    verify_response(signed_response(relates_to="urn:uuid:other"), [digipoort().cert_pem], now=NOW)


def test_now_is_also_the_clock_for_the_pinned_certificate() -> None:
    short = leaf("short-lived", not_before=NOW - timedelta(days=1), not_after=NOW + timedelta(days=1))
    data = signed_response(signer=short)
    verify_response(data, [short.cert_pem], now=NOW)
    with pytest.raises(SecurityError, match="is not valid at"):
        # Timestamp fine (skew is huge) but the certificate is not yet valid.
        verify_response(data, [short.cert_pem], now=NOW - timedelta(days=2), clock_skew=timedelta(days=5))


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        verify_response(signed_response(), [digipoort().cert_pem], now=datetime(2026, 3, 2, 10))


def test_trust_store_accepts_pem_bytes_paths_der_and_bundles(tmp_path: Path) -> None:
    a, b = digipoort(), leaf("second-signer")
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(a.cert_pem + b.cert_pem)
    der = tmp_path / "b.der"
    der.write_bytes(b.certificate.public_bytes(serialization.Encoding.DER))
    assert TrustStore.load([bundle]).certificates == (a.certificate, b.certificate)
    assert TrustStore.load([str(der)]).certificates == (b.certificate,)
    assert TrustStore.load([a.cert_pem, b.certificate]).certificates == (a.certificate, b.certificate)
    store = TrustStore.load([bundle])
    verify_response(signed_response(signer=b), store, now=NOW)
    verify_response(signed_response(signer=a), store, now=NOW)


@pytest.mark.parametrize("items", [[], [b"not a certificate"], ["/nonexistent/signing.pem"]])
def test_trust_store_refuses_bad_pins_as_configuration(items: list[bytes | str]) -> None:
    with pytest.raises(ConfigurationError, match="response_certificates"):
        TrustStore.load(items)


def test_trust_store_coerce_keeps_a_store() -> None:
    store = TrustStore.load([digipoort().cert_pem])
    assert TrustStore.coerce(store) is store


def test_verify_envelope_lets_the_caller_refuse_the_signer() -> None:
    def refuse(certificate: object) -> None:
        raise SecurityError("signer is not the TLS client certificate")

    with pytest.raises(SecurityError, match="not the TLS client certificate"):
        verify_envelope(
            signed_response(),
            profile=SecurityProfile.DIGIPOORT,
            accept_signer=refuse,
            now=NOW,
            relates_to=None,
            clock_skew=timedelta(minutes=5),
        )


def test_verify_envelope_required_headers() -> None:
    with pytest.raises(SecurityError, match="wsa:ReplyTo header is missing"):
        verify_envelope(
            signed_response(),
            profile=SecurityProfile.DIGIPOORT,
            accept_signer=lambda c: None,
            now=NOW,
            relates_to=None,
            clock_skew=timedelta(minutes=5),
            required_headers=("Action", "MessageID", "To", "ReplyTo"),
        )


def test_a_fault_comes_before_any_signature_check() -> None:
    from wus_client.envelope import build_fault_envelope

    data = build_fault_envelope(
        fault_element="statusinformatieFault",
        foutcode="STS100",
        foutbeschrijving="nee",
        action="urn:a/Fault/",
        relates_to=RELATES_TO,
    )
    with pytest.raises(FaultError, match="STS100"):
        verify_response(data, [digipoort().cert_pem], now=NOW, relates_to="urn:uuid:not-checked")


VALID = signed_response()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.binary(min_size=1, max_size=3))
def test_any_corruption_raises_only_security_or_fault_error(position: int, junk: bytes) -> None:
    data = VALID[:position] + junk + VALID[position + len(junk) :]
    with contextlib.suppress(SecurityError, FaultError):
        verify_response(data, [digipoort().cert_pem], now=NOW)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Created", "Expires"]), st.text(max_size=40))
def test_any_timestamp_text_raises_only_security_error(which: str, text: str) -> None:
    root = etree.fromstring(VALID)
    element = root.find(f".//{{*}}{which}")
    assert element is not None
    try:
        element.text = text
    except ValueError:  # not representable in XML at all
        return
    from wsse_testkit import resign

    data = resign(root)
    with contextlib.suppress(SecurityError):
        verify_response(data, [digipoort().cert_pem], now=datetime(2026, 3, 2, 10, tzinfo=UTC))
