"""Bulk follow-up: keep every open submission in the journal up to date until final.

One cycle makes one getNieuweStatussen call per (berichtsoort, identity) that has open
submissions, so the calls per cycle grow with the number of identities, not submissions.
Per-kenmerk calls are used only where the pair call cannot cover a kenmerk:

* **the pair call was refused** with a SOAP fault (e.g. STS100 because one process of the
  pair is in a faulty state): each open kenmerk of that pair is asked on its own with
  getNieuweStatussenProces, so one bad process does not blind us to the others;
* **an earlier "nieuwe" answer may have been lost** (the process died after the call, or
  the call failed after the request left): Digipoort hands each new status out once, so
  those statuses will never be "new" again. Before the call the journal marks it in flight
  and clears the mark in the transaction that stores its answer; a mark left behind makes
  the next cycle fetch the full history (getStatussenProces, idempotent) of every open
  kenmerk of that pair once.

Errors never stop the run: they are counted, reported and retried next cycle.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from .errors import FaultError, WusError
from .journal import Journal, JournalEntry
from .models import Identity, Status
from .retry import provably_not_sent

__all__ = [
    "FollowClient",
    "FollowProgress",
    "FollowReport",
    "Outcome",
    "follow",
    "format_summary",
    "pair_key",
    "progress_printer",
]

log = logging.getLogger(__name__)


class FollowClient(Protocol):
    def new_statuses_for(self, berichtsoort: str, identity: Identity) -> list[Status]: ...

    def new_statuses(self, kenmerk: str) -> list[Status]: ...

    def statuses(self, kenmerk: str) -> list[Status]: ...


@dataclass(frozen=True, kw_only=True)
class FollowProgress:
    cycle: int
    followed: int  # submissions open when the run started
    final: int  # of those, final by now
    open: int
    calls: int  # SOAP calls in this cycle
    new_statuses: int  # in this cycle
    errors: int  # in this cycle


@dataclass(frozen=True, kw_only=True)
class Outcome:
    aanleverkenmerk: str
    kenmerk: str
    statuscode: str | None
    foutcode: str | None
    final: bool
    is_error: bool


@dataclass(frozen=True, kw_only=True)
class FollowReport:
    cycles: int = 0
    calls: int = 0
    calls_per_cycle: tuple[int, ...] = ()
    new_statuses: int = 0
    outcomes: tuple[Outcome, ...] = ()
    errors: tuple[str, ...] = field(default=())
    uncertain: int = 0  # uncertain rows (no kenmerk to follow): run reconcile

    @property
    def still_open(self) -> tuple[str, ...]:
        return tuple(o.kenmerk for o in self.outcomes if not o.final)

    @property
    def finals(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.final)

    def summary(self) -> dict[tuple[str, str], int]:
        """Count of outcomes per (statuscode or 'open', foutcode or '')."""
        out: dict[tuple[str, str], int] = {}
        for o in self.outcomes:
            key = (o.statuscode or "-", o.foutcode or "") if o.final else ("open", "")
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))


def pair_key(berichtsoort: str, identity: Identity) -> str:
    return f"status-pair:{berichtsoort}:{identity.nummer}:{identity.type}"


def _kenmerk_key(kenmerk: str) -> str:
    return f"status-kenmerk:{kenmerk}"


class _Cycle:
    """One pass over the open submissions; counts calls and errors."""

    def __init__(self, client: FollowClient, journal: Journal) -> None:
        self.client = client
        self.journal = journal
        self.calls = 0
        self.new = 0
        self.errors: list[str] = []

    def run(self, open_entries: list[JournalEntry]) -> None:
        pairs: dict[tuple[str, Identity], list[str]] = {}
        for e in open_entries:
            assert e.kenmerk is not None
            pairs.setdefault((e.berichtsoort, e.identity), []).append(e.kenmerk)
        lost = set(self.journal.inflight())
        for (berichtsoort, identity), kenmerken in pairs.items():
            key = pair_key(berichtsoort, identity)
            if key in lost:
                self._resync(kenmerken, clear=key)
            for k in kenmerken:
                if _kenmerk_key(k) in lost:
                    self._resync([k], clear=_kenmerk_key(k))
            self._pair(berichtsoort, identity, kenmerken, key)

    def _resync(self, kenmerken: list[str], *, clear: str) -> None:
        """Fetch the full history of kenmerken whose "new" statuses may have been lost."""
        log.info("follow: a previous answer may be lost (%s); fetching full history", clear)
        ok = True
        for k in kenmerken:
            try:
                before = len(self.journal.statuses(k))
                self.calls += 1
                self.journal.record_statuses(k, self.client.statuses(k))
                self.new += len(self.journal.statuses(k)) - before
            except WusError as exc:
                ok = False
                self.errors.append(f"{k}: getStatussenProces: {exc}")
        if ok:
            self.journal.clear_inflight(clear)

    def _pair(self, berichtsoort: str, identity: Identity, kenmerken: list[str], key: str) -> None:
        self.journal.mark_inflight(key)
        try:
            self.calls += 1
            statuses = self.client.new_statuses_for(berichtsoort, identity)
        except FaultError as exc:
            # Refused, so nothing was handed out: ask per kenmerk instead.
            self.journal.clear_inflight(key)
            log.warning(
                "follow: getNieuweStatussen %s %s refused (%s); per kenmerk", berichtsoort, identity, exc
            )
            for k in kenmerken:
                self._kenmerk(k)
            return
        except WusError as exc:
            if provably_not_sent(exc):
                self.journal.clear_inflight(key)
            self.errors.append(f"{berichtsoort} {identity}: getNieuweStatussen: {exc}")
            return
        # (a client with this journal may have stored them already; storing is idempotent)
        self.journal.record_status_batch([(s.kenmerk, s) for s in statuses], clear_inflight=key)
        self.new += len(statuses)

    def _kenmerk(self, kenmerk: str) -> None:
        key = _kenmerk_key(kenmerk)
        self.journal.mark_inflight(key)
        try:
            self.calls += 1
            statuses = self.client.new_statuses(kenmerk)
        except WusError as exc:
            if isinstance(exc, FaultError) or provably_not_sent(exc):
                self.journal.clear_inflight(key)
            self.errors.append(f"{kenmerk}: getNieuweStatussenProces: {exc}")
            return
        self.journal.record_statuses(kenmerk, statuses, clear_inflight=key)
        self.new += len(statuses)


def _open(journal: Journal) -> list[JournalEntry]:
    return [e for e in journal.entries(state="accepted", open_only=True) if e.kenmerk]


def follow(
    client: FollowClient,
    journal: Journal,
    *,
    on_progress: Callable[[FollowProgress], None] | None = None,
    poll_interval: float = 30.0,
    until_final: bool = True,
    max_cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FollowReport:
    """Follow every open submission in the journal; see the module docstring.

    ``until_final`` False runs one cycle. Otherwise cycles repeat, ``poll_interval``
    seconds apart, until nothing is open or ``max_cycles`` is reached.
    """
    followed = {e.aanleverkenmerk for e in _open(journal)}
    cycles, total_calls, total_new = 0, 0, 0
    per_cycle: list[int] = []
    errors: list[str] = []
    while True:
        open_entries = _open(journal)
        if not open_entries:
            break
        followed.update(e.aanleverkenmerk for e in open_entries)
        cycle = _Cycle(client, journal)
        cycle.run(open_entries)
        cycles += 1
        total_calls += cycle.calls
        total_new += cycle.new
        per_cycle.append(cycle.calls)
        errors.extend(cycle.errors)
        still = len(_open(journal))
        if on_progress is not None:
            on_progress(
                FollowProgress(
                    cycle=cycles,
                    followed=len(followed),
                    final=len(followed) - still,
                    open=still,
                    calls=cycle.calls,
                    new_statuses=cycle.new,
                    errors=len(cycle.errors),
                )
            )
        if not until_final or still == 0 or (max_cycles is not None and cycles >= max_cycles):
            break
        sleep(poll_interval)
    outcomes = []
    for ak in sorted(followed):
        e = journal.get(ak)
        if e is None or e.kenmerk is None:
            continue
        outcomes.append(
            Outcome(
                aanleverkenmerk=ak,
                kenmerk=e.kenmerk,
                statuscode=e.last_statuscode,
                foutcode=e.last_foutcode,
                final=e.final,
                is_error=e.final and e.error is not None,
            )
        )
    return FollowReport(
        cycles=cycles,
        calls=total_calls,
        calls_per_cycle=tuple(per_cycle),
        new_statuses=total_new,
        outcomes=tuple(outcomes),
        errors=tuple(errors),
        uncertain=journal.counts()["uncertain"],
    )


def format_summary(report: FollowReport) -> str:
    """A plain-text table of outcomes per statuscode/foutcode, then the errors."""
    lines = [f"{'statuscode':<11}{'foutcode':<10}{'count':>7}"]
    for (code, fout), count in report.summary().items():
        lines.append(f"{code:<11}{fout:<10}{count:>7}")
    lines.append(f"{report.cycles} cycle(s), {report.calls} call(s), {report.new_statuses} new status(es)")
    if report.uncertain:
        lines.append(f"{report.uncertain} uncertain submission(s): run `wus reconcile`")
    lines.extend(f"error: {e}" for e in report.errors)
    return "\n".join(lines)


def progress_printer(stream: TextIO) -> Callable[[FollowProgress], None]:
    """A progress callback: a bar redrawn in place on a terminal, plain lines otherwise."""
    tty = stream.isatty()

    def show(p: FollowProgress) -> None:
        if tty:
            width = 30
            done = int(width * p.final / p.followed) if p.followed else width
            stream.write(
                f"\r[{'#' * done}{'.' * (width - done)}] {p.final}/{p.followed} final, "
                f"cycle {p.cycle}, {p.errors} error(s) "
            )
            if p.open == 0:
                stream.write("\n")
        else:
            stream.write(
                f"cycle {p.cycle}: {p.final}/{p.followed} final, {p.open} open, "
                f"{p.calls} call(s), {p.new_statuses} new status(es), {p.errors} error(s)\n"
            )
        stream.flush()

    return show
