"""A realistic CbC report (new), its correction and its deletion, plus the OECD schema loader."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from lxml import etree

from wus_client.messages.cbc import (
    AdditionalInfo,
    Address,
    BizActivity,
    CbcBody,
    CbcMessage,
    CbcReport,
    ConstEntity,
    DocSpec,
    MessageSpec,
    MessageTypeIndic,
    Organisation,
    OrganisationIN,
    ReportingEntity,
    ReportingRole,
    Summary,
    SummaryElement,
    UltimateParentEntityRole,
)
from wus_client.models import Identity

IDENTITY = Identity(nummer="001000044", type="Fi")
PERIOD = date(2024, 12, 31)
STAMP = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)

PARENT = Organisation(
    name="Acme Holding N.V.",
    tin="001000044",
    tin_issued_by="NL",
    res_country_codes=("NL",),
    identification_numbers=(OrganisationIN(value="12345678", issued_by="NL", in_type="KvK"),),
    addresses=(
        Address(
            country_code="NL", street="Damrak", building_identifier="1", post_code="1012LG", city="Amsterdam"
        ),
    ),
)
GMBH = Organisation(
    name="Acme GmbH",
    tin="DE811111111",
    tin_issued_by="DE",
    res_country_codes=("DE",),
    addresses=(Address(country_code="DE", free="Hauptstrasse 5, 10115 Berlin"),),
)
SARL = Organisation(name="Acme SARL", tin="NOTIN", res_country_codes=("FR",))


def reporting_entity(doc: DocSpec | None = None) -> ReportingEntity:
    return ReportingEntity(
        entity=PARENT,
        name_mne_group="Acme Group",
        reporting_role=ReportingRole.ULTIMATE_PARENT_ENTITY,
        start_date=date(2024, 1, 1),
        end_date=PERIOD,
        doc_spec=doc or DocSpec.new("NL2024-RE-1"),
    )


def summary(**changes: object) -> Summary:
    values: dict[str, object] = dict(
        currency="EUR",
        revenues_unrelated=1_200_000,
        revenues_related=300_000,
        profit_or_loss=-25_000,
        tax_paid=40_000,
        tax_accrued=38_000,
        capital=500_000,
        earnings=900_000,
        nb_employees=42,
        assets=750_000,
    )
    values.update(changes)
    return Summary(**values)  # type: ignore[arg-type]


def report_de(doc: DocSpec | None = None) -> CbcReport:
    return CbcReport(
        res_country_code="DE",
        summary=summary(),
        const_entities=(
            ConstEntity(
                entity=GMBH,
                biz_activities=(
                    BizActivity.MANUFACTURING_OR_PRODUCTION,
                    BizActivity.SALES_MARKETING_OR_DISTRIBUTION,
                ),
            ),
        ),
        doc_spec=doc or DocSpec.new("NL2024-DE-1"),
    )


def report_nl_fr(doc: DocSpec | None = None) -> CbcReport:
    return CbcReport(
        res_country_code="NL",
        summary=summary(currency="EUR", revenues_related=0, nb_employees=7),
        const_entities=(
            ConstEntity(
                entity=PARENT,
                role=UltimateParentEntityRole.BOTH,
                incorp_country_code="NL",
                biz_activities=(BizActivity.HOLDING_SHARES_OR_EQUITY,),
            ),
            ConstEntity(
                entity=SARL, biz_activities=(BizActivity.DORMANT,), other_entity_info="Dormant since 2023"
            ),
        ),
        doc_spec=doc or DocSpec.new("NL2024-NL-1"),
    )


def new_report() -> CbcMessage:
    return CbcMessage(
        message_spec=MessageSpec(
            transmitting_country="NL",
            receiving_countries=("NL",),
            reporting_period=PERIOD,
            message_ref_id="NL2024-MSG-1",
            language="EN",
            contact="tax@acme.example",
            timestamp=STAMP,
        ),
        bodies=(
            CbcBody(
                reporting_entity=reporting_entity(),
                reports=(report_de(), report_nl_fr()),
                additional_info=(
                    AdditionalInfo(
                        other_info=("Figures from consolidated accounts.",),
                        language="EN",
                        res_country_codes=("DE",),
                        summary_refs=(SummaryElement.REVENUES_TOTAL,),
                        doc_spec=DocSpec.new("NL2024-AI-1"),
                    ),
                ),
            ),
        ),
        identiteit=IDENTITY,
    )


def correction() -> CbcMessage:
    """Corrects the German figures; the ReportingEntity is re-sent unchanged (OECD0)."""
    return CbcMessage(
        message_spec=MessageSpec(
            transmitting_country="NL",
            receiving_countries=("NL",),
            reporting_period=PERIOD,
            message_type_indic=MessageTypeIndic.CORRECTION,
            message_ref_id="NL2024-MSG-2",
            timestamp=STAMP,
        ),
        bodies=(
            CbcBody(
                reporting_entity=reporting_entity(DocSpec.resent("NL2024-RE-1b")),
                reports=(report_de(DocSpec.correction_of("NL2024-DE-1", "NL2024-DE-2")),),
            ),
        ),
        identiteit=IDENTITY,
    )


def deletion() -> CbcMessage:
    """Deletes everything sent in the new report."""
    return CbcMessage(
        message_spec=MessageSpec(
            transmitting_country="NL",
            receiving_countries=("NL",),
            reporting_period=PERIOD,
            message_type_indic=MessageTypeIndic.CORRECTION,
            message_ref_id="NL2024-MSG-3",
            timestamp=STAMP,
        ),
        bodies=(
            CbcBody(
                reporting_entity=reporting_entity(DocSpec.deletion_of("NL2024-RE-1")),
                reports=(
                    report_de(DocSpec.deletion_of("NL2024-DE-1")),
                    report_nl_fr(DocSpec.deletion_of("NL2024-NL-1")),
                ),
                additional_info=(
                    AdditionalInfo(other_info=("Deleted.",), doc_spec=DocSpec.deletion_of("NL2024-AI-1")),
                ),
            ),
        ),
        identiteit=IDENTITY,
    )


def oecd_schema(reference_dir: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(reference_dir / "cbc" / "CbcXML_v2.0.xsd"), parser))


def oecd_codes(reference_dir: Path, type_name: str) -> list[str]:
    """The enumeration of one type in the OECD's isocbctypes (to draw codes both sides accept)."""
    doc = etree.parse(str(reference_dir / "cbc" / "isocbctypes_v1.1.xsd"))
    ns = {"xsd": "http://www.w3.org/2001/XMLSchema"}
    return [
        str(v)
        for v in doc.xpath(f"//xsd:simpleType[@name='{type_name}']//xsd:enumeration/@value", namespaces=ns)
    ]
