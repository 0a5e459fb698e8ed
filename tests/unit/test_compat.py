from __future__ import annotations

import pytest
import xmlsec
from lxml import etree

from wus_client._compat import check_libxml_pairing
from wus_client.errors import ConfigurationError


def test_installed_pair_shares_one_libxml2() -> None:
    assert check_libxml_pairing() == tuple(etree.LIBXML_VERSION)


def test_mismatched_libxml2_is_a_clear_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsec, "get_libxml_version", lambda: (2, 9, 1))
    with pytest.raises(ConfigurationError, match=r"libxml2 2\.9\.1.*xmlsec==1\.3\.17"):
        check_libxml_pairing()
