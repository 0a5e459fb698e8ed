"""Field rules shared by the typed messages. Each check raises MessageValidationError(field, rule).

The rules come from UWV's functional description of the ZW melding (formats such as
``n9``, ``an..64``, ``JJJJMMDD``) and from the Digipoort interface (file name, mime type).
They are plain functions so that every message states its rules in one readable list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from ..errors import MessageValidationError

__all__ = [
    "EARLIEST_DATE",
    "XML_ILLEGAL",
    "check_amount",
    "check_bsn",
    "check_count",
    "check_date",
    "check_digits",
    "check_duration",
    "check_iban",
    "check_bic",
    "check_loonheffingennummer",
    "check_not_before",
    "check_one_of",
    "check_pattern",
    "check_text",
    "elfproef_bsn",
    "format_hhmm",
]

#: No date in a UWV message may lie before this day (UWV: dates from 1900 on).
EARLIEST_DATE = date(1900, 1, 1)

_LHNR = re.compile(r"[0-9]{9}L[0-9]{2}")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}")
_BIC = re.compile(r"[A-Z0-9]{8}([A-Z0-9]{3})?")
#: Characters XML 1.0 cannot carry (lxml would refuse them while rendering).
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def elfproef_bsn(digits: str) -> bool:
    """The BSN variant of the elfproef: weights 9..2 on the first eight digits, -1 on the last."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def check_bsn(field: str, value: str) -> None:
    """A BSN is personal data: errors show only its last three characters."""
    shown = f"...{value[-3:]}" if isinstance(value, str) and len(value) > 3 else "(too short)"
    if not isinstance(value, str) or len(value) != 9 or not value.isascii() or not value.isdigit():
        raise MessageValidationError(
            field, f"BSN must be exactly 9 digits, got {len(str(value))} characters {shown}"
        )
    if not elfproef_bsn(value):
        raise MessageValidationError(field, f"BSN {shown} fails the elfproef (11-test)")


def check_loonheffingennummer(field: str, value: str) -> None:
    if not isinstance(value, str) or not _LHNR.fullmatch(value):
        raise MessageValidationError(
            field,
            f"loonheffingennummer must match ^[0-9]{{9}}L[0-9]{{2}}$ (e.g. 123456789L01), got {value!r}",
        )


def check_text(
    field: str, value: str | None, *, max_len: int, min_len: int = 1, required: bool = False
) -> None:
    """Text length in characters; UWV's ``an..N`` formats. None passes unless ``required``."""
    if value is None:
        if required:
            raise MessageValidationError(field, "is required")
        return
    if not isinstance(value, str):
        raise MessageValidationError(field, f"must be text, got {type(value).__name__}")
    if len(value) < min_len:
        raise MessageValidationError(
            field, "must not be empty" if min_len == 1 else f"needs >= {min_len} chars"
        )
    if len(value) > max_len:
        raise MessageValidationError(field, f"is {len(value)} characters long; at most {max_len} allowed")
    if XML_ILLEGAL.search(value):
        raise MessageValidationError(field, "contains control characters that XML cannot carry")


def check_pattern(field: str, value: str | None, pattern: str, description: str) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise MessageValidationError(field, f"must be {description}, got {value!r}")


def check_digits(field: str, value: str | None, *, max_len: int, exact: bool = False) -> None:
    """UWV ``n..N`` / ``nN`` text fields made of digits only (telephone numbers, KvK number)."""
    if value is None:
        return
    what = f"exactly {max_len}" if exact else f"1 to {max_len}"
    if (
        not isinstance(value, str)
        or not value.isascii()
        or not value.isdigit()
        or len(value) > max_len
        or (exact and len(value) != max_len)
    ):
        raise MessageValidationError(field, f"must be {what} digits, got {value!r}")


def check_date(field: str, value: date | None, *, required: bool = False) -> None:
    if value is None:
        if required:
            raise MessageValidationError(field, "is required")
        return
    if not isinstance(value, date):
        raise MessageValidationError(field, f"must be a date, got {type(value).__name__}")
    if value < EARLIEST_DATE:
        raise MessageValidationError(field, f"{value.isoformat()} is before 1900-01-01")


def check_not_before(field: str, value: date | None, other_field: str, other: date | None) -> None:
    """``value`` must not lie before ``other`` (both optional)."""
    if value is not None and other is not None and value < other:
        raise MessageValidationError(
            field, f"{value.isoformat()} lies before {other_field} ({other.isoformat()})"
        )


def check_one_of(field: str, value: object, allowed: Iterable[object]) -> None:
    allowed = list(allowed)
    if value not in allowed:
        shown = ", ".join(str(getattr(a, "value", a)) for a in allowed)
        raise MessageValidationError(field, f"{value!r} is not in the code list ({shown})")


def check_amount(
    field: str, value: Decimal | None, *, digits: int = 18, decimals: int = 2, signed: bool = True
) -> None:
    """UWV ``n..18,2``: a Decimal with at most two decimals and 16 integer digits."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise MessageValidationError(field, f"must be a Decimal amount, got {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise MessageValidationError(field, "must be a finite amount")
    if not signed and amount < 0:
        raise MessageValidationError(field, "must not be negative")
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -decimals and amount != amount.quantize(Decimal(1).scaleb(-decimals)):
        raise MessageValidationError(field, f"has more than {decimals} decimals: {amount}")
    integer_digits = len(str(abs(int(amount)))) if abs(amount) >= 1 else 0
    if integer_digits > digits - decimals:
        raise MessageValidationError(field, f"has more than {digits - decimals} digits before the point")


def check_count(field: str, value: int | None, *, minimum: int = 0, maximum: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise MessageValidationError(field, f"must be a whole number, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise MessageValidationError(field, f"{value} is outside {minimum}..{maximum}")


def check_duration(field: str, value: timedelta | None, *, max_hours: int) -> None:
    """Hours and minutes (UWV ``HHMM``); whole minutes, not negative, at most ``max_hours``."""
    if value is None:
        return
    if not isinstance(value, timedelta):
        raise MessageValidationError(
            field, f"must be a timedelta (hours and minutes), got {type(value).__name__}"
        )
    if value < timedelta(0):
        raise MessageValidationError(field, "must not be negative")
    if value % timedelta(minutes=1):
        raise MessageValidationError(field, "must be whole minutes")
    if value > timedelta(hours=max_hours):
        raise MessageValidationError(field, f"{format_hhmm(value)} exceeds {max_hours:02d}00 (HHMM)")


def format_hhmm(value: timedelta) -> str:
    minutes = int(value.total_seconds()) // 60
    return f"{minutes // 60:02d}{minutes % 60:02d}"


def check_iban(field: str, value: str | None) -> None:
    """Shape (ISO 13616) and the mod-97 check digits."""
    if value is None:
        return
    if not isinstance(value, str) or not _IBAN.fullmatch(value):
        raise MessageValidationError(
            field, f"IBAN must be 2 letters, 2 digits, up to 30 letters/digits, got {value!r}"
        )
    rearranged = value[4:] + value[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    if int(number) % 97 != 1:
        raise MessageValidationError(field, f"IBAN {value} has wrong check digits")


def check_bic(field: str, value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _BIC.fullmatch(value):
        raise MessageValidationError(field, f"BIC must be 8 or 11 capital letters/digits, got {value!r}")
