"""The TLS half of the transport: the SSLContext and the adapter that enforces it.

requests' own ``verify=``/``cert=`` handling is neutralised here: it can neither turn
verification off nor load certifi's bundle into our context. Each connection records,
per thread, how far it got ("connecting" or "sending"), which is how the transport
knows whether a failed request can have reached the server.
"""

from __future__ import annotations

import os
import secrets
import shutil
import ssl
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal

import requests
import requests.adapters
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.poolmanager import PoolManager, ProxyManager

from ..credentials import Credentials
from ..errors import ConfigurationError

Phase = Literal["connecting", "sending"]


class PhaseTracker(threading.local):
    """Per thread: how far the current request got ("connecting" or "sending")."""

    phase: Phase | None = None


def _tracking_pool_class(tracker: PhaseTracker, context: ssl.SSLContext) -> type[HTTPSConnectionPool]:
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


class MutualTlsAdapter(requests.adapters.HTTPAdapter):
    """An HTTPAdapter that hands our SSLContext to urllib3 and ignores ``verify``/``cert``."""

    def __init__(self, context: ssl.SSLContext, tracker: PhaseTracker, pool_maxsize: int) -> None:
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


def build_ssl_context(credentials: Credentials, server_ca: str | os.PathLike[str] | None) -> ssl.SSLContext:
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
