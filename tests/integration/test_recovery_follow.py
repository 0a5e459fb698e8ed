"""follow() and fetch_new() against the mock: calls per cycle bounded by identities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from wus_client.follow import FollowProgress
from wus_client.models import Identity
from wus_client.testing import MockDigipoort

pytestmark = pytest.mark.integration

IDS = [Identity(nummer=f"{i:09d}L01", type="LHnr") for i in range(4)]


def test_follow_makes_one_call_per_identity_per_cycle(
    wus_mock_factory: Callable[..., MockDigipoort], tmp_path: Path
) -> None:
    mock = wus_mock_factory(pace=0.05)
    with mock.client(journal=tmp_path / "wus.sqlite") as client:
        for i in range(40):
            client.submit(
                berichtsoort="Omzetbelasting",
                identity=IDS[i % len(IDS)],
                content=f"<aangifte n='{i}'/>".encode(),
                filename="ob.xbrl",
                mime_type="application/xml",
                aanleverkenmerk="Afleverfout" if i == 7 else None,
            )
        before = len(mock.calls)
        cycles: list[tuple[int, Counter[str]]] = []
        seen = [before]

        def on_progress(p: FollowProgress) -> None:
            calls = mock.calls
            cycles.append((p.calls, Counter(calls[seen[-1] :])))
            seen.append(len(calls))

        report = client.follow(poll_interval=0.05, on_progress=on_progress, max_cycles=200)
    assert report.still_open == ()
    assert len(report.finals) == 40
    assert report.summary() == {("410", "AFS400"): 1, ("500", ""): 39}
    assert len(cycles) >= 2
    for counted, on_the_wire in cycles:
        assert on_the_wire == Counter({"getNieuweStatussen": counted})  # nothing per kenmerk
        assert 1 <= counted <= len(IDS)  # pairs with open submissions only
    assert cycles[0][0] == len(IDS)
    assert report.errors == ()


def test_fetch_new_downloads_each_message_once(wus_mock: MockDigipoort, tmp_path: Path) -> None:
    ident = IDS[0]
    k1 = wus_mock.enqueue_bericht(ident, "UWV-Brief", b"%PDF brief", "brief.pdf", "application/pdf")
    out = tmp_path / "out"
    with wus_mock.client(journal=tmp_path / "wus.sqlite") as client:
        first = client.fetch_new(out)
        k2 = wus_mock.enqueue_bericht(ident, "UWV-Brief", b"%PDF twee", "brief.pdf", "application/pdf")
        second = client.fetch_new(out)
        third = client.fetch_new(out)
    assert [m.kenmerk for m in first.fetched] == [k1]
    assert [m.kenmerk for m in second.fetched] == [k2]
    assert third.fetched == () and third.errors == ()
    assert (out / f"{k1}.brief.pdf").read_bytes() == b"%PDF brief"
    assert wus_mock.calls.count("getBerichtenKenmerk") == 2
