"""``python -m benchmarks [--quick] [--only sign,verify,...]``: run, print a table, write results.json.

All ratios come from one run on one machine; times are medians of repeated runs. The mock
Digipoort runs in its own process; memory is measured in fresh child processes.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ._common import SIZES, Config

PARTS = ("sign", "verify", "memory", "roundtrip", "throughput", "follow")
RESULTS = Path(__file__).resolve().parent / "results.json"
GOALS = {"sign": 1.3, "verify": 1.5, "memory": 4.0}


def collect(
    config: Config, *, only: tuple[str, ...] = PARTS, sizes: dict[str, int] | None = None
) -> dict[str, Any]:
    """Run the selected measurements; the dictionary is what results.json holds."""
    results: dict[str, Any] = {}
    if "sign" in only:
        from . import sign

        results["sign"] = sign.run(config, sizes)
    if "verify" in only:
        from . import verify

        results["verify"] = verify.run(config, sizes)
    online = [part for part in ("memory", "roundtrip", "throughput", "follow") if part in only]
    if online:
        from ._common import pki_dir
        from .mockproc import MockProcess

        with MockProcess(pki_dir()) as mock:
            if "memory" in only:
                from . import memory

                results["memory_20MiB"] = memory.run(config, mock)
            if "roundtrip" in only:
                from . import roundtrip

                results["roundtrip_1KiB"] = roundtrip.run(config, mock)
            if "throughput" in only:
                from . import throughput

                results["throughput_1KiB"] = throughput.run(config, mock)
            if "follow" in only:
                from . import follow

                results["follow_1000x10"] = follow.run(config, mock)
    return results


def _mark(value: float, goal: float) -> str:
    return "ok" if value <= goal else "MISSED"


def format_table(results: dict[str, Any]) -> str:
    """The readable summary (the README's Performance table is this, pasted)."""
    lines: list[str] = []
    if "sign" in results or "verify" in results:
        lines.append("| measurement | payload | SDK ms | floor ms | SDK/floor | goal | zeep stock ms |")
        lines.append("|---|---|---:|---:|---:|---|---:|")
        for part in ("sign", "verify"):
            for label, row in results.get(part, {}).items():
                if not row:
                    continue
                zeep = f"{row['zeep_stock_ms']:g}" if "zeep_stock_ms" in row else "-"
                goal = GOALS[part]
                lines.append(
                    f"| {part} | {label} | {row['sdk_ms']:g} | {row['floor_ms']:g} | {row['ratio']:.2f} "
                    f"| <= {goal} {_mark(row['ratio'], goal)} | {zeep} |"
                )
        lines.append("")
    memory = results.get("memory_20MiB")
    if memory:
        lines.append(
            f"Memory, 20 MiB submitted end to end (client process, RSS peak above baseline): "
            f"SDK {memory['sdk_peak_mb']:g} MB = {memory['ratio_to_payload']:.2f} x payload "
            f"(goal <= {GOALS['memory']} {_mark(memory['ratio_to_payload'], GOALS['memory'])}; "
            f"tracemalloc {memory.get('sdk_tracemalloc_peak_mb', '-')} MB); "
            f"zeep stock {memory['zeep_stock_peak_mb']:g} MB "
            f"= {memory.get('zeep_stock_ratio_to_payload', '-')} x"
        )
    rt = results.get("roundtrip_1KiB")
    if rt:
        lines.append(
            f"Round trip 1 KiB over mTLS: pooled {rt['pooled_ms']:g} ms, new connection per call "
            f"{rt['new_connection_ms']:g} ms ({rt['new_over_pooled']:.2f} x); client overhead "
            f"{rt['client_overhead_share'] * 100:.0f}% of a pooled call"
        )
    tp = results.get("throughput_1KiB")
    if tp:
        lines.append(
            f"Throughput 1 KiB, one shared client: 1 thread {tp['threads_1_per_s']:g}/s, "
            f"2 threads {tp['threads_2_per_s']:g}/s ({tp['ratio_2_to_1']:.2f} x), errors {tp['errors']}"
        )
    fo = results.get("follow_1000x10")
    if fo:
        if "skipped" in fo:
            lines.append(f"Follow-up: skipped ({fo['skipped']})")
        else:
            lines.append(
                f"Follow-up, {fo['submissions']} open over {fo['identities']} identities: "
                f"{fo['calls_per_cycle']} SOAP calls and {fo['seconds_per_cycle']:g} s per cycle "
                f"(first cycle, storing {fo['first_cycle_new_statuses']} statuses: "
                f"{fo['first_cycle_seconds']:g} s)"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (under a minute on 2 cores)")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated subset of {','.join(PARTS)}"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    only = tuple(part.strip() for part in args.only.split(",") if part.strip())
    unknown = sorted(set(only) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")
    started = time.perf_counter()
    results = collect(Config(quick=args.quick), only=only, sizes=SIZES)
    results["meta"] = {
        "quick": args.quick,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(format_table(results) + "\n")
    sys.stdout.write(f"\n{results['meta']['seconds']} s; results in {args.output}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
