"""The journal's record of messages fetched from the OphaalService.

A message is recorded twice: when a list call names it (``listed``: the "nieuwe" list
hands each kenmerk out once, so it must be kept before anything else can fail) and when
its files are safely on disk (``fetched_at``). A second run fetches only what is listed
and not yet fetched.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence

from ..models import BerichtLijstItem, Identity
from ._rows import fetch_from_row, iso, now
from ._types import FetchRecord

__all__ = ["FetchJournalMixin"]


class FetchJournalMixin:
    """Fetch bookkeeping for :class:`~wus_client.journal.Journal` (uses its transactions)."""

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    def record_listed(self, items: Sequence[BerichtLijstItem], *, clear_inflight: str | None = None) -> int:
        """Keep listed messages (idempotent); return how many were new to the journal."""
        stamp = iso(now())
        new = 0
        with self._write() as db:
            for item in items:
                cur = db.execute(
                    "INSERT OR IGNORE INTO fetched (kenmerk, berichtsoort, identity_nummer, identity_type, "
                    "listed_at) VALUES (?, ?, ?, ?, ?)",
                    (item.kenmerk, item.berichtsoort, item.identity.nummer, item.identity.type, stamp),
                )
                new += cur.rowcount
            if clear_inflight is not None:
                db.execute("DELETE FROM inflight WHERE key = ?", (clear_inflight,))
        return new

    def record_fetched(self, kenmerk: str, *, berichtsoort: str, identity: Identity, path: str) -> None:
        """The message's files are on disk at ``path`` (its metadata file)."""
        stamp = iso(now())
        with self._write() as db:
            db.execute(
                "INSERT INTO fetched (kenmerk, berichtsoort, identity_nummer, identity_type, listed_at, "
                "path, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kenmerk) DO UPDATE SET "
                "path = excluded.path, fetched_at = COALESCE(fetched.fetched_at, excluded.fetched_at)",
                (kenmerk, berichtsoort, identity.nummer, identity.type, stamp, path, stamp),
            )

    def is_fetched(self, kenmerk: str) -> bool:
        rows = self._read("SELECT 1 FROM fetched WHERE kenmerk = ? AND fetched_at IS NOT NULL", (kenmerk,))
        return bool(rows)

    def fetch_record(self, kenmerk: str) -> FetchRecord | None:
        rows = self._read("SELECT * FROM fetched WHERE kenmerk = ?", (kenmerk,))
        return fetch_from_row(rows[0]) if rows else None

    def unfetched(self, *, berichtsoort: str | None = None) -> list[FetchRecord]:
        """Listed but not yet safely on disk, oldest first."""
        sql, params = "SELECT * FROM fetched WHERE fetched_at IS NULL", []
        if berichtsoort is not None:
            sql += " AND berichtsoort = ?"
            params.append(berichtsoort)
        return [fetch_from_row(r) for r in self._read(sql + " ORDER BY listed_at, rowid", params)]

    def fetched(self) -> list[FetchRecord]:
        """Every message safely fetched, oldest first."""
        rows = self._read("SELECT * FROM fetched WHERE fetched_at IS NOT NULL ORDER BY fetched_at, rowid")
        return [fetch_from_row(r) for r in rows]
