"""Text broken into lines for the PDFs (lifelong/lib/pdf.py): every word kept, and a date
written with non-breaking spaces never split between its day and its month."""

from reportlab.pdfbase import pdfmetrics

from lifelong.lib.pdf import NO_BREAK, REGULAR, broken

DATES = (
    ", ".join(f"{day}.{NO_BREAK}Oktober{NO_BREAK}2027" for day in (3, 10, 17, 24, 27, 31))
    + f", 7.{NO_BREAK}November{NO_BREAK}2027"
)


def test_it_never_splits_a_date_joined_by_non_breaking_spaces():
    for width in (80, 120, 160, 230, 300):
        lines = broken(DATES, font=REGULAR, size=10, width=width)
        for line in lines:
            assert NO_BREAK not in line
            # Each line holds whole dates: it starts with a day and ends with a year.
            assert line.split(" ")[0].rstrip(".").isdigit(), (width, line)
            assert line.rstrip(",")[-4:] == "2027", (width, line)
        assert " ".join(lines) == DATES.replace(NO_BREAK, " ")


def test_it_keeps_every_word_within_the_width_where_words_fit():
    text = "Regelmäßige Teilnahme an mindestens 45 von 60 Programmtagen und zwei Hausarbeiten"
    lines = broken(text, font=REGULAR, size=10, width=120)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(pdfmetrics.stringWidth(line, REGULAR, 10) <= 120 for line in lines)


def test_it_gives_a_word_too_long_for_the_line_a_line_of_its_own():
    lines = broken(
        "an Donaudampfschifffahrtsgesellschaftskapitänsmütze", font=REGULAR, size=10, width=60
    )
    assert lines == ["an", "Donaudampfschifffahrtsgesellschaftskapitänsmütze"]


def test_it_keeps_line_breaks_of_the_text():
    assert broken("eins\nzwei", font=REGULAR, size=10, width=300) == ["eins", "zwei"]
