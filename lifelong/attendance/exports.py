"""The attendance matrix of an edition as CSV and XLSX downloads that Excel opens as is."""

import csv
import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lifelong.attendance.models import AttendanceStatus
from lifelong.attendance.selectors import Matrix
from lifelong.catalogue.models import Session
from lifelong.lib.spreadsheets import Cell, spreadsheet_cell


def matrix_csv(matrix: Matrix, *, language: str) -> bytes:
    """UTF-8 with a byte order mark, so Excel reads the umlauts, and the delimiter Excel
    expects in the language's region: ";" in German, "," in English."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language.startswith("de") else ",")
    writer.writerows(_table(matrix, language=language))
    return out.getvalue().encode("utf-8-sig")


def matrix_xlsx(matrix: Matrix, *, language: str) -> bytes:
    """One sheet: a bold heading row and a bold totals row, the heading row and the names
    frozen while scrolling."""
    table = _table(matrix, language=language)
    workbook = Workbook()
    sheet = workbook.active
    with override(language):
        sheet.title = gettext("Attendance")
    for row in table:
        sheet.append(row)  # every cell made safe by `_table`
    bold = Font(bold=True)
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = bold
    sheet.freeze_panes = "B2"
    for index, column in enumerate(zip(*table, strict=True), start=1):
        longest = max(len(str(value)) for value in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 45)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _table(matrix: Matrix, *, language: str) -> list[list[Cell]]:
    """The heading row, a row per participant, the totals row; every cell made safe to
    open (`spreadsheet_cell`), for CSV and XLSX alike."""
    with override(language):
        labels = {value: str(label) for value, label in AttendanceStatus.choices} | {"": ""}
        heading: list[Cell] = [
            gettext("Name"),
            gettext("E-mail address"),
            gettext("Organisation"),
            *(_session_heading(session) for session in matrix.sessions),
            gettext("Days attended"),
        ]
        people: list[list[Cell]] = [
            [
                row.application.full_name,
                row.application.email,
                row.application.organisation,
                *(labels[status] for status in row.cells),
                row.attended,
            ]
            for row in matrix.rows
        ]
        totals: list[Cell] = [
            gettext("Attended"),
            "",
            "",
            *matrix.attended_per_session,
            sum(matrix.attended_per_session),
        ]
    return [[spreadsheet_cell(cell) for cell in row] for row in (heading, *people, totals)]


def _session_heading(session: Session) -> str:
    starts = timezone.localtime(session.starts_at)
    return f"{date_format(starts, 'DATE_FORMAT')} {date_format(starts, 'TIME_FORMAT')}"
