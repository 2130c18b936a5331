"""The applications as CSV and XLSX: a row per application in the order they came in, with
group, state, dates and the answers to the edition's questions, all in the language of
the page the organiser downloads from."""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from tests.factories import berlin
from tests.reports.helpers import (
    NOW,
    csv_rows,
    download,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Name",
    "E-mail address",
    "Organisation",
    "Group",
    "State",
    "Applied",
    "State changed",
    "How did you hear about us?",
    "Your motivation",
]


@pytest.fixture(autouse=True)
def _in_february_2030():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_writes_a_row_per_application_with_the_answers_in_english(client, known):
    rows = csv_rows(download(client, known.edition, "applications.csv"), "en")
    assert rows[0] == ENGLISH
    assert [row[0] for row in rows[1:]] == [
        "Ada Lovelace",
        "Ben Bäcker",
        "Cem Çelik",
        "Dora Dörr",
        "Emil Erdős",
    ]
    ada, emil = rows[1], rows[5]
    assert ada[1] == known.people["Ada"].email
    assert ada[2:7] == [
        "Ruhr-Universität Bochum",
        "Researchers",
        "Accepted",
        "2030-01-03 00:30",  # in Berlin, where she applied just after midnight
        "2030-01-03 00:30",
    ]
    assert ada[7:] == ["Recommendation", "Motivation von Ada"]
    assert emil[3:5] == ["City staff", "On the waiting list"]
    assert emil[7:] == ["Website", "Motivation von Emil"]


def test_it_writes_headings_states_dates_and_choices_in_german(client, known):
    rows = csv_rows(download(client, known.edition, "applications.csv", "de"), "de")
    assert rows[0][:7] == [
        "Name",
        "E-Mail-Adresse",
        "Organisation",
        "Zielgruppe",
        "Status",
        "Beworben am",
        "Status geändert",
    ]
    assert rows[0][7:] == ["Wie haben Sie von uns erfahren?", "Ihre Motivation"]
    ada = rows[1]
    assert ada[3:6] == ["Forschende", "Platz bestätigt", "03.01.2030 00:30"]
    assert ada[7] == "Empfehlung"
    assert rows[5][4] == "Auf der Warteliste"


def test_it_writes_the_same_table_to_xlsx_with_dates_as_dates(client, known):
    rows = xlsx_rows(download(client, known.edition, "applications.xlsx"))
    assert rows[0] == ENGLISH
    assert len(rows) == 6
    ada = rows[1]
    assert ada[0] == "Ada Lovelace"
    # Berlin time (Excel has no time zones), shown the way the language writes dates.
    assert ada[5] == berlin(2030, 1, 3, 0, 30).replace(tzinfo=None)
    sheet = load_workbook(io.BytesIO(download(client, known.edition, "applications.xlsx"))).active
    assert sheet["F2"].number_format == "YYYY-MM-DD HH:MM"
    assert ada[7:] == ["Recommendation", "Motivation von Ada"]
    german = xlsx_rows(download(client, known.edition, "applications.xlsx", "de"))
    assert german[0][1] == "E-Mail-Adresse"
    assert german[1][4] == "Platz bestätigt"
    sheet = load_workbook(
        io.BytesIO(download(client, known.edition, "applications.xlsx", "de"))
    ).active
    assert sheet["F2"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])


def test_it_adds_date_of_birth_and_the_student_confirmation_where_groups_ask(client, known):
    link = known.edition.audience_links.get(audience=known.researchers)
    link.min_age, link.requires_student_confirmation = 50, True
    link.save()
    heading = csv_rows(download(client, known.edition, "applications.csv"), "en")[0]
    assert heading[7:9] == ["Date of birth", "Confirmed being a student"]
