"""``wus mock`` and ``wus demo``: the mock from the command line (cli.py calls these).

Output goes to the streams given (this module never prints); both return an exit code.
"""

from __future__ import annotations

import mimetypes
import shlex
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from ..config import SecurityProfile
from ..errors import WusError
from ..models import Identity, Status
from ..status import CATALOGUE, describe
from .mock import MockDigipoort, running_mock
from .pki import ThrowawayPKI

__all__ = ["SAMPLE_OMZETBELASTING", "demo_main", "env_lines", "mock_main"]

#: A small Omzetbelasting-like instance document for the demo (not a valid SBR filing).
SAMPLE_OMZETBELASTING = b"""<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xml:lang="nl">
  <!-- wus demo: an Omzetbelasting-like sample; the mock does not validate the payload -->
  <xbrli:context id="Msg">
    <xbrli:entity><xbrli:identifier scheme="www.belastingdienst.nl/omzetbelastingnummer"
      >001000044B37</xbrli:identifier></xbrli:entity>
    <xbrli:period><xbrli:startDate>2026-01-01</xbrli:startDate><xbrli:endDate
      >2026-03-31</xbrli:endDate></xbrli:period>
  </xbrli:context>
</xbrli:xbrl>
"""
DEMO_IDENTITY = Identity(nummer="001000044B37", type="Fi")


def env_lines(mock: MockDigipoort) -> list[str]:
    """``export WUS_...=...`` lines (POSIX shell) that point a client at ``mock``."""
    urls = mock.urls
    values = {
        "WUS_AANLEVER_URL": urls.aanlever,
        "WUS_STATUS_URL": urls.status,
        "WUS_OPHAAL_URL": urls.ophaal,
        "WUS_CERT": str(mock.pki.client.resolve()),
        "WUS_KEY": str(mock.pki.client_key.resolve()),
        "WUS_SERVER_CA": str(mock.pki.ca.resolve()),
        "WUS_RESPONSE_CERT": str(mock.pki.signing.resolve()),
        "WUS_PROFILE": mock.profile.value,
    }
    return [f"export {name}={shlex.quote(value)}" for name, value in values.items()]


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Set ``stop`` on SIGINT/SIGTERM while inside (main thread only; else callers set it)."""
    previous: dict[signal.Signals, Any] = {}

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, on_signal)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def mock_main(
    *,
    port: int,
    pki_dir: Path,
    record_dir: Path | None = None,
    print_env: bool = False,
    profile: SecurityProfile = SecurityProfile.DIGIPOORT,
    pace: float = 1.0,
    enqueue: Sequence[Path] = (),
    enqueue_identity: str | None = None,
    enqueue_berichtsoort: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run the mock until SIGINT/SIGTERM (or ``stop``); 0 on a clean stop, 2 on bad arguments."""
    out = out or sys.stdout
    err = err or sys.stderr
    identity: Identity | None = None
    if enqueue:
        if not enqueue_identity or not enqueue_berichtsoort:
            err.write("wus mock: --enqueue needs --enqueue-identity NUMMER:TYPE and --enqueue-berichtsoort\n")
            return 2
        try:
            identity = Identity.parse(enqueue_identity)
        except WusError as exc:
            err.write(f"wus mock: --enqueue-identity: {exc}\n")
            return 2
        missing = [str(p) for p in enqueue if not Path(p).is_file()]
        if missing:
            err.write(f"wus mock: --enqueue: no such file: {', '.join(missing)}\n")
            return 2
    if pace < 0:
        err.write("wus mock: --pace must be >= 0\n")
        return 2
    mock = MockDigipoort(
        ThrowawayPKI.ensure(pki_dir), port=port, profile=profile, pace=pace, record_dir=record_dir
    )
    for path in enqueue:
        assert identity is not None and enqueue_berichtsoort is not None
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        content = path.read_bytes()
        kenmerk = mock.enqueue_bericht(identity, enqueue_berichtsoort, content, path.name, mime_type)
        err.write(f"queued {path.name} for {identity} ({enqueue_berichtsoort}): kenmerk {kenmerk}\n")
    stop = stop or threading.Event()
    with _stop_on_signals(stop):  # before the URLs are printed: a caller may signal at once
        try:
            mock.start()
        except OSError as exc:
            err.write(f"wus mock: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}\n")
            return 1
        try:
            _announce(mock, out, err, print_env=print_env, record_dir=record_dir)
            while not stop.wait(0.2):
                pass
        finally:
            mock.stop()
    err.write("mock Digipoort stopped\n")
    return 0


def _announce(
    mock: MockDigipoort, out: TextIO, err: TextIO, *, print_env: bool, record_dir: Path | None
) -> None:
    if print_env:
        out.write("\n".join(env_lines(mock)) + "\n")
    else:
        urls = mock.urls
        out.write(
            f"aanleverservice          {urls.aanlever}\n"
            f"statusinformatieservice  {urls.status}\n"
            f"ophaalservice            {urls.ophaal}\n"
        )
    out.flush()
    err.write(
        f"mock Digipoort running (PKI in {mock.pki.directory}, profile {mock.profile.value}, "
        f"{mock.state.pace:g} s per status"
        + (f", recording into {record_dir}" if record_dir else "")
        + "); stop with Ctrl-C or SIGTERM\n"
    )
    err.flush()


def _kind(status: Status) -> str:
    info = CATALOGUE.get(status.statuscode)
    if status.is_final:
        return "final, error" if status.is_error else "final, success"
    if info is None:
        return "unknown code"
    return info.kind.value


def demo_main(out: TextIO, err: TextIO, *, pace: float = 0.1, timeout: float = 60.0) -> int:
    """Start the embedded mock, submit a sample, follow it to its final status, print each step."""
    started = time.monotonic()

    def say(line: str) -> None:
        out.write(f"[{time.monotonic() - started:6.2f}s] {line}\n")
        out.flush()

    try:
        with tempfile.TemporaryDirectory(prefix="wus-demo-") as tmp, running_mock(tmp, pace=pace) as mock:
            say(f"Mock Digipoort started on {mock.base_url} (throwaway PKI, mutual TLS required)")
            with mock.client() as client:
                say(
                    f"Submitting Omzetbelasting for {DEMO_IDENTITY} "
                    f"({len(SAMPLE_OMZETBELASTING)} bytes, signed with WS-Security, profile "
                    f"{client.profile.value}) ..."
                )
                receipt = client.submit(
                    berichtsoort="Omzetbelasting",
                    identity=DEMO_IDENTITY,
                    content=SAMPLE_OMZETBELASTING,
                    filename="Omzetbelasting.xbrl",
                    mime_type="application/xml",
                    rol="Bedrijf",
                )
                say(
                    f"Accepted (signed answer verified): kenmerk {receipt.kenmerk}, aanleverkenmerk "
                    f"{receipt.aanleverkenmerk}, aangeleverd {receipt.tijdstempel_aangeleverd:%H:%M:%S} UTC"
                )
                say("Following the statuses (getNieuweStatussenProces) ...")

                def show(status: Status) -> None:
                    text = status.omschrijving or describe(status.statuscode)
                    fout = f" [{status.foutcode}]" if status.foutcode else ""
                    say(f"  status {status.statuscode}  {text}{fout}  ({_kind(status)})")

                final = client.wait(
                    receipt.kenmerk, timeout, poll_interval=pace / 2, max_interval=pace, on_status=show
                )
            if final.details:
                say(f"Reply of the receiving party (statusdetails): {final.details[:160]}")
            outcome = "with an error" if final.is_error else "successfully"
            say(f"Done: the submission ended {outcome} with status {final.statuscode}.")
            return 1 if final.is_error else 0
    except WusError as exc:
        err.write(f"wus demo: {type(exc).__name__}: {exc}\n")
        return 1
