"""What every download that a spreadsheet opens needs."""

Cell = str | int
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula, kept as text by a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return f"'{cell}"
    return cell
