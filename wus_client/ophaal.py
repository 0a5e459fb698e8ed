"""The OphaalService verbs of WusClient: listing and fetching what government sends back.

All six calls are safe to repeat, so they go through the client's retrying ``_query``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lxml import etree

from . import services
from .models import Bericht, BerichtLijstItem, Identity

__all__ = ["OphaalVerbs"]

T = TypeVar("T")


class OphaalVerbs:
    """Mixed into WusClient; relies on its ``_query``."""

    def _query(self, operation_name: str, body: etree._Element, parse: Callable[[Any], T]) -> T:
        raise NotImplementedError

    def message_list(self, berichtsoort: str | None = None) -> list[BerichtLijstItem]:
        """Messages available to fetch (getBerichtenLijst)."""
        body = services.get_berichten_lijst_request(berichtsoort=berichtsoort)
        return self._query("getBerichtenLijst", body, services.parse_bericht_lijst)

    def new_message_list(self, berichtsoort: str | None = None) -> list[BerichtLijstItem]:
        """Messages not listed before (getNieuweBerichtenLijst)."""
        body = services.get_nieuwe_berichten_lijst_request(berichtsoort=berichtsoort)
        return self._query("getNieuweBerichtenLijst", body, services.parse_bericht_lijst)

    def messages_by_kenmerk(self, kenmerk: str) -> list[Bericht]:
        """The message(s) with this kenmerk (getBerichtenKenmerk)."""
        body = services.get_berichten_kenmerk_request(kenmerk=kenmerk)
        return self._query("getBerichtenKenmerk", body, services.parse_berichten)

    def new_messages_by_kenmerk(self, kenmerk: str) -> list[Bericht]:
        """The message with this kenmerk, if not fetched before (getNieuweBerichtenKenmerk)."""
        body = services.get_nieuwe_berichten_kenmerk_request(kenmerk=kenmerk)
        return self._query("getNieuweBerichtenKenmerk", body, services.parse_berichten)

    def messages(self, identity: Identity, berichtsoort: str | None = None) -> list[Bericht]:
        """All messages for an identity (getBerichten)."""
        body = services.get_berichten_request(identity=identity, berichtsoort=berichtsoort)
        return self._query("getBerichten", body, services.parse_berichten)

    def new_messages(self, identity: Identity, berichtsoort: str | None = None) -> list[Bericht]:
        """Messages for an identity not fetched before (getNieuweBerichten)."""
        body = services.get_nieuwe_berichten_request(identity=identity, berichtsoort=berichtsoort)
        return self._query("getNieuweBerichten", body, services.parse_berichten)
