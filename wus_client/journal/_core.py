"""The Journal: a durable, thread-safe record of every submission, status and fetched message.

Write-ahead rule: :meth:`Journal.new_attempt` commits the row (with ``synchronous=FULL``,
so it is on disk) before it returns; the caller sends only afterwards. Whatever happens
next, the journal knows the submission may exist.

Interrupted processes: each pending row carries its owner (host and pid). When the journal
is opened, :meth:`Journal.recover_interrupted` turns pending rows whose owner process on
this host is gone into *uncertain* ones: they may have reached Digipoort. Rows of a live
process, or of another host, are left alone (``older_than`` handles the latter).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from ..errors import MessageValidationError
from ..models import Identity, Receipt, new_aanleverkenmerk
from ._fetch import FetchJournalMixin
from ._rows import entry_from_row, iso, now
from ._schema import connect
from ._statuses import StatusJournalMixin
from ._types import DuplicateSubmissionError, JournalEntry, JournalError

__all__ = ["Journal", "new_aanleverkenmerk"]

log = logging.getLogger(__name__)

_MAX_AANLEVERKENMERK = 40


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate the process there; assume it lives
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Journal(StatusJournalMixin, FetchJournalMixin):
    """An SQLite journal (WAL mode, owner-only file) of submissions, statuses and fetches.

    Thread-safe: one connection guarded by a lock. Several processes may share the file
    (SQLite locking; writers wait up to 10 s). Payload bytes are stored only when
    ``store_payloads`` is True (they may hold BSNs); otherwise only their SHA-256 and size.
    """

    def __init__(self, path: str | os.PathLike[str], *, store_payloads: bool = False, recover: bool = True):
        self.path = Path(path)
        self.store_payloads = store_payloads
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = connect(self.path)
        self._db.row_factory = sqlite3.Row
        if recover:
            self.recover_interrupted()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r}, store_payloads={self.store_payloads})"

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- plumbing -----------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise JournalError(f"journal {self.path} is closed")
        return self._db

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction; committed (durably) on success, rolled back otherwise."""
        with self._lock:
            db = self._conn()
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise JournalError(f"journal {self.path}: cannot start a write ({exc})") from exc
            try:
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                db.execute("ROLLBACK")
                raise JournalError(f"journal {self.path}: write failed ({exc})") from exc
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return list(self._conn().execute(sql, params).fetchall())
            except sqlite3.Error as exc:
                raise JournalError(f"journal {self.path}: read failed ({exc})") from exc

    @staticmethod
    def _owner() -> str:
        return f"{socket.gethostname()}:{os.getpid()}"

    # -- submissions --------------------------------------------------------------------------

    def new_attempt(
        self,
        *,
        berichtsoort: str,
        identity: Identity,
        rol: str,
        filename: str,
        payload: bytes,
        endpoint: str,
        aanleverkenmerk: str | None = None,
        eerder_aanleverkenmerk: str | None = None,
        mime_type: str | None = None,
    ) -> JournalEntry:
        """Record an attempt durably *before* it is sent; return the committed row.

        Generates the aanleverkenmerk when None. An aanleverkenmerk already journalled is
        refused with :class:`DuplicateSubmissionError` unless its row was rejected (then the
        row is reset for another attempt and ``attempts`` counts up).
        """
        ak = aanleverkenmerk if aanleverkenmerk is not None else new_aanleverkenmerk()
        if not ak or len(ak) > _MAX_AANLEVERKENMERK:
            raise MessageValidationError("aanleverkenmerk", f"must be 1 to {_MAX_AANLEVERKENMERK} characters")
        values = {
            "berichtsoort": berichtsoort,
            "identity_nummer": identity.nummer,
            "identity_type": identity.type,
            "rol": rol,
            "filename": filename,
            "mime_type": mime_type,
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
            "size": len(payload),
            "endpoint": endpoint,
            "owner": self._owner(),
            "created_at": iso(now()),
            "eerder_aanleverkenmerk": eerder_aanleverkenmerk,
            "payload": bytes(payload) if self.store_payloads else None,
        }
        with self._write() as db:
            row = db.execute(
                "SELECT state, kenmerk FROM submissions WHERE aanleverkenmerk = ?", (ak,)
            ).fetchone()
            if row is None:
                columns = ", ".join(["aanleverkenmerk", "state", *values])
                marks = ", ".join("?" * (len(values) + 2))
                db.execute(
                    f"INSERT INTO submissions ({columns}) VALUES ({marks})",  # noqa: S608 (fixed names)
                    (ak, "pending", *values.values()),
                )
            elif row["state"] == "rejected":
                assignments = ", ".join(f"{name} = ?" for name in values)
                db.execute(
                    f"UPDATE submissions SET {assignments}, state = 'pending', attempts = attempts + 1, "  # noqa: S608
                    "sent_at = NULL, uncertain_at = NULL, error = NULL WHERE aanleverkenmerk = ?",
                    (*values.values(), ak),
                )
            else:
                raise DuplicateSubmissionError(ak, row["state"], row["kenmerk"])
        log.debug("journal: attempt %s committed (%d bytes)", ak, len(payload))
        entry = self.get(ak)
        assert entry is not None
        return entry

    def _state(self, db: sqlite3.Connection, ak: str) -> sqlite3.Row:
        row = db.execute("SELECT state, kenmerk FROM submissions WHERE aanleverkenmerk = ?", (ak,)).fetchone()
        if row is None:
            raise JournalError(f"aanleverkenmerk {ak} is not in the journal")
        return row  # type: ignore[no-any-return]

    def mark_sent(self, aanleverkenmerk: str) -> None:
        """Optional step: the request is about to leave / has left (records the send time)."""
        with self._write() as db:
            state = self._state(db, aanleverkenmerk)["state"]
            if state == "pending":
                db.execute(
                    "UPDATE submissions SET state = 'sent', sent_at = ? WHERE aanleverkenmerk = ?",
                    (iso(now()), aanleverkenmerk),
                )
            elif state != "sent":
                raise JournalError(f"aanleverkenmerk {aanleverkenmerk} is {state}, cannot be marked sent")

    def mark_accepted(self, aanleverkenmerk: str, receipt: Receipt) -> None:
        """A verified receipt: the submission exists at Digipoort under ``receipt.kenmerk``."""
        if receipt.aanleverkenmerk is not None and receipt.aanleverkenmerk != aanleverkenmerk:
            log.warning("receipt for %s echoes aanleverkenmerk %s", aanleverkenmerk, receipt.aanleverkenmerk)
        self._accept(aanleverkenmerk, receipt.kenmerk, receipt.tijdstempel_aangeleverd, reconciled=False)
        if receipt.status is not None:
            self.record_statuses(receipt.kenmerk, [receipt.status])

    def mark_reconciled(
        self, aanleverkenmerk: str, *, kenmerk: str, tijdstempel: datetime | None = None
    ) -> None:
        """reconcile() proved that this uncertain submission exists under ``kenmerk``."""
        self._accept(aanleverkenmerk, kenmerk, tijdstempel, reconciled=True)

    def _accept(self, ak: str, kenmerk: str, tijdstempel: datetime | None, *, reconciled: bool) -> None:
        with self._write() as db:
            row = self._state(db, ak)
            if row["state"] == "accepted":
                if row["kenmerk"] != kenmerk:
                    raise JournalError(
                        f"aanleverkenmerk {ak} is already accepted as kenmerk {row['kenmerk']}, not {kenmerk}"
                    )
                return
            other = db.execute(
                "SELECT aanleverkenmerk FROM submissions WHERE kenmerk = ?", (kenmerk,)
            ).fetchone()
            if other is not None:
                raise JournalError(f"kenmerk {kenmerk} already belongs to {other['aanleverkenmerk']}")
            stamp = iso(tijdstempel) if tijdstempel is not None else None
            db.execute(
                "UPDATE submissions SET state = 'accepted', kenmerk = ?, tijdstempel_aangeleverd = ?, "
                "reconciled = ?, error = NULL WHERE aanleverkenmerk = ?",
                (kenmerk, stamp, int(reconciled), ak),
            )

    def mark_uncertain(self, aanleverkenmerk: str, reason: str) -> None:
        """The request may have reached Digipoort without a verified answer. Never resent by itself."""
        self._settle(aanleverkenmerk, "uncertain", reason, ("pending", "sent", "uncertain"))

    def mark_rejected(self, aanleverkenmerk: str, reason: str) -> None:
        """Digipoort refused it (fault), it provably never left, or the input was invalid."""
        self._settle(aanleverkenmerk, "rejected", reason, ("pending", "sent", "uncertain", "rejected"))

    def _settle(self, ak: str, state: str, reason: str, allowed: tuple[str, ...]) -> None:
        with self._write() as db:
            current = self._state(db, ak)["state"]
            if current not in allowed:
                # Never downgrade: a verified receipt outranks a later error report.
                log.warning("journal: %s stays %s (not marked %s: %s)", ak, current, state, reason)
                return
            stamp = iso(now()) if state == "uncertain" and current != "uncertain" else None
            db.execute(
                "UPDATE submissions SET state = ?, error = ?, uncertain_at = COALESCE(?, uncertain_at) "
                "WHERE aanleverkenmerk = ?",
                (state, reason, stamp, ak),
            )

    def mark_superseded(self, aanleverkenmerk: str, by: str) -> None:
        """Record that an explicit resubmission ``by`` replaces this attempt."""
        with self._write() as db:
            self._state(db, aanleverkenmerk)
            db.execute(
                "UPDATE submissions SET superseded_by = ? WHERE aanleverkenmerk = ?", (by, aanleverkenmerk)
            )

    def recover_interrupted(self, *, older_than: timedelta | None = None) -> list[str]:
        """Turn pending/sent rows of processes that ended into uncertain ones; return them.

        A row is stale when its owner ran on this host and that pid is gone (a killed
        process, once reaped), or -- with ``older_than`` -- when it is older than that,
        whoever owns it.
        """
        host, pid = socket.gethostname(), os.getpid()
        cutoff = iso(now() - older_than) if older_than is not None else None
        stale: list[str] = []
        with self._write() as db:
            for row in db.execute(
                "SELECT aanleverkenmerk, owner, created_at FROM submissions WHERE state IN ('pending','sent')"
            ).fetchall():
                owner_host, _, owner_pid = str(row["owner"] or "").rpartition(":")
                dead = (
                    owner_host == host
                    and owner_pid.isdigit()
                    and int(owner_pid) != pid
                    and not _pid_alive(int(owner_pid))
                )
                if dead or (cutoff is not None and row["created_at"] < cutoff):
                    stale.append(row["aanleverkenmerk"])
            stamp = iso(now())
            for ak in stale:
                db.execute(
                    "UPDATE submissions SET state = 'uncertain', uncertain_at = ?, "
                    "error = 'interrupted: the sending process ended without a verified answer' "
                    "WHERE aanleverkenmerk = ?",
                    (stamp, ak),
                )
        if stale:
            log.warning("journal: %d interrupted submission(s) are now uncertain", len(stale))
        return stale

    def get(self, aanleverkenmerk: str) -> JournalEntry | None:
        rows = self._read("SELECT * FROM submissions WHERE aanleverkenmerk = ?", (aanleverkenmerk,))
        return entry_from_row(rows[0]) if rows else None

    def by_kenmerk(self, kenmerk: str) -> JournalEntry | None:
        rows = self._read("SELECT * FROM submissions WHERE kenmerk = ?", (kenmerk,))
        return entry_from_row(rows[0]) if rows else None

    def entries(self, *, state: str | None = None, open_only: bool = False) -> list[JournalEntry]:
        """Rows oldest first; ``open_only``: not rejected and not at a final status."""
        sql, params = "SELECT * FROM submissions WHERE 1 = 1", []
        if state is not None:
            sql += " AND state = ?"
            params.append(state)
        if open_only:
            sql += " AND state != 'rejected' AND final = 0"
        return [entry_from_row(r) for r in self._read(sql + " ORDER BY created_at, rowid", params)]

    def known_kenmerken(self) -> set[str]:
        return {r[0] for r in self._read("SELECT kenmerk FROM submissions WHERE kenmerk IS NOT NULL")}

    def counts(self) -> dict[str, int]:
        """Number of rows per state, plus 'final' and 'open' (accepted, not final)."""
        out = {state: 0 for state in ("pending", "sent", "accepted", "uncertain", "rejected")}
        for row in self._read("SELECT state, COUNT(*) FROM submissions GROUP BY state"):
            out[row[0]] = row[1]
        out["final"] = self._read("SELECT COUNT(*) FROM submissions WHERE final = 1")[0][0]
        out["open"] = self._read("SELECT COUNT(*) FROM submissions WHERE state = 'accepted' AND final = 0")[
            0
        ][0]
        return out
