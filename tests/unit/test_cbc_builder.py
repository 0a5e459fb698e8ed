"""CbC builder: new, correction and deletion reports validate against the OECD schema; the
builder refuses what the schema or the OECD rules refuse, naming the path."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import cbc_samples as c
import pytest
from lxml import etree

from wus_client.errors import MessageValidationError
from wus_client.messages import Message, resolve_berichtsoort
from wus_client.messages.cbc import (
    CBC_NS,
    CbcBody,
    CbcMessage,
    DocSpec,
    DocTypeIndic,
    MessageSpec,
    MessageTypeIndic,
    new_ref_id,
)

N = {"cbc": CBC_NS, "stf": "urn:oecd:ties:cbcstf:v5"}


@pytest.fixture(scope="module")
def oecd(reference_dir: Path) -> etree.XMLSchema:
    return c.oecd_schema(reference_dir)


@pytest.mark.reference
@pytest.mark.parametrize(
    "build", [c.new_report, c.correction, c.deletion], ids=["new", "correction", "deletion"]
)
def test_reports_validate_against_the_oecd_schema(oecd: etree.XMLSchema, build: Any) -> None:
    message = build()
    message.validate()
    root = etree.fromstring(message.to_xml())
    assert oecd.validate(root), oecd.error_log


def test_new_report_wire_shape() -> None:
    message = c.new_report()
    assert isinstance(message, Message)
    root = etree.fromstring(message.to_xml())
    assert root.tag == f"{{{CBC_NS}}}CBC_OECD" and root.get("version") == "2.0"

    def text(xpath: str) -> list[str]:
        return [str(t) for t in root.xpath(xpath + "/text()", namespaces=N)]

    assert text("cbc:MessageSpec/cbc:MessageTypeIndic") == ["CBC401"]
    assert text("cbc:MessageSpec/cbc:Timestamp") == ["2025-06-30T12:00:00+00:00"]
    assert text("//stf:DocTypeIndic") == ["OECD1"] * 4
    assert text("//cbc:CbcReports[1]/cbc:Summary/cbc:Revenues/cbc:Total") == ["1500000"]
    assert root.xpath("//cbc:CbcReports[1]/cbc:Summary/cbc:ProfitOrLoss/@currCode", namespaces=N) == ["EUR"]
    assert text("//cbc:CbcReports[1]/cbc:Summary/cbc:ProfitOrLoss") == ["-25000"]
    assert text("//cbc:ReportingEntity/cbc:ReportingPeriod/cbc:EndDate") == ["2024-12-31"]
    assert (message.flow, message.filename, message.mime_type) == ("CBC", "CbcReport.xml", "application/xml")
    assert message.identity == c.IDENTITY


def test_correction_names_what_it_corrects() -> None:
    root = etree.fromstring(c.correction().to_xml())
    docs = root.xpath("//cbc:DocSpec", namespaces=N)
    assert [d.findtext(f"{{{N['stf']}}}DocTypeIndic") for d in docs] == ["OECD0", "OECD2"]
    assert docs[1].findtext(f"{{{N['stf']}}}CorrDocRefId") == "NL2024-DE-1"


def test_ids_are_generated_unique_when_not_given() -> None:
    ids = {new_ref_id() for _ in range(1000)}
    assert len(ids) == 1000
    a, b = DocSpec(), DocSpec()
    assert a.doc_ref_id != b.doc_ref_id and a.doc_type_indic is DocTypeIndic.NEW
    spec = dict(transmitting_country="NL", receiving_countries=("NL",), reporting_period=c.PERIOD)
    assert MessageSpec(**spec).message_ref_id != MessageSpec(**spec).message_ref_id  # type: ignore[arg-type]
    assert new_ref_id("NL2024").startswith("NL2024")


def test_cbc_berichtsoort_is_a_setting() -> None:
    assert (
        resolve_berichtsoort(c.new_report(), {"CBC": "soort-van-registratie"}, {}) == "soort-van-registratie"
    )
    assert resolve_berichtsoort(c.new_report(), None, {"WUS_BERICHTSOORT_CBC": "env"}) == "env"


# --- refusals ---------------------------------------------------------------------------------


def _with_body(message: CbcMessage, **changes: Any) -> CbcMessage:
    return dataclasses.replace(message, bodies=(dataclasses.replace(message.bodies[0], **changes),))


def _with_spec(message: CbcMessage, **changes: Any) -> CbcMessage:
    return dataclasses.replace(message, message_spec=dataclasses.replace(message.message_spec, **changes))


B = "CBC_OECD/CbcBody[1]"
REFUSALS: list[tuple[str, Any, str, str]] = [
    (
        "correction-without-corrdocrefid",
        lambda: _with_body(
            c.correction(), reports=(c.report_de(DocSpec(doc_type_indic=DocTypeIndic.CORRECTED)),)
        ),
        f"{B}/CbcReports[1]/DocSpec/CorrDocRefId",
        "a correction (OECD2) must name the DocRefId it replaces",
    ),
    (
        "deletion-without-corrdocrefid",
        lambda: _with_body(
            c.deletion(), reports=(c.report_de(DocSpec(doc_type_indic=DocTypeIndic.DELETED)),)
        ),
        f"{B}/CbcReports[1]/DocSpec/CorrDocRefId",
        "a deletion (OECD3) must name",
    ),
    (
        "new-and-correction-mixed",
        lambda: _with_body(c.new_report(), reports=(c.report_de(DocSpec.correction_of("X")),)),
        f"{B}/CbcReports[1]/DocSpec/DocTypeIndic",
        "mixed DocTypeIndic: a new message (CBC401)",
    ),
    (
        "new-in-correction-message",
        lambda: _with_body(c.correction(), reports=(c.report_de(DocSpec.new()),)),
        f"{B}/CbcReports[1]/DocSpec/DocTypeIndic",
        "mixed DocTypeIndic: a correction message (CBC402)",
    ),
    (
        "test-and-production-mixed",
        lambda: _with_body(
            c.new_report(), reports=(c.report_de(DocSpec(doc_type_indic=DocTypeIndic.TEST_NEW)),)
        ),
        f"{B}/CbcReports[1]/DocSpec/DocTypeIndic",
        "mixes test (OECD1x) and production",
    ),
    (
        "resent-report",
        lambda: _with_body(c.correction(), reports=(c.report_de(DocSpec.resent()),)),
        f"{B}/CbcReports[1]/DocSpec/DocTypeIndic",
        "only allowed for the ReportingEntity",
    ),
    (
        "new-with-corrdocrefid",
        lambda: _with_body(c.new_report(), reports=(c.report_de(DocSpec(corr_doc_ref_id="X")),)),
        f"{B}/CbcReports[1]/DocSpec/CorrDocRefId",
        "corrects nothing",
    ),
    (
        "duplicate-docrefid",
        lambda: _with_body(
            c.new_report(), reports=(c.report_de(DocSpec.new("same")), c.report_nl_fr(DocSpec.new("same")))
        ),
        f"{B}/CbcReports[2]/DocSpec/DocRefId",
        "'same' is already used at",
    ),
    (
        "empty-summary",
        lambda: _with_body(c.new_report(), reports=(dataclasses.replace(c.report_de(), summary=None),)),
        f"{B}/CbcReports[1]/Summary",
        "a CbcReports without Summary is refused",
    ),
    (
        "no-constituent-entities",
        lambda: _with_body(c.new_report(), reports=(dataclasses.replace(c.report_de(), const_entities=()),)),
        f"{B}/CbcReports[1]/ConstEntities",
        "needs at least 1 constituent entity",
    ),
    (
        "new-report-without-reports",
        lambda: _with_body(c.new_report(), reports=()),
        f"{B}/CbcReports",
        "needs at least one CbcReports",
    ),
    (
        "total-does-not-add-up",
        lambda: _with_body(
            c.new_report(), reports=(dataclasses.replace(c.report_de(), summary=c.summary(revenues_total=1)),)
        ),
        f"{B}/CbcReports[1]/Summary/Revenues/Total",
        "1 != Unrelated + Related (1500000)",
    ),
    (
        "amount-not-integer",
        lambda: _with_body(
            c.new_report(), reports=(dataclasses.replace(c.report_de(), summary=c.summary(tax_paid=1.5)),)
        ),
        f"{B}/CbcReports[1]/Summary/tax_paid",
        "must be a whole number",
    ),
    (
        "negative-employees",
        lambda: _with_body(
            c.new_report(), reports=(dataclasses.replace(c.report_de(), summary=c.summary(nb_employees=-1)),)
        ),
        f"{B}/CbcReports[1]/Summary/NbEmployees",
        "must not be negative",
    ),
    (
        "bad-currency",
        lambda: _with_body(
            c.new_report(), reports=(dataclasses.replace(c.report_de(), summary=c.summary(currency="EURO")),)
        ),
        f"{B}/CbcReports[1]/Summary/@currCode",
        "'EURO' is not an ISO 4217 currency code",
    ),
    (
        "bad-country",
        lambda: _with_spec(c.new_report(), transmitting_country="nl"),
        "CBC_OECD/MessageSpec/TransmittingCountry",
        "'nl' is not an ISO 3166-1 alpha-2 country code",
    ),
    (
        "bad-language",
        lambda: _with_spec(c.new_report(), language="English"),
        "CBC_OECD/MessageSpec/Language",
        "not an ISO 639-1 language code",
    ),
    (
        "no-receiving-country",
        lambda: _with_spec(c.new_report(), receiving_countries=()),
        "CBC_OECD/MessageSpec/ReceivingCountry",
        "needs at least 1 country",
    ),
    (
        "messagerefid-too-long",
        lambda: _with_spec(c.new_report(), message_ref_id="x" * 171),
        "CBC_OECD/MessageSpec/MessageRefId",
        "at most 170 allowed",
    ),
    (
        "period-mismatch",
        lambda: _with_spec(c.new_report(), reporting_period=c.date(2024, 6, 30)),
        f"{B}/ReportingEntity/ReportingPeriod/EndDate",
        "differs from MessageSpec/ReportingPeriod",
    ),
    (
        "no-bodies",
        lambda: dataclasses.replace(c.new_report(), bodies=()),
        "CBC_OECD/CbcBody",
        "needs at least 1 CbcBody",
    ),
    (
        "empty-name",
        lambda: _with_body(
            c.new_report(),
            reporting_entity=dataclasses.replace(
                c.reporting_entity(), entity=dataclasses.replace(c.PARENT, name=" ")
            ),
        ),
        f"{B}/ReportingEntity/Entity/Name[1]",
        "must not be empty",
    ),
    (
        "no-biz-activity",
        lambda: _with_body(
            c.new_report(),
            reports=(
                dataclasses.replace(
                    c.report_de(), const_entities=(c.ConstEntity(entity=c.GMBH, biz_activities=()),)
                ),
            ),
        ),
        f"{B}/CbcReports[1]/ConstEntities[1]/BizActivities",
        "needs at least 1 business activity",
    ),
    (
        "address-without-city-or-free",
        lambda: _with_body(
            c.new_report(),
            reporting_entity=dataclasses.replace(
                c.reporting_entity(),
                entity=dataclasses.replace(c.PARENT, addresses=(c.Address(country_code="NL"),)),
            ),
        ),
        f"{B}/ReportingEntity/Entity/Address[1]",
        "fixed form",
    ),
    (
        "xml-illegal-char",
        lambda: _with_spec(c.new_report(), contact="tax\x00@acme"),
        "CBC_OECD/MessageSpec/Contact",
        "control characters",
    ),
]


@pytest.mark.parametrize(("name", "build", "path", "rule"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_builder_refuses_with_the_path(name: str, build: Any, path: str, rule: str) -> None:
    message = build()
    with pytest.raises(MessageValidationError) as info:
        message.validate()
    assert info.value.field == path
    assert rule in info.value.rule


@pytest.mark.reference
@pytest.mark.parametrize(
    "name",
    [
        "correction-without-corrdocrefid",
        "new-and-correction-mixed",
        "duplicate-docrefid",
        "total-does-not-add-up",
    ],
)
def test_rules_beyond_the_schema_are_ours(oecd: etree.XMLSchema, name: str) -> None:
    """These pass the OECD XSD (it cannot express them), so only the builder stops them."""
    build = next(r[1] for r in REFUSALS if r[0] == name)
    assert oecd.validate(etree.fromstring(build().to_xml()))


def test_correction_message_type_builders() -> None:
    assert c.correction().message_spec.message_type_indic is MessageTypeIndic.CORRECTION
    assert isinstance(c.deletion().bodies[0], CbcBody)
    original = DocSpec.new("orig")
    assert DocSpec.correction_of(original).corr_doc_ref_id == "orig"
    assert DocSpec.deletion_of("orig").doc_type_indic is DocTypeIndic.DELETED


def test_identity_is_checked() -> None:
    from wus_client.models import Identity

    with pytest.raises(MessageValidationError) as info:
        dataclasses.replace(c.new_report(), identiteit=Identity("", "Fi")).validate()
    assert info.value.field == "identiteit.nummer"
