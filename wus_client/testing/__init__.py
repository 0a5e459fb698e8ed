"""The mock Digipoort, for the SDK's own tests and for yours.

A throwaway PKI, a real HTTPS server with mutual TLS, Digipoort's checks on every
request (the unsigned ALS100/STS100 fault with the reason for a bad one), signed answers,
and Logius' test scenarios selected by ``aanleverkenmerk``::

    from wus_client.testing import running_mock

    def test_my_submission(tmp_path):
        with running_mock(tmp_path, pace=0.01) as mock:
            with mock.client() as client:
                receipt = client.submit(berichtsoort="Omzetbelasting", ...)
                assert client.wait(receipt.kenmerk, timeout=5, poll_interval=0.01).statuscode == "500"
            assert mock.submissions[0].content == b"..."

With pytest, the plugin registered by the package gives the ``wus_mock`` fixture.
"""

from __future__ import annotations

from .mock import INJECTION_KINDS, MockDigipoort, MockUrls, running_mock
from .pki import CLIENT_OIN, IssuedCertificate, ThrowawayPKI
from .scenarios import SCENARIOS, Scenario, StatusStep, scenario_for
from .state import Submission

__all__ = [
    "CLIENT_OIN",
    "INJECTION_KINDS",
    "SCENARIOS",
    "IssuedCertificate",
    "MockDigipoort",
    "MockUrls",
    "Scenario",
    "StatusStep",
    "Submission",
    "ThrowawayPKI",
    "running_mock",
    "scenario_for",
]
