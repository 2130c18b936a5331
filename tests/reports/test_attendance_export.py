"""The attendance matrix among the edition's downloads: the same files as on the
attendance page (lifelong/attendance/exports.py, reused as is), a row per participant and
a column per programme day, in the organiser's language."""

import pytest
import time_machine

from lifelong.attendance.exports import matrix_csv
from lifelong.attendance.selectors import edition_matrix
from tests.factories import berlin
from tests.reports.helpers import (
    csv_rows,
    download,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _after_the_three_days():
    """The days are 5, 12 and 19 March 2030: presence counts once a day has come."""
    with time_machine.travel(berlin(2030, 3, 20, 9), tick=False):
        yield


def test_it_is_the_attendance_matrix_in_german(client, known):
    body = download(client, known.edition, "attendance.csv", "de")
    assert body == matrix_csv(edition_matrix(edition=known.edition), language="de")
    rows = csv_rows(body, "de")
    assert rows[0][:3] == ["Name", "E-Mail-Adresse", "Organisation"]
    assert rows[0][-1] == "Anwesende Tage"
    assert [row[0] for row in rows[1:-1]] == [
        "Ada Lovelace",
        "Ben Bäcker",
        "Cem Çelik",
        "Dora Dörr",
    ]
    assert rows[1][3:] == ["Anwesend", "Verspätet", "", "2"]


def test_it_has_a_column_per_programme_day_in_xlsx(client, known):
    rows = xlsx_rows(download(client, known.edition, "attendance.xlsx"))
    assert len(rows[0]) == 3 + 3 + 1
    assert rows[0][3] == "5 March 2030 10:00"
    assert rows[2][3:] == ["Excused", "Present", "", 1]  # Ben
    assert rows[-1][0] == "Attended"
