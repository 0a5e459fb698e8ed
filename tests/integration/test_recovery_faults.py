"""Journal, retries and recovery against the mock over real mTLS, with injected faults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wus_client.errors import TransportError, UncertainDeliveryError
from wus_client.models import Identity
from wus_client.retry import RetryPolicy
from wus_client.testing import MockDigipoort

pytestmark = pytest.mark.integration

ID = Identity(nummer="123456789L01", type="LHnr")
BS = "Omzetbelasting"
FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, deadline=5.0)


def submit(client: object, content: bytes = b"<aangifte/>", **kwargs: object) -> object:
    return client.submit(  # type: ignore[attr-defined]
        berichtsoort=BS,
        identity=ID,
        content=content,
        filename="ob.xbrl",
        mime_type="application/xml",
        **kwargs,
    )


def test_reset_after_send_is_uncertain_never_resent_and_reconciled(
    wus_mock: MockDigipoort, tmp_path: Path
) -> None:
    wus_mock.inject(operation="aanleveren", kind="reset_after_read")
    with wus_mock.client(journal=tmp_path / "wus.sqlite", retry=FAST) as client:
        with pytest.raises(UncertainDeliveryError) as info:
            submit(client, aanleverkenmerk="reset-1")
        assert info.value.aanleverkenmerk == "reset-1"
        assert wus_mock.calls.count("aanleveren") == 1  # no automatic resend
        [arrived] = wus_mock.submissions
        journal = client.journal
        assert journal is not None
        assert journal.get("reset-1").state == "uncertain"  # type: ignore[union-attr]

        report = client.reconcile()
        assert [(m.aanleverkenmerk, m.kenmerk) for m in report.matched] == [("reset-1", arrived.kenmerk)]
        row = journal.get("reset-1")
        assert row is not None and row.state == "accepted" and row.kenmerk == arrived.kenmerk
        assert journal.statuses(arrived.kenmerk)[0].statuscode == "105"
    assert wus_mock.calls.count("aanleveren") == 1


def test_reset_before_processing_stays_uncertain_then_explicit_resubmit(
    wus_mock: MockDigipoort, tmp_path: Path
) -> None:
    wus_mock.inject(operation="aanleveren", kind="reset_before_processing")
    with wus_mock.client(journal=tmp_path / "wus.sqlite", store_payloads=True, retry=FAST) as client:
        with pytest.raises(UncertainDeliveryError):
            submit(client, content=b"<aangifte>42</aangifte>", aanleverkenmerk="lost-1")
        assert wus_mock.submissions == []
        report = client.reconcile()
        assert report.matched == ()
        [u] = report.still_uncertain
        assert (u.aanleverkenmerk, u.reason) == ("lost-1", "not found")

        receipt = client.resubmit("lost-1")
        assert receipt.eerder_aanleverkenmerk == "lost-1"
        [arrived] = wus_mock.submissions
        assert arrived.content == b"<aangifte>42</aangifte>"
        assert arrived.aanleverkenmerk == receipt.aanleverkenmerk != "lost-1"
        journal = client.journal
        assert journal is not None
        assert journal.get("lost-1").superseded_by == receipt.aanleverkenmerk  # type: ignore[union-attr]
        new = journal.get(receipt.aanleverkenmerk)  # type: ignore[arg-type]
        assert new is not None and new.state == "accepted" and new.eerder_aanleverkenmerk == "lost-1"


def test_refused_connection_is_rejected_not_uncertain(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    from wus_client.config import Environment

    dead = Environment.custom(aanlever_url="https://127.0.0.1:9/x", status_url="https://127.0.0.1:9/y")
    with wus_mock.client(environment=dead, journal=tmp_path / "wus.sqlite", retry=FAST) as client:
        with pytest.raises(TransportError) as info:
            submit(client, aanleverkenmerk="refused-1")
        assert info.value.request_sent is False
        assert not isinstance(info.value, UncertainDeliveryError)
        row = client.journal.get("refused-1")  # type: ignore[union-attr]
        assert row is not None and row.state == "rejected"


def test_503_on_status_is_retried_then_succeeds(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    with wus_mock.client(journal=tmp_path / "wus.sqlite", retry=FAST) as client:
        receipt = submit(client)
        wus_mock.inject(operation="getStatussenProces", kind="http_503", count=2)
        statuses = client.statuses(receipt.kenmerk)  # type: ignore[attr-defined]
        assert statuses and statuses[0].statuscode == "105"
        assert wus_mock.calls.count("getStatussenProces") == 3


def test_timeout_gives_a_transport_error_naming_the_deadline(
    wus_mock_factory: Callable[..., MockDigipoort], tmp_path: Path
) -> None:
    mock = wus_mock_factory()
    policy = RetryPolicy(attempts=10, base_delay=0.05, max_delay=0.05, deadline=1.0)
    with mock.client(timeout=0.3, retry=policy) as client:
        receipt = submit(client)
        mock.inject(operation="getStatussenProces", kind="delay", seconds=2.0, count=10)
        with pytest.raises(TransportError, match=r"deadline of 1 s") as info:
            client.statuses(receipt.kenmerk)  # type: ignore[attr-defined]
        assert info.value.operation == "getStatussenProces"
        assert 2 <= mock.calls.count("getStatussenProces") <= 4


def test_fault_on_status_is_not_retried(wus_mock: MockDigipoort) -> None:
    from wus_client.errors import FaultError

    with wus_mock.client(retry=FAST) as client:
        receipt = submit(client)
        wus_mock.inject(operation="getStatussenProces", kind="fault", count=5)
        with pytest.raises(FaultError):
            client.statuses(receipt.kenmerk)  # type: ignore[attr-defined]
        assert wus_mock.calls.count("getStatussenProces") == 1
