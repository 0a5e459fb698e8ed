"""The `wus` command against the mock over real mutual TLS, configured only by WUS_* variables."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from wus_client import cli
from wus_client.models import Identity
from wus_client.testing import MockDigipoort, running_mock
from wus_client.testing.commands import env_lines

IDENT = "123456789L01:LHnr"


@pytest.fixture
def mock_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MockDigipoort]:
    for name in list(__import__("os").environ):
        if name.startswith("WUS_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    with running_mock(tmp_path / "pki", pace=0.01) as mock:
        for line in env_lines(mock):
            name, _, value = line.removeprefix("export ").partition("=")
            monkeypatch.setenv(name, shlex.split(value)[0])
        monkeypatch.setenv("WUS_JOURNAL", str(tmp_path / "journal.sqlite"))
        yield mock


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _submit_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scenario: str, *extra: str
) -> tuple[int, str, str]:
    """`wus submit` of a small file with one of Logius' scenario aanleverkenmerken."""
    payload = tmp_path / "x.xml"
    payload.write_bytes(b"<x/>")
    argv = ["submit", str(payload), "--berichtsoort", "Omzetbelasting", "--identity", "001000044B37:Fi"]
    return _run(capsys, *argv, "--aanleverkenmerk", scenario, *extra)


def test_submit_wait_status_and_journal(
    mock_env: MockDigipoort, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = tmp_path / "Aangifte_LH.xml"
    payload.write_bytes(b"<aangifte>1</aangifte>")
    code, out, _ = _run(
        capsys, "submit", str(payload), "--berichtsoort", "Aangifte_LH", "--identity", IDENT, "--json"
    )
    assert code == 0
    receipt = json.loads(out)
    kenmerk = receipt["kenmerk"]
    assert receipt["identity"] == {"nummer": "123456789L01", "type": "LHnr"}
    (sub,) = mock_env.submissions
    assert sub.content == b"<aangifte>1</aangifte>" and sub.kenmerk == kenmerk

    code, out, err = _run(capsys, "wait", kenmerk, "--interval", "0.01", "--wait-timeout", "20")
    assert code == 0, err
    assert "500" in out and "(final)" in out
    assert "105" in err and "301" in err  # progress went to stderr

    code, out, _ = _run(capsys, "status", kenmerk, "--json")
    codes = [s["statuscode"] for s in json.loads(out)]
    assert codes[0] == "105" and codes[-1] == "500"

    code, out, _ = _run(capsys, "journal", "list", "--json")
    (entry,) = json.loads(out)
    assert entry["kenmerk"] == kenmerk and entry["state"] == "accepted"

    code, out, _ = _run(capsys, "journal", "show", kenmerk, "--json")
    shown = json.loads(out)
    assert shown["submission"]["aanleverkenmerk"] == entry["aanleverkenmerk"]
    assert [s["statuscode"] for s in shown["statuses"]][-1] == "500"
    code, out, _ = _run(capsys, "journal", "show", entry["aanleverkenmerk"])
    assert code == 0 and kenmerk in out and "500" in out


def test_wait_on_an_error_status_has_its_own_exit_code(
    mock_env: MockDigipoort, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _submit_scenario(capsys, tmp_path, "Afleverfout", "--json")
    assert code == 0
    kenmerk = json.loads(out)["kenmerk"]
    code, out, _ = _run(capsys, "wait", kenmerk, "--interval", "0.01", "--wait-timeout", "20")
    assert code == cli.EXIT_FINAL_ERROR_STATUS
    assert "410" in out and "AFS400" in out


def test_fault_exit_code_and_fetch(
    mock_env: MockDigipoort, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _submit_scenario(capsys, tmp_path, "AanleverFault")
    assert code == 7 and "ALS100" in err

    mock_env.enqueue_bericht(
        Identity("123456789L01", "LHnr"), "UWV-ZZ-ZW", b"%PDF-1.4 brief", "brief.pdf", "application/pdf"
    )
    out_dir = tmp_path / "inbox"
    code, out, _ = _run(capsys, "fetch", "--out", str(out_dir))
    assert code == 0 and "1 fetched" in out
    assert any(p.read_bytes() == b"%PDF-1.4 brief" for p in out_dir.iterdir() if p.suffix == ".pdf")
    code, out, _ = _run(capsys, "fetch", "--out", str(out_dir))
    assert code == 0 and "0 fetched" in out  # nothing twice
