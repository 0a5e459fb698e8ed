"""Shared by the examples: a client for the real Digipoort when WUS_* is set, else the embedded mock.

Against Digipoort, set the usual WUS_* variables (see the README) and the berichtsoort of
each flow you use, e.g. WUS_BERICHTSOORT_ZIEKTEAANGIFTE_ZW: UWV and Logius give those
strings on registration and the SDK never guesses them. Against the embedded mock the
examples use obvious placeholders (``mock-...``), which the mock accepts.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import wus_client  # noqa: F401
except ImportError:  # running from a source checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wus_client import WusClient
from wus_client.models import Status

DATA = Path(__file__).resolve().parent / "data"
_REAL = ("WUS_AANLEVER_URL", "WUS_ENVIRONMENT", "WUS_CERT", "WUS_PKCS12")


@contextmanager
def connect(*flows: str) -> Iterator[WusClient]:
    """A client: ``WusClient.from_env()`` when WUS_* is set, otherwise one for a fresh mock."""
    if any(os.environ.get(name) for name in _REAL):
        with WusClient.from_env() as client:
            yield client
        return
    from wus_client.testing import running_mock

    placeholders = {flow: f"mock-{flow.lower()}" for flow in flows}
    with tempfile.TemporaryDirectory() as tmp, running_mock(tmp, pace=0.02) as mock:
        print(f"no WUS_* settings: using the embedded mock at {mock.base_url}")
        with mock.client(berichtsoorten=placeholders) as client:
            yield client


def follow(client: WusClient, kenmerk: str) -> Status:
    """Wait for the final status, printing each one; exit non-zero on an error status."""
    final = client.wait(kenmerk, timeout=120.0, poll_interval=0.05, on_status=_show)
    if final.is_error:
        raise SystemExit(
            f"final status {final.statuscode} is an error: {final.foutcode} {final.foutbeschrijving}"
        )
    return final


def _show(status: Status) -> None:
    print(f"  {status.tijdstempel:%H:%M:%S} {status.statuscode} {status.omschrijving}")
