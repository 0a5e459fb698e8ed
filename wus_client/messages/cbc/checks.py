"""What the OECD CbC schema and the OECD correction rules refuse, checked in Python.

We cannot ship the OECD's XSDs, so these checks mirror them (required elements, lengths,
enumerations, ISO codes) plus the rules the XSD cannot express: corrections and deletions
name a CorrDocRefId, a message never mixes new data with corrections or test with
production data, DocRefIds are unique, summaries are present and add up. Every error names
the path of the offending element, e.g. ``CBC_OECD/CbcBody[1]/CbcReports[2]/DocSpec``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime
from typing import TypeVar

from ...errors import MessageValidationError
from ..rules import XML_ILLEGAL
from .codes import (
    BizActivity,
    DocTypeIndic,
    LegalAddressType,
    MessageTypeIndic,
    ReportingRole,
    SummaryElement,
    UltimateParentEntityRole,
    check_country,
    check_currency,
    check_language,
)
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

__all__ = ["check_message"]

T = TypeVar("T")

_SUMMARY_AMOUNTS = (
    "revenues_unrelated",
    "revenues_related",
    "profit_or_loss",
    "tax_paid",
    "tax_accrued",
    "capital",
    "earnings",
    "assets",
)


def _text(path: str, value: object, max_len: int, *, required: bool = True) -> None:
    if value is None:
        if required:
            raise MessageValidationError(path, "is required")
        return
    if not isinstance(value, str):
        raise MessageValidationError(path, f"must be text, got {type(value).__name__}")
    if not value.strip():
        raise MessageValidationError(path, "must not be empty")
    if len(value) > max_len:
        raise MessageValidationError(path, f"is {len(value)} characters long; at most {max_len} allowed")
    if XML_ILLEGAL.search(value):
        raise MessageValidationError(path, "contains control characters that XML cannot carry")


def _enum(path: str, value: object, enum_type: type[enum.Enum]) -> None:
    if value not in list(enum_type):
        raise MessageValidationError(path, f"{value!r} is not one of {', '.join(str(m) for m in enum_type)}")


def _integer(path: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MessageValidationError(path, f"must be a whole number (integer), got {value!r}")


def _tuple(path: str, value: tuple[T, ...], *, min_items: int = 0, what: str = "item") -> tuple[T, ...]:
    if not isinstance(value, tuple | list):
        raise MessageValidationError(path, f"must be a tuple of {what}s")
    if len(value) < min_items:
        raise MessageValidationError(path, f"needs at least {min_items} {what}")
    return tuple(value)


def _message_spec(spec: MessageSpec) -> None:
    p = "CBC_OECD/MessageSpec"
    check_country(f"{p}/TransmittingCountry", spec.transmitting_country)
    for i, code in enumerate(
        _tuple(f"{p}/ReceivingCountry", spec.receiving_countries, min_items=1, what="country"), 1
    ):
        check_country(f"{p}/ReceivingCountry[{i}]", code)
    _text(f"{p}/SendingEntityIN", spec.sending_entity_in, 200, required=False)
    if spec.language is not None:
        check_language(f"{p}/Language", spec.language)
    _text(f"{p}/Warning", spec.warning, 4000, required=False)
    _text(f"{p}/Contact", spec.contact, 4000, required=False)
    _text(f"{p}/MessageRefId", spec.message_ref_id, 170)
    _enum(f"{p}/MessageTypeIndic", spec.message_type_indic, MessageTypeIndic)
    for i, ref in enumerate(_tuple(f"{p}/CorrMessageRefId", spec.corr_message_ref_ids), 1):
        _text(f"{p}/CorrMessageRefId[{i}]", ref, 170)
    if not isinstance(spec.reporting_period, date) or isinstance(spec.reporting_period, datetime):
        raise MessageValidationError(
            f"{p}/ReportingPeriod", "must be a date (the last day of the fiscal year)"
        )
    if not isinstance(spec.timestamp, datetime):
        raise MessageValidationError(f"{p}/Timestamp", "must be a datetime")


def _doc_spec(path: str, spec: DocSpec) -> None:
    if not isinstance(spec, DocSpec):
        raise MessageValidationError(path, "is required (a DocSpec)")
    _enum(f"{path}/DocTypeIndic", spec.doc_type_indic, DocTypeIndic)
    _text(f"{path}/DocRefId", spec.doc_ref_id, 200)
    _text(f"{path}/CorrMessageRefId", spec.corr_message_ref_id, 170, required=False)
    _text(f"{path}/CorrDocRefId", spec.corr_doc_ref_id, 200, required=False)
    kind = DocTypeIndic(spec.doc_type_indic).production
    if kind in (DocTypeIndic.CORRECTED, DocTypeIndic.DELETED) and spec.corr_doc_ref_id is None:
        what = "correction" if kind is DocTypeIndic.CORRECTED else "deletion"
        raise MessageValidationError(
            f"{path}/CorrDocRefId", f"a {what} ({spec.doc_type_indic}) must name the DocRefId it replaces"
        )
    if kind is DocTypeIndic.NEW and spec.corr_doc_ref_id is not None:
        raise MessageValidationError(
            f"{path}/CorrDocRefId", f"new data ({spec.doc_type_indic}) corrects nothing"
        )


def _address(path: str, address: Address) -> None:
    check_country(f"{path}/CountryCode", address.country_code)
    if address.legal_address_type is not None:
        _enum(f"{path}/@legalAddressType", address.legal_address_type, LegalAddressType)
    parts = (
        "street",
        "building_identifier",
        "suite_identifier",
        "floor_identifier",
        "district_name",
        "pob",
        "post_code",
        "country_subentity",
    )
    if address.city is None and any(getattr(address, name) is not None for name in parts):
        raise MessageValidationError(f"{path}/AddressFix/City", "is required when address parts are given")
    if address.city is None and address.free is None:
        raise MessageValidationError(path, "give the address in fixed form (city, ...) or free form (free)")
    for name in (*parts, "city"):
        _text(f"{path}/AddressFix/{name}", getattr(address, name), 200, required=False)
    _text(f"{path}/AddressFree", address.free, 4000, required=False)


def _organisation(path: str, org: Organisation) -> None:
    if not isinstance(org, Organisation):
        raise MessageValidationError(path, "is required (an Organisation)")
    for i, code in enumerate(
        _tuple(f"{path}/ResCountryCode", org.res_country_codes, min_items=1, what="country"), 1
    ):
        check_country(f"{path}/ResCountryCode[{i}]", code)
    _text(f"{path}/TIN", org.tin, 200)
    if org.tin_issued_by is not None:
        check_country(f"{path}/TIN/@issuedBy", org.tin_issued_by)
    for i, number in enumerate(_tuple(f"{path}/IN", org.identification_numbers), 1):
        _text(f"{path}/IN[{i}]", number.value, 200)
        if number.issued_by is not None:
            check_country(f"{path}/IN[{i}]/@issuedBy", number.issued_by)
        _text(f"{path}/IN[{i}]/@INType", number.in_type, 200, required=False)
    _text(f"{path}/Name[1]", org.name, 200)
    for i, name in enumerate(_tuple(f"{path}/Name", org.other_names), 2):
        _text(f"{path}/Name[{i}]", name, 200)
    for i, address in enumerate(_tuple(f"{path}/Address", org.addresses), 1):
        _address(f"{path}/Address[{i}]", address)


def _summary(path: str, summary: Summary | None) -> None:
    if summary is None:
        raise MessageValidationError(path, "is required: a CbcReports without Summary is refused")
    check_currency(f"{path}/@currCode", summary.currency)
    for name in _SUMMARY_AMOUNTS:
        _integer(f"{path}/{name}", getattr(summary, name))
    _integer(f"{path}/NbEmployees", summary.nb_employees)
    if summary.nb_employees < 0:
        raise MessageValidationError(f"{path}/NbEmployees", "must not be negative")
    if summary.revenues_total is not None:
        _integer(f"{path}/Revenues/Total", summary.revenues_total)
        expected = summary.revenues_unrelated + summary.revenues_related
        if summary.revenues_total != expected:
            raise MessageValidationError(
                f"{path}/Revenues/Total", f"{summary.revenues_total} != Unrelated + Related ({expected})"
            )


def _const_entity(path: str, entity: ConstEntity) -> None:
    _organisation(f"{path}/ConstEntity", entity.entity)
    if entity.role is not None:
        _enum(f"{path}/Role", entity.role, UltimateParentEntityRole)
    if entity.incorp_country_code is not None:
        check_country(f"{path}/IncorpCountryCode", entity.incorp_country_code)
    activities = _tuple(f"{path}/BizActivities", entity.biz_activities, min_items=1, what="business activity")
    for i, activity in enumerate(activities, 1):
        _enum(f"{path}/BizActivities[{i}]", activity, BizActivity)
    _text(f"{path}/OtherEntityInfo", entity.other_entity_info, 4000, required=False)


def _report(path: str, report: CbcReport) -> None:
    _doc_spec(f"{path}/DocSpec", report.doc_spec)
    check_country(f"{path}/ResCountryCode", report.res_country_code)
    _summary(f"{path}/Summary", report.summary)
    entities = _tuple(f"{path}/ConstEntities", report.const_entities, min_items=1, what="constituent entity")
    for i, entity in enumerate(entities, 1):
        _const_entity(f"{path}/ConstEntities[{i}]", entity)


def _additional_info(path: str, info: AdditionalInfo) -> None:
    _doc_spec(f"{path}/DocSpec", info.doc_spec)
    for i, text in enumerate(_tuple(f"{path}/OtherInfo", info.other_info, min_items=1, what="text"), 1):
        _text(f"{path}/OtherInfo[{i}]", text, 4000)
    if info.language is not None:
        check_language(f"{path}/OtherInfo/@language", info.language)
    for i, code in enumerate(_tuple(f"{path}/ResCountryCode", info.res_country_codes), 1):
        check_country(f"{path}/ResCountryCode[{i}]", code)
    for i, ref in enumerate(_tuple(f"{path}/SummaryRef", info.summary_refs), 1):
        _enum(f"{path}/SummaryRef[{i}]", ref, SummaryElement)


def _body(path: str, body: CbcBody, spec: MessageSpec) -> None:
    entity = body.reporting_entity
    p = f"{path}/ReportingEntity"
    _organisation(f"{p}/Entity", entity.entity)
    _text(f"{p}/NameMNEGroup", entity.name_mne_group, 200, required=False)
    _enum(f"{p}/ReportingRole", entity.reporting_role, ReportingRole)
    for name in ("start_date", "end_date"):
        if not isinstance(getattr(entity, name), date):
            raise MessageValidationError(f"{p}/ReportingPeriod/{name}", "must be a date")
    if entity.start_date > entity.end_date:
        raise MessageValidationError(f"{p}/ReportingPeriod", "StartDate lies after EndDate")
    if entity.end_date != spec.reporting_period:
        raise MessageValidationError(
            f"{p}/ReportingPeriod/EndDate",
            f"{entity.end_date} differs from MessageSpec/ReportingPeriod ({spec.reporting_period})",
        )
    _doc_spec(f"{p}/DocSpec", entity.doc_spec)
    reports = _tuple(f"{path}/CbcReports", body.reports)
    if spec.message_type_indic == MessageTypeIndic.NEW and not reports:
        raise MessageValidationError(
            f"{path}/CbcReports", "a new report (CBC401) needs at least one CbcReports"
        )
    for i, report in enumerate(reports, 1):
        _report(f"{path}/CbcReports[{i}]", report)
    for i, info in enumerate(_tuple(f"{path}/AdditionalInfo", body.additional_info), 1):
        _additional_info(f"{path}/AdditionalInfo[{i}]", info)


def doc_specs(bodies: tuple[CbcBody, ...]) -> Iterator[tuple[str, DocSpec, bool]]:
    """Every DocSpec with its path and whether it belongs to a ReportingEntity."""
    for b, body in enumerate(bodies, 1):
        yield f"CBC_OECD/CbcBody[{b}]/ReportingEntity/DocSpec", body.reporting_entity.doc_spec, True
        for r, report in enumerate(body.reports, 1):
            yield f"CBC_OECD/CbcBody[{b}]/CbcReports[{r}]/DocSpec", report.doc_spec, False
        for a, info in enumerate(body.additional_info, 1):
            yield f"CBC_OECD/CbcBody[{b}]/AdditionalInfo[{a}]/DocSpec", info.doc_spec, False


def _cross_rules(spec: MessageSpec, bodies: tuple[CbcBody, ...]) -> None:
    seen: dict[str, str] = {}
    first_test: bool | None = None
    new_message = spec.message_type_indic == MessageTypeIndic.NEW
    for path, doc, is_entity in doc_specs(bodies):
        indic = DocTypeIndic(doc.doc_type_indic)
        if doc.doc_ref_id in seen:
            raise MessageValidationError(
                f"{path}/DocRefId", f"{doc.doc_ref_id!r} is already used at {seen[doc.doc_ref_id]}"
            )
        seen[doc.doc_ref_id] = path
        if first_test is None:
            first_test = indic.is_test
        elif indic.is_test != first_test:
            raise MessageValidationError(
                f"{path}/DocTypeIndic", f"mixed DocTypeIndic: {indic} mixes test (OECD1x) and production data"
            )
        kind = indic.production
        if new_message and kind is not DocTypeIndic.NEW:
            raise MessageValidationError(
                f"{path}/DocTypeIndic",
                f"mixed DocTypeIndic: a new message (CBC401) holds only new data (OECD1), not {indic}; "
                "send corrections and deletions in a CBC402 message",
            )
        if not new_message and kind is DocTypeIndic.NEW:
            raise MessageValidationError(
                f"{path}/DocTypeIndic",
                "mixed DocTypeIndic: a correction message (CBC402) holds no new data (OECD1)",
            )
        if kind is DocTypeIndic.RESENT and not is_entity:
            raise MessageValidationError(
                f"{path}/DocTypeIndic", f"{indic} (resent) is only allowed for the ReportingEntity"
            )


def check_message(spec: MessageSpec, bodies: tuple[CbcBody, ...]) -> None:
    if not isinstance(spec, MessageSpec):
        raise MessageValidationError("CBC_OECD/MessageSpec", "is required (a MessageSpec)")
    _message_spec(spec)
    body_list = _tuple("CBC_OECD/CbcBody", bodies, min_items=1, what="CbcBody")
    for i, body in enumerate(body_list, 1):
        _body(f"CBC_OECD/CbcBody[{i}]", body, spec)
    _cross_rules(spec, tuple(body_list))
