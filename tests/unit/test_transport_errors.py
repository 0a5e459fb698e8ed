"""Transport error mapping and wire headers, offline (``responses`` replaces the adapter).

The real-socket counterparts live in tests/integration/test_transport_tls.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import ssl
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses
import urllib3.exceptions
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from wus_client.credentials import Credentials
from wus_client.errors import ConfigurationError, TransportError
from wus_client.transport import DEFAULT_USER_AGENT, HttpResponse, Transport, _tls
from wus_client.transport._mapping import classify

URL = "https://wus.preproductie.digipoort.logius.nl/wus/2.0/aanleverservice/1.2"
ACTION = "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/aanleverenRequest"
BODY = b'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope>payload</soap:Envelope>'
FAULT = b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><s:Fault/></s:Body></s:Envelope>"


@pytest.fixture(scope="module")
def credentials() -> Credentials:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Unit client")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Credentials(certificate=cert, private_key=key)


@pytest.fixture
def ca_file(credentials: Credentials, tmp_path: Path) -> Path:
    path = tmp_path / "server-ca.pem"
    path.write_bytes(credentials.certificate_pem)
    return path


@pytest.fixture
def transport(credentials: Credentials, ca_file: Path) -> Iterator[Transport]:
    with Transport(credentials, server_ca=ca_file, timeout=12.5) as t:
        yield t


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _post(t: Transport, **kw: float) -> HttpResponse:
    return t.post(URL, BODY, action=ACTION, operation="aanleveren", **kw)


# ------------------------------------------------------------------ wire


def test_headers_body_and_timeout_on_the_wire(transport: Transport, mocked: responses.RequestsMock) -> None:
    mocked.add(responses.POST, URL, body=b"<ok/>", status=200, content_type="text/xml; charset=utf-8")
    result = _post(transport)
    assert result == HttpResponse(
        status_code=200, content=b"<ok/>", content_type="text/xml; charset=utf-8", elapsed=result.elapsed
    )
    assert result.elapsed >= 0
    sent = mocked.calls[0].request
    assert sent.method == "POST" and sent.url == URL
    assert sent.body == BODY
    assert sent.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert sent.headers["SOAPAction"] == f'"{ACTION}"'
    assert sent.headers["Content-Length"] == str(len(BODY))
    assert sent.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert sent.headers["User-Agent"].startswith("wus_client/")
    assert "Expect" not in sent.headers
    assert "Cookie" not in sent.headers and "Authorization" not in sent.headers
    assert sent.req_kwargs["timeout"] == (12.5, 12.5)
    assert sent.req_kwargs["verify"] is True
    assert sent.req_kwargs.get("cert") is None


def test_per_call_timeout_and_custom_user_agent(credentials: Credentials, ca_file: Path) -> None:
    with (
        Transport(credentials, server_ca=ca_file, user_agent="payroll/2.1") as t,
        responses.RequestsMock() as mock,
    ):
        mock.add(responses.POST, URL, body=b"<ok/>", content_type="text/xml")
        _post(t, timeout=0.75)
        assert mock.calls[0].request.req_kwargs["timeout"] == (0.75, 0.75)
        assert mock.calls[0].request.headers["User-Agent"] == "payroll/2.1"


def test_cookies_are_never_stored_or_sent(transport: Transport, mocked: responses.RequestsMock) -> None:
    mocked.add(
        responses.POST,
        URL,
        body=b"<ok/>",
        content_type="text/xml",
        headers={"Set-Cookie": "lb=node1; Path=/"},
    )
    _post(transport)
    _post(transport)
    assert "Cookie" not in mocked.calls[1].request.headers


# ------------------------------------------------------------------ HTTP status table


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (200, "text/xml; charset=utf-8", b"<r/>"),
        (202, None, b""),
        (500, "text/xml; charset=utf-8", FAULT),
        (500, "application/soap+xml", FAULT),
        (500, None, b'<?xml version="1.0"?>' + FAULT),
        (500, "text/plain", b"  " + FAULT),  # a mislabelled fault is still a fault
    ],
)
def test_returned(
    status: int, content_type: str | None, body: bytes, transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(responses.POST, URL, body=body, status=status, content_type=content_type)
    result = _post(transport)
    assert (result.status_code, result.content) == (status, body)
    assert result.content_type == (content_type or "")


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (500, "text/html", b"<html><body>Internal Server Error</body></html>"),
        (500, "text/html", b'<?xml version="1.0"?><html/>'),  # declared HTML wins
        (500, "text/plain", b"oops"),
        (502, "text/xml", FAULT),  # only 500 may carry a fault
        (503, "text/html", b"<html>maintenance</html>"),
        (404, "text/plain", b"not found"),
        (401, "text/plain", b""),
        (301, "text/plain", b""),
        (100 + 99, "text/plain", b""),
    ],
)
def test_raised(
    status: int, content_type: str, body: bytes, transport: Transport, mocked: responses.RequestsMock
) -> None:
    headers = {"Location": "https://elsewhere.example/"} if status == 301 else None
    mocked.add(responses.POST, URL, body=body, status=status, content_type=content_type, headers=headers)
    with pytest.raises(TransportError) as info:
        _post(transport)
    err = info.value
    assert err.status_code == status
    assert err.request_sent is True
    assert (err.endpoint, err.operation) == (URL, "aanleveren")
    assert f"HTTP {status}" in str(err) and URL in str(err) and "aanleveren" in str(err)
    assert len(mocked.calls) == 1  # no redirect followed, no retry


# ------------------------------------------------------------------ exception table


def _max_retry(reason: Exception) -> urllib3.exceptions.MaxRetryError:
    return urllib3.exceptions.MaxRetryError(None, URL, reason)  # type: ignore[arg-type]


def _ssl(reason: str) -> ssl.SSLError:
    error = ssl.SSLError(1, f"[SSL: {reason}] ...")
    error.reason = reason  # type: ignore[misc]
    return error


REFUSED = requests.exceptions.ConnectionError(
    _max_retry(urllib3.exceptions.NewConnectionError(None, "Failed: [Errno 111] Connection refused"))  # type: ignore[arg-type]
)
REFUSED.__context__ = ConnectionRefusedError(111, "Connection refused")

EXCEPTIONS = [
    pytest.param(REFUSED, "connection refused", False, id="refused"),
    pytest.param(
        requests.exceptions.ConnectionError(
            _max_retry(urllib3.exceptions.NameResolutionError("wus.invalid", None, OSError("no name")))  # type: ignore[arg-type]
        ),
        "cannot resolve",
        False,
        id="dns",
    ),
    pytest.param(
        requests.exceptions.ConnectTimeout(_max_retry(urllib3.exceptions.ConnectTimeoutError("slow"))),
        "timed out connecting",
        False,
        id="connect-timeout",
    ),
    pytest.param(
        requests.exceptions.SSLError(
            _max_retry(urllib3.exceptions.SSLError(_ssl("CERTIFICATE_VERIFY_FAILED")))
        ),
        "TLS handshake failed (CERTIFICATE_VERIFY_FAILED)",
        False,
        id="tls-verify",
    ),
    pytest.param(
        requests.exceptions.ReadTimeout(urllib3.exceptions.ReadTimeoutError(None, URL, "Read timed out")),  # type: ignore[arg-type]
        "timed out waiting for the response",
        None,
        id="read-timeout",
    ),
    pytest.param(
        requests.exceptions.ConnectionError(
            urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "reset"))
        ),
        "connection lost",
        None,
        id="reset",
    ),
    pytest.param(
        requests.exceptions.ChunkedEncodingError(urllib3.exceptions.ProtocolError("broken chunk")),
        "connection lost",
        None,
        id="chunked",
    ),
]


@pytest.mark.parametrize(("exc", "what", "sent"), EXCEPTIONS)
def test_library_errors_become_transport_errors(
    exc: Exception, what: str, sent: bool | None, transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(responses.POST, URL, body=exc)
    with pytest.raises(TransportError) as info:
        _post(transport)
    err = info.value
    assert what in str(err)
    assert err.request_sent is sent
    assert (err.endpoint, err.operation, err.status_code) == (URL, "aanleveren", None)
    assert URL in str(err) and "operation=aanleveren" in str(err)
    assert err.__cause__ is exc


# When the real connection layer ran, the phase it reached decides.
PHASES = [
    (
        "connecting",
        requests.exceptions.ReadTimeout("handshake read timed out"),
        False,
    ),  # TLS handshake stalled
    ("connecting", requests.exceptions.ConnectionError("reset during handshake"), False),
    ("sending", requests.exceptions.ReadTimeout("read timed out"), True),
    ("sending", requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError("aborted")), True),
    ("sending", requests.exceptions.SSLError(_ssl("UNEXPECTED_EOF_WHILE_READING")), True),  # RST: unknown
    ("sending", requests.exceptions.SSLError(_ssl("TLSV13_ALERT_CERTIFICATE_REQUIRED")), False),
    ("sending", requests.exceptions.SSLError(_ssl("TLSV1_ALERT_UNKNOWN_CA")), False),
    ("sending", requests.exceptions.SSLError(_ssl("SSLV3_ALERT_BAD_CERTIFICATE")), False),
]


@pytest.mark.parametrize(("phase", "exc", "sent"), PHASES)
def test_phase_decides_request_sent(phase: str, exc: Exception, sent: bool) -> None:
    assert classify(exc, phase)[1] is sent  # type: ignore[arg-type]


# ------------------------------------------------------------------ configuration


def test_only_https_endpoints(transport: Transport) -> None:
    with pytest.raises(ConfigurationError, match="https"):
        transport.post("http://example.test/x", BODY, action=ACTION, operation="aanleveren")


def test_unusable_url_is_unsent(transport: Transport) -> None:
    with pytest.raises(TransportError, match="invalid endpoint URL") as info:
        transport.post("https://:443/x", BODY, action=ACTION, operation="aanleveren")
    assert info.value.request_sent is False


def test_closed_transport(transport: Transport, mocked: responses.RequestsMock) -> None:
    transport.close()
    with pytest.raises(TransportError, match="closed") as info:
        _post(transport)
    assert info.value.request_sent is False
    assert len(mocked.calls) == 0


@pytest.mark.parametrize(
    ("kw", "field"), [({"timeout": 0}, "timeout"), ({"pool_maxsize": 0}, "pool_maxsize")]
)
def test_bad_settings(kw: dict[str, float], field: str, credentials: Credentials, ca_file: Path) -> None:
    with pytest.raises(ConfigurationError, match=f"^{field}:"):
        Transport(credentials, server_ca=ca_file, **kw)  # type: ignore[arg-type]


def test_missing_or_bad_server_ca_is_named(credentials: Credentials, tmp_path: Path) -> None:
    missing = tmp_path / "ca.pem"
    with pytest.raises(ConfigurationError, match="server_ca") as info:
        Transport(credentials, server_ca=missing)
    assert str(missing) in str(info.value)
    missing.write_text("garbage")
    with pytest.raises(ConfigurationError, match="server_ca"):
        Transport(credentials, server_ca=missing)


def test_ssl_context_policy(transport: Transport) -> None:
    context = transport.ssl_context
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert context.check_hostname is True
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert [c["subject"] for c in context.get_ca_certs()] == [((("commonName", "Unit client"),),)]


def test_session_ignores_the_environment(transport: Transport) -> None:
    session = transport._session
    assert session.trust_env is False
    assert session.proxies == {}
    assert list(session.adapters) == ["https://"]


def test_key_files_are_private_encrypted_and_removed(
    credentials: Credentials, ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int, bytes]] = []
    original = _tls._write_private

    def spy(path: str, data: bytes) -> None:
        original(path, data)
        seen.append((path, stat.S_IMODE(os.stat(path).st_mode), Path(path).read_bytes()))

    monkeypatch.setattr(_tls, "_write_private", spy)
    Transport(credentials, server_ca=ca_file).close()
    assert len(seen) == 2
    assert all(mode == 0o600 for _, mode, _ in seen)
    directory = os.path.dirname(seen[0][0])
    assert os.path.dirname(seen[1][0]) == directory and directory.startswith(tempfile.gettempdir())
    key_pem = next(data for _, _, data in seen if b"PRIVATE KEY" in data)
    assert key_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert not os.path.exists(directory)


def test_repr_and_logs_hold_no_secrets(
    credentials: Credentials, ca_file: Path, mocked: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    mocked.add(responses.POST, URL, body=b"<ok>response-secret</ok>", content_type="text/xml")
    with caplog.at_level(logging.DEBUG), Transport(credentials, server_ca=ca_file) as t:
        result = _post(t)
        shown = repr(t) + repr(result) + caplog.text
    assert "Unit client" in repr(t)
    assert "PRIVATE KEY" not in shown
    assert "payload" not in shown and "response-secret" not in shown
    assert str(credentials.private_key.private_numbers().d) not in shown
    assert "bytes=" in caplog.text  # sizes are logged, bodies not
