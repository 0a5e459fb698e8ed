"""The typed CbC report: frozen values mirroring OECD CbC XML v2.0, one class per element type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from .codes import (
    BizActivity,
    DocTypeIndic,
    LegalAddressType,
    MessageTypeIndic,
    ReportingRole,
    SummaryElement,
    UltimateParentEntityRole,
    new_ref_id,
)

__all__ = [
    "AdditionalInfo",
    "Address",
    "CbcBody",
    "CbcReport",
    "ConstEntity",
    "DocSpec",
    "MessageSpec",
    "Organisation",
    "OrganisationIN",
    "ReportingEntity",
    "Summary",
]


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, kw_only=True)
class DocSpec:
    """Identifies one correctable element. ``doc_ref_id`` is generated unique when not given."""

    doc_type_indic: DocTypeIndic = DocTypeIndic.NEW
    doc_ref_id: str = field(default_factory=new_ref_id)
    corr_doc_ref_id: str | None = None
    corr_message_ref_id: str | None = None

    @classmethod
    def new(cls, doc_ref_id: str | None = None) -> DocSpec:
        return cls(doc_type_indic=DocTypeIndic.NEW, doc_ref_id=doc_ref_id or new_ref_id())

    @classmethod
    def correction_of(cls, original: DocSpec | str, doc_ref_id: str | None = None) -> DocSpec:
        """OECD2: replaces the element whose DocRefId is ``original``."""
        ref = original.doc_ref_id if isinstance(original, DocSpec) else original
        return cls(
            doc_type_indic=DocTypeIndic.CORRECTED, doc_ref_id=doc_ref_id or new_ref_id(), corr_doc_ref_id=ref
        )

    @classmethod
    def deletion_of(cls, original: DocSpec | str, doc_ref_id: str | None = None) -> DocSpec:
        """OECD3: deletes the element whose DocRefId is ``original``."""
        ref = original.doc_ref_id if isinstance(original, DocSpec) else original
        return cls(
            doc_type_indic=DocTypeIndic.DELETED, doc_ref_id=doc_ref_id or new_ref_id(), corr_doc_ref_id=ref
        )

    @classmethod
    def resent(cls, doc_ref_id: str | None = None) -> DocSpec:
        """OECD0: the ReportingEntity sent again unchanged inside a correction message."""
        return cls(doc_type_indic=DocTypeIndic.RESENT, doc_ref_id=doc_ref_id or new_ref_id())


@dataclass(frozen=True, kw_only=True)
class Address:
    """An address in fixed form (``city`` plus parts), free form (``free``), or both."""

    country_code: str
    free: str | None = None
    street: str | None = None
    building_identifier: str | None = None
    suite_identifier: str | None = None
    floor_identifier: str | None = None
    district_name: str | None = None
    pob: str | None = None
    post_code: str | None = None
    city: str | None = None
    country_subentity: str | None = None
    legal_address_type: LegalAddressType | None = None


@dataclass(frozen=True, kw_only=True)
class OrganisationIN:
    """An entity identification number other than the TIN (e.g. a KvK number)."""

    value: str
    issued_by: str | None = None
    in_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """OrganisationParty: residence country/countries, TIN (``NOTIN`` if none), name(s), addresses."""

    name: str
    tin: str
    res_country_codes: tuple[str, ...]
    tin_issued_by: str | None = None
    other_names: tuple[str, ...] = ()
    identification_numbers: tuple[OrganisationIN, ...] = ()
    addresses: tuple[Address, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ReportingEntity:
    entity: Organisation
    reporting_role: ReportingRole
    start_date: date
    end_date: date
    name_mne_group: str | None = None
    doc_spec: DocSpec = field(default_factory=DocSpec)


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The figures for one jurisdiction, in whole units of ``currency`` (ISO 4217).

    ``revenues_total`` defaults to unrelated + related; when given it must equal that sum.
    """

    currency: str
    revenues_unrelated: int
    revenues_related: int
    profit_or_loss: int
    tax_paid: int
    tax_accrued: int
    capital: int
    earnings: int
    nb_employees: int
    assets: int
    revenues_total: int | None = None

    @property
    def total(self) -> int:
        if self.revenues_total is not None:
            return self.revenues_total
        return self.revenues_unrelated + self.revenues_related


@dataclass(frozen=True, kw_only=True)
class ConstEntity:
    entity: Organisation
    biz_activities: tuple[BizActivity, ...]
    role: UltimateParentEntityRole | None = None
    incorp_country_code: str | None = None
    other_entity_info: str | None = None


@dataclass(frozen=True, kw_only=True)
class CbcReport:
    """CbcReports for one tax jurisdiction: the Summary and its constituent entities."""

    res_country_code: str
    summary: Summary | None
    const_entities: tuple[ConstEntity, ...]
    doc_spec: DocSpec = field(default_factory=DocSpec)


@dataclass(frozen=True, kw_only=True)
class AdditionalInfo:
    other_info: tuple[str, ...]
    language: str | None = None
    res_country_codes: tuple[str, ...] = ()
    summary_refs: tuple[SummaryElement, ...] = ()
    doc_spec: DocSpec = field(default_factory=DocSpec)


@dataclass(frozen=True, kw_only=True)
class CbcBody:
    reporting_entity: ReportingEntity
    reports: tuple[CbcReport, ...] = ()
    additional_info: tuple[AdditionalInfo, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MessageSpec:
    """The message header. ``message_ref_id`` is generated unique when not given."""

    transmitting_country: str
    receiving_countries: tuple[str, ...]
    reporting_period: date
    message_type_indic: MessageTypeIndic = MessageTypeIndic.NEW
    message_ref_id: str = field(default_factory=new_ref_id)
    sending_entity_in: str | None = None
    language: str | None = None
    warning: str | None = None
    contact: str | None = None
    corr_message_ref_ids: tuple[str, ...] = ()
    timestamp: datetime = field(default_factory=_utc_now)
