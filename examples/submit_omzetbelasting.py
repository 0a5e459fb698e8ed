"""Submit an Omzetbelasting XBRL instance as an opaque Document (any berichtsoort, any bytes).

examples/data/Omzetbelasting.xbrl is a placeholder; use the instance your software made.
"""

from __future__ import annotations

import os

from _common import DATA, connect, follow

from wus_client.messages import Document
from wus_client.models import Identity

document = Document.from_file(
    DATA / "Omzetbelasting.xbrl",
    berichtsoort="Omzetbelasting",
    identity=Identity(nummer=os.environ.get("WUS_EXAMPLE_FI", "001000044B37"), type="Fi"),
)

if __name__ == "__main__":
    document.validate()
    with connect() as client:
        receipt = client.submit_message(document)
        print(f"{document.filename} ({document.mime_type}) accepted: kenmerk {receipt.kenmerk}")
        final = follow(client, receipt.kenmerk)
        print(f"final status {final.statuscode}: {final.omschrijving}")
