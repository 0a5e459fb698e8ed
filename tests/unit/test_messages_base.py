"""Field rules, berichtsoort settings and the generic Document."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import uwv_samples as s
from hypothesis import given
from hypothesis import strategies as st

from wus_client.errors import ConfigurationError, MessageValidationError
from wus_client.messages import (
    Document,
    Message,
    berichtsoort_variable,
    guess_mime_type,
    resolve_berichtsoort,
    rules,
)
from wus_client.models import Identity

# --- rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990", "213344075"])
def test_elfproef_accepts_valid_bsns(bsn: str) -> None:
    assert rules.elfproef_bsn(bsn)
    rules.check_bsn("bsn", bsn)


@pytest.mark.parametrize(
    "bsn",
    [
        "111222334",
        "123456789",
        "000000000",
        "12345678",
        "1234567890",
        "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12",
    ],
)
def test_elfproef_refuses_invalid_bsns(bsn: str) -> None:
    assert not rules.elfproef_bsn(bsn)
    with pytest.raises(MessageValidationError):
        rules.check_bsn("bsn", bsn)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_exactly_one_check_digit_completes_every_bsn_prefix(prefix: str) -> None:
    """The BSN variant (weights 9..2, then -1): at most one last digit makes it valid."""
    valid = [d for d in "0123456789" if rules.elfproef_bsn(prefix + d)]
    assert len(valid) <= 1
    total = sum(int(c) * w for c, w in zip(prefix, range(9, 1, -1), strict=True)) % 11
    assert valid == ([str(total)] if total < 10 and prefix + str(total) != "000000000" else [])


@pytest.mark.parametrize("value", ["123456789L01", "000900001L99"])
def test_loonheffingennummer_accepts(value: str) -> None:
    rules.check_loonheffingennummer("lhnr", value)


@pytest.mark.parametrize(
    "value", ["123456789l01", "123456789L1", "123456789L012", "12345678L01", "123456789B01", ""]
)
def test_loonheffingennummer_refuses(value: str) -> None:
    with pytest.raises(MessageValidationError, match=r"\^\[0-9\]\{9\}L\[0-9\]\{2\}\$"):
        rules.check_loonheffingennummer("lhnr", value)


def test_amount_and_duration_rules() -> None:
    rules.check_amount("a", Decimal("9999999999999999.99"))
    rules.check_amount("a", Decimal("1.500"))  # trailing zero: still two decimals of value
    with pytest.raises(MessageValidationError, match="more than 16 digits"):
        rules.check_amount("a", Decimal("10000000000000000"))
    with pytest.raises(MessageValidationError, match="must be a Decimal"):
        rules.check_amount("a", 1.5)  # type: ignore[arg-type]
    with pytest.raises(MessageValidationError, match="must not be negative"):
        rules.check_amount("a", Decimal("-1"), signed=False)
    rules.check_duration("d", timedelta(hours=24), max_hours=24)
    assert rules.format_hhmm(timedelta(hours=7, minutes=5)) == "0705"
    with pytest.raises(MessageValidationError, match="must not be negative"):
        rules.check_duration("d", timedelta(minutes=-1), max_hours=24)


def test_date_rule() -> None:
    rules.check_date("d", date(1900, 1, 1))
    with pytest.raises(MessageValidationError, match="is required"):
        rules.check_date("d", None, required=True)
    with pytest.raises(MessageValidationError, match="must be a date"):
        rules.check_date("d", "2025-01-01")  # type: ignore[arg-type]


def test_text_refuses_control_characters() -> None:
    with pytest.raises(MessageValidationError, match="control characters"):
        rules.check_text("t", "a\x00b", max_len=10)


# --- berichtsoort settings ---------------------------------------------------------------------


def test_berichtsoort_missing_names_every_way_to_set_it() -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_berichtsoort(s.ziekteaangifte(), environ={})
    text = str(info.value)
    assert "berichtsoorten={'ZIEKTEAANGIFTE_ZW': '...'}" in text
    assert "WUS_BERICHTSOORT_ZIEKTEAANGIFTE_ZW" in text
    assert "[berichtsoorten]" in text
    assert "UWV provides" in text


def test_cbc_berichtsoort_missing_points_to_the_belastingdienst() -> None:
    class CbcLike:
        flow = "CBC"

        def berichtsoort_override(self) -> str | None:
            return None

    with pytest.raises(ConfigurationError, match="Belastingdienst/Logius provide the CbC berichtsoort"):
        resolve_berichtsoort(CbcLike(), environ={})  # type: ignore[arg-type]


def test_berichtsoort_order_message_argument_environment_config() -> None:
    message = s.betermelding()
    env = {"WUS_BERICHTSOORT_BETERMELDING_ZW": "from-env"}
    config = {"BETERMELDING_ZW": "from-config"}
    argument = {"BETERMELDING_ZW": "from-argument"}
    assert resolve_berichtsoort(message, argument, env, config) == "from-argument"
    assert resolve_berichtsoort(message, None, env, config) == "from-env"
    assert resolve_berichtsoort(message, None, {}, config) == "from-config"
    assert resolve_berichtsoort(message, None, {}, {"betermelding_zw": "lower"}) == "lower"
    override = s.betermelding(berichtsoort="from-message")
    assert resolve_berichtsoort(override, argument, env, config) == "from-message"


def test_berichtsoort_uses_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUS_BERICHTSOORT_AANVRAAG_WAZO", "wazo-soort")
    assert resolve_berichtsoort(s.wazo()) == "wazo-soort"
    assert berichtsoort_variable("aanvraag-wazo") == "WUS_BERICHTSOORT_AANVRAAG_WAZO"


def test_berichtsoort_too_long_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"1\.\.80"):
        resolve_berichtsoort(s.wazo(), {"AANVRAAG_WAZO": "x" * 81}, {})


# --- Document ---------------------------------------------------------------------------------

IDENTITY = Identity(nummer="001000044B37", type="Fi")


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("Omzetbelasting.xbrl", "application/xml"),
        ("a.XML", "application/xml"),
        ("b.pdf", "application/pdf"),
        ("c.json", "application/json"),
        ("d.txt", "text/plain"),
        ("e.bin", "application/octet-stream"),
        ("noext", "application/octet-stream"),
    ],
)
def test_document_from_file_picks_the_mime_type(tmp_path: Path, name: str, mime: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"<xbrli:xbrl/>")
    document = Document.from_file(path, berichtsoort="Omzetbelasting", identity=IDENTITY)
    assert (document.filename, document.mime_type, document.to_xml()) == (name, mime, b"<xbrli:xbrl/>")
    assert guess_mime_type(name) == mime
    assert isinstance(document, Message)
    document.validate()
    assert document.flow == ""
    assert resolve_berichtsoort(document, {}, {}) == "Omzetbelasting"


def test_document_explicit_mime_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.xbrl"
    path.write_bytes(b"x")
    assert (
        Document.from_file(path, berichtsoort="OB", identity=IDENTITY, mime_type="text/xml").mime_type
        == "text/xml"
    )
    with pytest.raises(ConfigurationError, match="cannot read document"):
        Document.from_file(tmp_path / "absent.xbrl", berichtsoort="OB", identity=IDENTITY)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"content": b""}, "content"),
        ({"content": b"x" * (20 * 1024 * 1024 + 1)}, "content"),
        ({"berichtsoort": ""}, "berichtsoort"),
        ({"filename": "x" * 81}, "filename"),
        ({"filename": "a/b.xml"}, "filename"),
        ({"mime_type": "xml"}, "mime_type"),
        ({"identity": Identity("", "Fi")}, "identity.nummer"),
        ({"identity": Identity("1", "x" * 21)}, "identity.type"),
    ],
)
def test_document_validation(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "content": b"<x/>",
        "berichtsoort": "ICP",
        "identity": IDENTITY,
        "filename": "icp.xbrl",
    }
    values.update(changes)
    with pytest.raises(MessageValidationError) as info:
        Document(**values).validate()  # type: ignore[arg-type]
    assert info.value.field == field


def test_document_repr_hides_content() -> None:
    document = Document(content=b"secret-payload", berichtsoort="ICP", identity=IDENTITY, filename="i.xbrl")
    assert "secret-payload" not in repr(document)


def test_bsn_errors_do_not_echo_the_whole_number() -> None:
    with pytest.raises(MessageValidationError) as info:
        rules.check_bsn("bsn", "111222334")
    assert "111222334" not in str(info.value)
    assert "...334" in str(info.value)
