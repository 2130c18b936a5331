"""The certificate as an A4 PDF, in the participant's language, by ReportLab.

Laid out as a German certificate is: the issuer at the head, then the document's name, the
holder, what they took part in and when, what they did, the requirements met; the place and
date of issue, the signatures, and the QR code and address that verify it, as the seal.
The free height of the page is shared out between the parts, so a short certificate is as
balanced as a long one. A long one is condensed to fit one page: the days' dates in a
running line, then the days summed up ("45 of 60 days between …"), the assessed work in a
running line. Where even that does not fit, it runs on to further pages, numbered, and the
last one has the place and date, the signatures and the seal. Nothing is printed over
them, and nothing is left out.

Everything printed comes from the facts the certificate froze, so the document issued today
and a copy made from the same facts agree. Names in any Latin script print (DejaVu Sans, the
same fonts as the sign-in sheet, from lifelong/lib/pdf.py).
"""

import io
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import segno
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from lifelong.lib import display
from lifelong.lib.pdf import (
    BOLD,
    HEIGHT,
    NO_BREAK,
    REGULAR,
    WIDTH,
    broken,
    clipped,
    fitted_size,
    pdf_canvas,
    wrapped,
)

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
MIDDLE_TOP = HEAD_BOTTOM - 8 * mm
CONTINUED_TOP = MIDDLE_TOP - 10 * mm  # below the line naming whose certificate goes on
ONE_PAGE_ROOM = MIDDLE_TOP - (PLACE_AND_DATE + 8 * mm)  # the middle part's on one page
LEAST_GAP = 3 * mm  # between the parts of a full page
PART_GAP = 8 * mm  # between the parts where they run over pages
PAGE_NUMBER = MARGIN - 10 * mm  # "Page 1 of 2", where there are more

Days = Literal["each", "dates", "summary"]


def _in(language: str, texts: dict[str, str]) -> str:
    return texts.get(language) or next((text for text in texts.values() if text), "")


def _long_date(value: str, *, unbroken: bool = False) -> str:
    """ "3. März 2027"; `unbroken` joins its parts with non-breaking spaces, for a date in
    text that is broken into lines (`broken`), so that it is never split over two."""
    day = date.fromisoformat(value)
    pattern = "j. F Y" if translation.get_language() == "de" else "j F Y"
    text = date_format(day, pattern)
    return text.replace(" ", NO_BREAK) if unbroken else text


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
    or from `x`; where the text runs over pages, a line to `keep` stays on the page of the
    line before it."""

    text: str
    lead: float
    font: str = REGULAR
    size: float = 10
    colour: tuple[float, float, float] = INK
    x: float | None = None
    keep: bool = False


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
    """One A4 page, or more where even the condensed facts do not fit one (see `_pages`).
    `issued_on` is an ISO date; `logo` the lead institution's picture."""
    with translation.override(language):
        out = io.BytesIO()
        title = f"{_in(language, facts['document'])} – {facts['name']}"
        canvas = pdf_canvas(out, title=title, language=language)
        canvas.setAuthor(_in(language, facts["institutions"][0]["name"]))
        canvas.setSubject(_in(language, facts["programme"]))
        pages = _pages(facts, language)
        for number, lines in enumerate(pages, start=1):
            _head(canvas, facts, language, logo)
            top = MIDDLE_TOP
            if number > 1:
                _continued(canvas, title)
                top = CONTINUED_TOP
            _draw(canvas, lines, top)
            if len(pages) > 1:
                _page_number(canvas, number, len(pages))
            if number == len(pages):
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


def _continued(canvas: Canvas, title: str) -> None:
    """At the top of a further page: whose certificate it goes on with."""
    canvas.setFont(REGULAR, 9)
    canvas.setFillColorRGB(*MUTED)
    text = clipped(
        _("%(title)s (continued)") % {"title": title}, font=REGULAR, size=9, width=TEXT_WIDTH
    )
    canvas.drawString(MARGIN, MIDDLE_TOP - 9, text)


def _page_number(canvas: Canvas, number: int, count: int) -> None:
    canvas.setFont(REGULAR, 8)
    canvas.setFillColorRGB(*MUTED)
    canvas.drawRightString(
        WIDTH - MARGIN,
        PAGE_NUMBER,
        _("Page %(number)s of %(count)s") % {"number": number, "count": count},
    )


# The middle part from the fullest to the most condensed: the days each with its title, as
# dates in a running line, or summed up in one line; the assessed work each on its line or
# in a running line; the holder's lines set apart (1.0) or closer. The first that fits one
# page above the place and date is printed.
ONE_PAGE: list[tuple[Days, bool, float]] = [
    ("each", True, 1.0),
    ("each", True, 0.9),
    ("dates", True, 1.0),
    ("dates", True, 0.9),
    ("dates", True, 0.8),
    ("summary", True, 1.0),
    ("summary", True, 0.9),
    ("summary", True, 0.8),
    ("summary", False, 0.8),
]


def _pages(facts: dict[str, Any], language: str) -> list[list[_Line]]:
    """The lines of the middle part on each page, to be drawn from the top of the middle.

    One page where the facts fit above the place and date, condensed if need be; the free
    height is then shared out between the parts. Where even the most condensed facts do not
    fit, they run on over further pages, as few as can hold them, and the place and date,
    the signatures and the seal close the last one. Nothing is left out either way."""
    for days, each, closeness in ONE_PAGE:
        parts = _parts(facts, language, days=days, each=each, closeness=closeness)
        if sum(_height(part) for part in parts) + LEAST_GAP * len(parts) <= ONE_PAGE_ROOM:
            return [_spread(parts)]
    flows = [_flowed(_blocks(facts, language, days=days, each=each)) for days, each in RUN_ON]
    fewest = min(len(pages) for pages in flows)
    return next(pages for pages in flows if len(pages) == fewest)


# Over several pages, the fullest facts that need no more pages than the most condensed.
RUN_ON: list[tuple[Days, bool]] = [
    ("each", True),
    ("dates", True),
    ("summary", True),
    ("summary", False),
]


def _parts(
    facts: dict[str, Any], language: str, *, days: Days, each: bool, closeness: float
) -> list[list[_Line]]:
    rows = _detail_rows(facts, language, days=days, each=each)
    details = [line for row in rows for line in row]
    details[0] = replace(details[0], lead=10)
    parts = [_holder(facts, language, closeness=closeness), details, _requirements(facts, language)]
    return [part for part in parts if part]


def _spread(parts: list[list[_Line]]) -> list[_Line]:
    """The parts on one page, the free height shared out between them: half a share above
    the name of the document, one between the parts, one below."""
    free = max(ONE_PAGE_ROOM - sum(_height(part) for part in parts), 0)
    gap = free / (len(parts) + 0.5)
    lines = []
    lead = gap / 2
    for part in parts:
        lines += [replace(part[0], lead=part[0].lead + lead), *part[1:]]
        lead = gap + part[-1].size * 0.3
    return lines


def _blocks(facts: dict[str, Any], language: str, *, days: Days, each: bool) -> list[list[_Line]]:
    """The holder, each row of the details and the requirements, to run over pages; the
    details and the requirements set a gap below the part before."""
    rows = _detail_rows(facts, language, days=days, each=each)
    rows[0] = [replace(rows[0][0], lead=10 + PART_GAP), *rows[0][1:]]
    blocks = [_holder(facts, language, closeness=1.0), *rows]
    requirements = _requirements(facts, language)
    if requirements:
        blocks.append([replace(requirements[0], lead=10 + PART_GAP), *requirements[1:]])
    return blocks


def _flowed(blocks: list[list[_Line]]) -> list[list[_Line]]:
    """The blocks over as many pages as they need, each page's lines to be drawn from its
    top. A block breaks between its lines, leaving at least two of them on either side of
    the break. The last block keeps the height of the place and date, the signatures and
    the seal below it, so that the last page has text above them."""
    closing = _Line("", PLACE_AND_DATE + 8 * mm - MARGIN, keep=True)
    blocks = [*blocks[:-1], [*blocks[-1], closing]]
    pages: list[list[_Line]] = [[]]
    y = MIDDLE_TOP
    for block in blocks:
        rest = _baselines(block)
        while rest:
            # The first line of a further page begins at its top.
            page_top = not pages[-1] and len(pages) > 1
            fit = _fitting(rest, y, page_top=page_top)
            if fit < len(rest):
                kept = min(fit, len(rest) - 2)
                fit = kept if kept >= 2 else (0 if pages[-1] else max(fit, 1))
            for number, together in enumerate(rest[:fit]):
                if number == 0 and page_top:
                    together = [replace(together[0], lead=together[0].size), *together[1:]]
                pages[-1] += together
                y -= sum(line.lead for line in together)
            rest = rest[fit:]
            if rest:
                pages.append([])
                y = CONTINUED_TOP
    pages[-1].pop()  # the room kept for the closing, drawn on its own
    return pages


def _baselines(block: list[_Line]) -> list[list[_Line]]:
    """The block's lines, those printed on the same baseline together (a label and its
    value), and those to keep with the line before."""
    lines: list[list[_Line]] = []
    for line in block:
        if lines and (line.lead == 0 or line.keep):
            lines[-1].append(line)
        else:
            lines.append([line])
    return lines


def _fitting(lines: list[list[_Line]], y: float, *, page_top: bool) -> int:
    """How many of the lines fit below `y` (at the top of a page: the first at its top)."""
    for count, together in enumerate(lines):
        first = together[0].size if page_top and count == 0 else together[0].lead
        y -= first + sum(line.lead for line in together[1:])
        if y - max(line.size for line in together) * 0.3 < MARGIN:
            return count
    return len(lines)


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
    # One line at 16 or 14 points, else two at 16, 14 or 12, else three at 12 (cut short
    # beyond).
    fits = [(size, len(simpleSplit(programme, BOLD, size, TEXT_WIDTH))) for size in (16, 14, 12)]
    size = next((size for size, count in fits[:2] if count == 1), None) or next(
        (size for size, count in fits if count <= 2), 12
    )
    for line in wrapped(programme, font=BOLD, size=size, width=TEXT_WIDTH, lines=3):
        lines.append(_Line(line, size * 1.4, font=BOLD, size=size))
    when = _("%(edition)s, %(first)s to %(last)s") % {
        "edition": facts["edition"],
        "first": _long_date(facts["first_day"]),
        "last": _long_date(facts["last_day"]),
    }
    lines.append(_Line(when, 7 * mm, size=11, colour=MUTED))
    return lines


def _detail_rows(
    facts: dict[str, Any], language: str, *, days: Days, each: bool
) -> list[list[_Line]]:
    """What was attended and achieved, as rows of label and value, each row's first line
    7.5 mm below the row before. `days` says how the days are given (see `_days`), `each`
    whether each assessed work has its line."""
    attended = {"attended": facts["days_attended"], "total": facts["days_total"]}
    if days == "summary":
        rows = [(_("Programme days attended"), [_days_between(facts)])]
    else:
        count = ngettext(
            "%(attended)d of %(total)d day", "%(attended)d of %(total)d days", facts["days_total"]
        )
        rows = [
            (_("Programme days attended"), [count % attended]),
            (_("Days"), _days(facts, language, each=days == "each")),
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
        passed = [
            _in(language, item["name"])
            + (f" ({_('grade')} {display.grade(item['grade'])})" if item.get("grade") else "")
            for item in facts["assessments"]
        ]
        rows.append((_("Assessed work passed"), passed if each else ["; ".join(passed)]))
    if "conditions" not in facts:  # issued before the requirements were printed on their own
        rows.append((_("Awarded for"), [_in(language, facts["rule"])]))
    return [_row(label, values) for label, values in rows]


def _row(label: str, values: list[str]) -> list[_Line]:
    """The label (bold, muted) on the left, the values wrapped on the right, every line of
    them printed. A value of up to three lines is not broken over pages."""
    value_lines: list[tuple[str, bool]] = []
    for value in values:
        parts = broken(value, font=REGULAR, size=10, width=TEXT_WIDTH - LABEL_WIDTH)
        value_lines += [(part, number > 0 and len(parts) <= 3) for number, part in enumerate(parts)]
    label_lines = simpleSplit(label, BOLD, 9, LABEL_WIDTH - 4 * mm)[:2]
    lines: list[_Line] = []
    for number in range(max(len(value_lines), len(label_lines))):
        lead = 7.5 * mm if number == 0 else 5 * mm
        if number < len(value_lines):
            text, keep = value_lines[number]
            lines.append(_Line(text, lead, x=MARGIN + LABEL_WIDTH, keep=keep))
            lead = 0
        if number < len(label_lines):
            lines.append(
                _Line(label_lines[number], lead, font=BOLD, size=9, colour=MUTED, x=MARGIN)
            )
    return lines


def _days(facts: dict[str, Any], language: str, *, each: bool) -> list[str]:
    """Each day on its line with its title ("6. Februar 2027 – Methodenwerkstatt"), or,
    where there are many, the dates in a running line."""
    days = facts["days"]
    missed = " " + _("(not attended)")
    if not each or len(days) > MOST_DAYS_LISTED:
        return [
            ", ".join(
                _long_date(day["date"], unbroken=True) + ("" if day["attended"] else missed)
                for day in days
            )
        ]
    lines = []
    for day in days:
        title = _in(language, day.get("title") or {})
        text = _long_date(day["date"], unbroken=True) + (f" – {title}" if title else "")
        lines.append(text + ("" if day["attended"] else missed))
    return lines


def _days_between(facts: dict[str, Any]) -> str:
    """The days attended summed up, where their dates do not fit the page: "45 of 60 days
    between 3 March 2027 and 30 June 2027"."""
    return ngettext(
        "%(attended)d of %(total)d day between %(first)s and %(last)s",
        "%(attended)d of %(total)d days between %(first)s and %(last)s",
        facts["days_total"],
    ) % {
        "attended": facts["days_attended"],
        "total": facts["days_total"],
        "first": _long_date(facts["first_day"], unbroken=True),
        "last": _long_date(facts["last_day"], unbroken=True),
    }


def _requirements(facts: dict[str, Any], language: str) -> list[_Line]:
    """The rule, stated once, as met: "Awarded for attending at least 4 of 5 days."."""
    conditions = _in(language, facts.get("conditions") or {})
    if not conditions:
        return []
    sentence = _("Awarded for %(conditions)s.") % {"conditions": conditions}
    return [
        _Line(line, 10 if number == 0 else 5 * mm, x=MARGIN)
        for number, line in enumerate(simpleSplit(sentence, REGULAR, 10, TEXT_WIDTH))
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
