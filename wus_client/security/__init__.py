"""WS-Security for Digipoort: sign requests, verify responses (the only xmlsec user).

Public: :class:`Signer`, :func:`sign_envelope`, :class:`TrustStore`,
:func:`verify_response`, :class:`VerifiedResponse`; :func:`verify_envelope` is the
lower-level verifier the mock uses (it decides about the signer itself).
"""

from __future__ import annotations

from .keys import CertificateSource, Signer, TrustStore
from .sign import SignedMessage, sign_envelope, sign_envelope_parts
from .verify import VerifiedResponse, verify_envelope, verify_response

__all__ = [
    "CertificateSource",
    "SignedMessage",
    "Signer",
    "TrustStore",
    "VerifiedResponse",
    "sign_envelope",
    "sign_envelope_parts",
    "verify_envelope",
    "verify_response",
]
