from __future__ import annotations

import pytest

from wus_client.config import Environment, SecurityProfile, Service
from wus_client.errors import ConfigurationError


def test_2026_endpoints() -> None:
    prod = Environment.PRODUCTIE
    assert prod.aanlever_url == "https://wus.digipoort.logius.nl/wus/2.0/aanleverservice/1.2"
    assert prod.status_url == "https://wus.digipoort.logius.nl/wus/2.0/statusinformatieservice/1.2"
    pre = Environment.PREPRODUCTIE
    assert pre.url_for(Service.OPHAAL) == (
        "https://wus.preproductie.digipoort.logius.nl/wus/2.0/ophaalservice/1.2"
    )
    assert Environment.named("Preproductie") is pre


def test_custom_environment_requires_https() -> None:
    with pytest.raises(ConfigurationError, match=r"aanlever_url.*https"):
        Environment.custom(aanlever_url="http://x/a", status_url="https://x/s")


def test_custom_without_ophaal_names_the_setting() -> None:
    env = Environment.custom(aanlever_url="https://x/a", status_url="https://x/s")
    with pytest.raises(ConfigurationError, match="WUS_OPHAAL_URL"):
        env.url_for(Service.OPHAAL)


def test_unknown_environment_name() -> None:
    with pytest.raises(ConfigurationError, match="productie"):
        Environment.named("acceptatie")


def test_profiles_algorithms() -> None:
    d, s = SecurityProfile.DIGIPOORT, SecurityProfile.SHA256
    assert d.signature_method == "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    assert d.digest_method == "http://www.w3.org/2000/09/xmldsig#sha1"
    assert s.signature_method == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    assert s.digest_method == "http://www.w3.org/2001/04/xmlenc#sha256"
    assert "http://www.w3.org/2000/09/xmldsig#sha1" not in s.accepted_digest_methods
    assert "http://www.w3.org/2000/09/xmldsig#rsa-sha1" not in s.accepted_signature_methods
    assert s.signature_method in d.accepted_signature_methods
    assert SecurityProfile.parse("SHA256") is s
    with pytest.raises(ConfigurationError, match="digipoort"):
        SecurityProfile.parse("md5")
