"""Country-by-Country reports (OECD CbC XML v2.0) for the Belastingdienst, as a typed builder.

New reports use CBC401 with DocSpecs of OECD1; corrections and deletions use CBC402 with
``DocSpec.correction_of(...)`` (OECD2) / ``DocSpec.deletion_of(...)`` (OECD3), optionally
re-sending the ReportingEntity unchanged with ``DocSpec.resent()`` (OECD0). MessageRefId and
DocRefIds are generated unique when not given. ``validate()`` refuses what the OECD schema
or the OECD correction rules refuse, naming the element path.

The Digipoort berichtsoort and the identity type for CbC are not public: configure the
berichtsoort for flow ``CBC`` and pass the identity you registered with.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import MessageValidationError
from ...models import Identity
from ..base import check_envelope_fields
from ..rules import check_text
from .checks import check_message
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
from .model import (
    AdditionalInfo,
    Address,
    CbcBody,
    CbcReport,
    ConstEntity,
    DocSpec,
    MessageSpec,
    Organisation,
    OrganisationIN,
    ReportingEntity,
    Summary,
)
from .render import CBC_NS, render

__all__ = [
    "CBC_NS",
    "AdditionalInfo",
    "Address",
    "BizActivity",
    "CbcBody",
    "CbcMessage",
    "CbcReport",
    "ConstEntity",
    "DocSpec",
    "DocTypeIndic",
    "LegalAddressType",
    "MessageSpec",
    "MessageTypeIndic",
    "Organisation",
    "OrganisationIN",
    "ReportingEntity",
    "ReportingRole",
    "Summary",
    "SummaryElement",
    "UltimateParentEntityRole",
    "new_ref_id",
]


@dataclass(frozen=True, kw_only=True)
class CbcMessage:
    """A complete CBC_OECD document plus what Digipoort needs to carry it (flow ``CBC``)."""

    message_spec: MessageSpec
    bodies: tuple[CbcBody, ...]
    identiteit: Identity
    berichtsoort: str | None = None
    bestandsnaam: str | None = None
    version: str = "2.0"

    @property
    def flow(self) -> str:
        return "CBC"

    @property
    def identity(self) -> Identity:
        return self.identiteit

    @property
    def filename(self) -> str:
        return self.bestandsnaam or "CbcReport.xml"

    @property
    def mime_type(self) -> str:
        return "application/xml"

    def berichtsoort_override(self) -> str | None:
        return self.berichtsoort

    def validate(self) -> None:
        if not isinstance(self.identiteit, Identity):
            raise MessageValidationError("identiteit", "is required (the identity you registered for CbC)")
        check_text("identiteit.nummer", self.identiteit.nummer, max_len=35, required=True)
        check_text("identiteit.type", self.identiteit.type, max_len=20, required=True)
        check_message(self.message_spec, self.bodies)
        check_envelope_fields(self.filename, self.mime_type)

    def to_xml(self) -> bytes:
        return render(self.message_spec, tuple(self.bodies), self.version)
