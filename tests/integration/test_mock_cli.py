"""`wus mock` and `wus demo` as processes: start, answer, stop on SIGTERM, exit 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _mock_wire import IDENTITY

from wus_client.client import WusClient

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUS_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _read_exports(proc: subprocess.Popen[str], count: int, timeout: float = 15.0) -> dict[str, str]:
    values: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while len(values) < count:
        assert time.monotonic() < deadline, "wus mock did not print its settings in time"
        line = proc.stdout.readline()
        assert line, "wus mock ended early"
        name, _, value = line.strip().removeprefix("export ").partition("=")
        values[name] = value.strip("'")
    return values


def test_wus_mock_starts_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(b"%PDF-1.4 UWV\n%%EOF\n")
    record = tmp_path / "record"
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "wus_client.cli", "mock", "--port", "0", "--pki", str(tmp_path / "pki"),
            "--print-env", "--pace", "0.01", "--record", str(record),
            "--enqueue", str(pdf), "--enqueue-identity", "00000004003214345001:OIN",
            "--enqueue-berichtsoort", "UWV-brief",
        ],
        cwd=REPO, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        env = _read_exports(proc, 8)
        assert sorted(env) == sorted([
            "WUS_AANLEVER_URL", "WUS_STATUS_URL", "WUS_OPHAAL_URL", "WUS_CERT", "WUS_KEY",
            "WUS_SERVER_CA", "WUS_RESPONSE_CERT", "WUS_PROFILE",
        ])
        assert sorted(p.name for p in (tmp_path / "pki").iterdir()) == sorted([
            "ca.pem", "ca-key.pem", "server.pem", "server-key.pem", "client.pem", "client-key.pem",
            "signing.pem", "signing-key.pem",
        ])
        with WusClient.from_env(env) as client:
            receipt = client.submit(
                berichtsoort="Omzetbelasting", identity=IDENTITY, content=b"<cli/>", filename="cli.xml"
            )
            assert client.wait(receipt.kenmerk, timeout=10, poll_interval=0.02).statuscode == "500"
            [item] = client.message_list()
            [bericht] = client.messages_by_kenmerk(item.kenmerk)
            assert bericht.inhoud.content == pdf.read_bytes()
            assert bericht.inhoud.mime_type == "application/pdf"
        assert (record / f"{receipt.kenmerk}.cli.xml").read_bytes() == b"<cli/>"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, err
    assert "mock Digipoort stopped" in err


def test_wus_mock_reuses_its_pki_and_prints_urls(tmp_path: Path) -> None:
    from wus_client.testing import ThrowawayPKI

    pki = ThrowawayPKI.ensure(tmp_path / "pki")
    before = pki.ca.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wus_client.cli", "mock", "--port", "0", "--pki", str(pki.directory)],
        cwd=REPO, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().split() for _ in range(3)]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert [name for name, _ in lines] == ["aanleverservice", "statusinformatieservice", "ophaalservice"]
    assert lines[0][1].startswith("https://127.0.0.1:")
    assert lines[0][1].endswith("/wus/2.0/aanleverservice/1.2")
    assert proc.returncode == 0, err
    assert pki.ca.read_bytes() == before


def test_wus_mock_refuses_enqueue_without_identity(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wus_client.cli", "mock", "--port", "0", "--pki", str(tmp_path),
         "--enqueue", __file__],
        cwd=REPO, env=_env(), capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert "--enqueue-identity" in done.stderr


def test_wus_demo_exits_0_and_shows_each_step() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wus_client.cli", "demo"],
        cwd=REPO, env=_env(), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for code in ("105", "100", "110", "200", "301", "405", "400", "500"):
        assert f"status {code}" in done.stdout
    assert "ended successfully with status 500" in done.stdout
