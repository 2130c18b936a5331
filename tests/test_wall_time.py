"""Wall-clock times in Europe/Berlin on the nights the clocks change (lib/wall_time.py)."""

from datetime import date, datetime, time

import pytest

from lifelong.lib.wall_time import (
    Occurrence,
    WallTime,
    clocks_go_forward,
    first_moment_from,
    occurrence_of,
    wall_time_kind,
)
from tests.factories import BERLIN


def wall(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time, naive: which moment it is, is the question."""
    return datetime.combine(date(year, month, day), time(hour, minute))


@pytest.mark.parametrize(
    ("wall_time", "kind"),
    [
        (wall(2027, 3, 28, 1, 59), WallTime.EXISTS),
        (wall(2027, 3, 28, 2, 0), WallTime.MISSING),
        (wall(2027, 3, 28, 2, 30), WallTime.MISSING),
        (wall(2027, 3, 28, 3, 0), WallTime.EXISTS),
        (wall(2027, 10, 31, 1, 59), WallTime.EXISTS),
        (wall(2027, 10, 31, 2, 0), WallTime.TWICE),
        (wall(2027, 10, 31, 2, 30), WallTime.TWICE),
        (wall(2027, 10, 31, 3, 0), WallTime.EXISTS),
        (wall(2026, 10, 25, 2, 30), WallTime.TWICE),
        (wall(1, 1, 1), WallTime.EXISTS),
        (wall(9999, 12, 31, 23, 59), WallTime.EXISTS),
    ],
)
def test_it_tells_skipped_and_repeated_times_from_the_others(wall_time, kind):
    assert wall_time_kind(wall_time, BERLIN) is kind


def test_it_names_the_hour_the_clocks_skip_and_the_way_out():
    skipped = wall(2027, 3, 28, 2, 30)
    assert clocks_go_forward(skipped, BERLIN) == (
        wall(2027, 3, 28, 2, 0),
        wall(2027, 3, 28, 3, 0),
    )
    assert first_moment_from(skipped, BERLIN).strftime("%H:%M %Z") == "03:30 CEST"


def test_it_takes_the_earlier_of_a_repeated_time_and_tells_which_a_moment_is():
    first = first_moment_from(wall(2027, 10, 31, 2, 30), BERLIN)
    assert first.strftime("%H:%M %Z") == "02:30 CEST"
    later = datetime(2027, 10, 31, 2, 30, tzinfo=BERLIN, fold=1)
    assert (occurrence_of(first, BERLIN), occurrence_of(later, BERLIN)) == (
        Occurrence.EARLIER,
        Occurrence.LATER,
    )
