"""Wall-clock times in the site's time zone (Europe/Berlin), where the clocks change twice a
year: on the last Sunday of March 02:30 does not exist (the clocks go forward from 02:00 to
03:00), on the last Sunday of October it happens twice (first in summer time, then again in
winter time). A time typed or copied for such a night has to say which moment it means.
"""

from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from django.utils import timezone


class WallTime(StrEnum):
    EXISTS = "exists"
    MISSING = "missing"  # skipped when the clocks go forward
    TWICE = "twice"  # repeated when the clocks go back


class Occurrence(StrEnum):
    """Which of the two moments a repeated wall time means (Python's `fold`: 0, then 1)."""

    EARLIER = "earlier"
    LATER = "later"

    @property
    def fold(self) -> int:
        return 0 if self is Occurrence.EARLIER else 1


def _zone(zone: tzinfo | None) -> tzinfo:
    return zone or timezone.get_default_timezone()


def wall_time_kind(naive: datetime, zone: tzinfo | None = None) -> WallTime:
    """Whether the wall time exists once, not at all or twice in the zone."""
    zone = _zone(zone)
    earlier = naive.replace(tzinfo=zone, fold=0)
    later = naive.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return WallTime.EXISTS
    # A repeated time comes back as itself from UTC; a skipped one as another time.
    try:
        back = earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    except OverflowError:  # the first or last day of the calendar: no clocks change there
        return WallTime.EXISTS
    return WallTime.TWICE if back == naive.replace(fold=0) else WallTime.MISSING


def clocks_go_forward(naive: datetime, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    """For a skipped wall time: the wall times the clocks jump from and to (02:00, 03:00)."""
    zone = _zone(zone)
    before = naive.replace(tzinfo=zone, fold=0).utcoffset() or timedelta(0)
    after = naive.replace(tzinfo=zone, fold=1).utcoffset() or timedelta(0)
    # The change happens between these two instants; find its minute.
    moment = (naive - after).replace(tzinfo=UTC)
    while moment.astimezone(zone).utcoffset() != after:
        moment += timedelta(minutes=1)
    wall = moment.replace(tzinfo=None)
    return wall + before, wall + after


def first_moment_from(naive: datetime, zone: tzinfo | None = None) -> datetime:
    """The moment a wall time stands for; a skipped one becomes the same time after the
    change (02:30 → 03:30), a repeated one its earlier occurrence."""
    zone = _zone(zone)
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def occurrence_of(moment: datetime, zone: tzinfo | None = None) -> Occurrence:
    """Which occurrence of its wall time an aware moment is."""
    local = moment.astimezone(_zone(zone))
    return Occurrence.LATER if local.fold else Occurrence.EARLIER
