"""A small in-memory Digipoort behind the client methods recovery/follow/fetch use.

It keeps processes with statuses, hands "new" statuses out once per pair and once per
kenmerk (separate cursors, as the mock does), counts every call per operation, and can
be told to fail a call. It does not journal by itself (the real client does; the
modules under test must not depend on that).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from wus_client.errors import FaultError, TransportError
from wus_client.models import Attachment, Bericht, BerichtLijstItem, Identity, Proces, Receipt, Status

HAPPY = ["105", "100", "110", "200", "301", "301", "405", "400", "500"]


@dataclass
class FakeProcess:
    kenmerk: str
    berichtsoort: str
    identity: Identity
    received_at: datetime
    codes: list[str]
    released: int = 0  # how many of ``codes`` exist so far
    content: bytes = b""
    aanleverkenmerk: str | None = None
    eerder_aanleverkenmerk: str | None = None
    seen_by_pair: int = 0
    seen_by_kenmerk: int = 0

    def statuses(self) -> list[Status]:
        return [
            Status(
                kenmerk=self.kenmerk,
                statuscode=code,
                omschrijving=f"status {code}",
                tijdstempel=self.received_at + timedelta(seconds=i),
                foutcode="AFS400" if code == "410" else None,
                identity=self.identity,
            )
            for i, code in enumerate(self.codes[: self.released])
        ]


@dataclass
class FakeClient:
    processes_: dict[str, FakeProcess] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)
    fail: dict[str, list[Exception]] = field(default_factory=dict)
    messages: dict[str, list[Bericht]] = field(default_factory=dict)
    new_list: list[BerichtLijstItem] = field(default_factory=list)
    full_list: list[BerichtLijstItem] = field(default_factory=list)
    clock: datetime = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    # -- test controls -------------------------------------------------------------------------

    def add_process(
        self,
        berichtsoort: str,
        identity: Identity,
        received_at: datetime,
        *,
        codes: list[str] | None = None,
        released: int = 1,
        kenmerk: str | None = None,
    ) -> str:
        k = kenmerk or f"K{next(self._ids):05d}"
        self.processes_[k] = FakeProcess(
            k, berichtsoort, identity, received_at, codes or list(HAPPY), released
        )
        return k

    def advance(self, steps: int = 1) -> None:
        for p in self.processes_.values():
            p.released = min(len(p.codes), p.released + steps)

    def _maybe_fail(self, op: str) -> None:
        self.calls[op] += 1
        queue = self.fail.get(op)
        if queue:
            raise queue.pop(0)

    # -- the client interface ---------------------------------------------------------------------

    def submit(
        self,
        *,
        berichtsoort: str,
        identity: Identity,
        content: bytes,
        filename: str,
        mime_type: str = "application/xml",
        aanleverkenmerk: str | None = None,
        rol: str = "Bedrijf",
        eerder_aanleverkenmerk: str | None = None,
    ) -> Receipt:
        self._maybe_fail("aanleveren")
        k = self.add_process(berichtsoort, identity, self.clock)
        self.processes_[k].content = content
        self.processes_[k].aanleverkenmerk = aanleverkenmerk
        self.processes_[k].eerder_aanleverkenmerk = eerder_aanleverkenmerk
        return Receipt(
            kenmerk=k,
            aanleverkenmerk=aanleverkenmerk,
            berichtsoort=berichtsoort,
            tijdstempel_aangeleverd=self.clock,
            identity=identity,
            rol=rol,
            eerder_aanleverkenmerk=eerder_aanleverkenmerk,
        )

    def processes(self, berichtsoort: str, identity: Identity) -> list[Proces]:
        self._maybe_fail("getProcessen")
        return [
            Proces(kenmerk=p.kenmerk, berichtsoort=p.berichtsoort, identity=p.identity)
            for p in self.processes_.values()
            if (p.berichtsoort, p.identity) == (berichtsoort, identity)
        ]

    def statuses(self, kenmerk: str) -> list[Status]:
        self._maybe_fail("getStatussenProces")
        return self.processes_[kenmerk].statuses()

    def new_statuses(self, kenmerk: str) -> list[Status]:
        self._maybe_fail("getNieuweStatussenProces")
        p = self.processes_[kenmerk]
        out = p.statuses()[p.seen_by_kenmerk :]
        p.seen_by_kenmerk = p.released
        return out

    def new_statuses_for(self, berichtsoort: str, identity: Identity) -> list[Status]:
        self._maybe_fail("getNieuweStatussen")
        out: list[Status] = []
        for p in self.processes_.values():
            if (p.berichtsoort, p.identity) == (berichtsoort, identity):
                out.extend(p.statuses()[p.seen_by_pair :])
                p.seen_by_pair = p.released
        return out

    def new_message_list(self, berichtsoort: str | None = None) -> list[BerichtLijstItem]:
        self._maybe_fail("getNieuweBerichtenLijst")
        out = [i for i in self.new_list if berichtsoort in (None, i.berichtsoort)]
        self.new_list = [i for i in self.new_list if i not in out]
        return out

    def message_list(self, berichtsoort: str | None = None) -> list[BerichtLijstItem]:
        self._maybe_fail("getBerichtenLijst")
        return [i for i in self.full_list if berichtsoort in (None, i.berichtsoort)]

    def messages_by_kenmerk(self, kenmerk: str) -> list[Bericht]:
        self._maybe_fail("getBerichtenKenmerk")
        return self.messages[kenmerk]

    def enqueue(
        self, identity: Identity, berichtsoort: str, content: bytes, filename: str, *bijlagen: Attachment
    ) -> str:
        k = f"M{next(self._ids):05d}"
        self.messages[k] = [
            Bericht(
                kenmerk=k,
                berichtsoort=berichtsoort,
                berichtkenmerk=f"B-{k}",
                tijdstempel_aangeleverd=self.clock,
                identity=identity,
                rol="Bedrijf",
                inhoud=Attachment(content=content, filename=filename, mime_type="application/pdf"),
                bijlagen=tuple(bijlagen),
                constateringen=(("W001", "let op"),),
            )
        ]
        item = BerichtLijstItem(kenmerk=k, berichtsoort=berichtsoort, identity=identity)
        self.new_list.append(item)
        self.full_list.append(item)
        return k


def transport_error(op: str, *, sent: bool | None) -> TransportError:
    return TransportError("connection reset", operation=op, request_sent=sent)


def fault(op: str, code: str = "STS100") -> FaultError:
    return FaultError(foutcode=code, foutbeschrijving="refused", faultstring="Algemene fout", operation=op)
