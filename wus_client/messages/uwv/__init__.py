"""UWV verzuim and WAZO messages ("UWV Digitaal melden"), one class per flow.

=========================  ==========================  ===========================
class                      flow (settings key)         UWV melding element
=========================  ==========================  ===========================
Ziekteaangifte             ZIEKTEAANGIFTE_ZW           MeldingZiekte
Betermelding               BETERMELDING_ZW             MeldingWerkhervatting
ZiekteaangifteLangdurig    ZIEKTEAANGIFTE_LANGDURIG    MeldingLangdurigAo (42e week)
BetermeldingLangdurig      BETERMELDING_LANGDURIG      MeldingHersteldLangdurigAo
WazoAanvraag               AANVRAAG_WAZO               MeldingWazo
Intrekking                 flow of the withdrawn one   MeldingIntrekking
=========================  ==========================  ===========================

The XML follows UWV's public ``UwvZwMeldingInternBody`` v04.28 structure and code lists;
every message is validated against our own XSD (``schemas/uwv/``) before it is sent.
"""

from __future__ import annotations

from .base import UwvMelding, uwv_schema
from .codes import (
    SECTOREN_OSV,
    AardArbeidsverhouding,
    Adresrol,
    BerichtType,
    Geslacht,
    InitiatiefnemerOntslag,
    RedenAangifteAo,
    RedenAanvraagWazo,
    RedenAanvraagWibo,
    RedenIntrekking,
    RedenRegres,
    RedenToepassenArt29b,
    RedenZiekmelding,
    RolKetenpartij,
    SoortIndiener,
)
from .parties import (
    Adres,
    Arbeidsverhouding,
    Contactpersoon,
    Indiener,
    SectorRisicogroep,
    Werkgever,
    Werknemer,
)
from .render import NS
from .verzuim import (
    UWV_FLOWS,
    Betermelding,
    BetermeldingLangdurig,
    Intrekking,
    OproepInvalZiekUitDienst,
    Ziekteaangifte,
    ZiekteaangifteLangdurig,
)
from .wazo import WazoAanvraag

__all__ = [
    "NS",
    "SECTOREN_OSV",
    "UWV_FLOWS",
    "AardArbeidsverhouding",
    "Adres",
    "Adresrol",
    "Arbeidsverhouding",
    "BerichtType",
    "Betermelding",
    "BetermeldingLangdurig",
    "Contactpersoon",
    "Geslacht",
    "Indiener",
    "InitiatiefnemerOntslag",
    "Intrekking",
    "OproepInvalZiekUitDienst",
    "RedenAangifteAo",
    "RedenAanvraagWazo",
    "RedenAanvraagWibo",
    "RedenIntrekking",
    "RedenRegres",
    "RedenToepassenArt29b",
    "RedenZiekmelding",
    "RolKetenpartij",
    "SectorRisicogroep",
    "SoortIndiener",
    "UwvMelding",
    "WazoAanvraag",
    "Werkgever",
    "Werknemer",
    "Ziekteaangifte",
    "ZiekteaangifteLangdurig",
    "uwv_schema",
]
