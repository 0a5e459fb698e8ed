"""follow(): one getNieuweStatussen per (berichtsoort, identity), fallbacks, lost answers."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from journal_fakes import HAPPY, FakeClient, fault, transport_error

from wus_client.follow import FollowProgress, follow, format_summary, pair_key, progress_printer
from wus_client.journal import Journal
from wus_client.models import Identity, Receipt, Status

BS = "Ziekmelding"
T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "wus.sqlite")
    yield j  # type: ignore[misc]
    j.close()


def submit_all(
    client: FakeClient, journal: Journal, n: int, identities: list[Identity], **kw: object
) -> list[str]:
    kenmerken = []
    for i in range(n):
        identity = identities[i % len(identities)]
        ak = f"ak-{i}"
        journal.new_attempt(
            berichtsoort=BS,
            identity=identity,
            rol="Bedrijf",
            filename="z",
            payload=b"x",
            endpoint="e",
            aanleverkenmerk=ak,
        )
        k = client.add_process(BS, identity, T0, **kw)  # type: ignore[arg-type]
        journal.mark_accepted(
            ak,
            Receipt(
                kenmerk=k,
                aanleverkenmerk=ak,
                berichtsoort=BS,
                tijdstempel_aangeleverd=T0,
                identity=identity,
                rol="Bedrijf",
            ),
        )
        kenmerken.append(k)
    return kenmerken


IDS = [Identity(nummer=f"{i:09d}L01", type="LHnr") for i in range(10)]


def test_thousand_submissions_ten_identities_ten_calls_per_cycle(journal: Journal) -> None:
    client = FakeClient()
    submit_all(client, journal, 1000, IDS)
    progress: list[FollowProgress] = []
    report = follow(
        client, journal, poll_interval=5, sleep=lambda s: client.advance(3), on_progress=progress.append
    )
    assert report.calls_per_cycle == (10, 10, 10, 10)  # statuses released: 1, 4, 7, 9 (final)
    assert set(client.calls) == {"getNieuweStatussen"}
    assert len(report.finals) == 1000 and report.still_open == ()
    assert report.summary() == {("500", ""): 1000}
    assert report.new_statuses == 1000 * len(HAPPY)
    assert [p.final for p in progress] == [0, 0, 0, 1000]
    assert journal.counts()["open"] == 0


def test_one_cycle_only_when_not_until_final(journal: Journal) -> None:
    client = FakeClient()
    submit_all(client, journal, 4, IDS[:2])
    report = follow(client, journal, until_final=False, sleep=lambda s: pytest.fail("must not sleep"))
    assert report.cycles == 1 and report.calls == 2
    assert len(report.still_open) == 4


def test_max_cycles_bounds_the_run(journal: Journal) -> None:
    client = FakeClient()
    submit_all(client, journal, 3, IDS[:1])
    sleeps: list[float] = []
    report = follow(client, journal, poll_interval=7, max_cycles=2, sleep=sleeps.append)
    assert report.cycles == 2 and sleeps == [7]


def test_pair_fault_falls_back_to_per_kenmerk_calls_for_that_pair_only(journal: Journal) -> None:
    client = FakeClient(fail={"getNieuweStatussen": [fault("getNieuweStatussen")]})
    submit_all(client, journal, 6, IDS[:2])  # 3 per identity
    report = follow(client, journal, until_final=False)
    assert client.calls["getNieuweStatussen"] == 2
    assert client.calls["getNieuweStatussenProces"] == 3
    assert report.calls == 5
    assert all(len(journal.statuses(e.kenmerk)) == 1 for e in journal.entries())  # type: ignore[arg-type]
    assert journal.inflight() == []


class LosesAnswers(FakeClient):
    """The request reaches Digipoort (statuses are handed out) but the answer is lost."""

    lose = 1

    def new_statuses_for(self, berichtsoort: str, identity: Identity) -> list[Status]:
        out = super().new_statuses_for(berichtsoort, identity)
        if self.lose:
            self.lose -= 1
            raise transport_error("getNieuweStatussen", sent=True)
        return out


def test_lost_pair_answer_is_recovered_from_the_full_history(journal: Journal) -> None:
    client = LosesAnswers()
    kenmerken = submit_all(client, journal, 3, IDS[:1], released=4)
    first = follow(client, journal, until_final=False)
    assert first.errors and "connection reset" in first.errors[0]
    assert journal.inflight() == [pair_key(BS, IDS[0])]
    assert all(journal.statuses(k) == [] for k in kenmerken)
    # Digipoort will never hand these four statuses out as "new" again; the next cycle
    # fetches the full history of that pair's open kenmerken once.
    second = follow(client, journal, until_final=False)
    assert client.calls["getStatussenProces"] == 3
    assert second.calls == 3 + 1
    assert all([s.statuscode for s in journal.statuses(k)] == HAPPY[:4] for k in kenmerken)
    assert journal.inflight() == []


def test_answer_lost_by_a_killed_process_is_recovered(journal: Journal) -> None:
    client = FakeClient()
    [k] = submit_all(client, journal, 1, IDS[:1], released=2)
    # a previous run marked the call, got the answer, and died before storing it
    journal.mark_inflight(pair_key(BS, IDS[0]))
    client.new_statuses_for(BS, IDS[0])
    client.calls.clear()
    follow(client, journal, until_final=False)
    assert client.calls == {"getStatussenProces": 1, "getNieuweStatussen": 1}
    assert [s.statuscode for s in journal.statuses(k)] == HAPPY[:2]


def test_not_sent_error_leaves_no_inflight_mark(journal: Journal) -> None:
    client = FakeClient(fail={"getNieuweStatussen": [transport_error("getNieuweStatussen", sent=False)]})
    submit_all(client, journal, 1, IDS[:1])
    report = follow(client, journal, until_final=False)
    assert len(report.errors) == 1
    assert journal.inflight() == []


def test_final_errors_and_summary_and_progress_lines(journal: Journal) -> None:
    client = FakeClient()
    submit_all(client, journal, 2, IDS[:1], codes=["105", "100", "405", "410"], released=4)
    out = io.StringIO()
    report = follow(client, journal, on_progress=progress_printer(out))
    assert report.summary() == {("410", "AFS400"): 2}
    assert all(o.is_error for o in report.finals)
    assert out.getvalue() == "cycle 1: 2/2 final, 0 open, 1 call(s), 8 new status(es), 0 error(s)\n"
    table = format_summary(report)
    assert "410" in table and "AFS400" in table and "2" in table


def test_nothing_open_makes_no_calls(journal: Journal) -> None:
    client = FakeClient()
    report = follow(client, journal)
    assert report.cycles == 0 and client.calls == {}
