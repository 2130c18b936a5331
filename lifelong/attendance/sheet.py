"""The paper sign-in sheet of one programme day: everyone accepted, a line each to sign.

Drawn by ReportLab in points from the bottom left corner of an A4 page, laid out in
millimetres (`mm`): a table of cells, each with one line of text (or two smaller ones)
vertically centred in it."""

import io
import math
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from lifelong.catalogue.models import Session
from lifelong.lib.pdf import (
    BOLD,
    HEIGHT,
    REGULAR,
    WIDTH,
    clipped,
    fitted_size,
    mm,
    pdf_canvas,
    wrapped,
)

INK = HexColor("#1b2430")
MUTED = HexColor("#606a78")
ACCENT = HexColor("#0b4f8a")
RULE = HexColor("#b0bac6")
HEADING_FILL = HexColor("#e8eef5")

MARGIN = 15 * mm  # left, right and top
TEXT_WIDTH = WIDTH - 2 * MARGIN  # 180 mm
LOWEST = 20 * mm  # no row reaches lower than this above the bottom edge
PADDING = 1 * mm  # between a cell's edge and its text
SHORT_HEADER = 10 * mm  # the header of later pages, from the top margin to the table

# Column widths; together the 180 mm between the margins, most of it to sign in.
NUMBER, NAME, ORGANISATION, SIGNATURE = 10 * mm, 55 * mm, 50 * mm, 65 * mm
HEADING_HEIGHT = 8 * mm
ROW_HEIGHT = 10 * mm

Align = Literal["left", "centre", "right"]
Row = tuple[int, tuple[str, str]]  # its number, and (full name, organisation)


@dataclass(frozen=True)
class _Style:
    """A font at a size in a colour."""

    font: str
    size: float  # in points
    colour: Color


INSTITUTION = _Style(REGULAR, 9, MUTED)
HEADING = _Style(BOLD, 18, ACCENT)
PROGRAMME = _Style(BOLD, 12, INK)
SESSION = _Style(REGULAR, 10, INK)
LABEL = _Style(REGULAR, 7.5, MUTED)
VALUE = _Style(BOLD, 10, INK)
RUNNING = _Style(REGULAR, 9, MUTED)  # the header of later pages
FOOTER = _Style(REGULAR, 8, MUTED)
COLUMN = _Style(BOLD, 9, INK)
NUMBERING = _Style(REGULAR, 9, MUTED)
# A name or an organisation too long for one line takes two in a smaller size.
NAME_TEXT, NAME_SMALL = _Style(REGULAR, 10.5, INK), _Style(REGULAR, 8.5, INK)
ORGANISATION_TEXT, ORGANISATION_SMALL = _Style(REGULAR, 8.5, MUTED), _Style(REGULAR, 8, MUTED)


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
        out = io.BytesIO()
        canvas = pdf_canvas(
            out, title=f"{texts.heading}: {texts.programme}, {texts.date}", language=language
        )
        # The first page's header, drawn first, tells how many rows fit under it; and so
        # how many pages there will be, which every page's footer says.
        first_table_top = _full_header(canvas, texts)
        pages = _pages(
            list(enumerate(names, start=1)),
            first=_rows_below(first_table_top),
            later=_rows_below(HEIGHT - MARGIN - SHORT_HEADER),
        )
        for page, rows in enumerate(pages, start=1):
            top = first_table_top if page == 1 else _short_header(canvas, texts)
            top = _table_heading(canvas, top)
            for number, (name, organisation) in rows:
                top = _row(canvas, top, number, name, organisation)
            _page_footer(canvas, texts, page=page, pages=len(pages))
            canvas.showPage()
        canvas.save()
        return out.getvalue()


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


def _rows_below(top: float) -> int:
    """How many rows fit on a page whose table (heading row first) starts at `top`."""
    return max(0, math.floor(round((top - HEADING_HEIGHT - LOWEST) / ROW_HEIGHT, 6)))


def _pages(rows: list[Row], *, first: int, later: int) -> list[list[Row]]:
    rest = rows[first:]
    return [rows[:first], *(rest[start : start + later] for start in range(0, len(rest), later))]


def _full_header(canvas: Canvas, texts: _Texts) -> float:
    """The institution, the heading, the programme and the day; returns where it ends."""
    top = HEIGHT - MARGIN
    _fitted(canvas, texts.institution, INSTITUTION, top=top, height=5 * mm)
    top -= 6 * mm
    _text(canvas, texts.heading, HEADING, top=top, height=9 * mm)
    top -= 10 * mm
    for line in _wrapped(texts.programme, PROGRAMME, width=TEXT_WIDTH - 2 * PADDING, lines=2):
        _text(canvas, line, PROGRAMME, top=top, height=6 * mm)
        top -= 6 * mm
    if texts.session:
        _fitted(canvas, texts.session, SESSION, top=top, height=5 * mm)
        top -= 5 * mm
    return _facts(canvas, texts, top=top - 4 * mm) - 5 * mm


def _facts(canvas: Canvas, texts: _Texts, *, top: float) -> float:
    """Date, time and place as labelled fields between two rules, a long place on two
    lines; returns where the lower rule is."""
    facts = [
        (gettext("Date"), texts.date, 58 * mm),
        (gettext("Time"), texts.time, 32 * mm),
        (gettext("Place"), texts.place, TEXT_WIDTH - 90 * mm),
    ]
    _rule(canvas, top)
    bottom, x = top, MARGIN
    for label, value, width in facts:
        _text(canvas, label.upper(), LABEL, x=x, width=width, top=top - 1.5 * mm, height=4 * mm)
        room = width - 2 * PADDING - 3 * mm  # and a gap before the next field
        lines = _wrapped(value, VALUE, width=room, lines=2)
        for number, line in enumerate(lines):
            line_top = top - (6 + 5 * number) * mm
            _text(canvas, line, VALUE, x=x, width=width, top=line_top, height=5 * mm)
        bottom, x = min(bottom, top - (6 + 5 * len(lines)) * mm), x + width
    _rule(canvas, bottom - 1.5 * mm)
    return bottom - 1.5 * mm


def _short_header(canvas: Canvas, texts: _Texts) -> float:
    """Later pages name the programme and the day, in case the sheets come apart; returns
    where the table starts."""
    top = HEIGHT - MARGIN
    line = f"{texts.heading} · {texts.programme} · {texts.date}"
    _fitted(canvas, line, RUNNING, top=top, height=5 * mm)
    _rule(canvas, top - 6 * mm)
    return top - SHORT_HEADER


def _page_footer(canvas: Canvas, texts: _Texts, *, page: int, pages: int) -> None:
    top = 15 * mm
    _rule(canvas, top)
    _text(canvas, texts.printed, FOOTER, top=top - 1.5 * mm, height=5 * mm)
    numbered = gettext("Page %(number)s of %(total)s") % {"number": page, "total": pages}
    _text(canvas, numbered, FOOTER, top=top - 1.5 * mm, height=5 * mm, align="right")


def _table_heading(canvas: Canvas, top: float) -> float:
    """The table's heading row; returns where it ends."""
    headings: list[tuple[str, float, Align]] = [
        (gettext("No."), NUMBER, "centre"),
        (gettext("Name"), NAME, "left"),
        (gettext("Organisation"), ORGANISATION, "left"),
        (gettext("Signature"), SIGNATURE, "left"),
    ]
    x = MARGIN
    for heading, width, align in headings:
        _cell(canvas, x=x, top=top, width=width, height=HEADING_HEIGHT, fill=HEADING_FILL)
        _text(
            canvas, heading, COLUMN, x=x, width=width, top=top, height=HEADING_HEIGHT, align=align
        )
        x += width
    return top - HEADING_HEIGHT


def _row(canvas: Canvas, top: float, number: int, name: str, organisation: str) -> float:
    """One person's row; returns where it ends."""
    x = MARGIN
    for width in (NUMBER, NAME, ORGANISATION, SIGNATURE):
        _cell(canvas, x=x, top=top, width=width, height=ROW_HEIGHT)
        x += width
    _text(
        canvas,
        str(number),
        NUMBERING,
        x=MARGIN,
        width=NUMBER,
        top=top,
        height=ROW_HEIGHT,
        align="centre",
    )
    _text_cell(
        canvas, _composed(name), NAME_TEXT, NAME_SMALL, x=MARGIN + NUMBER, width=NAME, top=top
    )
    _text_cell(
        canvas,
        _composed(organisation),
        ORGANISATION_TEXT,
        ORGANISATION_SMALL,
        x=MARGIN + NUMBER + NAME,
        width=ORGANISATION,
        top=top,
    )
    return top - ROW_HEIGHT


def _text_cell(
    canvas: Canvas, text: str, style: _Style, small: _Style, *, x: float, width: float, top: float
) -> None:
    """`text` on one line of a row's cell, or in two lines in the `small` style where one is
    too short, cut short beyond that: a cell never grows and text never spills over."""
    room = width - 2 * PADDING
    if stringWidth(text, style.font, style.size) <= room:
        _text(canvas, text, style, x=x, width=width, top=top, height=ROW_HEIGHT)
        return
    lines = _wrapped(text, small, width=room, lines=2)
    line_height = small.size * 0.45 * mm
    first_top = top - (ROW_HEIGHT - line_height * len(lines)) / 2
    for number, line in enumerate(lines):
        line_top = first_top - number * line_height
        _text(canvas, line, small, x=x, width=width, top=line_top, height=line_height)


def _fitted(canvas: Canvas, text: str, style: _Style, *, top: float, height: float) -> None:
    """`text` across the page on one line: smaller, down to 2 points less, where it is long,
    and cut short where that is not enough."""
    room = TEXT_WIDTH - 2 * PADDING
    size = fitted_size(text, font=style.font, size=style.size, smallest=style.size - 2, width=room)
    text = clipped(text, font=style.font, size=size, width=room)
    _text(canvas, text, replace(style, size=size), top=top, height=height)


def _wrapped(text: str, style: _Style, *, width: float, lines: int) -> list[str]:
    return wrapped(text, font=style.font, size=style.size, width=width, lines=lines)


def _text(
    canvas: Canvas,
    text: str,
    style: _Style,
    *,
    top: float,
    height: float,
    x: float = MARGIN,
    width: float = TEXT_WIDTH,
    align: Align = "left",
) -> None:
    """One line of `text` in a cell whose top left corner is at (`x`, `top`): vertically
    centred (the baseline 0.3 em below the middle), and 1 mm in from the side it is
    aligned to. Without `x` and `width`, the cell spans the page between the margins."""
    canvas.setFont(style.font, style.size)
    canvas.setFillColor(style.colour)
    baseline = top - height / 2 - 0.3 * style.size
    if align == "centre":
        canvas.drawCentredString(x + width / 2, baseline, text)
    elif align == "right":
        canvas.drawRightString(x + width - PADDING, baseline, text)
    else:
        canvas.drawString(x + PADDING, baseline, text)


def _cell(
    canvas: Canvas, *, x: float, top: float, width: float, height: float, fill: Color | None = None
) -> None:
    """A cell's border, and its background if it has a `fill` colour."""
    canvas.setLineWidth(0.2 * mm)
    canvas.setStrokeColor(RULE)
    if fill is not None:
        canvas.setFillColor(fill)
    canvas.rect(x, top - height, width, height, stroke=1, fill=int(fill is not None))


def _rule(canvas: Canvas, y: float) -> None:
    canvas.setLineWidth(0.2 * mm)
    canvas.setStrokeColor(RULE)
    canvas.line(MARGIN, y, MARGIN + TEXT_WIDTH, y)


def _composed(text: str) -> str:
    """One code point per accented letter (NFC): without text shaping, a separate combining
    accent would be drawn beside its letter, not over it."""
    return unicodedata.normalize("NFC", text.strip())
