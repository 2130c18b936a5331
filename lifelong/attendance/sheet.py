"""The paper sign-in sheet of one programme day: everyone accepted, a line each to sign."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override
from fpdf import FPDF

from lifelong.catalogue.models import Session
from lifelong.lib.pdf import FONT, fitted, pdf_bytes, pdf_document, wrapped

INK = (27, 36, 48)
MUTED = (96, 106, 120)
ACCENT = (11, 79, 138)
RULE = (176, 186, 198)
HEADING_FILL = (232, 238, 245)

# Column widths in mm; together the 180 mm between the margins, most of it to sign in.
NUMBER, NAME, ORGANISATION, SIGNATURE = 10, 55, 50, 65
HEADING_HEIGHT = 8
ROW_HEIGHT = 10


@dataclass(frozen=True)
class _Texts:
    """Everything the sheet says, in the sheet's language."""

    heading: str
    institution: str
    programme: str
    session: str
    date: str
    time: str
    place: str
    printed: str


def sign_in_sheet_pdf(*, session: Session, names: list[tuple[str, str]], language: str) -> bytes:
    """An A4 sheet listing `names` (full name, organisation) in the given order, with a
    signature field each; the table's heading row repeats on every page, and later pages
    name the programme and the day in a short header."""
    with override(language):
        texts = _texts(session)
        pdf = pdf_document(
            title=f"{texts.heading}: {texts.programme}, {texts.date}",
            language=language,
            header=lambda pdf: _page_header(pdf, texts),
            footer=lambda pdf: _page_footer(pdf, texts),
        )
        pdf.set_text_color(*INK)
        pdf.add_page()
        _table_heading(pdf)
        for number, (name, organisation) in enumerate(names, start=1):
            if pdf.will_page_break(ROW_HEIGHT):
                pdf.add_page()
                _table_heading(pdf)
            _row(pdf, number, name, organisation)
        return pdf_bytes(pdf)


def _texts(session: Session) -> _Texts:
    edition = session.edition
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return _Texts(
        heading=gettext("Sign-in sheet"),
        institution=edition.programme.institution.name,
        programme=f"{edition.programme.title} · {edition.label}",
        session=session.title,
        date=f"{date_format(starts, 'l')}, {date_format(starts, 'DATE_FORMAT')}",
        time=_time_range(starts, ends),
        place=session.place,
        printed=gettext("Printed on {date}").format(
            date=date_format(timezone.localtime(), "DATE_FORMAT")
        ),
    )


def _time_range(starts: datetime, ends: datetime) -> str:
    start, end = date_format(starts, "TIME_FORMAT"), date_format(ends, "TIME_FORMAT")
    if ends.date() != starts.date():
        end = f"{date_format(ends, 'DATE_FORMAT')}, {end}"
    return f"{start}–{end}"


def _page_header(pdf: FPDF, texts: _Texts) -> None:
    if pdf.page_no() == 1:
        _full_header(pdf, texts)
    else:
        _short_header(pdf, texts)


def _full_header(pdf: FPDF, texts: _Texts) -> None:
    width = pdf.epw
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 9)
    pdf.cell(width, 5, fitted(pdf, texts.institution, width=width, size=9, smallest=7))
    pdf.ln(6)
    pdf.set_text_color(*ACCENT)
    pdf.set_font(FONT, "B", 18)
    pdf.cell(width, 9, texts.heading)
    pdf.ln(10)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 12)
    for line in wrapped(pdf, texts.programme, width=width, lines=2):
        pdf.cell(width, 6, line)
        pdf.ln(6)
    if texts.session:
        pdf.set_font(FONT, "", 10)
        pdf.cell(width, 5, fitted(pdf, texts.session, width=width, size=10, smallest=8))
        pdf.ln(5)
    pdf.ln(4)
    _facts(pdf, texts)
    pdf.ln(5)


def _facts(pdf: FPDF, texts: _Texts) -> None:
    """Date, time and place as labelled fields between two rules; a long place takes two
    lines."""
    facts = [
        (gettext("Date"), texts.date, 58),
        (gettext("Time"), texts.time, 32),
        (gettext("Place"), texts.place, pdf.epw - 90),
    ]
    top = pdf.get_y()
    _rule(pdf, top)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_y(top + 1.5)
    for label, _value, width in facts:
        pdf.cell(width, 4, label.upper())
    pdf.set_text_color(*INK)
    bottom = top
    x = pdf.l_margin
    for _label, value, width in facts:
        pdf.set_font(FONT, "B", 10)
        pdf.set_xy(x, top + 6)
        for line in wrapped(pdf, value, width=width - 3, lines=2):
            pdf.cell(width, 5, line)
            pdf.set_xy(x, pdf.get_y() + 5)
        bottom, x = max(bottom, pdf.get_y()), x + width
    pdf.set_y(bottom + 1.5)
    _rule(pdf, pdf.get_y())


def _short_header(pdf: FPDF, texts: _Texts) -> None:
    """Later pages name the programme and the day, in case the sheets come apart."""
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 9)
    line = f"{texts.heading} · {texts.programme} · {texts.date}"
    pdf.cell(pdf.epw, 5, fitted(pdf, line, width=pdf.epw, size=9, smallest=7))
    pdf.ln(6)
    _rule(pdf, pdf.get_y())
    pdf.ln(4)
    pdf.set_text_color(*INK)


def _page_footer(pdf: FPDF, texts: _Texts) -> None:
    pdf.set_y(-15)
    _rule(pdf, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 8)
    half = pdf.epw / 2
    pdf.cell(half, 5, texts.printed)
    page = gettext("Page %(number)s of %(total)s") % {"number": pdf.page_no(), "total": "{nb}"}
    pdf.cell(half, 5, page, align="R")


def _rule(pdf: FPDF, y: float) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)


def _table_heading(pdf: FPDF) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(*HEADING_FILL)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(NUMBER, HEADING_HEIGHT, gettext("No."), border=1, align="C", fill=True)
    pdf.cell(NAME, HEADING_HEIGHT, gettext("Name"), border=1, fill=True)
    pdf.cell(ORGANISATION, HEADING_HEIGHT, gettext("Organisation"), border=1, fill=True)
    pdf.cell(SIGNATURE, HEADING_HEIGHT, gettext("Signature"), border=1, fill=True)
    pdf.ln(HEADING_HEIGHT)


def _row(pdf: FPDF, number: int, name: str, organisation: str) -> None:
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 9)
    pdf.cell(NUMBER, ROW_HEIGHT, str(number), border=1, align="C")
    pdf.set_text_color(*INK)
    _text_cell(pdf, _composed(name), width=NAME, size=10.5, small=8.5)
    pdf.set_text_color(*MUTED)
    _text_cell(pdf, _composed(organisation), width=ORGANISATION, size=8.5, small=8)
    pdf.cell(SIGNATURE, ROW_HEIGHT, "", border=1)
    pdf.ln(ROW_HEIGHT)


def _text_cell(pdf: FPDF, text: str, *, width: float, size: float, small: float) -> None:
    """A table cell with `text` on one line, or in two smaller lines where one is too short,
    cut short beyond that: a cell never grows and text never spills over."""
    room = width - 2 * pdf.c_margin
    pdf.set_font(FONT, "", size)
    if pdf.get_string_width(text) <= room:
        pdf.cell(width, ROW_HEIGHT, text, border=1)
        return
    pdf.set_font_size(small)
    x, y = pdf.get_x(), pdf.get_y()
    lines = wrapped(pdf, text, width=room, lines=2)
    line_height = small * 0.45
    pdf.set_y(y + (ROW_HEIGHT - line_height * len(lines)) / 2)
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, line_height, line)
        pdf.set_y(pdf.get_y() + line_height)
    pdf.set_xy(x, y)
    pdf.cell(width, ROW_HEIGHT, "", border=1)


def _composed(text: str) -> str:
    """One code point per accented letter (NFC): without text shaping, a separate combining
    accent would be drawn beside its letter, not over it."""
    return unicodedata.normalize("NFC", text.strip())
