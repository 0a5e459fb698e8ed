"""Request bodies: XSD-valid (ours and Logius'), exact order and bytes, and checked inputs."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from wus_client import services
from wus_client.errors import MessageValidationError
from wus_client.models import Attachment, Identity
from wus_client.xml import KV, load_schema

FI = Identity(nummer="001000044B37", type="Fi")
OIN = Identity(nummer="00000002003214394002", type="OIN")
VANAF = datetime(2024, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=2)))  # 08:00Z
TOT = datetime(2024, 5, 2, 8, 0, 0, 250000, tzinfo=UTC)

Builder = Callable[..., etree._Element]


def aanleveren_full(**over: Any) -> etree._Element:
    kwargs: dict[str, Any] = {
        "berichtsoort": "Omzetbelasting",
        "identity": FI,
        "rol": "Bedrijf",
        "content": b"<xbrli:xbrl/>",
        "filename": "Omzetbelasting.xbrl",
        "mime_type": "application/xml",
        "aanleverkenmerk": "Happyflow",
        "eerder_aanleverkenmerk": "Eerder-1",
        "ontvanger": OIN,
        "rol_ontvanger": "Ontvanger",
        "bijlagen": [
            Attachment(content=b"%PDF-1.7", filename="bijlage.pdf", mime_type="application/pdf"),
            Attachment(content=b"\x00\x01\xff", filename="data.bin", mime_type="application/octet-stream"),
        ],
        "autorisatie_adres": "http://geenausp.nl",
    }
    kwargs.update(over)
    return services.aanleveren_request(**kwargs)


def aanleveren_minimal(**over: Any) -> etree._Element:
    kwargs: dict[str, Any] = {
        "berichtsoort": "Omzetbelasting",
        "identity": FI,
        "rol": "Bedrijf",
        "content": b"x",
        "filename": "a.xml",
        "mime_type": "text/xml",
        "autorisatie_adres": None,
    }
    kwargs.update(over)
    return services.aanleveren_request(**kwargs)


PERIOD = {"vanaf": VANAF, "tot": TOT}
NONE = {"autorisatie_adres": None}

# (id, builder, kwargs) covering all 12 operations with optional fields on and off.
CASES: list[tuple[str, Builder, dict[str, Any]]] = [
    ("aanleveren-full", aanleveren_full, {}),
    ("aanleveren-minimal", aanleveren_minimal, {}),
    (
        "aanleveren-one-bijlage-default-ausp",
        aanleveren_minimal,
        {"bijlagen": [Attachment(b"a", "a.txt", "text/plain")], "autorisatie_adres": "http://geenausp.nl"},
    ),
]
for _name, _builder in [
    ("getStatussenProces", services.get_statussen_proces_request),
    ("getNieuweStatussenProces", services.get_nieuwe_statussen_proces_request),
    ("getBerichtenKenmerk", services.get_berichten_kenmerk_request),
    ("getNieuweBerichtenKenmerk", services.get_nieuwe_berichten_kenmerk_request),
]:
    CASES += [
        (f"{_name}-full", _builder, {"kenmerk": "700627b6-383e-4d8d-809f-b066845b36e0", **PERIOD}),
        (f"{_name}-minimal", _builder, {"kenmerk": "k1", **NONE}),
        (f"{_name}-vanaf-only", _builder, {"kenmerk": "k1", "vanaf": VANAF}),
    ]
CASES += [
    (
        "getNieuweStatussen-full",
        services.get_nieuwe_statussen_request,
        {"berichtsoort": "Omzetbelasting", "identity": FI, **PERIOD},
    ),
    (
        "getNieuweStatussen-minimal",
        services.get_nieuwe_statussen_request,
        {"berichtsoort": "Omzetbelasting", "identity": FI, **NONE},
    ),
    ("getProcessen-full", services.get_processen_request, {"berichtsoort": "Omzetbelasting", "identity": FI}),
    (
        "getProcessen-minimal",
        services.get_processen_request,
        {"berichtsoort": "Omzetbelasting", "identity": FI, **NONE},
    ),
    ("getBerichtsoorten-full", services.get_berichtsoorten_request, {"identity": FI}),
    ("getBerichtsoorten-minimal", services.get_berichtsoorten_request, {"identity": FI, **NONE}),
]
for _name, _builder in [
    ("getBerichtenLijst", services.get_berichten_lijst_request),
    ("getNieuweBerichtenLijst", services.get_nieuwe_berichten_lijst_request),
]:
    CASES += [
        (f"{_name}-full", _builder, {"berichtsoort": "Aangifte_LH", **PERIOD}),
        (f"{_name}-minimal", _builder, {**NONE}),
        (f"{_name}-tot-only", _builder, {"tot": TOT}),
    ]
for _name, _builder in [
    ("getBerichten", services.get_berichten_request),
    ("getNieuweBerichten", services.get_nieuwe_berichten_request),
]:
    CASES += [
        (f"{_name}-full", _builder, {"identity": FI, "berichtsoort": "Aangifte_LH", **PERIOD}),
        (f"{_name}-minimal", _builder, {"identity": FI, **NONE}),
    ]

IDS = [c[0] for c in CASES]


def build(case: tuple[str, Builder, dict[str, Any]]) -> etree._Element:
    _, builder, kwargs = case
    return builder(**kwargs)


def child_names(el: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in el]


def test_every_operation_is_covered() -> None:
    covered = {services.operation_for_element(etree.QName(build(c)).localname) for c in CASES}
    assert {op.name for op in covered if op} == set(services.operations())


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_body_is_valid_against_our_xsd(case: tuple[str, Builder, dict[str, Any]]) -> None:
    el = build(case)
    schema = load_schema("schemas", "digipoort-koppelvlak-1.2.xsd")
    assert schema.validate(el), schema.error_log
    # It is the request element of a known operation, in the koppelvlak namespace.
    assert etree.QName(el).namespace == KV
    assert services.operation_for_element(etree.QName(el).localname) is not None


@pytest.fixture(scope="module")
def logius_schema(reference_dir: Path) -> etree.XMLSchema:
    path = reference_dir / "digipoort" / "wsdl" / "digipoort-koppelvlak-1.2.xsd"
    return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)))


@pytest.mark.reference
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_body_is_valid_against_logius_xsd(
    case: tuple[str, Builder, dict[str, Any]], logius_schema: etree.XMLSchema
) -> None:
    el = build(case)
    assert logius_schema.validate(el), logius_schema.error_log


@pytest.mark.reference
def test_serialized_bytes_reparse_and_validate(logius_schema: etree.XMLSchema) -> None:
    """What goes on the wire (bytes) is what was validated (no tree-only artefacts)."""
    for case in CASES:
        wire = etree.tostring(build(case))
        assert logius_schema.validate(etree.fromstring(wire)), case[0]


# --------------------------------------------------------------------------- exact content


def test_aanleveren_full_element_order_and_values() -> None:
    el = aanleveren_full()
    assert child_names(el) == [
        "berichtsoort",
        "aanleverkenmerk",
        "eerderAanleverkenmerk",
        "identiteitBelanghebbende",
        "rolBelanghebbende",
        "identiteitOntvanger",
        "rolOntvanger",
        "berichtInhoud",
        "berichtBijlagen",
        "autorisatieAdres",
    ]
    ns = {"kv": KV}
    assert el.findtext("kv:identiteitBelanghebbende/kv:nummer", namespaces=ns) == "001000044B37"
    assert el.findtext("kv:identiteitBelanghebbende/kv:type", namespaces=ns) == "Fi"
    assert el.findtext("kv:identiteitOntvanger/kv:type", namespaces=ns) == "OIN"
    inhoud = el.find("kv:berichtInhoud", ns)
    assert inhoud is not None and child_names(inhoud) == ["mimeType", "bestandsnaam", "inhoud"]
    assert (
        el.findtext("kv:berichtInhoud/kv:inhoud", namespaces=ns)
        == base64.b64encode(b"<xbrli:xbrl/>").decode()
    )
    bijlagen = el.findall("kv:berichtBijlagen/kv:bijlage", ns)
    assert [b.findtext("kv:bestandsnaam", namespaces=ns) for b in bijlagen] == ["bijlage.pdf", "data.bin"]
    assert base64.b64decode(bijlagen[1].findtext("kv:inhoud", namespaces=ns) or "") == b"\x00\x01\xff"
    assert el.findtext("kv:autorisatieAdres", namespaces=ns) == "http://geenausp.nl"
    assert el.find("kv:kenmerk", ns) is None  # Digipoort assigns the kenmerk


def test_aanleveren_minimal_wire_bytes() -> None:
    wire = etree.tostring(aanleveren_minimal(content=b"hello"))
    assert wire == (
        b'<aanleverRequest xmlns="http://logius.nl/digipoort/koppelvlakservices/1.2/">'
        b"<berichtsoort>Omzetbelasting</berichtsoort>"
        b"<identiteitBelanghebbende><nummer>001000044B37</nummer><type>Fi</type></identiteitBelanghebbende>"
        b"<rolBelanghebbende>Bedrijf</rolBelanghebbende>"
        b"<berichtInhoud><mimeType>text/xml</mimeType><bestandsnaam>a.xml</bestandsnaam>"
        b"<inhoud>aGVsbG8=</inhoud></berichtInhoud>"
        b"</aanleverRequest>"
    )


def test_autorisatie_adres_is_sent_by_default_on_every_operation() -> None:
    defaults: list[tuple[Builder, dict[str, Any]]] = [
        (
            services.aanleveren_request,
            {
                "berichtsoort": "b",
                "identity": FI,
                "rol": "Bedrijf",
                "content": b"x",
                "filename": "f",
                "mime_type": "m",
            },
        ),
        (services.get_statussen_proces_request, {"kenmerk": "k"}),
        (services.get_nieuwe_statussen_proces_request, {"kenmerk": "k"}),
        (services.get_nieuwe_statussen_request, {"berichtsoort": "b", "identity": FI}),
        (services.get_processen_request, {"berichtsoort": "b", "identity": FI}),
        (services.get_berichtsoorten_request, {"identity": FI}),
        (services.get_berichten_lijst_request, {}),
        (services.get_nieuwe_berichten_lijst_request, {}),
        (services.get_berichten_kenmerk_request, {"kenmerk": "k"}),
        (services.get_nieuwe_berichten_kenmerk_request, {"kenmerk": "k"}),
        (services.get_berichten_request, {"identity": FI}),
        (services.get_nieuwe_berichten_request, {"identity": FI}),
    ]
    for builder, kwargs in defaults:
        el = builder(**kwargs)
        assert el.findtext(f"{{{KV}}}autorisatieAdres") == services.GEEN_AUSP == "http://geenausp.nl"
        omitted = builder(**kwargs, autorisatie_adres=None)
        assert omitted.find(f"{{{KV}}}autorisatieAdres") is None
    custom = services.get_statussen_proces_request(
        kenmerk="k", autorisatie_adres="https://ausp.example.nl/svc"
    )
    assert custom.findtext(f"{{{KV}}}autorisatieAdres") == "https://ausp.example.nl/svc"


def test_status_request_order_and_utc_datetimes() -> None:
    el = services.get_nieuwe_statussen_request(
        berichtsoort="Omzetbelasting", identity=FI, vanaf=VANAF, tot=TOT
    )
    assert child_names(el) == [
        "berichtsoort",
        "identiteitBelanghebbende",
        "autorisatieAdres",
        "tijdstempelVanaf",
        "tijdstempelTot",
    ]
    assert el.findtext(f"{{{KV}}}tijdstempelVanaf") == "2024-05-01T08:00:00Z"
    assert el.findtext(f"{{{KV}}}tijdstempelTot") == "2024-05-02T08:00:00.250Z"


def test_ophaal_request_orders() -> None:
    lijst = services.get_berichten_lijst_request(berichtsoort="b", vanaf=VANAF, tot=TOT)
    assert child_names(lijst) == ["berichtsoort", "autorisatieAdres", "tijdstempelVanaf", "tijdstempelTot"]
    berichten = services.get_nieuwe_berichten_request(identity=FI, berichtsoort="b", tot=TOT)
    assert child_names(berichten) == [
        "berichtsoort",
        "identiteitBelanghebbende",
        "autorisatieAdres",
        "tijdstempelTot",
    ]
    kenmerk = services.get_berichten_kenmerk_request(kenmerk="k", vanaf=VANAF)
    assert child_names(kenmerk) == ["kenmerk", "autorisatieAdres", "tijdstempelVanaf"]
    soorten = services.get_berichtsoorten_request(identity=FI)
    assert child_names(soorten) == ["identiteitBelanghebbende", "autorisatieAdres"]
    processen = services.get_processen_request(berichtsoort="b", identity=FI)
    assert child_names(processen) == ["berichtsoort", "identiteitBelanghebbende", "autorisatieAdres"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2021, 3, 7, 11, 37, 39, tzinfo=UTC), "2021-03-07T11:37:39Z"),
        (datetime(2021, 3, 7, 11, 37, 39, 702000, tzinfo=UTC), "2021-03-07T11:37:39.702Z"),
        (datetime(2021, 3, 7, 11, 37, 39, 702001, tzinfo=UTC), "2021-03-07T11:37:39.702001Z"),
        (datetime(2021, 3, 7, 0, 30, tzinfo=timezone(timedelta(hours=1))), "2021-03-06T23:30:00Z"),
    ],
)
def test_format_datetime_renders_utc(value: datetime, text: str) -> None:
    assert services.format_datetime(value) == text


def test_content_is_base64_once_without_line_breaks() -> None:
    content = bytes(range(256)) * 1000  # 256 kB: a wrapping encoder would break lines
    el = aanleveren_minimal(content=content)
    text = el.findtext(f"{{{KV}}}berichtInhoud/{{{KV}}}inhoud") or ""
    assert "\n" not in text and "\r" not in text
    assert base64.b64decode(text, validate=True) == content


def test_bytearray_and_memoryview_content_are_accepted() -> None:
    for content in (bytearray(b"abc"), memoryview(b"abc")):
        el = aanleveren_minimal(content=content)
        assert el.findtext(f"{{{KV}}}berichtInhoud/{{{KV}}}inhoud") == "YWJj"


def test_max_lengths_are_accepted_exactly() -> None:
    el = aanleveren_full(
        berichtsoort="b" * 80,
        aanleverkenmerk="a" * 40,
        eerder_aanleverkenmerk="e" * 40,
        identity=Identity("n" * 35, "t" * 20),
        rol="r" * 40,
        rol_ontvanger="o" * 40,
        filename="f" * 80,
        mime_type="m" * 255,
        autorisatie_adres="http://geenausp.nl/" + "p" * (255 - 19),
    )
    assert load_schema("schemas", "digipoort-koppelvlak-1.2.xsd").validate(el)
    assert services.get_statussen_proces_request(kenmerk="k" * 40) is not None


def test_20_mib_content_is_accepted() -> None:
    # Timing is measured in benchmarks/, never asserted here (shared, noisy machines).
    content = b"\xa5" * (20 * 1024 * 1024)
    el = aanleveren_minimal(content=content)
    text = el.findtext(f"{{{KV}}}berichtInhoud/{{{KV}}}inhoud") or ""
    assert len(text) == 27962028  # 4 * ceil(20 MiB / 3)


# --------------------------------------------------------------------------- validation: one test per rule


def _raises(fn: Callable[[], object], field: str, rule: str) -> MessageValidationError:
    with pytest.raises(MessageValidationError) as info:
        fn()
    assert info.value.field == field
    assert info.value.rule == rule
    assert str(info.value) == f"{field}: {rule}"
    return info.value


@pytest.mark.parametrize(
    ("field", "kwargs", "limit"),
    [
        ("berichtsoort", {"berichtsoort": "b" * 81}, 80),
        ("aanleverkenmerk", {"aanleverkenmerk": "a" * 41}, 40),
        ("eerder_aanleverkenmerk", {"eerder_aanleverkenmerk": "a" * 41}, 40),
        ("identity.nummer", {"identity": Identity("1" * 36, "Fi")}, 35),
        ("identity.type", {"identity": Identity("1", "T" * 21)}, 20),
        ("rol", {"rol": "r" * 41}, 40),
        ("ontvanger.nummer", {"ontvanger": Identity("1" * 36, "OIN")}, 35),
        ("rol_ontvanger", {"rol_ontvanger": "r" * 41}, 40),
        ("filename", {"filename": "f" * 81}, 80),
        ("mime_type", {"mime_type": "m" * 256}, 255),
        (
            "bijlagen[1].filename",
            {"bijlagen": [Attachment(b"a", "a", "m"), Attachment(b"b", "b" * 81, "m")]},
            80,
        ),
        ("bijlagen[0].mime_type", {"bijlagen": [Attachment(b"a", "a", "m" * 256)]}, 255),
        ("autorisatie_adres", {"autorisatie_adres": "http://geenausp.nl/" + "p" * 237}, 255),
    ],
)
def test_max_length_rule(field: str, kwargs: dict[str, Any], limit: int) -> None:
    value = kwargs[next(iter(kwargs))]
    if isinstance(value, Identity):
        got = len(value.nummer) if field.endswith("nummer") else len(value.type)
    elif isinstance(value, list):
        item = value[int(field[9])]
        got = len(item.filename) if field.endswith("filename") else len(item.mime_type)
    else:
        got = len(value)
    _raises(lambda: aanleveren_full(**kwargs), field, f"must be at most {limit} characters, got {got}")


def test_kenmerk_max_length_rule() -> None:
    for builder in (
        services.get_statussen_proces_request,
        services.get_nieuwe_statussen_proces_request,
        services.get_berichten_kenmerk_request,
        services.get_nieuwe_berichten_kenmerk_request,
    ):
        _raises(lambda b=builder: b(kenmerk="k" * 41), "kenmerk", "must be at most 40 characters, got 41")


def test_optional_berichtsoort_max_length_rule_on_ophaal() -> None:
    _raises(
        lambda: services.get_berichten_lijst_request(berichtsoort="b" * 81),
        "berichtsoort",
        "must be at most 80 characters, got 81",
    )
    _raises(
        lambda: services.get_berichten_request(identity=FI, berichtsoort="b" * 81),
        "berichtsoort",
        "must be at most 80 characters, got 81",
    )


def test_required_rule() -> None:
    _raises(lambda: aanleveren_full(berichtsoort=None), "berichtsoort", "is required")
    _raises(lambda: aanleveren_full(identity=None), "identity", "is required")
    _raises(lambda: aanleveren_full(rol=None), "rol", "is required")
    _raises(lambda: aanleveren_full(filename=None), "filename", "is required")
    _raises(lambda: aanleveren_full(mime_type=None), "mime_type", "is required")
    _raises(lambda: services.get_statussen_proces_request(kenmerk=None), "kenmerk", "is required")  # type: ignore[arg-type]
    _raises(lambda: services.get_berichtsoorten_request(identity=None), "identity", "is required")  # type: ignore[arg-type]


@pytest.mark.parametrize("blank", ["", " ", "   "])
def test_blank_rule(blank: str) -> None:
    rule = "must not be empty or blank"
    _raises(lambda: aanleveren_full(berichtsoort=blank), "berichtsoort", rule)
    _raises(lambda: aanleveren_full(aanleverkenmerk=blank), "aanleverkenmerk", rule)
    _raises(lambda: aanleveren_full(identity=Identity(blank, "Fi")), "identity.nummer", rule)
    _raises(lambda: aanleveren_full(identity=Identity("1", blank)), "identity.type", rule)
    _raises(lambda: services.get_nieuwe_statussen_proces_request(kenmerk=blank), "kenmerk", rule)
    _raises(lambda: services.get_berichten_lijst_request(berichtsoort=blank), "berichtsoort", rule)
    _raises(lambda: services.get_processen_request(berichtsoort=blank, identity=FI), "berichtsoort", rule)


@pytest.mark.parametrize("char", ["\r", "\n", "\t"])
def test_normalized_string_rule(char: str) -> None:
    rule = "must not contain CR, LF or TAB (xsd:normalizedString)"
    _raises(lambda: aanleveren_full(berichtsoort=f"Omzet{char}belasting"), "berichtsoort", rule)
    _raises(lambda: aanleveren_full(filename=f"a{char}.xml"), "filename", rule)
    _raises(lambda: services.get_statussen_proces_request(kenmerk=f"k{char}"), "kenmerk", rule)
    _raises(lambda: aanleveren_full(ontvanger=Identity(f"1{char}", "OIN")), "ontvanger.nummer", rule)


def test_xml_illegal_character_rule() -> None:
    _raises(
        lambda: aanleveren_full(aanleverkenmerk="a\x00b"),
        "aanleverkenmerk",
        "contains character U+0000, which XML 1.0 cannot carry",
    )
    _raises(
        lambda: aanleveren_full(filename="a\ufffe.xml"),
        "filename",
        "contains character U+FFFE, which XML 1.0 cannot carry",
    )


def test_wrong_type_rules() -> None:
    _raises(lambda: aanleveren_full(berichtsoort=42), "berichtsoort", "must be a str, not int")
    _raises(
        lambda: aanleveren_full(identity="001000044B37:Fi"),
        "identity",
        "must be a wus_client.Identity, not str",
    )
    _raises(lambda: aanleveren_full(content="text"), "content", "must be bytes, not str")
    _raises(
        lambda: aanleveren_full(bijlagen=[b"raw"]),
        "bijlagen[0]",
        "must be a wus_client.Attachment, not bytes",
    )
    _raises(
        lambda: aanleveren_full(bijlagen=b"raw"), "bijlagen", "must be a sequence of wus_client.Attachment"
    )
    _raises(
        lambda: services.get_statussen_proces_request(kenmerk="k", vanaf="2024-01-01"),  # type: ignore[arg-type]
        "vanaf",
        "must be a datetime, not str",
    )


def test_content_must_not_be_empty_rule() -> None:
    _raises(lambda: aanleveren_full(content=b""), "content", "must not be empty")
    _raises(
        lambda: aanleveren_full(bijlagen=[Attachment(b"", "a.pdf", "application/pdf")]),
        "bijlagen[0].content",
        "must not be empty",
    )


def test_content_size_rule() -> None:
    limit = 20 * 1024 * 1024
    _raises(
        lambda: aanleveren_full(content=b"x" * (limit + 1)),
        "content",
        f"must be at most {limit} bytes (20 MiB) before base64, got {limit + 1}",
    )
    _raises(
        lambda: aanleveren_full(bijlagen=[Attachment(b"x" * (limit + 1), "big.pdf", "application/pdf")]),
        "bijlagen[0].content",
        f"must be at most {limit} bytes (20 MiB) before base64, got {limit + 1}",
    )


@pytest.mark.parametrize(
    "bad", ["geenausp.nl", "http://", "http://geen ausp.nl", "mailto:x@y.nl", "/relative/path"]
)
def test_autorisatie_adres_uri_rule(bad: str) -> None:
    rule = "must be an absolute URI with a host, such as http://geenausp.nl (xsd:anyURI)"
    _raises(lambda: aanleveren_full(autorisatie_adres=bad), "autorisatie_adres", rule)
    _raises(
        lambda: services.get_berichten_request(identity=FI, autorisatie_adres=bad), "autorisatie_adres", rule
    )


def test_naive_datetime_rule() -> None:
    naive = datetime(2024, 1, 1, 12, 0)
    rule = "must be timezone-aware (a naive datetime is ambiguous)"
    _raises(lambda: services.get_statussen_proces_request(kenmerk="k", vanaf=naive), "vanaf", rule)
    _raises(
        lambda: services.get_nieuwe_statussen_request(berichtsoort="b", identity=FI, tot=naive), "tot", rule
    )
    _raises(lambda: services.get_berichten_lijst_request(vanaf=naive), "vanaf", rule)
    _raises(lambda: services.get_nieuwe_berichten_request(identity=FI, tot=naive), "tot", rule)


def test_period_order_rule() -> None:
    _raises(
        lambda: services.get_statussen_proces_request(kenmerk="k", vanaf=TOT, tot=VANAF),
        "tot",
        "must not be before vanaf",
    )


def test_validation_happens_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad last field stops the builder before it encodes the (large) content."""
    import wus_client.services.bodies as bodies

    encoded: list[int] = []
    real = bodies.base64.b64encode

    def spy(data: bytes) -> bytes:
        encoded.append(len(data))
        return real(data)

    monkeypatch.setattr(bodies.base64, "b64encode", spy)
    with pytest.raises(MessageValidationError):
        aanleveren_full(autorisatie_adres="not a uri")
    assert encoded == []
