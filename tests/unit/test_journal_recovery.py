"""reconcile() and resubmit() against an in-memory Digipoort (journal_fakes.FakeClient)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from journal_fakes import FakeClient, transport_error

from wus_client.errors import MessageValidationError
from wus_client.journal import Journal, JournalEntry, JournalError
from wus_client.models import Identity, Receipt
from wus_client.recovery import reconcile, resubmit

ID = Identity(nummer="123456789L01", type="LHnr")
OTHER = Identity(nummer="987654321L01", type="LHnr")
BS = "Ziekmelding"
EXACT = timedelta(0)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "wus.sqlite", store_payloads=True)
    yield j  # type: ignore[misc]
    j.close()


def uncertain(journal: Journal, ak: str, payload: bytes = b"<z/>", identity: Identity = ID) -> JournalEntry:
    journal.new_attempt(
        berichtsoort=BS,
        identity=identity,
        rol="Bedrijf",
        filename="z.xml",
        payload=payload,
        endpoint="https://mock",
        aanleverkenmerk=ak,
        mime_type="text/xml",
    )
    journal.mark_uncertain(ak, "connection reset after the request was sent")
    e = journal.get(ak)
    assert e is not None
    return e


def inside(e: JournalEntry) -> datetime:
    """A moment inside the row's send window."""
    assert e.uncertain_at is not None
    return e.created_at + (e.uncertain_at - e.created_at) / 2


def accepted(journal: Journal, ak: str, kenmerk: str) -> None:
    journal.new_attempt(
        berichtsoort=BS,
        identity=ID,
        rol="Bedrijf",
        filename="z.xml",
        payload=b"a",
        endpoint="e",
        aanleverkenmerk=ak,
    )
    journal.mark_accepted(
        ak,
        Receipt(
            kenmerk=kenmerk,
            aanleverkenmerk=ak,
            berichtsoort=BS,
            tijdstempel_aangeleverd=datetime.now(UTC),
            identity=ID,
            rol="Bedrijf",
        ),
    )


def test_single_uncertain_submission_is_matched(journal: Journal) -> None:
    client = FakeClient()
    client.add_process(BS, ID, datetime(2020, 1, 1, tzinfo=UTC))  # old, outside every window
    e = uncertain(journal, "ak-1")
    k = client.add_process(BS, ID, inside(e), released=3)
    client.add_process(BS, OTHER, inside(e))  # another identity: never looked at
    report = reconcile(client, journal, clock_skew=EXACT)
    assert [(m.aanleverkenmerk, m.kenmerk) for m in report.matched] == [("ak-1", k)]
    assert report.still_uncertain == ()
    row = journal.get("ak-1")
    assert row is not None and (row.state, row.kenmerk, row.reconciled) == ("accepted", k, True)
    assert [s.statuscode for s in journal.statuses(k)] == ["105", "100", "110"]
    assert client.calls["getProcessen"] == 1
    assert client.calls["aanleveren"] == 0  # never resent by itself


def test_not_arrived_stays_uncertain_and_is_reported(journal: Journal) -> None:
    client = FakeClient()
    uncertain(journal, "ak-1")
    report = reconcile(client, journal)
    assert report.matched == ()
    [u] = report.still_uncertain
    assert (u.aanleverkenmerk, u.reason, u.candidates) == ("ak-1", "not found", ())
    assert journal.get("ak-1").state == "uncertain"  # type: ignore[union-attr]
    assert client.calls["aanleveren"] == 0


def test_process_outside_the_send_window_is_not_taken(journal: Journal) -> None:
    client = FakeClient()
    e = uncertain(journal, "ak-1")
    client.add_process(BS, ID, e.created_at - timedelta(minutes=10))
    client.add_process(BS, ID, e.uncertain_at + timedelta(minutes=10))  # type: ignore[operator]
    report = reconcile(client, journal, clock_skew=timedelta(minutes=2))
    assert report.matched == ()
    assert report.still_uncertain[0].reason == "not found"


def test_known_kenmerken_are_not_candidates(journal: Journal) -> None:
    client = FakeClient()
    e = uncertain(journal, "ak-1")
    k = client.add_process(BS, ID, inside(e))
    accepted(journal, "ak-0", k)  # already ours under another aanleverkenmerk
    report = reconcile(client, journal, clock_skew=EXACT)
    assert report.matched == ()
    assert report.still_uncertain[0].reason == "not found"


def test_two_rows_with_separate_windows_are_both_matched(journal: Journal) -> None:
    client = FakeClient()
    a = uncertain(journal, "ak-a")
    b = uncertain(journal, "ak-b")  # created after a was marked uncertain: windows do not overlap
    kb = client.add_process(BS, ID, inside(b))
    ka = client.add_process(BS, ID, inside(a))
    report = reconcile(client, journal, clock_skew=EXACT)
    assert sorted((m.aanleverkenmerk, m.kenmerk) for m in report.matched) == [("ak-a", ka), ("ak-b", kb)]


def test_competing_rows_are_reported_not_guessed(journal: Journal) -> None:
    client = FakeClient()
    uncertain(journal, "ak-a")
    uncertain(journal, "ak-b")
    client.add_process(BS, ID, datetime.now(UTC))
    client.add_process(BS, ID, datetime.now(UTC))
    report = reconcile(client, journal, clock_skew=timedelta(minutes=2))
    assert report.matched == ()
    assert {u.reason for u in report.still_uncertain} == {"ambiguous"}
    assert all(len(u.candidates) == 2 for u in report.still_uncertain)
    assert {e.state for e in journal.entries()} == {"uncertain"}


def test_forced_match_propagates(journal: Journal) -> None:
    """c1 fits only a; c2 fits a and b. c1 must be a, hence c2 must be b."""
    client = FakeClient()
    a = uncertain(journal, "ak-a")
    b = uncertain(journal, "ak-b")
    skew = (b.created_at - a.created_at) * 2  # windows overlap
    c1 = client.add_process(BS, ID, a.created_at - skew + timedelta(microseconds=1))
    c2 = client.add_process(BS, ID, inside(a))
    report = reconcile(client, journal, clock_skew=skew)
    assert sorted((m.aanleverkenmerk, m.kenmerk) for m in report.matched) == [("ak-a", c1), ("ak-b", c2)]


def test_two_processes_fitting_only_one_row_is_ambiguous(journal: Journal) -> None:
    client = FakeClient()
    e = uncertain(journal, "ak-1")
    client.add_process(BS, ID, inside(e))
    client.add_process(BS, ID, inside(e))
    report = reconcile(client, journal, clock_skew=EXACT)
    assert report.matched == ()
    [u] = report.still_uncertain
    assert u.reason == "ambiguous" and len(u.candidates) == 2


def test_a_live_pending_submission_competes(journal: Journal) -> None:
    client = FakeClient()
    uncertain(journal, "ak-1")
    journal.new_attempt(
        berichtsoort=BS,
        identity=ID,
        rol="Bedrijf",
        filename="z",
        payload=b"p",
        endpoint="e",
        aanleverkenmerk="live",
    )
    client.add_process(BS, ID, datetime.now(UTC))  # could be either
    report = reconcile(client, journal, clock_skew=timedelta(minutes=1))
    assert report.matched == ()
    assert report.still_uncertain[0].reason == "ambiguous"
    assert journal.get("live").state == "pending"  # type: ignore[union-attr]


def test_candidate_without_status_is_not_used(journal: Journal) -> None:
    client = FakeClient()
    e = uncertain(journal, "ak-1")
    client.add_process(BS, ID, inside(e), released=0)
    report = reconcile(client, journal, clock_skew=EXACT)
    assert report.matched == ()
    assert report.still_uncertain[0].reason == "ambiguous"


def test_lookup_failure_is_reported(journal: Journal) -> None:
    client = FakeClient(fail={"getProcessen": [transport_error("getProcessen", sent=False)]})
    uncertain(journal, "ak-1")
    report = reconcile(client, journal)
    [u] = report.still_uncertain
    assert u.reason == "lookup failed" and "connection reset" in (u.detail or "")


def test_duplicate_is_flagged_when_original_turns_up_after_resubmission(journal: Journal) -> None:
    client = FakeClient()
    e = uncertain(journal, "ak-1")
    journal.mark_superseded("ak-1", "ak-2")
    accepted(journal, "ak-2", "K-resubmitted")
    client.add_process(BS, ID, inside(e))
    [m] = reconcile(client, journal, clock_skew=EXACT).matched
    assert m.duplicate_of == "ak-2"


# -- resubmit ---------------------------------------------------------------------------------


def test_resubmit_links_to_the_first_attempt(journal: Journal) -> None:
    client = FakeClient()
    uncertain(journal, "ak-1", payload=b"<ziekmelding/>")
    receipt = resubmit(client, journal, "ak-1", new_kenmerk="ak-2")
    assert receipt.aanleverkenmerk == "ak-2"
    assert receipt.eerder_aanleverkenmerk == "ak-1"
    sent = client.processes_[receipt.kenmerk]
    assert (sent.content, sent.eerder_aanleverkenmerk) == (b"<ziekmelding/>", "ak-1")
    assert journal.get("ak-1").superseded_by == "ak-2"  # type: ignore[union-attr]
    assert client.calls["getProcessen"] == 1  # checked once more before sending


def test_resubmit_of_a_resubmission_points_at_the_first(journal: Journal) -> None:
    client = FakeClient()
    journal.new_attempt(
        berichtsoort=BS,
        identity=ID,
        rol="Bedrijf",
        filename="z.xml",
        payload=b"x",
        endpoint="e",
        aanleverkenmerk="ak-2",
        eerder_aanleverkenmerk="ak-1",
    )
    journal.mark_rejected("ak-2", "fault ALS100")
    receipt = resubmit(client, journal, "ak-2", new_kenmerk="ak-3")
    assert receipt.eerder_aanleverkenmerk == "ak-1"
    assert client.calls["getProcessen"] == 0  # a rejected row needs no lookup


def test_resubmit_refuses_when_digipoort_has_it_after_all(journal: Journal) -> None:
    client = FakeClient()
    e = uncertain(journal, "ak-1")
    k = client.add_process(BS, ID, inside(e))
    with pytest.raises(JournalError, match=k):
        resubmit(client, journal, "ak-1")
    assert client.calls["aanleveren"] == 0
    assert journal.get("ak-1").state == "accepted"  # type: ignore[union-attr]


def test_resubmit_refuses_accepted_and_in_flight(journal: Journal) -> None:
    client = FakeClient()
    accepted(journal, "ak-0", "K0")
    with pytest.raises(JournalError, match="duplicate"):
        resubmit(client, journal, "ak-0")
    journal.new_attempt(
        berichtsoort=BS,
        identity=ID,
        rol="Bedrijf",
        filename="z",
        payload=b"p",
        endpoint="e",
        aanleverkenmerk="live",
    )
    with pytest.raises(JournalError, match="pending"):
        resubmit(client, journal, "live")
    assert client.calls["aanleveren"] == 0


def test_resubmit_needs_the_payload(tmp_path: Path) -> None:
    client = FakeClient()
    with Journal(tmp_path / "nopayload.sqlite") as j:
        uncertain(j, "ak-1", payload=b"original")
        with pytest.raises(JournalError, match="content="):
            resubmit(client, j, "ak-1")
        with pytest.raises(MessageValidationError):
            resubmit(client, j, "ak-1", content=b"something else")
        receipt = resubmit(client, j, "ak-1", content=b"original")
    assert client.processes_[receipt.kenmerk].content == b"original"
