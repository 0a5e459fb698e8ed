"""4. Round trip of a 1 KiB aanleveren over mutual TLS to the mock (in its own process).

``pooled``: one WusClient, its keep-alive connection reused (the TLS handshake is paid
once). ``new_connection``: the same client, but every pooled connection is dropped after
each call, so each call opens a new TCP connection and does a full TLS handshake with
client certificate (Python's ssl module does not resume sessions on its own).

``client_overhead_share``: in the pooled run, the part of each ``submit`` not spent in
``Transport.post`` (i.e. input checks, build, sign, verify, parse) over the whole call.
"""

from __future__ import annotations

import statistics
import time
import uuid
from typing import Any

from wus_client.transport import HttpResponse, Transport

from ._common import BERICHTSOORT, FILENAME, IDENTITY, KIB, MIME_TYPE, Config, payload, rounded
from .mockproc import MockProcess


class TimedTransport(Transport):
    """Records the wall time of each post (network + server) for the overhead share."""

    def __init__(self, *args: Any, new_connection_per_call: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.post_seconds: list[float] = []
        self._drop = new_connection_per_call

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        started = time.perf_counter()
        try:
            return super().post(*args, **kwargs)
        finally:
            self.post_seconds.append(time.perf_counter() - started)
            if self._drop:
                # close the pooled sockets; the session stays usable and opens new ones
                self._session.close()


def submit_once(client: Any, content: bytes) -> None:
    client.submit(
        berichtsoort=BERICHTSOORT,
        identity=IDENTITY,
        content=content,
        filename=FILENAME,
        mime_type=MIME_TYPE,
        aanleverkenmerk=uuid.uuid4().hex,
    )


def _client(mock: MockProcess, *, drop: bool) -> tuple[Any, TimedTransport]:
    settings = mock.client_settings()
    transport = TimedTransport(
        settings["credentials"], server_ca=settings["server_ca"], new_connection_per_call=drop
    )
    return mock.client(transport=transport), transport


def run(config: Config, mock: MockProcess) -> dict[str, float]:
    content = payload(KIB)
    calls = 40 if config.quick else 300
    pooled, pooled_transport = _client(mock, drop=False)
    fresh, _ = _client(mock, drop=True)
    samples: dict[str, list[float]] = {"pooled": [], "new": []}
    shares: list[float] = []
    with pooled, fresh:
        submit_once(pooled, content)
        submit_once(fresh, content)
        for _ in range(calls):  # interleaved: noise hits both alike
            for name, client in (("pooled", pooled), ("new", fresh)):
                started = time.perf_counter()
                submit_once(client, content)
                elapsed = time.perf_counter() - started
                samples[name].append(elapsed)
                if name == "pooled":
                    shares.append((elapsed - pooled_transport.post_seconds[-1]) / elapsed)
    pooled_ms = statistics.median(samples["pooled"]) * 1000
    new_ms = statistics.median(samples["new"]) * 1000
    return {
        "pooled_ms": rounded(pooled_ms),
        "new_connection_ms": rounded(new_ms),
        "new_over_pooled": round(new_ms / pooled_ms, 2),
        "client_overhead_share": round(statistics.median(shares), 3),
        "calls": calls,
    }
