"""UWV code lists used by the verzuim and WAZO messages.

Values and meanings follow UWV's functional description of ``UwvZwMeldingInternBody``
v04.28 (the code lists named in the comments). Member names are ours.
"""

from __future__ import annotations

import enum

__all__ = [
    "SECTOREN_OSV",
    "AardArbeidsverhouding",
    "Adresrol",
    "BerichtType",
    "Geslacht",
    "InitiatiefnemerOntslag",
    "RedenAangifteAo",
    "RedenAanvraagWazo",
    "RedenAanvraagWibo",
    "RedenIntrekking",
    "RedenRegres",
    "RedenToepassenArt29b",
    "RedenZiekmelding",
    "RolKetenpartij",
    "SoortIndiener",
]


class BerichtType(enum.StrEnum):
    """Code Berichttype (subset in the ZW melding). Digipoort submissions arrive as OTP3."""

    OTP3 = "OTP3"
    OTP1 = "OTP1"
    VERZUIMMELDER = "VM"
    ZIEK_EN_BETERMELDER = "ZBM"
    ZIEK_EN_BETERMELDER_APP = "ZBMA"


class Geslacht(enum.StrEnum):
    """Geslacht."""

    ONBEKEND = "0"
    MAN = "1"
    VROUW = "2"
    NIET_GESPECIFICEERD = "9"


class RolKetenpartij(enum.StrEnum):
    """Code Rol Ketenpartij."""

    AANSPREEKPUNT_INHOUD = "01"
    AANSPREEKPUNT_VERZENDEN = "02"


class SoortIndiener(enum.StrEnum):
    """Code Soort Indiener."""

    VERZEKERDE = "VZ"
    WERKGEVER = "WG"


class Adresrol(enum.StrEnum):
    """Code Adresrol."""

    VERBLIJFADRES_AFWIJKEND_WOONLAND = "A"
    BRIEFADRES = "B"
    CORRESPONDENTIEADRES = "C"
    DOMICILIEADRES = "D"
    FEITELIJK_ADRES = "F"
    CORRESPONDENTIEADRES_GEMACHTIGDE = "G"
    CORRESPONDENTIEADRES_WETTELIJK_VERTEGENWOORDIGER = "J"
    VERBLIJFADRES_BIJ_ZIEKTE = "V"
    WOONADRES = "W"
    VERPLEEGADRES = "Z"


class RedenAangifteAo(enum.StrEnum):
    """Code Reden Aangifte AO: why the employee is reported sick for a ZW benefit."""

    ZIEKE_UITZENDKRACHT = "01"
    ZIEKE_OPROEPKRACHT = "02"
    ZIEK_UIT_DIENST = "03"
    ZIEK_NO_RISK = "04"
    ZIEK_OVERIG_ART_4_OF_5 = "05"
    ZIEK_DOOR_ZWANGERSCHAP = "06"
    ZIEK_DOOR_BEVALLING = "07"
    ORGAANDONATIE = "08"
    OVERIG = "99"


class RedenZiekmelding(enum.StrEnum):
    """Code Reden Ziekmelding ZW."""

    TOESLAG_OP_LOON = "01"
    ADOPTIEVERLOF = "02"
    PLEEGZORGVERLOF = "03"
    ZWANGERSCHAPS_BEVALLINGSVERLOF = "04"
    ZIEK_DOOR_BEVALLING = "05"
    ZIEK_ANDERS = "06"
    ORGAANDONATIE = "07"
    ZIEK_DOOR_ZWANGERSCHAP = "08"
    OVERIG = "99"


class RedenRegres(enum.StrEnum):
    """Code Reden Regres: was the incapacity caused by an accident or a third party."""

    ONGEVAL = "1"
    DOOR_DERDE = "2"
    NIET_VAN_TOEPASSING = "3"


class RedenToepassenArt29b(enum.StrEnum):
    """Code Reden Toepassen Artikel 29B ZW (no-riskpolis grounds)."""

    SAMENLOOP_WIA = "01"
    GEEN_RECHT_WIA_NIET_WERKZAAM = "02"
    SAMENLOOP_WAO_WAZ = "03"
    JONGER_DAN_18_ONDERWIJSBELEMMERING = "04"
    VANAF_18_ONDERWIJSBELEMMERING_GEEN_WAJONG = "05"
    RECHT_WAJONG_VOORAFGAAND = "06"
    WAJONG_ONTVANGEN = "07"
    OORDEEL_CWI_BEPERKING = "08"
    INDICATIE_WSW = "09"
    ARBEIDSOVEREENKOMST_ART7_WSW = "10"
    VOORZIENING_ARBEIDSGESCHIKTHEID = "11"


class InitiatiefnemerOntslag(enum.StrEnum):
    """Code Initiatiefnemer Ontslag."""

    WERKNEMER = "1"
    WERKGEVER = "2"


class RedenAanvraagWazo(enum.StrEnum):
    """Code Reden Aanvraag WAZO: every kind of leave the WAZO-aanvraag covers."""

    ZWANGERSCHAPS_BEVALLINGSVERLOF = "01"
    ADOPTIEVERLOF = "02"
    PLEEGZORGVERLOF = "03"
    MEERLINGENVERLOF = "04"
    AANVULLEND_GEBOORTEVERLOF = "05"
    BETAALD_OUDERSCHAPSVERLOF_GEBOORTE = "06"
    BETAALD_OUDERSCHAPSVERLOF_ADOPTIE = "07"
    BETAALD_OUDERSCHAPSVERLOF_PLEEGZORG = "08"
    BETAALD_OUDERSCHAPSVERLOF_SAMENWONEND = "09"


class RedenAanvraagWibo(enum.StrEnum):
    """Code reden aanvraag uitkering Wibo (betaald ouderschapsverlof)."""

    GEBOORTE = "01"
    ADOPTIE = "02"
    PLEEGZORG = "03"
    SAMENWONEN_MET_KIND = "04"


class RedenIntrekking(enum.StrEnum):
    """Code Reden Melding Intrekken: which kind of melding is withdrawn."""

    ZIEKTEAANGIFTE = "1"
    HERSTELDMELDING = "2"


class AardArbeidsverhouding(enum.StrEnum):
    """Code Aard Arbeidsverhouding (codes ended by UWV are kept for older employments)."""

    ARBEIDSOVEREENKOMST = "01"
    AANNEMING_VAN_WERK = "02"
    BESTUURDER_COOPERATIE = "03"
    DEELVISSER = "04"
    DIENSTPLICHTIG_MILITAIR = "05"
    MUSICUS_ARTIEST = "06"
    STAGIAIR = "07"
    THUISWERKER = "08"
    VERTEGENWOORDIGER = "09"
    WSW = "10"
    UITZENDKRACHT = "11"
    PERSOONLIJKE_ARBEID = "12"
    AMBTENAAR = "13"
    TOPSPORTER = "14"
    VUTTER = "17"
    PUBLIEKRECHTELIJKE_AANSTELLING = "18"
    ONTSLAGUITKERING = "19"
    WSW_BESCHUT_WERK = "21"
    WSW_DETACHERING = "22"
    WSW_BEGELEID_WERK = "23"
    PARTICIPATIEWET_BESCHUT_WERK = "24"
    WERK_ALS_ZELFSTANDIGE = "78"
    OPTING_IN = "79"
    SEKSWERKER_FICTIEF = "80"
    OVERIGE_FICTIEVE_DIENSTBETREKKING = "81"
    PAYROLLING = "82"
    BBL = "83"


#: Code Sector Osv: 001..069 (with gaps) and 998 "sector niet van toepassing".
SECTOREN_OSV: frozenset[str] = frozenset([f"{n:03d}" for n in range(1, 70) if n not in (36, 37)] + ["998"])
