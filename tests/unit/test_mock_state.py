"""The mock's bookkeeping and PKI, without sockets: status pace, cursors, scoping, reuse."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from wus_client.models import Attachment, Identity
from wus_client.testing import CLIENT_OIN, SCENARIOS, ThrowawayPKI, scenario_for
from wus_client.testing.scenarios import HAPPYFLOW, FrontDoor
from wus_client.testing.state import MockState, Submission

ID = Identity(nummer="001000044B37", type="Fi")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _submission(kenmerk: str, aanleverkenmerk: str | None = None, client: str = "A") -> Submission:
    return Submission(
        kenmerk=kenmerk, aanleverkenmerk=aanleverkenmerk, berichtsoort="Omzetbelasting", identity=ID,
        rol="Bedrijf", content=b"x", filename="x.xml", mime_type="application/xml",
        received=datetime(2026, 1, 1, tzinfo=UTC), client=client,
    )


def test_statuses_appear_at_the_pace() -> None:
    clock = Clock()
    state = MockState(pace=1.0, monotonic=clock)
    state.add_submission(_submission("k1"))
    assert [s.step.statuscode for s in state.statuses("k1", "A") or []] == ["105"]
    clock.now += 2.5
    found = state.statuses("k1", "A") or []
    assert [s.step.statuscode for s in found] == ["105", "100", "110"]
    assert (found[2].tijdstempel - found[0].tijdstempel).total_seconds() == 2.0
    clock.now += 100
    assert len(state.statuses("k1", "A") or []) == len(HAPPYFLOW.steps)


def test_new_cursors_are_independent() -> None:
    clock = Clock()
    state = MockState(pace=1.0, monotonic=clock)
    state.add_submission(_submission("k1"))
    clock.now += 1.5
    assert len(state.statuses("k1", "A", new_only=True) or []) == 2
    assert state.statuses("k1", "A", new_only=True) == []
    assert len(state.new_statuses_for("Omzetbelasting", ID, "A")) == 2
    clock.now += 1
    assert [s.step.statuscode for s in state.statuses("k1", "A", new_only=True) or []] == ["110"]
    assert [s.step.statuscode for s in state.new_statuses_for("Omzetbelasting", ID, "A")] == ["110"]


def test_processes_are_scoped_to_the_submitting_client() -> None:
    state = MockState(pace=0)
    state.add_submission(_submission("k1", client="A"))
    assert state.statuses("k1", "B") is None
    assert state.processen("Omzetbelasting", ID, "B") == []
    assert [p.kenmerk for p in state.processen("Omzetbelasting", ID, "A")] == ["k1"]
    assert state.berichtsoorten(ID, "A") == ["Omzetbelasting"]


def test_ophaal_marks() -> None:
    state = MockState(pace=0)
    inhoud = Attachment(content=b"%PDF", filename="b.pdf", mime_type="application/pdf")
    k = state.enqueue(identity=ID, berichtsoort="brief", inhoud=inhoud)
    assert [b.kenmerk for b in state.berichten(mark="listed")] == [k]
    assert state.berichten(mark="listed") == []
    assert [b.kenmerk for b in state.berichten(identity=ID, mark="fetched")] == [k]
    assert state.berichten(identity=ID, mark="fetched") == []
    assert [b.kenmerk for b in state.berichten(kenmerk=k)] == [k]


def test_scenario_selection() -> None:
    assert scenario_for("Afleverfout").steps[-1].foutcode == "AFS400"
    assert scenario_for("iets anders") is HAPPYFLOW
    assert scenario_for(None) is HAPPYFLOW
    assert SCENARIOS["OverbelastAanleveren"].aanleveren is FrontDoor.OVERLOADED
    assert SCENARIOS["ZwaarbelastStatusInformatie"].statusinformatie is FrontDoor.SLOW
    assert len(SCENARIOS) == 11


def test_pki_is_generated_then_reused(tmp_path: Path) -> None:
    pki = ThrowawayPKI.ensure(tmp_path)
    client = x509.load_pem_x509_certificate(pki.client.read_bytes())
    assert client.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == CLIENT_OIN
    eku = client.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in eku
    server = x509.load_pem_x509_certificate(pki.server.read_bytes())
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert (pki.client_key.stat().st_mode & 0o777) == 0o600
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert ThrowawayPKI.ensure(tmp_path).is_valid()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_broken_pki_is_regenerated(tmp_path: Path) -> None:
    pki = ThrowawayPKI.ensure(tmp_path)
    old_ca = pki.ca.read_bytes()
    pki.signing_key.write_bytes(pki.client_key.read_bytes())  # key no longer matches
    assert not pki.is_valid()
    assert ThrowawayPKI.ensure(tmp_path).ca.read_bytes() != old_ca
