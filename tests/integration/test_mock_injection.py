"""Fault injection: what other modules' tests use to provoke uncertain delivery and the like."""

from __future__ import annotations

import time

import pytest
from _mock_wire import IDENTITY

from wus_client.errors import FaultError, SecurityError, TransportError, UncertainDeliveryError
from wus_client.retry import RetryPolicy
from wus_client.testing import MockDigipoort

pytestmark = pytest.mark.integration


def _submit(client: object, aanleverkenmerk: str = "inj-1") -> object:
    return client.submit(  # type: ignore[attr-defined]
        berichtsoort="Omzetbelasting", identity=IDENTITY, content=b"<a/>", filename="a.xml",
        aanleverkenmerk=aanleverkenmerk,
    )


def test_reset_after_read_records_the_submission_but_gives_no_answer(wus_mock: MockDigipoort) -> None:
    wus_mock.inject(operation="aanleveren", kind="reset_after_read")
    with wus_mock.client(retry=RetryPolicy.never()) as client:
        with pytest.raises(UncertainDeliveryError) as caught:
            _submit(client, "reset-1")
        assert caught.value.aanleverkenmerk == "reset-1"
        # "Digipoort" has it: the process exists and runs
        [proces] = client.processes("Omzetbelasting", IDENTITY)
        assert proces.kenmerk == wus_mock.submissions[0].kenmerk
        assert wus_mock.submissions[0].aanleverkenmerk == "reset-1"
        _submit(client, "reset-2")  # the injection fired once only
    assert wus_mock.calls == ["aanleveren", "getProcessen", "aanleveren"]


def test_reset_before_processing_records_nothing(wus_mock: MockDigipoort) -> None:
    wus_mock.inject(operation="aanleveren", kind="reset_before_processing")
    with wus_mock.client(retry=RetryPolicy.never()) as client, pytest.raises(TransportError):
        _submit(client)
    assert wus_mock.submissions == []


def test_http_503_only_for_the_named_operation(wus_mock: MockDigipoort) -> None:
    wus_mock.inject(operation="getStatussenProces", kind="http_503", count=2)
    with wus_mock.client(retry=RetryPolicy.never()) as client:
        receipt = _submit(client)
        for _ in range(2):
            with pytest.raises(TransportError) as caught:
                client.statuses(receipt.kenmerk)  # type: ignore[attr-defined]
            assert caught.value.status_code == 503
        assert client.statuses(receipt.kenmerk)  # type: ignore[attr-defined]


def test_status_calls_are_retried_through_a_503(wus_mock: MockDigipoort) -> None:
    wus_mock.inject(operation="getStatussenProces", kind="http_503")
    policy = RetryPolicy(attempts=3, base_delay=0.01, jitter=False)
    with wus_mock.client(retry=policy) as client:
        receipt = _submit(client)
        assert client.statuses(receipt.kenmerk)  # type: ignore[attr-defined]
    assert wus_mock.calls.count("getStatussenProces") == 2


def test_tampered_response_is_a_security_error(wus_mock: MockDigipoort) -> None:
    wus_mock.inject(operation="aanleveren", kind="tamper_response")
    with wus_mock.client(retry=RetryPolicy.never()) as client, pytest.raises(SecurityError):
        _submit(client)
    assert len(wus_mock.submissions) == 1


def test_injected_fault(wus_mock: MockDigipoort) -> None:
    wus_mock.inject(kind="fault", foutcode="ALS110")
    with wus_mock.client() as client, pytest.raises(FaultError) as caught:
        _submit(client)
    assert caught.value.foutcode == "ALS110"


def test_delay_and_html_500(wus_mock: MockDigipoort) -> None:
    wus_mock.inject(operation="getBerichtsoorten", kind="delay", seconds=0.3)
    wus_mock.inject(operation="getBerichtsoorten", kind="http_500_html")
    with wus_mock.client(retry=RetryPolicy.never()) as client:
        t0 = time.monotonic()
        assert client.berichtsoorten_used(IDENTITY) == []
        assert time.monotonic() - t0 >= 0.3
        with pytest.raises(TransportError) as caught:
            client.berichtsoorten_used(IDENTITY)
        assert caught.value.status_code == 500


def test_inject_checks_its_arguments(wus_mock: MockDigipoort) -> None:
    with pytest.raises(ValueError, match="kind"):
        wus_mock.inject(kind="explode")
    with pytest.raises(ValueError, match="operation"):
        wus_mock.inject(operation="aanleverenn")
