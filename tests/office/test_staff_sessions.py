"""The organisers' programme days: adding, changing and removing one; a day before the
deadline or ending before it starts is refused on its field; a day with attendance stays."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.attendance.models import Attendance
from lifelong.audit.models import AuditEvent
from lifelong.catalogue.models import Edition, Session
from tests.certificates.helpers import attended, participant
from tests.enrolment.helpers import make_open_edition
from tests.factories import berlin, make_edition, make_programme
from tests.office.staff_helpers import local, organiser_of, outsiders, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """Applications from 1 January to 1 March 2030; days on Tuesdays from 5 March, 10:00."""
    return make_edition(
        label="2030",
        first_session=berlin(2030, 3, 5, 10),
        applications_open_at=berlin(2030, 1, 1, 9),
        applications_close_at=berlin(2030, 3, 1, 12),
    )


@pytest.fixture
def organiser(client, edition):
    user = organiser_of(edition.programme.institution)
    client.force_login(user)
    return user


def day_data(**changes):
    data = {
        "starts_at": "2030-04-02T18:00",
        "ends_at": "2030-04-02T21:00",
        "title_de": "Abschluss",
        "title_en": "Closing day",
        "place": "Bochum, Rathaus",
        "online_url": "",
    }
    data.update(changes)
    return data


def test_it_adds_a_day_and_the_public_page_shows_it(client, organiser, edition):
    public = f"/en/programmes/{edition.programme.slug}/"
    assert "Closing day" not in page(client.get(public))  # now in the page cache
    response = client.post(f"/en/staff/editions/{edition.pk}/sessions/new/", day_data())
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/editions/{edition.pk}/edit/#days"
    day = Session.objects.get(title_en="Closing day")
    # Typed in Berlin time: 18:00 in April is summer time, 16:00 UTC.
    assert day.starts_at == berlin(2030, 4, 2, 18)
    assert day.ends_at == berlin(2030, 4, 2, 21)
    text = page(client.get(public))
    assert "Closing day" in text and "18:00–21:00" in text
    event = AuditEvent.objects.get(action="session.added")
    assert (event.actor, event.subject_id) == (organiser, edition.pk)
    assert event.data["session"] == day.pk


def test_it_suggests_the_day_a_week_after_the_last(client, organiser, edition):
    form = client.get(f"/en/staff/editions/{edition.pk}/sessions/new/").content.decode()
    # The three days are 5, 12 and 19 March, 10:00–14:00.
    assert 'name="starts_at" value="2030-03-26T10:00"' in form
    assert 'name="ends_at" value="2030-03-26T14:00"' in form


def test_it_refuses_a_day_before_the_deadline(client, organiser, edition):
    response = client.post(
        f"/en/staff/editions/{edition.pk}/sessions/new/",
        day_data(starts_at="2030-02-20T18:00", ends_at="2030-02-20T21:00"),
    )
    assert response.status_code == 422
    assert "This day would start before the application deadline" in page(response)
    assert response.context["form"].errors["starts_at"]
    assert edition.sessions.count() == 3
    # A screen reader reads the error with the field: the field points to it by its id.
    html = response.content.decode()
    described = re.search(r'<input[^>]*name="starts_at"[^>]*aria-describedby="([^"]+)"', html)
    assert described is not None and "id_starts_at_error" in described.group(1).split()
    assert 'id="id_starts_at_error"' in html


def test_it_refuses_a_day_before_applications_open(client, organiser, edition):
    response = client.post(
        f"/en/staff/editions/{edition.pk}/sessions/new/",
        day_data(starts_at="2029-12-20T18:00", ends_at="2029-12-20T21:00"),
    )
    assert response.status_code == 422
    assert "A programme day cannot start before applications open" in page(response)
    assert response.context["form"].errors["starts_at"]
    assert edition.sessions.count() == 3


def test_it_refuses_a_day_that_ends_before_it_starts(client, organiser, edition):
    response = client.post(
        f"/en/staff/editions/{edition.pk}/sessions/new/", day_data(ends_at="2030-04-02T17:00")
    )
    assert response.status_code == 422
    assert "A session must end after it starts." in page(response)
    assert response.context["form"].errors["ends_at"]
    assert edition.sessions.count() == 3


def test_it_changes_a_day(client, organiser, edition):
    day = edition.sessions.latest("starts_at")
    form = client.get(f"/en/staff/sessions/{day.pk}/edit/").content.decode()
    assert 'value="2030-03-19T10:00"' in form
    response = client.post(
        f"/en/staff/sessions/{day.pk}/edit/",
        day_data(starts_at=local(day.starts_at), ends_at="2030-03-19T16:00", place="Online"),
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.ends_at, day.place) == (berlin(2030, 3, 19, 16), "Online")
    event = AuditEvent.objects.get(action="session.changed")
    assert event.actor == organiser
    assert event.data["place"] == ["Bochum", "Online"]
    assert "starts_at" not in event.data


def test_it_refuses_to_move_a_day_before_the_deadline(client, organiser, edition):
    day = edition.sessions.earliest("starts_at")
    response = client.post(
        f"/en/staff/sessions/{day.pk}/edit/",
        day_data(starts_at="2030-02-26T10:00", ends_at="2030-02-26T14:00"),
    )
    assert response.status_code == 422
    assert "This day would start before the application deadline" in page(response)
    day.refresh_from_db()
    assert day.starts_at == berlin(2030, 3, 5, 10)


def test_it_removes_a_day_nobody_attended_yet(client, organiser, edition):
    day = edition.sessions.latest("starts_at")
    response = client.post(f"/en/staff/sessions/{day.pk}/delete/", follow=True)
    assert "The day is removed." in page(response)
    assert not Session.objects.filter(pk=day.pk).exists()
    event = AuditEvent.objects.get(action="session.removed")
    assert (event.actor, event.data["session"]) == (organiser, day.pk)


def test_it_keeps_a_day_whose_attendance_was_recorded(client):
    edition = make_open_edition()
    client.force_login(organiser_of(edition.programme.institution))
    attended(participant(edition, "Ana"), ["present"])
    day = edition.sessions.earliest("starts_at")
    edit_page = page(client.get(f"/en/staff/editions/{edition.pk}/edit/"))
    assert "Attendance recorded (1): the day stays." in edit_page
    response = client.post(f"/en/staff/sessions/{day.pk}/delete/", follow=True)
    assert "Attendance has been recorded for this day (1), so it cannot be removed." in page(
        response
    )
    assert Session.objects.filter(pk=day.pk).exists()
    assert Attendance.objects.count() == 1
    assert not AuditEvent.objects.filter(action="session.removed").exists()


def test_it_keeps_the_last_day_of_a_published_edition(client):
    edition = make_open_edition(session_count=1)
    client.force_login(organiser_of(edition.programme.institution))
    day = edition.sessions.get()
    response = client.post(f"/en/staff/sessions/{day.pk}/delete/", follow=True)
    assert "This is the last day of a published edition." in page(response)
    assert Session.objects.filter(pk=day.pk).exists()


def test_it_removes_the_last_day_of_a_draft(client):
    edition = make_open_edition(session_count=1, status=Edition.Status.DRAFT)
    client.force_login(organiser_of(edition.programme.institution))
    client.post(f"/en/staff/sessions/{edition.sessions.get().pk}/delete/")
    assert not edition.sessions.exists()


def test_it_hides_the_days_from_everyone_else(client, edition):
    day = edition.sessions.earliest("starts_at")
    for person in outsiders(edition.programme.institution):
        client.force_login(person)
        assert client.get(f"/en/staff/editions/{edition.pk}/sessions/new/").status_code == 404
        assert client.get(f"/en/staff/sessions/{day.pk}/edit/").status_code == 404
        assert client.post(f"/en/staff/sessions/{day.pk}/edit/", day_data()).status_code == 404
        assert client.post(f"/en/staff/sessions/{day.pk}/delete/").status_code == 404
    assert edition.sessions.count() == 3
    assert not AuditEvent.objects.exists()


def test_it_sends_visitors_to_sign_in(client, edition):
    day = edition.sessions.earliest("starts_at")
    response = client.post(f"/en/staff/sessions/{day.pk}/delete/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Session.objects.filter(pk=day.pk).exists()


def test_it_refuses_a_time_that_happens_twice_when_the_clocks_go_back(client):
    """27 October 2030, 02:30 happens twice in Berlin: the form says so, nothing is saved."""
    edition = make_edition(
        make_programme(),
        applications_open_at=timezone.now(),
        applications_close_at=timezone.now() + timedelta(days=1),
        session_count=0,
    )
    client.force_login(organiser_of(edition.programme.institution))
    response = client.post(
        f"/en/staff/editions/{edition.pk}/sessions/new/",
        day_data(starts_at="2030-10-27T02:30", ends_at="2030-10-27T04:00"),
    )
    assert response.status_code == 422
    assert response.context["form"].errors["starts_at"]
    assert not edition.sessions.exists()


def test_the_edition_log_says_in_words_what_changed(client, organiser, edition):
    client.post(f"/en/staff/editions/{edition.pk}/sessions/new/", day_data())
    day = Session.objects.get(title_en="Closing day")
    client.post(f"/en/staff/sessions/{day.pk}/edit/", day_data(place="Bochum, Audimax"))
    client.post(f"/en/staff/editions/{edition.pk}/unpublish/")
    text = page(client.get(f"/en/staff/editions/{edition.pk}/log/"))
    assert "programme day added: 2030-04-02" in text
    assert "programme day changed: place" in text
    assert "status: Published → Draft" in text
    german = page(client.get(f"/de/staff/editions/{edition.pk}/log/"))
    assert "Programmtag hinzugefügt: 2030-04-02" in german
    assert "Status: Veröffentlicht → Entwurf" in german
