"""The public names of the contract exist, and __all__ stays curated."""

from __future__ import annotations

import inspect

import wus_client as wus

CONTRACT_NAMES = {
    "WusClient",
    "Credentials",
    "Environment",
    "SecurityProfile",
    "Identity",
    "Status",
    "WusError",
    "ConfigurationError",
    "MessageValidationError",
    "TransportError",
    "FaultError",
    "SecurityError",
}


def test_all_is_sorted_and_complete() -> None:
    assert list(wus.__all__) == sorted(wus.__all__)
    assert set(wus.__all__) >= CONTRACT_NAMES
    for name in wus.__all__:
        assert getattr(wus, name) is not None, name


def test_every_error_derives_from_wus_error() -> None:
    for name in wus.__all__:
        obj = getattr(wus, name)
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert issubclass(obj, wus.WusError), name


def test_client_verbs_of_the_contract() -> None:
    for verb in ("submit", "submit_message", "statuses", "new_statuses", "wait", "from_env"):
        assert callable(getattr(wus.WusClient, verb)), verb


def test_verify_response_is_public() -> None:
    from wus_client.security import verify_response

    params = inspect.signature(verify_response).parameters
    assert {"trusted", "profile", "now", "relates_to"} <= set(params)


def test_status_exposes_contract_fields() -> None:
    fields = set(wus.Status.__dataclass_fields__) | {"is_final", "is_error"}
    assert {
        "kenmerk",
        "statuscode",
        "omschrijving",
        "tijdstempel",
        "foutcode",
        "foutbeschrijving",
        "details",
        "is_final",
        "is_error",
    } <= fields
