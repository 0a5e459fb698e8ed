"""Typed messages: UWV verzuim/WAZO (``messages.uwv``), CbC reports (``messages.cbc``) and
generic documents (SBR/XBRL and anything else, :class:`Document`).

Every message satisfies :class:`Message`: it knows its flow (the settings key of its
berichtsoort), its identity, file name and mime type, validates itself before anything
is sent and renders its bytes with ``to_xml()``. Submit one with
``client.submit_message(message)``.

Berichtsoort strings for UWV and CbC are not public and are never invented here: set them
per flow with ``WusClient(berichtsoorten={"ZIEKTEAANGIFTE_ZW": "..."})``, the
``WUS_BERICHTSOORT_<FLOW>`` variable or the ``[berichtsoorten]`` table of the config file
(see :func:`resolve_berichtsoort`).
"""

from __future__ import annotations

from .base import Message, berichtsoort_variable, resolve_berichtsoort
from .document import Document, guess_mime_type
from .from_json import KINDS, build_message

__all__ = [
    "KINDS",
    "Document",
    "Message",
    "berichtsoort_variable",
    "build_message",
    "guess_mime_type",
    "resolve_berichtsoort",
]
