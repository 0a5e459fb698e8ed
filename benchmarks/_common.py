"""Shared pieces of the benchmarks: sizes, payloads, the throwaway PKI, timing.

Timing is wall-clock (``time.perf_counter``), reported as the median of repeated runs;
ratios compare measurements taken in the same process run on the same machine.
"""

from __future__ import annotations

import gc
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wus_client.models import Identity

KIB = 1024
MIB = 1024 * 1024

#: label -> payload size in bytes (the raw content, before base64).
SIZES: dict[str, int] = {"1KiB": KIB, "1MiB": MIB, "20MiB": 20 * MIB}

IDENTITY = Identity(nummer="001000044B37", type="Fi")
BERICHTSOORT = "Omzetbelasting"
FILENAME = "payload.xbrl"
MIME_TYPE = "application/xml"
#: the aanlever URL the benchmark envelopes are addressed to when no mock is involved.
OFFLINE_URL = "https://127.0.0.1:1/wus/2.0/aanleverservice/1.2"


@dataclass(frozen=True)
class Config:
    """How hard to measure. ``quick`` trades repeats (and the 20 MiB memory run for zeep) for time."""

    quick: bool

    def repeats(self, size: int) -> int:
        if size >= 10 * MIB:
            return 3 if self.quick else 7
        if size >= MIB:
            return 7 if self.quick else 21
        return 51 if self.quick else 301


def payload(size: int) -> bytes:
    """Deterministic, incompressible-ish content of ``size`` bytes."""
    return random.Random(size).randbytes(size)


@cache
def pki_dir() -> Path:
    """One throwaway PKI for the whole run (2048-bit RSA, as in the mock's tests)."""
    from wus_client.testing import ThrowawayPKI

    directory = Path(tempfile.mkdtemp(prefix="wus-bench-pki-"))
    ThrowawayPKI.ensure(directory)
    return directory


def median_ms(fn: Callable[[], Any], repeats: int, *, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in milliseconds; the garbage collector runs between calls."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000.0


def interleaved_medians(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Median ms of each function, run round-robin so machine noise hits all alike."""
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            gc.collect()
            started = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) * 1000.0 for name, values in samples.items()}


def rounded(value: float, digits: int = 3) -> float:
    return float(f"{value:.{digits}g}") if abs(value) < 1000 else round(value, 1)
