"""Opening the journal file (owner-only permissions) and migrating its schema.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` turns version
``n - 1`` into version ``n``; each runs in its own transaction together with the version
bump, so a crash mid-migration leaves the previous version intact. A file written by a
newer SDK (a version above ``SCHEMA_VERSION``) is refused rather than guessed at.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import ConfigurationError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "connect"]

log = logging.getLogger(__name__)


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it COMMITs first, which would break the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# ``inflight``: a call whose answer changes server state ("nieuwe" statuses/berichten are
# handed out once) is marked before it is made and cleared in the same transaction that
# stores its answer. A mark left behind means that answer may have been lost.
def _v1(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE submissions (
            aanleverkenmerk         TEXT PRIMARY KEY,
            berichtsoort            TEXT NOT NULL,
            identity_nummer         TEXT NOT NULL,
            identity_type           TEXT NOT NULL,
            rol                     TEXT NOT NULL,
            filename                TEXT NOT NULL,
            mime_type               TEXT,
            payload_sha256          TEXT NOT NULL,
            size                    INTEGER NOT NULL,
            endpoint                TEXT NOT NULL,
            state                   TEXT NOT NULL CHECK (state IN
                                        ('pending','sent','accepted','uncertain','rejected')),
            attempts                INTEGER NOT NULL DEFAULT 1,
            owner                   TEXT,
            created_at              TEXT NOT NULL,
            sent_at                 TEXT,
            uncertain_at            TEXT,
            kenmerk                 TEXT UNIQUE,
            tijdstempel_aangeleverd TEXT,
            eerder_aanleverkenmerk  TEXT,
            superseded_by           TEXT,
            reconciled              INTEGER NOT NULL DEFAULT 0,
            last_statuscode         TEXT,
            last_foutcode           TEXT,
            last_status_at          TEXT,
            final                   INTEGER NOT NULL DEFAULT 0,
            error                   TEXT,
            payload                 BLOB
        );
        CREATE INDEX submissions_state ON submissions (state, final);
        CREATE INDEX submissions_pair ON submissions (berichtsoort, identity_nummer, identity_type);

        CREATE TABLE statuses (
            kenmerk          TEXT NOT NULL,
            statuscode       TEXT NOT NULL,
            tijdstempel      TEXT NOT NULL,
            omschrijving     TEXT NOT NULL,
            foutcode         TEXT,
            foutbeschrijving TEXT,
            details          TEXT,
            identity_nummer  TEXT,
            identity_type    TEXT,
            fetched_at       TEXT NOT NULL,
            UNIQUE (kenmerk, statuscode, tijdstempel)
        );

        CREATE TABLE fetched (
            kenmerk         TEXT PRIMARY KEY,
            berichtsoort    TEXT NOT NULL,
            identity_nummer TEXT NOT NULL,
            identity_type   TEXT NOT NULL,
            listed_at       TEXT NOT NULL,
            path            TEXT,
            fetched_at      TEXT
        );

        CREATE TABLE inflight (
            key        TEXT PRIMARY KEY,
            started_at TEXT NOT NULL
        );
        """,
    )


#: version -> function that migrates from version - 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1}
SCHEMA_VERSION = max(MIGRATIONS)


def _create_private(path: Path) -> None:
    """Create the file owner-only before SQLite opens it (SQLite copies its mode to -wal/-shm)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise ConfigurationError(f"journal {path}: cannot create or open ({exc.strerror})") from exc
    os.close(fd)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("journal %s is readable by others (mode %o); it may hold BSNs", path, mode)


def _tighten_sidecars(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            if stat.S_IMODE(side.stat().st_mode) & 0o077:
                side.chmod(0o600)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed), configure and migrate the journal database."""
    _create_private(path)
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
    except sqlite3.Error as exc:
        raise ConfigurationError(f"journal {path}: cannot open ({exc})") from exc
    try:
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise ConfigurationError(f"journal {path}: WAL mode unavailable (got {mode})")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        _migrate(db, path)
    except sqlite3.Error as exc:
        db.close()
        raise ConfigurationError(f"journal {path}: not a usable journal ({exc})") from exc
    except BaseException:
        db.close()
        raise
    _tighten_sidecars(path)
    return db


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise ConfigurationError(
                f"journal {path}: schema version {version} is newer than this SDK knows "
                f"({SCHEMA_VERSION}); upgrade wus_client"
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    while version < SCHEMA_VERSION:
        target = version + 1
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version < target:
                MIGRATIONS[target](db)
                db.execute(f"PRAGMA user_version = {target:d}")
                log.info("journal %s migrated to schema version %d", path, target)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        version = max(version, target)
