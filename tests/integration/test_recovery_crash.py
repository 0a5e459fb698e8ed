"""Killed processes: nothing lost, nothing duplicated (issue 5, "What must show it")."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from wus_client.journal import Journal
from wus_client.models import Identity
from wus_client.recovery import reconcile
from wus_client.testing import MockDigipoort

pytestmark = pytest.mark.integration

CHILD = Path(__file__).with_name("_journal_child.py")
REPO = Path(__file__).resolve().parents[2]
ID = Identity(nummer="123456789L01", type="LHnr")


def settings(mock: MockDigipoort, journal: Path, **extra: object) -> str:
    urls = mock.urls
    pki = mock.pki
    return json.dumps(
        {
            "aanlever": urls.aanlever,
            "status": urls.status,
            "ophaal": urls.ophaal,
            "cert": str(pki.client),
            "key": str(pki.client_key),
            "ca": str(pki.ca),
            "signing": str(pki.signing),
            "journal": str(journal),
            **extra,
        }
    )


def start_child(cfg: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), cfg], stdout=subprocess.PIPE, text=True, cwd=REPO, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", line
    return proc


@pytest.mark.slow
def test_sigkill_during_submissions_loses_and_duplicates_nothing(
    wus_mock: MockDigipoort, tmp_path: Path
) -> None:
    rng = random.Random(20260301)  # reproducible kill points
    path = tmp_path / "wus.sqlite"
    # a small answer delay widens the window in which a kill leaves a request unanswered
    wus_mock.inject(operation="aanleveren", kind="delay", seconds=0.03, count=10_000)
    reported: set[str] = set()
    runs = 6
    for run in range(runs):
        proc = start_child(settings(wus_mock, path, mode="submit", run=run, count=30))
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)  # reap it: a zombie's pid still looks alive
        time.sleep(0.1)  # let the mock finish a request that was in flight
        with wus_mock.client(journal=path) as client:
            # mock and client share one clock, so the send windows can be exact; with the
            # default 2-minute skew, rows killed seconds apart all fit every candidate and
            # are reported as ambiguous instead (correct, but it proves less here).
            report = reconcile(client, client.journal, clock_skew=timedelta(milliseconds=200))  # type: ignore[arg-type]
        for u in report.still_uncertain:
            reported.add(u.aanleverkenmerk)
        for m in report.matched:
            reported.discard(m.aanleverkenmerk)

    with Journal(path) as journal:
        rows = {e.aanleverkenmerk: e for e in journal.entries()}
        arrived = wus_mock.submissions
        by_ak = Counter(s.aanleverkenmerk for s in arrived)
        # 0 duplicated: no aanleverkenmerk reached Digipoort twice
        assert [ak for ak, n in by_ak.items() if n > 1] == []
        # 0 lost: everything Digipoort holds is in the journal under the same kenmerk,
        # or is an uncertain row that reconcile reported
        for s in arrived:
            row = rows.get(s.aanleverkenmerk or "")
            assert row is not None, f"{s.aanleverkenmerk} reached Digipoort but is not in the journal"
            if row.state == "accepted":
                assert row.kenmerk == s.kenmerk
            else:
                assert row.state == "uncertain" and row.aanleverkenmerk in reported
        # everything the journal calls accepted really is at Digipoort
        kenmerken = {s.kenmerk for s in arrived}
        assert all(e.kenmerk in kenmerken for e in rows.values() if e.state == "accepted")
        # every row is settled: accepted, or uncertain and reported (none left pending)
        assert {e.state for e in rows.values()} <= {"accepted", "uncertain"}
        assert {e.aanleverkenmerk for e in rows.values() if e.state == "uncertain"} <= reported
    assert len(arrived) >= runs  # the kills did land inside real work


@pytest.mark.slow
def test_fetch_killed_between_write_and_record_then_rerun(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    kenmerken = [
        wus_mock.enqueue_bericht(ID, "UWV-Brief", f"%PDF letter {i}".encode(), "brief.pdf", "application/pdf")
        for i in range(3)
    ]
    path = tmp_path / "wus.sqlite"
    out = tmp_path / "out"
    proc = start_child(settings(wus_mock, path, mode="fetch", out=str(out)))
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    first_written = sorted(p.name for p in out.iterdir())
    assert f"{kenmerken[0]}.meta.json" in first_written  # killed after writing the first

    with wus_mock.client(journal=path) as client:
        report = client.fetch_new(out)
        again = client.fetch_new(out)
    assert report.recovered == (kenmerken[0],)
    assert sorted(m.kenmerk for m in report.fetched) == sorted(kenmerken[1:])
    assert again.fetched == () and again.recovered == ()
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{k}.brief.pdf" for k in kenmerken] + [f"{k}.meta.json" for k in kenmerken])
    for i, k in enumerate(kenmerken):
        assert (out / f"{k}.brief.pdf").read_bytes() == f"%PDF letter {i}".encode()
    assert wus_mock.calls.count("getBerichtenKenmerk") == 3  # the first one was never downloaded twice
