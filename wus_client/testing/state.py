"""What the mock Digipoort remembers: submissions, processes, status cursors, ophaal queue.

All methods are thread-safe (one lock; every method is short). Statuses advance with
time: status ``i`` of a process becomes visible ``i * pace`` seconds after submission
(monotonic clock), and carries that moment as its tijdstempelStatus.

"New" cursors (documented mock choices; Digipoort's exact bookkeeping is not public):

- getNieuweStatussenProces keeps one cursor per kenmerk.
- getNieuweStatussen (berichtsoort + identity) keeps its *own* cursor per process, so
  the two "new" calls do not consume each other's statuses.
- getNieuweBerichtenLijst marks a bericht as *listed*; getNieuweBerichten and
  getNieuweBerichtenKenmerk mark it as *fetched*. Each "new" call looks at its own flag.

Processes are scoped to the TLS client that submitted them (its subject serialNumber,
or the certificate fingerprint when it has none): another client sees neither its
statuses nor its processes. The ophaal queue is scoped by identiteitBelanghebbende only.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..models import Attachment, Identity
from .scenarios import Scenario, StatusStep, scenario_for

__all__ = ["MockState", "QueuedBericht", "Submission", "VisibleStatus"]


@dataclass(frozen=True, kw_only=True)
class Submission:
    """An aanleveren request the mock accepted (after every check passed)."""

    kenmerk: str
    aanleverkenmerk: str | None
    berichtsoort: str
    identity: Identity
    rol: str
    content: bytes = field(repr=False)
    filename: str
    mime_type: str
    received: datetime
    eerder_aanleverkenmerk: str | None = None
    ontvanger: Identity | None = None
    rol_ontvanger: str | None = None
    autorisatie_adres: str | None = None
    bijlagen: tuple[Attachment, ...] = ()
    client: str = ""  # the TLS client's identity (subject serialNumber or fingerprint)
    envelope: bytes = field(default=b"", repr=False)  # the raw request as received


@dataclass(frozen=True)
class VisibleStatus:
    kenmerk: str
    identity: Identity
    step: StatusStep
    tijdstempel: datetime


@dataclass(kw_only=True)
class QueuedBericht:
    """A message government sends back, waiting in the OphaalService."""

    kenmerk: str
    berichtkenmerk: str
    berichtsoort: str
    identity: Identity
    rol: str
    inhoud: Attachment
    bijlagen: tuple[Attachment, ...]
    tijdstempel: datetime
    aanleverkenmerk: str | None = None
    listed: bool = False
    fetched: bool = False


@dataclass
class _Process:
    submission: Submission
    scenario: Scenario
    started: float  # monotonic
    cursor_proces: int = 0
    cursor_pair: int = 0


def _in_window(moment: datetime, vanaf: datetime | None, tot: datetime | None) -> bool:
    return (vanaf is None or moment >= vanaf) and (tot is None or moment <= tot)


class MockState:
    """Thread-safe bookkeeping of the mock. ``pace``: seconds between two statuses."""

    def __init__(self, *, pace: float = 0.05, monotonic: Callable[[], float] = time.monotonic) -> None:
        if pace < 0:
            raise ValueError("pace must be >= 0")
        self.pace = pace
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._submissions: list[Submission] = []
        self._processes: dict[str, _Process] = {}
        self._berichten: list[QueuedBericht] = []

    # -- aanleveren ---------------------------------------------------------------

    def add_submission(self, submission: Submission) -> Scenario:
        scenario = scenario_for(submission.aanleverkenmerk)
        with self._lock:
            self._submissions.append(submission)
            self._processes[submission.kenmerk] = _Process(submission, scenario, self._monotonic())
        return scenario

    @property
    def submissions(self) -> list[Submission]:
        with self._lock:
            return list(self._submissions)

    # -- status ---------------------------------------------------------------------

    def scenario_of(self, kenmerk: str, client: str | None) -> Scenario | None:
        with self._lock:
            proc = self._visible_process(kenmerk, client)
            return proc.scenario if proc else None

    def _visible_process(self, kenmerk: str, client: str | None) -> _Process | None:
        proc = self._processes.get(kenmerk)
        if proc is None or (client is not None and proc.submission.client != client):
            return None
        return proc

    def _visible_count(self, proc: _Process) -> int:
        total = len(proc.scenario.steps)
        if self.pace <= 0:
            return total
        elapsed = self._monotonic() - proc.started
        return min(total, int(elapsed / self.pace) + 1)

    def _status(self, proc: _Process, index: int) -> VisibleStatus:
        sub = proc.submission
        return VisibleStatus(
            kenmerk=sub.kenmerk,
            identity=sub.identity,
            step=proc.scenario.steps[index],
            tijdstempel=sub.received + timedelta(seconds=index * self.pace),
        )

    def statuses(
        self,
        kenmerk: str,
        client: str | None,
        *,
        new_only: bool = False,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
    ) -> list[VisibleStatus] | None:
        """Statuses of ``kenmerk`` visible now; None when the kenmerk is unknown to ``client``."""
        with self._lock:
            proc = self._visible_process(kenmerk, client)
            if proc is None:
                return None
            count = self._visible_count(proc)
            start = proc.cursor_proces if new_only else 0
            if new_only:
                proc.cursor_proces = count
            found = [self._status(proc, i) for i in range(start, count)]
        return [s for s in found if _in_window(s.tijdstempel, vanaf, tot)]

    def new_statuses_for(
        self,
        berichtsoort: str,
        identity: Identity,
        client: str | None,
        *,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
    ) -> list[VisibleStatus]:
        found: list[VisibleStatus] = []
        with self._lock:
            for proc in self._processes.values():
                sub = proc.submission
                if sub.berichtsoort != berichtsoort or sub.identity != identity:
                    continue
                if client is not None and sub.client != client:
                    continue
                count = self._visible_count(proc)
                found.extend(self._status(proc, i) for i in range(proc.cursor_pair, count))
                proc.cursor_pair = count
        return [s for s in found if _in_window(s.tijdstempel, vanaf, tot)]

    def processen(self, berichtsoort: str, identity: Identity, client: str | None) -> list[Submission]:
        with self._lock:
            return [
                p.submission
                for p in self._processes.values()
                if p.submission.berichtsoort == berichtsoort
                and p.submission.identity == identity
                and (client is None or p.submission.client == client)
            ]

    def berichtsoorten(self, identity: Identity, client: str | None) -> list[str]:
        seen: dict[str, None] = {}
        with self._lock:
            for p in self._processes.values():
                if p.submission.identity == identity and (client is None or p.submission.client == client):
                    seen.setdefault(p.submission.berichtsoort, None)
        return list(seen)

    # -- ophalen --------------------------------------------------------------------

    def enqueue(
        self,
        *,
        identity: Identity,
        berichtsoort: str,
        inhoud: Attachment,
        bijlagen: Sequence[Attachment] = (),
        rol: str = "Bedrijf",
        kenmerk: str | None = None,
        aanleverkenmerk: str | None = None,
    ) -> str:
        bericht = QueuedBericht(
            kenmerk=kenmerk or str(uuid.uuid4()),
            berichtkenmerk=str(uuid.uuid4()),
            berichtsoort=berichtsoort,
            identity=identity,
            rol=rol,
            inhoud=inhoud,
            bijlagen=tuple(bijlagen),
            tijdstempel=datetime.now(UTC),
            aanleverkenmerk=aanleverkenmerk,
        )
        with self._lock:
            self._berichten.append(bericht)
        return bericht.kenmerk

    def berichten(
        self,
        *,
        identity: Identity | None = None,
        berichtsoort: str | None = None,
        kenmerk: str | None = None,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
        mark: str | None = None,
    ) -> list[QueuedBericht]:
        """Queued berichten matching every given filter.

        ``mark`` is ``"listed"`` or ``"fetched"``: return only those without that flag and
        set it (the "Nieuwe" operations); None returns all and marks nothing.
        """
        with self._lock:
            found = []
            for b in self._berichten:
                if identity is not None and b.identity != identity:
                    continue
                if berichtsoort is not None and b.berichtsoort != berichtsoort:
                    continue
                if kenmerk is not None and b.kenmerk != kenmerk:
                    continue
                if not _in_window(b.tijdstempel, vanaf, tot):
                    continue
                if mark == "listed":
                    if b.listed:
                        continue
                    b.listed = True
                elif mark == "fetched":
                    if b.fetched:
                        continue
                    b.fetched = True
                found.append(b)
            return found
