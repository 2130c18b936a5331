"""Erasing a person (Art. 17 GDPR): one transaction releases their places to the waiting
list, deletes their data, pseudonymises the log and purges the tasks that name them; their
certificates stay verifiable unless they withdraw them."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django_tasks_db.models import DBTaskResult

from lifelong.accounts.models import User, UserSession
from lifelong.audit.events import actor_label
from lifelong.audit.models import AuditEvent
from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Application
from lifelong.office.models import DataExport
from lifelong.office.people import PersonError, person_erase
from tests.enrolment.helpers import give_authenticator, make_user
from tests.office import erasure_world
from tests.office.erasure_world import EMAIL, NAME, build, text_hits

pytestmark = pytest.mark.django_db


def test_it_leaves_the_name_only_on_the_certificate_kept():
    world = build()
    victim = User.objects.get(pk=world.victim_id)
    assert ("enrolment_application", "full_name", NAME) in text_hits()

    erased = person_erase(person=victim, actor=victim, withdraw_certificates=False)

    assert (erased.applications, erased.places_released, erased.certificates_kept) == (3, 3, 1)
    assert {(table, column) for table, column, _text in text_hits()} == {
        ("certificates_certificate", "facts")
    }
    certificate = Certificate.objects.get(code=world.certificate_code)
    assert certificate.facts["name"] == NAME and not certificate.is_revoked
    assert certificate.application is None


def test_it_leaves_nothing_when_the_certificates_are_withdrawn_too():
    world = build()
    victim = User.objects.get(pk=world.victim_id)

    person_erase(person=victim, actor=victim, withdraw_certificates=True)

    assert text_hits() == set()
    certificate = Certificate.objects.get(code=world.certificate_code)
    assert certificate.revoked_category == "withdrawn_by_holder"
    assert certificate.facts["name"] == ""
    assert not hasattr(certificate, "document") or certificate.document is None


def test_it_passes_the_places_on_to_the_waiting_list():
    world = build()
    person_erase(
        person=User.objects.get(pk=world.victim_id), actor=None, withdraw_certificates=False
    )
    state = erasure_world.standing(world)
    assert (state["waiting_a"], state["waiting_b"]) == ("offered", "offered")
    assert state["places_a"] == 2


def test_it_pseudonymises_the_log_and_records_the_erasure():
    world = build()
    person_erase(
        person=User.objects.get(pk=world.victim_id), actor=None, withdraw_certificates=False
    )
    moved = AuditEvent.objects.get(action="waitlist.moved")
    pseudonym = f"erased person #{world.victim_id}"
    assert moved.reason == f"{pseudonym} ({pseudonym}) asked by phone; {pseudonym} has priority"
    erased = AuditEvent.objects.get(action="person.erased")
    assert erased.data["applications"] == 3 and erased.subject_id == world.victim_id
    cancelled = AuditEvent.objects.filter(action="application.state", reason_code="person_erased")
    assert cancelled.count() == 3


def test_it_purges_tasks_sessions_and_copies_of_the_data(client):
    world = build()
    victim = User.objects.get(pk=world.victim_id)
    client.force_login(victim)
    application_ids = list(
        Application.objects.filter(applicant=victim).values_list("pk", flat=True)
    )
    assert DataExport.objects.filter(person=victim).exists()
    person_erase(person=victim, actor=None, withdraw_certificates=False)
    for task in DBTaskResult.objects.all():
        arguments = task.args_kwargs["args"]
        assert not (arguments and arguments[0] in application_ids), task.task_path
    assert not DataExport.objects.exists()
    assert not [s for s in UserSession.objects.all() if s.get_decoded().get(SESSION_KEY)]
    assert client.get("/en/my/").status_code == 302  # signed out


def test_staff_are_not_erased():
    organiser = make_user()
    organiser.is_staff = True
    organiser.save()
    with pytest.raises(PersonError):
        person_erase(person=organiser, actor=None, withdraw_certificates=False)
    assert User.objects.filter(pk=organiser.pk).exists()


def test_the_person_erases_themselves_after_typing_their_address(client):
    world = build()
    client.force_login(User.objects.get(pk=world.victim_id))
    page = client.get("/en/my/account/erase/")
    assert page.status_code == 200 and "Also withdraw my certificates" in page.content.decode()
    wrong = client.post("/en/my/account/erase/", {"email": "someone@else.example"})
    assert wrong.status_code == 422
    assert "This is not the address of your account." in wrong.content.decode()
    assert User.objects.filter(pk=world.victim_id).exists()
    done = client.post(
        "/en/my/account/erase/", {"email": EMAIL.upper(), "withdraw_certificates": "on"}
    )
    assert done.status_code == 302 and done["Location"] == "/en/erased/"
    assert not User.objects.filter(pk=world.victim_id).exists()
    assert Certificate.objects.get(code=world.certificate_code).is_revoked
    assert "Your account is erased" in client.get("/en/erased/").content.decode()


def test_a_site_administrator_erases_on_request(client):
    world = build()
    admin = User.objects.create_superuser("admin@site.example", "x")
    give_authenticator(admin)
    client.force_login(admin)
    assert client.get("/de/staff/people/erase/").status_code == 200
    unconfirmed = client.post("/en/staff/people/erase/", {"email": EMAIL})
    assert unconfirmed.status_code == 422
    nobody = client.post("/en/staff/people/erase/", {"email": "no@one.example", "confirm": "on"})
    assert "Nobody has an account with this address." in nobody.content.decode()
    done = client.post("/en/staff/people/erase/", {"email": EMAIL, "confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.filter(pk=world.victim_id).exists()
    event = AuditEvent.objects.get(action="person.erased")
    assert event.actor == admin and event.data["by_administrator"] is True


def test_nobody_else_reaches_the_administrators_page(client):
    client.force_login(make_user())
    assert client.get("/en/staff/people/erase/").status_code == 404
    assert client.post("/en/staff/people/erase/", {"email": "x@y.z"}).status_code == 404


def test_what_the_person_did_stays_theirs_under_the_pseudonym():
    world = build()
    victim = User.objects.get(pk=world.victim_id)
    own = AuditEvent.objects.filter(actor=victim).count()
    assert own > 0  # Vera applied, and cancelled one application herself

    person_erase(person=victim, actor=None, withdraw_certificates=False)

    mine = AuditEvent.objects.filter(actor_pseudonym=f"erased person #{world.victim_id}")
    assert mine.count() == own
    assert all(actor_label(event) == f"erased person #{world.victim_id}" for event in mine)


def test_a_name_inside_other_words_of_other_entries_is_left_alone():
    world = build()
    bystander = AuditEvent.objects.filter(action="waitlist.moved").get()
    AuditEvent.objects.create(
        subject_type=bystander.subject_type,
        subject_id=bystander.subject_id,
        action=bystander.action,
        at=bystander.at,
        reason=f"{NAME} forwarded the Victimovas' fleet plan",
    )

    person_erase(
        person=User.objects.get(pk=world.victim_id), actor=None, withdraw_certificates=False
    )

    other = AuditEvent.objects.get(reason__endswith="fleet plan")
    assert other.reason == f"erased person #{world.victim_id} forwarded the Victimovas' fleet plan"


def test_the_admins_own_log_keeps_no_name_of_the_person():
    world = build()
    victim = User.objects.get(pk=world.victim_id)
    application = Application.objects.filter(applicant=victim).first()
    assert application is not None
    LogEntry.objects.log_actions(
        user_id=make_user().pk, queryset=[application], action_flag=CHANGE, change_message="x"
    )
    assert NAME in LogEntry.objects.get().object_repr

    person_erase(person=victim, actor=None, withdraw_certificates=False)

    assert {(table, column) for table, column, _text in text_hits()} == {
        ("certificates_certificate", "facts")
    }
    assert LogEntry.objects.get().object_repr == f"erased person #{world.victim_id}"


def test_erasing_someone_already_erased_says_so():
    world = build()
    victim = User.objects.get(pk=world.victim_id)
    person_erase(person=victim, actor=None, withdraw_certificates=False)

    with pytest.raises(PersonError) as refused:
        person_erase(person=victim, actor=None, withdraw_certificates=False)

    assert refused.value.code == "already_erased"
