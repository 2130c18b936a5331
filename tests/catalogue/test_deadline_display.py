"""A deadline as a person in Bochum reads it: the day alone when applications close at the
end of it, else the day and the time (which is when the form closes), in German time; and
English dates that name their month, never 12/01/2026 or 1 a.m."""

import re
from datetime import datetime

import pytest
import time_machine
from django.utils import translation

from lifelong.lib.display import deadline
from tests.enrolment.helpers import apply, make_open_edition, make_organiser
from tests.factories import BERLIN, berlin, make_edition

pytestmark = pytest.mark.django_db

END_OF_DAY = datetime(2026, 10, 25, 23, 59, 59, tzinfo=BERLIN)
AT_HALF_PAST_TWO = berlin(2026, 10, 25, 2, 30)  # the second 02:30 of that night


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("en", END_OF_DAY, "25 October 2026"),
        ("de", END_OF_DAY, "25.10.2026"),
        ("en", END_OF_DAY.replace(second=0), "25 October 2026"),
        ("en", AT_HALF_PAST_TWO, "25 October 2026, 02:30"),
        ("de", AT_HALF_PAST_TWO, "25.10.2026, 02:30 Uhr"),
        ("en", berlin(2026, 10, 25, 0, 0), "25 October 2026, 00:00"),
    ],
)
def test_it_shows_the_time_unless_the_deadline_is_the_end_of_the_day(language, moment, expected):
    with translation.override(language):
        assert deadline(moment) == expected


def test_it_shows_the_deadline_in_german_time_whatever_the_moment_was_made_in():
    in_utc = datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN).astimezone(tz=None)
    with translation.override("en"):
        assert deadline(in_utc) == "25 October 2026, 01:30"


@pytest.fixture
def closing_at_half_past_two():
    return make_edition(
        first_session=berlin(2026, 11, 10, 18),
        applications_open_at=berlin(2026, 6, 1, 9),
        applications_close_at=AT_HALF_PAST_TWO,
    )


def _programme_page(client, edition, language):
    with time_machine.travel(berlin(2026, 8, 1, 12), tick=False):
        return client.get(f"/{language}/programmes/{edition.programme.slug}/")


def test_it_shows_the_time_of_the_deadline_on_the_programme_page(client, closing_at_half_past_two):
    english = text_of(_programme_page(client, closing_at_half_past_two, "en"))
    assert "Applications close on 25 October 2026, 02:30" in english
    german = text_of(_programme_page(client, closing_at_half_past_two, "de"))
    assert "Bewerbung möglich bis 25.10.2026, 02:30 Uhr" in german


def test_it_shows_the_time_of_the_deadline_in_the_catalogue(client, closing_at_half_past_two):
    with time_machine.travel(berlin(2026, 8, 1, 12), tick=False):
        text = text_of(client.get("/en/"))
    assert "Deadline 25 October 2026, 02:30" in text


def test_it_shows_an_end_of_day_deadline_as_the_day_on_the_apply_page(client):
    edition = make_open_edition(applications_close_at=berlin(2030, 1, 31, 23, 59))
    client.force_login(make_organiser(edition))
    text = text_of(client.get(f"/en/editions/{edition.pk}/apply/"))
    assert "Deadline: 31 January 2030 " in text
    assert "23:59" not in text


def test_it_writes_unambiguous_english_dates_on_the_applications_page(client):
    with time_machine.travel(berlin(2026, 11, 1, 12), tick=False):
        edition = make_open_edition(selection_mode="reviewed")
    client.force_login(make_organiser(edition))
    with time_machine.travel(berlin(2026, 12, 1, 1), tick=False):
        apply(edition, full_name="Ada Early")
        response = client.get(f"/en/staff/editions/{edition.pk}/applications/")
    text = text_of(response)
    assert "1 December 2026, 01:00" in text
    assert "12/01/2026" not in text
    assert "01/12/2026" not in text
    assert "a.m." not in text
