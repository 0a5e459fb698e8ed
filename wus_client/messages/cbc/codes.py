"""OECD CbC code lists (enums) and the ISO checks, which use pycountry's maintained lists."""

from __future__ import annotations

import enum
import functools
import uuid

import pycountry

from ...errors import MessageValidationError

__all__ = [
    "BizActivity",
    "DocTypeIndic",
    "LegalAddressType",
    "MessageTypeIndic",
    "ReportingRole",
    "SummaryElement",
    "UltimateParentEntityRole",
    "check_country",
    "check_currency",
    "check_language",
    "new_ref_id",
]


class DocTypeIndic(enum.StrEnum):
    RESENT = "OECD0"
    NEW = "OECD1"
    CORRECTED = "OECD2"
    DELETED = "OECD3"
    TEST_RESENT = "OECD10"
    TEST_NEW = "OECD11"
    TEST_CORRECTED = "OECD12"
    TEST_DELETED = "OECD13"

    @property
    def is_test(self) -> bool:
        return len(self.value) == 6

    @property
    def production(self) -> DocTypeIndic:
        """The production value of the same kind (OECD12 -> OECD2)."""
        return DocTypeIndic("OECD" + self.value[-1]) if self.is_test else self


class MessageTypeIndic(enum.StrEnum):
    NEW = "CBC401"
    CORRECTION = "CBC402"


class ReportingRole(enum.StrEnum):
    ULTIMATE_PARENT_ENTITY = "CBC701"
    SURROGATE_PARENT_ENTITY = "CBC702"
    LOCAL_FILING_FULL = "CBC703"
    LOCAL_FILING_PARTIAL = "CBC704"


class UltimateParentEntityRole(enum.StrEnum):
    ULTIMATE_PARENT_ENTITY = "CBC801"
    REPORTING_ENTITY = "CBC802"
    BOTH = "CBC803"


class BizActivity(enum.StrEnum):
    RESEARCH_AND_DEVELOPMENT = "CBC501"
    HOLDING_INTELLECTUAL_PROPERTY = "CBC502"
    PURCHASING_OR_PROCUREMENT = "CBC503"
    MANUFACTURING_OR_PRODUCTION = "CBC504"
    SALES_MARKETING_OR_DISTRIBUTION = "CBC505"
    ADMINISTRATIVE_MANAGEMENT_OR_SUPPORT = "CBC506"
    SERVICES_TO_UNRELATED_PARTIES = "CBC507"
    INTERNAL_GROUP_FINANCE = "CBC508"
    REGULATED_FINANCIAL_SERVICES = "CBC509"
    INSURANCE = "CBC510"
    HOLDING_SHARES_OR_EQUITY = "CBC511"
    DORMANT = "CBC512"
    OTHER = "CBC513"


class SummaryElement(enum.StrEnum):
    """Summary fields an AdditionalInfo may refer to (SummaryRef)."""

    REVENUES_UNRELATED = "CBC601"
    REVENUES_RELATED = "CBC602"
    REVENUES_TOTAL = "CBC603"
    PROFIT_OR_LOSS = "CBC604"
    TAX_PAID = "CBC605"
    TAX_ACCRUED = "CBC606"
    CAPITAL = "CBC607"
    EARNINGS = "CBC608"
    NB_EMPLOYEES = "CBC609"
    ASSETS = "CBC610"
    NAME_MNE_GROUP = "CBC611"


class LegalAddressType(enum.StrEnum):
    RESIDENTIAL_OR_BUSINESS = "OECD301"
    RESIDENTIAL = "OECD302"
    BUSINESS = "OECD303"
    REGISTERED_OFFICE = "OECD304"
    UNSPECIFIED = "OECD305"


#: Codes the OECD list adds to ISO 3166-1: X5 (stateless entities) and XK (Kosovo).
_EXTRA_COUNTRIES = frozenset({"X5", "XK"})


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | _EXTRA_COUNTRIES


@functools.lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@functools.lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    return frozenset(lang.alpha_2.upper() for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def check_country(path: str, code: object) -> None:
    if not isinstance(code, str) or code not in _countries():
        raise MessageValidationError(path, f"{code!r} is not an ISO 3166-1 alpha-2 country code")


def check_currency(path: str, code: object) -> None:
    if not isinstance(code, str) or code not in _currencies():
        raise MessageValidationError(path, f"{code!r} is not an ISO 4217 currency code")


def check_language(path: str, code: object) -> None:
    if not isinstance(code, str) or code not in _languages():
        raise MessageValidationError(
            path, f"{code!r} is not an ISO 639-1 language code (upper case, e.g. EN)"
        )


def new_ref_id(prefix: str = "") -> str:
    """A unique MessageRefId/DocRefId: ``prefix`` + a random UUID (36 chars).

    The Dutch format rules for these ids are not public; pass your own ids when your
    registration prescribes one (the OECD suggests country code + year + unique part).
    """
    return f"{prefix}{uuid.uuid4()}"
