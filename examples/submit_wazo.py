"""Submit an aanvraag WAZO-uitkering (zwangerschaps- en bevallingsverlof) and follow it."""

from __future__ import annotations

from datetime import date, timedelta

from _common import connect, follow

from wus_client.messages.uwv import RedenAanvraagWazo, WazoAanvraag, Werkgever, Werknemer

due = date.today() + timedelta(weeks=8)
aanvraag = WazoAanvraag(
    werkgever=Werkgever(
        loonheffingennummer="136916557L01", naam="Bakkerij De Korst BV", iban="NL91ABNA0417164300"
    ),
    werknemer=Werknemer(bsn="111222333", geboortedatum=date(1991, 5, 30), achternaam="Jong"),
    reden=RedenAanvraagWazo.ZWANGERSCHAPS_BEVALLINGSVERLOF,
    vermoedelijke_bevallingsdatum=due,
    gewenste_ingangsdatum=due - timedelta(weeks=6),
    gemiddelde_uren_per_week=timedelta(hours=32),
    referentie="VOORBEELD-WAZO-1",
)

if __name__ == "__main__":
    aanvraag.validate()
    with connect(aanvraag.flow) as client:
        receipt = client.submit_message(aanvraag)
        print(f"WAZO-aanvraag accepted: kenmerk {receipt.kenmerk}")
        final = follow(client, receipt.kenmerk)
        print(f"final status {final.statuscode}: {final.omschrijving}")
