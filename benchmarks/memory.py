"""3. Peak memory of submitting a 20 MiB payload end to end to the mock, client process only.

Each measurement runs in a fresh child process (``python -m benchmarks.memory --child``);
the mock runs in another process. The child imports everything and builds its client,
records its baseline (RSS; tracemalloc's counter), then creates the payload and submits
it. Reported, above that baseline:

* ``rss`` peak: VmHWM (reset with /proc/self/clear_refs where the kernel allows it, else
  ru_maxrss) minus the baseline VmRSS: everything, libxml2's and OpenSSL's buffers too;
* ``tracemalloc`` peak: Python-level allocations only (libxml2 allocates outside them), in
  a separate child because tracing slows the run down.

The payload itself (20 MiB the caller holds) is part of the peak.

zeep stock: a zeep ``Client`` on our AanleverService WSDL with ``BinarySignature``,
``service.aanleveren(...)`` posting to the mock over the same mutual TLS. The mock refuses
it (zeep signs neither the Timestamp nor the wsa headers, and sends none), so what is
measured is zeep building, signing and posting the 20 MiB request and reading the fault.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from ._common import BERICHTSOORT, FILENAME, IDENTITY, MIB, MIME_TYPE, Config, rounded
from .mockproc import MockProcess

PAYLOAD = 20 * MIB


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _peak_kib(reset: bool) -> int:
    if reset:
        return _status_kib("VmHWM")
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _sdk_submit(pki: Path, urls: dict[str, str], content_size: int) -> Any:
    from wus_client import Credentials, Environment, WusClient

    client = WusClient(
        environment=Environment.custom(
            aanlever_url=urls["aanlever"], status_url=urls["status"], ophaal_url=urls["ophaal"], name="mock"
        ),
        credentials=Credentials.from_pem(pki / "client.pem", pki / "client-key.pem"),
        server_ca=str(pki / "ca.pem"),
        response_certificates=[str(pki / "signing.pem")],
        timeout=120.0,
    )

    def go() -> str:
        content = os.urandom(content_size)
        receipt = client.submit(
            berichtsoort=BERICHTSOORT,
            identity=IDENTITY,
            content=content,
            filename=FILENAME,
            mime_type=MIME_TYPE,
            aanleverkenmerk=uuid.uuid4().hex,
        )
        return f"accepted {receipt.kenmerk}"

    return go


def _zeep_submit(pki: Path, urls: dict[str, str], content_size: int) -> Any:
    import requests
    import zeep
    import zeep.exceptions
    from zeep.transports import Transport as ZeepTransport
    from zeep.wsse.signature import BinarySignature

    from wus_client.xml import package_path

    session = requests.Session()
    session.cert = (str(pki / "client.pem"), str(pki / "client-key.pem"))
    session.trust_env = False  # REQUESTS_CA_BUNDLE would replace our CA
    session.verify = str(pki / "ca.pem")
    client = zeep.Client(  # zeep is untyped: one object, set up as its documentation shows
        str(package_path("wsdl", "AanleverService_V1_2.wsdl")),
        wsse=BinarySignature(str(pki / "client-key.pem"), str(pki / "client.pem")),  # type: ignore[no-untyped-call]
        transport=ZeepTransport(session=session, timeout=120, operation_timeout=120),  # type: ignore[no-untyped-call]
    )
    binding = next(iter(client.wsdl.bindings))
    service = client.create_service(binding, urls["aanlever"])  # type: ignore[no-untyped-call]

    def go() -> str:
        content = os.urandom(content_size)
        try:
            service.aanleveren(
                berichtsoort=BERICHTSOORT,
                aanleverkenmerk=uuid.uuid4().hex,
                identiteitBelanghebbende={"nummer": IDENTITY.nummer, "type": IDENTITY.type},
                rolBelanghebbende="Bedrijf",
                berichtInhoud={"mimeType": MIME_TYPE, "bestandsnaam": FILENAME, "inhoud": content},
                autorisatieAdres="http://geenausp.nl",
            )
        except zeep.exceptions.Fault as fault:
            return f"refused by the mock as expected: {fault.message}"
        except AttributeError as exc:
            # zeep's BinarySignature.verify runs on the mock's unsigned fault and trips over
            # the missing Security header: the request was built, signed, sent and answered.
            return f"refused by the mock (zeep could not read the unsigned fault: {exc})"
        return "accepted (unexpected)"

    return go


def child(mode: str, pki: Path, urls: dict[str, str], size: int, trace: bool) -> dict[str, Any]:
    import tracemalloc

    go = (_sdk_submit if mode == "sdk" else _zeep_submit)(pki, urls, size)
    reset = _reset_peak()
    baseline_kib = _status_kib("VmRSS")
    if trace:
        tracemalloc.start()
    outcome = go()
    result: dict[str, Any] = {"outcome": outcome, "hwm_reset": reset}
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        result["tracemalloc_peak_mb"] = peak / MIB
    else:
        result["rss_peak_mb"] = (_peak_kib(reset) - baseline_kib) / 1024
    return result


def _spawn(mode: str, pki: Path, urls: dict[str, str], size: int, trace: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.memory", "--child", mode, "--pki", str(pki)]
    command += ["--urls", json.dumps(urls), "--size", str(size)] + (["--trace"] if trace else [])
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"memory child {mode} failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(config: Config, mock: MockProcess, size: int = PAYLOAD) -> dict[str, Any]:
    payload_mb = size / MIB
    sdk_rss = _spawn("sdk", mock.pki, mock.urls, size, trace=False)
    sdk_trace = _spawn("sdk", mock.pki, mock.urls, size, trace=True)
    zeep_rss = _spawn("zeep", mock.pki, mock.urls, size, trace=False)
    result: dict[str, Any] = {
        "payload_mb": rounded(payload_mb),
        "sdk_peak_mb": rounded(sdk_rss["rss_peak_mb"]),
        "ratio_to_payload": round(sdk_rss["rss_peak_mb"] / payload_mb, 2),
        "sdk_tracemalloc_peak_mb": rounded(sdk_trace["tracemalloc_peak_mb"]),
        "zeep_stock_peak_mb": rounded(zeep_rss["rss_peak_mb"]),
        "zeep_stock_ratio_to_payload": round(zeep_rss["rss_peak_mb"] / payload_mb, 2),
        "measure": "RSS high-water mark above the child's baseline after imports and client set-up",
        "sdk_outcome": sdk_rss["outcome"],
        "zeep_outcome": zeep_rss["outcome"],
        "hwm_reset": sdk_rss["hwm_reset"],
    }
    if not config.quick:
        zeep_trace = _spawn("zeep", mock.pki, mock.urls, size, trace=True)
        result["zeep_stock_tracemalloc_peak_mb"] = rounded(zeep_trace["tracemalloc_peak_mb"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=["sdk", "zeep"], required=True)
    parser.add_argument("--pki", type=Path, required=True)
    parser.add_argument("--urls", required=True)
    parser.add_argument("--size", type=int, default=PAYLOAD)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    result = child(args.child, args.pki, json.loads(args.urls), args.size, args.trace)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
