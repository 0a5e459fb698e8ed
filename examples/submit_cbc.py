"""Submit a Country-by-Country report (OECD CbC XML v2.0), built from examples/data/cbc.json.

The same file works from any language: ``wus submit --kind cbc examples/data/cbc.json``.
The CbC identity type and berichtsoort are not public; set them from your registration.
"""

from __future__ import annotations

import json

from _common import DATA, connect, follow

from wus_client.messages import build_message

report = build_message("cbc", json.loads((DATA / "cbc.json").read_text(encoding="utf-8")))

if __name__ == "__main__":
    report.validate()
    with connect(report.flow) as client:
        receipt = client.submit_message(report)
        print(f"CbC report accepted: kenmerk {receipt.kenmerk}")
        final = follow(client, receipt.kenmerk)
        print(f"final status {final.statuscode}: {final.omschrijving}")
