"""The operation table, derived once from our bundled WSDLs with zeep, offline.

zeep reads the WSDLs and the koppelvlak XSD they import (relative schemaLocation) with
hardened settings and a transport that refuses anything but our own package files, so
loading can never touch the network. From zeep's bindings we take each operation's
soapAction and the request, response and fault elements. zeep keeps only the *input*
``wsaw:Action`` of a portType operation, so the output and fault actions are read from the
same WSDL files with the hardened lxml parser.

No zeep object leaves this module: the table holds frozen :class:`Operation` values.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote, urlsplit

import zeep
import zeep.exceptions
import zeep.transports
import zeep.wsdl
from lxml import etree

from ..config import Service
from ..errors import ConfigurationError
from ..xml import KV, SERVICE_NS, package_path

__all__ = ["WSDL_FILES", "Operation", "load_operations", "offline_settings", "OfflineTransport"]

log = logging.getLogger(__name__)

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSAW_NS = "http://www.w3.org/2006/05/addressing/wsdl"
WSAM_NS = "http://www.w3.org/2007/05/addressing/metadata"

#: Our WSDL file for each service, under the package data directory ``wsdl/``.
WSDL_FILES: Mapping[Service, str] = MappingProxyType(
    {
        Service.AANLEVER: "AanleverService_V1_2.wsdl",
        Service.STATUSINFORMATIE: "StatusinformatieService_V1_2.wsdl",
        Service.OPHAAL: "OphaalService_V1_2.wsdl",
    }
)


@dataclass(frozen=True)
class Operation:
    """One WUS operation as our WSDLs describe it.

    ``action`` is the binding's soapAction, which is also the request's ``wsa:Action``;
    ``response_action`` and ``fault_action`` are the portType's ``wsaw:Action`` values that
    Digipoort puts in ``wsa:Action`` of its answer. Element names are local names in the
    koppelvlak namespace (:data:`wus_client.xml.KV`).
    """

    name: str
    service: Service
    action: str
    response_action: str
    fault_action: str
    request_element: str
    response_element: str
    fault_element: str

    @property
    def return_element(self) -> str | None:
        """The list wrapper inside the response (``<op>Return``); None for aanleveren."""
        return None if self.service is Service.AANLEVER else f"{self.name}Return"


class OfflineTransport(zeep.transports.Transport):
    """A zeep transport that only reads files below ``roots``; any URL with a scheme is refused."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._roots = tuple(root.resolve() for root in roots)

    def load(self, url: str) -> bytes:
        parts = urlsplit(str(url))
        if parts.scheme == "file":
            path = Path(unquote(parts.path))
        elif parts.scheme and len(parts.scheme) > 1:  # one letter: a Windows drive
            raise ConfigurationError(f"WSDL loading: refusing to fetch {url!r}; only bundled files are read")
        else:
            path = Path(str(url))
        resolved = path.resolve()
        if not any(resolved.is_relative_to(root) for root in self._roots):
            raise ConfigurationError(f"WSDL loading: {str(path)!r} is outside the bundled data files")
        try:
            return resolved.read_bytes()
        except OSError as exc:
            raise ConfigurationError(f"WSDL loading: cannot read bundled file {str(path)!r}: {exc}") from exc

    def _load_remote_data(self, url: str) -> bytes:
        raise ConfigurationError(f"WSDL loading: refusing to fetch {url!r}; only bundled files are read")


def offline_settings() -> zeep.Settings:
    """zeep settings for our WSDLs: strict, no DTD, no entities, no external refs, huge text."""
    return zeep.Settings(
        strict=True,
        xml_huge_tree=True,
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=True,
    )


def _hardened_parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.parse(str(path), parser=parser)
    if getattr(tree.docinfo, "doctype", None):
        raise ConfigurationError(f"WSDL loading: {path.name} has a DOCTYPE, which is not allowed")
    return tree.getroot()


def _port_type_actions(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """operation name -> (output wsaw:Action, fault wsaw:Action) from the portType."""
    root = _hardened_parse(path)
    actions: dict[str, tuple[str | None, str | None]] = {}
    for op in root.iterfind(f"{{{WSDL_NS}}}portType/{{{WSDL_NS}}}operation"):

        def action_of(child: str, op: etree._Element = op) -> str | None:
            node = op.find(f"{{{WSDL_NS}}}{child}")
            if node is None:
                return None
            return node.get(f"{{{WSAW_NS}}}Action") or node.get(f"{{{WSAM_NS}}}Action")

        actions[str(op.get("name"))] = (action_of("output"), action_of("fault"))
    return actions


def _local(qname: Any, what: str, op_name: str) -> str:
    text = getattr(qname, "text", None)
    if text is None:
        raise ConfigurationError(f"WSDL: operation {op_name} has no {what} element")
    q = etree.QName(text)
    if q.namespace != KV:
        raise ConfigurationError(f"WSDL: {what} element of {op_name} is not in the koppelvlak namespace")
    return str(q.localname)


def _service_for(target_namespace: str, path: Path) -> Service:
    for service in Service:
        if SERVICE_NS[service.value] == target_namespace:
            return service
    raise ConfigurationError(f"WSDL: {path.name} has unknown targetNamespace {target_namespace!r}")


def _operations_of(path: Path, transport: OfflineTransport) -> list[Operation]:
    try:
        document = zeep.wsdl.Document(str(path), transport, settings=offline_settings())  # type: ignore[arg-type]
    except ConfigurationError:
        raise
    except (zeep.exceptions.Error, etree.LxmlError, OSError, ValueError) as exc:
        raise ConfigurationError(f"WSDL: cannot load bundled {path.name}: {exc}") from exc

    actions = _port_type_actions(path)
    result: list[Operation] = []
    for binding in document.bindings.values():
        service = _service_for(str(etree.QName(binding.name).namespace), path)
        soap_ops: dict[str, Any] = binding.all()  # type: ignore[no-untyped-call]
        for name, soap_op in soap_ops.items():
            response_action, fault_action = actions.get(name, (None, None))
            if not soap_op.soapaction or not response_action or not fault_action:
                raise ConfigurationError(
                    f"WSDL: {path.name} operation {name} lacks a soapAction or wsaw:Action"
                )
            faults = list(soap_op.faults.values())
            if len(faults) != 1:
                raise ConfigurationError(f"WSDL: {path.name} operation {name} must declare exactly one fault")
            fault_parts = list(faults[0].abstract.parts.values())
            if len(fault_parts) != 1 or fault_parts[0].element is None:
                raise ConfigurationError(f"WSDL: {path.name} fault of {name} must have one element part")
            result.append(
                Operation(
                    name=str(name),
                    service=service,
                    action=str(soap_op.soapaction),
                    response_action=response_action,
                    fault_action=fault_action,
                    request_element=_local(getattr(soap_op.input.body, "qname", None), "request", name),
                    response_element=_local(getattr(soap_op.output.body, "qname", None), "response", name),
                    fault_element=_local(fault_parts[0].element.qname, "fault", name),
                )
            )
    return result


def load_operations(wsdl_dir: Path | None = None, schema_dir: Path | None = None) -> dict[str, Operation]:
    """Read all three WSDLs (uncached; :func:`wus_client.services.operations` caches)."""
    wsdl_dir = wsdl_dir if wsdl_dir is not None else package_path("wsdl")
    schema_dir = schema_dir if schema_dir is not None else package_path("schemas")
    transport = OfflineTransport((wsdl_dir, schema_dir))
    table: dict[str, Operation] = {}
    try:
        for service, filename in WSDL_FILES.items():
            for op in _operations_of(wsdl_dir / filename, transport):
                if op.service is not service:
                    raise ConfigurationError(
                        f"WSDL: {filename} describes {op.service.value}, not {service.value}"
                    )
                table[op.name] = op
    finally:
        transport.session.close()
    log.debug("loaded %d WUS operations from %s", len(table), wsdl_dir)
    return table


_lock = threading.Lock()
_table: Mapping[str, Operation] | None = None


def cached_operations() -> Mapping[str, Operation]:
    """The table, loaded on first use (thread-safe) and read-only afterwards."""
    global _table
    table = _table
    if table is None:
        with _lock:
            table = _table
            if table is None:
                table = _table = MappingProxyType(load_operations())
    return table
