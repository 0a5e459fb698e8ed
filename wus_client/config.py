"""Environments, endpoints and security profiles: frozen, validated values."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

from .errors import ConfigurationError

__all__ = ["Environment", "SecurityProfile", "Service"]


class Service(enum.StrEnum):
    """The three WUS services Digipoort offers to businesses."""

    AANLEVER = "aanleverservice"
    STATUSINFORMATIE = "statusinformatieservice"
    OPHAAL = "ophaalservice"


class SecurityProfile(enum.Enum):
    """Signature and digest algorithms used for requests and accepted in responses.

    ``DIGIPOORT`` signs with rsa-sha1/sha1 as Logius' WSDL prescribes and accepts
    SHA-1 or SHA-256 in responses. ``SHA256`` signs with rsa-sha256/sha256 and refuses
    any SHA-1 in a response (no downgrade).
    """

    DIGIPOORT = "digipoort"
    SHA256 = "sha256"

    @property
    def signature_method(self) -> str:
        if self is SecurityProfile.DIGIPOORT:
            return "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
        return "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"

    @property
    def digest_method(self) -> str:
        if self is SecurityProfile.DIGIPOORT:
            return "http://www.w3.org/2000/09/xmldsig#sha1"
        return "http://www.w3.org/2001/04/xmlenc#sha256"

    @property
    def accepted_signature_methods(self) -> frozenset[str]:
        sha256 = {"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"}
        if self is SecurityProfile.DIGIPOORT:
            return frozenset(sha256 | {"http://www.w3.org/2000/09/xmldsig#rsa-sha1"})
        return frozenset(sha256)

    @property
    def accepted_digest_methods(self) -> frozenset[str]:
        sha256 = {"http://www.w3.org/2001/04/xmlenc#sha256"}
        if self is SecurityProfile.DIGIPOORT:
            return frozenset(sha256 | {"http://www.w3.org/2000/09/xmldsig#sha1"})
        return frozenset(sha256)

    @classmethod
    def parse(cls, value: str) -> SecurityProfile:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ConfigurationError(
                f"WUS_PROFILE/profile: {value!r} is not a security profile; use 'digipoort' or 'sha256'"
            ) from None


def _check_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigurationError(f"{name}: {url!r} must be an absolute https:// URL")
    return url


@dataclass(frozen=True, kw_only=True)
class Environment:
    """Where the three services live. Use PRODUCTIE, PREPRODUCTIE or ``Environment.custom``."""

    name: str
    aanlever_url: str
    status_url: str
    ophaal_url: str | None = None

    PRODUCTIE: ClassVar[Environment]
    PREPRODUCTIE: ClassVar[Environment]

    def __post_init__(self) -> None:
        _check_url("aanlever_url", self.aanlever_url)
        _check_url("status_url", self.status_url)
        if self.ophaal_url is not None:
            _check_url("ophaal_url", self.ophaal_url)

    @classmethod
    def custom(
        cls,
        *,
        aanlever_url: str,
        status_url: str,
        ophaal_url: str | None = None,
        name: str = "custom",
    ) -> Environment:
        return cls(name=name, aanlever_url=aanlever_url, status_url=status_url, ophaal_url=ophaal_url)

    @classmethod
    def from_base(cls, base: str, *, name: str = "custom") -> Environment:
        """Endpoints at Digipoort's paths below ``base`` (e.g. ``https://host/wus/2.0/``)."""
        base = base.rstrip("/") + "/"
        return cls(
            name=name,
            aanlever_url=base + "aanleverservice/1.2",
            status_url=base + "statusinformatieservice/1.2",
            ophaal_url=base + "ophaalservice/1.2",
        )

    @classmethod
    def named(cls, value: str) -> Environment:
        key = value.strip().lower()
        if key == "productie":
            return cls.PRODUCTIE
        if key == "preproductie":
            return cls.PREPRODUCTIE
        raise ConfigurationError(
            f"WUS_ENVIRONMENT/environment: {value!r} is not known; use 'productie' or 'preproductie'"
        )

    def url_for(self, service: Service) -> str:
        if service is Service.AANLEVER:
            return self.aanlever_url
        if service is Service.STATUSINFORMATIE:
            return self.status_url
        if self.ophaal_url is None:
            raise ConfigurationError(
                f"ophaal_url: environment {self.name!r} has no OphaalService URL; set WUS_OPHAAL_URL"
            )
        return self.ophaal_url


# The 2026 endpoints (spec §6). The productie ophaalservice path is inferred from
# the other two services and from preproductie, where it is published.
Environment.PRODUCTIE = Environment.from_base("https://wus.digipoort.logius.nl/wus/2.0/", name="productie")
Environment.PREPRODUCTIE = Environment.from_base(
    "https://wus.preproductie.digipoort.logius.nl/wus/2.0/", name="preproductie"
)
