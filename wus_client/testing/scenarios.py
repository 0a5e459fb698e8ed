"""Logius' test scenarios, selected by ``aanleverkenmerk`` (spec §8), as plain data.

Each scenario is a status sequence plus the behaviour of the front door (fault, slow
answer, HTTP 503) for the aanleverservice and for status calls about its kenmerk.
Any aanleverkenmerk that is not a scenario name runs :data:`HAPPYFLOW`.

Parts of the scenarios are inferred (spec §8): the 510 of ``Foutuitvragendepartij``,
the AFS600 of ``MaximaalAantalAfleverpogingen`` and the behaviour of ``Zwaarbelast*``
(slow answers) and ``Overbelast*`` (HTTP 503 with a non-SOAP body).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "BELASTINGDIENST_REPLY",
    "HAPPYFLOW",
    "SCENARIOS",
    "FrontDoor",
    "Scenario",
    "StatusStep",
    "scenario_for",
]


class FrontDoor(enum.Enum):
    """What happens to a request before it is processed."""

    NORMAL = "normal"
    FAULT = "fault"  # the unsigned ALS100 / STS100 fault
    SLOW = "slow"  # answered after the mock's slow_delay
    OVERLOADED = "overloaded"  # HTTP 503, non-SOAP body


@dataclass(frozen=True)
class StatusStep:
    statuscode: str
    omschrijving: str
    foutcode: str | None = None
    foutbeschrijving: str | None = None
    details: str | None = None


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[StatusStep, ...]
    aanleveren: FrontDoor = FrontDoor.NORMAL
    statusinformatie: FrontDoor = FrontDoor.NORMAL


#: A Belastingdienst-style reply, as it travels (escaped) in the statusdetails of status 500.
BELASTINGDIENST_REPLY = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bd:terugmelding xmlns:bd="urn:example:mock-belastingdienst-terugmelding">'
    "<bd:resultaat>ontvangen</bd:resultaat>"
    "<bd:omschrijving>Uw aangifte is ontvangen en in behandeling genomen (mock).</bd:omschrijving>"
    "</bd:terugmelding>"
)
_REJECTION_REPLY = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bd:terugmelding xmlns:bd="urn:example:mock-belastingdienst-terugmelding">'
    "<bd:resultaat>afgekeurd</bd:resultaat>"
    "<bd:omschrijving>Het bericht is door de uitvragende partij afgekeurd (mock).</bd:omschrijving>"
    "</bd:terugmelding>"
)

_START = (
    StatusStep("105", "Aanleverproces gestart."),
    StatusStep("100", "Aanleveren gelukt."),
    StatusStep("110", "Aanleverproces wordt aangeboden."),
    StatusStep("200", "Authenticatie gelukt."),
    StatusStep("301", "Validatie gelukt."),
    StatusStep("301", "Validatie gelukt."),
    StatusStep("405", "Afleveren naar uitvragende partij bezig..."),
)
_DELIVERED = StatusStep("400", "Afleveren uitvragende partij gelukt.")
_TECHNICAL = StatusStep("420", "Technisch probleem bij afleveren.")

HAPPYFLOW = Scenario(
    "Happyflow",
    (
        *_START,
        _DELIVERED,
        StatusStep("500", "Validatie bij de uitvragende partij gelukt.", details=BELASTINGDIENST_REPLY),
    ),
)

_ALL = (
    HAPPYFLOW,
    Scenario("AanleverFault", (), aanleveren=FrontDoor.FAULT),
    Scenario("StatusInformatieFault", HAPPYFLOW.steps, statusinformatie=FrontDoor.FAULT),
    Scenario(
        "Afleverfout",
        (
            *_START,
            StatusStep(
                "410",
                "Afleveren uitvragende partij niet gelukt.",
                foutcode="AFS400",
                foutbeschrijving="Het bericht kon niet worden afgeleverd bij de uitvragende partij.",
            ),
        ),
    ),
    Scenario(
        "Foutuitvragendepartij",
        (
            *_START,
            _DELIVERED,
            StatusStep("510", "Validatie bij de uitvragende partij niet gelukt.", details=_REJECTION_REPLY),
        ),
    ),
    Scenario("TechnischProbleemAfleveren", (*_START, _TECHNICAL)),
    Scenario(
        "MaximaalAantalAfleverpogingen",
        (
            *_START,
            _TECHNICAL,
            StatusStep(
                "420",
                "Technisch probleem bij afleveren.",
                foutcode="AFS600",
                foutbeschrijving="Het maximaal aantal afleverpogingen is bereikt.",
            ),
        ),
    ),
    Scenario("ZwaarbelastAanleveren", HAPPYFLOW.steps, aanleveren=FrontDoor.SLOW),
    Scenario("ZwaarbelastStatusInformatie", HAPPYFLOW.steps, statusinformatie=FrontDoor.SLOW),
    Scenario("OverbelastAanleveren", HAPPYFLOW.steps, aanleveren=FrontDoor.OVERLOADED),
    Scenario("OverbelastStatusInformatie", HAPPYFLOW.steps, statusinformatie=FrontDoor.OVERLOADED),
)

#: Scenario by name (the exact aanleverkenmerk, case-sensitive as Logius spells them).
SCENARIOS: dict[str, Scenario] = {s.name: s for s in _ALL}


def scenario_for(aanleverkenmerk: str | None) -> Scenario:
    """The scenario an aanleverkenmerk selects; anything unknown (or none) is the happy flow."""
    if aanleverkenmerk is None:
        return HAPPYFLOW
    return SCENARIOS.get(aanleverkenmerk.strip(), HAPPYFLOW)
