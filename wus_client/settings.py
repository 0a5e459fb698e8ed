"""Settings for WusClient.from_env() and the CLI: flags, then WUS_* variables, then a config file.

The config file is TOML, found at ``--config``, ``WUS_CONFIG``, ``./wus.toml`` or
``~/.config/wus/config.toml`` (first that exists). Its keys are the variable names
without ``WUS_`` in lower case (``cert = "client.pem"``), plus a ``[berichtsoorten]``
table mapping a message flow to the berichtsoort string UWV/Logius gave you.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Environment, SecurityProfile
from .credentials import Credentials
from .errors import ConfigurationError

if TYPE_CHECKING:
    from .client import WusClient

__all__ = ["Settings", "find_config_file", "load_config_berichtsoorten"]

_KEYS = (
    "environment",
    "aanlever_url",
    "status_url",
    "ophaal_url",
    "cert",
    "key",
    "key_password",
    "pkcs12",
    "pkcs12_password",
    "server_ca",
    "response_cert",
    "profile",
    "timeout",
    "journal",
)


def find_config_file(
    explicit: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    env = os.environ if environ is None else environ
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigurationError(f"config: file {os.fspath(path)!r} does not exist")
        return path
    if env.get("WUS_CONFIG"):
        path = Path(env["WUS_CONFIG"])
        if not path.is_file():
            raise ConfigurationError(f"WUS_CONFIG: file {os.fspath(path)!r} does not exist")
        return path
    for candidate in (Path("wus.toml"), Path.home() / ".config" / "wus" / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def _read_config(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"config: cannot read {os.fspath(path)!r}: {exc}") from exc


def load_config_berichtsoorten(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The ``[berichtsoorten]`` table of the config file, or {} when there is none."""
    return _berichtsoorten_table(_read_config(find_config_file(path, environ)))


def _berichtsoorten_table(config: Mapping[str, Any]) -> dict[str, str]:
    table = config.get("berichtsoorten") or {}
    if not isinstance(table, dict):
        raise ConfigurationError('config: [berichtsoorten] must be a table of FLOW = "berichtsoort"')
    return {str(k).upper(): str(v) for k, v in table.items()}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Resolved settings (strings as given; turned into objects by :meth:`client`)."""

    environment: str | None = None
    aanlever_url: str | None = None
    status_url: str | None = None
    ophaal_url: str | None = None
    cert: str | None = None
    key: str | None = None
    key_password: str | None = field(default=None, repr=False)
    pkcs12: str | None = None
    pkcs12_password: str | None = field(default=None, repr=False)
    server_ca: str | None = None
    response_cert: str | None = None
    profile: str | None = None
    timeout: str | None = None
    journal: str | None = None
    berichtsoorten: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        *,
        flags: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        config_path: str | os.PathLike[str] | None = None,
    ) -> Settings:
        """Merge flags (highest), ``WUS_*`` variables, then the config file (lowest)."""
        env = os.environ if environ is None else environ
        config = _read_config(find_config_file(config_path, env))
        flags = flags or {}
        values: dict[str, Any] = {}
        for name in _KEYS:
            flag = flags.get(name)
            var = env.get("WUS_" + name.upper())
            conf = config.get(name)
            if isinstance(conf, list):
                conf = os.pathsep.join(str(c) for c in conf)
            chosen = next((v for v in (flag, var, conf) if v not in (None, "")), None)
            values[name] = None if chosen is None else str(chosen)
        soorten = _berichtsoorten_table(config)
        prefix = "WUS_BERICHTSOORT_"
        soorten.update({k[len(prefix) :]: v for k, v in env.items() if k.startswith(prefix) and v})
        return cls(**values, berichtsoorten=soorten)

    def environment_object(self) -> Environment:
        if self.aanlever_url or self.status_url:
            if not (self.aanlever_url and self.status_url):
                raise ConfigurationError(
                    "WUS_AANLEVER_URL/WUS_STATUS_URL: set both custom endpoints (WUS_OPHAAL_URL optional)"
                )
            return Environment.custom(
                aanlever_url=self.aanlever_url, status_url=self.status_url, ophaal_url=self.ophaal_url
            )
        if not self.environment:
            raise ConfigurationError(
                "WUS_ENVIRONMENT: set 'productie' or 'preproductie', or WUS_AANLEVER_URL and WUS_STATUS_URL"
            )
        return Environment.named(self.environment)

    def credentials(self) -> Credentials:
        if self.pkcs12:
            return Credentials.from_pkcs12(self.pkcs12, self.pkcs12_password)
        if self.cert and self.key:
            return Credentials.from_pem(self.cert, self.key, self.key_password)
        raise ConfigurationError(
            "WUS_CERT/WUS_KEY: set the client certificate and key (PEM), or WUS_PKCS12 for a .p12 file"
        )

    def response_certificates(self) -> list[str]:
        if not self.response_cert:
            raise ConfigurationError(
                "WUS_RESPONSE_CERT: set the pinned Digipoort signing certificate(s), "
                "separated by os.pathsep (Logius publishes wus.<omgeving>.digipoort.logius.nl.cert)"
            )
        return [p for p in self.response_cert.split(os.pathsep) if p]

    def timeout_seconds(self) -> float:
        if self.timeout is None:
            return 30.0
        try:
            return float(self.timeout)
        except ValueError:
            raise ConfigurationError(f"WUS_TIMEOUT: {self.timeout!r} is not a number of seconds") from None

    def client(self, **overrides: Any) -> WusClient:
        from .client import WusClient

        kwargs: dict[str, Any] = {
            "environment": self.environment_object(),
            "credentials": self.credentials(),
            "server_ca": self.server_ca,
            "response_certificates": self.response_certificates(),
            "profile": SecurityProfile.parse(self.profile) if self.profile else SecurityProfile.DIGIPOORT,
            "timeout": self.timeout_seconds(),
            "journal": self.journal,
            "berichtsoorten": dict(self.berichtsoorten),
        }
        kwargs.update(overrides)
        return WusClient(**kwargs)

    def describe(self) -> dict[str, str | None]:
        """The settings without secrets, for ``wus config``-style output and logs."""
        hidden = {"key_password", "pkcs12_password"}
        return {
            f.name: ("***" if getattr(self, f.name) and f.name in hidden else getattr(self, f.name))
            for f in fields(self)
            if f.name != "berichtsoorten"
        }
