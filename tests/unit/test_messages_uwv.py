"""UWV verzuim/WAZO meldingen: rendering, our XSD, UWV's public XSD, and every rule's error."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import uwv_samples as s
from lxml import etree

from wus_client.errors import MessageValidationError
from wus_client.messages import Message
from wus_client.messages.uwv import (
    NS,
    Indiener,
    RedenAangifteAo,
    RedenAanvraagWazo,
    RedenAanvraagWibo,
    RedenIntrekking,
    Werkgever,
    Werknemer,
    uwv_schema,
)
from wus_client.models import Identity

N = {"m": NS}


def _tree(message: Any) -> etree._Element:
    return etree.fromstring(message.to_xml())


def _text(message: Any, xpath: str) -> list[str]:
    return [str(t) for t in _tree(message).xpath(xpath + "/text()", namespaces=N)]


# --- every flow renders, validates against our XSD and UWV's --------------------------------


@pytest.mark.parametrize(("name", "factory", "element"), s.FLOWS, ids=[f[0] for f in s.FLOWS])
def test_each_flow_validates_against_our_xsd(name: str, factory: Any, element: str) -> None:
    message = factory()
    assert isinstance(message, Message)
    message.validate()
    root = _tree(message)
    assert root.tag == f"{{{NS}}}UwvZwMeldingInternBody"
    assert uwv_schema().validate(root)
    meldingen = [c for c in root if etree.QName(c).localname.startswith("Melding")]
    assert [etree.QName(c).localname for c in meldingen] == [element]


@pytest.fixture(scope="module")
def uwv_public_schema(reference_dir: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(
        etree.parse(str(reference_dir / "uwv" / "UwvZwMeldingInternBody-v0428-b01.xsd"), parser)
    )


@pytest.mark.reference
@pytest.mark.parametrize(("name", "factory", "element"), s.FLOWS, ids=[f[0] for f in s.FLOWS])
def test_each_flow_validates_against_uwv_public_xsd(
    uwv_public_schema: etree.XMLSchema, name: str, factory: Any, element: str
) -> None:
    root = _tree(factory())
    assert uwv_public_schema.validate(root), uwv_public_schema.error_log


@pytest.mark.reference
def test_our_xsd_accepts_the_structure_of_uwvs_example(reference_dir: Path) -> None:
    """UWV's VOORBEELD melding, cut to what we emit, passes our stricter schema: same names and order."""
    path = reference_dir / "uwv" / "GAP3 v0428 Digipoort OTP3 MeldingZiekte - VOORBEELD.xml"
    body = etree.parse(str(path)).getroot().find(f".//{{{NS}}}UwvZwMeldingInternBody")
    assert body is not None
    drop = [
        "m:NatuurlijkPersoon/m:IndOverlijden",
        "m:NatuurlijkPersoon/m:Voorvoegsel",
        "m:NatuurlijkPersoon/m:TelefoonnrBuitenland",
        "m:AdministratieveEenheid/m:Bankrekening/m:Bankrekeningnr",
        "m:AdministratieveEenheid/m:Arbeidsverhouding/m:CdLbtabel",
        "m:AdministratieveEenheid/m:Arbeidsverhouding/m:OproepInvalZiekUitDienstArbv",
        "m:Ketenpartij/m:BerichtkenmerkIndiener",
    ]
    for xpath in drop:
        for node in body.xpath(xpath, namespaces=N):
            node.getparent().remove(node)
    for node in body.iter(etree.Comment):
        node.getparent().remove(node)
    geboortedat = body.find("m:NatuurlijkPersoon/m:Geboortedat", N)
    assert geboortedat is not None
    geboortedat.text = "19910530"  # the example's 19913005 has month 30
    schema = uwv_schema()
    assert schema.validate(body), schema.error_log
    # and our XSD is strict where UWV's stand-in types are not: month 30 is refused
    geboortedat.text = "19913005"
    assert not schema.validate(body)


# --- the wire bytes ---------------------------------------------------------------------------


def test_ziekteaangifte_renders_uwv_formats() -> None:
    message = s.ziekteaangifte()
    m = "m:MeldingZiekte/m:"
    assert _text(message, m + "DatTijdOpstellenMelding") == ["20251008130000"]  # Dutch local time
    assert _text(message, m + "DatEersteAoDag") == ["20250701"]
    assert _text(message, m + "CdRedenAangifteAo") == ["02"]
    assert _text(message, m + "AantGewerkteUrenEersteAoDag") == ["0100"]
    assert _text(message, m + "GemiddeldAantWerkurenPerWeek") == ["3830"]
    assert _text(message, m + "BedrSvLoonGedWerkenEersteAoDag") == ["12.50"]
    assert _text(message, m + "IndWerkdagOpZaterdag") == ["2"]
    assert _text(message, "m:NatuurlijkPersoon/m:Burgerservicenr") == [s.BSN]
    assert _text(message, "m:NatuurlijkPersoon/m:Geboortedat") == ["19910530"]
    assert _text(message, "m:Ketenpartij/m:FiscaalNr") == ["136916557"]
    assert _text(message, "m:AdministratieveEenheid/m:Loonheffingennr") == [s.LHNR]
    assert _text(message, "m:AdministratieveEenheid/m:Bankrekening/m:Iban") == [s.IBAN_WERKGEVER]
    assert _text(message, "m:CdBerichtType") == ["OTP3"]
    data = message.to_xml()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert data == message.to_xml()  # deterministic


def test_betermelding_variants_render_their_own_branch() -> None:
    assert _text(s.betermelding(), "m:MeldingWerkhervatting/m:VolledigHersteld/m:DatHersteld") == ["20250915"]
    part = s.betermelding_gedeeltelijk()
    assert _text(part, "m:MeldingWerkhervatting/m:VolledigHersteld/m:DatHersteld") == []
    gedeeltelijk = "m:MeldingWerkhervatting/m:WerkhervattingGedeeltelijk/m:"
    assert _text(part, gedeeltelijk + "DatGedeeltelijkeWerkhervatting") == ["20250804"]
    assert _text(part, gedeeltelijk + "BedrSvLoonPerDagGedWerkenTijdAo") == ["61.20"]


def test_identity_defaults_to_lhnr_and_can_be_overridden() -> None:
    message = s.ziekteaangifte()
    assert message.identity == Identity(nummer=s.LHNR, type="LHnr")
    assert message.flow == "ZIEKTEAANGIFTE_ZW"
    assert message.filename == "ziekteaangifte-zw.xml"
    assert message.mime_type == "application/xml"
    assert message.berichtsoort_override() is None
    other = s.ziekteaangifte(
        identiteit=Identity("999999999L01", "LHnr"), bestandsnaam="z.xml", berichtsoort="X"
    )
    assert other.identity.nummer == "999999999L01"
    assert (other.filename, other.berichtsoort_override()) == ("z.xml", "X")


def test_flows_of_every_class() -> None:
    assert [f().flow for _n, f, _e in s.FLOWS] == [
        "ZIEKTEAANGIFTE_ZW",
        "BETERMELDING_ZW",
        "BETERMELDING_ZW",
        "ZIEKTEAANGIFTE_LANGDURIG",
        "BETERMELDING_LANGDURIG",
        "AANVRAAG_WAZO",
        "ZIEKTEAANGIFTE_ZW",
    ]


def test_intrekking_travels_in_the_flow_of_what_it_withdraws() -> None:
    assert s.intrekking(reden=RedenIntrekking.HERSTELDMELDING).flow == "BETERMELDING_ZW"
    assert s.intrekking(ingetrokken_flow="AANVRAAG_WAZO").flow == "AANVRAAG_WAZO"
    assert _text(s.intrekking(), "m:MeldingIntrekking/m:CdRedenMeldingIntrekken") == ["1"]


def test_indiener_replaces_the_default_ketenpartij() -> None:
    message = s.ziekteaangifte(
        indiener=Indiener(naam="Salarisbureau Noord", software_versie="9.1", kenmerk="K1")
    )
    message.validate()
    assert _text(message, "m:Ketenpartij/m:Naam") == ["Salarisbureau Noord"]
    assert _text(message, "m:Ketenpartij/m:FiscaalNr") == []
    assert _text(message, "m:Ketenpartij/m:BerichtkenmerkIndiener") == ["K1"]


def test_wazo_betaald_ouderschapsverlof_derives_the_wibo_code() -> None:
    message = s.wazo(
        reden=RedenAanvraagWazo.BETAALD_OUDERSCHAPSVERLOF_ADOPTIE,
        vermoedelijke_bevallingsdatum=None,
        datum_reden_wibo=date(2025, 3, 1),
        gewenste_ingangsdatum=date(2025, 11, 3),
        weken_verlof=9,
        aantal_kinderen=1,
    )
    message.validate()
    assert _text(message, "m:MeldingWazo/m:CdRedenAanvraagUitkWibo") == ["02"]
    assert _text(message, "m:MeldingWazo/m:AantWekenVerlof") == ["9"]


@pytest.mark.parametrize("reden", list(RedenAanvraagWazo))
def test_every_wazo_reason_has_a_valid_form(reden: RedenAanvraagWazo) -> None:
    changes: dict[str, Any] = {"reden": reden}
    if reden not in (RedenAanvraagWazo.ZWANGERSCHAPS_BEVALLINGSVERLOF, RedenAanvraagWazo.MEERLINGENVERLOF):
        changes["vermoedelijke_bevallingsdatum"] = None
    if reden is RedenAanvraagWazo.AANVULLEND_GEBOORTEVERLOF:
        changes.update(
            bevallingsdatum=date(2025, 9, 1), weken_aanvullend_geboorteverlof=5, geboorteverlof_opgenomen=True
        )
    if reden.value >= "06":
        changes.update(datum_reden_wibo=date(2025, 9, 1), weken_verlof=4)
    message = s.wazo(**changes)
    message.validate()
    assert _text(message, "m:MeldingWazo/m:CdRedenAanvraagWazo") == [reden.value]


# --- each rule, with its error ---------------------------------------------------------------


def _werknemer(**changes: Any) -> Werknemer:
    return dataclasses.replace(s.WERKNEMER, **changes)


def _werkgever(**changes: Any) -> Werkgever:
    return dataclasses.replace(s.WERKGEVER, **changes)


CASES: list[tuple[str, Any, str, str]] = [
    # BSN: 9 digits and the elfproef
    (
        "bsn-length",
        lambda: s.ziekteaangifte(werknemer=_werknemer(bsn="12345678")),
        "werknemer.bsn",
        "BSN must be exactly 9 digits",
    ),
    (
        "bsn-letters",
        lambda: s.ziekteaangifte(werknemer=_werknemer(bsn="11122233a")),
        "werknemer.bsn",
        "BSN must be exactly 9 digits",
    ),
    (
        "bsn-elfproef",
        lambda: s.ziekteaangifte(werknemer=_werknemer(bsn="111222334")),
        "werknemer.bsn",
        "BSN ...334 fails the elfproef",
    ),
    # loonheffingennummer
    (
        "lhnr-pattern",
        lambda: s.ziekteaangifte(werkgever=_werkgever(loonheffingennummer="136916557X01")),
        "werkgever.loonheffingennummer",
        "must match ^[0-9]{9}L[0-9]{2}$",
    ),
    (
        "lhnr-short",
        lambda: s.betermelding(werkgever=_werkgever(loonheffingennummer="13691655L01")),
        "werkgever.loonheffingennummer",
        "must match ^[0-9]{9}L[0-9]{2}$",
    ),
    # dates not before 1900 and consistent
    (
        "date-1900",
        lambda: s.ziekteaangifte(werknemer=_werknemer(geboortedatum=date(1899, 12, 31))),
        "werknemer.geboortedatum",
        "1899-12-31 is before 1900-01-01",
    ),
    (
        "hersteld-before-ziek",
        lambda: s.betermelding(hersteld_op=date(2025, 6, 30)),
        "hersteld_op",
        "2025-06-30 lies before eerste_ziektedag (2025-07-01)",
    ),
    (
        "hersteld-langdurig-before-ziek",
        lambda: s.betermelding_langdurig(hersteld_op=date(2024, 12, 1)),
        "hersteld_op",
        "lies before eerste_ziektedag",
    ),
    (
        "gedeeltelijk-before-ziek",
        lambda: s.betermelding_gedeeltelijk(gedeeltelijk_hervat_op=date(2025, 6, 1)),
        "gedeeltelijk_hervat_op",
        "lies before eerste_ziektedag",
    ),
    (
        "ziek-after-opgesteld",
        lambda: s.ziekteaangifte(eerste_ziektedag=date(2025, 10, 9), ontvangen_op=None),
        "opgesteld",
        "lies before eerste_ziektedag (2025-10-09)",
    ),
    (
        "ziek-before-birth",
        lambda: s.langdurig(eerste_ziektedag=date(1990, 1, 1)),
        "eerste_ziektedag",
        "lies before werknemer.geboortedatum",
    ),
    (
        "laatste-gewerkt-after-ziek",
        lambda: s.ziekteaangifte(laatste_gewerkte_dag=date(2025, 7, 2)),
        "eerste_ziektedag",
        "lies before laatste_gewerkte_dag",
    ),
    (
        "einde-before-aanvang",
        lambda: s.ziekteaangifte(
            dienstverband=dataclasses.replace(s.DIENSTVERBAND, datum_einde=date(2020, 1, 1))
        ),
        "dienstverband.datum_einde",
        "lies before",
    ),
    (
        "wazo-start-after-due",
        lambda: s.wazo(gewenste_ingangsdatum=date(2025, 12, 2)),
        "gewenste_ingangsdatum",
        "lies after vermoedelijke_bevallingsdatum",
    ),
    (
        "wazo-birth-in-future",
        lambda: s.wazo(bevallingsdatum=date(2025, 11, 1)),
        "opgesteld",
        "lies before bevallingsdatum",
    ),
    # exactly one recovery kind
    (
        "beter-both",
        lambda: s.betermelding(gedeeltelijk_hervat_op=date(2025, 8, 1)),
        "hersteld_op",
        "give exactly one of",
    ),
    ("beter-none", lambda: s.betermelding(hersteld_op=None), "hersteld_op", "give exactly one of"),
    # code lists only
    ("code-reden", lambda: s.ziekteaangifte(reden="10"), "reden", "'10' is not in the code list"),
    ("code-wazo", lambda: s.wazo(reden="11"), "reden", "'11' is not in the code list"),
    (
        "code-sector",
        lambda: s.ziekteaangifte(werkgever=_werkgever(sectoren=(s.SectorRisicogroep(sector="036"),))),
        "werkgever.sectoren[0].sector",
        "not in the code list",
    ),
    ("code-intrekking", lambda: s.intrekking(reden="3"), "reden", "not in the code list"),
    (
        "wibo-mismatch",
        lambda: s.wazo(
            reden=RedenAanvraagWazo.BETAALD_OUDERSCHAPSVERLOF_GEBOORTE,
            vermoedelijke_bevallingsdatum=None,
            datum_reden_wibo=date(2025, 9, 1),
            weken_verlof=3,
            reden_wibo=RedenAanvraagWibo.PLEEGZORG,
        ),
        "reden_wibo",
        "does not match reden 06",
    ),
    ("wazo-field-for-other-reason", lambda: s.wazo(weken_verlof=3), "weken_verlof", "only applies to reden"),
    (
        "aanvullend-without-geboorteverlof",
        lambda: s.wazo(
            reden=RedenAanvraagWazo.AANVULLEND_GEBOORTEVERLOF,
            vermoedelijke_bevallingsdatum=None,
            bevallingsdatum=date(2025, 9, 1),
            weken_aanvullend_geboorteverlof=2,
            geboorteverlof_opgenomen=False,
        ),
        "geboorteverlof_opgenomen",
        "requires the geboorteverlof to be taken first",
    ),
    (
        "aanvullend-too-many-weeks",
        lambda: s.wazo(
            reden=RedenAanvraagWazo.AANVULLEND_GEBOORTEVERLOF,
            vermoedelijke_bevallingsdatum=None,
            bevallingsdatum=date(2025, 9, 1),
            weken_aanvullend_geboorteverlof=6,
            geboorteverlof_opgenomen=True,
        ),
        "weken_aanvullend_geboorteverlof",
        "6 is outside 1..5",
    ),
    # text lengths
    (
        "referentie-65",
        lambda: s.ziekteaangifte(referentie="x" * 65),
        "referentie",
        "is 65 characters long; at most 64 allowed",
    ),
    ("toelichting-4097", lambda: s.wazo(toelichting="x" * 4097), "toelichting", "at most 4096 allowed"),
    (
        "achternaam-empty",
        lambda: s.ziekteaangifte(werknemer=_werknemer(achternaam="")),
        "werknemer.achternaam",
        "must not be empty",
    ),
    (
        "voorletters-dots",
        lambda: s.ziekteaangifte(werknemer=_werknemer(voorletters="B.J.")),
        "werknemer.voorletters",
        "1 to 6 letters",
    ),
    (
        "telefoon-letters",
        lambda: s.ziekteaangifte(werknemer=_werknemer(telefoon="06-1234")),
        "werknemer.telefoon",
        "must be 1 to 11 digits",
    ),
    # amounts, hours
    (
        "amount-3-decimals",
        lambda: s.ziekteaangifte(sv_loon_eerste_dag=Decimal("1.005")),
        "sv_loon_eerste_dag",
        "more than 2 decimals",
    ),
    (
        "hours-over-24",
        lambda: s.ziekteaangifte(roosteruren_eerste_dag=timedelta(hours=24, minutes=1)),
        "roosteruren_eerste_dag",
        "exceeds 2400",
    ),
    (
        "hours-seconds",
        lambda: s.ziekteaangifte(gewerkte_uren_eerste_dag=timedelta(seconds=90)),
        "gewerkte_uren_eerste_dag",
        "must be whole minutes",
    ),
    # bank account rule 01, direct payment
    (
        "no-iban",
        lambda: s.ziekteaangifte(werkgever=_werkgever(iban=None)),
        "werkgever.iban",
        "needs one IBAN",
    ),
    (
        "two-ibans",
        lambda: s.wazo(werknemer=_werknemer(iban=s.IBAN_WERKNEMER)),
        "werknemer.iban",
        "exactly one bank account",
    ),
    (
        "iban-checksum",
        lambda: s.ziekteaangifte(werkgever=_werkgever(iban="NL91ABNA0417164301")),
        "werkgever.iban",
        "wrong check digits",
    ),
    (
        "directe-uitkering",
        lambda: s.ziekteaangifte(directe_uitkering=True),
        "werknemer.iban",
        "werknemer's IBAN is required",
    ),
    # reason-specific requirements
    (
        "uit-dienst-needs-einde",
        lambda: s.ziekteaangifte(reden=RedenAangifteAo.ZIEK_UIT_DIENST),
        "dienstverband.datum_einde",
        "required when reden is ZIEK_UIT_DIENST",
    ),
    (
        "zwangerschap-needs-due-date",
        lambda: s.wazo(vermoedelijke_bevallingsdatum=None),
        "vermoedelijke_bevallingsdatum",
        "is required for reden 01",
    ),
    (
        "intrekking-needs-target",
        lambda: s.intrekking(eerste_ziektedag=None, referentie=None),
        "referentie",
        "name the melding to withdraw",
    ),
    (
        "intrekking-unknown-flow",
        lambda: s.intrekking(ingetrokken_flow="CBC"),
        "ingetrokken_flow",
        "not in the code list",
    ),
    # envelope fields
    ("filename-81", lambda: s.ziekteaangifte(bestandsnaam="x" * 81), "filename", "must be 1..80 characters"),
    (
        "filename-path",
        lambda: s.ziekteaangifte(bestandsnaam="../x.xml"),
        "filename",
        "without path separators",
    ),
]


@pytest.mark.parametrize(("name", "build", "field", "rule"), CASES, ids=[c[0] for c in CASES])
def test_rule_refuses_with_a_clear_error(name: str, build: Any, field: str, rule: str) -> None:
    message = build()
    with pytest.raises(MessageValidationError) as info:
        message.validate()
    assert info.value.field == field
    assert rule in info.value.rule
    assert str(info.value).startswith(f"{field}: ")


def test_our_xsd_is_the_last_line_of_defence() -> None:
    """A value that slips past the Python rules (here: a sub-minute date-time is fine, a bad
    berichttype is not) is still stopped by the schema, before anything is sent."""

    class Rogue(s.Ziekteaangifte):  # type: ignore[misc,name-defined]
        def check(self) -> None:  # skip the Python rules of the melding
            pass

    message = Rogue(**{**s.COMMON, "eerste_ziektedag": date(2025, 7, 1), "reden": "77"})
    with pytest.raises(MessageValidationError) as info:
        message.validate()
    assert info.value.field == "xsd:MeldingZiekte"
    assert "CdRedenAangifteAo" in info.value.rule


def test_opgesteld_defaults_to_now() -> None:
    message = s.ziekteaangifte(opgesteld=datetime.now().astimezone())
    message.validate()
    assert message.opgesteld.tzinfo is not None
