"""5. Throughput: 1 KiB submissions per second with 1 and 2 threads sharing ONE WusClient.

The mock runs in its own process. With 2 cores, one of which also serves the mock, two
client threads can overlap one call's network wait and the server's work with the other
call's signing; they cannot run Python in parallel (the GIL), though xmlsec and OpenSSL
release it for hashing and RSA only in parts.

Every answer is checked: the receipts' aanleverkenmerken must be the ones sent (a
thread-safety problem would show up as a mismatch or an exception, reported in ``errors``).
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

from ._common import BERICHTSOORT, FILENAME, IDENTITY, KIB, MIME_TYPE, Config, payload
from .mockproc import MockProcess


def _worker(client: Any, content: bytes, deadline: float, counts: list[int], errors: list[str]) -> None:
    done = 0
    while time.perf_counter() < deadline:
        ak = uuid.uuid4().hex
        try:
            receipt = client.submit(
                berichtsoort=BERICHTSOORT,
                identity=IDENTITY,
                content=content,
                filename=FILENAME,
                mime_type=MIME_TYPE,
                aanleverkenmerk=ak,
            )
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        if receipt.aanleverkenmerk not in (None, ak):
            errors.append(f"receipt for {receipt.aanleverkenmerk} answered submission {ak}")
        done += 1
    counts.append(done)


def _rate(client: Any, threads: int, seconds: float, content: bytes, errors: list[str]) -> float:
    counts: list[int] = []
    started = time.perf_counter()
    deadline = started + seconds
    workers = [
        threading.Thread(target=_worker, args=(client, content, deadline, counts, errors))
        for _ in range(threads)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts) / (time.perf_counter() - started)


def run(config: Config, mock: MockProcess) -> dict[str, Any]:
    content = payload(KIB)
    seconds = 2.0 if config.quick else 6.0
    rounds = 1 if config.quick else 3
    errors: list[str] = []
    rates: dict[int, list[float]] = {1: [], 2: []}
    with mock.client() as client:
        _rate(client, 1, 0.5, content, errors)  # warm up: connection, caches
        for _ in range(rounds):
            for threads in (1, 2):
                rates[threads].append(_rate(client, threads, seconds, content, errors))
    one = sorted(rates[1])[len(rates[1]) // 2]
    two = sorted(rates[2])[len(rates[2]) // 2]
    return {
        "threads_1_per_s": round(one, 1),
        "threads_2_per_s": round(two, 1),
        "ratio_2_to_1": round(two / one, 2),
        "seconds_per_measurement": seconds,
        "errors": len(errors),
        "first_errors": errors[:3],
    }
