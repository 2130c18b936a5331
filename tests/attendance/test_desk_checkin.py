"""The check-in desk: one tap by name, a scanned or typed pass code, undo; harmless to repeat."""

import pytest

from lifelong.attendance.models import Attendance
from lifelong.attendance.services import session_close
from lifelong.audit.models import AuditEvent
from lifelong.enrolment.services import application_cancel, checkin_pass_replace
from tests.attendance.helpers import make_day, make_helper, make_participant, valid_pass

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def day():
    return make_day()


@pytest.fixture
def helper(day, client):
    user = make_helper(day.edition)
    client.force_login(user)
    return user


def mark(client, day, application, action: str, **extra):
    return client.post(f"/en/staff/sessions/{day.pk}/desk/{application.pk}/{action}/", **extra)


def scan(client, day, code: str, **extra):
    return client.post(f"/en/staff/sessions/{day.pk}/desk/pass/", {"code": code}, **extra)


def test_it_lists_the_participants_by_name_with_their_state(client, day, helper):
    make_participant(day, "Zoë Łukasiewicz-Öztürk")
    make_participant(day, "Ada Lovelace")
    page = client.get(f"/en/staff/sessions/{day.pk}/desk/").content.decode()
    assert page.index("Ada Lovelace") < page.index("Zoë Łukasiewicz-Öztürk")
    assert "0</strong> of 2 checked in" in page


def test_it_finds_people_by_name_without_accents(client, day, helper):
    make_participant(day, "Zoë Łukasiewicz-Öztürk")
    make_participant(day, "Ada Lovelace")
    page = client.get(f"/en/staff/sessions/{day.pk}/desk/", {"q": "ozturk"}).content.decode()
    assert "Łukasiewicz" in page and "Ada Lovelace" not in page


def test_it_marks_present_in_one_tap_and_answers_the_script_in_json(client, day, helper):
    person = make_participant(day, "Ada Lovelace")
    response = mark(client, day, person, "present", **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "Checked in: Ada Lovelace (Present)",
        "application": person.pk,
        "status": "present",
        "status_label": "Present",
    }
    record = Attendance.objects.get()
    assert (record.status, record.method, record.recorded_by) == ("present", "desk", helper)


def test_it_works_without_javascript(client, day, helper):
    person = make_participant(day, "Ada Lovelace")
    response = mark(client, day, person, "late", follow=True)
    assert "Checked in: Ada Lovelace (Late)" in response.content.decode()
    assert Attendance.objects.get().status == "late"


def test_a_repeated_check_in_changes_nothing(client, day, helper):
    person = make_participant(day, "Ada Lovelace")
    mark(client, day, person, "present", **JSON)
    first = Attendance.objects.get()
    again = mark(client, day, person, "present", **JSON).json()
    assert again["message"] == "Ada Lovelace was already checked in (Present)."
    assert list(Attendance.objects.all()) == [first]
    assert Attendance.objects.get().recorded_at == first.recorded_at


def test_it_changes_present_to_late_and_logs_the_change(client, day, helper):
    person = make_participant(day, "Ada Lovelace")
    mark(client, day, person, "present")
    mark(client, day, person, "late")
    assert Attendance.objects.get().status == "late"
    event = AuditEvent.objects.get(action="attendance.desk")
    assert (event.from_state, event.to_state, event.actor) == ("present", "late", helper)


def test_it_takes_a_check_in_back(client, day, helper):
    person = make_participant(day, "Ada Lovelace")
    mark(client, day, person, "present")
    answer = mark(client, day, person, "undo", **JSON).json()
    assert answer["ok"] and answer["status"] == "" and answer["application"] == person.pk
    assert not Attendance.objects.exists()
    event = AuditEvent.objects.get(action="attendance.desk")
    assert (event.from_state, event.to_state) == ("present", "")
    assert mark(client, day, person, "undo", **JSON).status_code == 400


def test_it_checks_in_by_pass_code_however_it_is_typed(client, day, helper):
    person = make_participant(day, "Ada Lovelace")
    code = valid_pass(person).code
    answer = scan(client, day, f" {code.replace('-', '').lower()} ", **JSON).json()
    assert answer["ok"] and answer["application"] == person.pk
    assert (
        scan(client, day, code, **JSON).json()["message"].endswith("already checked in (Present).")
    )
    assert Attendance.objects.get().method == "desk"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown", "No pass has this code."),
        ("revoked", "This pass has been replaced by a newer one."),
        ("other edition", "This pass is for another programme or edition."),
        ("cancelled", "Ada Lovelace does not hold a confirmed place in this edition."),
    ],
)
def test_it_explains_a_pass_it_cannot_take(client, day, helper, case, message):
    person = make_participant(day, "Ada Lovelace")
    code = valid_pass(person).code
    if case == "unknown":
        code = "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    elif case == "revoked":
        checkin_pass_replace(application=person, actor=helper)
    elif case == "other edition":
        code = valid_pass(make_participant(make_day(), "Someone Else")).code
    elif case == "cancelled":
        application_cancel(application_id=person.pk, applicant=person.applicant)
    response = scan(client, day, code, **JSON)
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)
    assert not Attendance.objects.filter(session=day).exists()


def test_it_refuses_check_ins_once_the_day_is_closed(client, day, helper):
    person = make_participant(day, "Ada Lovelace")
    session_close(session=day, actor=helper)
    response = mark(client, day, person, "present", **JSON)
    assert response.status_code == 400
    assert Attendance.objects.get().status == "absent"


def test_it_turns_away_a_person_of_another_edition(client, day, helper):
    stranger = make_participant(make_day(), "Someone Else")
    assert mark(client, day, stranger, "present").status_code == 404
    assert not Attendance.objects.exists()
