"""Retry policy: backoff with full jitter, total deadline, and which errors may be retried."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wus_client.errors import (
    ConfigurationError,
    FaultError,
    MessageValidationError,
    TransportError,
    UncertainDeliveryError,
)
from wus_client.retry import RetryPolicy, call_with_retry, is_transient, provably_not_sent


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def failing(errors: list[Exception], result: str = "ok") -> tuple[Callable[[], str], list[int]]:
    calls: list[int] = []

    def fn() -> str:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return result

    return fn, calls


def e503() -> TransportError:
    return TransportError("overloaded", operation="getStatussenProces", status_code=503, request_sent=True)


def test_exponential_backoff_without_jitter_then_success() -> None:
    t = FakeTime()
    fn, calls = failing([e503(), e503(), e503()])
    policy = RetryPolicy(attempts=4, base_delay=0.5, max_delay=10, deadline=None, jitter=False)
    assert call_with_retry(fn, policy=policy, retry_on=is_transient, sleep=t.sleep, clock=t.clock) == "ok"
    assert len(calls) == 4
    assert t.sleeps == [0.5, 1.0, 2.0]


def test_full_jitter_scales_the_capped_delay() -> None:
    t = FakeTime()
    fn, _ = failing([e503()] * 5)
    policy = RetryPolicy(attempts=6, base_delay=1.0, max_delay=4.0, deadline=None, jitter=True)
    call_with_retry(fn, policy=policy, retry_on=is_transient, sleep=t.sleep, clock=t.clock, rng=lambda: 0.25)
    # ceilings 1, 2, 4, 4(capped), 4(capped), each times 0.25
    assert t.sleeps == [0.25, 0.5, 1.0, 1.0, 1.0]


def test_jitter_draws_from_rng_each_time() -> None:
    draws = iter([0.0, 0.9])
    t = FakeTime()
    fn, _ = failing([e503(), e503()])
    policy = RetryPolicy(attempts=3, base_delay=2.0, deadline=None)
    call_with_retry(
        fn, policy=policy, retry_on=is_transient, sleep=t.sleep, clock=t.clock, rng=lambda: next(draws)
    )
    assert t.sleeps == pytest.approx([0.0, 3.6])


def test_not_retryable_error_is_raised_at_once() -> None:
    t = FakeTime()
    fault = FaultError(foutcode="STS100", foutbeschrijving="bad", faultstring="Algemene fout")
    fn, calls = failing([fault])
    with pytest.raises(FaultError) as info:
        call_with_retry(fn, policy=RetryPolicy(), retry_on=is_transient, sleep=t.sleep, clock=t.clock)
    assert info.value is fault
    assert len(calls) == 1
    assert t.sleeps == []


def test_attempts_exhausted_reraises_the_last_error_unchanged() -> None:
    t = FakeTime()
    errors = [e503(), e503(), e503()]
    last = errors[-1]
    fn, calls = failing(errors)
    policy = RetryPolicy(attempts=3, deadline=None, jitter=False)
    with pytest.raises(TransportError) as info:
        call_with_retry(fn, policy=policy, retry_on=is_transient, sleep=t.sleep, clock=t.clock)
    assert info.value is last
    assert len(calls) == 3


def test_deadline_ends_retries_with_a_transport_error_naming_it() -> None:
    t = FakeTime()

    def slow_failure() -> str:
        t.now += 2.0  # each attempt takes 2 s (e.g. a read timeout)
        raise TransportError("read timed out", endpoint="https://x/status", operation="getStatussenProces")

    policy = RetryPolicy(attempts=100, base_delay=1.0, max_delay=1.0, deadline=5.0, jitter=False)
    with pytest.raises(TransportError) as info:
        call_with_retry(slow_failure, policy=policy, retry_on=is_transient, sleep=t.sleep, clock=t.clock)
    err = info.value
    assert "deadline of 5 s" in str(err)
    assert "read timed out" in str(err)
    assert err.operation == "getStatussenProces"
    assert err.endpoint == "https://x/status"
    assert isinstance(err.__cause__, TransportError)
    # 2 s call, 1 s sleep, 2 s call -> 5 s: the next sleep would pass the deadline
    assert t.sleeps == [1.0]
    assert t.now <= 5.0


def test_deadline_counts_time_spent_inside_calls() -> None:
    t = FakeTime()

    def very_slow() -> str:
        t.now += 30.0
        raise TransportError("timeout")

    with pytest.raises(TransportError, match="deadline of 10 s"):
        call_with_retry(
            very_slow,
            policy=RetryPolicy(attempts=5, deadline=10.0),
            retry_on=is_transient,
            sleep=t.sleep,
            clock=t.clock,
        )
    assert t.sleeps == []


def test_aanleveren_is_retried_only_when_provably_not_sent() -> None:
    t = FakeTime()
    refused = TransportError("connection refused", operation="aanleveren", request_sent=False)
    reset = TransportError("connection reset", operation="aanleveren", request_sent=True)
    fn, calls = failing([refused, reset])
    with pytest.raises(TransportError) as info:
        call_with_retry(fn, policy=RetryPolicy(), retry_on=provably_not_sent, sleep=t.sleep, clock=t.clock)
    assert info.value is reset
    assert len(calls) == 2  # the refused one was retried, the reset one not


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (TransportError("503", status_code=503), True),
        (TransportError("429", status_code=429), True),
        (TransportError("502", status_code=502), True),
        (TransportError("504", status_code=504), True),
        (TransportError("refused", request_sent=False), True),
        (TransportError("read timeout", request_sent=None), True),
        (TransportError("reset", request_sent=True), True),
        (TransportError("html 500", status_code=500), False),
        (TransportError("not found", status_code=404), False),
        (TransportError("forbidden", status_code=403), False),
        (FaultError(foutcode="STS100", foutbeschrijving=None, faultstring=None), False),
        (UncertainDeliveryError("maybe", aanleverkenmerk="a"), False),
        (MessageValidationError("x", "y"), False),
        (ValueError("x"), False),
    ],
)
def test_is_transient(exc: Exception, expected: bool) -> None:
    assert is_transient(exc) is expected


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (TransportError("refused", request_sent=False), True),
        (TransportError("reset", request_sent=True), False),
        (TransportError("unknown", request_sent=None), False),
        (TransportError("503", status_code=503, request_sent=True), False),
        (FaultError(foutcode="ALS100", foutbeschrijving=None, faultstring=None), False),
        (OSError("refused"), False),
    ],
)
def test_provably_not_sent(exc: Exception, expected: bool) -> None:
    assert provably_not_sent(exc) is expected


@pytest.mark.parametrize(
    "kwargs",
    [{"attempts": 0}, {"base_delay": -1.0}, {"max_delay": -0.1}, {"deadline": 0.0}],
)
def test_policy_rejects_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigurationError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_never_policy_calls_once() -> None:
    fn, calls = failing([e503()])
    with pytest.raises(TransportError):
        call_with_retry(fn, policy=RetryPolicy.never(), retry_on=is_transient, sleep=lambda s: None)
    assert len(calls) == 1
