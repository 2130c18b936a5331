"""Input at the edge: what any field of any form of the site accepts at all, whatever the
form itself asks for on top.

Every form of the site derives from `InputGuard` (through `GuardedForm`, `GuardedModelForm`
or a base of its own), which hands its fields to `guard_fields` before it cleans them:

- a one-line text field takes no control characters (CR/LF included: a title ends up in
  e-mail headers and calendar files); a text area takes line breaks and tabs, no others;
- a date, or a date and time, lies in the years 1900 to 2200 (year 1 or 9999 overflow
  when a time zone or a week is added to them);
- a number fits a 64-bit database column, and an id of a choice from the database is
  checked to be one before it is looked up (SQLite refuses bigger ones with an error).

Each is also a validator or field class of its own for the cases a form builds by hand.
"""

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 1900, 2200
ID_MAX = 2**63 - 1  # a 64-bit signed column: the largest id there can be
INT_MIN = -(2**63)

# Line breaks and other control characters; also Unicode's line and paragraph separators.
_NOT_IN_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In a text area: line breaks and tabs are text, the other control characters are not.
_NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def single_line(value: str) -> None:
    if _NOT_IN_ONE_LINE.search(value):
        raise ValidationError(
            _("Please write this on one line, without control characters."),
            code="control_characters",
        )


def plain_text(value: str) -> None:
    if _NOT_IN_TEXT.search(value):
        raise ValidationError(
            _("This text contains control characters; please remove them."),
            code="control_characters",
        )


def sane_date(value: date) -> None:
    """A date (or date and time) in years the site can count with."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(
            _("Please enter a date between the years %(min)s and %(max)s."),
            code="date_out_of_range",
            params={"min": YEAR_MIN, "max": YEAR_MAX},
        )


def is_id(value: object) -> bool:
    """Whether the value can be a database id at all (a whole number that fits 64 bits)."""
    try:
        number = int(str(value))
    except ValueError:
        return False
    return 0 < number <= ID_MAX


def ids_or_nothing(values: list[str]) -> list[int]:
    """The ids among posted values; anything else (text, negative, too big) left out."""
    return [int(value) for value in values if is_id(value)]


RETURN_QUERY_MAX = 1000  # far more than the filters of a list page take


def return_query(query: str) -> str:
    """A query string posted back to return to a filtered list: kept only if it is short
    and plain (it goes into a redirect's Location header); otherwise the list unfiltered."""
    if len(query) > RETURN_QUERY_MAX:
        return ""
    if not all(char.isascii() and (char.isalnum() or char in "=&%+-_.") for char in query):
        return ""
    return query


def date_plus(value: date, delta: timedelta) -> date | None:
    """`value + delta`, or None where that leaves the calendar (a suggestion after a day
    dated 9999-12-31 saved before dates were checked)."""
    try:
        return value + delta
    except OverflowError:
        return None


class GuardedModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        looks_up_id = not self.to_field_name and not isinstance(value, Model)
        if looks_up_id and value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class GuardedModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def clean(self, value: Any) -> Any:
        items = value if isinstance(value, list | tuple) else []
        for item in items:
            if not self.to_field_name and not is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(item)[:20]},
                )
        return super().clean(value)


def _has_max(field: forms.Field) -> bool:
    return any(isinstance(v, MaxValueValidator) for v in field.validators)


def _has_min(field: forms.Field) -> bool:
    return any(isinstance(v, MinValueValidator) for v in field.validators)


def guard_fields(fields: dict[str, forms.Field]) -> None:
    """Add what the site accepts at all to each field (once)."""
    for field in fields.values():
        if getattr(field, "_guarded", False):
            continue
        field._guarded = True  # type: ignore[attr-defined]
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.__class__ = GuardedModelMultipleChoiceField
        elif isinstance(field, forms.ModelChoiceField):
            field.__class__ = GuardedModelChoiceField
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(sane_date)
        elif isinstance(field, forms.IntegerField):  # DecimalField and FloatField too
            if not _has_max(field):
                field.validators.append(MaxValueValidator(ID_MAX))
            if not _has_min(field):
                field.validators.append(MinValueValidator(INT_MIN))
        elif isinstance(field, forms.CharField):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(plain_text if multiline else single_line)


class InputGuard(forms.BaseForm):
    """Guards the form's fields, those added in `__init__` too, before they are cleaned."""

    def full_clean(self) -> None:
        guard_fields(self.fields)
        super().full_clean()


class GuardedForm(InputGuard, forms.Form):
    pass
