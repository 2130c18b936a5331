"""Downloads that are safe to open: nothing a spreadsheet would run as a formula (text
starting with = + - @ gets an apostrophe, in CSV and in XLSX), umlauts that Excel reads
(UTF-8 with a byte order mark), a file name saying what is inside, and no copy kept in a
cache."""

import io

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lifelong.catalogue.models import Institution
from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Application, Question
from lifelong.office.records import records_of_processing_csv
from lifelong.reports.exports import FORMATS, KINDS, edition_download
from tests.enrolment.helpers import apply, make_organiser
from tests.factories import berlin
from tests.reports.helpers import certify, csv_rows, download, make_known_edition, xlsx_rows

pytestmark = pytest.mark.django_db

EVIL = {
    "full_name": '=HYPERLINK("https://evil.example","Klick")',
    "organisation": "+49 Org",
}


@pytest.fixture
def known(client):
    known = make_known_edition()
    client.force_login(make_organiser(known.edition))
    return known


@pytest.fixture
def evil(known):
    """An application whose every text field looks like a formula, with its certificate."""
    edition = known.edition
    known.edition.capacity = 10
    known.edition.save()
    question = edition.questions.get(position=2)
    with time_machine.travel(berlin(2030, 1, 10), tick=False):  # while applications are open
        application = apply(
            edition,
            audience=known.city,
            full_name=EVIL["full_name"],
            organisation=EVIL["organisation"],
            answers={question.key: "@SUM(A1:A9)"},
        )
    certify(application, "EVIL-0001", revoked="-1+1")
    return application


def all_cells(rows) -> list[str]:
    return [cell for row in rows for cell in row if isinstance(cell, str)]


@pytest.mark.parametrize("kind", ["applications", "participants", "certificates"])
def test_it_keeps_formula_like_text_as_text_in_csv(client, known, evil, kind):
    cells = all_cells(csv_rows(download(client, known.edition, f"{kind}.csv"), "en"))
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "'" + EVIL["full_name"] in cells


@pytest.mark.parametrize("kind", ["applications", "participants", "certificates"])
def test_it_keeps_formula_like_text_as_text_in_xlsx(client, known, evil, kind):
    body = download(client, known.edition, f"{kind}.xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    cells = all_cells(xlsx_rows(body))
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "'" + EVIL["full_name"] in cells


def test_it_neutralises_answers_organisations_and_reasons_too(client, known, evil):
    applications = all_cells(csv_rows(download(client, known.edition, "applications.csv"), "en"))
    assert {"'+49 Org", "'@SUM(A1:A9)"} <= set(applications)
    certificates = all_cells(xlsx_rows(download(client, known.edition, "certificates.xlsx")))
    assert "'-1+1" in certificates


def test_it_writes_umlauts_excel_reads_with_the_delimiter_of_the_language(client, known):
    english = download(client, known.edition, "participants.csv")
    german = download(client, known.edition, "participants.csv", "de")
    assert english.startswith(b"\xef\xbb\xbf") and german.startswith(b"\xef\xbb\xbf")
    assert "Ben Bäcker" in english.decode("utf-8-sig")
    assert english.decode("utf-8-sig").splitlines()[0] == "Name,E-mail address,Organisation,Group"
    assert (
        german.decode("utf-8-sig").splitlines()[0] == "Name;E-Mail-Adresse;Organisation;Zielgruppe"
    )


def test_it_names_the_file_after_the_edition_and_the_list(client, known):
    for name, content_type in (
        ("applications.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("attendance.csv", "text/csv; charset=utf-8"),
    ):
        response = client.get(f"/en/staff/editions/{known.edition.pk}/exports/{name}")
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (f'attachment; filename="bochum-2029-30-{name}"')


def test_it_asks_caches_to_keep_no_copy(client, known):
    response = client.get(f"/en/staff/editions/{known.edition.pk}/exports/participants.csv")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# What a spreadsheet runs as a formula, looked for past the characters it ignores or trims.
FORMULA = ("=", "+", "-", "@")


def starts_a_formula(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    return bool(ILLEGAL_CHARACTERS_RE.sub("", cell).lstrip().startswith(FORMULA))


def every_export(edition) -> dict[str, list[object]]:
    """Every cell of every export of the edition (CSV and XLSX, every kind), by file name."""
    cells = {}
    for kind in KINDS:
        for fmt in FORMATS:
            body = edition_download(edition=edition, kind=kind, fmt=fmt, language="en").body
            rows: list[list[object]] = []
            if fmt == "xlsx":
                sheet = load_workbook(io.BytesIO(body)).active
                assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
                rows = xlsx_rows(body)
            else:
                rows = [list(row) for row in csv_rows(body, "en")]
            cells[f"{kind}.{fmt}"] = [cell for row in rows for cell in row]
    # The institution's records of processing (Art. 30 GDPR) carry what its staff typed.
    institution = Institution.objects.get(pk=edition.programme.institution_id)
    records = records_of_processing_csv(institution=institution, language="en")
    cells["records-of-processing.csv"] = [cell for row in csv_rows(records, "en") for cell in row]
    return cells


def test_it_finds_a_formula_behind_a_control_character_in_both_attendance_downloads(client, known):
    """The probe's M1: "\x01=HYPERLINK(…)" was a live formula in the attendance XLSX."""
    name = '\x01=HYPERLINK("http://x/","a")'
    application = known.people["Ada"]
    Application.objects.filter(pk=application.pk).update(full_name=name)
    matrix = client.get(f"/en/staff/editions/{known.edition.pk}/attendance.xlsx")
    export = download(client, known.edition, "attendance.xlsx")
    for body in (matrix.content, export):
        sheet = load_workbook(io.BytesIO(body)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert '\'=HYPERLINK("http://x/","a")' in all_cells(xlsx_rows(body))


# Text as a person may type or paste it: anything, and often something a spreadsheet
# would run, behind white space or control characters. PostgreSQL stores no NUL in text.
_ANYTHING = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
_TYPED = st.tuples(
    st.text(st.sampled_from(" \t\r\n\x01\x08\x0b\x1b\x1f\xa0")),
    st.sampled_from([*FORMULA, "|", "a", "'", "\uff1d", ""]),
    _ANYTHING,
).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=_TYPED, organisation=_TYPED, answer=_TYPED, reason=_TYPED, label=_TYPED)
def test_no_cell_of_any_export_starts_a_formula_whatever_was_typed(
    known, evil, name, organisation, answer, reason, label
):
    question = known.edition.questions.get(position=2)
    Question.objects.filter(pk=question.pk).update(label_en=label)
    Institution.objects.filter(pk=known.edition.programme.institution_id).update(
        name_en=label, dpo_contact=reason
    )
    Application.objects.filter(pk=evil.pk).update(
        full_name=name, organisation=organisation, answers={question.key: answer}
    )
    Certificate.objects.filter(application=evil).update(
        facts={"name": name}, revoked_reason=reason or "a"
    )  # a revoked one has a reason

    for file, cells in every_export(known.edition).items():
        assert not [cell for cell in cells if starts_a_formula(cell)], file
