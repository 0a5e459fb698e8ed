"""Plain, frozen result and input values of the public API. No zeep or lxml types here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from . import status as _status

__all__ = [
    "Attachment",
    "Bericht",
    "BerichtLijstItem",
    "Identity",
    "Proces",
    "Receipt",
    "Status",
    "new_aanleverkenmerk",
]


def new_aanleverkenmerk() -> str:
    """A unique aanleverkenmerk: 32 hex characters (the field allows 40)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Identity:
    """identiteitBelanghebbende / identiteitOntvanger: a number and its type (Fi, BTW, LHnr, OIN, ...)."""

    nummer: str
    type: str

    def __str__(self) -> str:
        return f"{self.nummer}:{self.type}"

    @classmethod
    def parse(cls, text: str) -> Identity:
        """``"123456789L01:LHnr"`` -> Identity("123456789L01", "LHnr")."""
        from .errors import MessageValidationError

        nummer, sep, type_ = text.rpartition(":")
        if not sep or not nummer or not type_:
            raise MessageValidationError(
                "identity", f"{text!r} must be written NUMMER:TYPE, e.g. 001000044B37:Fi"
            )
        return cls(nummer=nummer, type=type_)


@dataclass(frozen=True)
class Attachment:
    """One berichtInhoud / bijlage: the decoded bytes with file name and mime type."""

    content: bytes = field(repr=False)
    filename: str
    mime_type: str

    def __repr__(self) -> str:
        return (
            f"Attachment(filename={self.filename!r}, mime_type={self.mime_type!r}, size={len(self.content)})"
        )


@dataclass(frozen=True)
class Status:
    """One StatusResultaat."""

    kenmerk: str
    statuscode: str
    omschrijving: str
    tijdstempel: datetime
    foutcode: str | None = None
    foutbeschrijving: str | None = None
    details: str | None = None
    identity: Identity | None = None

    @property
    def is_final(self) -> bool:
        return _status.is_final(self.statuscode, self.foutcode)

    @property
    def is_error(self) -> bool:
        return _status.is_error(self.statuscode, self.foutcode)


@dataclass(frozen=True)
class Receipt:
    """aanleverResponse: proof that Digipoort accepted a submission."""

    kenmerk: str
    aanleverkenmerk: str | None
    berichtsoort: str
    tijdstempel_aangeleverd: datetime
    identity: Identity
    rol: str
    eerder_aanleverkenmerk: str | None = None
    ontvanger: Identity | None = None
    rol_ontvanger: str | None = None
    autorisatie_adres: str | None = None
    status: Status | None = None  # the optional synchronous status fields, when present


@dataclass(frozen=True)
class Proces:
    """ProcesResultaat from getProcessen."""

    kenmerk: str
    berichtsoort: str
    identity: Identity
    ontvanger: Identity | None = None


@dataclass(frozen=True)
class BerichtLijstItem:
    """BerichtLijstResultaat from get(Nieuwe)BerichtenLijst."""

    kenmerk: str
    berichtsoort: str
    identity: Identity


@dataclass(frozen=True)
class Bericht:
    """BerichtResultaat from the OphaalService: a message government sends back."""

    kenmerk: str
    berichtsoort: str
    berichtkenmerk: str
    tijdstempel_aangeleverd: datetime
    identity: Identity
    rol: str
    inhoud: Attachment
    bijlagen: tuple[Attachment, ...] = ()
    aanleverkenmerk: str | None = None
    eerder_aanleverkenmerk: str | None = None
    identiteit_aanleveraar: str | None = None
    ontvanger: Identity | None = None
    rol_ontvanger: str | None = None
    constateringen: tuple[tuple[str, str], ...] = ()  # (code, beschrijving)
    additionele_elementen: tuple[tuple[str, str], ...] = ()  # (naam, waarde)
