"""A programme day that has not come: nobody can have been present or late on it yet. The
paper page, corrections and the desk refuse those statuses before the day (in Europe/Berlin)
and say which day; "excused" may be entered in advance. Present recorded on a day ahead
before this rule (old data) counts for nothing: not in the matrix, not for the
certificate."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from lifelong.attendance.errors import AttendanceError
from lifelong.attendance.models import Attendance
from lifelong.attendance.selectors import roster_counts, session_roster
from lifelong.attendance.services import attendance_correct, attendance_paper_enter
from lifelong.certificates.selectors import edition_standings
from tests.attendance.helpers import make_day, make_helper, make_participant
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser
from tests.factories import berlin

pytestmark = pytest.mark.django_db

IN_A_MONTH = -60 * 24 * 30  # minutes "ago" of a day that starts in 30 days


@pytest.fixture
def day_ahead():
    return make_day(started_minutes_ago=IN_A_MONTH)


@pytest.fixture
def ada(day_ahead):
    return make_participant(day_ahead, "Ada Lovelace")


def test_it_refuses_present_on_paper_for_a_day_ahead_and_names_the_day(day_ahead, ada):
    organiser = make_organiser(day_ahead.edition)
    for status in ("present", "late"):
        with pytest.raises(AttendanceError) as refused:
            attendance_paper_enter(session=day_ahead, statuses={ada.pk: status}, actor=organiser)
        assert refused.value.code == "day_ahead"
    assert not Attendance.objects.exists()


def test_it_saves_nothing_of_a_sheet_with_one_present_on_a_day_ahead(day_ahead, ada):
    grace = make_participant(day_ahead, "Grace Hopper")
    organiser = make_organiser(day_ahead.edition)
    with pytest.raises(AttendanceError):
        attendance_paper_enter(
            session=day_ahead, statuses={grace.pk: "excused", ada.pk: "present"}, actor=organiser
        )
    assert not Attendance.objects.exists()


def test_it_takes_excused_in_advance(day_ahead, ada):
    organiser = make_organiser(day_ahead.edition)
    changed = attendance_paper_enter(
        session=day_ahead, statuses={ada.pk: "excused"}, actor=organiser
    )
    assert changed == 1
    assert Attendance.objects.get().status == "excused"


def test_it_refuses_a_correction_to_present_before_the_day(day_ahead, ada):
    with pytest.raises(AttendanceError) as refused:
        attendance_correct(
            session=day_ahead,
            application=ada,
            status="present",
            actor=make_organiser(day_ahead.edition),
            reason="She said she would come",
        )
    assert refused.value.code == "day_ahead"
    assert not Attendance.objects.exists()


def test_the_desk_refuses_to_check_in_before_the_day(client, day_ahead, ada):
    client.force_login(make_helper(day_ahead.edition))
    page = client.post(
        f"/en/staff/sessions/{day_ahead.pk}/desk/{ada.pk}/present/", follow=True
    ).content.decode()
    assert "has not come yet: nobody can have been present or late on it" in page
    assert not Attendance.objects.exists()


def test_it_takes_present_on_the_day_itself_in_berlin_before_it_starts():
    """23:30 in UTC on 1 March is 00:30 on 2 March in Berlin: the day of a session at 09:00
    on 2 March has come, though it has not started."""
    with time_machine.travel(berlin(2030, 3, 2, 0, 30), tick=False):
        day = make_day(started_minutes_ago=-(8 * 60 + 30))
        ada = make_participant(day, "Ada Lovelace")
        assert timezone.now().date().isoformat() == "2030-03-01"
        changed = attendance_paper_enter(
            session=day, statuses={ada.pk: "present"}, actor=make_organiser(day.edition)
        )
    assert changed == 1


def test_the_paper_page_offers_no_present_or_late_before_the_day(client, day_ahead, ada):
    client.force_login(make_organiser(day_ahead.edition))
    page = client.get(f"/en/staff/sessions/{day_ahead.pk}/paper/").content.decode()
    assert "This day has not come yet" in page
    assert f'name="a{ada.pk}" value="excused"' in page
    assert f'name="a{ada.pk}" value="present"' not in page
    assert f'name="a{ada.pk}" value="late"' not in page


def test_the_paper_page_says_why_in_german(client, day_ahead, ada):
    client.force_login(make_organiser(day_ahead.edition))
    response = client.post(
        f"/de/staff/sessions/{day_ahead.pk}/paper/", {f"a{ada.pk}": "present"}, follow=True
    )
    assert "hat noch nicht stattgefunden: Niemand kann dort schon anwesend" in (
        response.content.decode()
    )
    assert not Attendance.objects.exists()


def test_present_recorded_on_days_ahead_does_not_count_toward_the_certificate():
    """Old records from before the rule: four of five days "present" ahead of time."""
    edition = make_certificate_edition(first_session=timezone.now() + timedelta(days=7))
    ada = attended(participant(edition, "Ada Lovelace"), ["present"] * 4 + [None])
    (standing,) = edition_standings(edition=edition)
    assert standing.application == ada
    assert standing.evaluation.attended == 0
    assert standing.evaluation.standing == "pending"
    last_day = edition.sessions.order_by("starts_at").last()
    assert last_day is not None
    with time_machine.travel(last_day.starts_at + timedelta(days=1)):
        (standing,) = edition_standings(edition=edition)
    assert standing.evaluation.attended == 4
    assert standing.evaluation.standing == "met"


def test_the_desk_of_a_day_ahead_lists_everyone_and_offers_no_check_in(client, day_ahead, ada):
    client.force_login(make_helper(day_ahead.edition))
    page = client.get(f"/en/staff/sessions/{day_ahead.pk}/desk/").content.decode()
    assert "Ada Lovelace" in page
    assert "This day has not come yet" in page
    assert f"/desk/{ada.pk}/present/" not in page
    assert 'id="pass-code"' not in page


def test_the_desk_and_the_records_of_a_day_ahead_read_old_present_as_not_recorded(
    client, day_ahead, ada
):
    """An old "present" for a day months ahead (recorded before the rule) is not shown as a
    check-in at the desk, nor counted, nor listed on the day's records."""
    Attendance.objects.create(
        session=day_ahead,
        application=ada,
        status="present",
        method="desk",
        recorded_at=timezone.now(),
    )
    client.force_login(make_organiser(day_ahead.edition))
    desk = client.get(f"/en/staff/sessions/{day_ahead.pk}/desk/")
    assert desk.context["counts"]["checked_in"] == 0
    assert desk.context["counts"][""] == 1
    assert 'data-status="present"' not in desk.content.decode()
    records = client.get(f"/en/staff/sessions/{day_ahead.pk}/").content.decode()
    assert "not recorded" in records
    with time_machine.travel(day_ahead.starts_at + timedelta(hours=1)):
        on_the_day = roster_counts(session_roster(session=day_ahead))
    assert on_the_day["checked_in"] == 1
