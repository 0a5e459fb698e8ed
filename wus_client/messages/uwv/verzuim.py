"""The verzuim flows: ziekteaangifte and betermelding (ZW and langdurig verzuim) and intrekking."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

from lxml import etree

from ...errors import MessageValidationError
from .. import rules
from .base import UwvMelding
from .codes import (
    InitiatiefnemerOntslag,
    RedenAangifteAo,
    RedenIntrekking,
    RedenRegres,
    RedenToepassenArt29b,
    RedenZiekmelding,
)
from .render import amount, dt14, hhmm, ind, opt, sub, ymd

__all__ = [
    "Betermelding",
    "BetermeldingLangdurig",
    "Intrekking",
    "OproepInvalZiekUitDienst",
    "Ziekteaangifte",
    "ZiekteaangifteLangdurig",
]

#: The settings keys of the UWV flows (``WUS_BERICHTSOORT_<FLOW>``).
UWV_FLOWS = (
    "ZIEKTEAANGIFTE_ZW",
    "BETERMELDING_ZW",
    "ZIEKTEAANGIFTE_LANGDURIG",
    "BETERMELDING_LANGDURIG",
    "AANVRAAG_WAZO",
)


def _eerste_ziektedag(melding: UwvMelding, value: date | None) -> None:
    rules.check_date("eerste_ziektedag", value, required=True)
    rules.check_not_before(
        "eerste_ziektedag", value, "werknemer.geboortedatum", melding.werknemer.geboortedatum
    )
    rules.check_not_before("opgesteld", melding.opgesteld_date(), "eerste_ziektedag", value)


def _code(field: str, value: object, enum_type: type[enum.Enum]) -> None:
    if value is not None:
        rules.check_one_of(field, value, list(enum_type))


@dataclass(frozen=True, kw_only=True)
class OproepInvalZiekUitDienst:
    """Extra facts for a zieke oproep-/invalkracht or someone who falls ill on leaving."""

    datum_opzegging: date | None = None
    initiatiefnemer_ontslag: InitiatiefnemerOntslag | None = None
    ontslag_op_staande_voet: bool | None = None
    aantal_keren_opgeroepen: int | None = None
    onderbreking_binnen_toegestane_periode: bool | None = None
    volgnummer_eerste_contract_reeks: int | None = None
    duur_langer_dan_toegestaan: bool | None = None
    aantal_contracten_bepaalde_tijd: int | None = None

    def check(self, prefix: str) -> None:
        rules.check_date(f"{prefix}.datum_opzegging", self.datum_opzegging)
        _code(f"{prefix}.initiatiefnemer_ontslag", self.initiatiefnemer_ontslag, InitiatiefnemerOntslag)
        rules.check_count(f"{prefix}.aantal_keren_opgeroepen", self.aantal_keren_opgeroepen, maximum=9999)
        rules.check_count(
            f"{prefix}.volgnummer_eerste_contract_reeks", self.volgnummer_eerste_contract_reeks, maximum=9999
        )
        rules.check_count(
            f"{prefix}.aantal_contracten_bepaalde_tijd", self.aantal_contracten_bepaalde_tijd, maximum=99
        )

    def render(self, parent: etree._Element) -> None:
        element = sub(parent, "OproepInvalZiekUitDienstMld")
        opt(element, "DatOpzeggenArbeidsovereenkomst", ymd(self.datum_opzegging))
        opt(element, "CdInitiatiefnemerOntslag", _s(self.initiatiefnemer_ontslag))
        opt(element, "IndOntslagOpStaandeVoet", ind(self.ontslag_op_staande_voet))
        opt(element, "AantKerenOpgeroepenVoorArbeid", _s(self.aantal_keren_opgeroepen))
        opt(element, "IndOndAokVoldoetAanToegestanePer", ind(self.onderbreking_binnen_toegestane_periode))
        opt(element, "NrEersteAokVanOpeenvolgendeReeks", _s(self.volgnummer_eerste_contract_reeks))
        opt(element, "IndDuurAokLangerDanToegestanePer", ind(self.duur_langer_dan_toegestaan))
        opt(element, "AantArbeidsovereenkBepaaldeTijd", _s(self.aantal_contracten_bepaalde_tijd))


def _s(value: object) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True, kw_only=True)
class Ziekteaangifte(UwvMelding):
    """Ziekteaangifte bij een Ziektewet-uitkering (``MeldingZiekte``)."""

    FLOW: ClassVar[str] = "ZIEKTEAANGIFTE_ZW"
    MELDING: ClassVar[str] = "MeldingZiekte"
    BANK_ACCOUNT_REQUIRED: ClassVar[bool] = True

    eerste_ziektedag: date
    reden: RedenAangifteAo
    reden_ziekmelding: RedenZiekmelding | None = None
    ontvangen_op: date | None = None
    laatste_gewerkte_dag: date | None = None
    eerstvolgende_werkdag: date | None = None
    gewerkte_uren_eerste_dag: timedelta | None = None
    roosteruren_eerste_dag: timedelta | None = None
    werkverplichting_eerste_dag: bool | None = None
    werkdag_zaterdag: bool | None = None
    werkdag_zondag: bool | None = None
    directe_uitkering: bool | None = None
    sv_loon_eerste_dag: Decimal | None = None
    sv_loon_per_dag_tijdens_ao: Decimal | None = None
    regres: RedenRegres | None = None
    reden_te_late_aanvraag: str | None = None
    gemiddelde_uren_per_week: timedelta | None = None
    reden_art29b: RedenToepassenArt29b | None = None
    einde_dienstverband_tijdens_ziekte: bool | None = None
    verwacht_herstel: date | None = None
    eigenrisicodrager: bool | None = None
    verzoek_tot_intrekken: bool | None = None
    oproep_of_uit_dienst: OproepInvalZiekUitDienst | None = None

    def check(self) -> None:
        _eerste_ziektedag(self, self.eerste_ziektedag)
        if self.reden is None:
            raise MessageValidationError("reden", "is required (a RedenAangifteAo code)")
        _code("reden", self.reden, RedenAangifteAo)
        _code("reden_ziekmelding", self.reden_ziekmelding, RedenZiekmelding)
        _code("regres", self.regres, RedenRegres)
        _code("reden_art29b", self.reden_art29b, RedenToepassenArt29b)
        for name in ("ontvangen_op", "laatste_gewerkte_dag", "eerstvolgende_werkdag", "verwacht_herstel"):
            rules.check_date(name, getattr(self, name))
        rules.check_not_before("opgesteld", self.opgesteld_date(), "ontvangen_op", self.ontvangen_op)
        rules.check_not_before(
            "eerste_ziektedag", self.eerste_ziektedag, "laatste_gewerkte_dag", self.laatste_gewerkte_dag
        )
        rules.check_not_before(
            "verwacht_herstel", self.verwacht_herstel, "eerste_ziektedag", self.eerste_ziektedag
        )
        rules.check_duration("gewerkte_uren_eerste_dag", self.gewerkte_uren_eerste_dag, max_hours=24)
        rules.check_duration("roosteruren_eerste_dag", self.roosteruren_eerste_dag, max_hours=24)
        rules.check_duration("gemiddelde_uren_per_week", self.gemiddelde_uren_per_week, max_hours=99)
        rules.check_amount("sv_loon_eerste_dag", self.sv_loon_eerste_dag)
        rules.check_amount("sv_loon_per_dag_tijdens_ao", self.sv_loon_per_dag_tijdens_ao)
        rules.check_text("reden_te_late_aanvraag", self.reden_te_late_aanvraag, max_len=256)
        if self.directe_uitkering and not self.werknemer.iban:
            raise MessageValidationError(
                "werknemer.iban", "directe_uitkering pays the werknemer, so the werknemer's IBAN is required"
            )
        if self.reden is RedenAangifteAo.ZIEK_UIT_DIENST and (
            self.dienstverband is None or self.dienstverband.datum_einde is None
        ):
            raise MessageValidationError(
                "dienstverband.datum_einde", "is required when reden is ZIEK_UIT_DIENST (03)"
            )
        if self.oproep_of_uit_dienst is not None:
            self.oproep_of_uit_dienst.check("oproep_of_uit_dienst")

    def render_melding(self, e: etree._Element) -> None:
        opt(e, "IndVerzoekTotIntrekken", ind(self.verzoek_tot_intrekken))
        opt(e, "ReferentieMelding", self.referentie)
        sub(e, "DatTijdOpstellenMelding", dt14(self.opgesteld))
        opt(e, "DatOntvangstMeldingWerkgever", ymd(self.ontvangen_op))
        sub(e, "DatEersteAoDag", ymd(self.eerste_ziektedag))
        opt(e, "ToelichtingMelding", self.toelichting)
        opt(e, "IndWerkverplichtingEersteAoDag", ind(self.werkverplichting_eerste_dag))
        opt(e, "IndDirecteUitkering", ind(self.directe_uitkering))
        sub(e, "CdRedenAangifteAo", str(self.reden))
        opt(e, "CdRedenZiekmelding", _s(self.reden_ziekmelding))
        opt(e, "DatLaatsteGewerkteDag", ymd(self.laatste_gewerkte_dag))
        opt(e, "DatEersteWerkdag", ymd(self.eerstvolgende_werkdag))
        opt(e, "AantGewerkteUrenEersteAoDag", hhmm(self.gewerkte_uren_eerste_dag))
        opt(e, "AantRoosterurenEersteAoDag", hhmm(self.roosteruren_eerste_dag))
        opt(e, "IndWerkdagOpZaterdag", ind(self.werkdag_zaterdag))
        opt(e, "IndWerkdagOpZondag", ind(self.werkdag_zondag))
        opt(e, "BedrSvLoonGedWerkenEersteAoDag", amount(self.sv_loon_eerste_dag))
        opt(e, "BedrSvLoonPerDagGedWerkenTijdAo", amount(self.sv_loon_per_dag_tijdens_ao))
        opt(e, "CdRedenRegres", _s(self.regres))
        opt(e, "OmsRedenTeLateAanvraagUitkering", self.reden_te_late_aanvraag)
        opt(e, "GemiddeldAantWerkurenPerWeek", hhmm(self.gemiddelde_uren_per_week))
        opt(e, "CdRedenToepassenArt29bZw", _s(self.reden_art29b))
        opt(e, "IndEDnstvrbndCtrTijdensZiekte", ind(self.einde_dienstverband_tijdens_ziekte))
        opt(e, "DatVerwachtHerstel", ymd(self.verwacht_herstel))
        opt(e, "IndErdMelding", ind(self.eigenrisicodrager))
        if self.oproep_of_uit_dienst is not None:
            self.oproep_of_uit_dienst.render(e)


@dataclass(frozen=True, kw_only=True)
class Betermelding(UwvMelding):
    """Betermelding na een Ziektewet-uitkering (``MeldingWerkhervatting``).

    Give exactly one of ``hersteld_op`` (volledig hersteld) and ``gedeeltelijk_hervat_op``
    (gedeeltelijke werkhervatting, optionally with the SV-loon per day earned meanwhile).
    """

    FLOW: ClassVar[str] = "BETERMELDING_ZW"
    MELDING: ClassVar[str] = "MeldingWerkhervatting"
    BANK_ACCOUNT_REQUIRED: ClassVar[bool] = True

    eerste_ziektedag: date
    hersteld_op: date | None = None
    gedeeltelijk_hervat_op: date | None = None
    sv_loon_per_dag_gedeeltelijk: Decimal | None = None
    ontvangen_op: date | None = None
    verzoek_tot_intrekken: bool | None = None

    def check(self) -> None:
        _eerste_ziektedag(self, self.eerste_ziektedag)
        if (self.hersteld_op is None) == (self.gedeeltelijk_hervat_op is None):
            raise MessageValidationError(
                "hersteld_op",
                "give exactly one of hersteld_op (volledig) and gedeeltelijk_hervat_op (gedeeltelijk)",
            )
        for name in ("hersteld_op", "gedeeltelijk_hervat_op", "ontvangen_op"):
            rules.check_date(name, getattr(self, name))
        rules.check_not_before("hersteld_op", self.hersteld_op, "eerste_ziektedag", self.eerste_ziektedag)
        rules.check_not_before(
            "gedeeltelijk_hervat_op", self.gedeeltelijk_hervat_op, "eerste_ziektedag", self.eerste_ziektedag
        )
        rules.check_not_before("opgesteld", self.opgesteld_date(), "ontvangen_op", self.ontvangen_op)
        if self.sv_loon_per_dag_gedeeltelijk is not None and self.gedeeltelijk_hervat_op is None:
            raise MessageValidationError(
                "sv_loon_per_dag_gedeeltelijk", "only belongs to a gedeeltelijke werkhervatting"
            )
        rules.check_amount("sv_loon_per_dag_gedeeltelijk", self.sv_loon_per_dag_gedeeltelijk)

    def render_melding(self, e: etree._Element) -> None:
        opt(e, "IndVerzoekTotIntrekken", ind(self.verzoek_tot_intrekken))
        opt(e, "ReferentieMelding", self.referentie)
        sub(e, "DatTijdOpstellenMelding", dt14(self.opgesteld))
        opt(e, "DatOntvangstMeldingWerkgever", ymd(self.ontvangen_op))
        sub(e, "DatEersteAoDag", ymd(self.eerste_ziektedag))
        if self.gedeeltelijk_hervat_op is not None:
            part = sub(e, "WerkhervattingGedeeltelijk")
            sub(part, "DatGedeeltelijkeWerkhervatting", ymd(self.gedeeltelijk_hervat_op))
            opt(part, "BedrSvLoonPerDagGedWerkenTijdAo", amount(self.sv_loon_per_dag_gedeeltelijk))
        else:
            sub(sub(e, "VolledigHersteld"), "DatHersteld", ymd(self.hersteld_op))


@dataclass(frozen=True, kw_only=True)
class ZiekteaangifteLangdurig(UwvMelding):
    """Ziekteaangifte i.v.m. langdurig verzuim, the 42e-weeksmelding (``MeldingLangdurigAo``)."""

    FLOW: ClassVar[str] = "ZIEKTEAANGIFTE_LANGDURIG"
    MELDING: ClassVar[str] = "MeldingLangdurigAo"

    eerste_ziektedag: date
    onafgebroken_ziek: bool | None = None
    verzoek_tot_intrekken: bool | None = None

    def check(self) -> None:
        _eerste_ziektedag(self, self.eerste_ziektedag)

    def render_melding(self, e: etree._Element) -> None:
        opt(e, "IndVerzoekTotIntrekken", ind(self.verzoek_tot_intrekken))
        opt(e, "ReferentieMelding", self.referentie)
        sub(e, "DatEersteAoDag", ymd(self.eerste_ziektedag))
        opt(e, "IndOnafgebrokenAo", ind(self.onafgebroken_ziek))


@dataclass(frozen=True, kw_only=True)
class BetermeldingLangdurig(UwvMelding):
    """Betermelding na langdurig verzuim (``MeldingHersteldLangdurigAo``)."""

    FLOW: ClassVar[str] = "BETERMELDING_LANGDURIG"
    MELDING: ClassVar[str] = "MeldingHersteldLangdurigAo"

    eerste_ziektedag: date
    hersteld_op: date
    verzoek_tot_intrekken: bool | None = None

    def check(self) -> None:
        _eerste_ziektedag(self, self.eerste_ziektedag)
        rules.check_date("hersteld_op", self.hersteld_op, required=True)
        rules.check_not_before("hersteld_op", self.hersteld_op, "eerste_ziektedag", self.eerste_ziektedag)

    def render_melding(self, e: etree._Element) -> None:
        opt(e, "IndVerzoekTotIntrekken", ind(self.verzoek_tot_intrekken))
        opt(e, "ReferentieMelding", self.referentie)
        sub(e, "DatHersteld", ymd(self.hersteld_op))
        sub(e, "DatEersteAoDag", ymd(self.eerste_ziektedag))


_FLOW_BY_REDEN = {
    RedenIntrekking.ZIEKTEAANGIFTE: "ZIEKTEAANGIFTE_ZW",
    RedenIntrekking.HERSTELDMELDING: "BETERMELDING_ZW",
}


@dataclass(frozen=True, kw_only=True)
class Intrekking(UwvMelding):
    """Withdraws an earlier melding (``MeldingIntrekking``); sent in the flow of that melding.

    ``ingetrokken_flow`` names that flow; by default it follows from ``reden``
    (ziekteaangifte -> ZIEKTEAANGIFTE_ZW, hersteldmelding -> BETERMELDING_ZW). Identify the
    withdrawn melding by its ``referentie`` and/or ``eerste_ziektedag``.
    """

    MELDING: ClassVar[str] = "MeldingIntrekking"

    reden: RedenIntrekking
    eerste_ziektedag: date | None = None
    ingetrokken_flow: str | None = None

    @property
    def flow(self) -> str:
        if self.ingetrokken_flow:
            return self.ingetrokken_flow
        return _FLOW_BY_REDEN.get(self.reden, "ZIEKTEAANGIFTE_ZW")

    @property
    def filename(self) -> str:
        return self.bestandsnaam or "intrekking.xml"

    def check(self) -> None:
        if self.reden is None:
            raise MessageValidationError("reden", "is required (a RedenIntrekking code)")
        _code("reden", self.reden, RedenIntrekking)
        if self.ingetrokken_flow is not None:
            rules.check_one_of("ingetrokken_flow", self.ingetrokken_flow, UWV_FLOWS)
        if self.referentie is None and self.eerste_ziektedag is None:
            raise MessageValidationError(
                "referentie", "name the melding to withdraw: give its referentie and/or eerste_ziektedag"
            )
        if self.eerste_ziektedag is not None:
            _eerste_ziektedag(self, self.eerste_ziektedag)

    def render_melding(self, e: etree._Element) -> None:
        opt(e, "ReferentieMelding", self.referentie)
        opt(e, "DatEersteAoDag", ymd(self.eerste_ziektedag))
        sub(e, "CdRedenMeldingIntrekken", str(self.reden))
