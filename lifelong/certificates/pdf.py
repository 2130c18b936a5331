"""The certificate as an A4 PDF, in the participant's language, by ReportLab.

Everything printed comes from the facts the certificate froze, so the document issued today
and a copy made from the same facts agree. Names in any Latin script print (DejaVu Sans, the
same fonts as the sign-in sheet, from lifelong/lib/pdf.py).
"""

import io
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import segno
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from lifelong.lib import display
from lifelong.lib.pdf import BOLD, HEIGHT, REGULAR, WIDTH, fitted_size, pdf_canvas

MARGIN = 20 * mm
TEXT_WIDTH = WIDTH - 2 * MARGIN
INK = (0.11, 0.16, 0.27)  # the site's dark blue
MUTED = (0.35, 0.38, 0.45)
ACCENT = (0.09, 0.36, 0.62)


def _in(language: str, texts: dict[str, str]) -> str:
    return texts.get(language) or next((text for text in texts.values() if text), "")


def _long_date(value: str) -> str:
    day = date.fromisoformat(value)
    pattern = "j. F Y" if translation.get_language() == "de" else "j F Y"
    return date_format(day, pattern)


@lru_cache(maxsize=32)
def _logo(path: str, _modified: int) -> ImageReader:
    return ImageReader(path)


def _centred(canvas: Canvas, text: str, y: float, *, font: str, size: float) -> None:
    canvas.setFont(font, size)
    canvas.drawCentredString(WIDTH / 2, y, text)


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code drawn as vector squares, sharp at any zoom and in print."""
    code = segno.make(data, error="m", micro=False)
    modules = len(code.matrix)
    canvas.saveState()
    canvas.translate(x, y + size)
    canvas.scale(size / modules, -size / modules)
    path = canvas.beginPath()
    for row_number, row in enumerate(code.matrix):
        column = 0
        while column < modules:
            if row[column]:
                start = column
                while column < modules and row[column]:
                    column += 1
                path.rect(start, row_number, column - start, 1)
            else:
                column += 1
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def certificate_pdf(
    *,
    facts: dict[str, Any],
    code: str,
    verify_url: str,
    issued_on: str,
    language: str,
    logo: Path | None = None,
) -> bytes:
    """One A4 page. `issued_on` is an ISO date; `logo` the lead institution's picture."""
    with translation.override(language):
        out = io.BytesIO()
        title = f"{_in(language, facts['document'])} – {facts['name']}"
        canvas = pdf_canvas(out, title=title, language=language)
        canvas.setAuthor(_in(language, facts["institutions"][0]["name"]))
        canvas.setSubject(_in(language, facts["programme"]))
        _head(canvas, facts, language, logo)
        y = _body(canvas, facts, language)
        _details(canvas, facts, language, top=y - 12 * mm)
        _signatures(canvas, facts, language)
        _foot(canvas, code, verify_url, issued_on)
        canvas.showPage()
        canvas.save()
        return out.getvalue()


def _head(canvas: Canvas, facts: dict[str, Any], language: str, logo: Path | None) -> None:
    top = HEIGHT - MARGIN
    if logo is not None and logo.exists():
        picture = _logo(str(logo), logo.stat().st_mtime_ns)
        width, height = picture.getSize()
        scale = min(60 * mm / width, 20 * mm / height)
        canvas.drawImage(
            picture, MARGIN, top - height * scale, width * scale, height * scale, mask="auto"
        )
    names = [_in(language, institution["name"]) for institution in facts["institutions"]]
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 11)
    canvas.drawRightString(WIDTH - MARGIN, top - 5 * mm, names[0])
    canvas.setFont(REGULAR, 9)
    canvas.setFillColorRGB(*MUTED)
    for number, partner in enumerate(names[1:3], start=1):
        canvas.drawRightString(
            WIDTH - MARGIN, top - 5 * mm - number * 4.5 * mm, _("with %(name)s") % {"name": partner}
        )
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - 27 * mm, WIDTH - MARGIN, top - 27 * mm)


def _body(canvas: Canvas, facts: dict[str, Any], language: str) -> float:
    """Title, name, programme and dates, centred; returns where the text ended."""
    canvas.setFillColorRGB(*INK)
    y = HEIGHT - 80 * mm
    _centred(canvas, _in(language, facts["document"]), y, font=BOLD, size=30)
    y -= 16 * mm
    canvas.setFillColorRGB(*MUTED)
    _centred(canvas, _("This is to certify that"), y, font=REGULAR, size=12)
    y -= 14 * mm
    canvas.setFillColorRGB(*INK)
    name = facts["name"]
    size = fitted_size(name, font=BOLD, size=24, smallest=12, width=TEXT_WIDTH)
    _centred(canvas, name, y, font=BOLD, size=size)
    y -= 11 * mm
    canvas.setFillColorRGB(*MUTED)
    _centred(canvas, _("has taken part in the programme"), y, font=REGULAR, size=12)
    canvas.setFillColorRGB(*INK)
    for line in simpleSplit(_in(language, facts["programme"]), BOLD, 16, TEXT_WIDTH)[:2]:
        y -= 8 * mm
        _centred(canvas, line, y, font=BOLD, size=16)
    y -= 7 * mm
    canvas.setFillColorRGB(*MUTED)
    _centred(
        canvas,
        _("%(edition)s, %(first)s to %(last)s")
        % {
            "edition": facts["edition"],
            "first": _long_date(facts["first_day"]),
            "last": _long_date(facts["last_day"]),
        },
        y,
        font=REGULAR,
        size=11,
    )
    return float(y)


def _details(canvas: Canvas, facts: dict[str, Any], language: str, *, top: float) -> None:
    """What was attended and achieved, as label and value rows."""
    rows = [
        (
            _("Programme days attended"),
            ngettext(
                "%(attended)d of %(total)d day",
                "%(attended)d of %(total)d days",
                facts["days_total"],
            )
            % {"attended": facts["days_attended"], "total": facts["days_total"]},
        ),
        (
            _("Days"),
            ", ".join(
                _long_date(day["date"]) + ("" if day["attended"] else " " + _("(not attended)"))
                for day in facts["days"]
            ),
        ),
    ]
    workload = []
    if facts.get("workload_hours"):
        hours = facts["workload_hours"]
        workload.append(ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours})
    if facts.get("credit_points"):
        points = (
            facts["credit_points"].replace(".", ",") if language == "de" else facts["credit_points"]
        )
        workload.append(
            ngettext(
                "%(points)s credit point (ECTS)",
                "%(points)s credit points (ECTS)",
                display.plural_number(facts["credit_points"]),
            )
            % {"points": points}
        )
    if workload:
        rows.append((_("Workload"), ", ".join(workload)))
    if facts.get("assessments"):
        rows.append(
            (
                _("Assessed work passed"),
                "; ".join(
                    _in(language, item["name"])
                    + (f" ({_('grade')} {item['grade']})" if item.get("grade") else "")
                    for item in facts["assessments"]
                ),
            )
        )
    rows.append((_("Awarded for"), _in(language, facts["rule"])))
    label_width = 50 * mm
    value_width = TEXT_WIDTH - label_width
    y = top
    for label, value in rows:
        canvas.setFont(BOLD, 9)
        canvas.setFillColorRGB(*MUTED)
        label_lines = simpleSplit(label, BOLD, 9, label_width - 4 * mm)[:2]
        for number, line in enumerate(label_lines):
            canvas.drawString(MARGIN, y - number * 4.5 * mm, line)
        canvas.setFont(REGULAR, 10)
        canvas.setFillColorRGB(*INK)
        value_lines = simpleSplit(value, REGULAR, 10, value_width)[:4]
        for number, line in enumerate(value_lines):
            canvas.drawString(MARGIN + label_width, y - number * 5 * mm, line)
        y -= max(len(value_lines) * 5, len(label_lines) * 4.5) * mm + 2.5 * mm


def _signatures(canvas: Canvas, facts: dict[str, Any], language: str) -> None:
    signatories = facts.get("signatories") or []
    if not signatories:
        return
    y = 62 * mm
    column = TEXT_WIDTH / len(signatories)
    for number, person in enumerate(signatories):
        left = MARGIN + number * column
        right = left + column - 8 * mm
        canvas.setStrokeColorRGB(*MUTED)
        canvas.setLineWidth(0.6)
        canvas.line(left, y, right, y)
        canvas.setFillColorRGB(*INK)
        canvas.setFont(BOLD, 10)
        canvas.drawString(left, y - 5 * mm, person["name"])
        role = person.get(f"role_{language}") or person.get("role_de") or person.get("role_en")
        if role:
            canvas.setFont(REGULAR, 9)
            canvas.setFillColorRGB(*MUTED)
            for offset, line in enumerate(simpleSplit(role, REGULAR, 9, right - left)[:2]):
                canvas.drawString(left, y - (9.5 + offset * 4) * mm, line)


def _foot(canvas: Canvas, code: str, verify_url: str, issued_on: str) -> None:
    size = 24 * mm
    _qr(canvas, verify_url, MARGIN, MARGIN - 2 * mm, size)
    x = MARGIN + size + 6 * mm
    canvas.setFillColorRGB(*INK)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(
        x, MARGIN + 17 * mm, _("Issued on %(date)s") % {"date": _long_date(issued_on)}
    )
    canvas.setFont(BOLD, 11)
    canvas.drawString(x, MARGIN + 11 * mm, code)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColorRGB(*MUTED)
    canvas.drawString(
        x, MARGIN + 6 * mm, _("Scan the code or open this address to check that it is genuine:")
    )
    canvas.setFillColorRGB(*ACCENT)
    canvas.drawString(x, MARGIN + 2 * mm, verify_url)
    canvas.linkURL(verify_url, (x, MARGIN + 1 * mm, WIDTH - MARGIN, MARGIN + 5 * mm))
