"""The StatusinformatieService verbs of WusClient, and ``wait()`` built on them.

Every status fetched is recorded in the journal when the client has one. All calls are
safe to repeat, so they go through the client's retrying ``_query``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from lxml import etree

from . import services
from .errors import WaitTimeoutError
from .models import Identity, Proces, Status

if TYPE_CHECKING:
    from .journal import Journal

__all__ = ["StatusVerbs"]

T = TypeVar("T")


class StatusVerbs:
    """Mixed into WusClient; relies on its ``_query`` and ``journal``."""

    journal: Journal | None

    def _query(self, operation_name: str, body: etree._Element, parse: Callable[[Any], T]) -> T:
        raise NotImplementedError

    def _record(self, kenmerk: str | None, statuses: list[Status]) -> list[Status]:
        if self.journal is not None and statuses:
            by_kenmerk: dict[str, list[Status]] = {}
            for s in statuses:
                by_kenmerk.setdefault(kenmerk or s.kenmerk, []).append(s)
            for k, group in by_kenmerk.items():
                self.journal.record_statuses(k, group)
        return statuses

    def statuses(
        self, kenmerk: str, *, vanaf: datetime | None = None, tot: datetime | None = None
    ) -> list[Status]:
        """All statuses of a submission (getStatussenProces), oldest first."""
        body = services.get_statussen_proces_request(kenmerk=kenmerk, vanaf=vanaf, tot=tot)
        return self._record(
            kenmerk, _sorted(self._query("getStatussenProces", body, services.parse_statussen))
        )

    def new_statuses(
        self, kenmerk: str, *, vanaf: datetime | None = None, tot: datetime | None = None
    ) -> list[Status]:
        """Statuses of a submission not fetched before (getNieuweStatussenProces)."""
        body = services.get_nieuwe_statussen_proces_request(kenmerk=kenmerk, vanaf=vanaf, tot=tot)
        return self._record(
            kenmerk, _sorted(self._query("getNieuweStatussenProces", body, services.parse_statussen))
        )

    def new_statuses_for(
        self,
        berichtsoort: str,
        identity: Identity,
        *,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
    ) -> list[Status]:
        """New statuses of every submission of one berichtsoort and identity (getNieuweStatussen)."""
        body = services.get_nieuwe_statussen_request(
            berichtsoort=berichtsoort, identity=identity, vanaf=vanaf, tot=tot
        )
        return self._record(None, _sorted(self._query("getNieuweStatussen", body, services.parse_statussen)))

    def processes(self, berichtsoort: str, identity: Identity) -> list[Proces]:
        """Submissions Digipoort knows for a berichtsoort and identity (getProcessen)."""
        body = services.get_processen_request(berichtsoort=berichtsoort, identity=identity)
        return self._query("getProcessen", body, services.parse_processen)

    def berichtsoorten_used(self, identity: Identity) -> list[str]:
        """Berichtsoorten already used for an identity (getBerichtsoorten; not a catalogue)."""
        body = services.get_berichtsoorten_request(identity=identity)
        return self._query("getBerichtsoorten", body, services.parse_berichtsoorten)

    def wait(
        self,
        kenmerk: str,
        timeout: float = 600.0,
        *,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        final_codes: Collection[str] | None = None,
        on_status: Callable[[Status], None] | None = None,
    ) -> Status:
        """Poll until a final status and return it.

        Uses getNieuweStatussenProces, so no status is fetched twice; the interval grows
        by half each empty poll up to ``max_interval``. When the first poll finds nothing
        new and nothing is known of the kenmerk (its statuses may have been fetched
        elsewhere, e.g. by ``wus status --new``), one getStatussenProces catches up, so a
        process that is already final is not waited on until the timeout. Each status is
        reported once to ``on_status``. ``final_codes`` overrides the catalogue's idea of
        which statuscodes end the wait. Raises WaitTimeoutError (carrying the last status
        seen) when ``timeout`` seconds pass first.
        """
        deadline = time.monotonic() + timeout
        interval = poll_interval
        seen: set[tuple[str, datetime, str | None]] = set()
        last: Status | None = None
        if self.journal is not None:
            known = self.journal.statuses(kenmerk)
            seen.update((s.statuscode, s.tijdstempel, s.foutcode) for s in known)
            if known:
                last = known[-1]
                if _ends_wait(last, final_codes):
                    return last
        first = True
        while True:
            fresh = self.new_statuses(kenmerk)
            if first and not fresh and last is None:
                fresh = self.statuses(kenmerk)
            first = False
            for status in fresh:
                key = (status.statuscode, status.tijdstempel, status.foutcode)
                if key in seen:
                    continue
                seen.add(key)
                last = status
                if on_status is not None:
                    on_status(status)
            if last is not None and _ends_wait(last, final_codes):
                return last
            interval = poll_interval if fresh else min(interval * 1.5, max_interval)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeoutError(kenmerk, timeout, last)
            time.sleep(min(interval, remaining))


def _sorted(statuses: list[Status]) -> list[Status]:
    return sorted(statuses, key=lambda s: s.tijdstempel)


def _ends_wait(status: Status, final_codes: Collection[str] | None) -> bool:
    if final_codes is not None:
        return status.statuscode in final_codes
    return status.is_final
