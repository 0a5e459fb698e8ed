"""A child process for the crash tests: submits or fetches against a running mock, then is killed.

Usage: python _journal_child.py '<json settings>'. It prints "ready" once the client is
configured, so the parent can time its SIGKILL within the real work.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from wus_client.client import WusClient
from wus_client.config import Environment
from wus_client.credentials import Credentials
from wus_client.errors import WusError
from wus_client.models import Identity


def main() -> None:
    cfg = json.loads(sys.argv[1])
    client = WusClient(
        environment=Environment.custom(
            aanlever_url=cfg["aanlever"], status_url=cfg["status"], ophaal_url=cfg["ophaal"]
        ),
        credentials=Credentials.from_pem(cfg["cert"], cfg["key"]),
        server_ca=cfg["ca"],
        response_certificates=[cfg["signing"]],
        journal=cfg["journal"],
        timeout=10.0,
    )
    print("ready", flush=True)
    if cfg["mode"] == "submit":
        identity = Identity(nummer="123456789L01", type="LHnr")
        for i in range(cfg["count"]):
            try:
                client.submit(
                    berichtsoort="Omzetbelasting",
                    identity=identity,
                    content=f"<aangifte run='{cfg['run']}' n='{i}'/>".encode(),
                    filename="ob.xbrl",
                    mime_type="application/xml",
                    aanleverkenmerk=f"r{cfg['run']}-{i}",
                )
            except WusError as exc:
                print(f"error {exc}", flush=True)
    elif cfg["mode"] == "fetch":
        journal = client.journal
        assert journal is not None

        def killed_here(*args: object, **kwargs: object) -> None:
            os.kill(os.getpid(), signal.SIGKILL)  # after the files were written, before the record

        journal.record_fetched = killed_here  # type: ignore[method-assign]
        client.fetch_new(Path(cfg["out"]))
    print("done", flush=True)


if __name__ == "__main__":
    main()
