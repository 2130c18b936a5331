"""The window's edges, to the second, in Europe/Berlin, across the daylight-saving change."""

from datetime import UTC, timedelta

import pytest
import time_machine

from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import ApplicationState
from tests.enrolment.helpers import apply
from tests.factories import berlin, make_edition

pytestmark = pytest.mark.django_db

# Clocks go back from 03:00 to 02:00 on 25 October 2026; forward on 28 March 2027.
DEADLINE = berlin(2026, 10, 25, 23, 59)
OPENS = berlin(2027, 3, 28, 3, 30)


def _edition(**fields):
    return make_edition(first_session=berlin(2027, 6, 1, 10), **fields)


def test_it_takes_an_application_in_the_last_second():
    edition = _edition(applications_open_at=berlin(2026, 9, 1), applications_close_at=DEADLINE)
    with time_machine.travel(DEADLINE, tick=False):
        assert apply(edition).state == ApplicationState.ACCEPTED


def test_it_refuses_an_application_one_second_late():
    edition = _edition(applications_open_at=berlin(2026, 9, 1), applications_close_at=DEADLINE)
    with (
        time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False),
        pytest.raises(EnrolmentError) as raised,
    ):
        apply(edition)
    assert raised.value.code == "deadline_passed"


def test_it_counts_the_repeated_hour_of_the_autumn_change_as_before_the_deadline():
    # 02:30 happens twice on 25 October; both are before a 03:00 deadline that day.
    deadline = berlin(2026, 10, 25, 3, 0)
    edition = _edition(applications_open_at=berlin(2026, 9, 1), applications_close_at=deadline)
    second_half_past_two = berlin(2026, 10, 25, 2, 30).replace(fold=1)
    with time_machine.travel(second_half_past_two, tick=False):
        assert apply(edition).state == ApplicationState.ACCEPTED
    assert deadline.astimezone(UTC) - second_half_past_two.astimezone(UTC) == timedelta(minutes=30)


def test_it_refuses_before_opening_and_opens_on_time_after_the_spring_change():
    edition = _edition(applications_open_at=OPENS, applications_close_at=berlin(2027, 4, 30))
    with (
        time_machine.travel(OPENS - timedelta(seconds=1), tick=False),
        pytest.raises(EnrolmentError) as raised,
    ):
        apply(edition)
    assert raised.value.code == "window_not_open"
    # 02:00–03:00 does not exist that night: one hour before opening is 01:30 local.
    assert (OPENS.astimezone(UTC) - timedelta(hours=1)).astimezone(OPENS.tzinfo).hour == 1
    with time_machine.travel(OPENS, tick=False):
        assert apply(edition).state == ApplicationState.ACCEPTED
