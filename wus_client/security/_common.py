"""Algorithm tables and small helpers shared by signing and verification."""

from __future__ import annotations

from datetime import UTC, datetime

import xmlsec

from ..xml import EXC_C14N

#: Algorithm URI -> xmlsec transform, for the algorithms any profile may use.
SIGNATURE_TRANSFORMS = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": xmlsec.constants.TransformRsaSha1,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": xmlsec.constants.TransformRsaSha256,
}
DIGEST_TRANSFORMS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": xmlsec.constants.TransformSha1,
    "http://www.w3.org/2001/04/xmlenc#sha256": xmlsec.constants.TransformSha256,
}
C14N_TRANSFORMS = {EXC_C14N: xmlsec.constants.TransformExclC14N}


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
