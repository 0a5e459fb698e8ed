"""``Transport`` and ``HttpResponse``: the POST, its headers, status handling and error mapping."""

from __future__ import annotations

import http.cookiejar
import logging
import os
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

import requests
import urllib3.exceptions

from .. import __version__
from ..credentials import Credentials
from ..errors import ConfigurationError, TransportError
from ._mapping import classify, is_xml
from ._tls import MutualTlsAdapter, PhaseTracker, build_ssl_context

__all__ = ["DEFAULT_USER_AGENT", "HttpResponse", "Transport", "WireChunks"]


class WireChunks(Protocol):
    """A request body in pieces: iterating yields bytes; ``len()`` is the total size."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[bytes]: ...


log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"wus_client/{__version__}"


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
        self._context = build_ssl_context(credentials, server_ca)
        self._tracker = PhaseTracker()
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
        adapter = MutualTlsAdapter(self._context, self._tracker, pool_maxsize)
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
        self, url: str, body: bytes | WireChunks, *, action: str, operation: str, timeout: float | None = None
    ) -> HttpResponse:
        """POST ``body`` to ``url`` with ``SOAPAction: "<action>"``.

        ``body`` is bytes, or chunks with a known total length (a signed envelope with its
        payload spliced in), sent in order with a Content-Length and never joined.

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
            what, sent = classify(exc, self._tracker.phase)
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
        if 200 <= status < 300 or (status == 500 and is_xml(content_type, content)):
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
