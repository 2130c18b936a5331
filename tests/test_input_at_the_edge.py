"""What the outside probe typed into the site (its finding L3): line breaks in one-line
fields, dates in year 1 or 9999, ids beyond 64 bits, a 1 MB query to return to. Each is a
form error, a 404 or dropped; what was saved before the forms refused it breaks nothing."""

from datetime import UTC, datetime

import icalendar
import pytest
from django.core import mail

from lifelong.catalogue.models import Programme, Session
from lifelong.enrolment.models import StaffMessage
from lifelong.lib.forms import plain_text, sane_date, single_line
from lifelong.lib.text import one_line
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_user, run_tasks

pytestmark = pytest.mark.django_db

BROKEN = "Wissen\r\nBcc: everyone@example.org"


@pytest.fixture
def edition():
    return make_open_edition(capacity=1)


@pytest.fixture
def organiser(client, edition):
    user = make_organiser(edition)
    client.force_login(user)
    return user


def test_the_shared_validators_refuse_control_characters_and_odd_years():
    from django.core.exceptions import ValidationError

    for bad in ("a\r\nb", "a\x00b", "a\u2028b", "\x1b[31m"):
        with pytest.raises(ValidationError):
            single_line(bad)
    single_line("Zoë Łukasiewicz-Öztürk 😀 \u202eRTL")
    plain_text("two\r\nlines\tand a tab")
    with pytest.raises(ValidationError):
        plain_text("a\x00b")
    for year in (1, 1899, 2201, 9999):
        with pytest.raises(ValidationError):
            sane_date(datetime(year, 12, 31, tzinfo=UTC))
    sane_date(datetime(2026, 1, 1, tzinfo=UTC))
    assert one_line(" A\r\n  B\x00C ") == "A B C"


def test_a_line_break_in_a_day_title_is_a_form_error(client, organiser, edition):
    response = client.post(
        f"/en/staff/editions/{edition.pk}/sessions/new/",
        {"starts_at": "2030-04-02T18:00", "ends_at": "2030-04-02T21:00", "title_en": BROKEN},
    )
    assert response.status_code == 422
    assert "on one line" in response.content.decode()


@pytest.mark.parametrize("moment", ["9999-12-31T10:00", "0001-01-01T00:00", "1899-12-31T10:00"])
def test_a_day_out_of_range_is_a_form_error(client, organiser, edition, moment):
    count = edition.sessions.count()
    response = client.post(
        f"/en/staff/editions/{edition.pk}/sessions/new/",
        {"starts_at": moment, "ends_at": moment},
    )
    assert response.status_code == 422
    assert "between the years 1900 and 2200" in response.content.decode()
    assert edition.sessions.count() == count


def test_a_day_saved_in_9999_does_not_break_the_new_day_page(client, organiser, edition):
    last = edition.sessions.order_by("-starts_at").first()
    Session.objects.filter(pk=last.pk).update(
        starts_at=datetime(9999, 12, 31, 10, tzinfo=UTC),
        ends_at=datetime(9999, 12, 31, 12, tzinfo=UTC),
    )
    assert client.get(f"/en/staff/editions/{edition.pk}/sessions/new/").status_code == 200


def test_a_title_saved_with_a_line_break_breaks_neither_calendar_nor_e_mails(client, edition):
    Programme.objects.filter(pk=edition.programme_id).update(title_en=BROKEN, title_de=BROKEN)
    response = client.get(
        f"/en/programmes/{edition.programme.slug}/editions/{edition.pk}/calendar.ics"
    )
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "\n" not in str(calendar.walk("VEVENT")[0]["summary"])
    apply(edition, make_user(preferred_language="en"))  # accepted: e-mail with a calendar
    apply(edition, make_user(preferred_language="de"))  # waitlisted
    run_tasks()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        message.message()  # what the mail server gets: no BadHeaderError


def test_a_line_break_in_a_message_subject_is_a_form_error(client, organiser, edition):
    application = apply(edition)
    client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"action": "message", "application": application.pk, "subject": BROKEN, "body": "Hi"},
    )
    assert not StaffMessage.objects.exists()


@pytest.mark.parametrize("huge", [str(2**63), str(2**64), "9" * 30])
def test_ids_beyond_64_bits_are_not_found(client, organiser, edition, huge):
    assert client.get(f"/en/staff/editions/{huge}/").status_code == 404
    assert client.get(f"/en/staff/sessions/{huge}/desk/").status_code == 404
    assert client.post(f"/en/staff/sessions/{huge}/desk/pass/").status_code == 404


def test_posted_ids_beyond_64_bits_are_refused_quietly(client, organiser, edition):
    application = apply(edition)
    response = client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"action": "reject", "application": [str(2**63), "²", str(application.pk)]},
    )
    assert response.status_code == 302
    programme = client.post("/en/staff/programmes/new/", {"partners": [str(2**63)]})
    assert programme.status_code == 422


def test_a_long_return_query_is_dropped_and_a_short_one_kept(client, organiser, edition):
    application = apply(edition)
    url = f"/en/staff/editions/{edition.pk}/applications/act/"
    data = {"action": "reject", "application": application.pk}
    long = client.post(url, {**data, "return_query": "state=x&" * 130_000})
    assert long["Location"] == f"/en/staff/editions/{edition.pk}/applications/"
    short = client.post(url, {**data, "return_query": "state=submitted"})
    assert short["Location"].endswith("?state=submitted")


def test_a_control_character_in_an_applicants_name_is_a_form_error(client, edition):
    person = make_user()
    client.force_login(person)
    response = client.post(
        f"/en/editions/{edition.pk}/apply/",
        {"full_name": '\x01=HYPERLINK("http://x/","a")', "consent": "on"},
    )
    assert response.status_code == 422
    assert not edition.applications.filter(applicant=person).exists()
