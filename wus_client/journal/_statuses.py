"""The journal's record of statuses, and of calls whose answer could be lost.

Statuses are unique on (kenmerk, statuscode, tijdstempel), so storing the same answer
twice is harmless. Storing statuses also refreshes the submission row they belong to:
last status, final flag and (for a final error) the error text.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence

from ..models import Status
from ._rows import iso, now, status_from_row

__all__ = ["StatusJournalMixin"]


class StatusJournalMixin:
    """Status bookkeeping for :class:`~wus_client.journal.Journal` (uses its transactions)."""

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    def record_statuses(
        self, kenmerk: str, statuses: Sequence[Status], *, clear_inflight: str | None = None
    ) -> int:
        """Store statuses of one kenmerk (idempotent); return how many were new."""
        return self.record_status_batch([(kenmerk, s) for s in statuses], clear_inflight=clear_inflight)

    def record_status_batch(
        self, statuses: Sequence[tuple[str, Status]], *, clear_inflight: str | None = None
    ) -> int:
        """Store (kenmerk, status) pairs in one transaction, optionally clearing an in-flight mark."""
        fetched_at = iso(now())
        new = 0
        touched: set[str] = set()
        with self._write() as db:
            for kenmerk, s in statuses:
                cur = db.execute(
                    "INSERT OR IGNORE INTO statuses (kenmerk, statuscode, tijdstempel, omschrijving, "
                    "foutcode, foutbeschrijving, details, identity_nummer, identity_type, fetched_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        kenmerk,
                        s.statuscode,
                        iso(s.tijdstempel),
                        s.omschrijving,
                        s.foutcode,
                        s.foutbeschrijving,
                        s.details,
                        s.identity.nummer if s.identity else None,
                        s.identity.type if s.identity else None,
                        fetched_at,
                    ),
                )
                new += cur.rowcount
                touched.add(kenmerk)
            for kenmerk in touched:
                self._refresh_submission(db, kenmerk)
            if clear_inflight is not None:
                db.execute("DELETE FROM inflight WHERE key = ?", (clear_inflight,))
        return new

    @staticmethod
    def _refresh_submission(db: sqlite3.Connection, kenmerk: str) -> None:
        rows = [
            status_from_row(r)
            for r in db.execute(
                "SELECT * FROM statuses WHERE kenmerk = ? ORDER BY tijdstempel, rowid", (kenmerk,)
            ).fetchall()
        ]
        if not rows:
            return
        last = rows[-1]
        final_error = next((s for s in rows if s.is_final and s.is_error), None)
        final = any(s.is_final for s in rows)
        error = None
        if final_error is not None:
            error = f"{final_error.statuscode} {final_error.foutcode or ''}: {final_error.omschrijving}"
        db.execute(
            "UPDATE submissions SET last_statuscode = ?, last_foutcode = ?, last_status_at = ?, "
            "final = ?, error = COALESCE(?, error) WHERE kenmerk = ?",
            (last.statuscode, last.foutcode, iso(last.tijdstempel), int(final), error, kenmerk),
        )

    def statuses(self, kenmerk: str) -> list[Status]:
        """Every stored status of a kenmerk, oldest first."""
        rows = self._read("SELECT * FROM statuses WHERE kenmerk = ? ORDER BY tijdstempel, rowid", (kenmerk,))
        return [status_from_row(r) for r in rows]

    # -- calls whose answer may be lost ------------------------------------------------------------

    def mark_inflight(self, key: str) -> None:
        """Durably note that a state-changing call ("nieuwe" ...) is about to be made."""
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO inflight (key, started_at) VALUES (?, ?)", (key, iso(now())))

    def clear_inflight(self, key: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM inflight WHERE key = ?", (key,))

    def inflight(self) -> list[str]:
        """Keys of calls that started and never had their answer stored."""
        return [r[0] for r in self._read("SELECT key FROM inflight ORDER BY started_at")]
