"""Settling uncertain submissions: find them on Digipoort, or resubmit them explicitly.

An *uncertain* submission may or may not exist at Digipoort. Digipoort's getProcessen
answer names only kenmerk, berichtsoort and identity -- no aanleverkenmerk, no time -- so
:func:`reconcile` matches by elimination and by time:

1. For each (berichtsoort, identity) with uncertain rows, ask getProcessen and keep the
   *candidates*: kenmerken the journal does not know.
2. For each candidate ask getStatussenProces; its first status time ``t0`` is when
   Digipoort received it. A candidate without any status cannot be timed and is not used.
3. A candidate is *compatible* with a row when
   ``row.sent_at (or created_at) - clock_skew <= t0 <= row.uncertain_at (or now) + clock_skew``.
   Rows still pending/sent in a live process take part too (their kenmerk may be among the
   candidates) but are never matched here.
4. A candidate compatible with exactly one remaining row belongs to it: they are matched
   and removed, and this repeats until nothing changes. Everything else stays uncertain and
   is reported: *not found* (no compatible candidate: most likely it never arrived) or
   *ambiguous* (several rows compete for the same candidates; we report, never guess).

The rule assumes that this journal is the only submitter for a (berichtsoort, identity)
within the time window; another system submitting for the same pair within seconds of an
uncertain send could be mistaken for it. Widen or narrow ``clock_skew`` to taste.

:func:`resubmit` is the explicit act for what stays unmatched: a new aanleverkenmerk,
``eerderAanleverkenmerk`` pointing at the first attempt, and (by default) one more
reconcile of that row first, so a submission found meanwhile is not sent twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from .errors import MessageValidationError, WusError
from .journal import Journal, JournalEntry, JournalError, new_aanleverkenmerk
from .models import Identity, Proces, Receipt, Status

__all__ = ["Match", "ReconcileClient", "ReconcileReport", "Unresolved", "reconcile", "resubmit"]

log = logging.getLogger(__name__)


class ReconcileClient(Protocol):
    def processes(self, berichtsoort: str, identity: Identity) -> list[Proces]: ...

    def statuses(self, kenmerk: str) -> list[Status]: ...


class ResubmitClient(ReconcileClient, Protocol):
    def submit(
        self,
        *,
        berichtsoort: str,
        identity: Identity,
        content: bytes,
        filename: str,
        mime_type: str = ...,
        aanleverkenmerk: str | None = ...,
        rol: str = ...,
        eerder_aanleverkenmerk: str | None = ...,
    ) -> Receipt: ...


@dataclass(frozen=True, kw_only=True)
class Match:
    """An uncertain submission found on Digipoort."""

    aanleverkenmerk: str
    kenmerk: str
    received_at: datetime
    #: set when this attempt had been resubmitted as another one that was accepted too:
    #: Digipoort now holds the submission twice and a human should withdraw one.
    duplicate_of: str | None = None


@dataclass(frozen=True, kw_only=True)
class Unresolved:
    """An uncertain submission that could not be settled; ``reason`` is 'not found',
    'ambiguous' or 'lookup failed'."""

    aanleverkenmerk: str
    berichtsoort: str
    identity: Identity
    reason: str
    candidates: tuple[str, ...] = ()
    detail: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReconcileReport:
    matched: tuple[Match, ...] = ()
    still_uncertain: tuple[Unresolved, ...] = ()
    calls: int = 0


def _window(entry: JournalEntry, now: datetime, skew: timedelta) -> tuple[datetime, datetime]:
    return entry.send_window_start - skew, (entry.uncertain_at or now) + skew


def reconcile(
    client: ReconcileClient,
    journal: Journal,
    *,
    clock_skew: timedelta = timedelta(minutes=2),
    now: datetime | None = None,
    only: Iterable[str] | None = None,
) -> ReconcileReport:
    """Match uncertain journal rows to Digipoort's processes (rule in the module docstring).

    ``only`` limits the work to some aanleverkenmerken. Matched rows become 'accepted'
    (flagged ``reconciled``) with the statuses fetched on the way.
    """
    journal.recover_interrupted()
    now = now or datetime.now(UTC)
    wanted = set(only) if only is not None else None
    uncertain = [
        e for e in journal.entries(state="uncertain") if wanted is None or e.aanleverkenmerk in wanted
    ]
    in_flight = journal.entries(state="pending") + journal.entries(state="sent")
    groups: dict[tuple[str, Identity], list[JournalEntry]] = {}
    for e in uncertain:
        groups.setdefault((e.berichtsoort, e.identity), []).append(e)

    matched: list[Match] = []
    unresolved: list[Unresolved] = []
    calls = 0
    for (berichtsoort, identity), rows in groups.items():
        blockers = [e for e in in_flight if (e.berichtsoort, e.identity) == (berichtsoort, identity)]
        try:
            found, rest, used = _reconcile_pair(
                client, journal, rows, blockers, berichtsoort, identity, now, clock_skew
            )
        except WusError as exc:
            log.warning("reconcile %s %s: lookup failed: %s", berichtsoort, identity, exc)
            unresolved.extend(
                Unresolved(
                    aanleverkenmerk=e.aanleverkenmerk,
                    berichtsoort=berichtsoort,
                    identity=identity,
                    reason="lookup failed",
                    detail=str(exc),
                )
                for e in rows
            )
            continue
        calls += used
        matched.extend(found)
        unresolved.extend(rest)
    for m in matched:
        log.info("reconcile: %s found on Digipoort as kenmerk %s", m.aanleverkenmerk, m.kenmerk)
        if m.duplicate_of:
            log.warning(
                "reconcile: %s arrived AND its resubmission %s was accepted: Digipoort holds it twice",
                m.aanleverkenmerk,
                m.duplicate_of,
            )
    for u in unresolved:
        log.warning("reconcile: %s stays uncertain (%s)", u.aanleverkenmerk, u.reason)
    return ReconcileReport(matched=tuple(matched), still_uncertain=tuple(unresolved), calls=calls)


def _reconcile_pair(
    client: ReconcileClient,
    journal: Journal,
    rows: list[JournalEntry],
    blockers: list[JournalEntry],
    berichtsoort: str,
    identity: Identity,
    now: datetime,
    skew: timedelta,
) -> tuple[list[Match], list[Unresolved], int]:
    calls = 1
    known = journal.known_kenmerken()
    candidates: dict[str, list[Status]] = {}
    for proces in client.processes(berichtsoort, identity):
        if proces.kenmerk in known or proces.kenmerk in candidates:
            continue
        candidates[proces.kenmerk] = sorted(client.statuses(proces.kenmerk), key=lambda s: s.tijdstempel)
        calls += 1
    first_seen = {k: sts[0].tijdstempel for k, sts in candidates.items() if sts}

    participants = {e.aanleverkenmerk: e for e in [*rows, *blockers]}
    windows = {ak: _window(e, now, skew) for ak, e in participants.items()}
    compatible = {
        k: {ak for ak, (lo, hi) in windows.items() if lo <= t0 <= hi} for k, t0 in first_seen.items()
    }
    left_rows = set(participants)
    left_cands = set(compatible)
    pairs: list[tuple[str, str]] = []
    conflicts: dict[str, tuple[str, ...]] = {}
    progress = True
    while progress:
        progress = False
        forced: dict[str, list[str]] = {}
        for k in sorted(left_cands):
            fits = compatible[k] & left_rows
            if not fits:
                left_cands.discard(k)  # outside every window (older processes, not ours): ignore
            elif len(fits) == 1:
                forced.setdefault(next(iter(fits)), []).append(k)
        for ak, ks in forced.items():
            if len(ks) == 1:
                pairs.append((ak, ks[0]))
            else:  # two processes fit only this row: one is not ours, or it arrived twice
                conflicts[ak] = tuple(ks)
            left_rows.discard(ak)
            left_cands.difference_update(ks)
            progress = True
    matched: list[Match] = []
    for ak, k in pairs:
        entry = participants[ak]
        if entry.state not in ("uncertain",):
            continue  # a live process's own submission: it will record its receipt itself
        journal.mark_reconciled(ak, kenmerk=k, tijdstempel=first_seen[k])
        journal.record_statuses(k, candidates[k])
        matched.append(
            Match(
                aanleverkenmerk=ak,
                kenmerk=k,
                received_at=first_seen[k],
                duplicate_of=_duplicate(journal, entry),
            )
        )
    unresolved: list[Unresolved] = []
    untimed = tuple(sorted(k for k, sts in candidates.items() if not sts))
    for e in rows:
        if e.aanleverkenmerk not in left_rows and e.aanleverkenmerk not in conflicts:
            continue
        competing = tuple(sorted(k for k in left_cands if e.aanleverkenmerk in compatible[k]))
        if e.aanleverkenmerk in conflicts:
            competing = conflicts[e.aanleverkenmerk]
            reason, detail = "ambiguous", "several processes fit only this submission"
        elif competing:
            reason, detail = "ambiguous", "several uncertain submissions fit the same processes"
        elif untimed:
            competing, reason, detail = untimed, "ambiguous", "candidate processes have no status yet"
        else:
            reason, detail = (
                "not found",
                "no unknown process of this berichtsoort/identity fits its send time",
            )
        unresolved.append(
            Unresolved(
                aanleverkenmerk=e.aanleverkenmerk,
                berichtsoort=berichtsoort,
                identity=identity,
                reason=reason,
                candidates=competing,
                detail=detail,
            )
        )
    return matched, unresolved, calls


def _duplicate(journal: Journal, entry: JournalEntry) -> str | None:
    successor = entry.superseded_by
    seen: set[str] = set()
    while successor and successor not in seen:
        seen.add(successor)
        nxt = journal.get(successor)
        if nxt is None:
            return None
        if nxt.state == "accepted":
            return nxt.aanleverkenmerk
        successor = nxt.superseded_by
    return None


def resubmit(
    client: ResubmitClient,
    journal: Journal,
    aanleverkenmerk: str,
    *,
    content: bytes | None = None,
    allow_changed_content: bool = False,
    check_first: bool = True,
    new_kenmerk: str | None = None,
) -> Receipt:
    """Submit an uncertain or rejected attempt again, as an explicit act.

    The new attempt gets a fresh aanleverkenmerk (``new_kenmerk`` or a generated one) and
    ``eerderAanleverkenmerk`` = the *first* attempt's. The payload comes from the journal
    (``store_payloads=True``) or from ``content``, which must have the same SHA-256 unless
    ``allow_changed_content``. With ``check_first`` an uncertain row is reconciled once
    more, and if Digipoort has it after all, nothing is sent (JournalError).
    """
    entry = journal.get(aanleverkenmerk)
    if entry is None:
        raise JournalError(f"aanleverkenmerk {aanleverkenmerk} is not in the journal")
    if entry.state == "accepted":
        raise JournalError(
            f"{aanleverkenmerk} was accepted as kenmerk {entry.kenmerk}; resubmitting would duplicate it"
        )
    if entry.state in ("pending", "sent"):
        raise JournalError(f"{aanleverkenmerk} is still {entry.state} in a running process")
    payload = content if content is not None else entry.payload
    if payload is None:
        raise JournalError(
            f"{aanleverkenmerk}: the journal holds no payload (store_payloads is off); pass content="
        )
    if hashlib.sha256(payload).hexdigest() != entry.payload_sha256 and not allow_changed_content:
        raise MessageValidationError(
            "content",
            "differs from the first attempt (SHA-256); pass allow_changed_content=True for a correction",
        )
    if check_first and entry.state == "uncertain":
        report = reconcile(client, journal, only=[aanleverkenmerk])
        if report.matched:
            raise JournalError(
                f"{aanleverkenmerk} was found on Digipoort as kenmerk {report.matched[0].kenmerk}; "
                "not resubmitted"
            )
    first = entry.eerder_aanleverkenmerk or entry.aanleverkenmerk
    new_ak = new_kenmerk or new_aanleverkenmerk()
    journal.mark_superseded(aanleverkenmerk, new_ak)
    log.info("resubmitting %s as %s (eerderAanleverkenmerk %s)", aanleverkenmerk, new_ak, first)
    return client.submit(
        berichtsoort=entry.berichtsoort,
        identity=entry.identity,
        content=payload,
        filename=entry.filename,
        mime_type=entry.mime_type or "application/xml",
        aanleverkenmerk=new_ak,
        rol=entry.rol,
        eerder_aanleverkenmerk=first,
    )
