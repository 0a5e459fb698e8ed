"""Submit a ziekteaangifte bij een ZW-uitkering (a zieke uitzendkracht) and follow it to its final status."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from _common import connect, follow

from wus_client.messages.uwv import (
    AardArbeidsverhouding,
    Arbeidsverhouding,
    Contactpersoon,
    Geslacht,
    RedenAangifteAo,
    Werkgever,
    Werknemer,
    Ziekteaangifte,
)

melding = Ziekteaangifte(
    werkgever=Werkgever(
        loonheffingennummer="136916557L01", naam="Bakkerij De Korst BV", iban="NL91ABNA0417164300"
    ),
    werknemer=Werknemer(
        bsn="111222333",
        geboortedatum=date(1991, 5, 30),
        achternaam="Jong",
        voorletters="B",
        geslacht=Geslacht.VROUW,
    ),
    contact=Contactpersoon(naam="Guust Flater", telefoon="0201234567"),
    dienstverband=Arbeidsverhouding(aard=AardArbeidsverhouding.UITZENDKRACHT, datum_aanvang=date(2021, 7, 1)),
    eerste_ziektedag=date.today() - timedelta(days=3),
    reden=RedenAangifteAo.ZIEKE_UITZENDKRACHT,
    roosteruren_eerste_dag=timedelta(hours=8),
    gewerkte_uren_eerste_dag=timedelta(hours=1),
    sv_loon_eerste_dag=Decimal("12.50"),
    referentie="VOORBEELD-ZIEK-1",
)

if __name__ == "__main__":
    melding.validate()  # the client validates too; doing it first shows a bad field before connecting
    with connect(melding.flow) as client:
        receipt = client.submit_message(melding)
        print(f"ziekteaangifte accepted: kenmerk {receipt.kenmerk}")
        final = follow(client, receipt.kenmerk)
        print(f"final status {final.statuscode}: {final.omschrijving}")
