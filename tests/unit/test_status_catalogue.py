from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from wus_client import status
from wus_client.models import Status


def _s(code: str, foutcode: str | None = None) -> Status:
    return Status(
        kenmerk="k", statuscode=code, omschrijving="", tijdstempel=datetime.now(UTC), foutcode=foutcode
    )


@pytest.mark.parametrize("code", ["105", "100", "110", "200", "301", "405", "400"])
def test_happy_flow_steps_are_progress(code: str) -> None:
    assert not _s(code).is_final and not _s(code).is_error


def test_500_is_final_success() -> None:
    assert _s("500").is_final and not _s("500").is_error


@pytest.mark.parametrize("code", ["210", "311", "410", "510"])
def test_final_errors(code: str) -> None:
    assert _s(code).is_final and _s(code).is_error


def test_420_is_not_final_until_afs600() -> None:
    assert not _s("420").is_final and _s("420").is_error
    assert _s("420", "AFS600").is_final


def test_unknown_meanings_are_marked_unknown() -> None:
    for code in ("220", "710", "720"):
        assert status.CATALOGUE[code].meaning is None
        assert status.describe(code) == "meaning unknown"


def test_unknown_code_is_not_final_not_error_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="wus_client.status"):
        s = _s("999")
        assert not s.is_final and not s.is_error
    assert "999" in caplog.text
