"""The client's certificate and private key, from PEM files or PKCS#12.

Keys are loaded once; ``repr()`` and logs never show key material or passwords.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from .errors import ConfigurationError

__all__ = ["Credentials"]

PathLike = Union[str, "os.PathLike[str]"]
Password = str | bytes | None


def _password_bytes(password: Password) -> bytes | None:
    if password is None or password == "" or password == b"":
        return None
    return password.encode("utf-8") if isinstance(password, str) else bytes(password)


def _read(label: str, path: PathLike) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"{label}: cannot read {os.fspath(path)!r}: {exc.strerror}") from exc


@dataclass(frozen=True, eq=False)
class Credentials:
    """A client certificate with its RSA private key (and any intermediate certificates)."""

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey = field(repr=False)
    chain: tuple[x509.Certificate, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.private_key, rsa.RSAPrivateKey):
            raise ConfigurationError("key: only RSA keys are supported by Digipoort's signature profiles")
        # Compare SubjectPublicKeyInfo bytes: works for any key type the certificate may hold.
        spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        cert_key = self.certificate.public_key().public_bytes(*spki)
        if cert_key != self.private_key.public_key().public_bytes(*spki):
            raise ConfigurationError("key: the private key does not belong to the certificate")

    def __repr__(self) -> str:
        return f"Credentials(subject={self.subject!r}, serial={self.certificate.serial_number:x})"

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def chain_pem(self) -> bytes:
        """The certificate followed by its intermediates, PEM, for the TLS handshake."""
        return self.certificate_pem + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in self.chain)

    def private_key_pem(self, password: bytes | None = None) -> bytes:
        """The key as PKCS#8 PEM, encrypted with ``password`` when given. Handle with care."""
        enc: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        )
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc
        )

    @classmethod
    def from_pem(cls, cert: PathLike, key: PathLike, password: Password = None) -> Credentials:
        """Load a PEM certificate (optionally followed by intermediates) and a PEM key.

        The key may be PKCS#8 or traditional RSA, encrypted (give ``password``) or not.
        """
        cert_bytes = _read("cert", cert)
        key_bytes = _read("key", key)
        try:
            certs = x509.load_pem_x509_certificates(cert_bytes)
        except ValueError as exc:
            raise ConfigurationError(f"cert: {os.fspath(cert)!r} holds no PEM certificate") from exc
        pw = _password_bytes(password)
        try:
            private_key = serialization.load_pem_private_key(key_bytes, password=pw)
        except TypeError as exc:
            if pw is None:
                raise ConfigurationError(
                    f"key: {os.fspath(key)!r} is encrypted; a password is required (WUS_KEY_PASSWORD)"
                ) from exc
            raise ConfigurationError(f"key: {os.fspath(key)!r} is not encrypted; give no password") from exc
        except ValueError as exc:
            if pw is not None:
                raise ConfigurationError(
                    f"key: cannot decrypt {os.fspath(key)!r}: wrong password or not a PEM key"
                ) from exc
            raise ConfigurationError(f"key: {os.fspath(key)!r} holds no readable PEM private key") from exc
        return cls(certificate=certs[0], private_key=private_key, chain=tuple(certs[1:]))  # type: ignore[arg-type]

    @classmethod
    def from_pkcs12(cls, path: PathLike, password: Password = None) -> Credentials:
        """Load a PKCS#12 (.p12/.pfx) file holding the key, certificate and intermediates."""
        data = _read("pkcs12", path)
        try:
            key, certificate, extra = pkcs12.load_key_and_certificates(data, _password_bytes(password))
        except ValueError as exc:
            raise ConfigurationError(
                f"pkcs12: cannot open {os.fspath(path)!r}: wrong password or not a PKCS#12 file"
            ) from exc
        if key is None or certificate is None:
            raise ConfigurationError(
                f"pkcs12: {os.fspath(path)!r} must hold both a private key and a certificate"
            )
        return cls(certificate=certificate, private_key=key, chain=tuple(extra))  # type: ignore[arg-type]
