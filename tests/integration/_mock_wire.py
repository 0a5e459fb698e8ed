"""Wire helpers for the mock's integration tests: raw signed requests, posted over mTLS.

They let a test send what the SDK never would (a Body changed after signing, a token that
is not the TLS certificate, no Timestamp, a request signed by signxml) and read the raw
answer.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from wus_client.config import SecurityProfile
from wus_client.credentials import Credentials
from wus_client.envelope import build_request_envelope, find_fault
from wus_client.errors import FaultError
from wus_client.models import Identity
from wus_client.security import Signer, sign_envelope
from wus_client.services import aanleveren_request, get_statussen_proces_request, operation
from wus_client.testing import MockDigipoort
from wus_client.xml import BASE64_BINARY, DS, EXC_C14N, SOAP_ENV, WSA, WSSE, WSU, X509V3, parse_untrusted

IDENTITY = Identity(nummer="001000044B37", type="Fi")
ID = f"{{{WSU}}}Id"


def aanleveren_body(aanleverkenmerk: str = "Happyflow", content: bytes = b"<aangifte/>") -> etree._Element:
    return aanleveren_request(
        berichtsoort="Omzetbelasting",
        identity=IDENTITY,
        rol="Bedrijf",
        content=content,
        filename="ob.xml",
        mime_type="application/xml",
        aanleverkenmerk=aanleverkenmerk,
    )


def status_body(kenmerk: str) -> etree._Element:
    return get_statussen_proces_request(kenmerk=kenmerk)


def sdk_signed(
    mock: MockDigipoort,
    op_name: str,
    body: etree._Element,
    *,
    signer: Signer | None = None,
    to: str | None = None,
    action: str | None = None,
    profile: SecurityProfile = SecurityProfile.DIGIPOORT,
    now: datetime | None = None,
) -> tuple[bytes, str]:
    """A request signed with the SDK's signer (default: the mock PKI's client key)."""
    op = operation(op_name)
    url = {"aanleverservice": mock.urls.aanlever, "statusinformatieservice": mock.urls.status}.get(
        op.service.value, mock.urls.ophaal
    )
    root, message_id = build_request_envelope(action=action or op.action, to=to or url, body=body)
    signer = signer or Signer.from_credentials(mock.credentials())
    return sign_envelope(root, signer, profile, now=now), message_id


def post(
    url: str,
    data: bytes,
    *,
    ca: Path,
    cert: tuple[Path, Path] | None,
    action: str = "",
    timeout: float = 10.0,
) -> requests.Response:
    with requests.Session() as session:
        session.trust_env = False
        return session.post(
            url,
            data=data,
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'},
            verify=str(ca),
            cert=(str(cert[0]), str(cert[1])) if cert else None,
            timeout=timeout,
        )


def post_to_mock(mock: MockDigipoort, url: str, data: bytes) -> requests.Response:
    return post(url, data, ca=mock.pki.ca, cert=(mock.pki.client, mock.pki.client_key))


def fault_of(response: requests.Response) -> FaultError:
    """The unsigned fault in a 500 answer (asserting it is one)."""
    assert response.status_code == 500, (response.status_code, response.content[:300])
    assert response.headers["Content-Type"].startswith("text/xml")
    fault = find_fault(parse_untrusted(response.content))
    assert fault is not None, response.content[:500]
    root = parse_untrusted(response.content)
    assert root.find(f"{{{SOAP_ENV}}}Header/{{{WSSE}}}Security") is None  # faults are unsigned
    return fault


def resign_without_timestamp(data: bytes, key_pem: bytes) -> bytes:
    """Drop the Timestamp and its Reference, then sign again: validly signed, no Timestamp."""
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True))
    timestamp = root.find(f".//{{{WSU}}}Timestamp")
    assert timestamp is not None
    ts_id = timestamp.get(ID)
    timestamp.getparent().remove(timestamp)  # type: ignore[union-attr]
    for ref in root.iter(f"{{{DS}}}Reference"):
        if ref.get("URI") == f"#{ts_id}":
            ref.getparent().remove(ref)  # type: ignore[union-attr]
    signature = root.find(f".//{{{DS}}}Signature")
    assert signature is not None
    xmlsec.tree.add_ids(root, ["Id"])
    ctx = xmlsec.SignatureContext()
    ctx.key = xmlsec.Key.from_memory(key_pem, xmlsec.KeyFormat.PEM, None)
    ctx.sign(signature)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def signxml_request(
    *,
    url: str,
    action: str,
    body: etree._Element,
    cert_pem: bytes,
    key_pem: bytes,
    sha256: bool = True,
    now: datetime | None = None,
) -> tuple[bytes, str]:
    """A request built with plain lxml and signed with signxml (not the SDK's signer)."""
    from signxml import DigestAlgorithm, SignatureMethod, XMLSigner, methods

    moment = now or datetime.now(UTC)
    message_id = f"urn:uuid:{uuid.uuid4()}"
    nsmap = {"soapenv": SOAP_ENV, "wsa": WSA, "wsse": WSSE, "wsu": WSU}
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=nsmap)  # type: ignore[arg-type]
    header = etree.SubElement(env, f"{{{SOAP_ENV}}}Header")
    security = etree.SubElement(header, f"{{{WSSE}}}Security", {f"{{{SOAP_ENV}}}mustUnderstand": "1"})
    ts = etree.SubElement(security, f"{{{WSU}}}Timestamp", {ID: "ts-1"})
    etree.SubElement(ts, f"{{{WSU}}}Created").text = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    expires = moment + timedelta(minutes=5)
    etree.SubElement(ts, f"{{{WSU}}}Expires").text = expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    bst = etree.SubElement(
        security,
        f"{{{WSSE}}}BinarySecurityToken",
        {ID: "bst-1", "ValueType": X509V3, "EncodingType": BASE64_BINARY},
    )
    bst.text = base64.b64encode(der).decode("ascii")
    ids: list[str] = ["ts-1"]
    for n, (name, value) in enumerate((("Action", action), ("MessageID", message_id), ("To", url))):
        el = etree.SubElement(header, f"{{{WSA}}}{name}", {ID: f"wsa-{n}"})
        el.text = value
        ids.append(f"wsa-{n}")
    soap_body = etree.SubElement(env, f"{{{SOAP_ENV}}}Body", {ID: "body-1"})
    soap_body.append(body)
    ids.append("body-1")

    key_info = etree.Element(f"{{{DS}}}KeyInfo", nsmap={"ds": DS})
    str_el = etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference", nsmap={"wsse": WSSE})
    etree.SubElement(str_el, f"{{{WSSE}}}Reference", {"URI": "#bst-1", "ValueType": X509V3})
    signer = XMLSigner(
        method=methods.detached,
        signature_algorithm=SignatureMethod.RSA_SHA256 if sha256 else SignatureMethod.RSA_SHA1,
        digest_algorithm=DigestAlgorithm.SHA256 if sha256 else DigestAlgorithm.SHA1,
        c14n_algorithm=EXC_C14N,
    )
    signature = signer.sign(env, key=key_pem, reference_uri=[f"#{i}" for i in ids], key_info=key_info)
    security.append(signature)
    return etree.tostring(env, encoding="UTF-8"), message_id


def ids_covered(data: bytes) -> Sequence[str]:
    root = parse_untrusted(data)
    return [str(ref.get("URI")) for ref in root.iter(f"{{{DS}}}Reference")]


def load_credentials(cert: Path, key: Path) -> Credentials:
    return Credentials.from_pem(cert, key)
