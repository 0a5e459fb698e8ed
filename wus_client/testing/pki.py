"""A throwaway PKI for the mock Digipoort: CA, TLS server, TLS client and response signer.

Everything is generated with ``cryptography`` and written as PEM files into one
directory. A directory that already holds a complete, valid set is reused, so
``wus mock --pki DIR`` keeps the same certificates between runs and a client
configured once keeps working.

Files (names are part of the contract of ``wus mock``)::

    ca.pem  ca-key.pem            the CA that issued the three certificates below
    server.pem  server-key.pem    TLS server certificate for 127.0.0.1 and localhost
    client.pem  client-key.pem    TLS client certificate; subject serialNumber is an OIN
    signing.pem signing-key.pem   the certificate the mock signs its responses with

Private keys are written unencrypted with mode 0600: they protect nothing real.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = ["CLIENT_OIN", "SIGNING_OIN", "IssuedCertificate", "ThrowawayPKI"]

log = logging.getLogger(__name__)

#: subject serialNumber of the generated TLS client certificate (an OIN-style number).
CLIENT_OIN = "00000001234567890000"
#: subject serialNumber of the generated response-signing certificate.
SIGNING_OIN = "00000001999999990000"

_KEY_SIZE = 2048
_VALIDITY = _dt.timedelta(days=825)
_BACKDATE = _dt.timedelta(days=1)
#: a reused set must stay valid at least this long, or it is regenerated.
_MIN_REMAINING = _dt.timedelta(days=1)

_FILES = (
    "ca.pem",
    "ca-key.pem",
    "server.pem",
    "server-key.pem",
    "client.pem",
    "client-key.pem",
    "signing.pem",
    "signing-key.pem",
)


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate and its key written as PEM files."""

    cert: Path
    key: Path


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)


def _name(common_name: str, serial_number: str | None = None) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wus_client mock (throwaway, not trusted anywhere)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if serial_number:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
    return x509.Name(attrs)


def _write_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _builder(subject: x509.Name, issuer: x509.Name, public_key: rsa.RSAPublicKey) -> x509.CertificateBuilder:
    now = _dt.datetime.now(_dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + _VALIDITY)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _issue(
    ca_cert: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
    *,
    common_name: str,
    serial_number: str | None,
    usage: Iterable[x509.ObjectIdentifier],
    san: list[x509.GeneralName] | None = None,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = _new_key()
    builder = (
        _builder(_name(common_name, serial_number), ca_cert.subject, key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage(list(usage)), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return builder.sign(ca_key, hashes.SHA256()), key


def _make_ca() -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = _new_key()
    name = _name("wus_client mock CA")
    cert = (
        _builder(name, name, key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    ca_key = ca.public_key()
    if not isinstance(ca_key, rsa.RSAPublicKey) or cert.signature_hash_algorithm is None:
        return False
    try:
        ca_key.verify(
            cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm
        )
    except InvalidSignature:
        return False
    return cert.issuer == ca.subject


@dataclass(frozen=True)
class ThrowawayPKI:
    """Paths of a generated PKI. Create or reuse one with :meth:`ensure`."""

    directory: Path

    @property
    def ca(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def ca_key(self) -> Path:
        return self.directory / "ca-key.pem"

    @property
    def server(self) -> Path:
        return self.directory / "server.pem"

    @property
    def server_key(self) -> Path:
        return self.directory / "server-key.pem"

    @property
    def client(self) -> Path:
        return self.directory / "client.pem"

    @property
    def client_key(self) -> Path:
        return self.directory / "client-key.pem"

    @property
    def signing(self) -> Path:
        return self.directory / "signing.pem"

    @property
    def signing_key(self) -> Path:
        return self.directory / "signing-key.pem"

    @classmethod
    def ensure(cls, directory: str | os.PathLike[str]) -> ThrowawayPKI:
        """Reuse the PKI in ``directory`` when complete and valid, else generate a new one."""
        pki = cls(Path(directory))
        if pki.is_valid():
            log.debug("reusing the throwaway PKI in %s", pki.directory)
            return pki
        pki.directory.mkdir(parents=True, exist_ok=True)
        pki._generate()
        log.info("generated a throwaway PKI in %s", pki.directory)
        return pki

    def is_valid(self) -> bool:
        """True when all eight files exist, parse, belong together and are valid for a while."""
        if not all((self.directory / name).is_file() for name in _FILES):
            return False
        try:
            ca = x509.load_pem_x509_certificate(self.ca.read_bytes())
            horizon = _dt.datetime.now(_dt.UTC) + _MIN_REMAINING
            for cert_path, key_path in (
                (self.ca, self.ca_key),
                (self.server, self.server_key),
                (self.client, self.client_key),
                (self.signing, self.signing_key),
            ):
                cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
                key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
                if cert.not_valid_after_utc < horizon or cert.not_valid_before_utc > horizon:
                    return False
                if cert.public_key().public_numbers() != key.public_key().public_numbers():  # type: ignore[union-attr]
                    return False
                if not _issued_by(cert, ca):
                    return False
        except (OSError, ValueError, TypeError):
            return False
        return True

    def _generate(self) -> None:
        ca_cert, ca_key = _make_ca()
        server_cert, server_key = _issue(
            ca_cert,
            ca_key,
            common_name="localhost",
            serial_number=None,
            usage=[ExtendedKeyUsageOID.SERVER_AUTH],
            san=[x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))],
        )
        client_cert, client_key = _issue(
            ca_cert,
            ca_key,
            common_name="mock client",
            serial_number=CLIENT_OIN,
            usage=[ExtendedKeyUsageOID.CLIENT_AUTH],
        )
        signing_cert, signing_key = _issue(
            ca_cert,
            ca_key,
            common_name="mock digipoort signing",
            serial_number=SIGNING_OIN,
            usage=[ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH],
        )
        for stem, cert, key in (
            ("ca", ca_cert, ca_key),
            ("server", server_cert, server_key),
            ("client", client_cert, client_key),
            ("signing", signing_cert, signing_key),
        ):
            _write_key(self.directory / f"{stem}-key.pem", key)
            _write_cert(self.directory / f"{stem}.pem", cert)

    def issue_client(
        self,
        name: str,
        *,
        serial_number: str = CLIENT_OIN,
        directory: str | os.PathLike[str] | None = None,
    ) -> IssuedCertificate:
        """Issue one more TLS client certificate from this CA (e.g. a second submitter).

        Written as ``<name>.pem`` / ``<name>-key.pem`` into ``directory`` (default: the PKI's).
        """
        ca_cert = x509.load_pem_x509_certificate(self.ca.read_bytes())
        ca_key = serialization.load_pem_private_key(self.ca_key.read_bytes(), password=None)
        if not isinstance(ca_key, rsa.RSAPrivateKey):
            raise ValueError(f"{self.ca_key} does not hold an RSA key")
        cert, key = _issue(
            ca_cert,
            ca_key,
            common_name=name,
            serial_number=serial_number,
            usage=[ExtendedKeyUsageOID.CLIENT_AUTH],
        )
        target = Path(directory) if directory is not None else self.directory
        target.mkdir(parents=True, exist_ok=True)
        issued = IssuedCertificate(cert=target / f"{name}.pem", key=target / f"{name}-key.pem")
        _write_key(issued.key, key)
        _write_cert(issued.cert, cert)
        return issued
