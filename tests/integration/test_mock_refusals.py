"""The mock refuses what Digipoort would refuse: unsigned ALS100/STS100 faults, TLS refusal."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from _mock_wire import (
    IDENTITY,
    aanleveren_body,
    fault_of,
    post,
    post_to_mock,
    resign_without_timestamp,
    sdk_signed,
    status_body,
)

from wus_client.credentials import Credentials
from wus_client.errors import TransportError
from wus_client.security import Signer
from wus_client.services import get_processen_request
from wus_client.testing import MockDigipoort, ThrowawayPKI
from wus_client.xml import KV

pytestmark = pytest.mark.integration


def test_sdk_request_is_accepted(wus_mock: MockDigipoort) -> None:
    """The control case for every refusal below: the same request unchanged is accepted."""
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body())
    response = post_to_mock(wus_mock, wus_mock.urls.aanlever, data)
    assert response.status_code == 200, response.content[:600]
    assert len(wus_mock.submissions) == 1


def test_body_altered_after_signing(wus_mock: MockDigipoort) -> None:
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body(content=b"<bedrag>100</bedrag>"))
    original = base64.b64encode(b"<bedrag>100</bedrag>")
    assert original in data
    tampered = data.replace(original, base64.b64encode(b"<bedrag>999</bedrag>"))
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, tampered))
    assert fault.foutcode == "ALS100"
    assert fault.faultstring == "Algemene fout"
    assert "signature does not verify" in (fault.foutbeschrijving or "")
    assert wus_mock.submissions == []


def test_signed_by_a_key_other_than_the_tls_certificate(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    other = wus_mock.pki.issue_client("ander", directory=tmp_path)  # same CA, same OIN, other key
    signer = Signer.from_credentials(Credentials.from_pem(other.cert, other.key))
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body(), signer=signer)
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, data))
    assert fault.foutcode == "ALS100"
    assert "not the TLS client certificate" in (fault.foutbeschrijving or "")
    # ...and the very same request over TLS with that certificate is accepted
    ok = post(wus_mock.urls.aanlever, data, ca=wus_mock.pki.ca, cert=(other.cert, other.key))
    assert ok.status_code == 200, ok.content[:500]


def test_missing_timestamp(wus_mock: MockDigipoort) -> None:
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body())
    without = resign_without_timestamp(data, wus_mock.pki.client_key.read_bytes())
    assert b"Timestamp" not in without
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, without))
    assert fault.foutcode == "ALS100"
    assert "Timestamp" in (fault.foutbeschrijving or "")


def test_stale_timestamp(wus_mock: MockDigipoort) -> None:
    old = datetime.now(UTC) - timedelta(hours=1)
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body(), now=old)
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, data))
    assert fault.foutcode == "ALS100"
    assert "Timestamp expired" in (fault.foutbeschrijving or "")


def test_unsigned_request(wus_mock: MockDigipoort) -> None:
    from lxml import etree

    from wus_client.envelope import build_request_envelope
    from wus_client.services import operation

    root, _ = build_request_envelope(
        action=operation("aanleveren").action, to=wus_mock.urls.aanlever, body=aanleveren_body()
    )
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, etree.tostring(root)))
    assert fault.foutcode == "ALS100"


def test_wrong_to(wus_mock: MockDigipoort) -> None:
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body(), to="https://elders.example/wus/2.0/x")
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, data))
    assert fault.foutcode == "ALS100"
    assert "wsa:To" in (fault.foutbeschrijving or "")


def test_localhost_is_accepted_when_the_client_used_it(wus_mock: MockDigipoort) -> None:
    url = wus_mock.urls.aanlever.replace("127.0.0.1", "localhost")
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body(), to=url)
    assert post_to_mock(wus_mock, url, data).status_code == 200


def test_action_not_matching_the_body(wus_mock: MockDigipoort) -> None:
    wrong = "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/somethingElseRequest"
    data, _ = sdk_signed(wus_mock, "aanleveren", aanleveren_body(), action=wrong)
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, data))
    assert fault.foutcode == "ALS100"
    assert "wsa:Action" in (fault.foutbeschrijving or "")


def test_request_of_another_service(wus_mock: MockDigipoort) -> None:
    """A status request posted to the aanleverservice (To set to that URL, so only the body is off)."""
    data, _ = sdk_signed(wus_mock, "getStatussenProces", status_body("x"), to=wus_mock.urls.aanlever)
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, data))
    assert fault.foutcode == "ALS100"
    assert "no request of the aanleverservice" in (fault.foutbeschrijving or "")


def test_body_not_valid_against_the_xsd(wus_mock: MockDigipoort) -> None:
    body = aanleveren_body()
    body.find(f"{{{KV}}}berichtsoort").text = "x" * 81  # type: ignore[union-attr]  # max 80
    data, _ = sdk_signed(wus_mock, "aanleveren", body)
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.aanlever, data))
    assert fault.foutcode == "ALS100"
    assert "XSD" in (fault.foutbeschrijving or "") and "berichtsoort" in (fault.foutbeschrijving or "")


def test_status_service_refusal_is_sts100_with_the_fault_action(wus_mock: MockDigipoort) -> None:
    data, message_id = sdk_signed(wus_mock, "getStatussenProces", status_body("onbekend-kenmerk"))
    response = post_to_mock(wus_mock, wus_mock.urls.status, data)
    fault = fault_of(response)
    assert fault.foutcode == "STS100"
    assert "onbekend-kenmerk" in (fault.foutbeschrijving or "")
    assert b"getStatussenProces/Fault/" in response.content
    assert f"<wsa:RelatesTo>{message_id}</wsa:RelatesTo>".encode() in response.content


def test_ophaal_refusal_uses_the_mocks_own_code(wus_mock: MockDigipoort) -> None:
    from wus_client.services import get_berichten_lijst_request

    data, _ = sdk_signed(wus_mock, "getBerichtenLijst", get_berichten_lijst_request(), to="https://x.example/")
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.ophaal, data))
    assert fault.foutcode == "OPS100"


def test_not_xml_at_all(wus_mock: MockDigipoort) -> None:
    fault = fault_of(post_to_mock(wus_mock, wus_mock.urls.status, b"dit is geen XML"))
    assert fault.foutcode == "STS100"


def test_doctype_is_refused(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM-123")
    evil = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body>&e;</soapenv:Body></soapenv:Envelope>"
    ).encode()
    response = post_to_mock(wus_mock, wus_mock.urls.aanlever, evil)
    assert fault_of(response).foutcode == "ALS100"
    assert b"GEHEIM-123" not in response.content


def test_unknown_path_is_404(wus_mock: MockDigipoort) -> None:
    url = wus_mock.urls.aanlever.replace("aanleverservice", "bestaatniet")
    assert post_to_mock(wus_mock, url, b"<x/>").status_code == 404


# -- TLS -----------------------------------------------------------------------------------


def test_tls_refused_without_client_certificate(wus_mock: MockDigipoort) -> None:
    body = get_processen_request(berichtsoort="Omzetbelasting", identity=IDENTITY)
    data, _ = sdk_signed(wus_mock, "getProcessen", body)
    with pytest.raises(requests.exceptions.RequestException):
        post(wus_mock.urls.status, data, ca=wus_mock.pki.ca, cert=None)
    assert wus_mock.calls == []  # nothing reached the handlers


def test_tls_refused_with_certificate_of_another_ca(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    foreign = ThrowawayPKI.ensure(tmp_path / "foreign")
    with pytest.raises(requests.exceptions.RequestException):
        post(wus_mock.urls.status, b"<x/>", ca=wus_mock.pki.ca, cert=(foreign.client, foreign.client_key))
    # through the SDK it is a TransportError
    creds = Credentials.from_pem(foreign.client, foreign.client_key)
    from wus_client.retry import RetryPolicy

    client = wus_mock.client(credentials=creds, retry=RetryPolicy.never())
    with client, pytest.raises(TransportError):
        client.berichtsoorten_used(IDENTITY)
    assert wus_mock.calls == []


def test_wsdl_and_schema_are_served(wus_mock: MockDigipoort) -> None:
    from lxml import etree

    def get(url: str) -> requests.Response:
        with requests.Session() as s:
            s.trust_env = False
            cert = (str(wus_mock.pki.client), str(wus_mock.pki.client_key))
            return s.get(url, verify=str(wus_mock.pki.ca), cert=cert, timeout=5)

    wsdl = get(wus_mock.urls.aanlever + "?wsdl")
    assert wsdl.status_code == 200
    doc = etree.fromstring(wsdl.content)
    [address] = doc.iter("{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address.get("location") == wus_mock.urls.aanlever
    [imp] = [el for el in doc.iter() if el.get("schemaLocation")]
    xsd_url = requests.compat.urljoin(wus_mock.urls.aanlever, imp.get("schemaLocation"))
    xsd = get(xsd_url)
    assert xsd.status_code == 200 and b"aanleverRequest" in xsd.content
    assert get(wus_mock.urls.status + "?wsdl").status_code == 200
    traversal = wus_mock.urls.ophaal.replace("ophaalservice/1.2", "schemas/../../etc/passwd")
    assert get(traversal).status_code == 404
