"""Times the organisers type in German time on the nights the clocks change: 02:30 on the last
Sunday of March does not exist, 02:30 on the last Sunday of October happens twice. The form
says which of the two it is and the way out, never Django's generic sentence; a deadline
typed without a time is the end of its day."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from lifelong.catalogue.models import Edition, Session
from tests.factories import berlin, make_edition, make_programme
from tests.office.staff_helpers import edition_data, organiser_of, page

pytestmark = pytest.mark.django_db

GENERIC = "couldn"  # Django's "… couldn’t be interpreted in time zone …"
NOW = berlin(2027, 1, 10, 12)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def edition():
    """Days from 20 November 2027; applications from January."""
    return make_edition(
        label="2027/28",
        first_session=berlin(2027, 11, 20, 18),
        applications_open_at=berlin(2027, 1, 5, 9),
        applications_close_at=berlin(2027, 11, 1, 12),
    )


@pytest.fixture
def organiser(client, edition):
    user = organiser_of(edition.programme.institution)
    client.force_login(user)
    return user


def edit(client, edition, **changes):
    return client.post(f"/en/staff/editions/{edition.pk}/edit/", edition_data(edition, **changes))


def deadline_of(edition) -> datetime:
    return Edition.objects.get(pk=edition.pk).applications_close_at


def test_it_closes_at_the_end_of_the_day_when_no_time_is_typed(client):
    programme = make_programme()
    client.force_login(organiser_of(programme.institution))
    response = client.post(
        f"/en/staff/programmes/{programme.pk}/editions/new/",
        {
            "label": "2027/28",
            "language": "de",
            "applications_open_at": "2027-06-01T09:00",
            "applications_close_at": "2027-09-02",
            "applications_close_at_time": "",
            "selection_mode": "first_come",
            "capacity": "30",
            "offer_hours": "72",
            "fee": "0",
        },
    )
    assert response.status_code == 302
    deadline = Edition.objects.get().applications_close_at
    assert timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M:%S") == "2027-09-02 23:59:59"
    assert deadline == datetime(2027, 9, 2, 21, 59, 59, tzinfo=UTC)  # summer time


def test_it_shows_an_end_of_day_deadline_as_a_day_without_a_time(client, organiser, edition):
    Edition.objects.filter(pk=edition.pk).update(
        applications_close_at=berlin(2027, 11, 1, 23, 59).replace(second=59)
    )
    form = client.get(f"/en/staff/editions/{edition.pk}/edit/").content.decode()
    assert 'type="date" name="applications_close_at" value="2027-11-01"' in form
    time_input = re.search(r'<input type="time" name="applications_close_at_time"[^>]*>', form)
    assert time_input is not None
    assert "value=" not in time_input.group()
    assert "A deadline without a time (or at 23:59) means the end of that day" in form


def test_it_keeps_a_typed_time(client, organiser, edition):
    response = edit(
        client, edition, applications_close_at="2027-11-01", applications_close_at_time="02:30"
    )
    assert response.status_code == 302
    assert deadline_of(edition) == berlin(2027, 11, 1, 2, 30)


def test_it_refuses_a_deadline_the_clocks_skip_and_names_the_way_out(client, organiser, edition):
    response = edit(
        client, edition, applications_close_at="2027-03-28", applications_close_at_time="02:30"
    )
    assert response.status_code == 422
    text = page(response)
    assert (
        "02:30 on 28 March 2027 does not exist in German time: the clocks go forward from "
        "02:00 to 03:00. Enter 03:30 or another time."
    ) in text
    assert GENERIC not in text
    assert deadline_of(edition) == berlin(2027, 11, 1, 12)


def test_it_says_so_in_german(client, organiser, edition):
    response = client.post(
        f"/de/staff/editions/{edition.pk}/edit/",
        edition_data(
            edition, applications_close_at="2027-03-28", applications_close_at_time="02:30"
        ),
    )
    text = page(response)
    assert (
        "02:30 Uhr am 28.03.2027 gibt es in deutscher Zeit nicht: Die Uhren werden von 02:00 "
        "auf 03:00 Uhr vorgestellt. Geben Sie 03:30 Uhr oder eine andere Uhrzeit ein."
    ) in text


def test_it_asks_which_of_a_repeated_time_is_meant(client, organiser, edition):
    response = edit(
        client, edition, applications_close_at="2027-10-31", applications_close_at_time="02:30"
    )
    assert response.status_code == 422
    text = page(response)
    assert (
        "02:30 on 31 October 2027 happens twice in German time. Choose the earlier (summer "
        "time, CEST) or the later (winter time, CET)."
    ) in text
    assert GENERIC not in text
    assert "Which 02:30 on 31 October 2027?" in text
    assert 'name="applications_close_at_occurrence" value="earlier"' in response.content.decode()
    assert deadline_of(edition) == berlin(2027, 11, 1, 12)


@pytest.mark.parametrize(
    ("occurrence", "utc_hour"), [("earlier", 0), ("later", 1)]
)  # 02:30 CEST is 00:30 UTC; 02:30 CET is 01:30 UTC
def test_it_stores_the_repeated_time_chosen(client, organiser, edition, occurrence, utc_hour):
    response = edit(
        client,
        edition,
        applications_close_at="2027-10-31",
        applications_close_at_time="02:30",
        applications_close_at_occurrence=occurrence,
    )
    assert response.status_code == 302
    assert deadline_of(edition) == datetime(2027, 10, 31, utc_hour, 30, tzinfo=UTC)


def test_it_offers_no_choice_where_the_time_happens_once(client, organiser, edition):
    content = client.get(f"/en/staff/editions/{edition.pk}/edit/").content.decode()
    assert "_occurrence" not in content


def test_it_says_the_same_for_the_opening_of_applications(client, organiser, edition):
    response = edit(client, edition, applications_open_at="2027-03-28T02:15")
    assert response.status_code == 422
    text = page(response)
    assert "02:15 on 28 March 2027 does not exist in German time" in text
    assert "Enter 03:15 or another time." in text
    assert GENERIC not in text


def test_it_says_the_same_for_a_programme_day(client, organiser, edition):
    url = f"/en/staff/editions/{edition.pk}/sessions/new/"
    data = {"starts_at": "2027-10-31T02:30", "ends_at": "2027-10-31T05:00", "place": "Bochum"}
    Edition.objects.filter(pk=edition.pk).update(applications_close_at=berlin(2027, 10, 1))
    response = client.post(url, data)
    assert response.status_code == 422
    assert "02:30 on 31 October 2027 happens twice in German time." in page(response)
    response = client.post(url, {**data, "starts_at_occurrence": "later"})
    assert response.status_code == 302
    day = Session.objects.get(edition=edition, place="Bochum", starts_at__month=10)
    assert day.starts_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
