"""Fetching what government sends back (OphaalService), each message exactly once on disk.

The order of a run, and why:

1. getNieuweBerichtenLijst hands each kenmerk out once, so its answer is stored in the
   journal (``listed``) before anything else can fail. The call is marked in flight first;
   when a mark from an earlier run is found (its answer may have been lost), or with
   ``full_list=True``, the full list (getBerichtenLijst, ``client.message_list``) is read
   as well and whatever the journal has not fetched yet joins the work.
2. Every listed, not yet fetched message -- from this run or an earlier one -- is
   downloaded with getBerichtenKenmerk. Its content and attachments are written each to a
   temporary file, fsynced and renamed into place; then ``<kenmerk>.meta.json`` is written
   the same way. The metadata file is the commit mark of the files.
3. Only then is the message recorded as fetched in the journal.

A run killed between 2 and 3 leaves complete files and their metadata but no journal row:
the next run finds the metadata, checks every file's SHA-256 and records it without
downloading or rewriting. A run killed inside 2 leaves no metadata: the message is
downloaded again and written over the same names. Temporary files of a killed run are
removed at the start of the next. File names from the server are untrusted and cleaned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from .errors import FaultError, WusError
from .journal import FetchRecord, Journal
from .models import Attachment, Bericht, BerichtLijstItem
from .retry import provably_not_sent

__all__ = ["META_FORMAT", "FetchClient", "FetchReport", "FetchedMessage", "fetch_new", "meta_path"]

log = logging.getLogger(__name__)

META_FORMAT = 1
_TMP_MARK = ".wus-tmp-"


class FetchClient(Protocol):
    def new_message_list(self, berichtsoort: str | None = None) -> list[BerichtLijstItem]: ...

    def messages_by_kenmerk(self, kenmerk: str) -> list[Bericht]: ...


@dataclass(frozen=True, kw_only=True)
class FetchedMessage:
    kenmerk: str
    berichtsoort: str
    meta: Path
    files: tuple[Path, ...]


@dataclass(frozen=True, kw_only=True)
class FetchReport:
    fetched: tuple[FetchedMessage, ...] = ()
    recovered: tuple[str, ...] = ()  # on disk from a killed run; recorded without rewriting
    skipped: tuple[str, ...] = ()  # listed again but already fetched
    errors: tuple[str, ...] = ()
    list_possibly_lost: bool = False


def _safe(name: str, fallback: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")[:120]
    return cleaned or fallback


def meta_path(out_dir: Path, kenmerk: str) -> Path:
    return out_dir / f"{_safe(kenmerk, 'bericht')}.meta.json"


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}{_TMP_MARK}{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _file_entry(path: Path, att: Attachment) -> dict[str, Any]:
    return {
        "file": path.name,
        "filename": att.filename,
        "mime_type": att.mime_type,
        "size": len(att.content),
        "sha256": hashlib.sha256(att.content).hexdigest(),
    }


def _write_message(out_dir: Path, item: FetchRecord, berichten: list[Bericht]) -> FetchedMessage:
    stem = _safe(item.kenmerk, "bericht")
    files: list[Path] = []
    described: list[dict[str, Any]] = []
    for j, b in enumerate(berichten):
        prefix = stem if j == 0 else f"{stem}-{j}"
        name = _safe(b.inhoud.filename, "inhoud")
        if name == "meta.json" or name.startswith("bijlage-"):
            name = f"inhoud-{name}"
        content_path = out_dir / f"{prefix}.{name}"
        _write_atomic(content_path, b.inhoud.content)
        files.append(content_path)
        bijlagen = []
        for i, att in enumerate(b.bijlagen, start=1):
            p = out_dir / f"{prefix}.bijlage-{i}.{_safe(att.filename, 'bijlage')}"
            _write_atomic(p, att.content)
            files.append(p)
            bijlagen.append(_file_entry(p, att))
        described.append(
            {
                "berichtkenmerk": b.berichtkenmerk,
                "berichtsoort": b.berichtsoort,
                "tijdstempel_aangeleverd": b.tijdstempel_aangeleverd.isoformat(),
                "identity": {"nummer": b.identity.nummer, "type": b.identity.type},
                "rol": b.rol,
                "aanleverkenmerk": b.aanleverkenmerk,
                "eerder_aanleverkenmerk": b.eerder_aanleverkenmerk,
                "identiteit_aanleveraar": b.identiteit_aanleveraar,
                "ontvanger": (
                    {"nummer": b.ontvanger.nummer, "type": b.ontvanger.type} if b.ontvanger else None
                ),
                "rol_ontvanger": b.rol_ontvanger,
                "inhoud": _file_entry(content_path, b.inhoud),
                "bijlagen": bijlagen,
                "constateringen": [{"code": c, "beschrijving": d} for c, d in b.constateringen],
                "additionele_elementen": [{"naam": n, "waarde": v} for n, v in b.additionele_elementen],
            }
        )
    meta = {
        "format": META_FORMAT,
        "kenmerk": item.kenmerk,
        "berichtsoort": item.berichtsoort,
        "identity": {"nummer": item.identity.nummer, "type": item.identity.type},
        "fetched_at": datetime.now(UTC).isoformat(),
        "berichten": described,
    }
    mpath = meta_path(out_dir, item.kenmerk)
    _write_atomic(mpath, json.dumps(meta, indent=2, ensure_ascii=False).encode("utf-8"))
    _fsync_dir(out_dir)
    return FetchedMessage(
        kenmerk=item.kenmerk, berichtsoort=item.berichtsoort, meta=mpath, files=tuple(files)
    )


def _complete_on_disk(out_dir: Path, kenmerk: str) -> bool:
    """True when the metadata file exists, names this kenmerk, and every file matches it."""
    mpath = meta_path(out_dir, kenmerk)
    try:
        meta = json.loads(mpath.read_bytes())
        if meta.get("format") != META_FORMAT or meta.get("kenmerk") != kenmerk:
            return False
        for b in meta["berichten"]:
            for entry in [b["inhoud"], *b["bijlagen"]]:
                data = (out_dir / _safe(entry["file"], "x")).read_bytes()
                if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                    return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def _remove_leftovers(out_dir: Path) -> None:
    for p in out_dir.iterdir():
        if p.name.startswith(".") and _TMP_MARK in p.name:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _full_list(client: FetchClient, journal: Journal, berichtsoort: str | None, errors: list[str]) -> None:
    message_list = getattr(client, "message_list", None)
    if not callable(message_list):
        errors.append("an earlier list answer may be lost and this client has no message_list()")
        return
    try:
        items: list[BerichtLijstItem] = message_list(berichtsoort)
    except WusError as exc:
        errors.append(f"getBerichtenLijst: {exc}")
        return
    journal.record_listed(items)


def fetch_new(
    client: FetchClient,
    journal: Journal,
    out_dir: Path,
    *,
    berichtsoort: str | None = None,
    full_list: bool = False,
) -> FetchReport:
    """List new messages, download each, write it atomically, record it; see the module docstring."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    errors: list[str] = []
    key = f"ophaal-list:{berichtsoort or '*'}"
    lost = key in journal.inflight()
    if lost or full_list:
        if lost:
            log.warning(
                "fetch: an earlier getNieuweBerichtenLijst answer may have been lost; reading the full list"
            )
        _full_list(client, journal, berichtsoort, errors)
    journal.mark_inflight(key)
    listed: list[BerichtLijstItem] = []
    try:
        listed = client.new_message_list(berichtsoort)
    except WusError as exc:
        if isinstance(exc, FaultError) or provably_not_sent(exc):
            journal.clear_inflight(key)
        errors.append(f"getNieuweBerichtenLijst: {exc}")
    else:
        journal.record_listed(listed, clear_inflight=key)
    skipped = tuple(i.kenmerk for i in listed if journal.is_fetched(i.kenmerk))

    fetched: list[FetchedMessage] = []
    recovered: list[str] = []
    for item in journal.unfetched(berichtsoort=berichtsoort):
        mpath = meta_path(out_dir, item.kenmerk)
        if _complete_on_disk(out_dir, item.kenmerk):
            journal.record_fetched(
                item.kenmerk, berichtsoort=item.berichtsoort, identity=item.identity, path=str(mpath)
            )
            recovered.append(item.kenmerk)
            log.info("fetch: %s was already on disk; recorded without rewriting", item.kenmerk)
            continue
        try:
            berichten = client.messages_by_kenmerk(item.kenmerk)
        except WusError as exc:
            errors.append(f"{item.kenmerk}: getBerichtenKenmerk: {exc}")
            continue
        if not berichten:
            errors.append(f"{item.kenmerk}: getBerichtenKenmerk returned no message")
            continue
        try:
            message = _write_message(out_dir, item, berichten)
        except OSError as exc:
            errors.append(f"{item.kenmerk}: cannot write to {out_dir}: {exc.strerror or exc}")
            continue
        journal.record_fetched(
            item.kenmerk, berichtsoort=item.berichtsoort, identity=item.identity, path=str(mpath)
        )
        fetched.append(message)
        log.info("fetch: %s written (%d file(s))", item.kenmerk, len(message.files))
    return FetchReport(
        fetched=tuple(fetched),
        recovered=tuple(recovered),
        skipped=skipped,
        errors=tuple(errors),
        list_possibly_lost=lost,
    )
