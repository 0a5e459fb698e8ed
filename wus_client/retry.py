"""Retries only where they are safe: exponential backoff, full jitter, a total deadline.

Two predicates decide what may be retried:

* :func:`is_transient` for status and ophaal calls (they only read): a connection that
  failed, a timeout or reset without an HTTP answer, or an overloaded server (HTTP 429,
  502, 503, 504 -- Digipoort's "Overbelast" is a 503; "Zwaarbelast" shows as a read
  timeout). A SOAP fault is never transient: Digipoort looked at the request and said no.
* :func:`provably_not_sent` for aanleveren: only a request that provably never left this
  machine (connection refused, TLS handshake failure, connect timeout) may be sent again.
  Anything else might have created a submission at Digipoort, and resending it could file
  the same ziekmelding twice; such a submission becomes *uncertain* instead.

:func:`call_with_retry` waits ``random() * min(max_delay, base_delay * 2**(n-1))`` after the
n-th failure ("full jitter", so a thousand clients that failed together do not come back
together) and never starts a wait that would end past the deadline.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .errors import ConfigurationError, FaultError, TransportError, UncertainDeliveryError

__all__ = ["TRANSIENT_HTTP_STATUSES", "RetryPolicy", "call_with_retry", "is_transient", "provably_not_sent"]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: HTTP statuses that mean "try again later" (503 is Digipoort's Overbelast).
TRANSIENT_HTTP_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """How often and how long to retry.

    ``attempts`` counts the first call (1 = never retry). ``deadline`` bounds the total time
    in seconds from the first call, sleeping included (None = no deadline). ``jitter`` False
    gives plain exponential delays (for tests and reproducible benchmarks).
    """

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 20.0
    deadline: float | None = 60.0
    jitter: bool = True

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ConfigurationError(f"RetryPolicy.attempts must be >= 1, not {self.attempts}")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ConfigurationError("RetryPolicy delays must not be negative")
        if self.deadline is not None and self.deadline <= 0:
            raise ConfigurationError(f"RetryPolicy.deadline must be positive, not {self.deadline}")

    @classmethod
    def never(cls) -> RetryPolicy:
        """One attempt, no retry."""
        return cls(attempts=1, deadline=None)

    def delay(self, failures: int, rng: Callable[[], float] = random.random) -> float:
        """The wait after the ``failures``-th failed attempt (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * (2.0 ** (failures - 1)))
        return rng() * ceiling if self.jitter else ceiling


def is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying on a read-only call (status, ophaal)."""
    if isinstance(exc, (FaultError, UncertainDeliveryError)):
        return False
    if isinstance(exc, TransportError):
        if exc.status_code is None:
            # No HTTP answer at all: refused, handshake failed, reset or timed out.
            return True
        return exc.status_code in TRANSIENT_HTTP_STATUSES
    return False


def provably_not_sent(exc: BaseException) -> bool:
    """True only when the request bytes certainly did not leave (safe to resend an aanleveren)."""
    return isinstance(exc, TransportError) and exc.request_sent is False


def call_with_retry(
    fn: Callable[[], T],
    *,
    policy: RetryPolicy,
    retry_on: Callable[[Exception], bool],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: Callable[[], float] = random.random,
) -> T:
    """Call ``fn`` until it returns, ``retry_on`` says no, attempts run out or the deadline passes.

    When attempts run out or ``retry_on`` refuses, the last error is re-raised unchanged.
    When the deadline ends the retries, a :class:`TransportError` naming the deadline is
    raised from the last error, carrying its endpoint, operation, status and request_sent.
    """
    start = clock()
    failures = 0
    while True:
        try:
            return fn()
        except Exception as exc:
            failures += 1
            if not retry_on(exc):
                raise
            if failures >= policy.attempts:
                log.info("giving up after %d attempts: %s", failures, exc)
                raise
            wait = policy.delay(failures, rng)
            if policy.deadline is not None:
                elapsed = clock() - start
                if elapsed + wait >= policy.deadline:
                    raise _deadline_error(exc, policy.deadline, failures, elapsed) from exc
            log.info("attempt %d failed (%s); retrying in %.2f s", failures, exc, wait)
            sleep(wait)


def _deadline_error(exc: Exception, deadline: float, failures: int, elapsed: float) -> TransportError:
    message = (
        f"retry deadline of {deadline:g} s reached after {failures} attempt(s) "
        f"and {elapsed:.1f} s; last error: {exc}"
    )
    if isinstance(exc, TransportError):
        return TransportError(
            message,
            endpoint=exc.endpoint,
            operation=exc.operation,
            status_code=exc.status_code,
            request_sent=exc.request_sent,
        )
    return TransportError(message)
