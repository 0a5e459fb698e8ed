"""Valid sample UWV meldingen, one per flow, shared by the message tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from wus_client.messages.uwv import (
    AardArbeidsverhouding,
    Adres,
    Adresrol,
    Arbeidsverhouding,
    Betermelding,
    BetermeldingLangdurig,
    Contactpersoon,
    Geslacht,
    Intrekking,
    RedenAangifteAo,
    RedenAanvraagWazo,
    RedenIntrekking,
    RedenRegres,
    RedenZiekmelding,
    SectorRisicogroep,
    UwvMelding,
    WazoAanvraag,
    Werkgever,
    Werknemer,
    Ziekteaangifte,
    ZiekteaangifteLangdurig,
)

LHNR = "136916557L01"
BSN = "111222333"  # passes the BSN elfproef
IBAN_WERKGEVER = "NL91ABNA0417164300"
IBAN_WERKNEMER = "NL20INGB0001234567"
OPGESTELD = datetime(2025, 10, 8, 11, 0, tzinfo=UTC)  # 13:00 Dutch summer time

WERKGEVER = Werkgever(
    loonheffingennummer=LHNR,
    naam="Bakkerij De Korst BV",
    iban=IBAN_WERKGEVER,
    bic="ABNANL2A",
    sectoren=(SectorRisicogroep(sector="013", risicopremiegroep="01"),),
)
WERKNEMER = Werknemer(
    bsn=BSN,
    geboortedatum=date(1991, 5, 30),
    achternaam="Jong",
    voorvoegsel="de",
    voorletters="B",
    eerste_voornaam="Bianca",
    geslacht=Geslacht.VROUW,
    telefoon="0594512880",
    adressen=(
        Adres(
            rol=Adresrol.WOONADRES,
            straat="Dorpsstraat",
            huisnummer=12,
            postcode="9831AB",
            woonplaats="Aduard",
        ),
    ),
)
CONTACT = Contactpersoon(naam="Guust Flater", telefoon="0201234567", email="salaris@korst.example")
DIENSTVERBAND = Arbeidsverhouding(
    volgnummer=1,
    personeelsnummer="P-0042",
    beroep="Bakker",
    aard=AardArbeidsverhouding.ARBEIDSOVEREENKOMST,
    datum_aanvang=date(2021, 7, 1),
    loonheffingskorting=True,
)
COMMON: dict[str, Any] = {
    "werkgever": WERKGEVER,
    "werknemer": WERKNEMER,
    "opgesteld": OPGESTELD,
    "contact": CONTACT,
    "dienstverband": DIENSTVERBAND,
    "referentie": "REF-2025-0042",
}


def ziekteaangifte(**changes: Any) -> Ziekteaangifte:
    values: dict[str, Any] = {
        **COMMON,
        "eerste_ziektedag": date(2025, 7, 1),
        "reden": RedenAangifteAo.ZIEKE_OPROEPKRACHT,
        "reden_ziekmelding": RedenZiekmelding.ZIEK_ANDERS,
        "ontvangen_op": date(2025, 7, 1),
        "laatste_gewerkte_dag": date(2025, 6, 30),
        "gewerkte_uren_eerste_dag": timedelta(hours=1),
        "roosteruren_eerste_dag": timedelta(hours=8),
        "werkdag_zaterdag": False,
        "werkdag_zondag": False,
        "sv_loon_eerste_dag": Decimal("12.5"),
        "regres": RedenRegres.NIET_VAN_TOEPASSING,
        "gemiddelde_uren_per_week": timedelta(hours=38, minutes=30),
        "toelichting": "Ziek na nachtdienst",
    }
    values.update(changes)
    return Ziekteaangifte(**values)


def betermelding(**changes: Any) -> Betermelding:
    values: dict[str, Any] = {
        **COMMON,
        "eerste_ziektedag": date(2025, 7, 1),
        "hersteld_op": date(2025, 9, 15),
    }
    values.update(changes)
    return Betermelding(**values)


def betermelding_gedeeltelijk(**changes: Any) -> Betermelding:
    values: dict[str, Any] = {
        **COMMON,
        "eerste_ziektedag": date(2025, 7, 1),
        "gedeeltelijk_hervat_op": date(2025, 8, 4),
        "sv_loon_per_dag_gedeeltelijk": Decimal("61.20"),
    }
    values.update(changes)
    return Betermelding(**values)


def langdurig(**changes: Any) -> ZiekteaangifteLangdurig:
    values: dict[str, Any] = {**COMMON, "eerste_ziektedag": date(2024, 12, 16), "onafgebroken_ziek": True}
    values.update(changes)
    return ZiekteaangifteLangdurig(**values)


def betermelding_langdurig(**changes: Any) -> BetermeldingLangdurig:
    values: dict[str, Any] = {
        **COMMON,
        "eerste_ziektedag": date(2024, 12, 16),
        "hersteld_op": date(2025, 10, 1),
    }
    values.update(changes)
    return BetermeldingLangdurig(**values)


def wazo(**changes: Any) -> WazoAanvraag:
    values: dict[str, Any] = {
        **COMMON,
        "reden": RedenAanvraagWazo.ZWANGERSCHAPS_BEVALLINGSVERLOF,
        "vermoedelijke_bevallingsdatum": date(2025, 12, 1),
        "gewenste_ingangsdatum": date(2025, 10, 27),
        "gemiddelde_uren_per_week": timedelta(hours=32),
    }
    values.update(changes)
    return WazoAanvraag(**values)


def intrekking(**changes: Any) -> Intrekking:
    values: dict[str, Any] = {
        **COMMON,
        "reden": RedenIntrekking.ZIEKTEAANGIFTE,
        "eerste_ziektedag": date(2025, 7, 1),
    }
    values.update(changes)
    return Intrekking(**values)


#: (name, factory, melding element) for every flow.
FLOWS: list[tuple[str, Any, str]] = [
    ("ziekteaangifte", ziekteaangifte, "MeldingZiekte"),
    ("betermelding-volledig", betermelding, "MeldingWerkhervatting"),
    ("betermelding-gedeeltelijk", betermelding_gedeeltelijk, "MeldingWerkhervatting"),
    ("42e-week", langdurig, "MeldingLangdurigAo"),
    ("betermelding-langdurig", betermelding_langdurig, "MeldingHersteldLangdurigAo"),
    ("wazo", wazo, "MeldingWazo"),
    ("intrekking", intrekking, "MeldingIntrekking"),
]


def all_samples() -> list[UwvMelding]:
    return [factory() for _name, factory, _element in FLOWS]
