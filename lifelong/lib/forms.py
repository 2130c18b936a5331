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

Two things every form shares on the page as well: `error_summary`, the list of problems the
box above a refused form names and links to (templates/forms/_error_summary.html), and
`LongTextField`, a text area whose limit the person sees counted as they type instead of the
browser cutting pasted text silently (js/forms.js).
"""

import re
from datetime import date, timedelta
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import Model
from django.forms.widgets import Widget
from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

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


def text_length(value: str) -> int:
    """The length a person counts, and the page's counter shows: characters (code points,
    like the counter's `Array.from`), a line break one of them although the browser sends
    it as CR LF."""
    return len(value.replace("\r\n", "\n"))


class LengthLimit(MaxLengthValidator):
    """At most so many characters, said with both numbers in the reader's own digits."""

    def __call__(self, value: str) -> None:
        length = text_length(value)
        if length > self.limit_value:
            raise ValidationError(
                _("Please shorten your text to %(limit)s characters (it has %(length)s)."),
                code="max_length",
                params={
                    "limit": number_format(self.limit_value, force_grouping=True),
                    "length": number_format(length, force_grouping=True),
                },
            )


class LongTextField(forms.CharField):
    """A text area with a limit of `max_length` characters that nothing cuts: no `maxlength`
    attribute (the browser would drop the end of a longer paste without a word), but a live
    counter under the field (templates/forms/_field.html, js/forms.js) that says when the text
    is too long, and the same refusal from the server, with the text kept for shortening."""

    counted = True  # read by templates/forms/_field.html

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [
            *(v for v in self.validators if not isinstance(v, MaxLengthValidator)),
            LengthLimit(max_length),
        ]

    def widget_attrs(self, widget: Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-maxlength"] = str(self.max_length)
        return attrs

    def to_python(self, value: Any) -> str | None:
        # Line breaks as the page counted them (a browser sends CR LF).
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if text else text


ErrorSummary = list[tuple[str, str]]  # (the id of the field to go to, or "", the message)


def error_summary(form: forms.BaseForm) -> ErrorSummary:
    """Every problem of a refused form, in the order of the page: those of the whole form
    first, then each field's as "<label>: <message>" with the id of its input (the first
    of a group of radio buttons or check boxes) to link to; a form's `summary_labels` may
    name a field more briefly than its label does. Works for any Django form."""
    summary: ErrorSummary = [("", str(error)) for error in form.non_field_errors()]
    for name in form.fields:
        if name == NON_FIELD_ERRORS or not form.errors.get(name):
            continue
        bound = form[name]
        target = bound.id_for_label or f"{bound.auto_id}_0"
        prefix = summary_prefix(str(getattr(form, "summary_labels", {}).get(name, bound.label)))
        summary += [(target, f"{prefix}{error}") for error in bound.errors]
    return summary


def summary_prefix(label: str) -> str:
    """A field's label as the start of "<label>: <message>": plain text (the consent label
    holds a link), without a final full stop or colon; a question keeps its mark and no
    colon ("Why? This field is required.")."""
    text = " ".join(strip_tags(label).split()).rstrip(".:")
    if not text:
        return ""
    return f"{text} " if text.endswith(("?", "!")) else f"{text}: "


class InputGuard(forms.BaseForm):
    """Guards the form's fields, those added in `__init__` too, before they are cleaned."""

    # A field named in the error summary more briefly than by its label (see error_summary).
    summary_labels: ClassVar[dict[str, StrOrPromise]] = {}

    def full_clean(self) -> None:
        guard_fields(self.fields)
        super().full_clean()

    def error_summary(self) -> ErrorSummary:
        return error_summary(self)


class GuardedForm(InputGuard, forms.Form):
    pass
