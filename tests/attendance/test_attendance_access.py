"""Who reaches which attendance page. A check-in helper sees only the lists of the editions
they are assigned to and records attendance there, nothing else; other institutions'
staff and participants see nothing (404, as if it did not exist)."""

import pytest

from lifelong.accounts.models import Membership
from lifelong.attendance.models import Attendance, CheckinHelper
from tests.attendance.helpers import make_day, make_helper, make_participant
from tests.enrolment.helpers import make_open_edition, make_organiser, make_user
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return make_day()


@pytest.fixture
def person(day):
    return make_participant(day, "Ada Lovelace")


def recording_pages(day, person):
    return [
        ("get", f"/en/staff/sessions/{day.pk}/desk/"),
        ("post", f"/en/staff/sessions/{day.pk}/desk/{person.pk}/present/"),
        ("get", f"/en/staff/sessions/{day.pk}/room/"),
        ("get", f"/en/staff/sessions/{day.pk}/room/code/"),
        ("get", f"/en/staff/sessions/{day.pk}/sheet.pdf"),
        ("get", f"/en/staff/sessions/{day.pk}/paper/"),
    ]


def organiser_pages(day, person):
    return [
        ("get", f"/en/staff/sessions/{day.pk}/"),
        ("post", f"/en/staff/sessions/{day.pk}/correct/{person.pk}/"),
        ("post", f"/en/staff/sessions/{day.pk}/close/"),
        ("get", f"/en/staff/editions/{day.edition.pk}/attendance/"),
        ("get", f"/en/staff/editions/{day.edition.pk}/attendance.csv"),
        ("get", f"/en/staff/editions/{day.edition.pk}/attendance.xlsx"),
        ("get", f"/en/staff/editions/{day.edition.pk}/"),
    ]


def status(client, method, url):
    return getattr(client, method)(url).status_code


def test_an_organiser_reaches_every_attendance_page(client, day, person):
    client.force_login(make_organiser(day.edition))
    for method, url in recording_pages(day, person) + organiser_pages(day, person):
        assert status(client, method, url) in (200, 302), url


def test_an_assigned_helper_records_attendance_and_nothing_else(client, day, person):
    client.force_login(make_helper(day.edition))
    for method, url in recording_pages(day, person):
        assert status(client, method, url) in (200, 302), url
    for method, url in organiser_pages(day, person):
        assert status(client, method, url) == 404, url
    assert client.get("/en/staff/checkin/").status_code == 200
    assert client.get("/en/staff/", follow=False)["Location"].endswith("/en/staff/checkin/")


def test_a_helper_sees_no_edition_they_are_not_assigned_to(client, day, person):
    helper = make_helper(day.edition)
    other_day = make_day()  # another institution's edition
    institution = day.edition.programme.institution
    same_institution = make_day(make_open_edition(programme=make_programme(institution)))
    client.force_login(helper)
    for session in (other_day, same_institution):
        assert client.get(f"/en/staff/sessions/{session.pk}/desk/").status_code == 404
    sessions = client.get("/en/staff/checkin/").content.decode()
    assert f"/staff/sessions/{day.pk}/desk/" in sessions
    assert f"/staff/sessions/{same_institution.pk}/desk/" not in sessions


def test_an_assignment_without_the_check_in_role_gives_no_access(client, day, person):
    """Assigned once, but no longer staff of the institution: the lists are closed."""
    helper = make_helper(day.edition)
    Membership.objects.filter(user=helper).delete()
    assert CheckinHelper.objects.filter(user=helper).exists()
    client.force_login(helper)
    for method, url in recording_pages(day, person):
        assert status(client, method, url) == 404, url


@pytest.mark.parametrize("who", ["outsider organiser", "participant", "stranger"])
def test_others_see_nothing(client, day, person, who):
    if who == "outsider organiser":
        user = make_organiser(make_day().edition, email="organiser@other.example")
    elif who == "participant":
        user = person.applicant
    else:
        user = make_user()
    client.force_login(user)
    for method, url in recording_pages(day, person) + organiser_pages(day, person):
        assert status(client, method, url) == 404, url
    assert not Attendance.objects.exists()


def test_visitors_are_sent_to_sign_in(client, day, person):
    for method, url in recording_pages(day, person) + organiser_pages(day, person):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
