"""Dates, times, money and sizes as a German or English reader expects them."""

import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lifelong.lib.i18n import active_language

_DAY_PATTERNS = {"de": "D d.m.Y", "en": "D j F Y"}


def day_label(moment: datetime) -> str:
    """'Di 07.10.2025' / 'Tue 7 October 2025' in Europe/Berlin."""
    return date_format(timezone.localtime(moment), _DAY_PATTERNS[active_language()])


def deadline(moment: datetime) -> str:
    """'25 October 2026' / '25.10.2026' when it is the end of that day in Europe/Berlin
    (23:59 or later: the time a date alone stands for), else with its time: '25 October
    2026, 02:30' / '25.10.2026, 02:30 Uhr'."""
    local = timezone.localtime(moment)
    end_of_day = (local.hour, local.minute) == (23, 59)
    return formats.date_format(local, "DATE_FORMAT" if end_of_day else "DATETIME_FORMAT")


def time_range(start: datetime, end: datetime) -> str:
    """'13:00–17:30 Uhr' / '13:00–17:30' in Europe/Berlin."""
    text = f"{timezone.localtime(start):%H:%M}\u2013{timezone.localtime(end):%H:%M}"
    return f"{text} Uhr" if active_language() == "de" else text


def date_range(start: datetime, end: datetime) -> str:
    pattern = "d.m.Y" if active_language() == "de" else "j M Y"
    first = date_format(timezone.localtime(start), pattern)
    last = date_format(timezone.localtime(end), pattern)
    return first if first == last else f"{first} \u2013 {last}"


def money(cents: int) -> str:
    """'Free of charge' for 0, else '25,00 €' / '€25.00'."""
    if cents == 0:
        return _("Free of charge")
    euros, rest = divmod(cents, 100)
    if active_language() == "de":
        return f"{euros:,}".replace(",", ".") + f",{rest:02d}\u00a0€"
    return f"€{euros:,}.{rest:02d}"


def file_size(size_bytes: int) -> str:
    """'241 KB', '1.2 MB' (decimal units, as file managers show them)."""
    if size_bytes < 1000:
        text = ngettext("%(size)d byte", "%(size)d bytes", size_bytes) % {"size": size_bytes}
    elif size_bytes < 1_000_000:
        text = f"{round(size_bytes / 1000)} KB"
    else:
        text = f"{size_bytes / 1_000_000:.1f} MB"
    return text.replace(".", ",") if active_language() == "de" else text


def plural_number(value: Decimal | str | int) -> int:
    """The number ngettext picks the form by, for a count that may have decimals (credit
    points): 1 for exactly one, else 2 ("1.5 credit points"); gettext takes whole numbers."""
    return 1 if Decimal(value) == 1 else 2


def points(value: Decimal) -> str:
    """Credit points without trailing zeros: '15', '7,5' / '7.5'."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if active_language() == "de" else text


_DECIMAL_GRADE = re.compile(r"(\d+)[.,](\d+)")


def grade(text: str) -> str:
    """A grade as it was typed, with the reader's decimal mark: '1,3' / '1.3'. A grade in
    words or letters ('sehr gut', 'A') stays as it is."""
    match = _DECIMAL_GRADE.fullmatch(text.strip())
    if match is None:
        return text
    mark = "," if active_language() == "de" else "."
    return f"{match[1]}{mark}{match[2]}"


def listed(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C' / 'A, B und C'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + _(" and ") + items[-1]
