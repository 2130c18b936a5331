"""The participants as CSV and XLSX: the people with a confirmed place, by name, with
e-mail address, organisation and group; nobody who is waiting, was refused or cancelled."""

import pytest

from lifelong.enrolment.services import application_cancel
from tests.enrolment.helpers import make_organiser
from tests.reports.helpers import csv_rows, download, make_known_edition, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(client):
    known = make_known_edition()
    client.force_login(make_organiser(known.edition))
    return known


def test_it_lists_the_accepted_people_by_name(client, known):
    rows = csv_rows(download(client, known.edition, "participants.csv"), "en")
    assert rows[0] == ["Name", "E-mail address", "Organisation", "Group"]
    assert rows[1:] == [
        ["Ada Lovelace", known.people["Ada"].email, "Ruhr-Universität Bochum", "Researchers"],
        ["Ben Bäcker", known.people["Ben"].email, "Stadt Bochum", "City staff"],
        ["Cem Çelik", known.people["Cem"].email, "", "Researchers"],
        ["Dora Dörr", known.people["Dora"].email, "Stadt Bochum", "City staff"],
    ]  # Emil waits: not a participant


def test_it_leaves_out_who_cancelled(client, known):
    ben = known.people["Ben"]
    application_cancel(application_id=ben.pk, applicant=ben.applicant)
    rows = csv_rows(download(client, known.edition, "participants.csv"), "en")
    # Emil is offered Ben's place: a participant once he accepts it.
    assert [row[0] for row in rows[1:]] == ["Ada Lovelace", "Cem Çelik", "Dora Dörr"]


def test_it_writes_german_headings_and_groups_to_xlsx(client, known):
    rows = xlsx_rows(download(client, known.edition, "participants.xlsx", "de"))
    assert rows[0] == ["Name", "E-Mail-Adresse", "Organisation", "Zielgruppe"]
    assert rows[1][::3] == ["Ada Lovelace", "Forschende"]
    assert len(rows) == 5
