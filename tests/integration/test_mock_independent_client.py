"""A client that shares no signing code with the SDK is accepted by the mock, and its
answer verifies both with the SDK's verifier and with signxml."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from _mock_wire import aanleveren_body, post_to_mock, signxml_request
from lxml import etree

from wus_client.config import SecurityProfile
from wus_client.security import verify_response
from wus_client.services import operation
from wus_client.testing import MockDigipoort
from wus_client.xml import DS, KV, WSA

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("profile", list(SecurityProfile))
def test_signxml_signed_request_gets_a_valid_signed_answer(
    wus_mock_factory: Callable[..., MockDigipoort], profile: SecurityProfile
) -> None:
    mock = wus_mock_factory(profile=profile)
    op = operation("aanleveren")
    data, message_id = signxml_request(
        url=mock.urls.aanlever,
        action=op.action,
        body=aanleveren_body("independent-1", content=b"<zelfgebouwd/>"),
        cert_pem=mock.pki.client.read_bytes(),
        key_pem=mock.pki.client_key.read_bytes(),
    )
    response = post_to_mock(mock, mock.urls.aanlever, data)

    assert response.status_code == 200, response.content[:800]
    verified = verify_response(
        response.content, [mock.pki.signing], profile, relates_to=message_id
    )
    assert verified.action == op.response_action
    assert verified.to == "http://www.w3.org/2005/08/addressing/anonymous"
    assert verified.expires is not None and (verified.expires - verified.created).total_seconds() == 600
    assert verified.body.tag == f"{{{KV}}}aanleverResponse"
    assert verified.body.findtext(f"{{{KV}}}aanleverkenmerk") == "independent-1"
    assert mock.submissions[0].content == b"<zelfgebouwd/>"

    # Digipoort's shape: Security first in the Header, the profile's algorithms.
    root = etree.fromstring(response.content)
    header = root[0]
    assert etree.QName(header[0]).localname == "Security"
    assert [etree.QName(el).localname for el in header[1:]] == ["To", "MessageID", "Action", "RelatesTo"]
    assert root.findtext(f".//{{{WSA}}}RelatesTo") == message_id
    method = root.find(f".//{{{DS}}}SignatureMethod")
    assert method is not None and method.get("Algorithm") == profile.signature_method


def test_answer_verifies_with_signxml_too(wus_mock_factory: Callable[..., MockDigipoort]) -> None:
    from signxml import XMLVerifier

    mock = wus_mock_factory(profile=SecurityProfile.SHA256)
    op = operation("aanleveren")
    data, _ = signxml_request(
        url=mock.urls.aanlever,
        action=op.action,
        body=aanleveren_body("independent-2"),
        cert_pem=mock.pki.client.read_bytes(),
        key_pem=mock.pki.client_key.read_bytes(),
    )
    response = post_to_mock(mock, mock.urls.aanlever, data)
    assert response.status_code == 200
    results = XMLVerifier().verify(
        response.content,
        x509_cert=mock.pki.signing.read_text(),
        expect_references=6,  # Timestamp, To, MessageID, Action, RelatesTo, Body
        ignore_ambiguous_key_info=True,
    )
    assert len(results) == 6
