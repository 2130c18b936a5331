"""A small, real PDF for the demo's flyer document."""

from fpdf import FPDF

# The PDF core fonts cover Latin-1 only; the demo flyer keeps to it.
_PLAIN = str.maketrans({"–": "-", "„": '"', "“": '"', "”": '"', "’": "'"})


def flyer_pdf(*, heading: str, lines: list[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(heading.translate(_PLAIN))
    pdf.add_page()
    pdf.set_fill_color(11, 79, 138)
    pdf.rect(0, 0, 210, 40, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(15, 12)
    pdf.multi_cell(180, 9, heading.translate(_PLAIN))
    pdf.set_text_color(27, 36, 48)
    pdf.set_font("Helvetica", size=12)
    pdf.set_xy(15, 52)
    for line in lines:
        pdf.multi_cell(180, 8, line.translate(_PLAIN))
        pdf.ln(1)
    return bytes(pdf.output())
