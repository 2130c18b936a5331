"""Copying an edition for its next run: a draft with the audiences, days, questions,
certificate rule and assessed work, its dates moved by calendar (wall-clock times kept across
summer time), and none of the people; all in one transaction."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.utils import timezone

from lifelong.attendance.models import Attendance
from lifelong.audit.models import AuditEvent
from lifelong.catalogue.models import Edition, EditionAudience, Session
from lifelong.certificates.models import Assessment, Certificate
from lifelong.enrolment.models import Application, Question
from lifelong.office.editions import DateShift
from tests.certificates.helpers import BOCHUM_LIKE, attended, participant
from tests.enrolment.helpers import make_open_edition
from tests.factories import berlin, make_audience, make_edition
from tests.office.staff_helpers import organiser_of, outsiders, page
from tests.test_fuzz_forms import page_forms

pytestmark = pytest.mark.django_db


def sign_in_organiser(client, edition):
    user = organiser_of(edition.programme.institution)
    client.force_login(user)
    return user


def duplicate(client, edition, **data):
    return client.post(
        f"/en/staff/editions/{edition.pk}/duplicate/",
        {"label": "2027/28", "shift_amount": 1, "shift_unit": "years", **data},
    )


@pytest.fixture
def edition():
    """Applications January to mid-March 2026; a day just before the clocks go forward
    (28 March, winter time) and one in summer time (20 October), both at 18:00."""
    edition = make_edition(
        label="2026/27",
        applications_open_at=berlin(2026, 1, 5, 9),
        applications_close_at=berlin(2026, 3, 15, 23, 59),
        session_count=0,
        certificate_rule=BOCHUM_LIKE,
    )
    Session.objects.create(
        edition=edition,
        starts_at=berlin(2026, 3, 28, 18),
        ends_at=berlin(2026, 3, 28, 21),
        title_en="Kick-off",
        place="Bochum",
        mandatory=True,
    )
    Session.objects.create(
        edition=edition, starts_at=berlin(2026, 10, 20, 18), ends_at=berlin(2026, 10, 20, 21)
    )
    return edition


def test_it_copies_the_edition_as_a_draft_a_year_later(client, edition):
    organiser = sign_in_organiser(client, edition)
    science = make_audience()
    EditionAudience.objects.create(
        edition=edition,
        audience=science,
        quota=10,
        email_domains="rub.de",
        min_age=18,
        requires_student_confirmation=True,
    )
    Assessment.objects.create(
        edition=edition, kind="project_paper", name_en="Project", credit_points=Decimal("5")
    )
    Question.objects.create(edition=edition, kind="text", label_de="Warum?", label_en="Why?")
    response = duplicate(client, edition)
    copy = Edition.objects.get(label="2027/28")
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/editions/{copy.pk}/edit/"
    assert (copy.programme, copy.status, copy.capacity) == (edition.programme, "draft", 30)
    assert copy.certificate_rule == BOCHUM_LIKE
    assert copy.applications_open_at == berlin(2027, 1, 5, 9)
    assert copy.applications_close_at == berlin(2027, 3, 15, 23, 59)
    link = copy.audience_links.get()
    assert (link.audience, link.quota, link.email_domains, link.min_age) == (
        science,
        10,
        "rub.de",
        18,
    )
    assert link.requires_student_confirmation
    kick_off = copy.sessions.earliest("starts_at")
    assert (kick_off.title_en, kick_off.place, kick_off.mandatory) == ("Kick-off", "Bochum", True)
    work = copy.assessments.get()
    assert (work.kind, work.name_en, work.credit_points) == ("project_paper", "Project", Decimal(5))
    assert copy.questions.get().label_en == "Why?"
    event = AuditEvent.objects.get(action="edition.duplicated")
    assert (event.actor, event.subject_id, event.data["from_edition"]) == (
        organiser,
        copy.pk,
        edition.pk,
    )
    assert edition.sessions.count() == 2  # the original is as it was
    assert Edition.objects.get(pk=edition.pk).status == "published"


def test_it_keeps_the_wall_clock_time_when_summer_time_falls_differently(client, edition):
    sign_in_organiser(client, edition)
    duplicate(client, edition)
    copy = Edition.objects.get(label="2027/28")
    march, october = copy.sessions.order_by("starts_at")
    # 28 March 2026 was winter time (17:00 UTC); on 28 March 2027 the clocks have gone
    # forward (16:00 UTC). 365 × 24 hours later would have been 19:00.
    assert march.starts_at == berlin(2027, 3, 28, 18)
    assert timezone.localtime(march.starts_at).strftime("%H:%M %Z") == "18:00 CEST"
    assert march.starts_at - Session.objects.get(
        edition=edition, title_en="Kick-off"
    ).starts_at == (timedelta(days=365, hours=-1))
    assert (march.ends_at, october.starts_at) == (berlin(2027, 3, 28, 21), berlin(2027, 10, 20, 18))


def test_it_moves_by_weeks_to_keep_the_weekdays(client, edition):
    sign_in_organiser(client, edition)
    duplicate(client, edition, shift_amount=52, shift_unit="weeks")
    copy = Edition.objects.get(label="2027/28")
    days = [timezone.localtime(day.starts_at) for day in copy.sessions.order_by("starts_at")]
    assert [day.date() for day in days] == [date(2027, 3, 27), date(2027, 10, 19)]
    assert {day.strftime("%A %H:%M") for day in days[:1]} == {"Saturday 18:00"}


def test_it_copies_none_of_the_people(client):
    edition = make_open_edition(session_count=2, certificate_rule=BOCHUM_LIKE)
    person = attended(participant(edition, "Ana"), ["present", "present"])
    Certificate.objects.create(
        code="LL-TEST-TEST-TEST",
        edition=edition,
        application=person,
        language="de",
        facts={},
        issued_at=timezone.now(),
    )
    sign_in_organiser(client, edition)
    duplicate(client, edition, label="next")
    copy = Edition.objects.get(label="next")
    assert copy.sessions.count() == 2
    assert not Application.objects.filter(edition=copy).exists()
    assert not Attendance.objects.filter(session__edition=copy).exists()
    assert not Certificate.objects.filter(edition=copy).exists()
    assert Application.objects.filter(edition=edition).count() == 1


def test_it_suggests_the_next_label(client, edition):
    sign_in_organiser(client, edition)
    form = client.get(f"/en/staff/editions/{edition.pk}/edit/").content.decode()
    assert 'name="label" value="2027/28"' in form
    assert 'name="shift_amount" value="1"' in form


def test_it_refuses_a_label_the_programme_has(client, edition):
    sign_in_organiser(client, edition)
    response = duplicate(client, edition, label="2026/27")
    assert response.status_code == 422
    assert "This programme already has an edition called “2026/27”." in page(response)
    assert Edition.objects.count() == 1


def test_it_refuses_to_move_the_dates_by_nothing(client, edition):
    sign_in_organiser(client, edition)
    response = duplicate(client, edition, shift_amount=0)
    assert response.status_code == 422
    assert Edition.objects.count() == 1


def test_it_leaves_nothing_behind_when_the_copy_fails_half_way(client, edition):
    sign_in_organiser(client, edition)
    with (
        mock.patch.object(Question.objects, "bulk_create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        duplicate(client, edition)
    assert Edition.objects.count() == 1
    assert Session.objects.count() == 2
    assert not AuditEvent.objects.exists()


def test_it_hides_the_copy_from_everyone_else(client, edition):
    for person in outsiders(edition.programme.institution):
        client.force_login(person)
        assert client.get(f"/en/staff/editions/{edition.pk}/duplicate/").status_code == 404
        assert duplicate(client, edition).status_code == 404
    assert Edition.objects.count() == 1


def test_it_sends_visitors_to_sign_in(client, edition):
    response = duplicate(client, edition)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("shift", "day", "moved"),
    [
        (DateShift(years=1), date(2028, 2, 29), date(2029, 2, 28)),
        (DateShift(months=1), date(2027, 1, 31), date(2027, 2, 28)),
        (DateShift(months=6), date(2026, 10, 1), date(2027, 4, 1)),
        (DateShift(days=364), date(2026, 3, 10), date(2027, 3, 9)),
        (DateShift(years=1, months=-1), date(2026, 3, 10), date(2027, 2, 10)),
    ],
)
def test_it_moves_dates_by_the_calendar(shift, day, moved):
    assert shift.day(day) == moved


# --- the nights the clocks change ----------------------------------------------------------


def _closing_at_half_past_two(day):
    """An edition whose applications close at 02:30 on `day` (a night without a change of
    the clocks); its days start in November."""
    return make_edition(
        label="2026/27",
        first_session=berlin(2026, 11, 20, 18),
        applications_open_at=berlin(2026, 1, 5, 9),
        applications_close_at=berlin(day.year, day.month, day.day, 2, 30),
    )


def _form_as_shown(client, url):
    """The form of the page as a browser sends it back unchanged."""
    forms = page_forms(client.get(url).content.decode(), url)
    form = next(form for form in forms if any(name == "label" for name, _value in form.fields))
    data: dict[str, list[str]] = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    return form.action, data


def test_it_moves_a_deadline_the_clocks_skip_and_says_so(client):
    # 28 March 2026 is a Saturday; on Sunday 28 March 2027 the clocks go forward at 02:00.
    edition = _closing_at_half_past_two(date(2026, 3, 28))
    sign_in_organiser(client, edition)
    with time_machine.travel(berlin(2026, 2, 1, 12), tick=False):
        response = duplicate(client, edition)
    copy = Edition.objects.get(label="2027/28")
    assert copy.applications_close_at == berlin(2027, 3, 28, 3, 30)
    assert timezone.localtime(copy.applications_close_at).strftime("%H:%M %Z") == "03:30 CEST"
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told == [
        "Copied as a draft: 2027/28. Check its dates, then publish it. The deadline 02:30 "
        "does not exist on 28 March 2027 in German time (the clocks go forward an hour) and "
        "was set to 03:30."
    ]


def test_it_takes_the_earlier_of_a_repeated_deadline_and_the_copy_saves_unchanged(client):
    # 31 October 2026 is a Saturday; on Sunday 31 October 2027 02:30 happens twice.
    edition = _closing_at_half_past_two(date(2026, 10, 31))
    sign_in_organiser(client, edition)
    with time_machine.travel(berlin(2026, 2, 1, 12), tick=False):
        response = duplicate(client, edition)
        copy = Edition.objects.get(label="2027/28")
        told = " ".join(str(message) for message in get_messages(response.wsgi_request))
        assert (
            "The deadline 02:30 happens twice on 31 October 2027 in German time (the clocks go "
            "back an hour): the copy has the earlier, in summer time (CEST). Change it on the "
            "form if you mean the later."
        ) in told
        assert copy.applications_close_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)

        # Its form shows the choice made and saves as it stands, or with other places.
        action, data = _form_as_shown(client, f"/en/staff/editions/{copy.pk}/edit/")
        assert data["applications_close_at_occurrence"] == ["earlier"]
        assert client.post(action, data).status_code == 302
        assert client.post(action, {**data, "capacity": ["25"]}).status_code == 302
    copy.refresh_from_db()
    assert (copy.capacity, copy.applications_close_at) == (
        25,
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    )
