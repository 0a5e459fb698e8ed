"""Every UWV flow and a CbC report round-trip through the mock; the examples run unattended."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wus_client.testing")
pytest.importorskip("wus_client.client")

from wus_client.errors import ConfigurationError
from wus_client.testing import running_mock

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "unit"))
import cbc_samples  # noqa: E402
import uwv_samples  # noqa: E402

MESSAGES: list[tuple[str, Any]] = [(name, factory) for name, factory, _ in uwv_samples.FLOWS]
MESSAGES.append(("cbc", cbc_samples.new_report))
SOORTEN = {
    flow: f"test-{flow.lower()}"
    for flow in (
        "ZIEKTEAANGIFTE_ZW",
        "BETERMELDING_ZW",
        "ZIEKTEAANGIFTE_LANGDURIG",
        "BETERMELDING_LANGDURIG",
        "AANVRAAG_WAZO",
        "CBC",
    )
}


def test_every_flow_round_trips_with_the_recorded_bytes(tmp_path: Path) -> None:
    record = tmp_path / "record"
    record.mkdir()
    mock = running_mock(tmp_path / "pki", pace=0.01, record_dir=record)
    with mock as started, started.client(berichtsoorten=SOORTEN) as client:
        for name, factory in MESSAGES:
            message = factory()
            receipt = client.submit_message(message)
            submission = started.submissions[-1]
            assert submission.content == message.to_xml(), name
            assert submission.filename == message.filename
            assert submission.mime_type == "application/xml"
            assert submission.identity == message.identity
            assert submission.berichtsoort == SOORTEN[message.flow]
            recorded = record / f"{receipt.kenmerk}.{message.filename}"
            assert recorded.read_bytes() == message.to_xml(), name
            final = client.wait(receipt.kenmerk, timeout=10, poll_interval=0.01)
            assert final.statuscode == "500"
    assert len(started.submissions) == len(MESSAGES)


def test_unconfigured_berichtsoort_sends_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("WUS_"):
            monkeypatch.delenv(key)
    empty = tmp_path / "wus.toml"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("WUS_CONFIG", str(empty))
    with running_mock(tmp_path / "pki", pace=0.01) as mock, mock.client() as client:
        with pytest.raises(ConfigurationError, match="WUS_BERICHTSOORT_AANVRAAG_WAZO"):
            client.submit_message(uwv_samples.wazo())
        assert mock.submissions == []


EXAMPLES = sorted((REPO / "examples").glob("submit_*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_unattended_against_the_mock(script: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUS_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "final status 500" in result.stdout
