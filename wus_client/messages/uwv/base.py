"""What every UWV verzuim/WAZO melding shares: parties, envelope fields, rendering, XSD check."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import ClassVar

from lxml import etree

from ...errors import MessageValidationError
from ...models import Identity
from ...xml import load_schema
from .. import rules
from ..base import check_envelope_fields
from .codes import BerichtType
from .parties import Arbeidsverhouding, Contactpersoon, Indiener, Werkgever, Werknemer
from .render import NS, ind, opt, sub

__all__ = ["SCHEMA", "UwvMelding", "uwv_schema"]

log = logging.getLogger(__name__)

#: Our own XSD for exactly what these classes emit (package data).
SCHEMA = ("schemas", "uwv", "UwvZwMelding-wus_client-v0428.xsd")


def uwv_schema() -> etree.XMLSchema:
    return load_schema(*SCHEMA)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, kw_only=True)
class UwvMelding:
    """Base of the UWV messages. Subclasses set ``FLOW``/``MELDING`` and add their melding fields.

    Envelope fields: ``identiteit`` overrides the Digipoort identity (default: ``LHnr`` with
    the werkgever's loonheffingennummer), ``bestandsnaam`` the file name, ``berichtsoort``
    the configured berichtsoort for this one message.
    """

    FLOW: ClassVar[str] = ""
    MELDING: ClassVar[str] = ""
    #: Per UWV's rule 01, ziek-, hersteld- and WAZO-meldingen carry exactly one bank account.
    BANK_ACCOUNT_REQUIRED: ClassVar[bool] = False

    werkgever: Werkgever
    werknemer: Werknemer
    referentie: str | None = None
    opgesteld: datetime = field(default_factory=_now)
    toelichting: str | None = None
    contact: Contactpersoon | None = None
    indiener: Indiener | None = None
    dienstverband: Arbeidsverhouding | None = None
    berichttype: BerichtType = BerichtType.OTP3
    alleen_controle: bool | None = None
    identiteit: Identity | None = None
    bestandsnaam: str | None = None
    berichtsoort: str | None = None

    # -- the Message protocol -------------------------------------------------------
    @property
    def flow(self) -> str:
        return self.FLOW

    @property
    def identity(self) -> Identity:
        return self.identiteit or Identity(nummer=self.werkgever.loonheffingennummer, type="LHnr")

    @property
    def filename(self) -> str:
        return self.bestandsnaam or f"{self.flow.lower().replace('_', '-')}.xml"

    @property
    def mime_type(self) -> str:
        return "application/xml"

    def berichtsoort_override(self) -> str | None:
        return self.berichtsoort

    def validate(self) -> None:
        """Python rules first (clear field names), then our XSD on the rendered bytes."""
        self._check_common()
        self.check()
        document = etree.fromstring(self.to_xml())
        try:
            uwv_schema().assertValid(document)
        except etree.DocumentInvalid as exc:
            log.debug("UWV melding failed our XSD: %s", exc)
            raise MessageValidationError(f"xsd:{self.MELDING}", str(exc)) from exc

    def to_xml(self) -> bytes:
        root = etree.Element(f"{{{NS}}}UwvZwMeldingInternBody", nsmap={None: NS})  # type: ignore[dict-item]
        sub(root, "CdBerichtType", str(self.berichttype))
        opt(root, "IndAlleenControleUzs", ind(self.alleen_controle))
        self._render_ketenpartij(root)
        self.werknemer.render(root)
        for adres in self.werknemer.adressen:
            adres.render(root)
        if self.contact is not None:
            self.contact.render(root)
        self.render_melding(sub(root, self.MELDING))
        self.werkgever.render(root, self.dienstverband)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    # -- for subclasses -------------------------------------------------------------
    def check(self) -> None:
        """Rules of the melding itself."""
        raise NotImplementedError

    def render_melding(self, element: etree._Element) -> None:
        raise NotImplementedError

    def opgesteld_date(self) -> date:
        return self.opgesteld.date()

    # -- shared ---------------------------------------------------------------------
    def _check_common(self) -> None:
        if not isinstance(self.werkgever, Werkgever):
            raise MessageValidationError("werkgever", "is required (a Werkgever)")
        if not isinstance(self.werknemer, Werknemer):
            raise MessageValidationError("werknemer", "is required (a Werknemer)")
        self.werkgever.check("werkgever")
        self.werknemer.check("werknemer")
        if self.contact is not None:
            self.contact.check("contact")
        if self.indiener is not None:
            self.indiener.check("indiener")
        if self.dienstverband is not None:
            self.dienstverband.check("dienstverband")
        rules.check_text("referentie", self.referentie, max_len=64)
        rules.check_text("toelichting", self.toelichting, max_len=4096)
        rules.check_one_of("berichttype", self.berichttype, list(BerichtType))
        if not isinstance(self.opgesteld, datetime):
            raise MessageValidationError("opgesteld", "must be a datetime")
        rules.check_date("opgesteld", self.opgesteld.date())
        rules.check_not_before(
            "opgesteld", self.opgesteld.date(), "werknemer.geboortedatum", self.werknemer.geboortedatum
        )
        accounts = [
            name
            for name, party in (("werkgever", self.werkgever), ("werknemer", self.werknemer))
            if party.iban
        ]
        if len(accounts) > 1:
            raise MessageValidationError(
                "werknemer.iban",
                "a melding carries exactly one bank account: give the werkgever's or the werknemer's",
            )
        if self.BANK_ACCOUNT_REQUIRED and not accounts:
            raise MessageValidationError(
                "werkgever.iban",
                "a ziek-, hersteld- or WAZO-melding needs one IBAN: the werkgever's, or the werknemer's "
                "for direct payment",
            )
        if self.identiteit is not None:
            rules.check_text("identiteit.nummer", self.identiteit.nummer, max_len=35, required=True)
            rules.check_text("identiteit.type", self.identiteit.type, max_len=20, required=True)
        check_envelope_fields(self.filename, self.mime_type)

    def _render_ketenpartij(self, root: etree._Element) -> None:
        from ... import __version__

        indiener = self.indiener or Indiener(
            naam=self.werkgever.naam or self.werkgever.loonheffingennummer,
            loonheffingennummer=self.werkgever.loonheffingennummer,
        )
        indiener.render(root, __version__)
