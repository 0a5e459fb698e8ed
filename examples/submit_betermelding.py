"""Submit a betermelding na een ZW-uitkering (gedeeltelijke werkhervatting) and follow it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from _common import connect, follow

from wus_client.messages.uwv import Betermelding, Werkgever, Werknemer

melding = Betermelding(
    werkgever=Werkgever(
        loonheffingennummer="136916557L01", naam="Bakkerij De Korst BV", iban="NL91ABNA0417164300"
    ),
    werknemer=Werknemer(bsn="111222333", geboortedatum=date(1991, 5, 30), achternaam="Jong"),
    eerste_ziektedag=date.today() - timedelta(days=30),
    gedeeltelijk_hervat_op=date.today() - timedelta(days=2),
    sv_loon_per_dag_gedeeltelijk=Decimal("61.20"),
    referentie="VOORBEELD-BETER-1",
)

if __name__ == "__main__":
    melding.validate()
    with connect(melding.flow) as client:
        receipt = client.submit_message(melding)
        print(f"betermelding accepted: kenmerk {receipt.kenmerk}")
        final = follow(client, receipt.kenmerk)
        print(f"final status {final.statuscode}: {final.omschrijving}")
