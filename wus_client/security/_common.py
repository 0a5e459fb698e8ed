"""Algorithm tables, clock helpers and the WS-Security Timestamp window."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import xmlsec
from lxml import etree

from ..errors import SecurityError
from ..xml import WSU

#: Algorithm URI -> xmlsec transform, for the algorithms any profile may use.
SIGNATURE_TRANSFORMS = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": xmlsec.constants.TransformRsaSha1,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": xmlsec.constants.TransformRsaSha256,
}
DIGEST_TRANSFORMS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": xmlsec.constants.TransformSha1,
    "http://www.w3.org/2001/04/xmlenc#sha256": xmlsec.constants.TransformSha256,
}


def utc(now: datetime | None) -> datetime:
    """``now`` as an aware UTC datetime (the current time when None); naive is refused."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    return now.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """xs:dateTime in UTC with milliseconds, as WS-Security timestamps are written."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})")
_TIMESTAMP_SHAPES = (
    [f"{{{WSU}}}Created"],
    [f"{{{WSU}}}Created", f"{{{WSU}}}Expires"],
)


def _parse_datetime(text: str | None, what: str) -> datetime:
    match = _DATETIME.fullmatch((text or "").strip())
    if match is None:
        raise SecurityError(f"Timestamp {what} {text!r} is not a UTC xs:dateTime")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=UTC if zone == "Z" else datetime.strptime(zone, "%z").tzinfo,
        )
    except ValueError as exc:
        raise SecurityError(f"Timestamp {what} {text!r} is not a valid date and time") from exc
    return moment.astimezone(UTC)


def timestamp_window(
    timestamp: etree._Element, now: datetime, skew: timedelta
) -> tuple[datetime, datetime | None]:
    """Check the Timestamp's shape and window (with ``skew``); return (Created, Expires)."""
    elements = list(timestamp.iterchildren(tag=etree.Element))
    if [child.tag for child in elements] not in _TIMESTAMP_SHAPES:
        raise SecurityError("the Timestamp must hold Created and optionally Expires")
    created = _parse_datetime(elements[0].text, "Created")
    expires = _parse_datetime(elements[1].text, "Expires") if len(elements) == 2 else None
    if created > now + skew:
        raise SecurityError(
            f"Timestamp Created {created.isoformat()} lies in the future (now {now.isoformat()})"
        )
    if expires is not None:
        if expires < created:
            raise SecurityError("Timestamp Expires lies before Created")
        if expires < now - skew:
            raise SecurityError(f"Timestamp expired at {expires.isoformat()} (now {now.isoformat()})")
    return created, expires
