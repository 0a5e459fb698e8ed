"""fetch_new(): every message exactly once on disk, even when a run dies halfway."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from journal_fakes import FakeClient, transport_error

from wus_client import fetch as fetch_mod
from wus_client.fetch import fetch_new, meta_path
from wus_client.journal import Journal
from wus_client.models import Attachment, Identity

ID = Identity(nummer="123456789L01", type="LHnr")
BS = "UWV-Brief"


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "wus.sqlite")
    yield j  # type: ignore[misc]
    j.close()


def files_in(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def test_fetch_writes_content_attachments_and_metadata_once(journal: Journal, tmp_path: Path) -> None:
    client = FakeClient()
    k1 = client.enqueue(
        ID, BS, b"%PDF-1 letter", "brief.pdf", Attachment(b"bijlage", "toelichting.txt", "text/plain")
    )
    k2 = client.enqueue(ID, BS, b"%PDF-1 second", "brief.pdf")
    out = tmp_path / "out"
    report = fetch_new(client, journal, out)
    assert [m.kenmerk for m in report.fetched] == [k1, k2] and report.errors == ()
    assert files_in(out) == sorted(
        [
            f"{k1}.brief.pdf",
            f"{k1}.bijlage-1.toelichting.txt",
            f"{k1}.meta.json",
            f"{k2}.brief.pdf",
            f"{k2}.meta.json",
        ]
    )
    assert (out / f"{k1}.brief.pdf").read_bytes() == b"%PDF-1 letter"
    meta = json.loads(meta_path(out, k1).read_text())
    assert meta["kenmerk"] == k1 and meta["identity"] == {"nummer": ID.nummer, "type": ID.type}
    [b] = meta["berichten"]
    assert b["inhoud"]["sha256"] == hashlib.sha256(b"%PDF-1 letter").hexdigest()
    assert b["bijlagen"][0]["file"] == f"{k1}.bijlage-1.toelichting.txt"
    assert b["constateringen"] == [{"code": "W001", "beschrijving": "let op"}]
    assert journal.is_fetched(k1) and journal.is_fetched(k2)

    # a second run fetches nothing twice, even when Digipoort lists a message again
    client.new_list.append(client.full_list[0])
    again = fetch_new(client, journal, out)
    assert again.fetched == () and again.skipped == (k1,)
    assert client.calls["getBerichtenKenmerk"] == 2


def test_killed_between_write_and_record_is_recorded_without_rewriting(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = FakeClient()
    k = client.enqueue(ID, BS, b"letter", "brief.pdf")
    out = tmp_path / "out"

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # stands in for SIGKILL after the files were written

    monkeypatch.setattr(journal, "record_fetched", killed)
    with pytest.raises(KeyboardInterrupt):
        fetch_new(client, journal, out)
    monkeypatch.undo()
    content = out / f"{k}.brief.pdf"
    inode, mtime = content.stat().st_ino, content.stat().st_mtime_ns
    report = fetch_new(client, journal, out)
    assert report.recovered == (k,) and report.fetched == ()
    assert client.calls["getBerichtenKenmerk"] == 1
    assert (content.stat().st_ino, content.stat().st_mtime_ns) == (inode, mtime)
    assert journal.is_fetched(k)
    assert files_in(out) == [f"{k}.brief.pdf", f"{k}.meta.json"]


def test_killed_before_metadata_downloads_again_over_the_same_names(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = FakeClient()
    k = client.enqueue(ID, BS, b"letter", "brief.pdf")
    out = tmp_path / "out"
    real = fetch_mod._write_atomic

    def dies_on_meta(path: Path, data: bytes) -> None:
        if path.name.endswith(".meta.json"):
            tmp = path.with_name(f".{path.name}.wus-tmp-dead")
            tmp.write_bytes(data[:10])  # half a temporary file, as a kill would leave it
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(fetch_mod, "_write_atomic", dies_on_meta)
    with pytest.raises(KeyboardInterrupt):
        fetch_new(client, journal, out)
    monkeypatch.undo()
    assert not journal.is_fetched(k)
    report = fetch_new(client, journal, out)  # nothing new listed: the journal remembers k
    assert [m.kenmerk for m in report.fetched] == [k]
    assert client.calls["getBerichtenKenmerk"] == 2
    assert files_in(out) == [f"{k}.brief.pdf", f"{k}.meta.json"]  # no leftovers, no copies


def test_damaged_file_is_fetched_again(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = FakeClient()
    k = client.enqueue(ID, BS, b"letter", "brief.pdf")
    out = tmp_path / "out"
    monkeypatch.setattr(journal, "record_fetched", lambda *a, **kw: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        fetch_new(client, journal, out)
    monkeypatch.undo()
    (out / f"{k}.brief.pdf").write_bytes(b"truncat")
    report = fetch_new(client, journal, out)
    assert report.recovered == () and [m.kenmerk for m in report.fetched] == [k]
    assert (out / f"{k}.brief.pdf").read_bytes() == b"letter"


def test_hostile_file_names_stay_inside_the_output_directory(journal: Journal, tmp_path: Path) -> None:
    client = FakeClient()
    k = client.enqueue(
        ID, BS, b"x", "../../../etc/passwd", Attachment(b"y", "..\\..\\boot.ini", "text/plain")
    )
    client.enqueue(ID, BS, b"z", "meta.json")
    out = tmp_path / "out"
    fetch_new(client, journal, out)
    assert all(p.parent == out for p in out.iterdir())
    assert f"{k}.passwd" in files_in(out) and f"{k}.bijlage-1.boot.ini" in files_in(out)
    assert not (tmp_path / "etc").exists()
    assert any(n.endswith(".inhoud-meta.json") for n in files_in(out))


def test_download_failure_is_retried_next_run(journal: Journal, tmp_path: Path) -> None:
    client = FakeClient(fail={"getBerichtenKenmerk": [transport_error("getBerichtenKenmerk", sent=True)]})
    k = client.enqueue(ID, BS, b"letter", "brief.pdf")
    out = tmp_path / "out"
    first = fetch_new(client, journal, out)
    assert first.fetched == () and "connection reset" in first.errors[0]
    assert [r.kenmerk for r in journal.unfetched()] == [k]
    second = fetch_new(client, journal, out)  # the "nieuwe" list is empty now
    assert [m.kenmerk for m in second.fetched] == [k]


def test_lost_list_answer_is_recovered_from_the_full_list(journal: Journal, tmp_path: Path) -> None:
    client = FakeClient()
    k = client.enqueue(ID, BS, b"letter", "brief.pdf")
    journal.mark_inflight("ophaal-list:*")  # a killed run made the call and lost the answer
    client.new_message_list()  # ... and Digipoort had handed the message out
    report = fetch_new(client, journal, tmp_path / "out")
    assert report.list_possibly_lost
    assert [m.kenmerk for m in report.fetched] == [k]
    assert client.calls["getBerichtenLijst"] == 1
    assert journal.inflight() == []


def test_list_failure_still_fetches_what_is_already_listed(journal: Journal, tmp_path: Path) -> None:
    client = FakeClient()
    k = client.enqueue(ID, BS, b"letter", "brief.pdf")
    journal.record_listed(list(client.full_list))
    client.new_list.clear()
    client.fail["getNieuweBerichtenLijst"] = [transport_error("getNieuweBerichtenLijst", sent=False)]
    report = fetch_new(client, journal, tmp_path / "out")
    assert [m.kenmerk for m in report.fetched] == [k]
    assert report.errors and journal.inflight() == []
