"""build_message: every example JSON builds a valid message; bad JSON is refused with its path."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from wus_client.errors import MessageValidationError
from wus_client.messages import KINDS, Document, build_message
from wus_client.messages.cbc import CbcMessage, DocTypeIndic
from wus_client.messages.json_schema import json_schema
from wus_client.messages.uwv import Geslacht, RedenAangifteAo, Ziekteaangifte
from wus_client.models import Identity

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
JSON_KINDS = [k for k in KINDS if k != "document"]


def _example(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "data" / f"{kind}.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("kind", JSON_KINDS)
def test_every_example_builds_a_valid_message(kind: str) -> None:
    message = build_message(kind, _example(kind))
    assert isinstance(message, KINDS[kind])
    message.validate()
    etree.fromstring(message.to_xml())


@pytest.mark.parametrize("kind", list(KINDS))
def test_checked_in_json_schemas_match_the_classes(kind: str) -> None:
    """examples/schemas/*.schema.json are generated; regenerate them when a class changes."""
    on_disk = json.loads((EXAMPLES / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema(kind)


@pytest.mark.parametrize("kind", JSON_KINDS)
def test_examples_use_only_properties_the_schema_lists(kind: str) -> None:
    schema = json_schema(kind)
    assert set(_example(kind)) <= set(schema["properties"])
    assert set(schema.get("required", [])) <= set(_example(kind))


def test_conversions_follow_the_documented_json_shape() -> None:
    message = build_message("ziekteaangifte-zw", _example("ziekteaangifte-zw"))
    assert isinstance(message, Ziekteaangifte)
    assert message.eerste_ziektedag == date(2025, 7, 1)
    assert message.reden is RedenAangifteAo.ZIEKE_UITZENDKRACHT  # by member name
    assert message.reden_ziekmelding is not None and message.reden_ziekmelding.value == "06"  # by code
    assert message.werknemer.geslacht is Geslacht.VROUW
    assert message.gemiddelde_uren_per_week == timedelta(hours=38, minutes=30)
    assert message.sv_loon_eerste_dag == Decimal("12.50")
    assert message.werknemer.adressen[0].huisnummer == 12
    assert message.opgesteld.utcoffset() == timedelta(hours=2)


def test_cbc_json_identity_and_generated_ids() -> None:
    first = build_message("cbc", _example("cbc"))
    second = build_message("cbc", _example("cbc"))
    assert isinstance(first, CbcMessage) and isinstance(second, CbcMessage)
    assert first.identity == Identity("001000044", "Fi")
    assert first.message_spec.message_ref_id != second.message_spec.message_ref_id
    assert first.bodies[0].reports[0].doc_spec.doc_type_indic is DocTypeIndic.NEW


def test_document_from_json_carries_base64_content() -> None:
    data = {
        "content": base64.b64encode(b"<x/>").decode(),
        "berichtsoort": "ICP",
        "identity": {"nummer": "001000044B37", "type": "BTW"},
        "filename": "icp.xbrl",
    }
    document = build_message("document", data)
    assert isinstance(document, Document)
    assert document.to_xml() == b"<x/>"
    document.validate()


BAD: list[tuple[str, str, Any, str, str]] = [
    (
        "ziekteaangifte-zw",
        "unknown-top",
        {"eerste_ziektdag": "2025-07-01"},
        "eerste_ziektdag",
        "unknown field",
    ),
    (
        "ziekteaangifte-zw",
        "unknown-nested",
        {"werknemer": {"bsn": "1", "geboortedatum": "2000-01-01", "achternaam": "x", "bsnn": "2"}},
        "werknemer.bsnn",
        "unknown field for Werknemer",
    ),
    (
        "ziekteaangifte-zw",
        "bad-date",
        {"eerste_ziektedag": "01-07-2025"},
        "eerste_ziektedag",
        "must be a date",
    ),
    (
        "ziekteaangifte-zw",
        "not-a-calendar-date",
        {"eerste_ziektedag": "2025-02-30"},
        "eerste_ziektedag",
        "not a calendar date",
    ),
    ("ziekteaangifte-zw", "bad-code", {"reden": "ZIEK"}, "reden", "not in the code list RedenAangifteAo"),
    (
        "ziekteaangifte-zw",
        "bad-hours",
        {"gewerkte_uren_eerste_dag": 7.5},
        "gewerkte_uren_eerste_dag",
        "hours and minutes",
    ),
    ("ziekteaangifte-zw", "bad-amount", {"sv_loon_eerste_dag": "12,50"}, "sv_loon_eerste_dag", "an amount"),
    (
        "ziekteaangifte-zw",
        "bool-as-int",
        {
            "werknemer": {
                "bsn": "111222333",
                "geboortedatum": "2000-01-01",
                "achternaam": "x",
                "adressen": [{"rol": "W", "huisnummer": True}],
            }
        },
        "werknemer.adressen[0].huisnummer",
        "whole number",
    ),
    ("ziekteaangifte-zw", "null-required", {"werkgever": None}, "werkgever", "must not be null"),
    ("cbc", "missing-required", {"message_spec": None}, "message_spec", "must not be null"),
    ("cbc", "array-expected", {"bodies": {}}, "bodies", "must be an array"),
    ("cbc", "bad-identity", {"identiteit": "001000044"}, "identity", "must be written NUMMER:TYPE"),
]


@pytest.mark.parametrize(("kind", "name", "patch", "path", "rule"), BAD, ids=[b[1] for b in BAD])
def test_bad_json_is_refused_with_its_path(
    kind: str, name: str, patch: dict[str, Any], path: str, rule: str
) -> None:
    data = {**_example(kind), **patch}
    with pytest.raises(MessageValidationError) as info:
        build_message(kind, data)
    assert info.value.field == path
    assert rule in info.value.rule


def test_missing_required_field_and_unknown_kind() -> None:
    data = _example("intrekking")
    del data["reden"]
    with pytest.raises(MessageValidationError, match="reden: is required for Intrekking"):
        build_message("intrekking", data)
    with pytest.raises(MessageValidationError, match="not a message kind; use one of ziekteaangifte-zw"):
        build_message("ziekmelding", {})
    with pytest.raises(MessageValidationError, match=r"\(top level\): must be an object"):
        build_message("intrekking", [])  # type: ignore[arg-type]
