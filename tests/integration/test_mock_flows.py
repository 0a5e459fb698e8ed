"""The SDK against the mock over real mutual TLS: submissions, statuses, scenarios, ophalen."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from _mock_wire import IDENTITY

from wus_client.config import SecurityProfile
from wus_client.errors import FaultError, TransportError
from wus_client.models import Attachment, Identity
from wus_client.retry import RetryPolicy
from wus_client.testing import MockDigipoort, running_mock

pytestmark = pytest.mark.integration

HAPPY = ["105", "100", "110", "200", "301", "301", "405", "400", "500"]
START = HAPPY[:7]


def submit(client: object, aanleverkenmerk: str | None = None, content: bytes = b"<aangifte/>") -> str:
    receipt = client.submit(  # type: ignore[attr-defined]
        berichtsoort="Omzetbelasting",
        identity=IDENTITY,
        content=content,
        filename="Omzetbelasting.xbrl",
        mime_type="application/xml",
        aanleverkenmerk=aanleverkenmerk,
        rol="Bedrijf",
    )
    return str(receipt.kenmerk)


@pytest.mark.parametrize("profile", list(SecurityProfile))
def test_submit_statuses_and_wait_to_500(
    wus_mock_factory: Callable[..., MockDigipoort], profile: SecurityProfile
) -> None:
    mock = wus_mock_factory(profile=profile, pace=0.01)
    seen: list[str] = []
    with mock.client() as client:
        receipt = client.submit(
            berichtsoort="Omzetbelasting",
            identity=IDENTITY,
            content=b"<aangifte>1</aangifte>",
            filename="ob.xbrl",
            mime_type="application/xml",
            aanleverkenmerk="eigen-kenmerk-1",
        )
        assert receipt.aanleverkenmerk == "eigen-kenmerk-1"
        assert receipt.identity == IDENTITY
        assert abs(time.time() - receipt.tijdstempel_aangeleverd.timestamp()) < 5
        final = client.wait(
            receipt.kenmerk, timeout=10, poll_interval=0.01, on_status=lambda s: seen.append(s.statuscode)
        )
        assert final.statuscode == "500" and final.is_final and not final.is_error
        assert final.details is not None and "terugmelding" in final.details
        assert seen == HAPPY
        assert [s.statuscode for s in client.statuses(receipt.kenmerk)] == HAPPY
        assert client.new_statuses(receipt.kenmerk) == []  # wait() consumed them all
    sub = mock.submissions[0]
    assert (sub.kenmerk, sub.content, sub.filename, sub.identity) == (
        receipt.kenmerk, b"<aangifte>1</aangifte>", "ob.xbrl", IDENTITY
    )


@pytest.mark.parametrize(
    ("aanleverkenmerk", "codes", "foutcode"),
    [
        ("Happyflow", HAPPY, None),
        ("anything-else", HAPPY, None),
        ("Afleverfout", [*START, "410"], "AFS400"),
        ("Foutuitvragendepartij", [*START, "400", "510"], None),
        ("TechnischProbleemAfleveren", [*START, "420"], None),
        ("MaximaalAantalAfleverpogingen", [*START, "420", "420"], "AFS600"),
        ("ZwaarbelastStatusInformatie", HAPPY, None),
    ],
)
def test_scenario_status_sequences(
    wus_mock: MockDigipoort, aanleverkenmerk: str, codes: list[str], foutcode: str | None
) -> None:
    with wus_mock.client() as client:
        kenmerk = submit(client, aanleverkenmerk)
        time.sleep(len(codes) * 0.01 + 0.05)
        statuses = client.statuses(kenmerk)
    assert [s.statuscode for s in statuses] == codes
    assert statuses[-1].foutcode == foutcode
    if aanleverkenmerk != "TechnischProbleemAfleveren":
        assert statuses[-1].is_final


def test_zwaarbelast_status_answers_slowly(wus_mock_factory: Callable[..., MockDigipoort]) -> None:
    mock = wus_mock_factory(slow_delay=0.4, pace=0)
    with mock.client() as client:
        kenmerk = submit(client, "ZwaarbelastStatusInformatie")
        t0 = time.monotonic()
        assert client.statuses(kenmerk)[-1].statuscode == "500"
        assert time.monotonic() - t0 >= 0.4
    with mock.client(timeout=0.2, retry=RetryPolicy.never()) as client, pytest.raises(TransportError):
        client.statuses(kenmerk)


def test_zwaarbelast_aanleveren_is_slow_but_accepted(wus_mock_factory: Callable[..., MockDigipoort]) -> None:
    mock = wus_mock_factory(slow_delay=0.4)
    with mock.client() as client:
        t0 = time.monotonic()
        submit(client, "ZwaarbelastAanleveren")
        assert time.monotonic() - t0 >= 0.4


def test_aanleverfault_scenario(wus_mock: MockDigipoort) -> None:
    with wus_mock.client() as client, pytest.raises(FaultError) as caught:
        submit(client, "AanleverFault")
    assert caught.value.foutcode == "ALS100"
    assert caught.value.http_status == 500
    assert "AanleverFault" in (caught.value.foutbeschrijving or "")
    assert wus_mock.submissions == []


def test_statusinformatiefault_scenario(wus_mock: MockDigipoort) -> None:
    with wus_mock.client() as client:
        kenmerk = submit(client, "StatusInformatieFault")
        with pytest.raises(FaultError) as caught:
            client.statuses(kenmerk)
    assert caught.value.foutcode == "STS100"


def test_overbelast_aanleveren_is_http_503(wus_mock: MockDigipoort) -> None:
    with wus_mock.client(retry=RetryPolicy.never()) as client, pytest.raises(TransportError) as caught:
        submit(client, "OverbelastAanleveren")
    assert caught.value.status_code == 503
    assert wus_mock.submissions == []


def test_overbelast_statusinformatie_is_http_503(wus_mock: MockDigipoort) -> None:
    with wus_mock.client(retry=RetryPolicy.never()) as client:
        kenmerk = submit(client, "OverbelastStatusInformatie")
        with pytest.raises(TransportError) as caught:
            client.statuses(kenmerk)
    assert caught.value.status_code == 503


def test_new_statuses_only_once_and_cursors_are_separate(
    wus_mock_factory: Callable[..., MockDigipoort],
) -> None:
    mock = wus_mock_factory(pace=0.05)
    with mock.client() as client:
        kenmerk = submit(client)
        first = client.new_statuses(kenmerk)
        time.sleep(0.12)
        second = client.new_statuses(kenmerk)
        assert first and second
        codes = [s.statuscode for s in first + second]
        assert codes == HAPPY[: len(codes)]
        # getNieuweStatussen (berichtsoort + identity) has its own cursor
        time.sleep(0.5)
        by_pair = client.new_statuses_for("Omzetbelasting", IDENTITY)
        assert [s.statuscode for s in by_pair] == HAPPY
        assert client.new_statuses_for("Omzetbelasting", IDENTITY) == []
        rest = client.new_statuses(kenmerk)
        assert [s.statuscode for s in first + second + rest] == HAPPY


def test_processen_and_berichtsoorten_from_what_was_submitted(wus_mock: MockDigipoort) -> None:
    other = Identity(nummer="123456789L01", type="LHnr")
    with wus_mock.client() as client:
        k1 = submit(client)
        k2 = submit(client)
        client.submit(
            berichtsoort="Aangifte_LH", identity=other, content=b"<lh/>", filename="lh.xml", rol="Bedrijf"
        )
        processen = client.processes("Omzetbelasting", IDENTITY)
        assert sorted(p.kenmerk for p in processen) == sorted([k1, k2])
        assert client.berichtsoorten_used(IDENTITY) == ["Omzetbelasting"]
        assert client.berichtsoorten_used(other) == ["Aangifte_LH"]
        assert client.processes("Omzetbelasting", other) == []


def test_processes_are_scoped_to_the_tls_client(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    from wus_client.credentials import Credentials

    with wus_mock.client() as client:
        kenmerk = submit(client)
    issued = wus_mock.pki.issue_client("tweede", serial_number="00000009999999990000", directory=tmp_path)
    with wus_mock.client(credentials=Credentials.from_pem(issued.cert, issued.key)) as stranger:
        assert stranger.processes("Omzetbelasting", IDENTITY) == []
        with pytest.raises(FaultError) as caught:
            stranger.statuses(kenmerk)
    assert caught.value.foutcode == "STS100"


def test_ophaalservice_serves_queued_messages(wus_mock: MockDigipoort) -> None:
    pdf = b"%PDF-1.4 brief van UWV\n%%EOF\n"
    other = Identity(nummer="00000004003214345001", type="OIN")
    k1 = wus_mock.enqueue_bericht(IDENTITY, "UWV-brief", pdf, "brief.pdf", "application/pdf")
    k2 = wus_mock.enqueue_bericht(
        other, "UWV-brief", b"x", "b2.pdf", "application/pdf",
        bijlagen=[Attachment(content=b"bijlage", filename="b.txt", mime_type="text/plain")],
    )
    with wus_mock.client() as client:
        assert sorted(i.kenmerk for i in client.message_list()) == sorted([k1, k2])
        assert [i.kenmerk for i in client.new_message_list("UWV-brief")] == [k1, k2]
        assert client.new_message_list() == []
        [bericht] = client.messages(IDENTITY)
        assert (bericht.kenmerk, bericht.inhoud.content, bericht.inhoud.filename) == (k1, pdf, "brief.pdf")
        assert [b.kenmerk for b in client.new_messages(IDENTITY)] == [k1]
        assert client.new_messages(IDENTITY) == []
        [second] = client.messages_by_kenmerk(k2)
        assert second.bijlagen[0].content == b"bijlage"
        assert [b.kenmerk for b in client.new_messages_by_kenmerk(k2)] == [k2]
        assert client.new_messages_by_kenmerk(k2) == []


def test_record_dir_holds_envelope_and_content(tmp_path: Path) -> None:
    record = tmp_path / "record"
    with running_mock(tmp_path / "pki", record_dir=record) as mock, mock.client() as client:
        receipt = client.submit(
            berichtsoort="Omzetbelasting", identity=IDENTITY, content=b"<inhoud/>",
            filename="../../evil.xbrl", mime_type="application/xml",
        )
    envelope = (record / f"{receipt.kenmerk}.envelope.xml").read_bytes()
    assert b"Security" in envelope and b"aanleverRequest" in envelope
    assert envelope == mock.submissions[0].envelope
    assert (record / f"{receipt.kenmerk}.evil.xbrl").read_bytes() == b"<inhoud/>"
    assert sorted(p.name for p in record.iterdir()) == sorted(
        [f"{receipt.kenmerk}.envelope.xml", f"{receipt.kenmerk}.evil.xbrl"]
    )


def test_concurrent_clients(wus_mock: MockDigipoort) -> None:
    from concurrent.futures import ThreadPoolExecutor

    payloads = [f"<n>{i}</n>".encode() for i in range(12)]

    def one(i: int) -> str:
        return submit(client, f"parallel-{i}", payloads[i])

    def final(kenmerk: str) -> str:
        return client.wait(kenmerk, timeout=10, poll_interval=0.01).statuscode

    with wus_mock.client() as client, ThreadPoolExecutor(max_workers=6) as pool:
        kenmerken = list(pool.map(one, range(12)))
        finals = list(pool.map(final, kenmerken))
    assert finals == ["500"] * 12
    assert len(set(kenmerken)) == 12
    assert sorted(s.content for s in wus_mock.submissions) == sorted(payloads)
