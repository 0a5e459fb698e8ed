"""Rendering a CbC report as OECD CbC XML v2.0."""

from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from .model import (
    AdditionalInfo,
    Address,
    CbcBody,
    CbcReport,
    ConstEntity,
    DocSpec,
    MessageSpec,
    Organisation,
    Summary,
)

__all__ = ["CBC_NS", "ISO_NS", "STF_NS", "render"]

CBC_NS = "urn:oecd:ties:cbc:v2"
STF_NS = "urn:oecd:ties:cbcstf:v5"
ISO_NS = "urn:oecd:ties:isocbctypes:v1"
_NSMAP = {"cbc": CBC_NS, "stf": STF_NS, "iso": ISO_NS}


def _el(parent: etree._Element, tag: str, text: str | None = None, ns: str = CBC_NS) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _opt(parent: etree._Element, tag: str, text: str | None) -> None:
    if text is not None:
        _el(parent, tag, text)


def _date(value: date) -> str:
    return value.isoformat()


def _datetime(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def _doc_spec(parent: etree._Element, spec: DocSpec) -> None:
    element = _el(parent, "DocSpec")
    _el(element, "DocTypeIndic", str(spec.doc_type_indic), STF_NS)
    _el(element, "DocRefId", spec.doc_ref_id, STF_NS)
    if spec.corr_message_ref_id is not None:
        _el(element, "CorrMessageRefId", spec.corr_message_ref_id, STF_NS)
    if spec.corr_doc_ref_id is not None:
        _el(element, "CorrDocRefId", spec.corr_doc_ref_id, STF_NS)


def _address(parent: etree._Element, address: Address) -> None:
    element = _el(parent, "Address")
    if address.legal_address_type is not None:
        element.set("legalAddressType", str(address.legal_address_type))
    _el(element, "CountryCode", address.country_code)
    if address.city is not None:
        fix = _el(element, "AddressFix")
        _opt(fix, "Street", address.street)
        _opt(fix, "BuildingIdentifier", address.building_identifier)
        _opt(fix, "SuiteIdentifier", address.suite_identifier)
        _opt(fix, "FloorIdentifier", address.floor_identifier)
        _opt(fix, "DistrictName", address.district_name)
        _opt(fix, "POB", address.pob)
        _opt(fix, "PostCode", address.post_code)
        _el(fix, "City", address.city)
        _opt(fix, "CountrySubentity", address.country_subentity)
    _opt(element, "AddressFree", address.free)


def _organisation(element: etree._Element, org: Organisation) -> None:
    for code in org.res_country_codes:
        _el(element, "ResCountryCode", code)
    tin = _el(element, "TIN", org.tin)
    if org.tin_issued_by is not None:
        tin.set("issuedBy", org.tin_issued_by)
    for number in org.identification_numbers:
        in_element = _el(element, "IN", number.value)
        if number.issued_by is not None:
            in_element.set("issuedBy", number.issued_by)
        if number.in_type is not None:
            in_element.set("INType", number.in_type)
    for name in (org.name, *org.other_names):
        _el(element, "Name", name)
    for address in org.addresses:
        _address(element, address)


def _money(parent: etree._Element, tag: str, value: int, currency: str) -> None:
    _el(parent, tag, str(value)).set("currCode", currency)


def _summary(parent: etree._Element, summary: Summary) -> None:
    element = _el(parent, "Summary")
    currency = summary.currency
    revenues = _el(element, "Revenues")
    _money(revenues, "Unrelated", summary.revenues_unrelated, currency)
    _money(revenues, "Related", summary.revenues_related, currency)
    _money(revenues, "Total", summary.total, currency)
    _money(element, "ProfitOrLoss", summary.profit_or_loss, currency)
    _money(element, "TaxPaid", summary.tax_paid, currency)
    _money(element, "TaxAccrued", summary.tax_accrued, currency)
    _money(element, "Capital", summary.capital, currency)
    _money(element, "Earnings", summary.earnings, currency)
    _el(element, "NbEmployees", str(summary.nb_employees))
    _money(element, "Assets", summary.assets, currency)


def _const_entity(parent: etree._Element, entity: ConstEntity) -> None:
    element = _el(parent, "ConstEntities")
    _organisation(_el(element, "ConstEntity"), entity.entity)
    _opt(element, "Role", None if entity.role is None else str(entity.role))
    _opt(element, "IncorpCountryCode", entity.incorp_country_code)
    for activity in entity.biz_activities:
        _el(element, "BizActivities", str(activity))
    _opt(element, "OtherEntityInfo", entity.other_entity_info)


def _report(parent: etree._Element, report: CbcReport) -> None:
    element = _el(parent, "CbcReports")
    _doc_spec(element, report.doc_spec)
    _el(element, "ResCountryCode", report.res_country_code)
    assert report.summary is not None  # checked before rendering
    _summary(element, report.summary)
    for entity in report.const_entities:
        _const_entity(element, entity)


def _additional_info(parent: etree._Element, info: AdditionalInfo) -> None:
    element = _el(parent, "AdditionalInfo")
    _doc_spec(element, info.doc_spec)
    for text in info.other_info:
        other = _el(element, "OtherInfo", text)
        if info.language is not None:
            other.set("language", info.language)
    for code in info.res_country_codes:
        _el(element, "ResCountryCode", code)
    for ref in info.summary_refs:
        _el(element, "SummaryRef", str(ref))


def _body(parent: etree._Element, body: CbcBody) -> None:
    element = _el(parent, "CbcBody")
    entity = body.reporting_entity
    rep = _el(element, "ReportingEntity")
    _organisation(_el(rep, "Entity"), entity.entity)
    _opt(rep, "NameMNEGroup", entity.name_mne_group)
    _el(rep, "ReportingRole", str(entity.reporting_role))
    period = _el(rep, "ReportingPeriod")
    _el(period, "StartDate", _date(entity.start_date))
    _el(period, "EndDate", _date(entity.end_date))
    _doc_spec(rep, entity.doc_spec)
    for report in body.reports:
        _report(element, report)
    for info in body.additional_info:
        _additional_info(element, info)


def render(spec: MessageSpec, bodies: tuple[CbcBody, ...], version: str = "2.0") -> bytes:
    root = etree.Element(f"{{{CBC_NS}}}CBC_OECD", nsmap=_NSMAP)
    root.set("version", version)
    ms = _el(root, "MessageSpec")
    _opt(ms, "SendingEntityIN", spec.sending_entity_in)
    _el(ms, "TransmittingCountry", spec.transmitting_country)
    for code in spec.receiving_countries:
        _el(ms, "ReceivingCountry", code)
    _el(ms, "MessageType", "CBC")
    _opt(ms, "Language", spec.language)
    _opt(ms, "Warning", spec.warning)
    _opt(ms, "Contact", spec.contact)
    _el(ms, "MessageRefId", spec.message_ref_id)
    _el(ms, "MessageTypeIndic", str(spec.message_type_indic))
    for ref in spec.corr_message_ref_ids:
        _el(ms, "CorrMessageRefId", ref)
    _el(ms, "ReportingPeriod", _date(spec.reporting_period))
    _el(ms, "Timestamp", _datetime(spec.timestamp))
    for body in bodies:
        _body(root, body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
