"""The attendance matrix as CSV and XLSX: a row per participant, a column per day, the
totals, in the reader's language, and nothing a spreadsheet would run as a formula."""

import csv
import io

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from lifelong.attendance.exports import matrix_csv, matrix_xlsx
from lifelong.attendance.models import Attendance
from lifelong.attendance.selectors import Matrix, edition_matrix
from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import Application
from tests.enrolment.helpers import apply, make_open_edition
from tests.factories import berlin

pytestmark = pytest.mark.django_db

HEADING = [
    "Name",
    "E-mail address",
    "Organisation",
    "2 March 2030 10:00",
    "9 March 2030 10:00",
    "16 March 2030 10:00",
    "Days attended",
]


@pytest.fixture(autouse=True)
def _in_january_2030():
    with time_machine.travel(berlin(2030, 1, 1, 10), tick=False):
        yield


@pytest.fixture
def edition() -> Edition:
    # Applications open now, first session 60 days later: 2 March 2030, 10:00 in Berlin.
    return make_open_edition(capacity=10, session_count=3)


def attend(edition: Edition, name: str, organisation: str, statuses: list[str]) -> Application:
    application = apply(edition, full_name=name, organisation=organisation)
    assert application.state == "accepted"
    for session, status in zip(edition.sessions.order_by("starts_at"), statuses, strict=True):
        if status:
            Attendance.objects.create(
                application=application,
                session=session,
                status=status,
                method="desk",
                recorded_at=timezone.now(),
            )
    return application


@pytest.fixture
def matrix(edition) -> Matrix:
    attend(edition, "Zoë Łukasiewicz-Öztürk", "Ruhr-Universität Bochum", ["present", "late", ""])
    attend(edition, "Anna Bäcker", "", ["excused", "present", "absent"])
    with _after_the_three_days():
        return edition_matrix(edition=edition)


def _after_the_three_days() -> time_machine.travel:
    return time_machine.travel(berlin(2030, 3, 17, 10), tick=False)


def csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def xlsx_rows(data: bytes) -> tuple[str, list[list[object]]]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [["" if value is None else value for value in row] for row in sheet.values]
    return sheet.title, rows


def test_it_writes_a_row_per_participant_and_a_column_per_day_in_csv(matrix):
    rows = csv_rows(matrix_csv(matrix, language="en"), ",")
    anna, zoe = rows[1], rows[2]
    assert rows[0] == HEADING
    assert anna == ["Anna Bäcker", anna[1], "", "Excused", "Present", "Absent", "1"]
    assert zoe == ["Zoë Łukasiewicz-Öztürk", zoe[1], "Ruhr-Universität Bochum", "Present",
                   "Late", "", "2"]  # fmt: skip
    assert anna[1].endswith("@example.org")
    assert len(rows) == 4


def test_it_ends_with_the_attended_per_day_as_totals(matrix):
    rows = csv_rows(matrix_csv(matrix, language="en"), ",")
    assert rows[-1] == ["Attended", "", "", "1", "2", "0", "3"]


def test_it_writes_excel_friendly_csv_for_each_language(matrix):
    english, german = matrix_csv(matrix, language="en"), matrix_csv(matrix, language="de")
    assert english.startswith(b"\xef\xbb\xbf")
    assert german.startswith(b"\xef\xbb\xbf")
    assert english.decode("utf-8-sig").splitlines()[0].count(",") == 6
    german_rows = csv_rows(german, ";")
    assert all(len(row) == 7 for row in german_rows)
    assert german_rows[0][3:6] == ["02.03.2030 10:00", "09.03.2030 10:00", "16.03.2030 10:00"]
    assert german_rows[2][0] == "Zoë Łukasiewicz-Öztürk"
    assert german_rows[-1][3:] == ["1", "2", "0", "3"]


def test_it_writes_the_same_table_to_xlsx(matrix):
    title, rows = xlsx_rows(matrix_xlsx(matrix, language="en"))
    assert title == "Attendance"
    assert rows[0] == HEADING
    assert rows[1][0] == "Anna Bäcker"
    assert rows[1][3:] == ["Excused", "Present", "Absent", 1]
    assert rows[2][0] == "Zoë Łukasiewicz-Öztürk"
    assert rows[2][3:] == ["Present", "Late", "", 2]
    assert rows[-1] == ["Attended", "", "", 1, 2, 0, 3]


def test_it_makes_the_xlsx_easy_to_read(matrix):
    sheet = load_workbook(io.BytesIO(matrix_xlsx(matrix, language="en"))).active
    assert sheet.freeze_panes == "B2"  # the heading row and the names stay in view
    assert all(cell.font.bold for cell in sheet[1])
    assert all(cell.font.bold for cell in sheet[sheet.max_row])
    assert not sheet["A2"].font.bold
    assert sheet.column_dimensions["A"].width >= len("Zoë Łukasiewicz-Öztürk")
    assert sheet.column_dimensions["D"].width >= len("16 March 2030 10:00")


def test_it_keeps_text_that_looks_like_a_formula_as_text(edition):
    attend(edition, '=HYPERLINK("https://evil.example","Klick")', "+49 Org", ["present", "", ""])
    attend(edition, "@SUM(A1:A9)", "-1+1", ["", "", ""])
    matrix = edition_matrix(edition=edition)
    csv_text = matrix_csv(matrix, language="en").decode("utf-8-sig")
    _title, rows = xlsx_rows(matrix_xlsx(matrix, language="en"))
    names = {row[0] for row in rows[1:-1]}
    organisations = {row[2] for row in rows[1:-1]}
    assert names == {'\'=HYPERLINK("https://evil.example","Klick")', "'@SUM(A1:A9)"}
    assert organisations == {"'+49 Org", "'-1+1"}
    for row in csv_rows(csv_text.encode(), ","):
        assert not row[0].startswith(("=", "+", "-", "@"))
        assert not row[2].startswith(("=", "+", "-", "@"))
    sheet = load_workbook(io.BytesIO(matrix_xlsx(matrix, language="en"))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_it_leaves_out_control_characters_that_xlsx_cannot_hold(edition):
    attend(edition, "Anna\x0bBäcker", "", ["present", "", ""])
    _title, rows = xlsx_rows(matrix_xlsx(edition_matrix(edition=edition), language="en"))
    assert rows[1][0] == "AnnaBäcker"


def test_it_exports_an_edition_without_participants(edition):
    matrix = edition_matrix(edition=edition)
    assert csv_rows(matrix_csv(matrix, language="en"), ",") == [
        HEADING,
        ["Attended", "", "", "0", "0", "0", "0"],
    ]
    _title, rows = xlsx_rows(matrix_xlsx(matrix, language="de"))
    assert len(rows) == 2


def test_it_counts_no_presence_on_a_day_still_ahead(edition):
    """Present recorded on days that have not come (as the paper page once allowed) counts
    for nothing until the day: the matrix shows the day as not recorded."""
    attend(edition, "Anna Bäcker", "", ["present", "late", "excused"])
    before = edition_matrix(edition=edition)
    assert before.rows[0].cells == ["", "", "excused"]
    assert before.rows[0].attended == 0
    assert before.attended_per_session == [0, 0, 0]
    with time_machine.travel(berlin(2030, 3, 9, 8), tick=False):  # the second day, early
        on_the_second_day = edition_matrix(edition=edition)
    assert on_the_second_day.rows[0].cells == ["present", "late", "excused"]
    assert on_the_second_day.rows[0].attended == 2


def test_the_dashboard_counts_no_presence_on_a_day_still_ahead(edition):
    """The dashboard's attendance per day reads the days as the matrix does."""
    from lifelong.reports.selectors import edition_figures

    attend(edition, "Anna Bäcker", "", ["present", "late", "excused"])
    before = edition_figures(edition=edition).days
    assert [(day.present, day.late, day.excused, day.unrecorded) for day in before] == [
        (0, 0, 0, 1),
        (0, 0, 0, 1),
        (0, 0, 1, 0),
    ]
    with time_machine.travel(berlin(2030, 3, 9, 8), tick=False):  # the second day, early
        later = edition_figures(edition=edition).days
    assert [(day.present, day.late) for day in later] == [(1, 0), (0, 1), (0, 0)]
