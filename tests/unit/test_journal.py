"""The submission journal: write-ahead, states, statuses, permissions, schema and recovery."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from wus_client.errors import ConfigurationError, MessageValidationError
from wus_client.journal import (
    SCHEMA_VERSION,
    DuplicateSubmissionError,
    Journal,
    JournalEntry,
    JournalError,
)
from wus_client.models import Identity, Receipt, Status

REPO = Path(__file__).resolve().parents[2]
ID = Identity(nummer="123456789L01", type="LHnr")
T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def attempt(journal: Journal, payload: bytes = b"<ziekmelding/>", **kwargs: object) -> JournalEntry:
    args: dict[str, object] = {
        "berichtsoort": "Ziekmelding",
        "identity": ID,
        "rol": "Bedrijf",
        "filename": "z.xml",
        "payload": payload,
        "endpoint": "https://mock/aanleverservice/1.2",
    }
    args.update(kwargs)
    return journal.new_attempt(**args)  # type: ignore[arg-type]


def receipt(aanleverkenmerk: str, kenmerk: str, **kwargs: object) -> Receipt:
    return Receipt(
        kenmerk=kenmerk,
        aanleverkenmerk=aanleverkenmerk,
        berichtsoort="Ziekmelding",
        tijdstempel_aangeleverd=T0,
        identity=ID,
        rol="Bedrijf",
        **kwargs,  # type: ignore[arg-type]
    )


def status(kenmerk: str, code: str, minute: int, foutcode: str | None = None) -> Status:
    return Status(
        kenmerk=kenmerk,
        statuscode=code,
        omschrijving=f"status {code}",
        tijdstempel=T0 + timedelta(minutes=minute),
        foutcode=foutcode,
    )


HAPPY = ["105", "100", "110", "200", "301", "301", "405", "400", "500"]


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "wus.sqlite")
    yield j  # type: ignore[misc]
    j.close()


# -- write-ahead ---------------------------------------------------------------------------


def test_attempt_is_committed_before_new_attempt_returns(tmp_path: Path) -> None:
    path = tmp_path / "wus.sqlite"
    with Journal(path) as j:
        entry = attempt(j, payload=b"abc")
        # An independent connection (another process, after a crash) sees the row already.
        raw = sqlite3.connect(path)
        row = raw.execute(
            "SELECT state, payload_sha256, size, payload FROM submissions WHERE aanleverkenmerk = ?",
            (entry.aanleverkenmerk,),
        ).fetchone()
        raw.close()
    assert row == ("pending", hashlib.sha256(b"abc").hexdigest(), 3, None)
    assert entry.state == "pending"
    assert entry.created_at.tzinfo is not None
    assert 0 < len(entry.aanleverkenmerk) <= 40


def test_payload_bytes_stored_only_when_asked(tmp_path: Path) -> None:
    with Journal(tmp_path / "a.sqlite") as j:
        assert attempt(j, payload=b"BSN 123").payload is None
    with Journal(tmp_path / "b.sqlite", store_payloads=True) as j:
        e = attempt(j, payload=b"BSN 123")
        assert e.payload == b"BSN 123"
        assert "BSN" not in repr(e)
    assert b"BSN 123" not in (tmp_path / "a.sqlite").read_bytes()


def test_generated_aanleverkenmerken_are_unique(journal: Journal) -> None:
    keys = {attempt(journal).aanleverkenmerk for _ in range(50)}
    assert len(keys) == 50


def test_aanleverkenmerk_too_long_is_refused(journal: Journal) -> None:
    with pytest.raises(MessageValidationError):
        attempt(journal, aanleverkenmerk="x" * 41)


# -- states --------------------------------------------------------------------------------


def test_accepted_receipt_records_kenmerk_and_time(journal: Journal) -> None:
    e = attempt(journal, aanleverkenmerk="ak-1")
    journal.mark_sent("ak-1")
    journal.mark_accepted("ak-1", receipt("ak-1", "K1"))
    got = journal.get("ak-1")
    assert got is not None
    assert (got.state, got.kenmerk, got.tijdstempel_aangeleverd) == ("accepted", "K1", T0)
    assert got.sent_at is not None and got.sent_at >= e.created_at
    assert journal.by_kenmerk("K1") == got
    # the same receipt twice is harmless
    journal.mark_accepted("ak-1", receipt("ak-1", "K1"))


def test_receipt_with_synchronous_status_is_recorded(journal: Journal) -> None:
    attempt(journal, aanleverkenmerk="ak-1")
    journal.mark_accepted("ak-1", receipt("ak-1", "K1", status=status("K1", "100", 0)))
    assert [s.statuscode for s in journal.statuses("K1")] == ["100"]
    assert journal.get("ak-1").last_statuscode == "100"  # type: ignore[union-attr]


def test_accepted_with_another_kenmerk_is_an_error(journal: Journal) -> None:
    attempt(journal, aanleverkenmerk="ak-1")
    attempt(journal, aanleverkenmerk="ak-2")
    journal.mark_accepted("ak-1", receipt("ak-1", "K1"))
    with pytest.raises(JournalError, match="already accepted"):
        journal.mark_accepted("ak-1", receipt("ak-1", "K2"))
    with pytest.raises(JournalError, match="already belongs"):
        journal.mark_accepted("ak-2", receipt("ak-2", "K1"))


@pytest.mark.parametrize("state", ["pending", "uncertain", "accepted"])
def test_reusing_a_live_aanleverkenmerk_is_refused(journal: Journal, state: str) -> None:
    attempt(journal, aanleverkenmerk="Happyflow")
    if state == "uncertain":
        journal.mark_uncertain("Happyflow", "reset after send")
    if state == "accepted":
        journal.mark_accepted("Happyflow", receipt("Happyflow", "K1"))
    with pytest.raises(DuplicateSubmissionError) as info:
        attempt(journal, aanleverkenmerk="Happyflow")
    assert info.value.state == state
    assert journal.get("Happyflow").state == state  # type: ignore[union-attr]


def test_rejected_row_may_be_attempted_again(journal: Journal) -> None:
    attempt(journal, aanleverkenmerk="ak-1", payload=b"old")
    journal.mark_rejected("ak-1", "not sent: connection refused")
    again = attempt(journal, aanleverkenmerk="ak-1", payload=b"new")
    assert (again.state, again.attempts, again.error) == ("pending", 2, None)
    assert again.payload_sha256 == hashlib.sha256(b"new").hexdigest()


def test_uncertain_records_reason_and_time_and_is_never_downgraded(journal: Journal) -> None:
    attempt(journal, aanleverkenmerk="ak-1")
    journal.mark_uncertain("ak-1", "connection reset after the request was sent")
    e = journal.get("ak-1")
    assert e is not None and e.state == "uncertain" and e.uncertain_at is not None
    assert "reset" in (e.error or "")
    attempt(journal, aanleverkenmerk="ak-2")
    journal.mark_accepted("ak-2", receipt("ak-2", "K2"))
    journal.mark_uncertain("ak-2", "late error")  # a verified receipt outranks it
    journal.mark_rejected("ak-2", "late fault")
    assert journal.get("ak-2").state == "accepted"  # type: ignore[union-attr]


def test_reconciled_row_becomes_accepted(journal: Journal) -> None:
    attempt(journal, aanleverkenmerk="ak-1")
    journal.mark_uncertain("ak-1", "killed")
    journal.mark_reconciled("ak-1", kenmerk="K9", tijdstempel=T0)
    e = journal.get("ak-1")
    assert e is not None and (e.state, e.kenmerk, e.reconciled) == ("accepted", "K9", True)


def test_unknown_aanleverkenmerk_is_an_error(journal: Journal) -> None:
    with pytest.raises(JournalError, match="not in the journal"):
        journal.mark_uncertain("nope", "x")


def test_entries_filters_and_counts(journal: Journal) -> None:
    for i in range(4):
        attempt(journal, aanleverkenmerk=f"ak-{i}")
    journal.mark_accepted("ak-0", receipt("ak-0", "K0"))
    journal.mark_accepted("ak-1", receipt("ak-1", "K1"))
    journal.record_statuses("K1", [status("K1", c, i) for i, c in enumerate(HAPPY)])
    journal.mark_rejected("ak-2", "fault ALS100")
    journal.mark_uncertain("ak-3", "timeout")
    assert [e.aanleverkenmerk for e in journal.entries(state="accepted")] == ["ak-0", "ak-1"]
    assert [e.aanleverkenmerk for e in journal.entries(open_only=True)] == ["ak-0", "ak-3"]
    assert journal.counts() == {
        "pending": 0,
        "sent": 0,
        "accepted": 2,
        "uncertain": 1,
        "rejected": 1,
        "final": 1,
        "open": 1,
    }


# -- statuses ------------------------------------------------------------------------------


def test_record_statuses_is_idempotent_and_sets_the_final_flag(journal: Journal) -> None:
    attempt(journal, aanleverkenmerk="ak-1")
    journal.mark_accepted("ak-1", receipt("ak-1", "K1"))
    first = [status("K1", c, i) for i, c in enumerate(HAPPY[:4])]
    assert journal.record_statuses("K1", first) == 4
    assert journal.record_statuses("K1", first) == 0
    e = journal.get("ak-1")
    assert e is not None and (e.last_statuscode, e.final) == ("200", False)
    rest = [status("K1", c, i) for i, c in enumerate(HAPPY)]
    assert journal.record_statuses("K1", rest) == 5  # both 301s kept (different times)
    e = journal.get("ak-1")
    assert e is not None and (e.last_statuscode, e.final, e.error) == ("500", True, None)
    assert [s.statuscode for s in journal.statuses("K1")] == HAPPY
    assert journal.statuses("K1")[-1].tijdstempel == T0 + timedelta(minutes=8)


def test_final_error_status_sets_error_text(journal: Journal) -> None:
    attempt(journal, aanleverkenmerk="ak-1")
    journal.mark_accepted("ak-1", receipt("ak-1", "K1"))
    journal.record_statuses("K1", [status("K1", "405", 0), status("K1", "410", 1, foutcode="AFS400")])
    e = journal.get("ak-1")
    assert e is not None and e.final and e.last_foutcode == "AFS400"
    assert "410" in (e.error or "") and "AFS400" in (e.error or "")


def test_statuses_stored_in_utc_whatever_offset_they_come_with(journal: Journal) -> None:
    cet = timezone(timedelta(hours=1))
    s = Status(
        kenmerk="K", statuscode="100", omschrijving="x", tijdstempel=datetime(2026, 3, 1, 11, 0, tzinfo=cet)
    )
    journal.record_statuses("K", [s])
    # the same instant expressed in UTC is the same row
    same = Status(kenmerk="K", statuscode="100", omschrijving="x", tijdstempel=T0)
    assert journal.record_statuses("K", [same]) == 0
    assert journal.statuses("K")[0].tijdstempel == T0


def test_batch_clears_inflight_mark_in_the_same_transaction(journal: Journal) -> None:
    journal.mark_inflight("status:Ziekmelding:123456789L01:LHnr")
    assert journal.inflight() == ["status:Ziekmelding:123456789L01:LHnr"]
    n = journal.record_status_batch(
        [("K1", status("K1", "100", 0)), ("K2", status("K2", "100", 0))],
        clear_inflight="status:Ziekmelding:123456789L01:LHnr",
    )
    assert n == 2
    assert journal.inflight() == []


# -- fetch bookkeeping ---------------------------------------------------------------------


def test_listed_then_fetched(journal: Journal) -> None:
    from wus_client.models import BerichtLijstItem

    items = [BerichtLijstItem(kenmerk=f"M{i}", berichtsoort="UWV-brief", identity=ID) for i in range(3)]
    assert journal.record_listed(items) == 3
    assert journal.record_listed(items) == 0
    assert [r.kenmerk for r in journal.unfetched()] == ["M0", "M1", "M2"]
    journal.record_fetched("M1", berichtsoort="UWV-brief", identity=ID, path="/out/M1.meta.json")
    assert journal.is_fetched("M1") and not journal.is_fetched("M0")
    assert [r.kenmerk for r in journal.unfetched()] == ["M0", "M2"]
    rec = journal.fetch_record("M1")
    assert rec is not None and rec.path == "/out/M1.meta.json" and rec.is_fetched
    # recording a message never listed works too
    journal.record_fetched("M9", berichtsoort="UWV-brief", identity=ID, path="/out/M9.meta.json")
    assert {r.kenmerk for r in journal.fetched()} == {"M1", "M9"}


# -- file, schema, threads -------------------------------------------------------------------


def test_files_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "wus.sqlite"
    with Journal(path) as j:
        attempt(j)
        files = [p for p in tmp_path.iterdir() if p.name.startswith("wus.sqlite")]
        assert {p.name for p in files} >= {"wus.sqlite", "wus.sqlite-wal", "wus.sqlite-shm"}
        for p in files:
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name


def test_wal_mode_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "wus.sqlite"
    Journal(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "wus.sqlite"
    with Journal(path) as j:
        attempt(j, aanleverkenmerk="ak-1")
        j.mark_accepted("ak-1", receipt("ak-1", "K1"))
    with Journal(path) as j:
        assert j.get("ak-1").kenmerk == "K1"  # type: ignore[union-attr]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wus.sqlite"
    Journal(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(ConfigurationError, match="newer"):
        Journal(path)


def test_a_failing_migration_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wus_client.journal import _schema

    path = tmp_path / "wus.sqlite"
    Journal(path).close()

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk says no")

    monkeypatch.setitem(_schema.MIGRATIONS, SCHEMA_VERSION + 1, broken)
    monkeypatch.setattr(_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(ConfigurationError, match="disk says no"):
        Journal(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    raw.close()


def test_not_a_database_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "wus.sqlite"
    path.write_bytes(b"this is not sqlite at all, just text" * 100)
    with pytest.raises(ConfigurationError, match="journal"):
        Journal(path)


def test_missing_directory_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot create"):
        Journal(tmp_path / "missing" / "wus.sqlite")


def test_closed_journal_raises_journal_error(tmp_path: Path) -> None:
    j = Journal(tmp_path / "wus.sqlite")
    j.close()
    j.close()  # idempotent
    with pytest.raises(JournalError, match="closed"):
        j.entries()


def test_concurrent_attempts_from_threads(journal: Journal) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                e = attempt(journal, aanleverkenmerk=f"t{n}-{i}")
                journal.mark_accepted(e.aanleverkenmerk, receipt(e.aanleverkenmerk, f"K-{n}-{i}"))
                journal.record_statuses(f"K-{n}-{i}", [status(f"K-{n}-{i}", "100", 0)])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert journal.counts()["accepted"] == 150
    assert len(journal.known_kenmerken()) == 150


# -- interrupted processes -------------------------------------------------------------------

CHILD = """
import os, sys
from wus_client.journal import Journal
from wus_client.models import Identity
j = Journal(sys.argv[1])
j.new_attempt(berichtsoort="Ziekmelding", identity=Identity("123456789L01", "LHnr"), rol="Bedrijf",
              filename="z.xml", payload=b"x", endpoint="https://mock", aanleverkenmerk="killed-1")
os._exit(9)  # dies without an answer, like SIGKILL during the request
"""


def test_rows_of_a_dead_process_become_uncertain_on_open(tmp_path: Path) -> None:
    path = tmp_path / "wus.sqlite"
    subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=REPO, check=False, timeout=60)
    with Journal(path) as j:
        e = j.get("killed-1")
        assert e is not None and e.state == "uncertain" and e.uncertain_at is not None
        assert "interrupted" in (e.error or "")


def test_rows_of_a_live_process_are_left_alone(journal: Journal, tmp_path: Path) -> None:
    attempt(journal, aanleverkenmerk="in-flight")
    with Journal(journal.path) as other:  # same process, still alive
        assert other.recover_interrupted() == []
        assert other.get("in-flight").state == "pending"  # type: ignore[union-attr]
        # an explicit age limit covers rows of other hosts / stuck processes
        assert other.recover_interrupted(older_than=timedelta(seconds=-1)) == ["in-flight"]


def test_entry_to_dict_is_json_ready_and_has_no_payload(tmp_path: Path) -> None:
    import json

    with Journal(tmp_path / "p.sqlite", store_payloads=True) as j:
        e = attempt(j, payload=b"BSN 123", aanleverkenmerk="ak-1")
    d = e.to_dict()
    assert "payload" not in d and "BSN" not in json.dumps(d)
    assert d["identity"] == "123456789L01:LHnr" and d["state"] == "pending"
    assert datetime.fromisoformat(str(d["created_at"])) == e.created_at
