"""Throwaway test PKI for the security tests: a tiny CA and leaf certificates (cached)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from wus_client.credentials import Credentials
from wus_client.security import Signer

NOT_BEFORE = datetime(2020, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime(2040, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Identity:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    @functools.cached_property
    def signer(self) -> Signer:
        return Signer.from_credentials(Credentials(certificate=self.certificate, private_key=self.key))


@functools.cache
def _rsa_key(label: str) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wus_client tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


@functools.cache
def ca() -> Identity:
    key = _rsa_key("ca")
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Test CA"))
        .issuer_name(_name("Test CA"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Identity(cert, key)


@functools.cache
def leaf(
    cn: str,
    *,
    not_before: datetime = NOT_BEFORE,
    not_after: datetime = NOT_AFTER,
    key_label: str | None = None,
) -> Identity:
    """A leaf certificate issued by the test CA. Same ``cn`` and dates give the same object."""
    authority = ca()
    key = _rsa_key(key_label or cn)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(authority.key, hashes.SHA256())
    )
    return Identity(cert, key)
