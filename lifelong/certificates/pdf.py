"""The certificate as an A4 PDF, in the participant's language, by ReportLab.

Laid out as a German certificate is: the issuer at the head, then the document's name, the
holder, what they took part in and when, what they did, the requirements met; the place and
date of issue, the signatures, and the QR code and address that verify it, as the seal.
The free height of the page is shared out between the parts, so a short certificate is as
balanced as a long one.

Everything printed comes from the facts the certificate froze, so the document issued today
and a copy made from the same facts agree. Names in any Latin script print (DejaVu Sans, the
same fonts as the sign-in sheet, from lifelong/lib/pdf.py).
"""

import io
from dataclasses import dataclass
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
from lifelong.lib.pdf import BOLD, HEIGHT, REGULAR, WIDTH, fitted_size, pdf_canvas, wrapped

MARGIN = 20 * mm
TEXT_WIDTH = WIDTH - 2 * MARGIN
INK = (0.11, 0.16, 0.27)  # the site's dark blue
MUTED = (0.35, 0.38, 0.45)
ACCENT = (0.09, 0.36, 0.62)
HEAD_BOTTOM = HEIGHT - MARGIN - 27 * mm  # the line under the issuer
QR_SIZE = 24 * mm
SIGNATURE_LINE = MARGIN + QR_SIZE + 28 * mm  # room under it for name and role, then the seal
PLACE_AND_DATE = SIGNATURE_LINE + 18 * mm  # room above the line to sign
LABEL_WIDTH = 50 * mm
MOST_DAYS_LISTED = 10  # more days are listed by date only, in a running line


def _in(language: str, texts: dict[str, str]) -> str:
    return texts.get(language) or next((text for text in texts.values() if text), "")


def _long_date(value: str) -> str:
    day = date.fromisoformat(value)
    pattern = "j. F Y" if translation.get_language() == "de" else "j F Y"
    return date_format(day, pattern)


@lru_cache(maxsize=32)
def _logo(path: str, _modified: int) -> ImageReader:
    return ImageReader(path)


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


@dataclass(frozen=True)
class _Line:
    """One line of text: `lead` below the line before it (0: on the same baseline), centred
    or from `x`."""

    text: str
    lead: float
    font: str = REGULAR
    size: float = 10
    colour: tuple[float, float, float] = INK
    x: float | None = None


def _height(lines: list[_Line]) -> float:
    return sum(line.lead for line in lines) + (lines[-1].size * 0.3 if lines else 0)


def _draw(canvas: Canvas, lines: list[_Line], top: float) -> None:
    y = top
    for line in lines:
        y -= line.lead
        canvas.setFont(line.font, line.size)
        canvas.setFillColorRGB(*line.colour)
        if line.x is None:
            canvas.drawCentredString(WIDTH / 2, y, line.text)
        else:
            canvas.drawString(line.x, y, line.text)


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
        _middle(canvas, facts, language)
        _place_and_date(canvas, facts, issued_on)
        _signatures(canvas, facts, language)
        _seal(canvas, code, verify_url)
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
    canvas.line(MARGIN, HEAD_BOTTOM, WIDTH - MARGIN, HEAD_BOTTOM)


def _middle(canvas: Canvas, facts: dict[str, Any], language: str) -> None:
    """Who took part in what, what they did and which requirements they met, spread over
    the height between the head and the place and date; a long certificate is set closer."""
    top = HEAD_BOTTOM - 8 * mm
    room = top - (PLACE_AND_DATE + 8 * mm)
    least_gap = 3 * mm
    parts: list[list[_Line]] = []
    for days_each, closeness in [
        (True, 1.0),
        (True, 0.9),
        (False, 1.0),
        (False, 0.9),
        (False, 0.8),
    ]:
        parts = [
            _holder(facts, language, closeness=closeness),
            _details(facts, language, days_each=days_each),
            _requirements(facts, language),
        ]
        parts = [part for part in parts if part]
        if sum(_height(part) for part in parts) + least_gap * len(parts) <= room:
            break
    free = max(room - sum(_height(part) for part in parts), 0)
    # Half a share above the name of the document, one between the parts, one below.
    gap = free / (len(parts) + 0.5)
    top -= gap / 2
    for part in parts:
        _draw(canvas, part, top)
        top -= _height(part) + gap


def _holder(facts: dict[str, Any], language: str, *, closeness: float) -> list[_Line]:
    """The document's name, the holder, the programme and when: centred."""
    name = facts["name"]
    name_size = fitted_size(name, font=BOLD, size=24, smallest=12, width=TEXT_WIDTH)
    lines = [
        _Line(_in(language, facts["document"]), 26, font=BOLD, size=30),
        _Line(_("This is to certify that"), 14 * mm * closeness, size=12, colour=MUTED),
        _Line(name, 12 * mm * closeness, font=BOLD, size=name_size),
        _Line(_("has taken part in the programme"), 10 * mm * closeness, size=12, colour=MUTED),
    ]
    programme = _in(language, facts["programme"])
    # One line at 16 or 14 points, else two at 16, 14 or 12 (cut short beyond).
    fits = [(size, len(simpleSplit(programme, BOLD, size, TEXT_WIDTH))) for size in (16, 14, 12)]
    size = next((size for size, count in fits[:2] if count == 1), None) or next(
        (size for size, count in fits if count <= 2), 12
    )
    for line in wrapped(programme, font=BOLD, size=size, width=TEXT_WIDTH, lines=2):
        lines.append(_Line(line, size * 1.4, font=BOLD, size=size))
    when = _("%(edition)s, %(first)s to %(last)s") % {
        "edition": facts["edition"],
        "first": _long_date(facts["first_day"]),
        "last": _long_date(facts["last_day"]),
    }
    lines.append(_Line(when, 7 * mm, size=11, colour=MUTED))
    return lines


def _details(facts: dict[str, Any], language: str, *, days_each: bool) -> list[_Line]:
    """What was attended and achieved, as label and value rows."""
    rows = [
        (
            _("Programme days attended"),
            [
                ngettext(
                    "%(attended)d of %(total)d day",
                    "%(attended)d of %(total)d days",
                    facts["days_total"],
                )
                % {"attended": facts["days_attended"], "total": facts["days_total"]}
            ],
        ),
        (_("Days"), _days(facts, language, each=days_each)),
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
        rows.append((_("Workload"), [", ".join(workload)]))
    if facts.get("assessments"):
        rows.append(
            (
                _("Assessed work passed"),
                [
                    _in(language, item["name"])
                    + (
                        f" ({_('grade')} {display.grade(item['grade'])})"
                        if item.get("grade")
                        else ""
                    )
                    for item in facts["assessments"]
                ],
            )
        )
    if "conditions" not in facts:  # issued before the requirements were printed on their own
        rows.append((_("Awarded for"), [_in(language, facts["rule"])]))
    lines: list[_Line] = []
    for label, values in rows:
        value_lines = [
            part
            for value in values
            for part in simpleSplit(value, REGULAR, 10, TEXT_WIDTH - LABEL_WIDTH)
        ][: MOST_DAYS_LISTED + 2]
        label_lines = simpleSplit(label, BOLD, 9, LABEL_WIDTH - 4 * mm)[:2]
        for number in range(max(len(value_lines), len(label_lines))):
            lead = (0 if not lines else 7.5 * mm) if number == 0 else 5 * mm
            if number < len(value_lines):
                lines.append(_Line(value_lines[number], lead, x=MARGIN + LABEL_WIDTH))
                lead = 0
            if number < len(label_lines):
                lines.append(
                    _Line(label_lines[number], lead, font=BOLD, size=9, colour=MUTED, x=MARGIN)
                )
    lines[0] = _Line(lines[0].text, 10, lines[0].font, lines[0].size, lines[0].colour, lines[0].x)
    return lines


def _days(facts: dict[str, Any], language: str, *, each: bool) -> list[str]:
    """Each day on its line with its title ("6. Februar 2027 – Methodenwerkstatt"), or,
    where there are many, the dates in a running line."""
    days = facts["days"]
    missed = " " + _("(not attended)")
    if not each or len(days) > MOST_DAYS_LISTED:
        return [
            ", ".join(_long_date(day["date"]) + ("" if day["attended"] else missed) for day in days)
        ]
    lines = []
    for day in days:
        title = _in(language, day.get("title") or {})
        text = _long_date(day["date"]) + (f" – {title}" if title else "")
        lines.append(text + ("" if day["attended"] else missed))
    return lines


def _requirements(facts: dict[str, Any], language: str) -> list[_Line]:
    """The rule, stated once, as met: "Awarded for attending at least 4 of 5 days."."""
    conditions = _in(language, facts.get("conditions") or {})
    if not conditions:
        return []
    sentence = _("Awarded for %(conditions)s.") % {"conditions": conditions}
    return [
        _Line(line, 10 if number == 0 else 5 * mm, x=MARGIN)
        for number, line in enumerate(simpleSplit(sentence, REGULAR, 10, TEXT_WIDTH)[:4])
    ]


def _place_and_date(canvas: Canvas, facts: dict[str, Any], issued_on: str) -> None:
    """ "Bochum, 12. März 2027": where the lead institution issued it, and when."""
    day = _long_date(issued_on)
    place = facts.get("place") or ""
    canvas.setFont(REGULAR, 11)
    canvas.setFillColorRGB(*INK)
    canvas.drawString(MARGIN, PLACE_AND_DATE, f"{place}, {day}" if place else day)


def _signatures(canvas: Canvas, facts: dict[str, Any], language: str) -> None:
    """A line to sign above each signatory's name and role; the lead institution's name
    where the rule names nobody."""
    signatories = facts.get("signatories") or [
        {"name": _in(language, facts["institutions"][0]["name"])}
    ]
    column = (TEXT_WIDTH + 12 * mm) / max(len(signatories), 2)
    for number, person in enumerate(signatories):
        left = MARGIN + number * column
        width = column - 12 * mm
        canvas.setStrokeColorRGB(*MUTED)
        canvas.setLineWidth(0.6)
        canvas.line(left, SIGNATURE_LINE, left + width, SIGNATURE_LINE)
        role = person.get(f"role_{language}") or person.get("role_de") or person.get("role_en")
        lines = [
            _Line(line, 5 * mm if number == 0 else 4 * mm, font=BOLD, size=10, x=left)
            for number, line in enumerate(
                wrapped(person["name"], font=BOLD, size=10, width=width, lines=2)
            )
        ]
        lines += [
            _Line(line, 4.5 * mm if number == 0 else 4 * mm, size=9, colour=MUTED, x=left)
            for number, line in enumerate(
                wrapped(role or "", font=REGULAR, size=9, width=width, lines=2) if role else []
            )
        ]
        _draw(canvas, lines, SIGNATURE_LINE)


def _seal(canvas: Canvas, code: str, verify_url: str) -> None:
    """The QR code of the verification page, its code and address."""
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(0.4)
    top = MARGIN + QR_SIZE + 6 * mm
    canvas.line(MARGIN, top, WIDTH - MARGIN, top)
    _qr(canvas, verify_url, MARGIN, MARGIN - 2 * mm, QR_SIZE)
    x = MARGIN + QR_SIZE + 6 * mm
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 11)
    canvas.drawString(x, MARGIN + 14 * mm, code)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColorRGB(*MUTED)
    canvas.drawString(
        x, MARGIN + 8 * mm, _("Scan the code or open this address to check that it is genuine:")
    )
    canvas.setFillColorRGB(*ACCENT)
    canvas.drawString(x, MARGIN + 3.5 * mm, verify_url)
    canvas.linkURL(verify_url, (x, MARGIN + 2.5 * mm, WIDTH - MARGIN, MARGIN + 6.5 * mm))
