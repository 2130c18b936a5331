"""A4 PDF documents with Unicode fonts, by ReportLab: the base of certificates, sign-in sheets
and the demo flyer.

DejaVu Sans (`fonts/`: European Latin scripts, Vietnamese, Greek, Cyrillic) is registered
with ReportLab once per process, on import: it parses a font file once (about 15 ms) and
subsets it for every document in about a millisecond."""

from pathlib import Path
from typing import BinaryIO

from reportlab.lib import units
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
# ReportLab measures in points from the bottom left corner of a page.
WIDTH: float = A4[0]
HEIGHT: float = A4[1]
mm: float = units.mm  # a millimetre in points

pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def pdf_canvas(out: BinaryIO, *, title: str, language: str | None) -> Canvas:
    """An A4 portrait canvas writing to `out`, with REGULAR selected at 10 pt. `language`
    is the text's (for screen readers), None where it may be either. The same drawing
    gives the same bytes (no time stamps in the file)."""
    canvas = Canvas(
        out,
        pagesize=A4,
        pageCompression=1,
        invariant=1,
        lang=language,
        initialFontName=REGULAR,
        initialFontSize=10,
    )
    canvas.setTitle(title)
    canvas.setCreator("Lifelong")
    return canvas


def fitted_size(text: str, *, font: str, size: float, smallest: float, width: float) -> float:
    """The largest font size from `size` down to `smallest`, in steps of half a point, at
    which `text` fits one line of `width` points; `smallest` if none does."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size = max(smallest, size - 0.5)
    return size


def clipped(text: str, *, font: str, size: float, width: float) -> str:
    """`text`, cut short with "…" where it would not fit one line of `width` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text.rstrip() + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


NO_BREAK = "\xa0"  # holds words together on a line: "3.\xa0März\xa02027"


def broken(text: str, *, font: str, size: float, width: float) -> list[str]:
    """`text` broken at spaces into lines of `width` points, every line kept; words joined by
    a non-breaking space stay on one line, and are printed with a plain space. (ReportLab's
    own `simpleSplit` breaks at non-breaking spaces too.) A word longer than the line stands
    alone on its line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            if not word:
                continue
            candidate = f"{current} {word}" if current else word
            too_wide = pdfmetrics.stringWidth(candidate.replace(NO_BREAK, " "), font, size)
            if current and too_wide > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
    return [line.replace(NO_BREAK, " ") for line in lines]


def wrapped(text: str, *, font: str, size: float, width: float, lines: int) -> list[str]:
    """`text` broken at spaces into at most `lines` lines of `width` points, the last one cut
    short with "…" when there is more; so is a line whose one word is too long."""
    broken = simpleSplit(text, font, size, width)
    if len(broken) > lines:
        broken = [*broken[: lines - 1], " ".join(broken[lines - 1 :])]
    return [clipped(line, font=font, size=size, width=width) for line in broken]
