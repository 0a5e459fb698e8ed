"""The mock Digipoort in its own process, so that its signing and checking never share a
GIL (or a core's time slice accounting) with the client being measured.

``MockProcess`` starts it (spawn), learns its URLs, and can ask it to seed processes for
the follow-up benchmark. Commands travel over a ``multiprocessing`` pipe.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from pathlib import Path
from typing import Any

from wus_client.config import Environment
from wus_client.credentials import Credentials

__all__ = ["MockProcess"]


def _serve(pki: str, pace: float, conn: multiprocessing.connection.Connection) -> None:
    import uuid
    from datetime import UTC, datetime

    from cryptography.hazmat.primitives import serialization

    from wus_client.models import Identity
    from wus_client.testing import MockDigipoort, Submission
    from wus_client.testing.handlers import client_identity

    mock = MockDigipoort(pki, pace=pace).start()
    urls = mock.urls
    conn.send({"aanlever": urls.aanlever, "status": urls.status, "ophaal": urls.ophaal})
    client_der = mock.credentials().certificate.public_bytes(serialization.Encoding.DER)
    try:
        while True:
            command, args = conn.recv()
            if command == "stop":
                break
            if command == "seed":  # args: list of (berichtsoort, nummer, type, aanleverkenmerk)
                kenmerken = []
                for berichtsoort, nummer, kind, aanleverkenmerk in args:
                    kenmerk = str(uuid.uuid4())
                    mock.state.add_submission(
                        Submission(
                            kenmerk=kenmerk,
                            aanleverkenmerk=aanleverkenmerk,
                            berichtsoort=berichtsoort,
                            identity=Identity(nummer=nummer, type=kind),
                            rol="Bedrijf",
                            content=b"",
                            filename="seed.xml",
                            mime_type="application/xml",
                            received=datetime.now(UTC),
                            client=client_identity(client_der),
                        )
                    )
                    kenmerken.append(kenmerk)
                conn.send(kenmerken)
            elif command == "calls":
                conn.send(len(mock.calls))
    finally:
        mock.stop()


class MockProcess:
    """``with MockProcess(pki_dir) as mock: client = mock.client()``."""

    def __init__(self, pki: Path, *, pace: float = 3600.0) -> None:
        self.pki = pki
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(str(pki), pace, child), daemon=True)
        self.urls: dict[str, str] = {}

    def __enter__(self) -> MockProcess:
        self._process.start()
        if not self._conn.poll(60):
            raise RuntimeError("the mock process did not start")
        self.urls = self._conn.recv()
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._conn.send(("stop", None))
        finally:
            self._process.join(10)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(5)

    @property
    def environment(self) -> Environment:
        return Environment.custom(
            aanlever_url=self.urls["aanlever"],
            status_url=self.urls["status"],
            ophaal_url=self.urls["ophaal"],
            name="mock",
        )

    def client_settings(self) -> dict[str, Any]:
        return {
            "environment": self.environment,
            "credentials": Credentials.from_pem(self.pki / "client.pem", self.pki / "client-key.pem"),
            "server_ca": str(self.pki / "ca.pem"),
            "response_certificates": [str(self.pki / "signing.pem")],
            "timeout": 60.0,
        }

    def client(self, **overrides: Any) -> Any:
        from wus_client import WusClient

        return WusClient(**{**self.client_settings(), **overrides})

    def seed(self, rows: list[tuple[str, str, str, str]]) -> list[str]:
        """Create accepted processes (berichtsoort, nummer, type, aanleverkenmerk); their kenmerken."""
        self._conn.send(("seed", rows))
        kenmerken: list[str] = self._conn.recv()
        return kenmerken

    def call_count(self) -> int:
        self._conn.send(("calls", None))
        count: int = self._conn.recv()
        return count
