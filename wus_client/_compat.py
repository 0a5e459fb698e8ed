"""Import-time check that lxml and xmlsec share one libxml2.

xmlsec's wheels link their own libxml2; when lxml brings a different one, signatures
fail in confusing ways (or the process crashes). xmlsec 1.3.17 pairs with lxml 6.0/6.1.
"""

from __future__ import annotations

from .errors import ConfigurationError

__all__ = ["check_libxml_pairing"]

_ADVICE = "install the pinned pair: pip install 'lxml>=6.0,<6.2' 'xmlsec==1.3.17'"


def check_libxml_pairing() -> tuple[int, ...]:
    """Return the shared libxml2 version, or raise ConfigurationError naming both."""
    from lxml import etree

    try:
        import xmlsec
    except ImportError as exc:  # a wheel built against another lxml fails here
        raise ConfigurationError(
            f"xmlsec cannot be imported next to lxml {etree.__version__}: {exc}; {_ADVICE}"
        ) from exc
    lxml_libxml = tuple(etree.LIBXML_VERSION)
    xmlsec_libxml = tuple(xmlsec.get_libxml_version())
    if lxml_libxml != xmlsec_libxml:
        raise ConfigurationError(
            f"lxml {etree.__version__} uses libxml2 {'.'.join(map(str, lxml_libxml))} but xmlsec "
            f"uses libxml2 {'.'.join(map(str, xmlsec_libxml))}; they must share one; {_ADVICE}"
        )
    return lxml_libxml
