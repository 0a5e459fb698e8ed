"""Checking a request as Digipoort would, and answering it: no HTTP here, bytes in and out.

Order of the checks (the first failure becomes the unsigned fault, HTTP 500, reason in
foutbeschrijving): the path names a service; the WS-Security header verifies with the
BinarySecurityToken (Body, Timestamp and every wsa header covered, Timestamp current,
Action/MessageID/To present), whose certificate must be the TLS client certificate;
wsa:To equals the URL posted to; the Body holds a request of this service and wsa:Action
is that operation's soapAction; the Body is valid against the koppelvlak XSD. Then the
scenario of the aanleverkenmerk decides (fault, slow, HTTP 503) and the operation runs.

Foutcodes: ALS100 (aanleverservice) and STS100 (statusinformatieservice) as Digipoort.
For the ophaalservice no code is published; the mock answers ``OPS100`` (its own choice).
A status call about a kenmerk the TLS client does not own is answered with STS100.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from lxml import etree

from ..config import SecurityProfile, Service
from ..envelope import build_fault_envelope, build_response_envelope
from ..errors import FaultError, SecurityError
from ..security import Signer, sign_envelope, verify_envelope
from ..services import Operation, operations
from ..xml import KV, SOAP_ENV, WSA, XmlRejected, load_schema, parse_untrusted
from . import bodies
from .scenarios import FrontDoor, Scenario, scenario_for
from .state import MockState, Submission

__all__ = ["FOUTCODES", "PATHS", "Reply", "RequestProcessor"]

log = logging.getLogger(__name__)

#: Digipoort's paths of the three services (spec §6).
PATHS: Mapping[str, Service] = {
    "/wus/2.0/aanleverservice/1.2": Service.AANLEVER,
    "/wus/2.0/statusinformatieservice/1.2": Service.STATUSINFORMATIE,
    "/wus/2.0/ophaalservice/1.2": Service.OPHAAL,
}
FOUTCODES: Mapping[Service, str] = {
    Service.AANLEVER: "ALS100",
    Service.STATUSINFORMATIE: "STS100",
    Service.OPHAAL: "OPS100",  # the mock's choice: Logius publishes no ophaal foutcode
}
_FAULT_ELEMENTS: Mapping[Service, str] = {
    Service.AANLEVER: "aanleverFault",
    Service.STATUSINFORMATIE: "statusinformatieFault",
    Service.OPHAAL: "ophaalFault",
}
_FAULT_ACTION_FALLBACK: Mapping[Service, str] = {
    Service.AANLEVER: "http://logius.nl/digipoort/wus/2.0/aanleverservice/1.2/AanleverService/Fault/",
    Service.STATUSINFORMATIE: (
        "http://logius.nl/digipoort/wus/2.0/statusinformatieservice/1.2/StatusinformatieService/Fault/"
    ),
    Service.OPHAAL: "http://logius.nl/digipoort/wus/2.0/ophaalservice/1.2/OphaalService/Fault/",
}
_INTRO = (
    "Het verzoek voldoet niet aan de koppelvlakspecificaties en kan hierdoor niet door Digipoort "
    "worden verwerkt.\n\nDe volgende fout is opgetreden: \n"
)
XML = "text/xml; charset=utf-8"
_El = etree._Element
RESPONSE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str = XML
    delay: float = 0.0  # seconds to wait before answering (Zwaarbelast*)


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def client_identity(der: bytes) -> str:
    """The TLS client's identity: its subject serialNumber (OIN), else its SHA-256 fingerprint."""
    cert = x509.load_der_x509_certificate(der)
    serials = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    if serials:
        return str(serials[0].value)
    return cert.fingerprint(hashes.SHA256()).hex()


def _safe_filename(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in Path(name).name)
    return cleaned.lstrip(".") or "bericht"


class RequestProcessor:
    """Answers one request: ``handle(path=..., host=..., body=..., peer_der=...) -> Reply``."""

    def __init__(
        self,
        *,
        state: MockState,
        signer: Signer,
        profile: SecurityProfile,
        accept_profile: SecurityProfile = SecurityProfile.DIGIPOORT,
        slow_delay: float = 2.0,
        record_dir: Path | None = None,
        clock_skew: timedelta = timedelta(minutes=5),
    ) -> None:
        self.state = state
        self.signer = signer
        self.profile = profile
        self.accept_profile = accept_profile
        self.slow_delay = slow_delay
        self.record_dir = record_dir
        self.clock_skew = clock_skew
        self._schema = load_schema("schemas", "digipoort-koppelvlak-1.2.xsd")
        self._schema_lock = threading.Lock()
        self._ops: dict[tuple[Service, str], Operation] = {
            (op.service, op.request_element): op for op in operations().values()
        }
        self._dispatch: dict[str, Callable[[Operation, _El, str, bytes], _El]] = {
            "aanleveren": self._aanleveren,
            "getStatussenProces": self._statussen_proces,
            "getNieuweStatussenProces": self._statussen_proces,
            "getNieuweStatussen": self._nieuwe_statussen,
            "getProcessen": self._processen,
            "getBerichtsoorten": self._berichtsoorten,
            "getBerichtenLijst": self._bericht_lijst,
            "getNieuweBerichtenLijst": self._bericht_lijst,
            "getBerichtenKenmerk": self._berichten,
            "getNieuweBerichtenKenmerk": self._berichten,
            "getBerichten": self._berichten,
            "getNieuweBerichten": self._berichten,
        }

    # -- the entry point -------------------------------------------------------------------

    def handle(self, *, path: str, host: str | None, body: bytes, peer_der: bytes) -> Reply:
        service = PATHS.get(path.rstrip("/"))
        if service is None:
            return Reply(404, b"Not Found\n", "text/plain; charset=utf-8")
        started = time.monotonic()
        op: Operation | None = None
        message_id: str | None = None
        try:
            try:
                verified = verify_envelope(
                    body,
                    profile=self.accept_profile,
                    accept_signer=self._same_as_tls(peer_der),
                    now=None,
                    relates_to=None,
                    clock_skew=self.clock_skew,
                    required_headers=("Action", "MessageID", "To"),
                )
            except (SecurityError, FaultError) as exc:
                op, message_id = self.peek(service, body)
                raise _Refused(f"WS-Security: {exc}") from exc
            message_id = verified.message_id
            op = self._ops.get((service, etree.QName(verified.body).localname))
            expected_to = f"https://{host}{path}" if host else None
            if verified.to != expected_to:
                raise _Refused(f"wsa:To {verified.to!r} is not the URL posted to ({expected_to!r})")
            if not verified.body.tag.startswith(f"{{{KV}}}") or op is None:
                raise _Refused(
                    f"the Body holds {verified.body.tag!r}, which is no request of the {service.value}"
                )
            if verified.action != op.action:
                raise _Refused(f"wsa:Action {verified.action!r} does not match {op.name} ({op.action!r})")
            self._validate(verified.body)
            scenario = self._scenario(service, verified.body, peer_der)
            door = self._door(service, scenario)
            if door is FrontDoor.OVERLOADED:
                return Reply(503, b"<html><body>503 Service Unavailable</body></html>\n", "text/html")
            if door is FrontDoor.FAULT and scenario is not None:
                raise _Refused(f"scenario {scenario.name}")
            answer = self._dispatch[op.name](op, verified.body, client_identity(peer_der), body)
        except _Refused as refusal:
            log.info("mock refused a %s request: %s", op.name if op else service.value, refusal.reason)
            return self.fault(service, op, message_id, refusal.reason)
        envelope = build_response_envelope(
            action=op.response_action, relates_to=message_id or "", body=answer
        )
        signed = sign_envelope(envelope, self.signer, self.profile, ttl=RESPONSE_TTL, security_first=True)
        log.debug("mock answered %s in %.3f s", op.name, time.monotonic() - started)
        return Reply(200, signed, delay=self.slow_delay if door is FrontDoor.SLOW else 0.0)

    def fault(
        self,
        service: Service,
        op: Operation | None,
        message_id: str | None,
        reason: str,
        foutcode: str | None = None,
    ) -> Reply:
        """The unsigned fault, HTTP 500, as Digipoort sends it (foutcode: the service's own)."""
        body = build_fault_envelope(
            fault_element=_FAULT_ELEMENTS[service],
            foutcode=foutcode or FOUTCODES[service],
            foutbeschrijving=_INTRO + reason + "\n",
            action=op.fault_action if op else _FAULT_ACTION_FALLBACK[service],
            relates_to=message_id,
        )
        return Reply(500, body)

    # -- checks ----------------------------------------------------------------------------

    @staticmethod
    def _same_as_tls(peer_der: bytes) -> Callable[[x509.Certificate], None]:
        def accept(cert: x509.Certificate) -> None:
            if cert.public_bytes(serialization.Encoding.DER) != peer_der:
                raise SecurityError(
                    "the BinarySecurityToken is not the TLS client certificate "
                    f"(token subject {cert.subject.rfc4514_string()!r})"
                )

        return accept

    def peek(self, service: Service, body: bytes) -> tuple[Operation | None, str | None]:
        """Best effort (unverified) operation and MessageID, only to address the fault."""
        try:
            root = parse_untrusted(body)
        except XmlRejected:
            return None, None
        message_id = root.findtext(f"{{{SOAP_ENV}}}Header/{{{WSA}}}MessageID")
        first = root.find(f"{{{SOAP_ENV}}}Body/*")
        op = None
        if first is not None and isinstance(first.tag, str):
            op = self._ops.get((service, etree.QName(first).localname))
        return op, message_id.strip() if message_id else None

    def _validate(self, element: etree._Element) -> None:
        # One shared XMLSchema: its error_log belongs to the object, so validate under a lock.
        with self._schema_lock:
            if self._schema.validate(element):
                return
            log_entries = cast("Iterable[Any]", self._schema.error_log)  # iterable; the stubs miss it
            errors = [f"regel {e.line}: {e.message}" for e in log_entries][:5]
        raise _Refused("de Body is niet geldig volgens het koppelvlak-XSD: " + "; ".join(errors))

    def _scenario(self, service: Service, body: etree._Element, peer_der: bytes) -> Scenario | None:
        if service is Service.AANLEVER:
            return scenario_for(bodies.opt_text(body, "aanleverkenmerk"))
        kenmerk = bodies.opt_text(body, "kenmerk")
        if service is Service.STATUSINFORMATIE and kenmerk is not None:
            return self.state.scenario_of(kenmerk, client_identity(peer_der))
        return None

    def _door(self, service: Service, scenario: Scenario | None) -> FrontDoor:
        if scenario is None:
            return FrontDoor.NORMAL
        if service is Service.AANLEVER:
            return scenario.aanleveren
        if service is Service.STATUSINFORMATIE:
            return scenario.statusinformatie
        return FrontDoor.NORMAL

    # -- operations ------------------------------------------------------------------------

    def _aanleveren(self, op: Operation, body: etree._Element, client: str, raw: bytes) -> _El:
        inhoud_el = body.find(f"{{{KV}}}berichtInhoud")
        assert inhoud_el is not None  # the XSD requires it
        inhoud = bodies.read_attachment(inhoud_el)
        bijlagen = tuple(
            bodies.read_attachment(b) for b in body.iterfind(f"{{{KV}}}berichtBijlagen/{{{KV}}}bijlage")
        )
        identity = bodies.read_identity(body, "identiteitBelanghebbende")
        assert identity is not None
        sub = Submission(
            kenmerk=str(uuid.uuid4()),
            aanleverkenmerk=bodies.opt_text(body, "aanleverkenmerk"),
            eerder_aanleverkenmerk=bodies.opt_text(body, "eerderAanleverkenmerk"),
            berichtsoort=bodies.text(body, "berichtsoort"),
            identity=identity,
            rol=bodies.text(body, "rolBelanghebbende"),
            ontvanger=bodies.read_identity(body, "identiteitOntvanger"),
            rol_ontvanger=bodies.opt_text(body, "rolOntvanger"),
            autorisatie_adres=bodies.opt_text(body, "autorisatieAdres"),
            content=inhoud.content,
            filename=inhoud.filename,
            mime_type=inhoud.mime_type,
            bijlagen=bijlagen,
            received=datetime.now(UTC),
            client=client,
            envelope=raw,
        )
        self.state.add_submission(sub)
        self._record(sub)
        return bodies.aanlever_response(sub)

    def _record(self, sub: Submission) -> None:
        if self.record_dir is None:
            return
        self.record_dir.mkdir(parents=True, exist_ok=True)
        (self.record_dir / f"{sub.kenmerk}.envelope.xml").write_bytes(sub.envelope)
        (self.record_dir / f"{sub.kenmerk}.{_safe_filename(sub.filename)}").write_bytes(sub.content)

    def _statussen_proces(self, op: Operation, body: etree._Element, client: str, raw: bytes) -> _El:
        kenmerk = bodies.text(body, "kenmerk")
        found = self.state.statuses(
            kenmerk,
            client,
            new_only=op.name == "getNieuweStatussenProces",
            vanaf=bodies.opt_datetime(body, "tijdstempelVanaf"),
            tot=bodies.opt_datetime(body, "tijdstempelTot"),
        )
        if found is None:
            raise _Refused(f"kenmerk {kenmerk!r} is niet bekend bij deze aanleveraar")
        return bodies.statussen_response(op.name, found)

    def _nieuwe_statussen(self, op: Operation, body: etree._Element, client: str, raw: bytes) -> _El:
        identity = bodies.read_identity(body, "identiteitBelanghebbende")
        assert identity is not None
        found = self.state.new_statuses_for(
            bodies.text(body, "berichtsoort"),
            identity,
            client,
            vanaf=bodies.opt_datetime(body, "tijdstempelVanaf"),
            tot=bodies.opt_datetime(body, "tijdstempelTot"),
        )
        return bodies.statussen_response(op.name, found)

    def _processen(self, op: Operation, body: etree._Element, client: str, raw: bytes) -> _El:
        identity = bodies.read_identity(body, "identiteitBelanghebbende")
        assert identity is not None
        found = self.state.processen(bodies.text(body, "berichtsoort"), identity, client)
        return bodies.processen_response(found)

    def _berichtsoorten(self, op: Operation, body: etree._Element, client: str, raw: bytes) -> _El:
        identity = bodies.read_identity(body, "identiteitBelanghebbende")
        assert identity is not None
        return bodies.berichtsoorten_response(self.state.berichtsoorten(identity, client))

    def _bericht_lijst(self, op: Operation, body: etree._Element, client: str, raw: bytes) -> _El:
        found = self.state.berichten(
            berichtsoort=bodies.opt_text(body, "berichtsoort"),
            vanaf=bodies.opt_datetime(body, "tijdstempelVanaf"),
            tot=bodies.opt_datetime(body, "tijdstempelTot"),
            mark="listed" if op.name.startswith("getNieuwe") else None,
        )
        return bodies.bericht_lijst_response(op.name, found)

    def _berichten(self, op: Operation, body: etree._Element, client: str, raw: bytes) -> _El:
        found = self.state.berichten(
            identity=bodies.read_identity(body, "identiteitBelanghebbende"),
            berichtsoort=bodies.opt_text(body, "berichtsoort"),
            kenmerk=bodies.opt_text(body, "kenmerk"),
            vanaf=bodies.opt_datetime(body, "tijdstempelVanaf"),
            tot=bodies.opt_datetime(body, "tijdstempelTot"),
            mark="fetched" if op.name.startswith("getNieuwe") else None,
        )
        return bodies.berichten_response(op.name, found)
