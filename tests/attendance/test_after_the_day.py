"""After the day: entering the signed paper sheet, closing the day, corrections with a
reason, every change in the log; participants see their own attendance."""

import pytest

from lifelong.attendance.models import Attendance
from lifelong.attendance.services import session_close
from lifelong.audit.models import AuditEvent
from tests.attendance.helpers import make_day, make_helper, make_participant
from tests.enrolment.helpers import make_organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return make_day()


@pytest.fixture
def people(day):
    return [make_participant(day, name) for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing")]


def statuses(day) -> dict[str, str]:
    return {
        record.application.full_name: record.status
        for record in Attendance.objects.filter(session=day).select_related("application")
    }


def test_it_enters_a_signed_sheet_in_one_go(client, day, people):
    helper = make_helper(day.edition)
    client.force_login(helper)
    ada, grace, alan = people
    response = client.post(
        f"/en/staff/sessions/{day.pk}/paper/",
        {f"a{ada.pk}": "present", f"a{grace.pk}": "excused", f"a{alan.pk}": ""},
        follow=True,
    )
    assert "Records changed: 2" in response.content.decode()
    assert statuses(day) == {"Ada Lovelace": "present", "Grace Hopper": "excused"}
    assert set(Attendance.objects.values_list("method", flat=True)) == {"paper"}
    assert AuditEvent.objects.filter(action="attendance.paper", actor=helper).count() == 2


def test_a_sheet_entered_late_does_not_wipe_out_a_desk_check_in(client, day, people):
    """The paper page was opened before Ada was checked in at the desk; its blank for her
    leaves her record alone."""
    client.force_login(make_organiser(day.edition))
    ada, grace, _alan = people
    client.post(f"/en/staff/sessions/{day.pk}/desk/{ada.pk}/late/")
    client.post(
        f"/en/staff/sessions/{day.pk}/paper/", {f"a{ada.pk}": "", f"a{grace.pk}": "present"}
    )
    assert statuses(day) == {"Ada Lovelace": "late", "Grace Hopper": "present"}


def test_the_paper_page_starts_from_what_is_recorded(client, day, people):
    client.force_login(make_organiser(day.edition))
    ada = people[0]
    client.post(f"/en/staff/sessions/{day.pk}/desk/{ada.pk}/late/")
    page = client.get(f"/en/staff/sessions/{day.pk}/paper/").content.decode()
    assert (
        f'name="a{ada.pk}" value="late" ' in page
        and "checked" in page.split(f'name="a{ada.pk}" value="late"')[1][:40]
    )


def test_it_refuses_a_status_that_does_not_exist_and_changes_nothing(client, day, people):
    client.force_login(make_organiser(day.edition))
    response = client.post(f"/en/staff/sessions/{day.pk}/paper/", {f"a{people[0].pk}": "asleep"})
    assert response.status_code == 422
    assert not Attendance.objects.exists()


def test_closing_the_day_marks_the_unmarked_absent_once(client, day, people):
    organiser = make_organiser(day.edition)
    client.force_login(organiser)
    client.post(f"/en/staff/sessions/{day.pk}/desk/{people[0].pk}/present/")
    response = client.post(f"/en/staff/sessions/{day.pk}/close/", follow=True)
    assert "Marked absent: 2" in response.content.decode()
    assert statuses(day) == {
        "Ada Lovelace": "present",
        "Grace Hopper": "absent",
        "Alan Turing": "absent",
    }
    assert session_close(session=day, actor=organiser) == 0
    assert Attendance.objects.filter(session=day).count() == 3
    event = AuditEvent.objects.get(action="session.closed")
    assert event.data["absent"] == 2


def test_unmarked_is_not_absent_before_the_day_is_closed(day, people):
    assert not Attendance.objects.exists()


def test_an_organiser_corrects_a_record_with_a_reason(client, day, people):
    organiser = make_organiser(day.edition)
    client.force_login(organiser)
    ada = people[0]
    session_close(session=day, actor=organiser)
    url = f"/en/staff/sessions/{day.pk}/correct/{ada.pk}/"
    refused = client.post(url, {"status": "excused", "reason": ""}, follow=True)
    assert "give a reason" in refused.content.decode()
    assert statuses(day)["Ada Lovelace"] == "absent"
    client.post(url, {"status": "excused", "reason": "Doctor's note handed in"})
    record = Attendance.objects.get(application=ada)
    assert (record.status, record.method, record.recorded_by) == (
        "excused",
        "correction",
        organiser,
    )
    event = AuditEvent.objects.get(action="attendance.correction")
    assert (event.from_state, event.to_state, event.reason) == (
        "absent",
        "excused",
        "Doctor's note handed in",
    )
    # The edition's log shows it.
    log = client.get(f"/en/staff/editions/{day.edition.pk}/").content.decode()
    assert "Doctor&#x27;s note handed in" in log


def test_a_correction_can_remove_a_record(client, day, people):
    client.force_login(make_organiser(day.edition))
    ada = people[0]
    client.post(f"/en/staff/sessions/{day.pk}/desk/{ada.pk}/present/")
    client.post(
        f"/en/staff/sessions/{day.pk}/correct/{ada.pk}/", {"status": "", "reason": "Wrong person"}
    )
    assert not Attendance.objects.exists()


def test_participants_see_their_own_attendance(client, day, people):
    organiser = make_organiser(day.edition)
    client.force_login(organiser)
    ada, grace, _alan = people
    client.post(f"/en/staff/sessions/{day.pk}/desk/{ada.pk}/late/")
    client.post(f"/en/staff/sessions/{day.pk}/desk/{grace.pk}/present/")
    client.force_login(ada.applicant)
    page = client.get("/en/my/").content.decode()
    assert "My attendance" in page
    assert "<strong>Late</strong>" in page
    assert "Present" not in page.split("My attendance")[1].split("</ul>")[0]
    assert "to come" in page  # the edition's later days
