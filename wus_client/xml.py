"""Namespaces, the hardened XML parser and package-data schema loading (cached).

Every byte that comes from outside goes through :func:`parse_untrusted`: no DTD,
no entity expansion, no network, huge text nodes allowed (a 20 MiB payload is
about 27 MB of base64 in one text node).
"""

from __future__ import annotations

import functools
import threading
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = [
    "NS",
    "SOAP_ENV",
    "WSA",
    "WSSE",
    "WSU",
    "DS",
    "KV",
    "EXC_C14N",
    "parse_untrusted",
    "package_path",
    "load_schema",
    "XmlRejected",
    "DeferredText",
]

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSA = "http://www.w3.org/2005/08/addressing"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DS = "http://www.w3.org/2000/09/xmldsig#"
KV = "http://logius.nl/digipoort/koppelvlakservices/1.2/"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
WSA_ANONYMOUS = "http://www.w3.org/2005/08/addressing/anonymous"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64_BINARY = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)

NS = {"soapenv": SOAP_ENV, "wsa": WSA, "wsse": WSSE, "wsu": WSU, "ds": DS, "kv": KV}

# Service namespaces and their soapAction prefix (spec §1).
SERVICE_NS = {
    "aanleverservice": "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/",
    "statusinformatieservice": "http://logius.nl/digipoort/wus/2.0/statusinformatieservice/1.2/",
    "ophaalservice": "http://logius.nl/digipoort/wus/2.0/ophaalservice/1.2/",
}


@dataclass(frozen=True)
class DeferredText:
    """A large text node kept out of the tree (a 20 MiB payload is ~27 MB of base64).

    The tree holds ``placeholder``; signing hashes ``data`` in its place and the wire
    carries ``data`` where the placeholder was, so the payload is never copied into
    libxml2, canonicalised into a buffer or serialised a second time. ``data`` must be
    text that needs no escaping (base64); the placeholder is itself valid base64.
    """

    data: bytes = field(repr=False)
    placeholder: str = field(default_factory=lambda: "WUSDEFERRED0" + uuid.uuid4().hex + "0000")

    def __repr__(self) -> str:
        return f"DeferredText({len(self.data)} bytes at {self.placeholder})"


class XmlRejected(ValueError):
    """The input is not acceptable XML (malformed, has a DTD or entities). Callers map it."""


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=True,
        remove_blank_text=False,
        remove_comments=False,
        collect_ids=False,
    )


def parse_untrusted(data: bytes) -> etree._Element:
    """Parse bytes from outside. A DOCTYPE of any kind is refused before parsing.

    An lxml parser must not be shared between threads, so each thread keeps its own.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise XmlRejected("XML input must be bytes")
    data = bytes(data)
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise XmlRejected("a DOCTYPE or entity declaration is not allowed")
    try:
        root = etree.fromstring(data, parser=_thread_parser())
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"not well-formed XML: {exc}") from exc
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype:
        raise XmlRejected("a DOCTYPE is not allowed")
    return root


_local = threading.local()


def _thread_parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _new_parser()
    return parser


def package_path(*parts: str) -> Path:
    """Path of a data file we ship: ``package_path("wsdl", "AanleverService_V1_2.wsdl")``.

    In a wheel, ``wsdl/`` and ``schemas/`` live under ``wus_client/data/``; in a source
    checkout (editable install) they are at the repository root.
    """
    installed = Path(str(resources.files("wus_client"))) / "data"
    candidate = installed.joinpath(*parts)
    if candidate.exists():
        return candidate
    return Path(__file__).resolve().parent.parent.joinpath(*parts)


@functools.cache
def load_schema(*parts: str) -> etree.XMLSchema:
    """Load an XSD from package data once; includes/imports resolve relative to it, offline."""
    path = package_path(*parts)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=True)
    doc = etree.parse(str(path), parser=parser)
    return etree.XMLSchema(doc)
