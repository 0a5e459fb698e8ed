"""The people and organisations in a UWV melding: werkgever, werknemer, indiener, contact.

Each value checks its own fields (``check(prefix)``) and renders its own element
(``render(parent)``) in the order UWV's ZW melding prescribes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

from .. import rules
from .codes import (
    SECTOREN_OSV,
    AardArbeidsverhouding,
    Adresrol,
    Geslacht,
    RolKetenpartij,
    SoortIndiener,
)
from .render import amount, ind, opt, sub, ymd

__all__ = [
    "Adres",
    "Arbeidsverhouding",
    "Contactpersoon",
    "Indiener",
    "SectorRisicogroep",
    "Werkgever",
    "Werknemer",
]

SOFTWARE_NAME = "wus_client"


@dataclass(frozen=True, kw_only=True)
class SectorRisicogroep:
    """Sector (Code Sector Osv, 3 digits) and risicopremiegroep (2 digits) of the employer."""

    sector: str | None = None
    risicopremiegroep: str | None = None

    def check(self, prefix: str) -> None:
        if self.sector is not None:
            rules.check_one_of(f"{prefix}.sector", self.sector, sorted(SECTOREN_OSV))
        rules.check_digits(f"{prefix}.risicopremiegroep", self.risicopremiegroep, max_len=2, exact=True)

    def render(self, parent: etree._Element) -> None:
        element = sub(parent, "SectorRisicogroep")
        opt(element, "CdRisicopremiegroep", self.risicopremiegroep)
        opt(element, "CdSectorOsv", self.sector)


@dataclass(frozen=True, kw_only=True)
class Werkgever:
    """The employer as UWV knows it: the administratieve eenheid behind a loonheffingennummer."""

    loonheffingennummer: str
    naam: str | None = None
    iban: str | None = None
    bic: str | None = None
    sectoren: tuple[SectorRisicogroep, ...] = ()

    @property
    def fiscaal_nummer(self) -> str:
        return self.loonheffingennummer[:9]

    def check(self, prefix: str) -> None:
        rules.check_loonheffingennummer(f"{prefix}.loonheffingennummer", self.loonheffingennummer)
        rules.check_text(f"{prefix}.naam", self.naam, max_len=256)
        rules.check_iban(f"{prefix}.iban", self.iban)
        rules.check_bic(f"{prefix}.bic", self.bic)
        for i, sector in enumerate(self.sectoren):
            sector.check(f"{prefix}.sectoren[{i}]")

    def render(self, parent: etree._Element, dienstverband: Arbeidsverhouding | None) -> None:
        element = sub(parent, "AdministratieveEenheid")
        sub(element, "Loonheffingennr", self.loonheffingennummer)
        opt(element, "Naam", self.naam)
        if self.iban or self.bic:
            bank = sub(element, "Bankrekening")
            opt(bank, "Bic", self.bic)
            opt(bank, "Iban", self.iban)
        for sector in self.sectoren:
            sector.render(element)
        if dienstverband is not None:
            dienstverband.render(element)


@dataclass(frozen=True, kw_only=True)
class Adres:
    """A Dutch street address with its role (Code Adresrol), e.g. the verblijfadres bij ziekte."""

    rol: Adresrol
    straat: str | None = None
    huisnummer: int | None = None
    toevoeging: str | None = None
    postcode: str | None = None
    woonplaats: str | None = None
    geldig_vanaf: date | None = None

    def check(self, prefix: str) -> None:
        rules.check_one_of(f"{prefix}.rol", self.rol, list(Adresrol))
        rules.check_text(f"{prefix}.straat", self.straat, max_len=24)
        rules.check_count(f"{prefix}.huisnummer", self.huisnummer, minimum=1, maximum=99999)
        rules.check_text(f"{prefix}.toevoeging", self.toevoeging, max_len=4)
        rules.check_pattern(
            f"{prefix}.postcode", self.postcode, r"[1-9][0-9]{3}[A-Z]{2}", "a postcode like 1234AB"
        )
        rules.check_text(f"{prefix}.woonplaats", self.woonplaats, max_len=80)
        rules.check_date(f"{prefix}.geldig_vanaf", self.geldig_vanaf)

    def render(self, parent: etree._Element) -> None:
        element = sub(parent, "Adres")
        sub(element, "CdAdresrol", str(self.rol))
        opt(element, "DatB", ymd(self.geldig_vanaf))
        street = sub(element, "StraatadresNederland")
        opt(street, "Straatnaam", self.straat)
        opt(street, "Huisnr", None if self.huisnummer is None else str(self.huisnummer))
        opt(street, "Huisnrtoevoeging", self.toevoeging)
        opt(street, "Postcd", self.postcode)
        opt(street, "Woonplaatsnaam", self.woonplaats)


@dataclass(frozen=True, kw_only=True)
class Werknemer:
    """The employee (NATUURLIJK PERSOON). ``achternaam`` is the significant part of the surname."""

    bsn: str
    geboortedatum: date
    achternaam: str
    voorletters: str | None = None
    voorvoegsel: str | None = None
    eerste_voornaam: str | None = None
    geslacht: Geslacht | None = None
    telefoon: str | None = None
    mobiel: str | None = None
    telefoon_buitenland: str | None = None
    iban: str | None = None
    bic: str | None = None
    adressen: tuple[Adres, ...] = ()

    def check(self, prefix: str) -> None:
        rules.check_bsn(f"{prefix}.bsn", self.bsn)
        rules.check_date(f"{prefix}.geboortedatum", self.geboortedatum, required=True)
        rules.check_text(f"{prefix}.achternaam", self.achternaam, max_len=200, required=True)
        rules.check_pattern(
            f"{prefix}.voorletters", self.voorletters, r"[^\W\d_]{1,6}", "1 to 6 letters without dots"
        )
        rules.check_text(f"{prefix}.voorvoegsel", self.voorvoegsel, max_len=10)
        rules.check_text(f"{prefix}.eerste_voornaam", self.eerste_voornaam, max_len=28)
        if self.geslacht is not None:
            rules.check_one_of(f"{prefix}.geslacht", self.geslacht, list(Geslacht))
        rules.check_digits(f"{prefix}.telefoon", self.telefoon, max_len=11)
        rules.check_digits(f"{prefix}.mobiel", self.mobiel, max_len=11)
        rules.check_text(f"{prefix}.telefoon_buitenland", self.telefoon_buitenland, max_len=25)
        rules.check_iban(f"{prefix}.iban", self.iban)
        rules.check_bic(f"{prefix}.bic", self.bic)
        for i, adres in enumerate(self.adressen):
            adres.check(f"{prefix}.adressen[{i}]")

    def render(self, parent: etree._Element) -> None:
        element = sub(parent, "NatuurlijkPersoon")
        sub(element, "Burgerservicenr", self.bsn)
        sub(element, "Geboortedat", ymd(self.geboortedatum))
        opt(element, "Geslacht", None if self.geslacht is None else str(self.geslacht))
        opt(element, "EersteVoornaam", self.eerste_voornaam)
        opt(element, "Voorletters", self.voorletters)
        opt(element, "Voorvoegsel", self.voorvoegsel)
        sub(element, "SignificantDeelVanDeAchternaam", self.achternaam)
        opt(element, "Telefoonnr", self.telefoon)
        opt(element, "TelefoonnrMobiel", self.mobiel)
        opt(element, "TelefoonnrBuitenland", self.telefoon_buitenland)
        if self.iban or self.bic:
            bank = sub(element, "Bankrekening")
            opt(bank, "Bic", self.bic)
            opt(bank, "Iban", self.iban)


@dataclass(frozen=True, kw_only=True)
class Contactpersoon:
    """Who UWV may call about this melding."""

    naam: str
    telefoon: str | None = None
    email: str | None = None
    geslacht: Geslacht | None = None
    nummer_lokale_vestiging: str | None = None

    def check(self, prefix: str) -> None:
        rules.check_text(f"{prefix}.naam", self.naam, max_len=64, required=True)
        rules.check_digits(f"{prefix}.telefoon", self.telefoon, max_len=11)
        rules.check_text(f"{prefix}.email", self.email, max_len=320)
        rules.check_pattern(f"{prefix}.email", self.email, r"[^@\s]+@[^@\s]+\.[^@\s]+", "an e-mail address")
        if self.geslacht is not None:
            rules.check_one_of(f"{prefix}.geslacht", self.geslacht, list(Geslacht))
        rules.check_text(f"{prefix}.nummer_lokale_vestiging", self.nummer_lokale_vestiging, max_len=32)

    def render(self, parent: etree._Element) -> None:
        element = sub(parent, "Contactgegevens")
        sub(element, "NaamContactpersoonAfd", self.naam)
        opt(element, "Geslacht", None if self.geslacht is None else str(self.geslacht))
        opt(element, "TelefoonnrContactpersoonAfd", self.telefoon)
        opt(element, "NrLokaleVestiging", self.nummer_lokale_vestiging)
        opt(element, "EMailAdres", self.email)


@dataclass(frozen=True, kw_only=True)
class Indiener:
    """The party in the chain that sends the melding (Ketenpartij), e.g. a payroll bureau.

    When a message has no Indiener, the werkgever itself is rendered as the ketenpartij.
    """

    naam: str
    loonheffingennummer: str | None = None
    rol: RolKetenpartij = RolKetenpartij.AANSPREEKPUNT_INHOUD
    soort: SoortIndiener = SoortIndiener.WERKGEVER
    software_naam: str = SOFTWARE_NAME
    software_versie: str | None = None
    kenmerk: str | None = None
    volgnummer: int | None = None
    contact_naam: str | None = None
    contact_telefoon: str | None = None

    def check(self, prefix: str) -> None:
        rules.check_text(f"{prefix}.naam", self.naam, max_len=256, required=True)
        if self.loonheffingennummer is not None:
            rules.check_loonheffingennummer(f"{prefix}.loonheffingennummer", self.loonheffingennummer)
        rules.check_one_of(f"{prefix}.rol", self.rol, list(RolKetenpartij))
        rules.check_one_of(f"{prefix}.soort", self.soort, list(SoortIndiener))
        rules.check_text(f"{prefix}.software_naam", self.software_naam, max_len=64)
        rules.check_text(f"{prefix}.software_versie", self.software_versie, max_len=64)
        rules.check_text(f"{prefix}.kenmerk", self.kenmerk, max_len=50)
        rules.check_count(f"{prefix}.volgnummer", self.volgnummer, maximum=99_999_999)
        rules.check_text(f"{prefix}.contact_naam", self.contact_naam, max_len=64)
        rules.check_digits(f"{prefix}.contact_telefoon", self.contact_telefoon, max_len=11)

    def render(self, parent: etree._Element, default_version: str) -> None:
        element = sub(parent, "Ketenpartij")
        if self.loonheffingennummer:
            sub(element, "FiscaalNr", self.loonheffingennummer[:9])
            sub(element, "Loonheffingennr", self.loonheffingennummer)
        sub(element, "Naam", self.naam)
        sub(element, "CdRolKetenpartij", str(self.rol))
        sub(element, "CdSrtIndiener", str(self.soort))
        sub(element, "NaamSoftwarePakket", self.software_naam)
        sub(element, "VersieSoftwarePakket", self.software_versie or default_version)
        opt(element, "BerichtkenmerkIndiener", self.kenmerk)
        opt(element, "VolgNr", None if self.volgnummer is None else str(self.volgnummer))
        if self.contact_naam or self.contact_telefoon:
            contact = sub(element, "Contactgegevens")
            opt(contact, "NaamContactpersoonAfd", self.contact_naam)
            opt(contact, "TelefoonnrContactpersoonAfd", self.contact_telefoon)


@dataclass(frozen=True, kw_only=True)
class Arbeidsverhouding:
    """The employment the melding is about."""

    volgnummer: int | None = None
    loonheffingskorting: bool | None = None
    personeelsnummer: str | None = None
    beroep: str | None = None
    aard: AardArbeidsverhouding | None = None
    datum_aanvang: date | None = None
    datum_einde: date | None = None
    loonwachtdagen: int | None = None
    percentage_loondoorbetaling: Decimal | None = None
    arbeidsgehandicapt: bool | None = None

    def check(self, prefix: str) -> None:
        rules.check_count(f"{prefix}.volgnummer", self.volgnummer, maximum=9999)
        rules.check_text(f"{prefix}.personeelsnummer", self.personeelsnummer, max_len=35)
        rules.check_text(f"{prefix}.beroep", self.beroep, max_len=128)
        if self.aard is not None:
            rules.check_one_of(f"{prefix}.aard", self.aard, list(AardArbeidsverhouding))
        rules.check_date(f"{prefix}.datum_aanvang", self.datum_aanvang)
        rules.check_date(f"{prefix}.datum_einde", self.datum_einde)
        rules.check_not_before(
            f"{prefix}.datum_einde", self.datum_einde, f"{prefix}.datum_aanvang", self.datum_aanvang
        )
        rules.check_count(f"{prefix}.loonwachtdagen", self.loonwachtdagen, maximum=99)
        rules.check_amount(
            f"{prefix}.percentage_loondoorbetaling", self.percentage_loondoorbetaling, digits=5, signed=False
        )

    def render(self, parent: etree._Element) -> None:
        element = sub(parent, "Arbeidsverhouding")
        opt(element, "Volgnr", None if self.volgnummer is None else str(self.volgnummer))
        opt(element, "IndLoonheffingskorting", ind(self.loonheffingskorting))
        opt(element, "Personeelsnr", self.personeelsnummer)
        opt(element, "NaamBeroepOngecodeerd", self.beroep)
        opt(element, "CdAardArbv", None if self.aard is None else str(self.aard))
        opt(element, "DatB", ymd(self.datum_aanvang))
        opt(element, "DatE", ymd(self.datum_einde))
        opt(element, "AantLoonwachtdagen", None if self.loonwachtdagen is None else str(self.loonwachtdagen))
        opt(element, "PercLoondoorbetalingTijdensAo", amount(self.percentage_loondoorbetaling))
        opt(element, "IndArbeidsgehandicapt", ind(self.arbeidsgehandicapt))
