"""The printed sign-in sheet: the day's facts and everyone's name in the reader's language,
a header row on every page, and text that stays inside its cell."""

import re
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.utils.translation import gettext, override

from lifelong.attendance.sheet import sign_in_sheet_pdf
from lifelong.catalogue.models import Session
from tests.factories import berlin, make_edition, make_institution, make_programme

pytestmark = pytest.mark.django_db

NAMES = [
    ("Nguyễn Thị Minh Khai", "Ruhr-Universität Bochum"),
    ("Zoë Łukasiewicz-Öztürk", "Stadtwerke Herne AG"),
]
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def day() -> Session:
    programme = make_programme(
        institution=make_institution(name_de="Hochschule Bochum", name_en="Bochum University"),
        title_de="Digitale Verwaltung",
        title_en="Digital administration",
    )
    edition = make_edition(programme, first_session=berlin(2030, 3, 5, 9, 30), label="2030/31")
    return edition.sessions.order_by("starts_at")[0]


@pytest.fixture(autouse=True)
def _printed_on_the_first_of_march():
    with time_machine.travel(berlin(2030, 3, 1, 8), tick=False):
        yield


def sheet(session: Session, names: list[tuple[str, str]], language: str, tmp_path: Path) -> Path:
    path = tmp_path / f"sheet-{language}.pdf"
    path.write_bytes(sign_in_sheet_pdf(session=session, names=names, language=language))
    return path


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    assert match
    return int(match.group(1))


def headings_in(language: str) -> list[str]:
    with override(language):
        return [gettext(text) for text in ("Sign-in sheet", "Name", "Organisation", "Signature")]


def test_it_lists_the_names_and_the_day_in_german(day, tmp_path):
    text = text_of(sheet(day, NAMES, "de", tmp_path))
    assert "Zoë Łukasiewicz-Öztürk" in text
    assert "Nguyễn Thị Minh Khai" in text
    assert "Stadtwerke Herne AG" in text
    assert "Hochschule Bochum" in text
    assert "Digitale Verwaltung · 2030/31" in text
    assert "Tag 1" in text
    assert "Dienstag, 05.03.2030" in text
    assert "09:30–13:30" in text
    assert "Bochum" in text
    assert "Seite 1 von 1" in text
    assert "01.03.2030" in text  # printed on
    assert all(heading in text for heading in headings_in("de"))


def test_it_lists_the_names_and_the_day_in_english(day, tmp_path):
    text = text_of(sheet(day, NAMES, "en", tmp_path))
    assert "Zoë Łukasiewicz-Öztürk" in text
    assert "Nguyễn Thị Minh Khai" in text
    assert "Bochum University" in text
    assert "Digital administration · 2030/31" in text
    assert "Day 1" in text
    assert "Tuesday, 5 March 2030" in text
    assert "09:30–13:30" in text
    for heading in ("Sign-in sheet", "No.", "Name", "Organisation", "Signature"):
        assert heading in text
    assert "Page 1 of 1" in text
    assert "Printed on 1 March 2030" in text


def test_it_numbers_the_rows_in_the_given_order(day, tmp_path):
    names = [("Zoë Łukasiewicz-Öztürk", ""), ("Anna Bäcker", ""), ("Nguyễn Thị Minh Khai", "")]
    text = text_of(sheet(day, names, "en", tmp_path))
    positions = [text.index(name) for name, _organisation in names]
    assert positions == sorted(positions)


def test_it_takes_two_pages_for_forty_names_with_the_header_row_on_each(day, tmp_path):
    names = [(f"Teilnehmerin {number:02}", "Stadt Bochum") for number in range(1, 41)]
    pdf = sheet(day, names, "en", tmp_path)
    assert page_count(pdf) == 2
    first, second = text_of(pdf).rstrip("\f").split("\f")
    assert "Teilnehmerin 01" in first
    assert "Teilnehmerin 40" in second
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    for page in (first, second):
        assert all(heading in page for heading in ("No.", "Name", "Organisation", "Signature"))
        assert "Digital administration" in page  # a loose page still says what it is for


def test_it_puts_sixty_names_on_three_pages_and_leaves_none_out(day, tmp_path):
    names = [(f"Zoë Łukasiewicz-Öztürk {number:02}", "Stadtwerke Herne AG") for number in range(60)]
    pdf = sheet(day, names, "de", tmp_path)
    text = text_of(pdf)
    pages = text.rstrip("\f").split("\f")
    assert len(pages) == page_count(pdf) == 3
    assert all(text.count(name) == 1 for name, _organisation in names)
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von 3" in page
        assert all(heading in page for heading in headings_in("de"))


def test_it_keeps_long_names_and_organisations_inside_their_cells(day, tmp_path):
    name = "Dr. " + " ".join(["Hohenstein-Wittgenstein"] * 8)
    organisation = " ".join(["Landesbetriebsgesellschaft"] * 8)
    pdf = sheet(day, [(name, organisation), *NAMES], "en", tmp_path)
    words = words_with_boxes(pdf, tmp_path)
    name_words = [box for word, box in words if "Wittgenstein" in word]
    organisation_words = [box for word, box in words if "Landesbetrieb" in word]
    assert name_words
    assert organisation_words
    # Columns: 15 mm margin, 10 mm number, 55 mm name, 50 mm organisation.
    assert all(x_min >= 25 * MM and x_max <= 80 * MM for x_min, x_max in name_words)
    assert all(x_min >= 80 * MM and x_max <= 130 * MM for x_min, x_max in organisation_words)
    assert "…" in text_of(pdf)
    assert page_count(pdf) == 1


def test_it_prints_a_sheet_without_names(day, tmp_path):
    text = text_of(sheet(day, [], "en", tmp_path))
    assert "Signature" in text
    assert "Page 1 of 1" in text


def test_it_renders_the_first_page_as_an_image(day, tmp_path):
    pdf = sheet(day, NAMES, "de", tmp_path)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1  # A4 portrait at 60 dpi
    assert len(png) > 10_000  # a page with a table on it, not a blank one


def words_with_boxes(pdf: Path, tmp_path: Path) -> list[tuple[str, tuple[float, float]]]:
    """Every word on the sheet with its left and right edge, in points."""
    html = tmp_path / "words.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(html)], check=True)
    pattern = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [
        (word, (float(x_min), float(x_max)))
        for x_min, x_max, word in re.findall(pattern, html.read_text())
    ]
