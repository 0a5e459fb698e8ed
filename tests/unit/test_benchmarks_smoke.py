"""The benchmark harness produces results.json's shape (tiny payloads; no timing asserted)."""

from __future__ import annotations

import base64
import json

from benchmarks.__main__ import collect, format_table
from benchmarks._common import Config
from benchmarks.floor import floor_verify
from benchmarks.sign import sdk_sign
from benchmarks.verify import floor_key, signed_response


def test_offline_parts_have_the_issue_shape() -> None:
    results = collect(Config(quick=True), only=("sign", "verify"), sizes={"1KiB": 1024})
    assert set(results) == {"sign", "verify"}
    assert set(results["sign"]["1KiB"]) >= {"sdk_ms", "floor_ms", "ratio", "zeep_stock_ms"}
    assert set(results["verify"]["1KiB"]) >= {"sdk_ms", "floor_ms", "ratio"}
    for row in (results["sign"]["1KiB"], results["verify"]["1KiB"]):
        assert row["sdk_ms"] > 0 and row["floor_ms"] > 0 and row["ratio"] > 0
    json.dumps(results)  # serialisable as results.json
    table = format_table(results)
    assert "| sign | 1KiB |" in table and "| verify | 1KiB |" in table


def test_the_floor_verifies_what_the_sdk_signs() -> None:
    from benchmarks._common import pki_dir
    from wus_client.credentials import Credentials
    from wus_client.security import Signer

    pki = pki_dir()
    signing = Signer.from_credentials(Credentials.from_pem(pki / "signing.pem", pki / "signing-key.pem"))
    data = signed_response(b"payload", signing, "urn:uuid:x")
    assert floor_verify(data, floor_key(signing.certificate)).tag.endswith("getBerichtenKenmerkResponse")
    client = Signer.from_credentials(Credentials.from_pem(pki / "client.pem", pki / "client-key.pem"))
    wire = sdk_sign(b"x" * 10, client).to_bytes()
    assert wire.startswith(b"<?xml") and base64.b64encode(b"x" * 10) in wire


def test_table_shows_every_section() -> None:
    results = {
        "memory_20MiB": {
            "payload_mb": 20,
            "sdk_peak_mb": 70,
            "ratio_to_payload": 3.5,
            "sdk_tracemalloc_peak_mb": 50,
            "zeep_stock_peak_mb": 140,
            "zeep_stock_ratio_to_payload": 7.0,
        },
        "roundtrip_1KiB": {
            "pooled_ms": 5,
            "new_connection_ms": 10,
            "new_over_pooled": 2.0,
            "client_overhead_share": 0.3,
        },
        "throughput_1KiB": {"threads_1_per_s": 100, "threads_2_per_s": 150, "ratio_2_to_1": 1.5, "errors": 0},
        "follow_1000x10": {"skipped": "journal not available"},
    }
    table = format_table(results)
    assert "3.50 x payload (goal <= 4.0 ok" in table
    assert "pooled 5 ms" in table and "30% of a pooled call" in table
    assert "2 threads 150/s" in table
    assert "Follow-up: skipped (journal not available)" in table
