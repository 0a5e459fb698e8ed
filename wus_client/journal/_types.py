"""The journal's values: what a submission row and a fetched message look like to callers."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from ..errors import WusError
from ..models import Identity

__all__ = [
    "DuplicateSubmissionError",
    "FetchRecord",
    "JournalEntry",
    "JournalError",
    "OPEN_STATES",
    "STATES",
]

#: pending   committed before the request leaves; nothing known yet
#: sent      the request is leaving or has left (optional step, see Journal.mark_sent)
#: accepted  Digipoort's receipt was verified (or reconcile proved the kenmerk)
#: uncertain the request may have reached Digipoort; no verified answer (never resent by itself)
#: rejected  a SOAP fault, a request that provably did not leave, or invalid input
STATES = ("pending", "sent", "accepted", "uncertain", "rejected")
OPEN_STATES = ("pending", "sent", "accepted", "uncertain")


class JournalError(WusError):
    """The journal refused an operation or SQLite failed underneath it."""


class DuplicateSubmissionError(JournalError):
    """An aanleverkenmerk already in the journal would be sent again.

    Only a row that was *rejected* (Digipoort refused it, or it provably never left) may
    be attempted again under the same aanleverkenmerk; for an uncertain one use
    ``reconcile`` and, if it stays unmatched, an explicit ``resubmit``.
    """

    def __init__(self, aanleverkenmerk: str, state: str, kenmerk: str | None) -> None:
        self.aanleverkenmerk = aanleverkenmerk
        self.state = state
        self.kenmerk = kenmerk
        known = f", kenmerk {kenmerk}" if kenmerk else ""
        super().__init__(
            f"aanleverkenmerk {aanleverkenmerk} is already in the journal ({state}{known}); "
            "sending it again could duplicate the submission"
        )


@dataclass(frozen=True, kw_only=True)
class JournalEntry:
    """One submission attempt as the journal knows it. Times are timezone-aware UTC."""

    aanleverkenmerk: str
    berichtsoort: str
    identity: Identity
    rol: str
    filename: str
    mime_type: str | None
    payload_sha256: str
    size: int
    endpoint: str
    state: str
    created_at: datetime
    attempts: int = 1
    sent_at: datetime | None = None
    uncertain_at: datetime | None = None
    kenmerk: str | None = None
    tijdstempel_aangeleverd: datetime | None = None
    eerder_aanleverkenmerk: str | None = None
    superseded_by: str | None = None
    reconciled: bool = False
    last_statuscode: str | None = None
    last_foutcode: str | None = None
    last_status_at: datetime | None = None
    final: bool = False
    error: str | None = None
    payload: bytes | None = field(default=None, repr=False)

    @property
    def is_open(self) -> bool:
        """Still needs attention: not rejected and not at a final status."""
        return self.state in OPEN_STATES and not self.final

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (times as ISO 8601 text, identity as NUMMER:TYPE, no payload)."""
        out: dict[str, object] = {}
        for f in fields(self):
            if f.name == "payload":
                continue
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, Identity):
                value = str(value)
            out[f.name] = value
        return out

    @property
    def send_window_start(self) -> datetime:
        """The earliest moment the request can have reached Digipoort."""
        return self.sent_at or self.created_at


@dataclass(frozen=True, kw_only=True)
class FetchRecord:
    """A message the OphaalService listed; ``fetched_at`` is None until it is safely on disk."""

    kenmerk: str
    berichtsoort: str
    identity: Identity
    listed_at: datetime
    path: str | None = None
    fetched_at: datetime | None = None

    @property
    def is_fetched(self) -> bool:
        return self.fetched_at is not None
