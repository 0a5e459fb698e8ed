"""The ``wus`` command: a thin layer over the public API.

Settings come from flags, then ``WUS_*`` variables, then the config file. Each error
family has its own exit code (see EXIT_CODES), so scripts can tell them apart.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from ..errors import (
    ConfigurationError,
    FaultError,
    MessageValidationError,
    ProtocolError,
    SecurityError,
    TransportError,
    UncertainDeliveryError,
    WaitTimeoutError,
    WusError,
)
from .commands import (
    _SETTING_FLAGS,
    EXIT_FINAL_ERROR_STATUS,
    cmd_build,
    cmd_demo,
    cmd_fetch,
    cmd_follow,
    cmd_journal,
    cmd_mock,
    cmd_reconcile,
    cmd_status,
    cmd_submit,
    cmd_wait,
)

__all__ = ["EXIT_CODES", "EXIT_FINAL_ERROR_STATUS", "build_parser", "exit_code_for", "main"]

#: exit code per error family (checked in order: subclasses first)
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (ConfigurationError, 3),
    (MessageValidationError, 4),
    (UncertainDeliveryError, 6),
    (TransportError, 5),
    (FaultError, 7),
    (SecurityError, 8),
    (WaitTimeoutError, 9),
    (ProtocolError, 10),
    (WusError, 1),
)

# -- parser -----------------------------------------------------------------------------------


def _settings_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection settings (else WUS_* variables, else the config file)")
    for name, help_text in _SETTING_FLAGS:
        group.add_argument(f"--{name}", dest=name.replace("-", "_"), help=help_text)
    group.add_argument(
        "--config", help="TOML config file (default: WUS_CONFIG, ./wus.toml, ~/.config/wus/config.toml)"
    )
    parent.add_argument("--json", action="store_true", help="machine-readable output")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wus", description="Digipoort WUS from the command line.")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging on stderr (-vv: DEBUG)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    settings = _settings_parent()

    p = sub.add_parser("demo", help="run a submission against the embedded mock Digipoort")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("mock", help="run the mock Digipoort over HTTPS with client certificates")
    p.add_argument("--port", type=int, default=8443, help="port on 127.0.0.1 (0: any free port)")
    p.add_argument("--pki", default="./wus-mock-pki", help="directory for the throwaway PKI (reused)")
    p.add_argument("--record", help="write every accepted request into this directory")
    p.add_argument("--print-env", action="store_true", help="print WUS_* export lines for a client")
    p.add_argument("--profile", dest="mock_profile", default="digipoort", help="response signing profile")
    p.add_argument("--pace", type=float, default=1.0, help="seconds between status steps")
    p.add_argument("--enqueue", action="append", default=[], help="file to queue for the OphaalService")
    p.add_argument("--enqueue-identity", help="NUMMER:TYPE the queued files are for")
    p.add_argument("--enqueue-berichtsoort", help="berichtsoort of the queued files")
    p.set_defaults(func=cmd_mock)

    p = sub.add_parser("submit", parents=[settings], help="submit a file (or JSON data with --kind)")
    p.add_argument("file")
    p.add_argument("--kind", help="build a typed message from JSON data (see `wus build --help`)")
    p.add_argument("--berichtsoort")
    p.add_argument("--identity", help="NUMMER:TYPE, e.g. 001000044B37:Fi")
    p.add_argument("--rol", default="Bedrijf")
    p.add_argument("--filename", help="bestandsnaam (default: the file's name)")
    p.add_argument("--mime-type", help="default: from the file's suffix")
    p.add_argument("--aanleverkenmerk", help="your own reference (default: generated)")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("status", parents=[settings], help="print the statuses of a kenmerk")
    p.add_argument("kenmerk")
    p.add_argument("--new", action="store_true", help="only statuses not fetched before")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("wait", parents=[settings], help="poll until a final status (progress on stderr)")
    p.add_argument("kenmerk")
    p.add_argument("--wait-timeout", type=float, default=600.0, help="give up after this many seconds")
    p.add_argument("--interval", type=float, default=2.0, help="first poll interval in seconds")
    p.add_argument("--final-codes", help="comma-separated statuscodes that end the wait")
    p.set_defaults(func=cmd_wait)

    p = sub.add_parser("build", help="build a typed message from JSON data")
    p.add_argument("kind")
    p.add_argument("data")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("journal", help="inspect the submission journal")
    jsub = p.add_subparsers(dest="journal_command", required=True)
    for name in ("list", "show"):
        jp = jsub.add_parser(name, parents=[settings])
        if name == "show":
            jp.add_argument("ref", help="aanleverkenmerk or kenmerk")
        else:
            jp.add_argument("--state", help="only entries in this state")
    p.set_defaults(func=cmd_journal)

    p = sub.add_parser("reconcile", parents=[settings], help="settle uncertain submissions")
    p.set_defaults(func=cmd_reconcile)

    p = sub.add_parser("follow", parents=[settings], help="follow every open submission to its final status")
    p.add_argument("--interval", type=float, default=5.0)
    p.add_argument("--max-cycles", type=int)
    p.set_defaults(func=cmd_follow)

    p = sub.add_parser("fetch", parents=[settings], help="download new messages from the OphaalService")
    p.add_argument("--out", required=True, help="directory for the messages")
    p.add_argument("--berichtsoort")
    p.set_defaults(func=cmd_fetch)
    return parser


def exit_code_for(exc: BaseException) -> int:
    for cls, code in EXIT_CODES:
        if isinstance(exc, cls):
            return code
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except WusError as exc:
        print(f"wus: {type(exc).__name__}: {exc}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        print("wus: interrupted", file=sys.stderr)
        return 130
