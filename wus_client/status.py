"""The catalogue of Digipoort statuscodes: one table, unknown meanings marked unknown.

Source: spec §7 (Logius documentation, captured test-environment flows and other
vendors' clients). Part of it is inferred; callers can override which codes end a
wait with ``final_codes=``. An unknown code is "not final, not an error" and logged.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

__all__ = ["CATALOGUE", "StatusInfo", "StatusKind", "describe", "is_error", "is_final"]

log = logging.getLogger(__name__)


class StatusKind(enum.Enum):
    PROGRESS = "progress"
    FINAL_SUCCESS = "final success"
    FINAL_ERROR = "final error"
    TECHNICAL = "technical"  # a technical problem; Digipoort may retry by itself
    ERROR = "error"  # an error whose finality is not documented
    WARNING = "warning"


@dataclass(frozen=True)
class StatusInfo:
    code: str
    meaning: str | None  # None: meaning unknown
    kind: StatusKind
    final: bool
    error: bool
    inferred: bool = False


_T = StatusKind
# code, meaning (None = unknown), kind, final, error, inferred
CATALOGUE: dict[str, StatusInfo] = {
    info.code: info
    for info in (
        StatusInfo("100", "Aanleveren gelukt", _T.PROGRESS, False, False),
        StatusInfo("105", "Aanleverproces gestart", _T.PROGRESS, False, False),
        StatusInfo("110", "Aanleverproces wordt aangeboden", _T.PROGRESS, False, False),
        StatusInfo("200", "Authenticatie gelukt", _T.PROGRESS, False, False),
        StatusInfo("210", "Authenticatie (verzender) niet gelukt", _T.FINAL_ERROR, True, True),
        StatusInfo("220", None, _T.ERROR, False, True, inferred=True),
        StatusInfo("230", "Technisch probleem bij de Autorisatie Service Provider", _T.TECHNICAL, True, True),
        StatusInfo("301", "Validatie gelukt", _T.PROGRESS, False, False),
        StatusInfo("311", "Validatie niet gelukt", _T.FINAL_ERROR, True, True),
        StatusInfo("321", "Technisch probleem bij validatie", _T.TECHNICAL, False, True),
        StatusInfo("400", "Afleveren uitvragende partij gelukt", _T.PROGRESS, False, False),
        StatusInfo("405", "Afleveren naar uitvragende partij bezig", _T.PROGRESS, False, False),
        StatusInfo("410", "Afleveren uitvragende partij niet gelukt", _T.FINAL_ERROR, True, True),
        StatusInfo("420", "Technisch probleem bij afleveren", _T.TECHNICAL, False, True),
        StatusInfo("500", "Validatie bij de uitvragende partij gelukt", _T.FINAL_SUCCESS, True, False),
        StatusInfo(
            "510",
            "Validatie bij de uitvragende partij niet gelukt",
            _T.FINAL_ERROR,
            True,
            True,
            inferred=True,
        ),
        StatusInfo("710", None, _T.ERROR, False, True, inferred=True),
        StatusInfo("720", None, _T.WARNING, False, False, inferred=True),
    )
}

#: Foutcodes that end a process even when its statuscode alone would not
#: (e.g. 420 followed by AFS600: Digipoort stopped retrying the delivery).
FINAL_FOUTCODES = frozenset({"AFS600"})

_warned: set[str] = set()


def _lookup(code: str) -> StatusInfo | None:
    info = CATALOGUE.get(code)
    if info is None and code not in _warned:
        _warned.add(code)
        log.warning("statuscode %r is not in the catalogue; treated as not final, not an error", code)
    return info


def is_final(code: str, foutcode: str | None = None) -> bool:
    if foutcode in FINAL_FOUTCODES:
        return True
    info = _lookup(code)
    return bool(info and info.final)


def is_error(code: str, foutcode: str | None = None) -> bool:
    if foutcode in FINAL_FOUTCODES:
        return True
    info = _lookup(code)
    return bool(info and info.error)


def describe(code: str) -> str:
    info = CATALOGUE.get(code)
    if info is None:
        return "unknown statuscode"
    return info.meaning or "meaning unknown"
