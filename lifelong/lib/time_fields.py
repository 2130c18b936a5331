"""Moments typed as wall-clock time in Europe/Berlin (the site's time zone), and what a form
says when such a time does not exist or happens twice that night (`lib/wall_time.py`).

Django's own fields refuse both with one generic sentence ("… couldn't be interpreted in
time zone Europe/Berlin; it may be ambiguous or it may not exist."). Here a skipped time is
refused with the way out (the same time an hour later), and a repeated one asks which of
the two is meant with a choice (`occurrence_field`) that the form adds only then.
"""

from datetime import UTC, date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import BaseTemporalField
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lifelong.lib.forms import YEAR_MAX, YEAR_MIN, sane_date
from lifelong.lib.wall_time import (
    Occurrence,
    WallTime,
    clocks_go_forward,
    first_moment_from,
    wall_time_kind,
)

OCCURRENCE_SUFFIX = "_occurrence"


def _day(naive: datetime) -> str:
    return formats.date_format(naive.date(), "DATE_FORMAT")


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def local_moment(naive: datetime, occurrence: Occurrence | None = None) -> datetime:
    """The moment a wall time in Europe/Berlin stands for; a ValidationError that says why
    when it does not exist, or when it happens twice and `occurrence` does not say which."""
    kind = wall_time_kind(naive)
    if kind is WallTime.MISSING:
        start, end = clocks_go_forward(naive)
        raise ValidationError(
            _(
                "%(time)s on %(date)s does not exist in German time: the clocks go forward "
                "from %(start)s to %(end)s. Enter %(instead)s or another time."
            ),
            code="time_missing",
            params={
                "time": _clock(naive),
                "date": _day(naive),
                "start": _clock(start),
                "end": _clock(end),
                "instead": _clock(first_moment_from(naive)),
            },
        )
    if kind is WallTime.TWICE and occurrence is None:
        raise ValidationError(
            _(
                "%(time)s on %(date)s happens twice in German time. Choose the earlier "
                "(summer time, CEST) or the later (winter time, CET)."
            ),
            code="time_twice",
            params={"time": _clock(naive), "date": _day(naive)},
        )
    fold = occurrence.fold if kind is WallTime.TWICE and occurrence else 0
    # In UTC: Python never finds a moment of the repeated hour equal to one in another zone
    # (PEP 495), the saved one included.
    return naive.replace(tzinfo=timezone.get_default_timezone(), fold=fold).astimezone(UTC)


def repeated(naive: datetime | None) -> bool:
    return naive is not None and wall_time_kind(naive) is WallTime.TWICE


def occurrence_field(naive: datetime) -> forms.ChoiceField:
    """The choice between the two moments of a repeated wall time."""
    return forms.ChoiceField(
        label=gettext("Which %(time)s on %(date)s?") % {"time": _clock(naive), "date": _day(naive)},
        choices=[
            (Occurrence.EARLIER.value, _("The earlier, still in summer time (CEST)")),
            (Occurrence.LATER.value, _("The later, already in winter time (CET)")),
        ],
        widget=forms.RadioSelect,
        required=False,  # without a choice the time itself says what is missing
    )


def chosen_occurrence(value: object) -> Occurrence | None:
    try:
        return Occurrence(str(value))
    except ValueError:
        return None


class LocalDateTimeField(forms.DateTimeField):
    """A date and time in the site's time zone, typed in the browser's own picker. A
    repeated time takes the `occurrence` its form read from the choice beside it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    occurrence: Occurrence | None = None

    def wall_time(self, value: Any) -> datetime | None:
        """What was typed, as it reads on the clock (or an aware moment as it came); None
        for nothing; a ValidationError for what is no date and time at all."""
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, time.min)
        try:
            parsed = parse_datetime(str(value).strip())
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if parsed is None:
            # The other formats Django accepts (DATETIME_INPUT_FORMATS), read as typed.
            parsed = BaseTemporalField.to_python(self, value)
        return parsed

    def to_python(self, value: Any) -> datetime | None:
        moment = self.wall_time(value)
        if moment is None or timezone.is_aware(moment):
            return moment
        sane_date(moment)  # years the time zone can count with, before it is asked
        return local_moment(moment, self.occurrence)

    def typed_wall_time(self, value: Any) -> datetime | None:
        """The wall time typed, or None when it cannot be read (the field says why later)."""
        try:
            moment = self.wall_time(value)
        except ValidationError:
            return None
        if moment is None or timezone.is_aware(moment):
            return None
        return moment if YEAR_MIN <= moment.year <= YEAR_MAX else None
