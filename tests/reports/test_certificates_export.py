"""The certificates as CSV and XLSX: code, the name it was issued to, when it was issued,
and when and why it was revoked; revoked ones included."""

import pytest

from tests.factories import berlin
from tests.reports.helpers import (
    csv_rows,
    download,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db


def test_it_lists_every_certificate_with_its_revocation(client, known):
    rows = csv_rows(download(client, known.edition, "certificates.csv"), "en")
    assert rows == [
        ["Code", "Name", "Issued", "Revoked", "Reason for revoking"],
        ["AAAA-1111", "Ada Lovelace", "2030-03-20 09:00", "", ""],
        ["BBBB-2222", "Ben Bäcker", "2030-03-20 09:00", "2030-03-22 09:00", "Issued by mistake"],
    ]


def test_it_keeps_the_name_issued_after_the_account_is_gone(client, known):
    known.people["Ada"].applicant.delete()  # the application goes with it
    rows = csv_rows(download(client, known.edition, "certificates.csv"), "en")
    assert rows[1][:2] == ["AAAA-1111", "Ada Lovelace"]


def test_it_writes_german_headings_and_dates_to_xlsx(client, known):
    rows = xlsx_rows(download(client, known.edition, "certificates.xlsx", "de"))
    assert rows[0] == ["Code", "Name", "Ausgestellt", "Widerrufen", "Grund des Widerrufs"]
    assert rows[2][2:] == [
        berlin(2030, 3, 20, 9).replace(tzinfo=None),
        berlin(2030, 3, 22, 9).replace(tzinfo=None),
        "Issued by mistake",
    ]
