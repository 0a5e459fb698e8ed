"""Rendering helpers in UWV's formats: dates JJJJMMDD, date-times JJJJMMDDhhmmss, indicators 1/2."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from ..rules import format_hhmm

__all__ = ["NS", "amount", "dt14", "hhmm", "ind", "opt", "sub", "ymd"]

#: Namespace of UWV's ZW melding body (interface fact; the element names follow it too).
NS = "http://schemas.uwv.nl/UwvML/Berichten/UwvZwMeldingInternBody-v0428"

try:
    _AMSTERDAM: ZoneInfo | None = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - platforms without tz data
    _AMSTERDAM = None


def sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def opt(parent: etree._Element, tag: str, text: str | None) -> None:
    """Add ``<tag>text</tag>`` only when there is a value."""
    if text is not None:
        sub(parent, tag, text)


def ymd(value: date | None) -> str | None:
    return None if value is None else f"{value.year:04d}{value.month:02d}{value.day:02d}"


def dt14(value: datetime) -> str:
    """Dutch local time for aware values (UWV uses Dutch time); naive values as given."""
    if value.tzinfo is not None and _AMSTERDAM is not None:
        value = value.astimezone(_AMSTERDAM)
    return value.strftime("%Y%m%d%H%M%S")


def ind(value: bool | None) -> str | None:
    """UWV indicator: 1 = ja, 2 = nee."""
    return None if value is None else ("1" if value else "2")


def amount(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def hhmm(value: timedelta | None) -> str | None:
    return None if value is None else format_hhmm(value)
