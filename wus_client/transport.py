"""The mutual-TLS HTTP transport: one ``requests.Session`` with keep-alive pooling.

Security properties, all fixed at construction:

* one :class:`ssl.SSLContext`, built once: TLS 1.2 minimum, server certificate and
  hostname checked against ``server_ca`` (or the system store), client certificate and
  key loaded into it;
* ``trust_env`` is off, so ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``, ``.netrc`` and proxy
  variables cannot replace the CA or reroute traffic;
* requests' own ``verify=`` machinery is neutralised: it can neither turn verification
  off nor add certifi's bundle to our context;
* a timeout on every call, redirects never followed.

Every requests/urllib3/ssl error becomes a :class:`~wus_client.errors.TransportError`
naming the endpoint and operation, with ``request_sent`` telling whether the request
may have reached the server (the SDK's retry decisions depend on it).
"""

from __future__ import annotations

import http.cookiejar
import logging
import os
import secrets
import shutil
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import requests
import requests.adapters
import urllib3.exceptions
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.poolmanager import PoolManager, ProxyManager

from . import __version__
from .credentials import Credentials
from .errors import ConfigurationError, TransportError

__all__ = ["DEFAULT_USER_AGENT", "HttpResponse", "Transport"]

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"wus_client/{__version__}"

#: OpenSSL reasons meaning the TLS session itself was refused (by us or by the server):
#: even when they surface after the request was written (TLS 1.3 reports a rejected
#: client certificate only on the first read), the server cannot have processed it.
_TLS_REFUSAL_REASONS = frozenset(
    {
        "CERTIFICATE_VERIFY_FAILED",
        "SSLV3_ALERT_BAD_CERTIFICATE",
        "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
        "SSLV3_ALERT_CERTIFICATE_EXPIRED",
        "SSLV3_ALERT_CERTIFICATE_REVOKED",
        "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
        "SSLV3_ALERT_HANDSHAKE_FAILURE",
        "TLSV1_ALERT_UNKNOWN_CA",
        "TLSV1_ALERT_ACCESS_DENIED",
        "TLSV1_ALERT_PROTOCOL_VERSION",
        "TLSV1_ALERT_INSUFFICIENT_SECURITY",
        "TLSV13_ALERT_CERTIFICATE_REQUIRED",
        "UNSUPPORTED_PROTOCOL",
        "NO_PROTOCOLS_AVAILABLE",
        "WRONG_VERSION_NUMBER",
    }
)

_NOT_CONNECTED = frozenset(
    {"timed out connecting", "cannot resolve the host name", "connection refused", "cannot connect"}
)
_XML_MEDIA_TYPES = frozenset({"text/xml", "application/xml", "application/soap+xml"})

Phase = Literal["connecting", "sending"]


@dataclass(frozen=True)
class HttpResponse:
    """What came back: status, raw body bytes, Content-Type header, seconds taken."""

    status_code: int
    content: bytes
    content_type: str
    elapsed: float

    def __repr__(self) -> str:  # never the body: it may be a whole payload
        return (
            f"HttpResponse(status_code={self.status_code}, content_type={self.content_type!r}, "
            f"bytes={len(self.content)}, elapsed={self.elapsed:.3f})"
        )


class _PhaseTracker(threading.local):
    """Per thread: how far the current request got ("connecting" or "sending")."""

    phase: Phase | None = None


def _tracking_pool_class(tracker: _PhaseTracker, context: ssl.SSLContext) -> type[HTTPSConnectionPool]:
    """An HTTPS pool whose connections report their phase and always use ``context``."""

    class _Connection(HTTPSConnection):
        def connect(self) -> None:
            tracker.phase = "connecting"
            # Whatever requests or urllib3 set on the pool, the handshake uses our
            # context, full verification and the ssl module's own hostname check.
            self.ssl_context = context
            self.cert_reqs = "CERT_REQUIRED"
            self.ca_certs = self.ca_cert_dir = self.ca_cert_data = None
            self.cert_file = self.key_file = self.key_password = None
            self.assert_hostname = None
            self.assert_fingerprint = None
            super().connect()

        def request(self, *args: Any, **kwargs: Any) -> None:
            if self.sock is None:
                self.connect()
            tracker.phase = "sending"
            super().request(*args, **kwargs)

    class _Pool(HTTPSConnectionPool):
        ConnectionCls = _Connection

    return _Pool


class _MutualTlsAdapter(requests.adapters.HTTPAdapter):
    """An HTTPAdapter that hands our SSLContext to urllib3 and ignores ``verify``/``cert``."""

    def __init__(self, context: ssl.SSLContext, tracker: _PhaseTracker, pool_maxsize: int) -> None:
        self._context = context
        self._tracker = tracker
        super().__init__(pool_connections=4, pool_maxsize=pool_maxsize, max_retries=0, pool_block=False)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["ssl_context"] = self._context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self._install_pool_class(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._context
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, ProxyManager):
            self._install_pool_class(manager)
        return manager

    def _install_pool_class(self, manager: PoolManager) -> None:
        manager.pool_classes_by_scheme = {
            **manager.pool_classes_by_scheme,
            "https": _tracking_pool_class(self._tracker, self._context),
        }

    def close(self) -> None:
        # urllib3 2 closes dropped pools only when they are garbage-collected (and an
        # exception's traceback can keep one alive); close their sockets now.
        managers: list[PoolManager] = [self.poolmanager, *self.proxy_manager.values()]
        for manager in managers:
            for key in manager.pools.keys():  # noqa: SIM118 - the container refuses iteration
                pool = manager.pools.get(key)
                if pool is not None:
                    pool.close()
        super().close()

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> Any:
        # Pool key without ca_certs/cert_file: only our context decides trust.
        host_params, _ = super().build_connection_pool_key_attributes(request, True, None)
        pool_kwargs: dict[str, Any] = {"cert_reqs": "CERT_REQUIRED"}
        return host_params, pool_kwargs

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # requests would point the pool at certifi (loaded INTO our context) or switch
        # verification off; we keep what the context says.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None
        conn.cert_file = None
        conn.key_file = None

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        return super().send(request, stream=stream, timeout=timeout, verify=True, cert=None, proxies=proxies)


def _build_ssl_context(credentials: Credentials, server_ca: str | os.PathLike[str] | None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    if server_ca is None:
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)
    else:
        ca_path = Path(server_ca)
        if not ca_path.exists():
            raise ConfigurationError(f"server_ca: {os.fspath(server_ca)!r} does not exist")
        try:
            if ca_path.is_dir():
                context.load_verify_locations(capath=os.fspath(ca_path))
            else:
                context.load_verify_locations(cafile=os.fspath(ca_path))
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise ConfigurationError(
                f"server_ca: {os.fspath(server_ca)!r} holds no usable CA certificate: {exc}"
            ) from exc
    _load_client_certificate(context, credentials)
    return context


def _load_client_certificate(context: ssl.SSLContext, credentials: Credentials) -> None:
    """Load cert+key via private, short-lived files: 0600, key under a one-time password."""
    one_time = secrets.token_urlsafe(32).encode("ascii")
    directory = tempfile.mkdtemp(prefix="wus-tls-")  # mode 0700
    try:
        cert_file = os.path.join(directory, "cert.pem")
        key_file = os.path.join(directory, "key.pem")
        _write_private(cert_file, credentials.chain_pem())
        _write_private(key_file, credentials.private_key_pem(one_time))
        try:
            context.load_cert_chain(cert_file, key_file, password=one_time)
        except (ssl.SSLError, OSError) as exc:
            raise ConfigurationError(f"key: the TLS layer refused the client certificate/key: {exc}") from exc
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _write_private(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _is_xml(content_type: str, body: bytes) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in _XML_MEDIA_TYPES or media.endswith("+xml"):
        return True
    if "html" in media:
        return False
    head = body[:1024].lstrip()
    return head.startswith(b"<?xml") or (head.startswith(b"<") and b"Envelope" in head)


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (args, .reason, __cause__, __context__)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if any(current is s for s in seen) or len(seen) > 32:
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        todo.extend(x for x in linked if isinstance(x, BaseException))
    return seen


def _tls_reason(chain: list[BaseException]) -> str | None:
    for exc in chain:
        if isinstance(exc, ssl.SSLError):
            return str(exc.reason or exc.__class__.__name__)
    return None


def _classify(exc: BaseException, phase: Phase | None) -> tuple[str, bool | None]:
    """A short description and whether the request may have been sent."""
    chain = _causes(exc)
    reason = _tls_reason(chain)
    tls_failed = reason is not None or isinstance(exc, requests.exceptions.SSLError)
    refused_tls = reason in _TLS_REFUSAL_REASONS
    if any(isinstance(c, urllib3.exceptions.NameResolutionError) for c in chain):
        what = "cannot resolve the host name"
    elif any(isinstance(c, ConnectionRefusedError) for c in chain):
        what = "connection refused"
    elif isinstance(exc, requests.exceptions.ConnectTimeout) or any(
        # urllib3 derives NewConnectionError from ConnectTimeoutError; only a real timeout counts
        isinstance(c, urllib3.exceptions.ConnectTimeoutError)
        and not isinstance(c, urllib3.exceptions.NewConnectionError)
        for c in chain
    ):
        what = "timed out connecting"
    elif any(isinstance(c, urllib3.exceptions.NewConnectionError) for c in chain):
        what = "cannot connect"
    elif tls_failed:
        what = f"TLS handshake failed ({reason})" if reason else "TLS handshake failed"
        if phase == "sending" and not refused_tls:
            what = f"TLS error after the request was sent ({reason})"
    elif isinstance(exc, requests.exceptions.ReadTimeout) or any(
        isinstance(c, urllib3.exceptions.ReadTimeoutError) for c in chain
    ):
        what = "timed out waiting for the response"
    else:
        what = "connection lost"
    if phase == "connecting":
        return what, False
    if phase == "sending":
        return what, not (tls_failed and refused_tls)
    # No phase recorded: the connection layer was bypassed (e.g. a test double); judge by type.
    if what in _NOT_CONNECTED:
        return what, False
    if tls_failed:
        return what, False
    return what, None


class Transport:
    """POSTs SOAP envelopes over mutual TLS.

    Thread-safe: one instance may serve concurrent :meth:`post` calls from several
    threads. The SSLContext and the session's settings never change after
    construction; urllib3's pool hands each thread its own connection (up to
    ``pool_maxsize`` kept alive per host, extra ones opened and discarded when busy).
    """

    def __init__(
        self,
        credentials: Credentials,
        *,
        server_ca: str | os.PathLike[str] | None = None,
        timeout: float = 30.0,
        pool_maxsize: int = 10,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        if timeout <= 0:
            raise ConfigurationError(f"timeout: must be positive, got {timeout!r}")
        if pool_maxsize < 1:
            raise ConfigurationError(f"pool_maxsize: must be at least 1, got {pool_maxsize!r}")
        self._subject = credentials.subject
        self._server_ca = None if server_ca is None else os.fspath(server_ca)
        self._timeout = float(timeout)
        self._context = _build_ssl_context(credentials, server_ca)
        self._tracker = _PhaseTracker()
        session = requests.Session()
        session.trust_env = False
        session.verify = True
        session.cert = None
        session.proxies = {}
        # No cookies: WUS is stateless, and a jar shared between threads is one less race.
        session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        session.headers.clear()
        session.headers.update(
            {
                "User-Agent": user_agent,
                "Accept": "text/xml, application/soap+xml",
                "Accept-Encoding": "identity",
                "Connection": "keep-alive",
            }
        )
        adapter = _MutualTlsAdapter(self._context, self._tracker, pool_maxsize)
        session.adapters.clear()
        session.mount("https://", adapter)
        self._session = session
        self._closed = False

    def __repr__(self) -> str:
        ca = self._server_ca if self._server_ca is not None else "<system store>"
        return f"Transport(client={self._subject!r}, server_ca={ca!r}, timeout={self._timeout:g})"

    @property
    def ssl_context(self) -> ssl.SSLContext:
        """The context every connection uses (for inspection; do not modify)."""
        return self._context

    def post(
        self, url: str, body: bytes, *, action: str, operation: str, timeout: float | None = None
    ) -> HttpResponse:
        """POST ``body`` to ``url`` with ``SOAPAction: "<action>"``.

        Returns the response for 2xx, and for 500 carrying XML (a SOAP fault for the
        caller to parse). Anything else raises :class:`TransportError`.
        """
        if self._closed:
            raise TransportError("transport is closed", endpoint=url, operation=operation, request_sent=False)
        if not url.lower().startswith("https://"):
            raise ConfigurationError(f"endpoint: {url!r} is not an https:// URL; WUS requires mutual TLS")
        limit = self._timeout if timeout is None else float(timeout)
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"{action}"',
        }
        log.debug("POST %s operation=%s bytes=%d", url, operation, len(body))
        self._tracker.phase = None
        started = time.monotonic()
        try:
            response = self._session.post(
                url, data=body, headers=headers, timeout=(limit, limit), allow_redirects=False
            )
            try:
                content = response.content
            finally:
                response.close()  # hand the connection back (or drop it) at once
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            what, sent = _classify(exc, self._tracker.phase)
            elapsed = time.monotonic() - started
            log.debug("POST %s operation=%s failed after %.3fs: %s", url, operation, elapsed, what)
            raise TransportError(what, endpoint=url, operation=operation, request_sent=sent) from exc
        finally:
            self._tracker.phase = None
        elapsed = time.monotonic() - started
        content_type = response.headers.get("Content-Type", "")
        status = response.status_code
        log.debug(
            "POST %s operation=%s -> %d (%d bytes, %s) in %.3fs",
            url,
            operation,
            status,
            len(content),
            content_type or "no content type",
            elapsed,
        )
        if 200 <= status < 300 or (status == 500 and _is_xml(content_type, content)):
            return HttpResponse(
                status_code=status, content=content, content_type=content_type, elapsed=elapsed
            )
        reason = response.reason or "error"
        raise TransportError(
            f"HTTP {status} {reason}",
            endpoint=url,
            operation=operation,
            status_code=status,
            request_sent=True,
        )

    def close(self) -> None:
        """Close pooled connections. Further posts raise TransportError."""
        self._closed = True
        self._session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
