"""An edition's downloads for organisers: the applications with their answers, the
participants, the attendance matrix and the certificates, as CSV or XLSX.

Headings and values (states, dates, answers) are written in the organiser's language. The
files follow the attendance matrix export (`lifelong.attendance.exports`), which is reused
as it is for the attendance: UTF-8 with a byte order mark and the delimiter Excel expects
in the language's region, and text a spreadsheet would run as a formula kept as text.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Field, Model
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, override
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lifelong.attendance.exports import matrix_csv, matrix_xlsx
from lifelong.attendance.selectors import edition_matrix
from lifelong.catalogue.models import Edition
from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Application, ApplicationState, Question
from lifelong.lib.spreadsheets import spreadsheet_cell
from lifelong.lib.text import fold
from lifelong.reports.selectors import EDITION_TIME_ZONE

Cell = str | int | date | datetime | None
KINDS = ("applications", "participants", "attendance", "certificates")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Dates in figures, for CSV as text and for XLSX as the number format of real date cells (the
# pages name the month instead: lifelong/formats). German as Germans write them; English in
# ISO 8601, which no reader takes for a month-first date and which sorts as text.
_DATE = {"de": "d.m.Y", "en": "Y-m-d"}
_XLSX_DATE = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}


@dataclass(frozen=True)
class Download:
    body: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class Sheet:
    title: str
    rows: list[list[Cell]]  # the heading row first


def edition_download(*, edition: Edition, kind: str, fmt: str, language: str) -> Download:
    """One of the edition's files; `kind` in KINDS, `fmt` in FORMATS (else ValueError)."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"unknown export {kind}.{fmt}")
    language = "de" if language.startswith("de") else "en"
    if kind == "attendance":
        matrix = edition_matrix(edition=edition)
        body = (matrix_csv if fmt == "csv" else matrix_xlsx)(matrix, language=language)
    else:
        with override(language):
            sheet = _SHEETS[kind](edition)  # read and written in the organiser's language
        body = (
            sheet_csv(sheet, language=language)
            if fmt == "csv"
            else sheet_xlsx(sheet, language=language)
        )
    return Download(
        body=body, content_type=CONTENT_TYPES[fmt], filename=export_filename(edition, kind, fmt)
    )


def export_filename(edition: Edition, kind: str, fmt: str) -> str:
    """'wissen-gemeinsam-gestalten-2026-27-applications.xlsx': ASCII, so every browser
    keeps it as it is."""
    name = f"{edition.programme.slug} {edition.label}".replace("/", " ")  # 2026/27: 2026-27
    return f"{slugify(name)}-{kind}.{fmt}"


# The tables -------------------------------------------------------------------------------


def _heading(model: type[Model], field: str) -> str:
    """A column named like the field on the organisers' pages (its translated name)."""
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, Field)  # noqa: S101  (a column of the model's own)
    return capfirst(str(model_field.verbose_name))


def applications_sheet(edition: Edition) -> Sheet:
    """Every application, in the order they came in, with the answers to the edition's
    questions (a column per question); date of birth and the student confirmation only
    where the edition's groups ask for them."""
    questions = list(Question.objects.filter(edition=edition).order_by("position", "pk"))
    links = list(edition.audience_links.all())
    with_birth = any(link.min_age is not None for link in links)
    with_student = any(link.requires_student_confirmation for link in links)
    applications = list(
        Application.objects.filter(edition=edition)
        .select_related("audience")
        .order_by("submitted_at", "pk")
    )
    heading: list[Cell] = [
        gettext("Name"),
        gettext("E-mail address"),
        gettext("Organisation"),
        gettext("Group"),
        gettext("State"),
        gettext("Applied"),
        _heading(Application, "state_changed_at"),
    ]
    heading += [_heading(Application, "date_of_birth")] if with_birth else []
    heading += [_heading(Application, "student_confirmed")] if with_student else []
    heading += [question.label for question in questions]
    rows: list[list[Cell]] = [heading]
    for application in applications:
        row: list[Cell] = [
            application.full_name,
            application.email,
            application.organisation,
            application.audience.name if application.audience else "",
            application.get_state_display(),
            application.submitted_at,
            application.state_changed_at,
        ]
        row += [application.date_of_birth] if with_birth else []
        row += [_yes_no(application.student_confirmed)] if with_student else []
        # Choices by their label in the organiser's language (the active one here).
        row += [
            question.answer_text(application.answers.get(question.key)) for question in questions
        ]
        rows.append(row)
    return Sheet(title=gettext("Applications"), rows=rows)


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def participants_sheet(edition: Edition) -> Sheet:
    """The people with a confirmed place, by name."""
    people = sorted(
        Application.objects.filter(edition=edition, state=ApplicationState.ACCEPTED)
        .select_related("audience")
        .only("full_name", "email", "organisation", "audience__name_de", "audience__name_en"),
        key=lambda application: fold(application.full_name),
    )
    rows: list[list[Cell]] = [
        [gettext("Name"), gettext("E-mail address"), gettext("Organisation"), gettext("Group")]
    ]
    rows += [
        [
            person.full_name,
            person.email,
            person.organisation,
            person.audience.name if person.audience else "",
        ]
        for person in people
    ]
    return Sheet(title=gettext("Participants"), rows=rows)


def certificates_sheet(edition: Edition) -> Sheet:
    """Every certificate issued, revoked ones too, under the name it was issued to (it
    stays when the person's account is gone)."""
    certificates = Certificate.objects.filter(edition=edition).order_by("issued_at", "pk")
    rows: list[list[Cell]] = [
        [
            _heading(Certificate, "code"),
            gettext("Name"),
            _heading(Certificate, "issued_at"),
            _heading(Certificate, "revoked_at"),
            _heading(Certificate, "revoked_reason"),
        ]
    ]
    rows += [
        [
            certificate.code,
            str(certificate.facts.get("name", "")),
            certificate.issued_at,
            certificate.revoked_at,
            certificate.revoked_reason,
        ]
        for certificate in certificates.only(
            "code", "facts", "issued_at", "revoked_at", "revoked_reason"
        )
    ]
    return Sheet(title=gettext("Certificates"), rows=rows)


_SHEETS: dict[str, Callable[[Edition], Sheet]] = {
    "applications": applications_sheet,
    "participants": participants_sheet,
    "certificates": certificates_sheet,
}


# Writing ----------------------------------------------------------------------------------


def sheet_csv(sheet: Sheet, *, language: str) -> bytes:
    """UTF-8 with a byte order mark, so Excel reads the umlauts, ";" between the cells in
    German and "," in English (what Excel expects in each region)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "de" else ",")
    writer.writerows(
        [[spreadsheet_cell(_text(cell, language)) for cell in row] for row in sheet.rows]
    )
    return out.getvalue().encode("utf-8-sig")


def sheet_xlsx(sheet: Sheet, *, language: str) -> bytes:
    """One sheet: a bold heading row that stays in view; dates as dates."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = _sheet_title(sheet.title)
    for row in sheet.rows:
        worksheet.append([_xlsx_value(cell) for cell in row])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(zip(*sheet.rows, strict=True), start=1):
        letter = get_column_letter(index)
        for cell in worksheet[letter][1:]:
            if isinstance(cell.value, datetime):
                cell.number_format = f"{_XLSX_DATE[language]} HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = _XLSX_DATE[language]
        longest = max(len(_text(value, language)) for value in column)
        worksheet.column_dimensions[letter].width = min(max(longest + 2, 8), 50)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(cell: Cell, language: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return date_format(cell.astimezone(EDITION_TIME_ZONE), f"{_DATE[language]} H:i")
    if isinstance(cell, date):
        return date_format(cell, _DATE[language])
    return str(cell)


def _xlsx_value(cell: Cell) -> Cell:
    if isinstance(cell, datetime):
        # Excel has no time zones: the time as read in Berlin, where the edition is.
        return cell.astimezone(EDITION_TIME_ZONE).replace(tzinfo=None)
    return spreadsheet_cell(cell)


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return "".join(char for char in title if char not in "[]:*?/\\")[:31] or "Sheet"
