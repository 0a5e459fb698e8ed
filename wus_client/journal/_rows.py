"""Conversions between SQLite rows and the journal's values; UTC time stamps as text."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from ..models import Identity, Status
from ._types import FetchRecord, JournalEntry

__all__ = ["entry_from_row", "fetch_from_row", "iso", "now", "parse_time", "status_from_row"]


def now() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime) -> str:
    """A fixed-width UTC text form, so that text order is time order in SQL.

    A naive datetime is taken to be UTC already (Digipoort's times carry an offset; a
    naive one can only come from a caller, and local time would be a silent guess).
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _required_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def entry_from_row(row: sqlite3.Row) -> JournalEntry:
    return JournalEntry(
        aanleverkenmerk=row["aanleverkenmerk"],
        berichtsoort=row["berichtsoort"],
        identity=Identity(nummer=row["identity_nummer"], type=row["identity_type"]),
        rol=row["rol"],
        filename=row["filename"],
        mime_type=row["mime_type"],
        payload_sha256=row["payload_sha256"],
        size=row["size"],
        endpoint=row["endpoint"],
        state=row["state"],
        attempts=row["attempts"],
        created_at=_required_time(row["created_at"]),
        sent_at=parse_time(row["sent_at"]),
        uncertain_at=parse_time(row["uncertain_at"]),
        kenmerk=row["kenmerk"],
        tijdstempel_aangeleverd=parse_time(row["tijdstempel_aangeleverd"]),
        eerder_aanleverkenmerk=row["eerder_aanleverkenmerk"],
        superseded_by=row["superseded_by"],
        reconciled=bool(row["reconciled"]),
        last_statuscode=row["last_statuscode"],
        last_foutcode=row["last_foutcode"],
        last_status_at=parse_time(row["last_status_at"]),
        final=bool(row["final"]),
        error=row["error"],
        payload=row["payload"],
    )


def status_from_row(row: sqlite3.Row) -> Status:
    identity = None
    if row["identity_nummer"] is not None and row["identity_type"] is not None:
        identity = Identity(nummer=row["identity_nummer"], type=row["identity_type"])
    return Status(
        kenmerk=row["kenmerk"],
        statuscode=row["statuscode"],
        omschrijving=row["omschrijving"],
        tijdstempel=_required_time(row["tijdstempel"]),
        foutcode=row["foutcode"],
        foutbeschrijving=row["foutbeschrijving"],
        details=row["details"],
        identity=identity,
    )


def fetch_from_row(row: sqlite3.Row) -> FetchRecord:
    return FetchRecord(
        kenmerk=row["kenmerk"],
        berichtsoort=row["berichtsoort"],
        identity=Identity(nummer=row["identity_nummer"], type=row["identity_type"]),
        listed_at=_required_time(row["listed_at"]),
        path=row["path"],
        fetched_at=parse_time(row["fetched_at"]),
    )
