"""A4 PDF documents with Unicode fonts, by fpdf2: the base of sign-in sheets and certificates."""

from collections.abc import Callable
from pathlib import Path
from typing import cast

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"  # DejaVu Sans: European Latin scripts, Vietnamese, Greek, Cyrillic

# Draws something on every page: a document's running header or footer.
PageDecoration = Callable[[FPDF], None]


class _Document(FPDF):
    """An FPDF that draws its running header and footer with the functions it is given,
    so a document describes them without a subclass of its own."""

    def __init__(self, *, on_header: PageDecoration | None, on_footer: PageDecoration | None):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._on_header = on_header
        self._on_footer = on_footer

    def header(self) -> None:
        if self._on_header:
            self._on_header(self)

    def footer(self) -> None:
        if self._on_footer:
            self._on_footer(self)


def pdf_document(
    *,
    title: str,
    language: str,
    header: PageDecoration | None = None,
    footer: PageDecoration | None = None,
) -> FPDF:
    """An empty A4 portrait document (no page yet) with the DejaVu family ("" and "B")
    selected at 10 pt, 15 mm margins and automatic page breaks 20 mm above the bottom edge.
    `header` and `footer` are called on every page; "{nb}" in a text is the page count."""
    pdf = _Document(on_header=header, on_footer=footer)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("Lifelong")
    pdf.set_margins(left=15, top=15, right=15)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_font(FONT, size=10)
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def fitted(pdf: FPDF, text: str, *, width: float, size: float, smallest: float) -> str:
    """`text` to fit one line of `width` mm: the font is set to the largest size from `size`
    down to `smallest` at which it fits, and below that the text is cut short with "…"."""
    pdf.set_font_size(size)
    while size > smallest and pdf.get_string_width(text) > width:
        size = max(smallest, size - 0.5)
        pdf.set_font_size(size)
    return clipped(pdf, text, width=width)


def clipped(pdf: FPDF, text: str, *, width: float) -> str:
    """`text`, cut short with "…" where it would not fit one line of `width` mm."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text.rstrip() + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrapped(pdf: FPDF, text: str, *, width: float, lines: int) -> list[str]:
    """`text` broken into at most `lines` lines of `width` mm at the current font, the last
    one cut short with "…" when there is more."""
    broken = cast(  # what output="LINES" returns
        "list[str]",
        pdf.multi_cell(
            width, text=text, dry_run=True, output="LINES", padding=0, new_x="LEFT", new_y="TOP"
        ),
    )
    if len(broken) <= lines:
        return broken
    rest = " ".join(broken[lines - 1 :])
    return [*broken[: lines - 1], clipped(pdf, rest, width=width)]
