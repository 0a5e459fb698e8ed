"""pytest fixtures for the mock Digipoort (registered as the ``wus_client`` pytest11 plugin).

- ``wus_mock_pki`` (session): one throwaway PKI for the whole run (key generation is the
  slow part of starting a mock).
- ``wus_mock`` (function): a running :class:`~wus_client.testing.MockDigipoort` with a
  fast pace (0.01 s per status) and short Zwaarbelast delay (0.5 s); stopped afterwards.
- ``wus_mock_factory`` (function): ``wus_mock_factory(profile=..., pace=..., ...)`` starts
  more mocks with other settings; all are stopped afterwards.

Example::

    def test_happy_flow(wus_mock):
        with wus_mock.client() as client:
            receipt = client.submit(berichtsoort="Omzetbelasting", identity=..., content=b"...",
                                    filename="ob.xbrl", mime_type="application/xml", rol="Bedrijf")
            assert client.wait(receipt.kenmerk, timeout=5, poll_interval=0.01).statuscode == "500"

Imports of the mock happen inside the fixtures, so loading this plugin costs nothing in
test runs that do not use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .mock import MockDigipoort
    from .pki import ThrowawayPKI

__all__ = ["wus_mock", "wus_mock_factory", "wus_mock_pki"]

_DEFAULTS: dict[str, Any] = {"pace": 0.01, "slow_delay": 0.5}


@pytest.fixture(scope="session")
def wus_mock_pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPKI:
    """A throwaway PKI shared by every mock of the test session."""
    from .pki import ThrowawayPKI

    return ThrowawayPKI.ensure(tmp_path_factory.mktemp("wus-mock-pki"))


@pytest.fixture
def wus_mock_factory(wus_mock_pki: ThrowawayPKI) -> Iterator[Callable[..., MockDigipoort]]:
    """Start mocks with custom settings (keyword arguments of MockDigipoort)."""
    from .mock import MockDigipoort

    started: list[MockDigipoort] = []

    def start(**kwargs: Any) -> MockDigipoort:
        mock = MockDigipoort(wus_mock_pki, **{**_DEFAULTS, **kwargs})
        mock.start()
        started.append(mock)
        return mock

    try:
        yield start
    finally:
        for mock in reversed(started):
            mock.stop()


@pytest.fixture
def wus_mock(wus_mock_factory: Callable[..., MockDigipoort]) -> MockDigipoort:
    """A running mock Digipoort (DIGIPOORT profile, 0.01 s per status)."""
    return wus_mock_factory()
