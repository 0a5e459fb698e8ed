"""The real Digipoort responses captured in 2021 (../shared/reference/digipoort/responses)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from wus_client.config import SecurityProfile
from wus_client.errors import FaultError, SecurityError
from wus_client.security import TrustStore, verify_response
from wus_client.xml import KV

pytestmark = pytest.mark.reference

DELIVER_NOW = datetime(2021, 3, 7, 11, 38, tzinfo=UTC)
NEWSTATUS_NOW = datetime(2021, 3, 10, 12, 47, tzinfo=UTC)
DELIVER_RELATES_TO = "urn:uuid:de1dc4f7-98ab-4a03-90a5-e9efd20b1003"
NEWSTATUS_RELATES_TO = "urn:uuid:c8d6a98f-417a-4fea-b96b-2c470bf75d5b"


@pytest.fixture(scope="module")
def responses(reference_dir: Path) -> Path:
    return reference_dir / "digipoort" / "responses"


def own_token_pem(data: bytes) -> bytes:
    """The certificate in the response's own BinarySecurityToken, as PEM (the pin)."""
    token = etree.fromstring(data).find(".//{*}BinarySecurityToken")
    assert token is not None and token.text
    certificate = x509.load_der_x509_certificate(base64.b64decode(token.text))
    return certificate.public_bytes(serialization.Encoding.PEM)


def test_valid_deliver_response_verifies(responses: Path) -> None:
    data = (responses / "valid-deliver-response.xml").read_bytes()
    verified = verify_response(data, [own_token_pem(data)], now=DELIVER_NOW, relates_to=DELIVER_RELATES_TO)
    assert verified.body.tag == f"{{{KV}}}aanleverResponse"
    assert verified.body.findtext(f"{{{KV}}}kenmerk") == "700627b6-383e-4d8d-809f-b066845b36e0"
    assert verified.action == (
        "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/aanleverenResponse"
    )
    assert verified.relates_to == DELIVER_RELATES_TO
    assert verified.created == datetime(2021, 3, 7, 11, 37, 39, 708000, tzinfo=UTC)
    assert verified.expires == datetime(2021, 3, 7, 11, 47, 39, 708000, tzinfo=UTC)
    assert "cs-bedrijven.procesinfrastructuur.nl" in verified.signer.subject.rfc4514_string()


def test_valid_newstatus_response_verifies(responses: Path, tmp_path: Path) -> None:
    data = (responses / "valid-newstatus-response.xml").read_bytes()
    pin = tmp_path / "digipoort.pem"
    pin.write_bytes(own_token_pem(data))
    verified = verify_response(data, [pin], now=NEWSTATUS_NOW, relates_to=NEWSTATUS_RELATES_TO)
    assert verified.body.tag == f"{{{KV}}}getNieuweStatussenProcesResponse"
    assert verified.message_id == "uuid:3fc1f93c-cca3-46e5-873b-5c60d0e1cd4a"  # bare uuid: as captured
    codes = verified.body.xpath("//kv:statuscode/text()", namespaces={"kv": KV})
    assert codes == ["105", "100", "110", "200", "301", "301", "405", "400", "500"]


def test_a_str_path_pin_and_a_trust_store_work_too(responses: Path, tmp_path: Path) -> None:
    data = (responses / "valid-deliver-response.xml").read_bytes()
    pin = tmp_path / "digipoort.pem"
    pin.write_bytes(own_token_pem(data))
    verify_response(data, [str(pin)], now=DELIVER_NOW)
    verify_response(data, TrustStore.load([pin]), now=DELIVER_NOW)


def test_tampered_deliver_response_is_refused(responses: Path) -> None:
    data = (responses / "tampered-deliver-response.xml").read_bytes()
    with pytest.raises(SecurityError, match="signature does not verify"):
        verify_response(data, [own_token_pem(data)], now=DELIVER_NOW, relates_to=DELIVER_RELATES_TO)


def test_valid_response_is_refused_outside_its_window(responses: Path) -> None:
    data = (responses / "valid-deliver-response.xml").read_bytes()
    with pytest.raises(SecurityError, match="expired"):
        verify_response(data, [own_token_pem(data)], now=DELIVER_NOW + timedelta(minutes=16))


def test_valid_response_is_refused_with_another_pin(responses: Path) -> None:
    deliver = (responses / "valid-deliver-response.xml").read_bytes()
    from certs import leaf

    with pytest.raises(SecurityError, match="not one of the pinned"):
        verify_response(deliver, [leaf("someone-else").cert_pem], now=DELIVER_NOW)


def test_valid_rsa_sha1_response_is_refused_under_sha256(responses: Path) -> None:
    data = (responses / "valid-deliver-response.xml").read_bytes()
    with pytest.raises(SecurityError, match="not allowed under the SHA256 profile"):
        verify_response(data, [own_token_pem(data)], SecurityProfile.SHA256, now=DELIVER_NOW)


def test_valid_response_with_wrong_relates_to_is_refused(responses: Path) -> None:
    data = (responses / "valid-deliver-response.xml").read_bytes()
    with pytest.raises(SecurityError, match="RelatesTo"):
        verify_response(data, [own_token_pem(data)], now=DELIVER_NOW, relates_to=NEWSTATUS_RELATES_TO)


@pytest.mark.parametrize(
    ("name", "foutcode"),
    [("fault-deliver-response.xml", "ALS100"), ("fault-newstatus-response.xml", "STS100")],
)
def test_captured_faults_raise_fault_error(responses: Path, name: str, foutcode: str) -> None:
    data = (responses / name).read_bytes()
    # Unsigned, and the pin is irrelevant: the fault is reported before any signature check.
    from certs import leaf

    with pytest.raises(FaultError) as info:
        verify_response(data, [leaf("anyone").cert_pem], relates_to="urn:uuid:whatever")
    fault = info.value
    assert fault.foutcode == foutcode
    assert fault.faultstring == "Algemene fout"
    assert fault.faultcode == "soapenv:Client"
    assert fault.foutbeschrijving is not None
    assert fault.foutbeschrijving.startswith("Het verzoek voldoet niet aan de koppelvlakspecificaties")
