"""Response parsers: realistic and captured bodies in, dataclasses out; malformed -> ProtocolError."""

from __future__ import annotations

import base64
import contextlib
import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from wus_client import services
from wus_client.errors import ProtocolError
from wus_client.models import Attachment, Bericht, BerichtLijstItem, Identity, Proces, Receipt, Status
from wus_client.xml import KV, SOAP_ENV, load_schema, parse_untrusted

FI = Identity(nummer="001000044B37", type="Fi")
OIN = Identity(nummer="00000002003214394002", type="OIN")


def kv(tag: str, *children: etree._Element | str | None) -> etree._Element:
    """``kv(tag, "text")`` or ``kv(tag, child, child, ...)``; None children are skipped."""
    el = etree.Element(f"{{{KV}}}{tag}", nsmap={None: KV})  # type: ignore[arg-type]
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            el.text = child
        else:
            el.append(child)
    return el


def ident(tag: str, who: Identity) -> etree._Element:
    return kv(tag, kv("nummer", who.nummer), kv("type", who.type))


def doc(tag: str, content: bytes, name: str, mime: str) -> etree._Element:
    return kv(
        tag, kv("mimeType", mime), kv("bestandsnaam", name), kv("inhoud", base64.b64encode(content).decode())
    )


def status_row(
    code: str, when: str, text: str, *, fout: tuple[str, str] | None = None, details: str | None = None
) -> etree._Element:
    return kv(
        "StatusResultaat",
        kv("kenmerk", "f0873951-7a7c-4200-a321-37625d1ebb2b"),
        ident("identiteitBelanghebbende", FI),
        kv("statuscode", code),
        kv("tijdstempelStatus", when),
        kv("statusomschrijving", text),
        kv("statusFoutcode", kv("foutcode", fout[0]), kv("foutbeschrijving", fout[1])) if fout else None,
        kv("statusdetails", details) if details is not None else None,
    )


def status_response(op: str = "getStatussenProces") -> etree._Element:
    return kv(
        f"{op}Response",
        kv(
            f"{op}Return",
            status_row("100", "2021-03-10T12:46:42.008Z", "Aanleveren gelukt."),
            status_row(
                "311",
                "2021-03-10T13:46:42+01:00",
                "Validatie niet gelukt.",
                fout=("VAS500", "Het bericht is niet valide."),
                details="&lt;report&gt;line 1\n  line 2&lt;/report&gt;",
            ),
        ),
    )


def bericht_row(*, full: bool = True) -> etree._Element:
    return kv(
        "BerichtResultaat",
        kv("kenmerk", "b-kenmerk-1"),
        kv("berichtsoort", "Aangifte_LH"),
        kv("berichtkenmerk", "urn:uuid:1234"),
        kv("aanleverkenmerk", "mijn-kenmerk") if full else None,
        kv("eerderAanleverkenmerk", "eerder") if full else None,
        kv("tijdstempelAangeleverd", "2024-05-01T08:00:00Z"),
        ident("identiteitBelanghebbende", Identity("123456789L01", "LHnr")),
        kv("rolBelanghebbende", "Bedrijf"),
        kv("identiteitAanleveraar", "00000001234567890000") if full else None,
        ident("identiteitOntvanger", OIN) if full else None,
        kv("rolOntvanger", "Ontvanger") if full else None,
        doc("berichtInhoud", b"<reply>ok</reply>", "reply.xml", "application/xml"),
        kv(
            "berichtBijlagen",
            doc("bijlage", b"%PDF", "a.pdf", "application/pdf"),
            doc("bijlage", b"\x00", "b", "x/y"),
        )
        if full
        else None,
        kv(
            "constateringenLijst",
            kv("constatering", kv("code", "C1"), kv("beschrijving", "Eerste")),
            kv("constatering", kv("code", "C2"), kv("beschrijving", "Tweede")),
        )
        if full
        else None,
        kv("additioneleElementenLijst", kv("element", kv("naam", "periode"), kv("waarde", "2024-04")))
        if full
        else None,
    )


def aanlever_response(*, sync_status: bool = False) -> etree._Element:
    return kv(
        "aanleverResponse",
        kv("kenmerk", "700627b6-383e-4d8d-809f-b066845b36e0"),
        kv("berichtsoort", "Omzetbelasting"),
        kv("aanleverkenmerk", "Happyflow"),
        kv("eerderAanleverkenmerk", "Eerder-1"),
        kv("tijdstempelAangeleverd", "2021-03-07T11:37:39.702Z"),
        ident("identiteitBelanghebbende", FI),
        kv("rolBelanghebbende", "Bedrijf"),
        ident("identiteitOntvanger", OIN),
        kv("rolOntvanger", "Ontvanger"),
        kv("autorisatieAdres", "http://geenausp.nl"),
        kv("statuscode", "100") if sync_status else None,
        kv("tijdstempelStatus", "2021-03-07T11:37:40Z") if sync_status else None,
        kv("statusomschrijving", "Aanleveren gelukt.") if sync_status else None,
        kv("statusFoutcode", kv("foutcode", "X1"), kv("foutbeschrijving", "fout")) if sync_status else None,
        kv("statusdetails", "details") if sync_status else None,
    )


def samples() -> dict[str, etree._Element]:
    return {
        "aanleveren": aanlever_response(sync_status=True),
        "getStatussenProces": status_response("getStatussenProces"),
        "getNieuweStatussenProces": status_response("getNieuweStatussenProces"),
        "getNieuweStatussen": status_response("getNieuweStatussen"),
        "getProcessen": kv(
            "getProcessenResponse",
            kv(
                "getProcessenReturn",
                kv(
                    "ProcesResultaat",
                    kv("kenmerk", "p1"),
                    kv("berichtsoort", "Omzetbelasting"),
                    ident("identiteitBelanghebbende", FI),
                ),
                kv(
                    "ProcesResultaat",
                    kv("kenmerk", "p2"),
                    kv("berichtsoort", "ICP"),
                    ident("identiteitBelanghebbende", FI),
                    ident("identiteitOntvanger", OIN),
                ),
            ),
        ),
        "getBerichtsoorten": kv(
            "getBerichtsoortenResponse",
            kv("getBerichtsoortenReturn", kv("berichtsoort", "Omzetbelasting"), kv("berichtsoort", " ICP ")),
        ),
        "getBerichtenLijst": kv(
            "getBerichtenLijstResponse",
            kv(
                "getBerichtenLijstReturn",
                kv(
                    "BerichtLijstResultaat",
                    kv("berichtsoort", "Aangifte_LH"),
                    ident("identiteitBelanghebbende", FI),
                    kv("kenmerk", "l1"),
                ),
            ),
        ),
        "getNieuweBerichtenLijst": kv("getNieuweBerichtenLijstResponse", kv("getNieuweBerichtenLijstReturn")),
        "getBerichtenKenmerk": kv(
            "getBerichtenKenmerkResponse", kv("getBerichtenKenmerkReturn", bericht_row())
        ),
        "getNieuweBerichtenKenmerk": kv(
            "getNieuweBerichtenKenmerkResponse",
            kv("getNieuweBerichtenKenmerkReturn", bericht_row(full=False)),
        ),
        "getBerichten": kv(
            "getBerichtenResponse", kv("getBerichtenReturn", bericht_row(), bericht_row(full=False))
        ),
        "getNieuweBerichten": kv("getNieuweBerichtenResponse", kv("getNieuweBerichtenReturn")),
    }


def test_samples_cover_every_operation_and_are_schema_valid() -> None:
    """The bodies used below are realistic: each validates against the koppelvlak XSD."""
    schema = load_schema("schemas", "digipoort-koppelvlak-1.2.xsd")
    built = samples()
    assert set(built) == set(services.operations())
    for name, el in built.items():
        assert etree.QName(el).localname == services.operation(name).response_element
        assert schema.validate(el), (name, schema.error_log)


# --------------------------------------------------------------------------- happy paths


def test_parse_aanlever_response_without_status() -> None:
    receipt = services.parse_aanlever_response(aanlever_response())
    assert receipt == Receipt(
        kenmerk="700627b6-383e-4d8d-809f-b066845b36e0",
        aanleverkenmerk="Happyflow",
        berichtsoort="Omzetbelasting",
        tijdstempel_aangeleverd=datetime(2021, 3, 7, 11, 37, 39, 702000, tzinfo=UTC),
        identity=FI,
        rol="Bedrijf",
        eerder_aanleverkenmerk="Eerder-1",
        ontvanger=OIN,
        rol_ontvanger="Ontvanger",
        autorisatie_adres="http://geenausp.nl",
        status=None,
    )
    assert receipt.tijdstempel_aangeleverd.tzinfo is not None


def test_parse_aanlever_response_with_synchronous_status() -> None:
    receipt = services.parse_aanlever_response(aanlever_response(sync_status=True))
    assert receipt.status == Status(
        kenmerk="700627b6-383e-4d8d-809f-b066845b36e0",
        statuscode="100",
        omschrijving="Aanleveren gelukt.",
        tijdstempel=datetime(2021, 3, 7, 11, 37, 40, tzinfo=UTC),
        foutcode="X1",
        foutbeschrijving="fout",
        details="details",
        identity=FI,
    )


def test_synchronous_status_without_its_own_time_takes_the_receipt_time() -> None:
    el = aanlever_response()
    el.append(kv("statuscode", "105"))
    receipt = services.parse_aanlever_response(el)
    assert receipt.status is not None
    assert receipt.status.statuscode == "105"
    assert receipt.status.tijdstempel == receipt.tijdstempel_aangeleverd
    assert receipt.status.omschrijving == ""


@pytest.mark.parametrize("op", ["getStatussenProces", "getNieuweStatussenProces", "getNieuweStatussen"])
def test_parse_statussen(op: str) -> None:
    statuses = services.parse_statussen(status_response(op))
    assert statuses == [
        Status(
            kenmerk="f0873951-7a7c-4200-a321-37625d1ebb2b",
            statuscode="100",
            omschrijving="Aanleveren gelukt.",
            tijdstempel=datetime(2021, 3, 10, 12, 46, 42, 8000, tzinfo=UTC),
            identity=FI,
        ),
        Status(
            kenmerk="f0873951-7a7c-4200-a321-37625d1ebb2b",
            statuscode="311",
            omschrijving="Validatie niet gelukt.",
            tijdstempel=datetime(2021, 3, 10, 12, 46, 42, tzinfo=UTC),
            foutcode="VAS500",
            foutbeschrijving="Het bericht is niet valide.",
            details="&lt;report&gt;line 1\n  line 2&lt;/report&gt;",  # kept as sent
            identity=FI,
        ),
    ]
    offset = statuses[1].tijdstempel.utcoffset()
    assert offset == timedelta(hours=1)
    assert statuses[1].is_final and statuses[1].is_error


def test_parse_empty_status_list() -> None:
    assert (
        services.parse_statussen(kv("getNieuweStatussenProcesResponse", kv("getNieuweStatussenProcesReturn")))
        == []
    )


def test_parse_processen() -> None:
    assert services.parse_processen(samples()["getProcessen"]) == [
        Proces(kenmerk="p1", berichtsoort="Omzetbelasting", identity=FI),
        Proces(kenmerk="p2", berichtsoort="ICP", identity=FI, ontvanger=OIN),
    ]


def test_parse_berichtsoorten_collapses_whitespace() -> None:
    assert services.parse_berichtsoorten(samples()["getBerichtsoorten"]) == ["Omzetbelasting", "ICP"]


def test_parse_bericht_lijst() -> None:
    assert services.parse_bericht_lijst(samples()["getBerichtenLijst"]) == [
        BerichtLijstItem(kenmerk="l1", berichtsoort="Aangifte_LH", identity=FI)
    ]
    assert services.parse_bericht_lijst(samples()["getNieuweBerichtenLijst"]) == []


def test_parse_berichten_decodes_content_and_lists() -> None:
    full, minimal = services.parse_berichten(samples()["getBerichten"])
    assert full == Bericht(
        kenmerk="b-kenmerk-1",
        berichtsoort="Aangifte_LH",
        berichtkenmerk="urn:uuid:1234",
        tijdstempel_aangeleverd=datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
        identity=Identity("123456789L01", "LHnr"),
        rol="Bedrijf",
        inhoud=Attachment(b"<reply>ok</reply>", "reply.xml", "application/xml"),
        bijlagen=(Attachment(b"%PDF", "a.pdf", "application/pdf"), Attachment(b"\x00", "b", "x/y")),
        aanleverkenmerk="mijn-kenmerk",
        eerder_aanleverkenmerk="eerder",
        identiteit_aanleveraar="00000001234567890000",
        ontvanger=OIN,
        rol_ontvanger="Ontvanger",
        constateringen=(("C1", "Eerste"), ("C2", "Tweede")),
        additionele_elementen=(("periode", "2024-04"),),
    )
    assert minimal.bijlagen == () and minimal.constateringen == () and minimal.ontvanger is None
    assert minimal.aanleverkenmerk is None


def test_base64_with_line_breaks_is_accepted() -> None:
    el = samples()["getBerichtenKenmerk"]
    inhoud = el.find(f".//{{{KV}}}berichtInhoud/{{{KV}}}inhoud")
    assert inhoud is not None
    payload = bytes(range(256)) * 4
    encoded = base64.b64encode(payload).decode()
    inhoud.text = "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76)) + "\r\n"
    [bericht] = services.parse_berichten(el)
    assert bericht.inhoud.content == payload


def test_datetime_without_offset_is_read_as_utc() -> None:
    el = aanlever_response()
    node = el.find(f"{{{KV}}}tijdstempelAangeleverd")
    assert node is not None
    node.text = "2021-03-07T11:37:39"
    assert services.parse_aanlever_response(el).tijdstempel_aangeleverd == datetime(
        2021, 3, 7, 11, 37, 39, tzinfo=UTC
    )


def test_text_is_collapsed_as_the_schema_says() -> None:
    el = aanlever_response()
    node = el.find(f"{{{KV}}}berichtsoort")
    assert node is not None
    node.text = "  Omzet   belasting \n"
    assert services.parse_aanlever_response(el).berichtsoort == "Omzet belasting"


def test_body_element_is_accepted_in_place_of_its_child() -> None:
    body = etree.Element(f"{{{SOAP_ENV}}}Body")
    body.append(aanlever_response())
    assert services.parse_aanlever_response(body).kenmerk == "700627b6-383e-4d8d-809f-b066845b36e0"


def test_parse_response_dispatches_every_operation() -> None:
    expected_types = {
        "aanleveren": Receipt,
        "getStatussenProces": list,
        "getProcessen": list,
    }
    for name, el in samples().items():
        result = services.parse_response(name, el)
        assert isinstance(result, expected_types.get(name, list)), name
    assert services.parse_response("getBerichtsoorten", samples()["getBerichtsoorten"]) == [
        "Omzetbelasting",
        "ICP",
    ]


def test_nothing_from_lxml_crosses_into_results() -> None:
    def walk(value: object) -> None:
        assert not isinstance(value, etree._Element)
        assert "lxml" not in type(value).__module__, type(value)
        if isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for field in value.__dataclass_fields__:
                walk(getattr(value, field))
        elif isinstance(value, str):
            assert type(value) is str  # not an lxml smart string

    for name, el in samples().items():
        walk(services.parse_response(name, el))


# --------------------------------------------------------------------------- captured Digipoort responses


def _captured_body(reference_dir: Path, name: str) -> etree._Element:
    root = parse_untrusted((reference_dir / "digipoort" / "responses" / name).read_bytes())
    body = root.find(f"{{{SOAP_ENV}}}Body")
    assert body is not None
    return body[0]


@pytest.mark.reference
def test_captured_aanlever_response(reference_dir: Path) -> None:
    receipt = services.parse_aanlever_response(_captured_body(reference_dir, "valid-deliver-response.xml"))
    assert receipt == Receipt(
        kenmerk="700627b6-383e-4d8d-809f-b066845b36e0",
        aanleverkenmerk="Happyflow",
        berichtsoort="Omzetbelasting",
        tijdstempel_aangeleverd=datetime(2021, 3, 7, 11, 37, 39, 702000, tzinfo=UTC),
        identity=FI,
        rol="Bedrijf",
        ontvanger=OIN,
        autorisatie_adres="http://geenausp.nl",
    )


@pytest.mark.reference
def test_captured_new_status_response(reference_dir: Path) -> None:
    el = _captured_body(reference_dir, "valid-newstatus-response.xml")
    statuses = services.parse_statussen(el)
    assert [s.statuscode for s in statuses][:9] == [
        "105",
        "100",
        "110",
        "200",
        "301",
        "301",
        "405",
        "400",
        "500",
    ]
    assert all(s.kenmerk == "f0873951-7a7c-4200-a321-37625d1ebb2b" for s in statuses)
    assert all(s.identity == FI for s in statuses)
    assert statuses[0].tijdstempel == datetime(2021, 3, 10, 12, 46, 41, 998000, tzinfo=UTC)
    assert statuses[0].omschrijving == "Aanleverproces gestart."
    assert [s.tijdstempel for s in statuses] == sorted(s.tijdstempel for s in statuses)
    assert services.parse_response("getNieuweStatussenProces", el) == statuses


# --------------------------------------------------------------------------- malformed -> ProtocolError


def _remove(el: etree._Element, path: str) -> etree._Element:
    el = copy.deepcopy(el)
    node = el.find(path, {"kv": KV})
    assert node is not None, path
    parent = node.getparent()
    assert parent is not None
    parent.remove(node)
    return el


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("kv:kenmerk", "aanleverResponse/kenmerk: required element is missing"),
        ("kv:berichtsoort", "aanleverResponse/berichtsoort: required element is missing"),
        ("kv:tijdstempelAangeleverd", "aanleverResponse/tijdstempelAangeleverd: required element is missing"),
        (
            "kv:identiteitBelanghebbende",
            "aanleverResponse/identiteitBelanghebbende: required element is missing",
        ),
        (
            "kv:identiteitBelanghebbende/kv:type",
            "aanleverResponse/identiteitBelanghebbende/type: required element is missing",
        ),
        ("kv:rolBelanghebbende", "aanleverResponse/rolBelanghebbende: required element is missing"),
    ],
)
def test_missing_required_element_in_aanlever_response(path: str, message: str) -> None:
    with pytest.raises(ProtocolError) as info:
        services.parse_aanlever_response(_remove(aanlever_response(), path))
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "kv:getStatussenProcesReturn",
            "getStatussenProcesResponse/getStatussenProcesReturn: required element is missing",
        ),
        (
            "kv:getStatussenProcesReturn/kv:StatusResultaat[2]/kv:statuscode",
            "getStatussenProcesResponse/getStatussenProcesReturn/StatusResultaat[2]/statuscode: "
            "required element is missing",
        ),
        (
            "kv:getStatussenProcesReturn/kv:StatusResultaat[1]/kv:tijdstempelStatus",
            "getStatussenProcesResponse/getStatussenProcesReturn/StatusResultaat[1]/tijdstempelStatus: "
            "required element is missing",
        ),
        (
            "kv:getStatussenProcesReturn/kv:StatusResultaat[2]/kv:statusFoutcode/kv:foutbeschrijving",
            "getStatussenProcesResponse/getStatussenProcesReturn/StatusResultaat[2]/statusFoutcode/"
            "foutbeschrijving: required element is missing",
        ),
    ],
)
def test_missing_required_element_in_status_response(path: str, message: str) -> None:
    with pytest.raises(ProtocolError) as info:
        services.parse_statussen(_remove(status_response(), path))
    assert str(info.value) == message


def test_every_single_deletion_gives_a_result_or_protocol_error() -> None:
    """Remove each element of each sample in turn: never AttributeError/KeyError/ValueError."""
    for name, sample in samples().items():
        count = sum(1 for _ in sample.iter()) - 1
        for index in range(1, count + 1):
            el = copy.deepcopy(sample)
            victim = list(el.iter())[index]
            parent = victim.getparent()
            assert parent is not None
            parent.remove(victim)
            with contextlib.suppress(ProtocolError):
                services.parse_response(name, el)


def test_wrong_root_element() -> None:
    with pytest.raises(
        ProtocolError,
        match="unexpected response element 'getStatussenProcesResponse'; expected aanleverResponse",
    ):
        services.parse_aanlever_response(status_response())
    with pytest.raises(
        ProtocolError, match="expected getStatussenProcesResponse or getNieuweStatussenProcesResponse"
    ):
        services.parse_statussen(aanlever_response())
    with pytest.raises(
        ProtocolError,
        match=r"unexpected response element 'getNieuweStatussenResponse'; "
        r"expected getStatussenProcesResponse$",
    ):
        services.parse_response("getStatussenProces", status_response("getNieuweStatussen"))


def test_right_name_wrong_namespace_is_refused() -> None:
    el = etree.fromstring(etree.tostring(aanlever_response()).replace(KV.encode(), b"urn:other"))
    with pytest.raises(ProtocolError, match="unexpected response element 'aanleverResponse'"):
        services.parse_aanlever_response(el)


def test_unknown_operation_and_non_element_input() -> None:
    with pytest.raises(ProtocolError, match="no parser for operation 'zetStatus'"):
        services.parse_response("zetStatus", aanlever_response())
    with pytest.raises(ProtocolError, match="expected a response element, got bytes"):
        services.parse_aanlever_response(b"<aanleverResponse/>")  # type: ignore[arg-type]


def test_body_with_two_children_is_refused() -> None:
    body = etree.Element(f"{{{SOAP_ENV}}}Body")
    body.append(aanlever_response())
    body.append(aanlever_response())
    with pytest.raises(ProtocolError, match="soapenv:Body: expected exactly one element, found 2"):
        services.parse_aanlever_response(body)


@pytest.mark.parametrize(
    "bad", ["yesterday", "2021-13-07T11:37:39Z", "2021-03-07", "", "2021-03-07T25:00:00Z"]
)
def test_bad_datetime(bad: str) -> None:
    el = aanlever_response()
    node = el.find(f"{{{KV}}}tijdstempelAangeleverd")
    assert node is not None
    node.text = bad
    with pytest.raises(
        ProtocolError, match=r"aanleverResponse/tijdstempelAangeleverd: .* is not an xsd:dateTime"
    ):
        services.parse_aanlever_response(el)


@pytest.mark.parametrize("bad", ["not base64!", "=QUJD", "QU JD\u00e9", "QUJ"])
def test_bad_base64(bad: str) -> None:
    el = samples()["getBerichtenKenmerk"]
    node = el.find(f".//{{{KV}}}berichtInhoud/{{{KV}}}inhoud")
    assert node is not None
    node.text = bad
    with pytest.raises(ProtocolError, match=r"BerichtResultaat\[1\]/berichtInhoud/inhoud: not valid base64"):
        services.parse_berichten(el)


def test_element_where_text_is_expected() -> None:
    el = aanlever_response()
    node = el.find(f"{{{KV}}}kenmerk")
    assert node is not None
    node.text = None
    node.append(kv("nested", "x"))
    with pytest.raises(ProtocolError, match="aanleverResponse/kenmerk: expected text, found child elements"):
        services.parse_aanlever_response(el)


def test_empty_kenmerk_is_refused() -> None:
    el = aanlever_response()
    node = el.find(f"{{{KV}}}kenmerk")
    assert node is not None
    node.text = "   "
    with pytest.raises(ProtocolError, match="aanleverResponse/kenmerk: must not be empty"):
        services.parse_aanlever_response(el)


def test_comments_and_unknown_elements_are_ignored() -> None:
    el = status_response()
    ret = el[0]
    ret.insert(0, etree.Comment("a comment"))
    ret.append(kv("Toekomstig", "x"))
    assert len(services.parse_statussen(el)) == 2


def test_large_content_round_trip_is_fast_enough() -> None:
    payload = bytes(range(256)) * (8 * 1024 * 4)  # 8 MiB
    el = samples()["getBerichtenKenmerk"]
    node = el.find(f".//{{{KV}}}berichtInhoud/{{{KV}}}inhoud")
    assert node is not None
    node.text = base64.b64encode(payload).decode()
    [bericht] = services.parse_berichten(el)
    assert bericht.inhoud.content == payload


def test_timezone_aware_everywhere() -> None:
    for name, el in samples().items():
        result = services.parse_response(name, el)
        items = result if isinstance(result, list) else [result]
        for item in items:
            for field in ("tijdstempel", "tijdstempel_aangeleverd"):
                value = getattr(item, field, None)
                if value is not None:
                    assert value.tzinfo is not None and value.utcoffset() is not None, (name, field)


def test_comment_inside_a_value_does_not_truncate_it() -> None:
    """exc-c14n signs "500" for ``5<!---->00``; the parser must read "500" as well, not "5"."""
    el = etree.fromstring(
        etree.tostring(status_response()).replace(b"<statuscode>311<", b"<statuscode>3<!--x-->1<?pi y?>1<", 1)
    )
    statuses = services.parse_statussen(el)
    assert [s.statuscode for s in statuses] == ["100", "311"]
    receipt = etree.fromstring(
        etree.tostring(aanlever_response()).replace(b"<kenmerk>700627b6", b"<kenmerk>7006<!---->27b6", 1)
    )
    assert services.parse_aanlever_response(receipt).kenmerk == "700627b6-383e-4d8d-809f-b066845b36e0"
