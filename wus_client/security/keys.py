"""Key material for signing (:class:`Signer`) and pinned certificates (:class:`TrustStore`).

Both parse their input once; instances are immutable and safe to share between threads.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Union

import xmlsec
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..credentials import Credentials
from ..errors import ConfigurationError, SecurityError

__all__ = [
    "CertificateSource",
    "Signer",
    "TrustStore",
    "certificate_der",
    "token_certificate",
    "verification_key",
]

#: One pinned certificate (or a PEM bundle): PEM/DER bytes, a path, or a parsed certificate.
CertificateSource = Union[bytes, str, "os.PathLike[str]", x509.Certificate]


@dataclass(frozen=True, eq=False)
class Signer:
    """A signing certificate with its RSA key, loaded into xmlsec once.

    xmlsec duplicates the key into each signature context, so one Signer may be used
    from many threads at once.
    """

    certificate: x509.Certificate
    key: xmlsec.Key = field(repr=False)
    #: The certificate, DER, base64 (no line breaks): the BinarySecurityToken's text.
    token: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Signer(subject={self.certificate.subject.rfc4514_string()!r})"

    @classmethod
    def from_key(cls, certificate: x509.Certificate, private_key: rsa.RSAPrivateKey) -> Signer:
        if not isinstance(private_key, rsa.RSAPrivateKey):
            raise ConfigurationError("key: only RSA keys are supported by Digipoort's signature profiles")
        if certificate.public_key().public_numbers() != private_key.public_key().public_numbers():  # type: ignore[union-attr]
            raise ConfigurationError("key: the private key does not belong to the certificate")
        der_key = private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            key = xmlsec.Key.from_memory(der_key, xmlsec.constants.KeyDataFormatDer, None)
        except xmlsec.Error as exc:
            raise ConfigurationError("key: xmlsec cannot load the private key") from exc
        der_cert = certificate.public_bytes(serialization.Encoding.DER)
        return cls(certificate=certificate, key=key, token=base64.b64encode(der_cert).decode("ascii"))

    @classmethod
    def from_credentials(cls, credentials: Credentials) -> Signer:
        return cls.from_key(credentials.certificate, credentials.private_key)


def _certificates_from_bytes(data: bytes, label: str) -> list[x509.Certificate]:
    try:
        if b"-----BEGIN" in data:
            return list(x509.load_pem_x509_certificates(data))
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise ConfigurationError(f"response_certificates: {label} holds no readable certificate") from exc


def _load_item(item: CertificateSource) -> list[x509.Certificate]:
    if isinstance(item, x509.Certificate):
        return [item]
    if isinstance(item, (bytes, bytearray, memoryview)):
        return _certificates_from_bytes(bytes(item), "the given bytes")
    try:
        data = Path(item).read_bytes()
    except (OSError, TypeError) as exc:
        raise ConfigurationError(f"response_certificates: cannot read {item!r}: {exc}") from exc
    return _certificates_from_bytes(data, repr(os.fspath(item)))


@dataclass(frozen=True)
class TrustStore:
    """Pinned response-signing certificates: a signer is accepted only if it is one of them
    exactly (DER comparison) and the clock lies within its validity period."""

    certificates: tuple[x509.Certificate, ...]
    _pins: frozenset[bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.certificates:
            raise ConfigurationError("response_certificates: at least one pinned certificate is required")
        pins = frozenset(c.public_bytes(serialization.Encoding.DER) for c in self.certificates)
        object.__setattr__(self, "_pins", pins)

    @classmethod
    def load(cls, items: Iterable[CertificateSource]) -> TrustStore:
        """Each item: PEM bytes (one or more certificates), DER bytes, a path, or a certificate."""
        if isinstance(items, (bytes, str, os.PathLike, x509.Certificate)):
            items = [items]
        certificates: list[x509.Certificate] = []
        for item in items:
            certificates.extend(_load_item(item))
        return cls(certificates=tuple(certificates))

    @classmethod
    def coerce(cls, trusted: Sequence[CertificateSource] | TrustStore) -> TrustStore:
        return trusted if isinstance(trusted, TrustStore) else cls.load(trusted)

    def check(self, certificate: x509.Certificate, now: datetime) -> None:
        """Raise :class:`SecurityError` unless ``certificate`` is pinned and valid at ``now``."""
        if certificate_der(certificate) not in self._pins:
            subject = certificate.subject.rfc4514_string()
            raise SecurityError(f"signer certificate {subject!r} is not one of the pinned certificates")
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            subject = certificate.subject.rfc4514_string()
            raise SecurityError(
                f"signer certificate {subject!r} is not valid at {now.isoformat()} "
                f"(valid {certificate.not_valid_before_utc.isoformat()} "
                f"to {certificate.not_valid_after_utc.isoformat()})"
            )


def token_certificate(text: str) -> x509.Certificate:
    """The RSA certificate in a BinarySecurityToken's text.

    Certificate-sized tokens are cached (a server sends the same one every time); an
    oversized token is parsed but never retained.
    """
    if len(text) > _MAX_CACHED_TOKEN:
        return _parse_token(text)
    return _cached_token(text)


_MAX_CACHED_TOKEN = 16 * 1024


def _parse_token(text: str) -> x509.Certificate:
    try:
        der = base64.b64decode("".join(text.split()), validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as exc:
        raise SecurityError("the BinarySecurityToken does not hold a readable certificate") from exc
    try:
        public_key = certificate.public_key()
    except (UnsupportedAlgorithm, ValueError) as exc:
        raise SecurityError("the signing certificate's public key cannot be read") from exc
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise SecurityError("the signing certificate does not hold an RSA key")
    return certificate


_cached_token = functools.lru_cache(maxsize=32)(_parse_token)


@functools.lru_cache(maxsize=32)
def certificate_der(certificate: x509.Certificate) -> bytes:
    """A certificate's DER form; cached, since a server's token certificate is cached too."""
    return certificate.public_bytes(serialization.Encoding.DER)


@functools.lru_cache(maxsize=32)
def verification_key(der: bytes) -> xmlsec.Key:
    """xmlsec's key for a certificate's RSA public key, loaded once.

    Only the bare public key: every signature context takes a copy of the key, and a key
    loaded from the certificate drags its X.509 data along into each copy (about a
    third of a 1 KiB response's verification time). The pin is checked on the
    certificate itself, before this key is used.
    """
    try:
        spki = (
            x509.load_der_x509_certificate(der)
            .public_key()
            .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        )
        return xmlsec.Key.from_memory(spki, xmlsec.constants.KeyDataFormatDer, None)
    except (ValueError, UnsupportedAlgorithm, xmlsec.Error) as exc:
        raise SecurityError("xmlsec cannot load the signing certificate's key") from exc
