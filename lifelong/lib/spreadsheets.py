"""What every download that a spreadsheet opens needs: each cell of every CSV and XLSX
export goes through `spreadsheet_cell`, the one place that decides what a cell may hold."""

from typing import TypeVar, cast

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

Cell = str | int
T = TypeVar("T")

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
# Leading white space does not protect (some programs trim it), so it is looked past; the
# full-width forms are there because some programs read them as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "|", "＝", "＋", "－", "＠")


def spreadsheet_cell(value: T) -> T:
    """The value as a spreadsheet cell: text without the control characters XLSX forbids
    (the file would not open) and which would hide a formula behind them ("\\x01=…"), then
    kept as text by a leading apostrophe if it would start a formula. Removing first and
    checking after is the point: the other order lets "\\x01=HYPERLINK(…)" through."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if text.lstrip().startswith(FORMULA_STARTS) or text[:1] in ("\t", "\r", "\n"):
        text = f"'{text}"
    return cast(T, text)  # str in, str out
