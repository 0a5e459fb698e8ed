"""The transport against a REAL local HTTPS server (a thread, a throwaway CA made here).

Each failure mode is produced by a real socket so that ``request_sent`` is proven on
the wire: the server records every accept, handshake and request it saw.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import os
import socket
import ssl
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from wus_client.credentials import Credentials
from wus_client.errors import ConfigurationError, TransportError
from wus_client.transport import Transport

pytestmark = pytest.mark.integration

KEY_PASSWORD = "s3cret-Key-pass!"  # test data; asserted never to leak
ACTION = "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/aanleverenRequest"
PATH = "/wus/2.0/aanleverservice/1.2"


# --------------------------------------------------------------------------- PKI


@dataclass(frozen=True)
class Issued:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wus test"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def make_ca(cn: str) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def issue(ca: Issued, cn: str, *, hosts: tuple[str, ...] = (), client: bool = False) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.CLIENT_AUTH if client else ExtendedKeyUsageOID.SERVER_AUTH]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if hosts:
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return Issued(builder.sign(ca.key, hashes.SHA256()), key)


@dataclass(frozen=True)
class Pki:
    dir: Path
    ca: Issued
    rogue_ca: Issued
    server: Issued
    wrong_host_server: Issued
    rogue_server: Issued
    client: Issued
    rogue_client: Issued

    @property
    def ca_file(self) -> Path:
        return self.dir / "ca.pem"

    @property
    def rogue_ca_file(self) -> Path:
        return self.dir / "rogue-ca.pem"

    def server_context(self, leaf: Issued, *, client_ca: Issued | None = None) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        stem = f"srv-{leaf.cert.serial_number:x}"
        cert_file, key_file = self.dir / f"{stem}.pem", self.dir / f"{stem}.key"
        cert_file.write_bytes(leaf.cert_pem())
        key_file.write_bytes(leaf.key_pem())
        context.load_cert_chain(cert_file, key_file)
        context.verify_mode = ssl.CERT_REQUIRED
        trusted = client_ca or self.ca
        context.load_verify_locations(cadata=trusted.cert_pem().decode("ascii"))
        return context

    def credentials(self, leaf: Issued | None = None) -> Credentials:
        return Credentials(certificate=(leaf or self.client).cert, private_key=(leaf or self.client).key)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    directory = tmp_path_factory.mktemp("pki")
    ca, rogue_ca = make_ca("Test Root CA"), make_ca("Rogue Root CA")
    result = Pki(
        dir=directory,
        ca=ca,
        rogue_ca=rogue_ca,
        server=issue(ca, "localhost", hosts=("localhost", "127.0.0.1")),
        wrong_host_server=issue(ca, "other.example", hosts=("other.example",)),
        rogue_server=issue(rogue_ca, "localhost", hosts=("localhost", "127.0.0.1")),
        client=issue(ca, "Client 00000001234567890000", client=True),
        rogue_client=issue(rogue_ca, "Rogue client", client=True),
    )
    result.ca_file.write_bytes(ca.cert_pem())
    result.rogue_ca_file.write_bytes(rogue_ca.cert_pem())
    return result


# --------------------------------------------------------------------------- server


@dataclass
class Seen:
    accepts: int = 0
    handshakes: int = 0
    handshake_errors: list[str] = field(default_factory=list)
    requests: list[tuple[bytes, dict[str, str], bytes]] = field(default_factory=list)
    raw_heads: list[bytes] = field(default_factory=list)
    client_subjects: list[str] = field(default_factory=list)
    client_closed: threading.Event = field(default_factory=threading.Event)


class TlsServer:
    """A tiny threaded HTTPS/1.1 server with keep-alive and misbehaviour on demand.

    behaviour: "respond" (default), "close_after_request", "hang" (read the request,
    never answer), "silent" (accept TCP, never do TLS).
    """

    def __init__(self, context: ssl.SSLContext | None, behaviour: str = "respond") -> None:
        self.context = context
        self.behaviour = behaviour
        self.status = 200
        self.reason = "OK"
        self.content_type = "text/xml; charset=utf-8"
        self.body: bytes | None = None  # None: echo the request body
        self.extra_headers: dict[str, str] = {}
        self.seen = Seen()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._accept_thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._accept_thread.start()

    def url(self, host: str = "localhost") -> str:
        return f"https://{host}:{self.port}{PATH}"

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.seen.accepts += 1
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(worker)
            worker.start()

    def _serve(self, raw: socket.socket) -> None:
        raw.settimeout(5)
        try:
            if self.behaviour == "silent":
                self._stop.wait(10)
                return
            assert self.context is not None
            conn = self.context.wrap_socket(raw, server_side=True, do_handshake_on_connect=False)
            try:
                conn.do_handshake()
            except (ssl.SSLError, OSError) as exc:
                with self._lock:
                    self.seen.handshake_errors.append(str(exc))
                self._linger(conn)
                conn.close()
                return
            with conn:
                with self._lock:
                    self.seen.handshakes += 1
                    peer = conn.getpeercert()
                    if peer:
                        self.seen.client_subjects.append(str(peer.get("subject")))
                self._http_loop(conn)
        except (OSError, ssl.SSLError):
            pass
        finally:
            raw.close()

    @staticmethod
    def _linger(conn: ssl.SSLSocket) -> None:
        # Like nginx's lingering close: read what the client still sends, so that closing
        # does not RST away the alert we just sent it.
        try:
            with socket.socket(fileno=os.dup(conn.fileno())) as raw:
                raw.settimeout(0.5)
                raw.shutdown(socket.SHUT_WR)
                while raw.recv(65536):
                    pass
        except OSError:
            pass

    def _http_loop(self, conn: ssl.SSLSocket) -> None:
        buffer = b""
        while not self._stop.is_set():
            while b"\r\n\r\n" not in buffer:
                chunk = conn.recv(65536)
                if not chunk:
                    self.seen.client_closed.set()
                    return
                buffer += chunk
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            lines = head.split(b"\r\n")
            headers = {}
            for line in lines[1:]:
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            pending = bytearray(buffer)
            while len(pending) < length:
                chunk = conn.recv(1 << 20)
                if not chunk:
                    return
                pending += chunk
            buffer = bytes(pending)
            body, buffer = buffer[:length], buffer[length:]
            with self._lock:
                self.seen.requests.append((lines[0], headers, body))
                self.seen.raw_heads.append(head)
            if self.behaviour == "close_after_request":
                conn.close()
                return
            if self.behaviour == "hang":
                self._stop.wait(10)
                return
            payload = body if self.body is None else self.body
            extra = "".join(f"{k}: {v}\r\n" for k, v in self.extra_headers.items())
            conn.sendall(
                f"HTTP/1.1 {self.status} {self.reason}\r\nContent-Type: {self.content_type}\r\n"
                f"Content-Length: {len(payload)}\r\n{extra}\r\n".encode("latin-1")
                + payload
            )

    def close(self) -> None:
        self._stop.set()
        self._accept_thread.join(2)
        self._sock.close()
        for worker in self._threads:
            worker.join(2)


@pytest.fixture
def serve(pki: Pki) -> Iterator[Callable[..., TlsServer]]:
    servers: list[TlsServer] = []

    def start(
        leaf: Issued | None = None,
        behaviour: str = "respond",
        *,
        client_ca: Issued | None = None,
        context: ssl.SSLContext | None = None,
    ) -> TlsServer:
        ctx = context or pki.server_context(leaf or pki.server, client_ca=client_ca)
        server = TlsServer(ctx, behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def transport(pki: Pki) -> Iterator[Transport]:
    with Transport(pki.credentials(), server_ca=pki.ca_file, timeout=5) as t:
        yield t


def _eventually(check: Callable[[], bool], within: float = 2.0) -> bool:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _post(t: Transport, url: str, body: bytes = b"<Envelope>hi</Envelope>", **kw: float) -> object:
    return t.post(url, body, action=ACTION, operation="aanleveren", **kw)


# --------------------------------------------------------------------------- happy path


def test_post_sends_exact_headers_and_body_over_mutual_tls(
    pki: Pki, serve: Callable[..., TlsServer], transport: Transport
) -> None:
    server = serve()
    body = b'<?xml version="1.0" encoding="UTF-8"?><Envelope>\xc3\xa9</Envelope>'
    response = transport.post(server.url(), body, action=ACTION, operation="aanleveren")

    assert response.status_code == 200
    assert response.content == body
    assert response.content_type == "text/xml; charset=utf-8"
    assert 0 < response.elapsed < 5
    request_line, headers, received = server.seen.requests[0]
    assert request_line == f"POST {PATH} HTTP/1.1".encode()
    assert received == body
    assert headers["content-type"] == "text/xml; charset=utf-8"
    assert headers["soapaction"] == f'"{ACTION}"'
    assert headers["content-length"] == str(len(body))
    assert headers["user-agent"].startswith("wus_client/")
    assert headers["host"] == f"localhost:{server.port}"
    assert "expect" not in headers
    assert "transfer-encoding" not in headers
    assert "cookie" not in headers and "authorization" not in headers
    # The server saw our client certificate.
    assert "Client 00000001234567890000" in server.seen.client_subjects[0]


def test_two_posts_reuse_one_tcp_connection(serve: Callable[..., TlsServer], transport: Transport) -> None:
    server = serve()
    for i in range(3):
        assert _post(transport, server.url(), f"<n>{i}</n>".encode()).content == f"<n>{i}</n>".encode()  # type: ignore[attr-defined]
    assert len(server.seen.requests) == 3
    assert server.seen.accepts == 1
    assert server.seen.handshakes == 1


def test_a_27_mib_envelope_round_trips_intact(serve: Callable[..., TlsServer], transport: Transport) -> None:
    server = serve()  # a 20 MiB payload is ~27 MiB of base64 inside the envelope
    body = b"<Envelope>" + os.urandom(27 * 1024 * 1024 // 2).hex().encode() + b"</Envelope>"
    started = time.monotonic()
    response = _post(transport, server.url(), body)
    assert response.content == body  # type: ignore[attr-defined]
    assert server.seen.requests[0][1]["content-length"] == str(len(body))
    assert time.monotonic() - started < 10


def test_close_shuts_pooled_connections_at_once(serve: Callable[..., TlsServer], pki: Pki) -> None:
    server = serve()
    server.status, server.content_type, server.body = 503, "text/html", b"<html/>"
    t = Transport(pki.credentials(), server_ca=pki.ca_file, timeout=5)
    with pytest.raises(TransportError) as info:  # the traceback keeps the pool referenced
        _post(t, server.url())
    assert not server.seen.client_closed.is_set()  # kept alive in the pool
    t.close()
    assert server.seen.client_closed.wait(1.0)
    assert info.value.status_code == 503


def test_concurrent_posts_from_threads_are_not_mixed_up(pki: Pki, serve: Callable[..., TlsServer]) -> None:
    server = serve()
    with Transport(pki.credentials(), server_ca=pki.ca_file, timeout=5, pool_maxsize=4) as t:

        def one(i: int) -> bytes:
            return t.post(server.url(), f"<req n='{i}'/>".encode(), action=ACTION, operation="op").content

        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(one, range(40)))
    assert results == [f"<req n='{i}'/>".encode() for i in range(40)]
    assert len(server.seen.requests) == 40
    # Connections are pooled, not opened per request.
    assert server.seen.accepts <= 8


# --------------------------------------------------------------------------- credentials


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _pkcs12(pki: Pki, tmp: Path) -> Credentials:
    blob = pkcs12.serialize_key_and_certificates(
        b"client",
        pki.client.key,
        pki.client.cert,
        [pki.ca.cert],
        serialization.BestAvailableEncryption(KEY_PASSWORD.encode()),
    )
    return Credentials.from_pkcs12(_write(tmp / "client.p12", blob), password=KEY_PASSWORD.encode())


def _pkcs8_encrypted(pki: Pki, tmp: Path) -> Credentials:
    key = pki.client.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(KEY_PASSWORD.encode()),
    )
    assert b"BEGIN ENCRYPTED PRIVATE KEY" in key
    return Credentials.from_pem(
        _write(tmp / "c.pem", pki.client.cert_pem()), _write(tmp / "k.pem", key), password=KEY_PASSWORD
    )


def _traditional_encrypted(pki: Pki, tmp: Path) -> Credentials:
    key = pki.client.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.BestAvailableEncryption(KEY_PASSWORD.encode()),
    )
    assert b"BEGIN RSA PRIVATE KEY" in key and b"Proc-Type: 4,ENCRYPTED" in key
    return Credentials.from_pem(
        _write(tmp / "c.pem", pki.client.cert_pem()), _write(tmp / "k.pem", key), password=KEY_PASSWORD
    )


@pytest.mark.parametrize(
    "load", [_pkcs12, _pkcs8_encrypted, _traditional_encrypted], ids=lambda f: f.__name__
)
def test_protected_keys_work_for_a_real_mtls_request(
    load: Callable[[Pki, Path], Credentials],
    pki: Pki,
    serve: Callable[..., TlsServer],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = serve()
    before = set(Path(tempfile.gettempdir()).glob("wus-tls-*"))
    with caplog.at_level(logging.DEBUG):
        creds = load(pki, tmp_path)
        with Transport(creds, server_ca=pki.ca_file, timeout=5) as t:
            assert _post(t, server.url()).status_code == 200  # type: ignore[attr-defined]
            shown = repr(creds) + repr(t)
    assert "Client 00000001234567890000" in server.seen.client_subjects[0]
    # The temporary cert/key files are gone.
    assert set(Path(tempfile.gettempdir()).glob("wus-tls-*")) == before
    # Neither repr nor DEBUG logs carry the password or any key material.
    logged = caplog.text + shown
    assert "DEBUG" in caplog.text or caplog.records  # logging was live at DEBUG
    assert KEY_PASSWORD not in logged
    assert "PRIVATE KEY" not in logged
    key_der = pki.client.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    body_lines = pki.client.key_pem().decode().splitlines()[1:-1]
    assert not any(line in logged for line in body_lines)
    assert key_der.hex() not in logged
    assert str(pki.client.key.private_numbers().d) not in logged


def test_debug_logs_carry_sizes_and_timings_not_bodies(
    serve: Callable[..., TlsServer], transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve()
    with caplog.at_level(logging.DEBUG, logger="wus_client.transport"):
        _post(transport, server.url(), b"<secret-payload>BSN 123456782</secret-payload>")
    text = caplog.text
    assert "operation=aanleveren" in text and "bytes=46" in text
    assert "123456782" not in text


# --------------------------------------------------------------------------- TLS policy


def test_server_certificate_from_another_ca_fails_before_sending(
    pki: Pki, serve: Callable[..., TlsServer], transport: Transport
) -> None:
    server = serve(pki.rogue_server)
    with pytest.raises(TransportError) as info:
        _post(transport, server.url())
    err = info.value
    assert err.request_sent is False
    assert err.endpoint == server.url() and err.operation == "aanleveren"
    assert "TLS handshake failed" in str(err) and "CERTIFICATE_VERIFY_FAILED" in str(err)
    assert server.url() in str(err) and "aanleveren" in str(err)
    assert isinstance(err.__cause__, requests.exceptions.SSLError)
    assert server.seen.requests == []


def test_hostname_is_checked(pki: Pki, serve: Callable[..., TlsServer], transport: Transport) -> None:
    server = serve(pki.wrong_host_server)  # valid chain, but issued to other.example
    with pytest.raises(TransportError) as info:
        _post(transport, server.url())
    assert info.value.request_sent is False
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
    assert server.seen.requests == []


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_server_rejecting_our_client_certificate(
    version: ssl.TLSVersion, pki: Pki, serve: Callable[..., TlsServer]
) -> None:
    context = pki.server_context(pki.server, client_ca=pki.ca)
    context.minimum_version = context.maximum_version = version
    server = serve(context=context)
    t = Transport(pki.credentials(pki.rogue_client), server_ca=pki.ca_file, timeout=5)
    with t, pytest.raises(TransportError) as info:
        _post(t, server.url())
    # Under TLS 1.3 the rejection reaches the client only after it wrote the request;
    # the server refused the session, so nothing can have been processed.
    assert info.value.request_sent is False
    assert "ALERT" in str(info.value)  # the server's alert, e.g. TLSV1_ALERT_UNKNOWN_CA
    assert server.seen.requests == []
    # The server did refuse the certificate (it may record that just after alerting us).
    assert _eventually(lambda: bool(server.seen.handshake_errors))


def test_a_tls_1_1_server_is_refused(pki: Pki, serve: Callable[..., TlsServer], transport: Transport) -> None:
    assert transport.ssl_context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert transport.ssl_context.check_hostname is True
    assert transport.ssl_context.verify_mode == ssl.CERT_REQUIRED
    context = pki.server_context(pki.server)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # TLSv1_1 is deprecated, that's the point
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
            context.minimum_version = ssl.TLSVersion.TLSv1_1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
    except (ssl.SSLError, ValueError) as exc:
        pytest.skip(f"local OpenSSL cannot run a TLS 1.1 server: {exc}")
    server = serve(context=context)
    with pytest.raises(TransportError) as info:
        _post(transport, server.url())
    assert info.value.request_sent is False
    assert "TLS handshake failed" in str(info.value)
    assert server.seen.requests == []


def test_environment_cannot_replace_the_ca_or_add_a_proxy(
    pki: Pki, serve: Callable[..., TlsServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve()
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.setenv(name, str(pki.rogue_ca_file))
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")
    with Transport(pki.credentials(), server_ca=pki.ca_file, timeout=5) as t:
        assert _post(t, server.url()).status_code == 200  # type: ignore[attr-defined]
    # ...and the other way round: the env bundle trusting the server does not help.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(pki.ca_file))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(pki.ca_file))
    t = Transport(pki.credentials(), server_ca=pki.rogue_ca_file, timeout=5)
    with t, pytest.raises(TransportError) as info:
        _post(t, server.url())
    assert info.value.request_sent is False
    assert len(server.seen.requests) == 1


def test_requests_verify_handling_cannot_weaken_the_context(
    pki: Pki, serve: Callable[..., TlsServer], transport: Transport
) -> None:
    good = serve()
    _post(transport, good.url())
    # requests would otherwise load certifi's ~150 roots into our context.
    assert [c["subject"] for c in transport.ssl_context.get_ca_certs()] == [
        ((("organizationName", "wus test"),), (("commonName", "Test Root CA"),))
    ]
    rogue = serve(pki.rogue_server)
    session = transport._session  # even a caller reaching inside cannot switch checks off
    with pytest.raises(requests.exceptions.SSLError):
        session.post(rogue.url(), data=b"x", verify=False, timeout=5)
    with pytest.raises(requests.exceptions.SSLError):
        session.post(rogue.url(), data=b"x", verify=str(pki.rogue_ca_file), timeout=5)
    assert transport.ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert transport.ssl_context.check_hostname is True
    assert rogue.seen.requests == []


def test_system_store_by_default_does_not_trust_a_private_ca(
    pki: Pki, serve: Callable[..., TlsServer]
) -> None:
    server = serve()
    with Transport(pki.credentials(), timeout=5) as t, pytest.raises(TransportError) as info:
        _post(t, server.url())
    assert info.value.request_sent is False


# --------------------------------------------------------------------------- failures on the wire


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_nothing_listening_is_connection_refused(transport: Transport) -> None:
    url = f"https://127.0.0.1:{_free_port()}{PATH}"
    with pytest.raises(TransportError) as info:
        _post(transport, url)
    assert info.value.request_sent is False
    assert "connection refused" in str(info.value)
    assert info.value.endpoint == url and info.value.__cause__ is not None


def test_unresolvable_host(transport: Transport) -> None:
    with pytest.raises(TransportError) as info:
        _post(transport, "https://wus.invalid/aanleverservice/1.2", timeout=2)
    assert info.value.request_sent is False


def test_server_closing_after_reading_the_request_means_it_may_have_arrived(
    serve: Callable[..., TlsServer], transport: Transport
) -> None:
    server = serve(behaviour="close_after_request")
    with pytest.raises(TransportError) as info:
        _post(transport, server.url())
    assert info.value.request_sent is True
    assert info.value.status_code is None
    assert len(server.seen.requests) == 1


def test_read_timeout_after_sending(serve: Callable[..., TlsServer], transport: Transport) -> None:
    server = serve(behaviour="hang")
    started = time.monotonic()
    with pytest.raises(TransportError) as info:
        _post(transport, server.url(), timeout=0.5)
    assert time.monotonic() - started < 3
    assert info.value.request_sent is True
    assert "timed out waiting for the response" in str(info.value)
    assert len(server.seen.requests) == 1


def test_server_that_never_does_the_handshake_times_out_unsent(
    serve: Callable[..., TlsServer], transport: Transport
) -> None:
    server = serve(behaviour="silent")
    started = time.monotonic()
    with pytest.raises(TransportError) as info:
        _post(transport, server.url(), timeout=0.5)
    assert time.monotonic() - started < 3
    assert info.value.request_sent is False
    assert server.seen.accepts == 1


def test_connect_timeout_when_the_backlog_is_full(transport: Transport) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):  # fill the accept queue; further SYNs are dropped
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        time.sleep(0.1)
        with pytest.raises(TransportError) as info:
            _post(transport, f"https://127.0.0.1:{port}{PATH}", timeout=0.5)
        if "timed out connecting" not in str(info.value):
            pytest.skip(f"kernel did not drop the SYN: {info.value}")
        assert info.value.request_sent is False
    finally:
        for s in fillers:
            s.close()
        listener.close()


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (503, "text/html", b"<html><body>Service Unavailable</body></html>"),
        (404, "text/plain", b"not found"),
        (500, "text/html; charset=utf-8", b"<html><body>Internal error</body></html>"),
        (302, "text/plain", b""),
    ],
)
def test_http_errors_without_soap_body_raise(
    status: int, content_type: str, body: bytes, serve: Callable[..., TlsServer], transport: Transport
) -> None:
    server = serve()
    server.status, server.reason, server.content_type, server.body = status, "Nope", content_type, body
    server.extra_headers = {"Location": "https://elsewhere.example/"} if status == 302 else {}
    with pytest.raises(TransportError) as info:
        _post(transport, server.url())
    assert info.value.status_code == status
    assert info.value.request_sent is True
    assert f"HTTP {status}" in str(info.value)
    assert len(server.seen.requests) == 1  # the redirect was not followed


def test_http_500_with_a_soap_fault_is_returned(
    serve: Callable[..., TlsServer], transport: Transport
) -> None:
    server = serve()
    fault = b'<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault/></s:Body></s:Envelope>'
    server.status, server.reason, server.body = 500, "Internal Server Error", fault
    response = _post(transport, server.url())
    assert response.status_code == 500  # type: ignore[attr-defined]
    assert response.content == fault  # type: ignore[attr-defined]


def test_closed_transport_refuses_to_post(pki: Pki) -> None:
    t = Transport(pki.credentials(), server_ca=pki.ca_file)
    t.close()
    with pytest.raises(TransportError) as info:
        _post(t, "https://localhost:1/x")
    assert info.value.request_sent is False


def test_bad_server_ca_is_a_configuration_error(pki: Pki, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="server_ca"):
        Transport(pki.credentials(), server_ca=tmp_path / "missing.pem")
    junk = _write(tmp_path / "junk.pem", b"not a certificate")
    with pytest.raises(ConfigurationError, match=r"server_ca.*junk\.pem"):
        Transport(pki.credentials(), server_ca=junk)
    assert os.path.exists(junk)
