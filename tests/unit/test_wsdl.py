"""Our WSDLs and XSD: same interface as Logius', loaded by zeep offline, table derived once."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from wus_client import services
from wus_client.config import Service
from wus_client.errors import ConfigurationError
from wus_client.services import _operations
from wus_client.xml import KV, package_path

WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
WSAW = "http://www.w3.org/2006/05/addressing/wsdl"
XSD = "http://www.w3.org/2001/XMLSchema"
FILES = ("AanleverService_V1_2.wsdl", "StatusinformatieService_V1_2.wsdl", "OphaalService_V1_2.wsdl")

ALL_OPERATIONS = {
    "aanleveren": Service.AANLEVER,
    "getStatussenProces": Service.STATUSINFORMATIE,
    "getNieuweStatussenProces": Service.STATUSINFORMATIE,
    "getNieuweStatussen": Service.STATUSINFORMATIE,
    "getProcessen": Service.STATUSINFORMATIE,
    "getBerichtsoorten": Service.STATUSINFORMATIE,
    "getBerichtenLijst": Service.OPHAAL,
    "getNieuweBerichtenLijst": Service.OPHAAL,
    "getBerichtenKenmerk": Service.OPHAAL,
    "getNieuweBerichtenKenmerk": Service.OPHAAL,
    "getBerichten": Service.OPHAAL,
    "getNieuweBerichten": Service.OPHAAL,
}


# --------------------------------------------------------------------------- reading a WSDL by hand


def _qname(node: etree._Element, value: str) -> str:
    prefix, _, local = value.rpartition(":")
    return f"{{{node.nsmap[prefix or None]}}}{local}"


def describe_wsdl(path: Path) -> dict[str, Any]:
    """Everything interface-relevant in a WSDL, independent of prefixes and layout."""
    root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    messages = {
        m.get("name"): tuple(_qname(p, p.get("element", "")) for p in m.iterfind(f"{{{WSDL}}}part"))
        for m in root.iterfind(f"{{{WSDL}}}message")
    }
    port_types = {}
    for pt in root.iterfind(f"{{{WSDL}}}portType"):
        ops = {}
        for op in pt.iterfind(f"{{{WSDL}}}operation"):
            entry = {}
            for kind in ("input", "output", "fault"):
                nodes = op.findall(f"{{{WSDL}}}{kind}")
                entry[kind] = sorted(
                    (
                        n.get("name"),
                        messages[etree.QName(_qname(n, n.get("message", ""))).localname],
                        n.get(f"{{{WSAW}}}Action"),
                    )
                    for n in nodes
                )
            ops[op.get("name")] = entry
        port_types[pt.get("name")] = ops
    bindings = {}
    for b in root.iterfind(f"{{{WSDL}}}binding"):
        ops = {}
        for op in b.iterfind(f"{{{WSDL}}}operation"):
            soap_op = op.find(f"{{{SOAP11}}}operation")
            assert soap_op is not None
            uses = sorted(
                (etree.QName(x.getparent()).localname, x.get("use")) for x in op.iter(f"{{{SOAP11}}}body")
            )
            faults = sorted(f.get("name") for f in op.iter(f"{{{SOAP11}}}fault"))
            ops[op.get("name")] = (soap_op.get("soapAction"), tuple(uses), tuple(faults))
        transport = b.find(f"{{{SOAP11}}}binding")
        assert transport is not None
        bindings[b.get("name")] = (
            etree.QName(_qname(b, b.get("type", ""))).localname,
            transport.get("transport"),
            ops,
        )
    services_ = {
        s.get("name"): sorted(
            (p.get("name"), etree.QName(_qname(p, p.get("binding", ""))).localname)
            for p in s.iterfind(f"{{{WSDL}}}port")
        )
        for s in root.iterfind(f"{{{WSDL}}}service")
    }
    return {
        "targetNamespace": root.get("targetNamespace"),
        "portTypes": port_types,
        "bindings": bindings,
        "services": services_,
    }


@pytest.mark.reference
@pytest.mark.parametrize("filename", FILES)
def test_our_wsdl_exposes_the_same_interface_as_logius(reference_dir: Path, filename: str) -> None:
    ours = describe_wsdl(package_path("wsdl", filename))
    theirs = describe_wsdl(reference_dir / "digipoort" / "wsdl" / filename)
    assert ours["targetNamespace"] == theirs["targetNamespace"]
    assert ours["portTypes"] == theirs["portTypes"]  # operations, messages, elements, wsaw:Actions
    assert ours["bindings"] == theirs["bindings"]  # soapActions, literal bodies, faults
    assert ours["services"] == theirs["services"]


@pytest.mark.reference
def test_operation_table_matches_logius_wsdls(reference_dir: Path) -> None:
    """The zeep-derived table agrees with what Logius' own files say, for every operation."""
    expected: dict[str, tuple[str, str, str, str, str, str]] = {}
    for filename in FILES:
        d = describe_wsdl(reference_dir / "digipoort" / "wsdl" / filename)
        ((_, ops),) = d["portTypes"].items()
        ((_, (_, _, binding_ops)),) = d["bindings"].items()
        for name, entry in ops.items():
            [(_, (req,), _)] = entry["input"]
            [(_, (resp,), resp_action)] = entry["output"]
            [(_, (fault,), fault_action)] = entry["fault"]
            expected[name] = (
                binding_ops[name][0],
                resp_action,
                fault_action,
                etree.QName(req).localname,
                etree.QName(resp).localname,
                etree.QName(fault).localname,
            )
    got = {
        op.name: (
            op.action,
            op.response_action,
            op.fault_action,
            op.request_element,
            op.response_element,
            op.fault_element,
        )
        for op in services.operations().values()
    }
    assert got == expected


# --------------------------------------------------------------------------- the table itself


def test_table_has_all_twelve_operations_with_their_service() -> None:
    table = services.operations()
    assert {name: op.service for name, op in table.items()} == ALL_OPERATIONS


def test_aanleveren_operation_values() -> None:
    op = services.operation("aanleveren")
    base = "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/"
    assert op == services.Operation(
        name="aanleveren",
        service=Service.AANLEVER,
        action=base + "aanleverenRequest",
        response_action=base + "aanleverenResponse",
        fault_action=base + "aanleveren/Fault/",
        request_element="aanleverRequest",
        response_element="aanleverResponse",
        fault_element="aanleverFault",
    )
    assert op.return_element is None


def test_status_and_ophaal_operation_values() -> None:
    op = services.operation("getNieuweStatussenProces")
    base = "http://logius.nl/digipoort/wus/2.0/statusinformatieservice/1.2/StatusinformatieService/"
    assert op.action == base + "getNieuweStatussenProcesRequest"
    assert op.response_action == base + "getNieuweStatussenProcesResponse"
    assert op.fault_action == base + "getNieuweStatussenProces/Fault/"
    assert op.fault_element == "statusinformatieFault"
    assert op.return_element == "getNieuweStatussenProcesReturn"
    ophaal = services.operation("getBerichtenKenmerk")
    assert ophaal.action.startswith("http://logius.nl/digipoort/wus/2.0/ophaalservice/1.2/OphaalService/")
    assert ophaal.fault_element == "ophaalFault"


def test_unknown_operation_is_a_configuration_error_not_a_key_error() -> None:
    with pytest.raises(
        ConfigurationError, match=r"'aanleveren2' is not a WUS operation; known: aanleveren, "
    ):
        services.operation("aanleveren2")


def test_table_is_read_only_and_cached() -> None:
    table = services.operations()
    assert table is services.operations()
    with pytest.raises(TypeError):
        table["x"] = table["aanleveren"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        table["aanleveren"].name = "x"  # type: ignore[misc]


def test_lookup_by_action_and_by_request_element() -> None:
    for op in services.operations().values():
        assert services.operation_for_action(op.action) is op
        assert services.operation_for_element(op.request_element) is op
    assert services.operation_for_action(services.operation("aanleveren").response_action) is None
    assert services.operation_for_element("aanleverResponse") is None


def test_table_is_loaded_once_under_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = _operations.load_operations

    def counting() -> dict[str, services.Operation]:
        calls.append(1)
        return real()

    monkeypatch.setattr(_operations, "_table", None)
    monkeypatch.setattr(_operations, "load_operations", counting)
    barrier = threading.Barrier(6)
    results: list[object] = []

    def worker() -> None:
        barrier.wait()
        results.append(_operations.cached_operations())

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(results) == 6 and all(r is results[0] for r in results)


# --------------------------------------------------------------------------- offline, hardened loading


@pytest.fixture
def network_spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Record (and refuse) every attempt to resolve or connect."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts


def test_zeep_loads_our_wsdls_without_opening_a_socket(network_spy: list[object]) -> None:
    table = _operations.load_operations()
    assert len(table) == 12
    assert network_spy == []


def _copy_data(tmp_path: Path) -> tuple[Path, Path]:
    """wsdl/ and schemas/ side by side, as in the wheel (wus_client/data/...)."""
    data = tmp_path / "data"
    shutil.copytree(package_path("wsdl"), data / "wsdl")
    shutil.copytree(package_path("schemas"), data / "schemas")
    return data / "wsdl", data / "schemas"


def test_relative_schema_location_works_in_the_wheel_layout(tmp_path: Path) -> None:
    wsdl_dir, schema_dir = _copy_data(tmp_path)
    assert _operations.load_operations(wsdl_dir, schema_dir) == dict(services.operations())


def test_our_wsdls_import_the_schema_by_relative_path_only() -> None:
    for filename in FILES:
        root = etree.parse(str(package_path("wsdl", filename))).getroot()
        imports = root.findall(f"{{{WSDL}}}types/{{{XSD}}}schema/{{{XSD}}}import")
        assert [(i.get("namespace"), i.get("schemaLocation")) for i in imports] == [
            (KV, "../schemas/digipoort-koppelvlak-1.2.xsd")
        ]
        address = root.find(f".//{{{SOAP11}}}address")
        assert address is not None and address.get("location", "").startswith("https://localhost/")


def test_wsdl_with_a_doctype_is_refused(tmp_path: Path) -> None:
    wsdl_dir, schema_dir = _copy_data(tmp_path)
    target = wsdl_dir / "AanleverService_V1_2.wsdl"
    text = target.read_text(encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doctype = f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>\n'
    target.write_text(text.replace("<wsdl:definitions", doctype + "<wsdl:definitions", 1), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"AanleverService_V1_2\.wsdl") as info:
        _operations.load_operations(wsdl_dir, schema_dir)
    assert "TOP-SECRET" not in str(info.value)


def test_remote_schema_location_is_refused_without_network(tmp_path: Path, network_spy: list[object]) -> None:
    wsdl_dir, schema_dir = _copy_data(tmp_path)
    target = wsdl_dir / "OphaalService_V1_2.wsdl"
    text = target.read_text(encoding="utf-8")
    remote = "https://example.invalid/cpl/digipoort-koppelvlak-1.2.xsd"
    target.write_text(text.replace("../schemas/digipoort-koppelvlak-1.2.xsd", remote), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"OphaalService_V1_2\.wsdl"):
        _operations.load_operations(wsdl_dir, schema_dir)
    assert network_spy == []


def test_offline_transport_refuses_urls_and_files_outside_its_roots(tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "a.xsd").write_bytes(b"<a/>")
    (tmp_path / "outside.xsd").write_bytes(b"<b/>")
    transport = _operations.OfflineTransport((inside,))
    try:
        assert transport.load(str(inside / "a.xsd")) == b"<a/>"
        assert transport.load((inside / "a.xsd").as_uri()) == b"<a/>"
        with pytest.raises(ConfigurationError, match="refusing to fetch"):
            transport.load("https://example.invalid/a.xsd")
        with pytest.raises(ConfigurationError, match="refusing to fetch"):
            transport.load("ftp://example.invalid/a.xsd")
        with pytest.raises(ConfigurationError, match="outside the bundled data files"):
            transport.load(str(inside / ".." / "outside.xsd"))
        with pytest.raises(ConfigurationError, match="refusing to fetch"):
            transport._load_remote_data("http://example.invalid/")
    finally:
        transport.session.close()


def test_zeep_settings_are_hardened() -> None:
    settings = _operations.offline_settings()
    assert settings.strict is True
    assert settings.xml_huge_tree is True
    assert settings.forbid_dtd is True
    assert settings.forbid_entities is True
    assert settings.forbid_external is True


# --------------------------------------------------------------------------- the XSD: same facts as Logius'


def _resolve(node: etree._Element, value: str | None) -> str | None:
    if value is None:
        return None
    prefix, _, local = value.rpartition(":")
    return f"{{{node.nsmap.get(prefix or None)}}}{local}"


def _norm(node: etree._Element) -> Any:
    """A layout-free description of a schema component (annotations ignored)."""
    tag = etree.QName(node).localname
    if tag == "element":
        inline = [c for c in node if isinstance(c.tag, str) and etree.QName(c).localname != "annotation"]
        return (
            "element",
            node.get("name"),
            _resolve(node, node.get("type")),
            node.get("minOccurs", "1"),
            node.get("maxOccurs", "1"),
            tuple(_norm(c) for c in inline),
        )
    if tag == "restriction":
        facets = sorted((etree.QName(f).localname, f.get("value")) for f in node if isinstance(f.tag, str))
        return ("restriction", _resolve(node, node.get("base")), tuple(facets))
    children = [c for c in node if isinstance(c.tag, str) and etree.QName(c).localname != "annotation"]
    return (tag, node.get("name"), tuple(_norm(c) for c in children))


def describe_xsd(path: Path) -> dict[tuple[str, str], Any]:
    root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    assert root.get("targetNamespace") == KV
    assert root.get("elementFormDefault") == "qualified"
    out = {}
    for child in root:
        if isinstance(child.tag, str):
            key = (etree.QName(child).localname, child.get("name", ""))
            assert key not in out, key
            out[key] = _norm(child)
    return out


@pytest.mark.reference
def test_our_xsd_states_the_same_components_as_logius(reference_dir: Path) -> None:
    ours = describe_xsd(package_path("schemas", "digipoort-koppelvlak-1.2.xsd"))
    theirs = describe_xsd(reference_dir / "digipoort" / "wsdl" / "digipoort-koppelvlak-1.2.xsd")
    assert set(ours) == set(theirs)
    for key in sorted(theirs):
        assert ours[key] == theirs[key], key


def test_our_xsd_compiles_and_is_not_a_copy(reference_dir: Path) -> None:
    ours = package_path("schemas", "digipoort-koppelvlak-1.2.xsd").read_bytes()
    etree.XMLSchema(etree.fromstring(ours))
    theirs = (reference_dir / "digipoort" / "wsdl" / "digipoort-koppelvlak-1.2.xsd").read_bytes()
    assert b"Maximale lengte" not in ours  # our own text, not Logius' annotations
    assert ours != theirs
