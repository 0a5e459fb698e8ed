"""MockDigipoort: the mock as an object you start, point a client at, inspect and stop.

Fault injection (for tests of retry, journal and recovery code)::

    mock.inject(operation="aanleveren", kind="reset_after_read", count=1)

``kind`` is one of :data:`INJECTION_KINDS`:

- ``reset_after_read``: the request is read and fully processed (an aanleveren is
  recorded and its process starts), then the connection is reset without an answer:
  the request reached "Digipoort", the client cannot know.
- ``reset_before_processing``: the request is read, then the connection is reset;
  nothing is recorded.
- ``http_503``: HTTP 503 with an HTML body, nothing processed.
- ``http_500_html``: HTTP 500 with an HTML body (no SOAP), nothing processed.
- ``delay``: processed normally, answered after ``seconds``.
- ``tamper_response``: processed normally; one character of the signed Body is changed
  after signing, so the response fails verification.
- ``fault``: the unsigned fault of the service with ``foutcode`` (default ALS100/STS100/
  OPS100), nothing processed.

``operation`` is an operation name (``"aanleveren"``, ``"getNieuweStatussenProces"``...)
or None for any. Each injection fires ``count`` times, in the order they were added.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Environment, SecurityProfile
from ..credentials import Credentials
from ..models import Attachment, Identity
from ..security import Signer
from ..services import operations
from .handlers import PATHS, Reply, RequestProcessor
from .pki import ThrowawayPKI
from .server import MockHTTPServer, make_ssl_context
from .state import MockState, Submission

if TYPE_CHECKING:
    from ..client import WusClient

__all__ = ["INJECTION_KINDS", "MockDigipoort", "MockUrls", "running_mock"]

log = logging.getLogger(__name__)

INJECTION_KINDS = frozenset(
    {
        "reset_after_read",
        "reset_before_processing",
        "http_503",
        "http_500_html",
        "delay",
        "tamper_response",
        "fault",
    }
)
_REQUEST_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z]\w*Request)[\s/>]")
_BODY_TEXT_CHAR = re.compile(rb">([0-9A-Za-z])")


@dataclass(frozen=True)
class MockUrls:
    aanlever: str
    status: str
    ophaal: str


@dataclass
class _Injection:
    operation: str | None
    kind: str
    remaining: int
    seconds: float
    foutcode: str | None


class MockDigipoort:
    """The mock Digipoort on 127.0.0.1. Use as a context manager or call start()/stop().

    ``pace``: seconds between two statuses of a process (tests: 0.01-0.05).
    ``profile``: how responses are signed. ``accept_profile``: which algorithms requests
    may use (DIGIPOORT accepts SHA-1 and SHA-256). ``slow_delay``: the answer delay of the
    Zwaarbelast* scenarios. ``record_dir``: write every accepted aanleveren there.
    """

    def __init__(
        self,
        pki: ThrowawayPKI | str | os.PathLike[str],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        profile: SecurityProfile = SecurityProfile.DIGIPOORT,
        accept_profile: SecurityProfile = SecurityProfile.DIGIPOORT,
        pace: float = 0.05,
        slow_delay: float = 2.0,
        record_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.pki = pki if isinstance(pki, ThrowawayPKI) else ThrowawayPKI.ensure(pki)
        self.host = host
        self.profile = profile
        self.state = MockState(pace=pace)
        signing = Credentials.from_pem(self.pki.signing, self.pki.signing_key)
        self.processor = RequestProcessor(
            state=self.state,
            signer=Signer.from_credentials(signing),
            profile=profile,
            accept_profile=accept_profile,
            slow_delay=slow_delay,
            record_dir=Path(record_dir) if record_dir is not None else None,
        )
        self._requested_port = port
        self._server: MockHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._injections: list[_Injection] = []
        self._calls: list[str] = []
        self._op_by_element = {op.request_element: op.name for op in operations().values()}

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> MockDigipoort:
        if self._server is not None:
            raise RuntimeError("the mock is already running")
        context = make_ssl_context(
            cert=str(self.pki.server), key=str(self.pki.server_key), client_ca=str(self.pki.ca)
        )
        server = MockHTTPServer((self.host, self._requested_port), context, self._handle)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="wus-mock", daemon=True
        )
        self._thread.start()
        log.info("mock Digipoort listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.close()
        if thread is not None:
            thread.join(5.0)
        self._server = self._thread = None
        log.info("mock Digipoort stopped")

    def __enter__(self) -> MockDigipoort:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- where it is -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the mock is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"https://{self.host}:{self.port}/wus/2.0/"

    @property
    def urls(self) -> MockUrls:
        base = f"https://{self.host}:{self.port}"
        by_service = {service.value: base + path for path, service in PATHS.items()}
        return MockUrls(
            aanlever=by_service["aanleverservice"],
            status=by_service["statusinformatieservice"],
            ophaal=by_service["ophaalservice"],
        )

    @property
    def environment(self) -> Environment:
        urls = self.urls
        return Environment.custom(
            aanlever_url=urls.aanlever, status_url=urls.status, ophaal_url=urls.ophaal, name="mock"
        )

    def credentials(self) -> Credentials:
        """The PKI's TLS client certificate and key, as the SDK loads them."""
        return Credentials.from_pem(self.pki.client, self.pki.client_key)

    def client(self, **overrides: Any) -> WusClient:
        """A WusClient configured for this mock (mTLS, pinned signer, same profile)."""
        from ..client import WusClient

        settings: dict[str, Any] = {
            "environment": self.environment,
            "credentials": self.credentials(),
            "server_ca": str(self.pki.ca),
            "response_certificates": [str(self.pki.signing)],
            "profile": self.profile,
            "timeout": 10.0,
        }
        settings.update(overrides)
        return WusClient(**settings)

    # -- what it holds -----------------------------------------------------------------------

    @property
    def submissions(self) -> list[Submission]:
        """Every aanleveren the mock accepted, oldest first."""
        return self.state.submissions

    @property
    def calls(self) -> list[str]:
        """The operation name of every POST received (also refused or injected ones)."""
        with self._lock:
            return list(self._calls)

    def enqueue_bericht(
        self,
        identity: Identity,
        berichtsoort: str,
        content: bytes,
        filename: str,
        mime_type: str,
        bijlagen: Sequence[Attachment] = (),
        *,
        rol: str = "Bedrijf",
    ) -> str:
        """Queue a message for the OphaalService; returns its kenmerk."""
        return self.state.enqueue(
            identity=identity,
            berichtsoort=berichtsoort,
            inhoud=Attachment(content=content, filename=filename, mime_type=mime_type),
            bijlagen=bijlagen,
            rol=rol,
        )

    def inject(
        self,
        operation: str | None = None,
        kind: str = "reset_after_read",
        count: int = 1,
        seconds: float = 0.0,
        foutcode: str | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``operation`` misbehave; see the module doc."""
        if kind not in INJECTION_KINDS:
            raise ValueError(f"kind must be one of {sorted(INJECTION_KINDS)}, not {kind!r}")
        if operation is not None and operation not in operations():
            raise ValueError(f"unknown operation {operation!r}")
        if count < 1:
            raise ValueError("count must be >= 1")
        with self._lock:
            self._injections.append(_Injection(operation, kind, count, seconds, foutcode))

    def clear_injections(self) -> None:
        with self._lock:
            self._injections.clear()

    # -- per request -----------------------------------------------------------------------------

    def _operation_of(self, body: bytes) -> str | None:
        start = body.find(b"Body")
        match = _REQUEST_ELEMENT.search(body, max(start, 0))
        return self._op_by_element.get(match.group(1).decode("ascii")) if match else None

    def _take(self, operation: str | None) -> _Injection | None:
        with self._lock:
            self._calls.append(operation or "?")
            for inj in self._injections:
                if inj.operation is None or inj.operation == operation:
                    inj.remaining -= 1
                    if inj.remaining <= 0:
                        self._injections.remove(inj)
                    return inj
        return None

    def _handle(self, path: str, host: str | None, body: bytes, peer_der: bytes) -> Reply | None:
        inj = self._take(self._operation_of(body))
        if inj is not None:
            log.info("mock injects %s", inj.kind)
            early = self._early(inj, path, body)
            if early is not False:
                return early if isinstance(early, Reply) else None
        reply = self.processor.handle(path=path, host=host, body=body, peer_der=peer_der)
        if inj is None:
            return reply
        if inj.kind == "reset_after_read":
            return None
        if inj.kind == "delay":
            return Reply(reply.status, reply.body, reply.content_type, reply.delay + inj.seconds)
        if inj.kind == "tamper_response" and reply.status == 200:
            return Reply(reply.status, _tamper(reply.body), reply.content_type, reply.delay)
        return reply

    def _early(self, inj: _Injection, path: str, body: bytes) -> Reply | bool | None:
        """The reply of an injection that skips processing; False when it does not."""
        if inj.kind == "reset_before_processing":
            return None
        if inj.kind == "http_503":
            return Reply(503, b"<html><body>503 Service Unavailable</body></html>\n", "text/html")
        if inj.kind == "http_500_html":
            return Reply(500, b"<html><body>500 Internal Server Error</body></html>\n", "text/html")
        if inj.kind == "fault":
            service = PATHS.get(path.rstrip("/"))
            if service is None:
                return False
            op, message_id = self.processor.peek(service, body)
            return self.processor.fault(service, op, message_id, "injected fault", inj.foutcode)
        return False


def _tamper(signed: bytes) -> bytes:
    """Change one character of text inside the Body, after the signature was made."""
    start = signed.find(b"Header>")  # the end tag of the Header: what follows is the Body
    match = _BODY_TEXT_CHAR.search(signed, max(start, 0))
    if match is None:
        return signed
    pos = match.start(1)
    old = signed[pos : pos + 1]
    new = b"1" if old != b"1" else b"2"
    return signed[:pos] + new + signed[pos + 1 :]


@contextmanager
def running_mock(
    directory: str | os.PathLike[str],
    *,
    profile: SecurityProfile = SecurityProfile.DIGIPOORT,
    pace: float = 0.02,
    **kwargs: Any,
) -> Iterator[MockDigipoort]:
    """Start a mock with the PKI in ``directory`` (created or reused) and stop it afterwards.

    ``with running_mock(tmp_path) as mock: client = mock.client()``
    """
    mock = MockDigipoort(ThrowawayPKI.ensure(directory), profile=profile, pace=pace, **kwargs)
    with mock:
        yield mock
