"""The HTTPS side of the mock: mutual TLS, keep-alive, one thread per connection.

The listening socket is plain TCP; each accepted connection is wrapped with TLS in its
own thread (a slow or broken client never blocks ``accept``). The SSLContext requires
a client certificate that chains to the mock's CA (TLS >= 1.2); a client without one,
or with one from another CA, fails the handshake and never reaches the handlers.

``GET <service path>?wsdl`` serves our WSDL with the port address set to the URL asked
for, and ``GET /wus/2.0/schemas/digipoort-koppelvlak-1.2.xsd`` the XSD it imports
(the WSDL's relative schemaLocation resolves to that URL).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import struct
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from ..xml import package_path
from .handlers import PATHS, Reply

__all__ = ["MockHTTPServer", "make_ssl_context"]

log = logging.getLogger(__name__)

_WSDL_FILES = {
    "/wus/2.0/aanleverservice/1.2": "AanleverService_V1_2.wsdl",
    "/wus/2.0/statusinformatieservice/1.2": "StatusinformatieService_V1_2.wsdl",
    "/wus/2.0/ophaalservice/1.2": "OphaalService_V1_2.wsdl",
}
_SCHEMA_PREFIX = "/wus/2.0/schemas/"
_SCHEMA_FILES = {"digipoort-koppelvlak-1.2.xsd"}
_SOAP_WSDL = "http://schemas.xmlsoap.org/wsdl/soap/"
_MAX_BODY = 64 * 1024 * 1024  # a 20 MiB payload is ~27 MiB of base64 plus envelope
_IDLE_TIMEOUT = 30.0
_HANDSHAKE_TIMEOUT = 10.0

#: handle(path, host, body, peer_der) -> Reply, or None to reset the connection unanswered.
Handler = Callable[[str, str | None, bytes, bytes], Reply | None]


def make_ssl_context(*, cert: str, key: str, client_ca: str) -> ssl.SSLContext:
    """Server context: TLS >= 1.2, a client certificate from ``client_ca`` is required."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(cafile=client_ca)
    ctx.load_cert_chain(certfile=cert, keyfile=key)
    return ctx


def reset(conn: socket.socket) -> None:
    """Abort a connection with a TCP RST (SO_LINGER 0), as a crashed front end would."""
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        socket.socket.close(conn)
    except OSError:
        pass


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "wus-mock-digipoort/1.0"
    timeout = _IDLE_TIMEOUT
    server: MockHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("mock %s: " + format, self.client_address[0], *args)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _read_body(self) -> bytes | None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0 or length > _MAX_BODY:
            self.close_connection = True
            self._send(413 if length > 0 else 400, b"bad Content-Length\n", "text/plain")
            return None
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes | None:
        parts: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                self.close_connection = True
                self._send(400, b"bad chunk\n", "text/plain")
                return None
            if size == 0:
                while self.rfile.readline(1024).strip():
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > _MAX_BODY:
                self.close_connection = True
                self._send(413, b"too large\n", "text/plain")
                return None
            parts.append(self.rfile.read(size))
            self.rfile.readline(8)

    def do_POST(self) -> None:
        body = self._read_body()
        if body is None:
            return
        peer = None
        if isinstance(self.connection, ssl.SSLSocket):
            peer = self.connection.getpeercert(binary_form=True)
        if not peer:  # cannot happen with CERT_REQUIRED; refuse rather than guess
            self.close_connection = True
            self._send(403, b"client certificate required\n", "text/plain")
            return
        reply = self.server.handler(urlsplit(self.path).path, self.headers.get("Host"), body, peer)
        if reply is None:
            self.close_connection = True
            reset(self.connection)
            return
        if reply.delay > 0 and self.server.stopping.wait(reply.delay):
            self.close_connection = True
            return
        self._send(reply.status, reply.body, reply.content_type)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/")
        if path in _WSDL_FILES and parts.query.lower() == "wsdl":
            host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
            self._send(200, _wsdl(_WSDL_FILES[path], f"https://{host}{path}"), "text/xml; charset=utf-8")
        elif path.startswith(_SCHEMA_PREFIX) and path[len(_SCHEMA_PREFIX) :] in _SCHEMA_FILES:
            data = package_path("schemas", path[len(_SCHEMA_PREFIX) :]).read_bytes()
            self._send(200, data, "text/xml; charset=utf-8")
        elif path in PATHS:
            self._send(405, b"POST a SOAP request, or GET ?wsdl\n", "text/plain; charset=utf-8")
        else:
            self._send(404, b"Not Found\n", "text/plain; charset=utf-8")


def _wsdl(filename: str, address: str) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(package_path("wsdl", filename)), parser)
    for el in tree.iter(f"{{{_SOAP_WSDL}}}address"):
        el.set("location", address)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


class MockHTTPServer(HTTPServer):
    """HTTPServer with per-connection TLS in daemon threads that ``close()`` stops and joins."""

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext, handler: Handler) -> None:
        self.context = context
        self.handler = handler
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        super().__init__(address, _RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection, args=(request, client_address), name="wus-mock-conn", daemon=True
        )
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def _serve_connection(self, raw: socket.socket, client_address: Any) -> None:
        tls: ssl.SSLSocket | None = None
        try:
            raw.settimeout(_HANDSHAKE_TIMEOUT)
            # headers and body go out as two writes: without NODELAY, Nagle + delayed ACK add ~40 ms
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._connections.add(raw)
            tls = self.context.wrap_socket(raw, server_side=True)
            with self._lock:
                self._connections.discard(raw)
                self._connections.add(tls)
            if not self.stopping.is_set():
                _RequestHandler(tls, client_address, self)
        except (OSError, ssl.SSLError, ValueError) as exc:
            log.debug("mock connection from %s ended: %s", client_address[0], exc)
        except Exception:
            log.exception("mock connection from %s failed", client_address[0])
        finally:
            with self._lock:
                self._connections.discard(raw)
                if tls is not None:
                    self._connections.discard(tls)
                self._threads.discard(threading.current_thread())
            for sock in (tls, raw):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()

    def close(self, timeout: float = 5.0) -> None:
        """After ``shutdown()``: end open connections, close the listener, join the threads."""
        self.stopping.set()
        with self._lock:
            connections = list(self._connections)
            threads = list(self._threads)
        for conn in connections:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
        self.server_close()
        for thread in threads:
            thread.join(timeout)
