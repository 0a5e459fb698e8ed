"""The ``wus`` subcommands: each turns parsed arguments into calls on the public API.

Only the CLI prints; everything it prints goes through here or ``wus_client.cli``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import ConfigurationError, MessageValidationError

if TYPE_CHECKING:
    from ..client import WusClient
    from ..models import Status

EXIT_FINAL_ERROR_STATUS = 11  # `wus wait`: the process ended with an error status

_SETTING_FLAGS = (
    ("environment", "productie or preproductie"),
    ("aanlever-url", "custom AanleverService URL"),
    ("status-url", "custom StatusinformatieService URL"),
    ("ophaal-url", "custom OphaalService URL"),
    ("cert", "client certificate (PEM)"),
    ("key", "client private key (PEM)"),
    ("pkcs12", "client certificate and key as PKCS#12"),
    ("server-ca", "CA bundle for Digipoort's TLS server"),
    ("response-cert", "pinned response signing certificate(s), os.pathsep-separated"),
    ("profile", "digipoort (rsa-sha1, default) or sha256"),
    ("timeout", "seconds per HTTP call"),
    ("journal", "SQLite journal file"),
)


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, PurePath):
        return str(value)
    return value


def _print_json(value: Any, out: TextIO) -> None:
    out.write(json.dumps(_jsonable(value), indent=2, ensure_ascii=False) + "\n")


def _status_line(status: Status) -> str:
    from ..status import describe

    text = status.omschrijving or describe(status.statuscode)
    fout = f" [{status.foutcode}: {status.foutbeschrijving}]" if status.foutcode else ""
    flags = " (final)" if status.is_final else ""
    return f"{status.tijdstempel.isoformat()}  {status.statuscode}  {text}{fout}{flags}"


def _client(args: argparse.Namespace) -> WusClient:
    from ..settings import Settings

    flags = {
        name.replace("-", "_"): getattr(args, name.replace("-", "_"), None) for name, _ in _SETTING_FLAGS
    }
    return Settings.load(flags=flags, config_path=args.config).client()


# -- commands ---------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from ..testing.commands import demo_main

    return demo_main(sys.stdout, sys.stderr)


def cmd_mock(args: argparse.Namespace) -> int:
    from ..config import SecurityProfile
    from ..testing.commands import mock_main

    return mock_main(
        port=args.port,
        pki_dir=Path(args.pki),
        record_dir=Path(args.record) if args.record else None,
        print_env=args.print_env,
        profile=SecurityProfile.parse(args.mock_profile),
        pace=args.pace,
        enqueue=[Path(p) for p in args.enqueue],
        enqueue_identity=args.enqueue_identity,
        enqueue_berichtsoort=args.enqueue_berichtsoort,
    )


def cmd_submit(args: argparse.Namespace) -> int:
    from ..models import Identity

    with _client(args) as client:
        if args.kind:
            from ..messages import build_message

            data = json.loads(Path(args.file).read_text(encoding="utf-8"))
            message = build_message(args.kind, data)
            receipt = client.submit_message(message, aanleverkenmerk=args.aanleverkenmerk)
        else:
            if not args.berichtsoort:
                raise MessageValidationError(
                    "--berichtsoort", "is required when submitting a file without --kind"
                )
            if not args.identity:
                raise MessageValidationError("--identity", "is required (NUMMER:TYPE, e.g. 001000044B37:Fi)")
            from ..messages.document import Document

            document = Document.from_file(
                args.file,
                berichtsoort=args.berichtsoort,
                identity=Identity.parse(args.identity),
                mime_type=args.mime_type,
            )
            receipt = client.submit(
                berichtsoort=args.berichtsoort,
                identity=document.identity,
                content=document.to_xml(),
                filename=args.filename or document.filename,
                mime_type=document.mime_type,
                aanleverkenmerk=args.aanleverkenmerk,
                rol=args.rol,
            )
    if args.json:
        _print_json(receipt, sys.stdout)
    else:
        print(f"kenmerk {receipt.kenmerk}")
        print(f"aanleverkenmerk {receipt.aanleverkenmerk}")
        print(f"aangeleverd {receipt.tijdstempel_aangeleverd.isoformat()}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _client(args) as client:
        statuses = client.new_statuses(args.kenmerk) if args.new else client.statuses(args.kenmerk)
    if args.json:
        _print_json(statuses, sys.stdout)
    else:
        for status in statuses:
            print(_status_line(status))
    return 0


def cmd_wait(args: argparse.Namespace) -> int:
    def progress(status: Status) -> None:
        sys.stderr.write(_status_line(status) + "\n")
        sys.stderr.flush()

    final_codes = set(args.final_codes.split(",")) if args.final_codes else None
    with _client(args) as client:
        final = client.wait(
            args.kenmerk,
            timeout=args.wait_timeout,
            poll_interval=args.interval,
            final_codes=final_codes,
            on_status=progress,
        )
    if args.json:
        _print_json(final, sys.stdout)
    else:
        print(_status_line(final))
    return EXIT_FINAL_ERROR_STATUS if final.is_error else 0


def cmd_build(args: argparse.Namespace) -> int:
    from ..messages import build_message

    data = json.loads(Path(args.data).read_text(encoding="utf-8"))
    message = build_message(args.kind, data)
    message.validate()
    xml = message.to_xml()
    if args.output in (None, "-"):
        sys.stdout.buffer.write(xml)
    else:
        Path(args.output).write_bytes(xml)
        print(f"wrote {args.output} ({len(xml)} bytes)", file=sys.stderr)
    return 0


def cmd_journal(args: argparse.Namespace) -> int:
    from ..journal import Journal
    from ..settings import Settings

    path = Settings.load(flags={"journal": args.journal}, config_path=args.config).journal
    if not path:
        raise ConfigurationError("--journal/WUS_JOURNAL: name the journal file")
    journal = Journal(path)
    try:
        if args.journal_command == "show":
            entry = journal.get(args.ref) or journal.by_kenmerk(args.ref)
            if entry is None:
                raise ConfigurationError(
                    f"journal: no submission with aanleverkenmerk or kenmerk {args.ref!r}"
                )
            statuses = journal.statuses(entry.kenmerk) if entry.kenmerk else []
            if args.json:
                _print_json({"submission": entry, "statuses": statuses}, sys.stdout)
            else:
                for key, value in _jsonable(entry).items():
                    print(f"{key:24} {value}")
                for status in statuses:
                    print("  " + _status_line(status))
        else:
            entries = journal.entries(state=args.state)
            if args.json:
                _print_json(entries, sys.stdout)
            else:
                for e in entries:
                    print(
                        f"{e.aanleverkenmerk:34} {e.state:10} {e.kenmerk or '-':38} "
                        f"{e.berichtsoort} {e.last_statuscode or ''}"
                    )
    finally:
        journal.close()
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    with _client(args) as client:
        report = client.reconcile()
    if args.json:
        _print_json(report, sys.stdout)
        return 0
    for m in report.matched:
        dup = f" (DUPLICATE of {m.duplicate_of}: withdraw one)" if m.duplicate_of else ""
        print(f"matched   {m.aanleverkenmerk} -> kenmerk {m.kenmerk}{dup}")
    for u in report.still_uncertain:
        print(f"uncertain {u.aanleverkenmerk} ({u.berichtsoort}, {u.identity}): {u.reason}")
    matched, open_ = len(report.matched), len(report.still_uncertain)
    print(f"{matched} matched, {open_} still uncertain, {report.calls} call(s)")
    return 0


def cmd_follow(args: argparse.Namespace) -> int:
    from ..follow import format_summary, progress_printer

    with _client(args) as client:
        report = client.follow(
            poll_interval=args.interval,
            max_cycles=args.max_cycles,
            on_progress=None if args.json else progress_printer(sys.stderr),
        )
    if args.json:
        _print_json(report, sys.stdout)
    else:
        print(format_summary(report))
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    with _client(args) as client:
        report = client.fetch_new(args.out, berichtsoort=args.berichtsoort)
    if args.json:
        _print_json(report, sys.stdout)
        return 0
    for item in report.fetched:
        print(f"fetched   {item.kenmerk} ({item.berichtsoort}): {', '.join(str(f) for f in item.files)}")
    for kenmerk in report.recovered:
        print(f"recorded  {kenmerk} (already on disk from an interrupted run)")
    for error in report.errors:
        print(f"error     {error}", file=sys.stderr)
    print(f"{len(report.fetched)} fetched, {len(report.skipped)} already had, {len(report.errors)} error(s)")
    return 5 if report.errors else 0
