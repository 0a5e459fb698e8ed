"""Credentials from PEM (PKCS#8 / traditional RSA, encrypted or not) and PKCS#12."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from wus_client.credentials import Credentials
from wus_client.errors import ConfigurationError

PASSWORD = "Corr3ct-H0rse-Battery"


@dataclass(frozen=True)
class Material:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    ca_cert: x509.Certificate


def _cert(subject_key: object, subject: str, issuer: str, signer: rsa.RSAPrivateKey) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(subject_key.public_key())  # type: ignore[attr-defined]
        .serial_number(0x1234ABCD)
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(signer, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def material() -> Material:
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return Material(
        key=key,
        cert=_cert(key, "Werkgever 00000001234567890000", "Test CA", ca_key),
        ca_cert=_cert(ca_key, "Test CA", "Test CA", ca_key),
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key(key: rsa.RSAPrivateKey, fmt: serialization.PrivateFormat, password: str | None) -> bytes:
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, fmt, enc)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _same_key(a: rsa.RSAPrivateKey, b: rsa.RSAPrivateKey) -> bool:
    return a.private_numbers() == b.private_numbers()


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        (serialization.PrivateFormat.PKCS8, b"BEGIN ENCRYPTED PRIVATE KEY"),
        (serialization.PrivateFormat.TraditionalOpenSSL, b"Proc-Type: 4,ENCRYPTED"),
    ],
    ids=["pkcs8", "traditional-rsa"],
)
@pytest.mark.parametrize("password", [PASSWORD, PASSWORD.encode()], ids=["str", "bytes"])
def test_encrypted_pem_keys_load(
    fmt: serialization.PrivateFormat, marker: bytes, password: str | bytes, material: Material, tmp_path: Path
) -> None:
    key_pem = _key(material.key, fmt, PASSWORD)
    assert marker in key_pem
    if fmt is serialization.PrivateFormat.TraditionalOpenSSL:
        assert key_pem.startswith(b"-----BEGIN RSA PRIVATE KEY-----")
    creds = Credentials.from_pem(
        _write(tmp_path / "cert.pem", _pem(material.cert) + _pem(material.ca_cert)),
        _write(tmp_path / "key.pem", key_pem),
        password=password,
    )
    assert _same_key(creds.private_key, material.key)
    assert creds.certificate == material.cert
    assert creds.chain == (material.ca_cert,)
    assert creds.chain_pem() == _pem(material.cert) + _pem(material.ca_cert)


@pytest.mark.parametrize(
    "fmt", [serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL]
)
def test_unencrypted_pem_keys_load(
    fmt: serialization.PrivateFormat, material: Material, tmp_path: Path
) -> None:
    creds = Credentials.from_pem(
        _write(tmp_path / "c.pem", _pem(material.cert)),
        _write(tmp_path / "k.pem", _key(material.key, fmt, None)),
    )
    assert _same_key(creds.private_key, material.key)
    assert creds.chain == ()


def test_one_file_holding_key_and_certificates(material: Material, tmp_path: Path) -> None:
    both = _write(
        tmp_path / "both.pem",
        _key(material.key, serialization.PrivateFormat.PKCS8, None)
        + _pem(material.cert)
        + _pem(material.ca_cert),
    )
    creds = Credentials.from_pem(both, both)
    assert creds.certificate == material.cert and creds.chain == (material.ca_cert,)


def test_pkcs12_loads_key_certificate_and_chain(material: Material, tmp_path: Path) -> None:
    blob = pkcs12.serialize_key_and_certificates(
        b"client",
        material.key,
        material.cert,
        [material.ca_cert],
        serialization.BestAvailableEncryption(PASSWORD.encode()),
    )
    path = _write(tmp_path / "client.p12", blob)
    for password in (PASSWORD, PASSWORD.encode()):
        creds = Credentials.from_pkcs12(path, password=password)
        assert _same_key(creds.private_key, material.key)
        assert creds.certificate == material.cert
        assert creds.chain == (material.ca_cert,)


def test_pkcs12_without_password(material: Material, tmp_path: Path) -> None:
    blob = pkcs12.serialize_key_and_certificates(
        b"client", material.key, material.cert, None, serialization.NoEncryption()
    )
    creds = Credentials.from_pkcs12(_write(tmp_path / "open.p12", blob))
    assert creds.certificate == material.cert


# ------------------------------------------------------------------ configuration errors


@pytest.mark.parametrize("given", ["wrong-password", None], ids=["wrong", "missing"])
@pytest.mark.parametrize(
    "fmt", [serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL]
)
def test_wrong_or_missing_key_password(
    fmt: serialization.PrivateFormat, given: str | None, material: Material, tmp_path: Path
) -> None:
    key = _write(tmp_path / "k.pem", _key(material.key, fmt, PASSWORD))
    with pytest.raises(ConfigurationError) as info:
        Credentials.from_pem(_write(tmp_path / "c.pem", _pem(material.cert)), key, password=given)
    message = str(info.value)
    assert message.startswith("key:")
    assert str(key) in message
    assert PASSWORD not in message and "wrong-password" not in message
    assert info.value.__cause__ is not None


def test_password_for_a_plain_key_is_refused(material: Material, tmp_path: Path) -> None:
    key = _write(tmp_path / "k.pem", _key(material.key, serialization.PrivateFormat.PKCS8, None))
    with pytest.raises(ConfigurationError, match=r"^key:.*not encrypted"):
        Credentials.from_pem(_write(tmp_path / "c.pem", _pem(material.cert)), key, password="x")


def test_pkcs12_wrong_password(material: Material, tmp_path: Path) -> None:
    blob = pkcs12.serialize_key_and_certificates(
        b"c", material.key, material.cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())
    )
    path = _write(tmp_path / "c.p12", blob)
    for wrong in ("nope", None):
        with pytest.raises(ConfigurationError) as info:
            Credentials.from_pkcs12(path, password=wrong)
        assert str(info.value).startswith("pkcs12:") and str(path) in str(info.value)
        assert "nope" not in str(info.value)


def test_pkcs12_without_key(material: Material, tmp_path: Path) -> None:
    blob = pkcs12.serialize_key_and_certificates(
        b"c", None, material.cert, None, serialization.NoEncryption()
    )
    with pytest.raises(ConfigurationError, match=r"^pkcs12:.*private key"):
        Credentials.from_pkcs12(_write(tmp_path / "c.p12", blob))


def test_missing_files_are_named(material: Material, tmp_path: Path) -> None:
    key = _write(tmp_path / "k.pem", _key(material.key, serialization.PrivateFormat.PKCS8, None))
    cert = _write(tmp_path / "c.pem", _pem(material.cert))
    missing = tmp_path / "nowhere" / "client.pem"
    with pytest.raises(ConfigurationError, match=r"^cert:") as info:
        Credentials.from_pem(missing, key)
    assert str(missing) in str(info.value)
    with pytest.raises(ConfigurationError, match=r"^key:") as info:
        Credentials.from_pem(cert, missing)
    assert str(missing) in str(info.value)
    with pytest.raises(ConfigurationError, match=r"^pkcs12:") as info:
        Credentials.from_pkcs12(missing)
    assert str(missing) in str(info.value)


def test_files_of_the_wrong_kind(material: Material, tmp_path: Path) -> None:
    key = _write(tmp_path / "k.pem", _key(material.key, serialization.PrivateFormat.PKCS8, None))
    cert = _write(tmp_path / "c.pem", _pem(material.cert))
    with pytest.raises(ConfigurationError, match=r"^cert:.*no PEM certificate"):
        Credentials.from_pem(key, key)
    with pytest.raises(ConfigurationError, match=r"^key:.*no readable PEM private key"):
        Credentials.from_pem(cert, cert)
    with pytest.raises(ConfigurationError, match=r"^pkcs12:"):
        Credentials.from_pkcs12(cert)


def test_key_must_belong_to_the_certificate(material: Material, tmp_path: Path) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(ConfigurationError, match="does not belong"):
        Credentials.from_pem(
            _write(tmp_path / "c.pem", _pem(material.cert)),
            _write(tmp_path / "k.pem", _key(other, serialization.PrivateFormat.PKCS8, None)),
        )


def test_non_rsa_keys_are_refused(material: Material) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(ConfigurationError, match="only RSA"):
        Credentials(certificate=material.cert, private_key=ec_key)  # type: ignore[arg-type]
    # An RSA key with a certificate for another key type: a clear error, not AttributeError.
    ed_cert = _cert(ed25519.Ed25519PrivateKey.generate(), "ed", "Test CA", material.key)
    with pytest.raises(ConfigurationError, match="does not belong"):
        Credentials(certificate=ed_cert, private_key=material.key)


# ------------------------------------------------------------------ secrecy


def test_repr_and_logs_never_show_key_material_or_password(
    material: Material, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key_pem = _key(material.key, serialization.PrivateFormat.PKCS8, PASSWORD)
    with caplog.at_level(logging.DEBUG):
        creds = Credentials.from_pem(
            _write(tmp_path / "c.pem", _pem(material.cert)), _write(tmp_path / "k.pem", key_pem), PASSWORD
        )
        shown = repr(creds) + str(creds) + caplog.text
    assert "Werkgever 00000001234567890000" in shown  # says whose certificate it is
    assert PASSWORD not in shown
    assert "PRIVATE KEY" not in shown
    numbers = material.key.private_numbers()
    for secret in (numbers.d, numbers.p, numbers.q):
        assert str(secret) not in shown and f"{secret:x}" not in shown
    plain = _key(material.key, serialization.PrivateFormat.PKCS8, None).decode().splitlines()[1:-1]
    assert not any(line in shown for line in plain)


def test_private_key_pem_is_encrypted_when_a_password_is_given(material: Material) -> None:
    creds = Credentials(certificate=material.cert, private_key=material.key)
    protected = creds.private_key_pem(b"one-time")
    assert protected.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    again = serialization.load_pem_private_key(protected, password=b"one-time")
    assert _same_key(again, material.key)  # type: ignore[arg-type]
    with pytest.raises((ValueError, TypeError)):
        serialization.load_pem_private_key(protected, password=None)
