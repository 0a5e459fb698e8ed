"""Aanvraag WAZO-uitkering: zwangerschaps-, bevallings-, adoptie-, pleegzorg-, meerlingenverlof,
aanvullend geboorteverlof and betaald ouderschapsverlof (``MeldingWazo``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from lxml import etree

from ...errors import MessageValidationError
from .. import rules
from .base import UwvMelding
from .codes import RedenAanvraagWazo, RedenAanvraagWibo
from .render import dt14, hhmm, ind, opt, sub, ymd

__all__ = ["WazoAanvraag"]

R = RedenAanvraagWazo

_PREGNANCY = {R.ZWANGERSCHAPS_BEVALLINGSVERLOF, R.MEERLINGENVERLOF}
_PAID_PARENTAL = {
    R.BETAALD_OUDERSCHAPSVERLOF_GEBOORTE: RedenAanvraagWibo.GEBOORTE,
    R.BETAALD_OUDERSCHAPSVERLOF_ADOPTIE: RedenAanvraagWibo.ADOPTIE,
    R.BETAALD_OUDERSCHAPSVERLOF_PLEEGZORG: RedenAanvraagWibo.PLEEGZORG,
    R.BETAALD_OUDERSCHAPSVERLOF_SAMENWONEND: RedenAanvraagWibo.SAMENWONEN_MET_KIND,
}

#: Fields that only make sense for some reasons; anything else given is refused.
_ONLY_FOR: dict[str, set[RedenAanvraagWazo]] = {
    "vermoedelijke_bevallingsdatum": _PREGNANCY,
    "weken_aanvullend_geboorteverlof": {R.AANVULLEND_GEBOORTEVERLOF},
    "geboorteverlof_opgenomen": {R.AANVULLEND_GEBOORTEVERLOF},
    "reden_wibo": set(_PAID_PARENTAL),
    "datum_reden_wibo": set(_PAID_PARENTAL),
    "ingangsdatum_betaalverzoek": set(_PAID_PARENTAL),
    "weken_verlof": set(_PAID_PARENTAL),
    "verlof_opgenomen": set(_PAID_PARENTAL),
}


@dataclass(frozen=True, kw_only=True)
class WazoAanvraag(UwvMelding):
    """Aanvraag WAZO-uitkering by the employer, for any ``reden`` of Code Reden Aanvraag WAZO.

    Per reden: zwangerschaps-/bevallingsverlof and meerlingenverlof need the
    ``vermoedelijke_bevallingsdatum``; aanvullend geboorteverlof needs the
    ``bevallingsdatum``, ``weken_aanvullend_geboorteverlof`` (1-5) and
    ``geboorteverlof_opgenomen=True``; betaald ouderschapsverlof (06-09) needs
    ``datum_reden_wibo`` (birth, adoption, placement or start of living together) and
    ``weken_verlof`` (1-9). Every reden needs ``gewenste_ingangsdatum``.
    """

    FLOW: ClassVar[str] = "AANVRAAG_WAZO"
    MELDING: ClassVar[str] = "MeldingWazo"
    BANK_ACCOUNT_REQUIRED: ClassVar[bool] = True

    reden: RedenAanvraagWazo
    gewenste_ingangsdatum: date
    vermoedelijke_bevallingsdatum: date | None = None
    bevallingsdatum: date | None = None
    speciale_situatie: bool | None = None
    directe_uitkering: bool | None = None
    weken_aanvullend_geboorteverlof: int | None = None
    geboorteverlof_opgenomen: bool | None = None
    reden_wibo: RedenAanvraagWibo | None = None
    aantal_kinderen: int | None = None
    datum_reden_wibo: date | None = None
    verzorging_kind: bool | None = None
    ingangsdatum_betaalverzoek: date | None = None
    weken_verlof: int | None = None
    verlof_opgenomen: bool | None = None
    gemiddelde_uren_per_week: timedelta | None = None
    verzoek_tot_intrekken: bool | None = None

    @property
    def wibo_code(self) -> RedenAanvraagWibo | None:
        """The Wibo reason rendered: given, or derived from a betaald-ouderschapsverlof reden."""
        return self.reden_wibo or _PAID_PARENTAL.get(self.reden)

    def check(self) -> None:
        if self.reden is None:
            raise MessageValidationError("reden", "is required (a RedenAanvraagWazo code)")
        rules.check_one_of("reden", self.reden, list(RedenAanvraagWazo))
        reden = RedenAanvraagWazo(self.reden)
        for name in (
            "gewenste_ingangsdatum",
            "vermoedelijke_bevallingsdatum",
            "bevallingsdatum",
            "datum_reden_wibo",
            "ingangsdatum_betaalverzoek",
        ):
            rules.check_date(name, getattr(self, name), required=name == "gewenste_ingangsdatum")
        for name, allowed in _ONLY_FOR.items():
            if getattr(self, name) is not None and reden not in allowed:
                codes = ", ".join(sorted(str(r) for r in allowed))
                raise MessageValidationError(name, f"only applies to reden {codes}, not {reden.value}")
        rules.check_not_before("opgesteld", self.opgesteld_date(), "bevallingsdatum", self.bevallingsdatum)
        rules.check_not_before(
            "bevallingsdatum", self.bevallingsdatum, "werknemer.geboortedatum", self.werknemer.geboortedatum
        )
        rules.check_count("aantal_kinderen", self.aantal_kinderen, minimum=1, maximum=99)
        rules.check_duration("gemiddelde_uren_per_week", self.gemiddelde_uren_per_week, max_hours=99)
        if self.directe_uitkering and not self.werknemer.iban:
            raise MessageValidationError(
                "werknemer.iban", "directe_uitkering pays the werknemer, so the werknemer's IBAN is required"
            )
        if reden in _PREGNANCY:
            self._check_pregnancy()
        elif reden is R.AANVULLEND_GEBOORTEVERLOF:
            self._check_aanvullend_geboorteverlof()
        elif reden in _PAID_PARENTAL:
            self._check_paid_parental(reden)

    def _check_pregnancy(self) -> None:
        if self.vermoedelijke_bevallingsdatum is None:
            raise MessageValidationError(
                "vermoedelijke_bevallingsdatum", f"is required for reden {self.reden}"
            )
        rules.check_not_before(
            "vermoedelijke_bevallingsdatum",
            self.vermoedelijke_bevallingsdatum,
            "werknemer.geboortedatum",
            self.werknemer.geboortedatum,
        )
        if self.gewenste_ingangsdatum > self.vermoedelijke_bevallingsdatum:
            raise MessageValidationError(
                "gewenste_ingangsdatum",
                f"{self.gewenste_ingangsdatum.isoformat()} lies after vermoedelijke_bevallingsdatum "
                f"({self.vermoedelijke_bevallingsdatum.isoformat()}); the leave starts before the due date",
            )

    def _check_aanvullend_geboorteverlof(self) -> None:
        if self.bevallingsdatum is None:
            raise MessageValidationError("bevallingsdatum", "is required for aanvullend geboorteverlof (05)")
        if self.weken_aanvullend_geboorteverlof is None:
            raise MessageValidationError(
                "weken_aanvullend_geboorteverlof", "is required for reden 05 (1 to 5)"
            )
        rules.check_count(
            "weken_aanvullend_geboorteverlof", self.weken_aanvullend_geboorteverlof, minimum=1, maximum=5
        )
        if self.geboorteverlof_opgenomen is not True:
            raise MessageValidationError(
                "geboorteverlof_opgenomen",
                "aanvullend geboorteverlof requires the geboorteverlof to be taken first",
            )
        rules.check_not_before(
            "gewenste_ingangsdatum", self.gewenste_ingangsdatum, "bevallingsdatum", self.bevallingsdatum
        )

    def _check_paid_parental(self, reden: RedenAanvraagWazo) -> None:
        expected = _PAID_PARENTAL[reden]
        if self.reden_wibo is not None:
            rules.check_one_of("reden_wibo", self.reden_wibo, list(RedenAanvraagWibo))
            if self.reden_wibo != expected:
                raise MessageValidationError(
                    "reden_wibo",
                    f"{self.reden_wibo} does not match reden {reden.value} (expects {expected.value})",
                )
        if self.datum_reden_wibo is None:
            raise MessageValidationError("datum_reden_wibo", f"is required for reden {reden.value}")
        if self.weken_verlof is None:
            raise MessageValidationError("weken_verlof", f"is required for reden {reden.value} (1 to 9)")
        rules.check_count("weken_verlof", self.weken_verlof, minimum=1, maximum=9)
        rules.check_not_before(
            "gewenste_ingangsdatum", self.gewenste_ingangsdatum, "datum_reden_wibo", self.datum_reden_wibo
        )
        rules.check_not_before(
            "ingangsdatum_betaalverzoek",
            self.ingangsdatum_betaalverzoek,
            "datum_reden_wibo",
            self.datum_reden_wibo,
        )

    def render_melding(self, e: etree._Element) -> None:
        opt(e, "DatBevalling", ymd(self.bevallingsdatum))
        opt(e, "IndVerzoekTotIntrekken", ind(self.verzoek_tot_intrekken))
        opt(e, "ReferentieMelding", self.referentie)
        sub(e, "DatTijdOpstellenMelding", dt14(self.opgesteld))
        opt(e, "ToelichtingMelding", self.toelichting)
        opt(e, "IndDirecteUitkering", ind(self.directe_uitkering))
        sub(e, "CdRedenAanvraagWazo", str(self.reden))
        opt(e, "IndSpecialeSituatie", ind(self.speciale_situatie))
        sub(e, "DatGewensteAanvangWazoVerlof", ymd(self.gewenste_ingangsdatum))
        opt(e, "DatVermoedelijkeBevalling", ymd(self.vermoedelijke_bevallingsdatum))
        opt(e, "AantWekenAanvGeboorteverlof", _s(self.weken_aanvullend_geboorteverlof))
        opt(e, "IndGeboorteverlofOpgenomen", ind(self.geboorteverlof_opgenomen))
        opt(e, "CdRedenAanvraagUitkWibo", _s(self.wibo_code))
        opt(e, "AantKinderenAanvraagUitkering", _s(self.aantal_kinderen))
        opt(e, "DatBRedenAanvraagUitkWibo", ymd(self.datum_reden_wibo))
        opt(e, "IndVerzorgingKind", ind(self.verzorging_kind))
        opt(e, "DatBBetaalverzoek", ymd(self.ingangsdatum_betaalverzoek))
        opt(e, "AantWekenVerlof", _s(self.weken_verlof))
        opt(e, "IndVerlofOpgenomen", ind(self.verlof_opgenomen))
        opt(e, "GemiddeldAantWerkurenPerWeek", hhmm(self.gemiddelde_uren_per_week))


def _s(value: object) -> str | None:
    return None if value is None else str(value)
