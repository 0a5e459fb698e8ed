"""Envelope builders and fault detection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from wus_client.envelope import (
    build_fault_envelope,
    build_request_envelope,
    build_response_envelope,
    find_fault,
)
from wus_client.errors import FaultError
from wus_client.xml import KV, NS, SOAP_ENV, WSA, WSA_ANONYMOUS, WSU

ACTION = "http://logius.nl/digipoort/wus/2.0/statusinformatieservice/1.2/StatusinformatieService/getStatussenProcesRequest"
TO = "https://wus.digipoort.logius.nl/wus/2.0/statusinformatieservice/1.2"
ID = f"{{{WSU}}}Id"
UUID_URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def test_request_envelope_headers() -> None:
    body = etree.Element(f"{{{KV}}}getStatussenProcesRequest")
    root, message_id = build_request_envelope(action=ACTION, to=TO, body=body)
    assert UUID_URN.fullmatch(message_id)
    header, soap_body = list(root)
    assert root.tag == f"{{{SOAP_ENV}}}Envelope" and header.tag == f"{{{SOAP_ENV}}}Header"
    assert [child.tag for child in header] == [
        f"{{{WSA}}}Action",
        f"{{{WSA}}}MessageID",
        f"{{{WSA}}}ReplyTo",
        f"{{{WSA}}}To",
    ]
    action, mid, reply_to, to = list(header)
    assert action.text == ACTION and action.get(f"{{{SOAP_ENV}}}mustUnderstand") == "1"
    assert mid.text == message_id
    assert [(c.tag, c.text) for c in reply_to] == [(f"{{{WSA}}}Address", WSA_ANONYMOUS)]
    assert to.text == TO
    assert soap_body.tag == f"{{{SOAP_ENV}}}Body"
    assert soap_body[0] is body  # moved in, not copied
    ids = [e.get(ID) for e in (action, mid, reply_to, to, soap_body)]
    assert all(ids) and len(set(ids)) == 5
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", i or "") for i in ids)  # NCName


def test_request_envelope_with_given_message_id_and_no_reply_to() -> None:
    root, message_id = build_request_envelope(
        action=ACTION, to=TO, body=etree.Element("x"), message_id="urn:uuid:given", reply_to=False
    )
    assert message_id == "urn:uuid:given"
    assert [local(c) for c in root[0]] == ["Action", "MessageID", "To"]
    assert root.findtext(f".//{{{WSA}}}MessageID") == "urn:uuid:given"


def test_two_envelopes_get_different_ids_and_message_ids() -> None:
    a, mid_a = build_request_envelope(action=ACTION, to=TO, body=etree.Element("x"))
    b, mid_b = build_request_envelope(action=ACTION, to=TO, body=etree.Element("x"))
    assert mid_a != mid_b
    assert not set(a.xpath("//@wsu:Id", namespaces=NS)) & set(b.xpath("//@wsu:Id", namespaces=NS))


def test_response_envelope_as_digipoort_answers() -> None:
    body = etree.Element(f"{{{KV}}}aanleverResponse")
    root = build_response_envelope(
        action="urn:act", relates_to="urn:uuid:ours", body=body, message_id="uuid:x"
    )
    header = root[0]
    assert [(local(c), c.text) for c in header] == [
        ("To", WSA_ANONYMOUS),
        ("MessageID", "uuid:x"),
        ("Action", "urn:act"),
        ("RelatesTo", "urn:uuid:ours"),
    ]
    assert all(c.get(ID) for c in header) and root[1].get(ID)
    assert root[1][0] is body


def test_fault_envelope_round_trips_through_find_fault() -> None:
    data = build_fault_envelope(
        fault_element="aanleverFault",
        foutcode="ALS100",
        foutbeschrijving="Het verzoek voldoet niet.",
        action="http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/aanleveren/Fault/",
        relates_to="urn:uuid:ours",
    )
    assert data.startswith(b"<?xml")
    root = etree.fromstring(data)
    assert root.findtext(f".//{{{WSA}}}RelatesTo") == "urn:uuid:ours"
    fault = find_fault(root)
    assert isinstance(fault, FaultError)
    assert (fault.foutcode, fault.foutbeschrijving, fault.faultstring, fault.faultcode) == (
        "ALS100",
        "Het verzoek voldoet niet.",
        "Algemene fout",
        "soapenv:Client",
    )
    assert root.findtext(".//faultactor") == "Verantwoordingsplichtige"
    assert root.find(f".//detail/{{{KV}}}aanleverFault/{{{KV}}}foutcode") is not None


def test_fault_envelope_without_relates_to() -> None:
    data = build_fault_envelope(
        fault_element="ophaalFault", foutcode="OPH100", foutbeschrijving="x", action="urn:a", relates_to=None
    )
    assert b"RelatesTo" not in data


def test_fault_envelope_refuses_unknown_fault_element() -> None:
    with pytest.raises(ValueError, match="fault_element"):
        build_fault_envelope(
            fault_element="evilFault", foutcode="X", foutbeschrijving="", action="a", relates_to=None
        )


@pytest.mark.reference
@pytest.mark.parametrize(
    ("name", "element"),
    [
        ("fault-deliver-response.xml", "aanleverFault"),
        ("fault-newstatus-response.xml", "statusinformatieFault"),
    ],
)
def test_fault_envelope_has_the_shape_of_the_captured_ones(
    reference_dir: Path, name: str, element: str
) -> None:
    captured = etree.parse(str(reference_dir / "digipoort" / "responses" / name)).getroot()
    ours = etree.fromstring(
        build_fault_envelope(
            fault_element=element, foutcode="X", foutbeschrijving="y", action="urn:a", relates_to="urn:b"
        )
    )

    def shape(root: etree._Element) -> list[str]:
        return [e.tag for e in root.iter(tag=etree.Element)]

    assert shape(ours) == shape(captured)


def test_find_fault_ignores_a_fault_outside_the_actual_body() -> None:
    root = build_response_envelope(action="a", relates_to="b", body=etree.Element("ok"))
    root[0].append(etree.Element(f"{{{SOAP_ENV}}}Fault"))
    assert find_fault(root) is None


def test_find_fault_on_non_envelopes_and_plain_bodies() -> None:
    assert find_fault(etree.Element("x")) is None
    assert find_fault(build_response_envelope(action="a", relates_to="b", body=etree.Element("ok"))) is None


def test_find_fault_without_detail() -> None:
    root = etree.fromstring(
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault>'
        b"<faultcode>e:Server</faultcode><faultstring>boom</faultstring></e:Fault></e:Body></e:Envelope>"
    )
    fault = find_fault(root)
    assert fault is not None
    assert (fault.foutcode, fault.foutbeschrijving, fault.faultstring) == (None, None, "boom")
