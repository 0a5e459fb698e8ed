"""WusClient end to end with sockets blocked: `responses` plays a signing Digipoort.

The fake server checks each request's signature with the SDK's own verifier (the
independent signxml check lives in test_signxml_interop.py) and answers with a body
signed by a test "Digipoort" key, so the client's whole path runs: build, sign, post,
verify, parse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from certs import Identity as CertIdentity
from certs import leaf
from lxml import etree

from wus_client import (
    ConfigurationError,
    Credentials,
    Environment,
    FaultError,
    Identity,
    MessageValidationError,
    SecurityError,
    SecurityProfile,
    TransportError,
    UncertainDeliveryError,
    WaitTimeoutError,
    WusClient,
)
from wus_client.envelope import build_fault_envelope, build_response_envelope
from wus_client.retry import RetryPolicy
from wus_client.security import sign_envelope, verify_envelope
from wus_client.services import operation_for_action
from wus_client.xml import KV, SOAP_ENV, WSA, WSSE

BASE = "https://digipoort.test/wus/2.0/"
ENV = Environment.from_base(BASE, name="unit")
IDENT = Identity("001000044B37", "Fi")
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0, deadline=5.0, jitter=False)


def _kv(tag: str, text: str | None = None, *children: etree._Element) -> etree._Element:
    el = etree.Element(f"{{{KV}}}{tag}", nsmap={None: KV})
    if text is not None:
        el.text = text
    el.extend(children)
    return el


def _identity_el(tag: str) -> etree._Element:
    return _kv(tag, None, _kv("nummer", IDENT.nummer), _kv("type", IDENT.type))


def _wire(request: requests.PreparedRequest) -> bytes:
    """The bytes a request puts on the wire (the client streams aanleveren in chunks)."""
    body: Any = request.body
    if isinstance(body, bytes):
        return body
    assert request.headers["Content-Length"] == str(len(body))
    assert "Transfer-Encoding" not in request.headers
    return b"".join(body)


class FakeDigipoort:
    """Answers like Digipoort: verifies the request, signs the answer with `signer`."""

    def __init__(self, signer: CertIdentity, client_cert: Credentials) -> None:
        self.signer = signer
        self.client_cert = client_cert
        self.requests: list[requests.PreparedRequest] = []
        self.statuses: list[tuple[str, str]] = []  # (code, foutcode) handed out in order
        self.per_call = 1
        self.tamper: Callable[[etree._Element], None] | None = None
        self.relates_to: str | None = None
        self.response_action: str | None = None
        self.fault: tuple[str, str] | None = None
        self.resign = False  # apply `tamper` before signing instead of after
        self.history: list[tuple[str, str]] | None = None  # what getStatussenProces answers

    def __call__(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(request)
        body = _wire(request)

        def accept(cert: Any) -> None:
            assert cert == self.client_cert.certificate

        verified = verify_envelope(
            body,
            profile=SecurityProfile.DIGIPOORT,
            accept_signer=accept,
            now=None,
            relates_to=None,
            clock_skew=timedelta(minutes=5),
            required_headers=("Action", "MessageID", "To"),
        )
        op = operation_for_action(verified.action or "")
        assert op is not None
        if self.fault:
            return (
                500,
                {"Content-Type": "text/xml"},
                build_fault_envelope(
                    fault_element=op.fault_element,
                    foutcode=self.fault[0],
                    foutbeschrijving=self.fault[1],
                    action=op.fault_action,
                    relates_to=verified.message_id,
                ),
            )
        answer = self._answer(op.name, verified.body)
        root = build_response_envelope(
            action=self.response_action or op.response_action,
            relates_to=self.relates_to or verified.message_id or "",
            body=answer,
        )
        if self.tamper is not None and self.resign:
            self.tamper(root)
        data = sign_envelope(root, self.signer.signer, SecurityProfile.DIGIPOORT, security_first=True)
        if self.tamper is not None and not self.resign:
            doc = etree.fromstring(data)
            self.tamper(doc)
            data = etree.tostring(doc)
        return 200, {"Content-Type": "text/xml; charset=utf-8"}, data

    def _answer(self, op: str, request: etree._Element) -> etree._Element:
        now = datetime.now(UTC).isoformat()
        if op == "aanleveren":
            return _kv(
                "aanleverResponse",
                None,
                _kv("kenmerk", "kenmerk-1"),
                _kv("berichtsoort", request.findtext(f"{{{KV}}}berichtsoort")),
                _kv("aanleverkenmerk", request.findtext(f"{{{KV}}}aanleverkenmerk")),
                _kv("tijdstempelAangeleverd", now),
                _identity_el("identiteitBelanghebbende"),
                _kv("rolBelanghebbende", "Bedrijf"),
            )
        assert op in ("getNieuweStatussenProces", "getStatussenProces")
        if op == "getStatussenProces" and self.history is not None:
            batch = self.history  # all statuses so far; "new" ones are not consumed
        else:
            batch, self.statuses = self.statuses[: self.per_call], self.statuses[self.per_call :]
        results = []
        for i, (code, fout) in enumerate(batch):
            stamp = (datetime.now(UTC) + timedelta(milliseconds=i)).isoformat()
            parts = [
                _kv("kenmerk", "kenmerk-1"),
                _identity_el("identiteitBelanghebbende"),
                _kv("statuscode", code),
                _kv("tijdstempelStatus", stamp),
                _kv("statusomschrijving", f"status {code}"),
            ]
            if fout:
                parts.append(_kv("statusFoutcode", None, _kv("foutcode", fout), _kv("foutbeschrijving", "x")))
            results.append(_kv("StatusResultaat", None, *parts))
        return _kv(f"{op}Response", None, _kv(f"{op}Return", None, *results))


@pytest.fixture(scope="module")
def client_identity() -> CertIdentity:
    return leaf("unit client")


@pytest.fixture
def digipoort(client_identity: CertIdentity) -> FakeDigipoort:
    creds = Credentials(certificate=client_identity.certificate, private_key=client_identity.key)
    return FakeDigipoort(leaf("digipoort"), creds)


@pytest.fixture
def mocked(digipoort: FakeDigipoort) -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for service in ("aanleverservice", "statusinformatieservice", "ophaalservice"):
            mock.add_callback(responses.POST, f"{BASE}{service}/1.2", callback=digipoort)
        yield mock


def _client(identity: CertIdentity, tmp_path: Path, **kw: Any) -> WusClient:
    kw.setdefault("response_certificates", [leaf("digipoort").cert_pem])
    kw.setdefault("retry", NO_WAIT)
    return WusClient(
        environment=ENV,
        credentials=Credentials(certificate=identity.certificate, private_key=identity.key),
        **kw,
    )


def _submit(client: WusClient, **kw: Any) -> Any:
    args: dict[str, Any] = {
        "berichtsoort": "Omzetbelasting",
        "identity": IDENT,
        "content": b"<xbrl/>",
        "filename": "Omzetbelasting.xbrl",
        "aanleverkenmerk": "ref-1",
    }
    args.update(kw)
    return client.submit(**args)


def test_submit_wire_bytes_and_verified_receipt(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    client = _client(client_identity, tmp_path)
    receipt = _submit(client)
    assert receipt.kenmerk == "kenmerk-1"
    assert receipt.aanleverkenmerk == "ref-1"
    assert receipt.tijdstempel_aangeleverd.tzinfo is not None

    (sent,) = digipoort.requests
    assert sent.headers["SOAPAction"] == (
        '"http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/aanleverenRequest"'
    )
    assert sent.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(_wire(sent))
    header = root.find(f"{{{SOAP_ENV}}}Header")
    assert header is not None
    assert [child.tag for child in header] == [
        f"{{{WSA}}}Action",
        f"{{{WSA}}}MessageID",
        f"{{{WSA}}}ReplyTo",
        f"{{{WSA}}}To",
        f"{{{WSSE}}}Security",
    ]
    assert header.findtext(f"{{{WSA}}}To") == f"{BASE}aanleverservice/1.2"
    assert (header.findtext(f"{{{WSA}}}MessageID") or "").startswith("urn:uuid:")


def test_validation_error_before_any_request(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    client = _client(client_identity, tmp_path, journal=tmp_path / "j.sqlite")
    with pytest.raises(MessageValidationError, match="berichtsoort"):
        _submit(client, berichtsoort="")
    with pytest.raises(MessageValidationError, match="content"):
        _submit(client, content="not bytes")
    assert digipoort.requests == []
    assert client.journal is not None and client.journal.entries() == []


def test_response_from_unpinned_signer_is_refused_and_journaled_uncertain(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    digipoort.signer = leaf("impostor")
    client = _client(client_identity, tmp_path, journal=tmp_path / "j.sqlite")
    with pytest.raises(SecurityError, match="pin"):
        _submit(client)
    assert client.journal is not None
    entry = client.journal.get("ref-1")
    assert entry is not None and entry.state == "uncertain"


def test_relates_to_mismatch_is_refused(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    digipoort.relates_to = "urn:uuid:00000000-0000-0000-0000-000000000000"
    with pytest.raises(SecurityError, match="RelatesTo"):
        _submit(_client(client_identity, tmp_path))


def test_response_action_of_another_operation_is_refused(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    digipoort.response_action = (
        "http://logius.nl/digipoort/wus/2.0/statusinformatieservice/1.2/"
        "StatusinformatieService/getStatussenProcesResponse"
    )
    with pytest.raises(SecurityError, match="wsa:Action"):
        _submit(_client(client_identity, tmp_path))


def test_tampered_body_is_refused(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    def swap_kenmerk(doc: etree._Element) -> None:
        doc.find(f".//{{{KV}}}kenmerk").text = "kenmerk-2"  # type: ignore[union-attr]

    digipoort.tamper = swap_kenmerk
    with pytest.raises(SecurityError):
        _submit(_client(client_identity, tmp_path))


def test_fault_is_a_fault_error_and_journaled_rejected(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    digipoort.fault = ("ALS100", "Het verzoek voldoet niet aan de koppelvlakspecificaties")
    client = _client(client_identity, tmp_path, journal=tmp_path / "j.sqlite")
    with pytest.raises(FaultError) as info:
        _submit(client)
    assert info.value.foutcode == "ALS100"
    assert info.value.operation == "aanleveren"
    assert info.value.http_status == 500
    assert len(digipoort.requests) == 1  # a fault is an answer: never retried
    entry = client.journal.get("ref-1")  # type: ignore[union-attr]
    assert entry is not None and entry.state == "rejected"


def test_aanleveren_retried_only_when_provably_not_sent(
    client_identity: CertIdentity, tmp_path: Path
) -> None:
    url = f"{BASE}aanleverservice/1.2"
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, url, body=requests.exceptions.ReadTimeout("read timed out"))
        client = _client(client_identity, tmp_path, journal=tmp_path / "j.sqlite")
        with pytest.raises(UncertainDeliveryError) as info:
            _submit(client)
        assert info.value.aanleverkenmerk == "ref-1"
        assert len(mock.calls) == 1  # may have arrived: not resent
    assert client.journal is not None
    assert client.journal.get("ref-1").state == "uncertain"  # type: ignore[union-attr]

    # A refused connection or failed handshake provably sent nothing: that is retried.
    # (The transport's own tests prove which socket errors carry request_sent=False.)
    class RefusingTransport:
        calls = 0

        def post(self, url: str, body: bytes, **kw: Any) -> Any:
            RefusingTransport.calls += 1
            raise TransportError(
                "connection refused", endpoint=url, operation="aanleveren", request_sent=False
            )

        def close(self) -> None:
            pass

    client = _client(client_identity, tmp_path, journal=tmp_path / "j2.sqlite", transport=RefusingTransport())
    with pytest.raises(TransportError) as info2:
        _submit(client, aanleverkenmerk="ref-2")
    assert not isinstance(info2.value, UncertainDeliveryError)
    assert RefusingTransport.calls == NO_WAIT.attempts
    assert client.journal.get("ref-2").state == "rejected"  # type: ignore[union-attr]


def test_status_call_retries_503_then_succeeds(
    client_identity: CertIdentity, digipoort: FakeDigipoort, tmp_path: Path
) -> None:
    url = f"{BASE}statusinformatieservice/1.2"
    digipoort.statuses = [("105", ""), ("100", "")]
    digipoort.per_call = 2
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, url, status=503, body="Service Unavailable", content_type="text/html")
        mock.add_callback(responses.POST, url, callback=digipoort)
        statuses = _client(client_identity, tmp_path).statuses("kenmerk-1")
        assert len(mock.calls) == 2
    assert [s.statuscode for s in statuses] == ["105", "100"]


def test_wait_follows_to_final_status(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    digipoort.statuses = [(c, "") for c in ("105", "100", "110", "200", "301", "301", "405", "400", "500")]
    digipoort.per_call = 3
    seen: list[str] = []
    final = _client(client_identity, tmp_path).wait(
        "kenmerk-1", timeout=10, poll_interval=0.0, on_status=lambda s: seen.append(s.statuscode)
    )
    assert final.statuscode == "500" and final.is_final and not final.is_error
    assert seen == ["105", "100", "110", "200", "301", "301", "405", "400", "500"]
    assert len(digipoort.requests) == 3


def test_wait_final_codes_override_and_afs600(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    digipoort.statuses = [("105", ""), ("400", ""), ("500", "")]
    client = _client(client_identity, tmp_path)
    assert client.wait("kenmerk-1", timeout=10, poll_interval=0.0, final_codes={"400"}).statuscode == "400"
    digipoort.statuses = [("420", ""), ("420", "AFS600")]
    final = client.wait("kenmerk-1", timeout=10, poll_interval=0.0)
    assert final.foutcode == "AFS600" and final.is_final and final.is_error


def test_wait_timeout_carries_last_status(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    digipoort.statuses = [("105", "")]
    with pytest.raises(WaitTimeoutError) as info:
        _client(client_identity, tmp_path).wait("kenmerk-1", timeout=0.05, poll_interval=0.01)
    assert info.value.last_status is not None and info.value.last_status.statuscode == "105"


def test_response_certificates_are_required(client_identity: CertIdentity, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="response_certificates"):
        _client(client_identity, tmp_path, response_certificates=[])


def test_from_env_builds_a_working_client(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    (tmp_path / "c.pem").write_bytes(client_identity.cert_pem)
    (tmp_path / "k.pem").write_bytes(client_identity.key_pem)
    (tmp_path / "s.pem").write_bytes(leaf("digipoort").cert_pem)
    env = {
        "WUS_AANLEVER_URL": f"{BASE}aanleverservice/1.2",
        "WUS_STATUS_URL": f"{BASE}statusinformatieservice/1.2",
        "WUS_CERT": str(tmp_path / "c.pem"),
        "WUS_KEY": str(tmp_path / "k.pem"),
        "WUS_RESPONSE_CERT": str(tmp_path / "s.pem"),
        "WUS_PROFILE": "digipoort",
    }
    with WusClient.from_env(env, retry=NO_WAIT) as client:
        assert client.profile is SecurityProfile.DIGIPOORT
        assert _submit(client).kenmerk == "kenmerk-1"


def test_response_addressed_elsewhere_is_refused(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    def readdress(doc: etree._Element) -> None:
        # re-signed below, so only the client's To rule can refuse it
        doc.find(f".//{{{WSA}}}To").text = "https://attacker.example/"  # type: ignore[union-attr]

    digipoort.tamper = readdress
    digipoort.resign = True
    with pytest.raises(SecurityError, match="wsa:To"):
        _submit(_client(client_identity, tmp_path))


def test_wait_catches_up_when_the_new_statuses_were_fetched_elsewhere(
    client_identity: CertIdentity, digipoort: FakeDigipoort, mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    # Someone already fetched the "new" statuses (getNieuweStatussenProces answers
    # nothing); the process is final. wait() must not sit out its timeout.
    digipoort.history = [("105", ""), ("100", ""), ("500", "")]
    seen: list[str] = []
    final = _client(client_identity, tmp_path).wait(
        "kenmerk-1", timeout=30, poll_interval=0.0, on_status=lambda s: seen.append(s.statuscode)
    )
    assert final.statuscode == "500"
    assert seen == ["105", "100", "500"]
    assert len(digipoort.requests) == 2  # one getNieuweStatussenProces, one getStatussenProces
