"""Self check-in with the room's QR code: only fresh codes, only during the day, only for
people with a place, once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from lifelong.attendance.codes import ROOM_CODE_SECONDS, room_code
from lifelong.attendance.models import Attendance
from tests.attendance.helpers import make_day, make_participant
from tests.enrolment.helpers import apply, make_open_edition, make_user

pytestmark = pytest.mark.django_db


def checkin_url(session, at=None) -> str:
    return f"/checkin/{room_code(session_id=session.pk, at=at or timezone.now())}/"


def scan(client, url, **headers):
    """Scan the code as a phone does: open the page, then tap its button (if it offers one)."""
    page = client.get(url, **headers)
    if page.status_code != 200 or "scan" not in (page.context or {}):
        return page
    return client.post(url, {"scan": page.context["scan"]}, **headers)


@pytest.fixture
def day():
    return make_day()


@pytest.fixture
def person(day):
    return make_participant(day, "Zoë Łukasiewicz-Öztürk")


def test_it_checks_in_a_participant_with_a_fresh_code(client, day, person):
    client.force_login(person.applicant)
    response = scan(client, checkin_url(day), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "You are checked in" in response.content.decode()
    record = Attendance.objects.get(session=day)
    assert (record.application, record.status, record.method) == (person, "present", "self")
    assert record.recorded_by == person.applicant


def test_it_refuses_an_expired_code(client, day, person):
    client.force_login(person.applicant)
    shown = timezone.now()
    with time_machine.travel(shown + timedelta(seconds=2 * ROOM_CODE_SECONDS + 1), tick=False):
        response = scan(client, checkin_url(day, at=shown), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_accepts_a_code_scanned_just_after_the_screen_changed(client, day, person):
    client.force_login(person.applicant)
    shown = timezone.now()
    with time_machine.travel(shown + timedelta(seconds=ROOM_CODE_SECONDS), tick=False):
        response = scan(client, checkin_url(day, at=shown))
    assert response.status_code == 200
    assert Attendance.objects.filter(session=day).count() == 1


def test_it_refuses_a_replayed_code_once_it_is_stale(client, day, person):
    """A photo of the screen shared later: the same code that worked a minute ago fails."""
    other = make_participant(day, "Nguyễn Thị Minh Khai")
    url = checkin_url(day)
    client.force_login(person.applicant)
    assert scan(client, url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        client.force_login(other.applicant)
        assert scan(client, url).status_code == 400
    assert list(Attendance.objects.values_list("application", flat=True)) == [person.pk]


def test_it_checks_in_once_when_the_same_code_is_used_twice(client, day, person):
    client.force_login(person.applicant)
    url = checkin_url(day)
    scan(client, url)
    second = scan(client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert "already checked in" in second.content.decode()
    assert Attendance.objects.count() == 1


def test_it_refuses_a_forged_or_altered_code(client, day, person):
    client.force_login(person.applicant)
    genuine = room_code(session_id=day.pk, at=timezone.now())
    window = genuine.split(":")[0].split(".")[1]
    altered = genuine.replace(f"{day.pk}.{window}", f"{day.pk + 1}.{window}")
    for code in (altered, f"{day.pk}.{window}:forged", "nonsense"):
        response = scan(client, f"/checkin/{code}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_refuses_the_code_of_another_editions_session(client, day, person):
    elsewhere = make_day()
    client.force_login(person.applicant)
    response = scan(client, checkin_url(elsewhere), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "do not hold a confirmed place" in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_refuses_the_code_of_another_day_of_the_same_edition(client, day, person):
    """Next week's session of the same edition: its code cannot be used today."""
    next_week = day.edition.sessions.exclude(pk=day.pk).order_by("starts_at").first()
    client.force_login(person.applicant)
    response = scan(client, checkin_url(next_week), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Check-in opens at" in response.content.decode()
    assert not Attendance.objects.filter(session=next_week).exists()


@pytest.mark.parametrize(
    ("offset", "allowed"),
    [
        (timedelta(minutes=-31), False),  # before the 30-minute margin
        (timedelta(minutes=-29), True),
        (timedelta(hours=3, minutes=29), True),
        (timedelta(hours=3, minutes=31), False),  # after the margin behind the end
    ],
)
def test_it_allows_check_in_only_during_the_session_and_its_margin(client, offset, allowed):
    day = make_day(started_minutes_ago=0)
    person = make_participant(day, "Ada Lovelace")
    client.force_login(person.applicant)
    with time_machine.travel(day.starts_at + offset, tick=False):
        response = scan(client, checkin_url(day), HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code == 200) is allowed
    assert Attendance.objects.filter(session=day).exists() is allowed


def test_the_margin_is_a_setting(client, settings):
    settings.SELF_CHECKIN_MARGIN_MINUTES = 5
    day = make_day(started_minutes_ago=0)
    person = make_participant(day, "Ada Lovelace")
    client.force_login(person.applicant)
    with time_machine.travel(day.starts_at - timedelta(minutes=10), tick=False):
        assert scan(client, checkin_url(day)).status_code == 400


def test_it_refuses_someone_without_a_confirmed_place(client):
    edition = make_open_edition(capacity=1)
    day = make_day(edition)
    make_participant(day, "First Person")
    waiting = apply(edition, full_name="Second Person")
    assert waiting.state == "waitlisted"
    client.force_login(waiting.applicant)
    response = scan(client, checkin_url(day), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert not Attendance.objects.exists()
    client.force_login(make_user())
    assert scan(client, checkin_url(day)).status_code == 400
    assert not Attendance.objects.exists()


def test_it_completes_the_scan_after_signing_in(client, day, person):
    response = scan(client, checkin_url(day))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] and "next=/checkin/" in response["Location"]
    assert not Attendance.objects.exists()
    # Signing in by e-mail code takes a few minutes: the code on the screen is long gone.
    with time_machine.travel(timezone.now() + timedelta(minutes=4), tick=False):
        client.force_login(person.applicant)
        done = scan(client, "/checkin/", HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200
    assert Attendance.objects.get().application == person
    # The remembered scan is used once.
    assert scan(client, "/checkin/").status_code == 400


def test_it_forgets_a_scan_not_completed_within_a_quarter_of_an_hour(client, day, person):
    scan(client, checkin_url(day))
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        client.force_login(person.applicant)
        assert scan(client, "/checkin/").status_code == 400
    assert not Attendance.objects.exists()


def test_it_refuses_once_the_day_is_closed(client, day, person):
    from lifelong.attendance.services import session_close

    session_close(session=day, actor=person.applicant)
    Attendance.objects.all().delete()
    client.force_login(person.applicant)
    assert scan(client, checkin_url(day)).status_code == 400
    assert not Attendance.objects.exists()


def test_it_records_nothing_until_the_participant_taps_the_button(client, day, person):
    client.force_login(person.applicant)
    page = client.get(checkin_url(day), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Check in now" in page.content.decode()
    assert not Attendance.objects.exists()
    client.post(checkin_url(day), {"scan": page.context["scan"]})
    assert Attendance.objects.filter(session=day, application=person).count() == 1


def test_it_refuses_the_button_of_someone_elses_scan(client, day, person):
    other = make_participant(day, "Somebody Else")
    client.force_login(other.applicant)
    token = client.get(checkin_url(day)).context["scan"]
    client.force_login(person.applicant)
    response = client.post(checkin_url(day), {"scan": token})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_it_refuses_a_button_tapped_too_long_after_the_scan(client, day, person):
    client.force_login(person.applicant)
    token = client.get(checkin_url(day)).context["scan"]
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert client.post(checkin_url(day), {"scan": token}).status_code == 400
    assert not Attendance.objects.exists()


def test_it_says_why_before_offering_a_button_that_could_not_work(client):
    day = make_day(started_minutes_ago=2 * 24 * 60)
    person = make_participant(day, "Late Comer")
    client.force_login(person.applicant)
    page = client.get(checkin_url(day), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "Not checked in" in page.content.decode()
    assert "Check in now" not in page.content.decode()
