"""A small, real PDF for the demo's flyer document: the heading on a coloured band, then the
lines of text, each wrapped to the page.

In Helvetica, one of the fonts every PDF reader has, so nothing is embedded; ReportLab
writes it in the Windows-1252 encoding, which has the German letters and typographic
quotes and dashes (not, say, "Ł": the demo's flyer text keeps to Western European)."""

import io

from reportlab.lib.colors import HexColor, white
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from lifelong.lib.pdf import HEIGHT, WIDTH, mm, pdf_canvas

BAND = HexColor("#0b4f8a")
INK = HexColor("#1b2430")
LEFT = 16 * mm  # text starts 1 mm inside a 180 mm column at 15 mm
TEXT_WIDTH = 178 * mm
LOWEST = 20 * mm  # no line reaches lower than this above the bottom edge


def flyer_pdf(*, heading: str, lines: list[str]) -> bytes:
    out = io.BytesIO()
    canvas = pdf_canvas(out, title=heading, language=None)
    canvas.setFillColor(BAND)
    canvas.rect(0, HEIGHT - 40 * mm, WIDTH, 40 * mm, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont("Helvetica-Bold", 18)
    top = HEIGHT - 12 * mm
    for line in simpleSplit(heading, "Helvetica-Bold", 18, TEXT_WIDTH):
        canvas.drawString(LEFT, _baseline(top, 9 * mm, 18), line)
        top -= 9 * mm
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica", 12)
    top = HEIGHT - 52 * mm
    for text in lines:
        for line in simpleSplit(text, "Helvetica", 12, TEXT_WIDTH):
            if top - 8 * mm < LOWEST:
                top = _next_page(canvas)
            canvas.drawString(LEFT, _baseline(top, 8 * mm, 12), line)
            top -= 8 * mm
        top -= 1 * mm
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _baseline(top: float, height: float, size: float) -> float:
    """Where a line `height` high from `top` puts its baseline, for its text to look
    vertically centred."""
    return top - height / 2 - 0.3 * size


def _next_page(canvas: Canvas) -> float:
    canvas.showPage()
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica", 12)
    return HEIGHT - 10 * mm
