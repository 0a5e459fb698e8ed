from __future__ import annotations

from pathlib import Path

import pytest

from wus_client import cli
from wus_client.errors import (
    ConfigurationError,
    FaultError,
    MessageValidationError,
    SecurityError,
    TransportError,
    UncertainDeliveryError,
    WaitTimeoutError,
)


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (ConfigurationError("x"), 3),
        (MessageValidationError("f", "r"), 4),
        (TransportError("x"), 5),
        (UncertainDeliveryError("x", aanleverkenmerk="a"), 6),
        (FaultError(foutcode="ALS100", foutbeschrijving="", faultstring="Algemene fout"), 7),
        (SecurityError("x"), 8),
        (WaitTimeoutError("k", 1.0, None), 9),
    ],
)
def test_each_error_family_has_its_own_exit_code(exc: Exception, code: int) -> None:
    assert cli.exit_code_for(exc) == code


def test_exit_codes_are_distinct() -> None:
    codes = [code for _, code in cli.EXIT_CODES]
    assert len(codes) == len(set(codes))


def test_missing_settings_exit_3_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in list(__import__("os").environ):
        if name.startswith("WUS_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cli.main(["status", "some-kenmerk"]) == 3
    assert "WUS_ENVIRONMENT" in capsys.readouterr().err


def test_submit_without_berichtsoort_is_refused_before_any_io(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(cli.commands, "_client", _NoClient)
    payload = tmp_path / "x.xbrl"
    payload.write_bytes(b"<x/>")
    assert cli.main(["submit", str(payload), "--identity", "001000044B37:Fi"]) == 4
    assert "--berichtsoort" in capsys.readouterr().err


class _NoClient:
    def __init__(self, args: object) -> None:
        pass

    def __enter__(self) -> _NoClient:
        return self

    def __exit__(self, *a: object) -> None:
        pass


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["no-such-command"])
    assert info.value.code == 2
