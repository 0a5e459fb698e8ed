"""One signed SOAP exchange: envelope, signature, mTLS POST, fault check, verification.

The only path by which the client talks to Digipoort. It returns the verified Body's
child element and nothing else ("see what is signed"); everything that could not be
verified raises.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from lxml import etree

from . import services
from .config import Environment, SecurityProfile
from .envelope import build_request_envelope
from .errors import FaultError, SecurityError
from .security import Signer, TrustStore, sign_envelope_parts, verify_response
from .transport import Transport
from .xml import WSA_ANONYMOUS, DeferredText

__all__ = ["SignedExchange"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class SignedExchange:
    """Everything one request needs, loaded once; safe to share between threads."""

    environment: Environment
    signer: Signer
    trust: TrustStore
    transport: Transport
    profile: SecurityProfile
    timeout: float
    clock_skew: timedelta
    timestamp_ttl: timedelta

    def __call__(
        self, operation_name: str, body: etree._Element, deferred: Sequence[DeferredText] = ()
    ) -> etree._Element:
        """Sign, send and verify one request; return the verified response body element.

        ``deferred`` texts (a payload's base64) stay out of the tree: they are hashed in
        place of their placeholders and streamed to the socket without being joined.
        """
        op = services.operation(operation_name)
        url = self.environment.url_for(op.service)
        root, message_id = build_request_envelope(action=op.action, to=url, body=body)
        message = sign_envelope_parts(
            root, self.signer, self.profile, deferred=deferred, ttl=self.timestamp_ttl
        )
        log.debug("%s: sending %d bytes to %s (MessageID %s)", op.name, len(message), url, message_id)
        response = self.transport.post(
            url, message, action=op.action, operation=op.name, timeout=self.timeout
        )
        try:
            verified = verify_response(
                response.content,
                self.trust,
                self.profile,
                relates_to=message_id,
                clock_skew=self.clock_skew,
            )
        except FaultError as fault:
            fault.operation = op.name
            fault.http_status = response.status_code
            raise
        if verified.action != op.response_action:
            raise SecurityError(
                f"{op.name}: response wsa:Action {verified.action!r} is not {op.response_action!r}"
            )
        if verified.to is not None and verified.to != WSA_ANONYMOUS:
            raise SecurityError(f"{op.name}: response wsa:To {verified.to!r} is not the anonymous address")
        log.debug("%s: verified response in %.3f s", op.name, response.elapsed)
        return verified.body
