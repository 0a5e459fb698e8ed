"""6. Follow-up cost: SOAP calls and seconds per cycle for 1,000 open submissions over 10 identities.

The mock (own process) is seeded with 1,000 accepted processes, 100 for each of 10
identities, owned by our TLS client; a journal in a temporary directory holds the same
1,000 as accepted. Statuses advance slowly (pace one hour), so every submission stays open
and every cycle does the full work. ``wus_client.follow.follow`` runs one cycle at a time
(``until_final=False``): the first cycle receives the first status of all 1,000 and
stores it; later cycles find nothing new. Seconds include the journal's SQLite writes.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wus_client.models import Identity, Receipt

from ._common import BERICHTSOORT, Config, rounded
from .mockproc import MockProcess

SUBMISSIONS = 1000
IDENTITIES = 10


def run(config: Config, mock: MockProcess) -> dict[str, Any]:
    try:
        from wus_client.follow import follow
        from wus_client.journal import Journal
    except ImportError as exc:  # the journal issue has not landed
        return {"skipped": f"wus_client.follow / wus_client.journal not available: {exc}"}

    identities = [Identity(nummer=f"0010000{i:02d}B01", type="Fi") for i in range(IDENTITIES)]
    rows = [
        (BERICHTSOORT, identities[n % IDENTITIES].nummer, "Fi", uuid.uuid4().hex) for n in range(SUBMISSIONS)
    ]
    kenmerken = mock.seed(rows)
    with tempfile.TemporaryDirectory(prefix="wus-bench-journal-") as directory:
        journal = Journal(Path(directory) / "journal.sqlite")
        client = mock.client(journal=journal)
        try:
            stamp = datetime.now(UTC)
            for (berichtsoort, nummer, kind, ak), kenmerk in zip(rows, kenmerken, strict=True):
                identity = Identity(nummer=nummer, type=kind)
                journal.new_attempt(
                    berichtsoort=berichtsoort,
                    identity=identity,
                    rol="Bedrijf",
                    filename="seed.xml",
                    payload=b"",
                    endpoint=mock.urls["aanlever"],
                    aanleverkenmerk=ak,
                )
                journal.mark_accepted(
                    ak,
                    Receipt(
                        kenmerk=kenmerk,
                        aanleverkenmerk=ak,
                        berichtsoort=berichtsoort,
                        tijdstempel_aangeleverd=stamp,
                        identity=identity,
                        rol="Bedrijf",
                    ),
                )
            cycles = 3 if config.quick else 6
            seconds: list[float] = []
            calls: list[int] = []
            new: list[int] = []
            for _ in range(cycles):
                started = time.perf_counter()
                report = follow(client, journal, until_final=False)
                seconds.append(time.perf_counter() - started)
                calls.append(report.calls)
                new.append(report.new_statuses)
            open_now = journal.counts()
        finally:
            client.close()
    return {
        "calls_per_cycle": calls[-1],
        "seconds_per_cycle": rounded(statistics.median(seconds[1:])),
        "first_cycle_seconds": rounded(seconds[0]),
        "first_cycle_new_statuses": new[0],
        "cycles": cycles,
        "submissions": SUBMISSIONS,
        "identities": IDENTITIES,
        "journal_counts": open_now,
    }
