from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from lifelong.catalogue.models import Edition
from tests.enrolment.helpers import apply, make_open_edition, make_user, run_tasks
from tests.factories import berlin, make_edition, make_programme

pytestmark = pytest.mark.django_db


def test_it_downloads_every_session_as_a_valid_icalendar_file(client):
    edition = make_edition(
        make_programme(slug="wissen", title_en="Shaping knowledge"),
        first_session=berlin(2025, 10, 7, 13),
        session_count=5,
    )
    response = client.get(f"/en/programmes/wissen/editions/{edition.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 5
    first = events[0]
    assert first.decoded("dtstart") == datetime(2025, 10, 7, 13, tzinfo=ZoneInfo("Europe/Berlin"))
    assert str(first["summary"]) == "Shaping knowledge: Day 1"
    assert len({str(event["uid"]) for event in events}) == 5


def test_it_carries_the_berlin_time_zone_with_both_offsets(client):
    edition = make_edition(
        make_programme(slug="p"), first_session=berlin(2025, 10, 21, 10), session_count=2
    )  # the second day falls after the DST change
    body = client.get(f"/en/programmes/p/editions/{edition.pk}/calendar.ics").content.decode()
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Berlin" in body
    assert "DTSTART;TZID=Europe/Berlin:20251021T100000" in body
    assert "DTSTART;TZID=Europe/Berlin:20251028T100000" in body
    assert "BEGIN:DAYLIGHT" in body and "BEGIN:STANDARD" in body
    assert "\r\n" in body  # RFC 5545 line endings


def test_it_does_not_serve_a_draft_or_another_programmes_edition(client):
    draft = make_edition(make_programme(slug="a"), status=Edition.Status.DRAFT)
    other = make_edition(make_programme(slug="b"))
    assert client.get(f"/en/programmes/a/editions/{draft.pk}/calendar.ics").status_code == 404
    assert client.get(f"/en/programmes/a/editions/{other.pk}/calendar.ics").status_code == 404


# --- the online meeting link goes only to accepted participants (the probe's L2) ----------

MEETING = "https://meet.example.org/secret-room"


def _online_edition():
    edition = make_open_edition(capacity=1)
    edition.sessions.update(place="", online_url=MEETING)
    return edition


def test_the_public_file_says_online_without_the_link(client):
    edition = _online_edition()
    url = f"/en/programmes/{edition.programme.slug}/editions/{edition.pk}/calendar.ics"
    body = client.get(url).content.decode()
    assert MEETING not in body and "secret-room" not in body
    assert "LOCATION:Online" in body


def test_an_accepted_participant_gets_the_link_in_their_own_file_and_e_mail(client):
    edition = _online_edition()
    person = make_user(preferred_language="en")
    application = apply(edition, person)
    assert application.state == "accepted"
    client.force_login(person)
    response = client.get(f"/en/my/applications/{application.pk}/calendar.ics")
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert {str(event["location"]) for event in events} == {MEETING}
    run_tasks()
    (message,) = mail.outbox
    assert MEETING in message.body
    assert MEETING in str(message.attachments[0][1])


def test_no_one_else_gets_the_participants_file(client):
    edition = _online_edition()
    accepted = apply(edition, make_user())
    waiting_person = make_user()
    waiting = apply(edition, waiting_person)
    assert waiting.state == "waitlisted"
    client.force_login(waiting_person)
    assert client.get(f"/en/my/applications/{waiting.pk}/calendar.ics").status_code == 404
    assert client.get(f"/en/my/applications/{accepted.pk}/calendar.ics").status_code == 404
